package idx

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// arrays has one Array of every type, with the extreme values each type can hold.
var arrays = []*Array{
	{Shape: []int{2, 3}, Data: []uint8{0, 1, 127, 128, 254, 255}},
	{Shape: []int{4}, Data: []int8{math.MinInt8, -1, 0, math.MaxInt8}},
	{Shape: []int{1, 2, 2}, Data: []int16{math.MinInt16, -1, 1, math.MaxInt16}},
	{Shape: []int{3, 1}, Data: []int32{math.MinInt32, 0, math.MaxInt32}},
	{Shape: []int{6}, Data: []float32{float32(math.Inf(-1)), float32(math.Copysign(0, -1)), 1.5, math.MaxFloat32,
		math.SmallestNonzeroFloat32, math.Float32frombits(0x7fc00001)}}, // a NaN with a payload
	{Shape: []int{5}, Data: []float64{math.Inf(1), math.Copysign(0, -1), -2.25, math.SmallestNonzeroFloat64,
		math.Float64frombits(0x7ff8000000000123)}},
	{Shape: []int{2, 0, 3}, Data: []float64{}},
	{Shape: []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, Data: []uint8{7}},
}

// sameBits reports whether a and b have equal shapes and bit-identical elements (NaNs included).
func sameBits(t *testing.T, a, b *Array) bool {
	t.Helper()
	var wa, wb bytes.Buffer
	if err := Write(&wa, a); err != nil {
		t.Fatal(err)
	}
	if err := Write(&wb, b); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(a.Shape, b.Shape) && a.Type() == b.Type() && bytes.Equal(wa.Bytes(), wb.Bytes())
}

func TestRoundTrip(t *testing.T) {
	for _, a := range arrays {
		var buf bytes.Buffer
		if err := Write(&buf, a); err != nil {
			t.Fatalf("Write(%v): %v", a, err)
		}
		enc := buf.Bytes()
		for _, in := range [][]byte{enc, gz(enc)} {
			for _, r := range readers {
				got, err := r.read(t, Decoder{}, in)
				if err != nil {
					t.Errorf("%s(Write(%v)): %v", r.name, a, err)
					continue
				}
				if !sameBits(t, got, a) {
					t.Errorf("%s(Write(%v)) = %v %v, want %v", r.name, a, got, got.Data, a.Data)
				}
			}
		}
		for _, name := range []string{"a-idx", "a-idx.gz"} {
			path := filepath.Join(t.TempDir(), name)
			if err := WriteFile(path, a); err != nil {
				t.Fatal(err)
			}
			got, err := ReadFile(path)
			if err != nil {
				t.Errorf("ReadFile after WriteFile(%s, %v): %v", name, a, err)
			} else if !sameBits(t, got, a) {
				t.Errorf("ReadFile after WriteFile(%s, %v) = %v", name, a, got.Data)
			}
		}
	}
}

func TestWriteHeader(t *testing.T) {
	// The first 16 bytes of MNIST's train-images-idx3-ubyte, from LeCun's page:
	// magic 0x00000803, then 60000, 28, 28 as 32-bit big-endian integers.
	a := &Array{Shape: []int{60000, 28, 28}, Data: make([]uint8, 60000*28*28)}
	var buf bytes.Buffer
	if err := Write(&buf, a); err != nil {
		t.Fatal(err)
	}
	want := []byte{0, 0, 8, 3, 0, 0, 0xea, 0x60, 0, 0, 0, 28, 0, 0, 0, 28}
	if got := buf.Bytes()[:16]; !bytes.Equal(got, want) {
		t.Errorf("header % x, want % x", got, want)
	}
	if got, want := buf.Len(), 16+47040000; got != want {
		t.Errorf("wrote %d bytes, want %d", got, want)
	}
}

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name string
		a    *Array
		want string
	}{
		{"int data", &Array{Shape: []int{1}, Data: []int{1}}, "cannot write Data of type []int, want []uint8"},
		{"nil data", &Array{Shape: []int{1}}, "cannot write Data of type <nil>"},
		{"rank 0", &Array{Data: []uint8{1}}, "cannot write rank 0 (shape ()), want 1 to 16"},
		{"rank 17", &Array{Shape: make([]int, 17), Data: []uint8{}}, "cannot write rank 17"},
		{"negative", &Array{Shape: []int{2, -1}, Data: []uint8{}},
			"cannot write shape (2, -1): size -1 of dimension 1 is outside 0 to 2^32-1"},
		{"too big", &Array{Shape: []int{1 << 32}, Data: []uint8{}}, "size 4294967296 of dimension 0 is outside"},
		{"length", &Array{Shape: []int{2, 2}, Data: []float32{1, 2, 3}},
			"cannot write shape (2, 2) with 3 elements of Data"},
		{"overflow to zero", &Array{Shape: []int{1 << 31, 1 << 31, 4}, Data: []uint8{}},
			"cannot write shape (2147483648, 2147483648, 4) with 0 elements"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		err := Write(&buf, tt.a)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got error %v, want one containing %q", tt.name, err, tt.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes despite the error", tt.name, buf.Len())
		}
		path := filepath.Join(t.TempDir(), "x-idx")
		err = WriteFile(path, tt.a)
		if err == nil || !strings.HasPrefix(err.Error(), "idx: "+path+": ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: WriteFile: got error %v, want one naming the file and containing %q", tt.name, err, tt.want)
		}
		if _, serr := os.Stat(path); serr == nil {
			t.Errorf("%s: WriteFile created the file despite the error", tt.name)
		}
	}
}

type failWriter struct{ after int }

var errDiskFull = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if w.after <= 0 {
		return 0, errDiskFull
	}
	w.after--
	return len(p), nil
}

func TestWriteIOErrors(t *testing.T) {
	a := &Array{Shape: []int{3}, Data: []int16{1, 2, 3}}
	for after, want := range []string{"idx: writing header: disk full", "idx: writing data: disk full"} {
		err := Write(&failWriter{after: after}, a)
		if err == nil || err.Error() != want || !errors.Is(err, errDiskFull) {
			t.Errorf("failing after %d writes: got %v, want %q wrapping errDiskFull", after, err, want)
		}
	}
}
