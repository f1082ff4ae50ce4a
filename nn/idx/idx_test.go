package idx

import (
	"path/filepath"
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

func TestTypeStringAndSize(t *testing.T) {
	tests := []struct {
		typ  Type
		name string
		size int
	}{
		{Uint8, "uint8", 1}, {Int8, "int8", 1}, {Int16, "int16", 2}, {Int32, "int32", 4},
		{Float32, "float32", 4}, {Float64, "float64", 8}, {0x0a, "Type(0x0a)", 0},
	}
	for _, tt := range tests {
		if got := tt.typ.String(); got != tt.name {
			t.Errorf("Type(%#02x).String() = %q, want %q", byte(tt.typ), got, tt.name)
		}
		if got := tt.typ.Size(); got != tt.size {
			t.Errorf("%v.Size() = %d, want %d", tt.typ, got, tt.size)
		}
	}
}

func TestTensor(t *testing.T) {
	tests := []struct {
		a     *Array
		dtype tensor.DType
		want  []float64
	}{
		{&Array{Shape: []int{2, 2}, Data: []uint8{0, 1, 254, 255}}, tensor.Uint8, []float64{0, 1, 254, 255}},
		{&Array{Shape: []int{2}, Data: []int8{-128, 127}}, tensor.Int64, []float64{-128, 127}},
		{&Array{Shape: []int{2}, Data: []int16{-32768, 32767}}, tensor.Int64, []float64{-32768, 32767}},
		{&Array{Shape: []int{1, 2}, Data: []int32{-2147483648, 2147483647}}, tensor.Int64, []float64{-2147483648, 2147483647}},
		{&Array{Shape: []int{2}, Data: []float32{-1.5, 0.25}}, tensor.Float32, []float64{-1.5, 0.25}},
		{&Array{Shape: []int{2, 1}, Data: []float64{1e300, -2}}, tensor.Float64, []float64{1e300, -2}},
	}
	for _, tt := range tests {
		x := tt.a.Tensor()
		if x.DType() != tt.dtype || !x.Shape().Equal(tt.a.Shape) {
			t.Errorf("%v.Tensor() is %s, want dtype %v and shape %v", tt.a, x.Info(), tt.dtype, tensor.Shape(tt.a.Shape))
			continue
		}
		var got []float64 // the elements in row-major order, read with At
		idx := make([]int, x.NDim())
		for i := range x.Size() {
			rem := i
			for k := x.NDim() - 1; k >= 0; k-- {
				idx[k] = rem % x.Dim(k)
				rem /= x.Dim(k)
			}
			got = append(got, x.At(idx...))
		}
		for i := range tt.want {
			if got[i] != tt.want[i] {
				t.Errorf("%v.Tensor() element %d = %v, want %v", tt.a, i, got[i], tt.want[i])
			}
		}
	}
}

func TestTensorSharesData(t *testing.T) {
	d := []uint8{1, 2, 3}
	x := (&Array{Shape: []int{3}, Data: d}).Tensor()
	d[1] = 42
	if got := x.At(1); got != 42 {
		t.Errorf("after changing Data, tensor element 1 = %v, want 42 (no copy)", got)
	}
}

func TestTensorPanicsOnBadData(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Tensor of Data []int did not panic")
		}
	}()
	(&Array{Shape: []int{1}, Data: []int{1}}).Tensor()
}

func TestMustReadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "labels-idx1-ubyte.gz")
	if err := WriteFile(path, &Array{Shape: []int{3}, Data: []uint8{5, 0, 4}}); err != nil {
		t.Fatal(err)
	}
	if a := MustReadFile(path); a.Len() != 3 {
		t.Errorf("MustReadFile read %v, want 3 elements", a)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustReadFile of a missing file did not panic")
		}
	}()
	MustReadFile(path + ".missing")
}
