package tensor

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
)

// checkTensor reports an error unless got has the dtype, shape and elements (row-major) wanted.
// NaNs compare equal to NaNs.
func checkTensor(t *testing.T, name string, got *Tensor, dtype DType, shape Shape, want []float64) {
	t.Helper()
	if got.DType() != dtype || !got.Shape().Equal(shape) {
		t.Errorf("%s: got dtype %v shape %v, want %v %v", name, got.DType(), got.Shape(), dtype, shape)
		return
	}
	vals := got.Float64s()
	if len(vals) != len(want) {
		t.Errorf("%s: got %d elements, want %d", name, len(vals), len(want))
		return
	}
	for i := range vals {
		if vals[i] != want[i] && !(math.IsNaN(vals[i]) && math.IsNaN(want[i])) {
			t.Errorf("%s: got %v, want %v (first difference at element %d)", name, vals, want, i)
			return
		}
	}
}

// panicMessage runs f and returns the message it panicked with ("" if it did not panic). A runtime
// error (an index out of range inside the package, say) is reported as a test failure.
func panicMessage(t *testing.T, f func()) (msg string) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if err, ok := r.(runtime.Error); ok {
			t.Errorf("runtime error instead of a tensor panic: %v", err)
		}
		msg = fmt.Sprint(r)
	}()
	f()
	return ""
}

// checkPanics reports an error unless f panics with a message containing every one of want.
func checkPanics(t *testing.T, name string, f func(), want ...string) {
	t.Helper()
	msg := panicMessage(t, f)
	if msg == "" {
		t.Errorf("%s: did not panic, want a panic containing %q", name, want)
		return
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("%s: panic %q does not contain %q", name, msg, w)
		}
	}
}

// naiveAt returns the element of t at idx through shape, strides and offset alone, without the
// package's iterators: the reference the views and kernels are checked against.
func naiveAt(t *Tensor, idx []int) float64 {
	p := t.offset
	for i, x := range idx {
		p += x * t.strides[i]
	}
	switch d := t.data.(type) {
	case []uint8:
		return float64(d[p])
	case []int64:
		return float64(d[p])
	case []float32:
		return float64(d[p])
	}
	return t.data.([]float64)[p]
}

// indices calls f with every index of shape in row-major order.
func indices(shape Shape, f func(idx []int)) {
	if shape.Size() == 0 {
		return
	}
	idx := make([]int, len(shape))
	for {
		f(idx)
		i := len(idx) - 1
		for ; i >= 0; i-- {
			idx[i]++
			if idx[i] < shape[i] {
				break
			}
			idx[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

// naiveValues returns t's elements in row-major order read with naiveAt.
func naiveValues(t *Tensor) []float64 {
	var out []float64
	indices(t.shape, func(idx []int) { out = append(out, naiveAt(t, idx)) })
	return out
}

// seq returns a float64 tensor of the given shape holding 0, 1, 2, ... in row-major order.
func seq(shape ...int) *Tensor {
	return Arange(Float64, Shape(shape).Size()).Reshape(shape...)
}

// sameLayout returns the float64 tensor t converted to dtype with the same strides and offset
// (sharing nothing), so that a view keeps its layout in every dtype.
func sameLayout(t *Tensor, dtype DType) *Tensor {
	if t.dtype == dtype {
		return t
	}
	base := FromSlice(t.data.([]float64)).AsType(dtype)
	return &Tensor{dtype: dtype, shape: t.shape.Clone(), strides: append([]int(nil), t.strides...), offset: t.offset, data: base.data}
}
