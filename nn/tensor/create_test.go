package tensor

import (
	"math"
	"strings"
	"testing"
)

func TestArray(t *testing.T) {
	for _, c := range []struct {
		name  string
		in    any
		dtype DType
		shape Shape
		want  []float64
	}{
		// np.array(12): rank 0, int64.
		{"int scalar", 12, Int64, Shape{}, []float64{12}},
		{"float scalar", 12.5, Float64, Shape{}, []float64{12.5}},
		{"uint8 scalar", uint8(3), Uint8, Shape{}, []float64{3}},
		{"float32 scalar", float32(0.5), Float32, Shape{}, []float64{0.5}},
		{"int vector", []int{12, 3, 6, 14, 7}, Int64, Shape{5}, []float64{12, 3, 6, 14, 7}},
		{"int8 vector", []int8{-1, 2}, Int64, Shape{2}, []float64{-1, 2}},
		{"uint16 vector", []uint16{65535}, Int64, Shape{1}, []float64{65535}},
		{"int64 vector", []int64{-3}, Int64, Shape{1}, []float64{-3}},
		{"uint8 vector", []uint8{0, 255}, Uint8, Shape{2}, []float64{0, 255}},
		{"float32 matrix", [][]float32{{0, 1}, {2, 3}, {4, 5}}, Float32, Shape{3, 2}, []float64{0, 1, 2, 3, 4, 5}},
		{"uint8 rank 3", [][][]uint8{{{1}, {2}}, {{3}, {4}}}, Uint8, Shape{2, 2, 1}, []float64{1, 2, 3, 4}},
		{"go array", [2][3]int{{1, 2, 3}, {4, 5, 6}}, Int64, Shape{2, 3}, []float64{1, 2, 3, 4, 5, 6}},
		{"slice of arrays", [][2]float64{{1, 2}}, Float64, Shape{1, 2}, []float64{1, 2}},
		// np.array([]) has shape (0,); a typed [][]int{} has a second axis of size 0.
		{"empty", []float64{}, Float64, Shape{0}, nil},
		{"empty matrix", [][]int{}, Int64, Shape{0, 0}, nil},
		{"empty rows", [][]int{{}, {}}, Int64, Shape{2, 0}, nil},
		{"nil slice", []float32(nil), Float32, Shape{0}, nil},
	} {
		got, err := Array(c.in)
		if err != nil {
			t.Errorf("%s: got error %v", c.name, err)
			continue
		}
		checkTensor(t, c.name, got, c.dtype, c.shape, c.want)
	}
}

func TestArrayErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		in   any
		want string
	}{
		{"ragged rows", [][]int{{1, 2, 3}, {4, 5}}, "tensor.Array: ragged nested slice: row 1 has 2 elements, row 0 has 3"},
		{"ragged deep", [][][]int{{{1, 2}, {3}}}, "row [0][1] has 1 elements, row [0][0] has 2"},
		{"ragged deep second block", [][][]int{{{1, 2}}, {{3, 4}, {5, 6}}}, "row 1 has 2 elements, row 0 has 1"},
		{"empty uneven", [][]int{{}, {1}}, "row 1 has 1 elements, row 0 has 0"},
		{"string", []string{"a"}, "unsupported element type string"},
		{"bool", true, "unsupported element type bool"},
		{"interface", []any{1, 2}, "unsupported element type interface {}"},
		{"nil", nil, "nil"},
		{"uint64 overflow", []uint64{math.MaxUint64}, "overflows int64"},
	} {
		_, err := Array(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want one containing %q", c.name, err, c.want)
		}
	}
	checkPanics(t, "MustArray", func() { MustArray([][]int{{1}, {}}) }, "ragged")
}

// TestArrayCopies checks that Array copies (as np.array) and FromSlice shares (as np.asarray).
func TestArrayCopies(t *testing.T) {
	src := []float64{1, 2, 3}
	a, s := MustArray(src), FromSlice(src)
	src[0] = 100
	if got := a.At(0); got != 1 {
		t.Errorf("Array: got %v after changing the source, want 1", got)
	}
	if got := s.At(0); got != 100 {
		t.Errorf("FromSlice: got %v after changing the source, want 100", got)
	}
	checkPanics(t, "FromSlice", func() { FromSlice(src, 2, 2) }, "shape (2, 2) needs 4 elements, got 3")
}

func TestConstructors(t *testing.T) {
	checkTensor(t, "Zeros", Zeros(Float32, 2, 1), Float32, Shape{2, 1}, []float64{0, 0})
	checkTensor(t, "Ones", Ones(Uint8, 3), Uint8, Shape{3}, []float64{1, 1, 1})
	checkTensor(t, "Full", Full(Int64, -2.7, 2), Int64, Shape{2}, []float64{-2, -2}) // np.full(2, -2.7).astype(int)
	checkTensor(t, "Full uint8 wraps", Full(Uint8, -1, 1), Uint8, Shape{1}, []float64{255})
	checkTensor(t, "Arange", Arange(Float32, 4), Float32, Shape{4}, []float64{0, 1, 2, 3})
	checkTensor(t, "Arange empty", Arange(Int64, 0), Int64, Shape{0}, nil)
	checkTensor(t, "Scalar", Scalar(Float64, 2.5), Float64, Shape{}, []float64{2.5})
	checkTensor(t, "New rank 0", New(Int64), Int64, Shape{}, []float64{0})
}

func TestRandom(t *testing.T) {
	a := RandomUniform(NewRand(5), Float64, -2, 3, 1000)
	b := RandomUniform(NewRand(5), Float64, -2, 3, 1000)
	c := RandomUniform(NewRand(6), Float64, -2, 3, 1000)
	if !AllClose(a, b, 0, 0) {
		t.Errorf("RandomUniform: the same seed gave different draws")
	}
	if AllClose(a, c, 0, 0) {
		t.Errorf("RandomUniform: seeds 5 and 6 gave the same draws")
	}
	if lo, hi := a.Min().Item(), a.Max().Item(); lo < -2 || hi >= 3 {
		t.Errorf("RandomUniform(-2, 3): got range [%v, %v], want within [-2, 3)", lo, hi)
	}
	// The mean of 1000 uniform draws on [-2, 3) is 0.5 ± 3 standard errors (1.44/sqrt(1000)).
	if m := a.Mean().Item(); math.Abs(m-0.5) > 3*1.44/math.Sqrt(1000) {
		t.Errorf("RandomUniform(-2, 3): mean %v, want 0.5 ± 0.14", m)
	}
	ints := RandomUniform(NewRand(1), Int64, 0, 10, 1000)
	if lo, hi := ints.Min().Item(), ints.Max().Item(); lo != 0 || hi != 9 {
		t.Errorf("RandomUniform int64 [0, 10): got range [%v, %v], want [0, 9]", lo, hi)
	}
	f32 := RandomUniform(NewRand(1), Float32, 0, 1, 10000)
	if f32.DType() != Float32 || f32.Max().Item() >= 1 {
		t.Errorf("RandomUniform float32: got %v with max %v, want float32 below 1", f32.DType(), f32.Max().Item())
	}
	n := RandomNormal(NewRand(2), Float64, 3, 2, 10000)
	// Mean 3 ± 3·2/sqrt(10000); standard deviation 2 ± 0.1 (about 7 standard errors).
	m := n.Mean().Item()
	sd := math.Sqrt(n.SubScalar(m).Square().Mean().Item())
	if math.Abs(m-3) > 0.06 || math.Abs(sd-2) > 0.1 {
		t.Errorf("RandomNormal(3, 2): got mean %v, std %v", m, sd)
	}
	checkPanics(t, "RandomNormal int", func() { RandomNormal(NewRand(1), Int64, 0, 1, 2) }, "dtype int64 is not a float dtype")
}

// TestSetAt checks element access and Set's conversions, which follow astype: truncation towards
// zero, and uint8 wrap-around (np.array([-1, 256, 3.9]).astype(np.uint8) is [255, 0, 3]).
func TestSetAt(t *testing.T) {
	u := New(Uint8, 3)
	for i, v := range []float64{-1, 256, 3.9} {
		u.Set(v, i)
	}
	checkTensor(t, "uint8 Set", u, Uint8, Shape{3}, []float64{255, 0, 3})
	x := New(Int64, 2, 2)
	x.Set(-2.5, 1, -1)
	x.Set(7, -2, 0)
	checkTensor(t, "int64 Set", x, Int64, Shape{2, 2}, []float64{7, 0, 0, -2})
	if got := x.At(-1, 1); got != -2 {
		t.Errorf("At(-1, 1): got %v, want -2", got)
	}
	f := New(Float32, 1)
	f.Set(0.1, 0)
	if got, want := f.At(0), float64(float32(0.1)); got != want {
		t.Errorf("float32 Set(0.1): got %v, want %v", got, want)
	}
	if got := MustArray(4.5).Item(); got != 4.5 {
		t.Errorf("Item: got %v, want 4.5", got)
	}
	y := seq(2, 3)
	y.Slice(All(), From(1)).Fill(-1)
	checkTensor(t, "Fill view", y, Float64, Shape{2, 3}, []float64{0, -1, -1, 3, -1, -1})
}
