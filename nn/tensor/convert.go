package tensor

import (
	"fmt"
	"strings"

	"github.com/nnbook/nnbook/internal/notebook"
	"github.com/nnbook/nnbook/nn/internal/simd"
)

// AsType returns a copy of t converted to dtype, as astype: floats to integers truncate towards
// zero; to uint8 values wrap modulo 256 like NumPy's C cast (for values in int64's range: 256
// becomes 0, -1 becomes 255); float64 to float32 rounds to nearest. The copy is contiguous even when
// dtype is t's own. It panics if dtype is unknown.
func (t *Tensor) AsType(dtype DType) *Tensor {
	if !dtype.valid() {
		notebook.Panic(fmt.Sprintf("tensor.AsType: unknown dtype %v", dtype))
	}
	out := New(dtype, t.shape...)
	if t.dtype == dtype {
		assign(out, t)
	} else {
		convert(out, t.Contiguous())
	}
	return out
}

// convert fills the contiguous out with the elements of the contiguous src, converted.
func convert(out, src *Tensor) {
	switch s := src.data.(type) {
	case []uint8:
		convertFrom(out, s[src.offset:src.offset+src.Size()])
	case []int64:
		convertFrom(out, s[src.offset:src.offset+src.Size()])
	case []float32:
		convertFrom(out, s[src.offset:src.offset+src.Size()])
	case []float64:
		convertFrom(out, s[src.offset:src.offset+src.Size()])
	}
}

func convertFrom[S Number](out *Tensor, s []S) {
	switch d := out.data.(type) {
	case []uint8:
		var z S
		switch any(z).(type) {
		case float32, float64: // defined wrap-around through int64
			for i, v := range s {
				d[i] = uint8(int64(v))
			}
			return
		}
		convertSlice(d, s)
	case []int64:
		convertSlice(d, s)
	case []float32:
		convertSlice(d, s)
	case []float64:
		convertSlice(d, s)
	}
}

func convertSlice[D, S Number](d []D, s []S) {
	d = d[:len(s)]
	if len(s) < largeSplit {
		convertPart(d, s)
		return
	}
	simd.Split(len(s), func(lo, hi int) { convertPart(d[lo:hi], s[lo:hi]) })
}

func convertPart[D, S Number](d []D, s []S) {
	d = d[:len(s)]
	for i, v := range s {
		d[i] = D(v)
	}
}

// asType returns t itself when it already has dtype, else t.AsType(dtype).
func (t *Tensor) asType(dtype DType) *Tensor {
	if t.dtype == dtype {
		return t
	}
	return t.AsType(dtype)
}

// Clone returns a contiguous copy of t with its own storage.
func (t *Tensor) Clone() *Tensor {
	out := New(t.dtype, t.shape...)
	assign(out, t)
	return out
}

// Contiguous returns t itself when it is contiguous, else a contiguous copy. Use it before
// handing Storage to code that expects row-major data without copying.
func (t *Tensor) Contiguous() *Tensor {
	if t.IsContiguous() {
		return t
	}
	return t.Clone()
}

// Concatenate joins tensors of the same dtype along axis, as np.concatenate: the book's
// np.concatenate([Y] * 32, axis=0) on a (1, 32, 10) Y gives (32, 32, 10). A negative axis counts
// from the end. The result is a new tensor. It panics, naming the shapes, when no tensors are
// given, when they are scalars, when ranks or dtypes differ or when sizes other than along axis
// differ.
func Concatenate(axis int, ts ...*Tensor) *Tensor {
	if len(ts) == 0 {
		notebook.Panic("tensor.Concatenate: no tensors to concatenate")
	}
	first := ts[0]
	shapes := func() string {
		s := make([]string, len(ts))
		for i, t := range ts {
			s[i] = t.shape.String()
		}
		return strings.Join(s, ", ")
	}
	if len(first.shape) == 0 {
		notebook.Panic("tensor.Concatenate: scalars (shape ()) cannot be concatenated")
	}
	axis = first.axis("Concatenate", axis)
	shape := first.shape.Clone()
	shape[axis] = 0
	for _, t := range ts {
		if t.dtype != first.dtype {
			notebook.Panic(fmt.Sprintf("tensor.Concatenate: dtypes %v and %v differ", first.dtype, t.dtype))
		}
		if len(t.shape) != len(shape) {
			notebook.Panic(fmt.Sprintf("tensor.Concatenate: ranks differ in shapes %s", shapes()))
		}
		for i, d := range t.shape {
			if i != axis && d != shape[i] {
				notebook.Panic(fmt.Sprintf("tensor.Concatenate: sizes differ off axis %d in shapes %s", axis, shapes()))
			}
		}
		shape[axis] += t.shape[axis]
	}
	out := New(first.dtype, shape...)
	at := 0
	for _, t := range ts {
		r := make([]Range, axis+1)
		r[axis] = R(at, at+t.shape[axis])
		assign(out.Slice(r...), t)
		at += t.shape[axis]
	}
	return out
}

// Stack joins tensors of the same shape and dtype along a new axis, as np.stack: ten (28, 28)
// images stacked on axis 0 give (10, 28, 28). It panics as Concatenate does.
func Stack(axis int, ts ...*Tensor) *Tensor {
	if len(ts) == 0 {
		notebook.Panic("tensor.Stack: no tensors to stack")
	}
	n := len(ts[0].shape)
	if axis < -n-1 || axis > n {
		notebook.Panic(fmt.Sprintf("tensor.Stack: axis %d out of range for shape %v (result rank %d)", axis, ts[0].shape, n+1))
	}
	ex := make([]*Tensor, len(ts))
	for i, t := range ts {
		if !t.shape.Equal(ts[0].shape) {
			notebook.Panic(fmt.Sprintf("tensor.Stack: shapes %v and %v differ", ts[0].shape, t.shape))
		}
		ex[i] = t.ExpandDims(axis)
	}
	return Concatenate(axis, ex...)
}
