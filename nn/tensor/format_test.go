package tensor

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// goldenCase is one array of testdata/format.golden with NumPy's str and repr of it.
type goldenCase struct {
	name      string
	t         *Tensor
	str, repr string
}

// readGolden parses testdata/format.golden, written by testdata/gen_format.py with NumPy.
func readGolden(t *testing.T) []goldenCase {
	t.Helper()
	f, err := os.Open("testdata/format.golden")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	next := func() string {
		if !sc.Scan() {
			t.Fatalf("format.golden: unexpected end: %v", sc.Err())
		}
		return sc.Text()
	}
	field := func(key string) string {
		line := next()
		v, ok := strings.CutPrefix(line, key)
		if !ok {
			t.Fatalf("format.golden: want %q, got %q", key, line)
		}
		return strings.TrimPrefix(v, " ")
	}
	text := func(key string) string {
		n, err := strconv.Atoi(field(key))
		if err != nil {
			t.Fatal(err)
		}
		lines := make([]string, n)
		for i := range lines {
			lines[i] = next()
		}
		return strings.Join(lines, "\n")
	}
	var cases []goldenCase
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		name, ok := strings.CutPrefix(line, "case ")
		if !ok {
			t.Fatalf("format.golden: want case, got %q", line)
		}
		dtype := map[string]DType{"uint8": Uint8, "int64": Int64, "float32": Float32, "float64": Float64}[field("dtype")]
		var shape []int
		for _, s := range strings.Fields(field("shape")) {
			d, _ := strconv.Atoi(s)
			shape = append(shape, d)
		}
		var vals []float64
		var ints []int64
		for _, s := range strings.Fields(field("data")) {
			v, n := s, 1
			if i := strings.IndexByte(s, '*'); i >= 0 {
				v = s[:i]
				n, _ = strconv.Atoi(s[i+1:])
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("format.golden case %s: %v", name, err)
			}
			i, _ := strconv.ParseInt(v, 10, 64)
			for range n {
				vals = append(vals, x)
				ints = append(ints, i)
			}
		}
		tt := New(dtype, shape...)
		switch d := tt.data.(type) {
		case []int64:
			copy(d, ints)
		default:
			for i, x := range vals {
				tt.setFlat(i, x)
			}
		}
		c := goldenCase{name: name, t: tt}
		c.str, c.repr = text("str"), text("repr")
		if l := next(); l != "end" {
			t.Fatalf("format.golden case %s: want end, got %q", name, l)
		}
		cases = append(cases, c)
	}
	return cases
}

// setFlat sets the i-th storage element of the contiguous t (test helper).
func (t *Tensor) setFlat(i int, v float64) {
	switch d := t.data.(type) {
	case []uint8:
		d[i] = uint8(v)
	case []int64:
		d[i] = int64(v)
	case []float32:
		d[i] = float32(v)
	case []float64:
		d[i] = v
	}
}

// TestFormatNumPy compares String and Repr with NumPy's str and repr of the same arrays
// (testdata/format.golden, written by testdata/gen_format.py).
func TestFormatNumPy(t *testing.T) {
	cases := readGolden(t)
	if len(cases) < 50 {
		t.Fatalf("format.golden holds %d cases, want at least 50", len(cases))
	}
	for _, c := range cases {
		if got := c.t.String(); got != c.str {
			t.Errorf("%s: String()\ngot:\n%s\nwant (NumPy str):\n%s", c.name, got, c.str)
		}
		if got := c.t.Repr(); got != c.repr {
			t.Errorf("%s: Repr()\ngot:\n%s\nwant (NumPy repr):\n%s", c.name, got, c.repr)
		}
	}
}

// TestFormatViews checks that views print their own elements: the NumPy strings of x[1:],
// x.T and x[:, 1] for x = np.array([[0., 1.], [2., 3.], [4., 5.]]), by hand from NumPy's rules.
func TestFormatViews(t *testing.T) {
	x := MustArray([][]float64{{0, 1}, {2, 3}, {4, 5}})
	for _, c := range []struct {
		name string
		got  *Tensor
		want string
	}{
		{"x[1:]", x.Slice(From(1)), "[[2. 3.]\n [4. 5.]]"},
		{"x.T", x.T(), "[[0. 2. 4.]\n [1. 3. 5.]]"},
		{"x[:, 1]", x.Transpose().Index(1), "[1. 3. 5.]"},
		{"x[2, 1]", x.Index(2).Index(1), "5.0"},
		{"x broadcast", x.Index(0).BroadcastTo(2, 2), "[[0. 1.]\n [0. 1.]]"},
	} {
		if s := c.got.String(); s != c.want {
			t.Errorf("%s: got %q, want %q", c.name, s, c.want)
		}
	}
}

// TestFormatPrintln checks that fmt prints a tensor and a shape with String.
func TestFormatPrintln(t *testing.T) {
	x := MustArray([]int{12, 3, 6, 14, 7})
	if got, want := fmt.Sprint(x), "[12  3  6 14  7]"; got != want {
		t.Errorf("fmt.Sprint(x): got %q, want %q", got, want)
	}
	if got, want := fmt.Sprintf("%v", x.Shape()), "(5,)"; got != want {
		t.Errorf("fmt.Sprintf(%%v, shape): got %q, want %q", got, want)
	}
	if got, want := x.Info(), "Tensor(shape=(5,), dtype=int64)"; got != want {
		t.Errorf("Info: got %q, want %q", got, want)
	}
}
