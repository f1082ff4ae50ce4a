package tensor

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Tensor is an N-dimensional array of numbers of one DType, as NumPy's ndarray.
//
// Elements live in a flat slice; shape, strides and offset say where element
// (i0, i1, ...) is: data[offset + i0*strides[0] + i1*strides[1] + ...].
// Slicing, Index, Transpose, ExpandDims, BroadcastTo and (when t is contiguous) Reshape return
// views that share that slice; all other operations return new tensors and never change their
// inputs. Only Set and Fill, and the autodiff variables and optimizers built on tensors, change
// values in place.
//
// The zero Tensor is not usable; build tensors with New, Zeros, Ones, FromSlice, Array
// or the random constructors.
type Tensor struct {
	dtype   DType
	shape   Shape
	strides []int
	offset  int
	data    any // []uint8, []int64, []float32 or []float64
}

// New returns a tensor of the given dtype and shape filled with zeros.
// It panics if a size is negative or dtype is unknown.
func New(dtype DType, shape ...int) *Tensor {
	checkShape("New", shape)
	n := Shape(shape).Size()
	info, ok := dtype.info()
	if !ok {
		notebook.Panic(fmt.Sprintf("tensor.New: unknown dtype %v", dtype))
	}
	return &Tensor{dtype: dtype, shape: Shape(shape).Clone(), strides: rowMajorStrides(shape), data: info.make(n)}
}

// Zeros returns a tensor of the given dtype and shape filled with zeros, as np.zeros.
// It panics as New does.
func Zeros(dtype DType, shape ...int) *Tensor { return New(dtype, shape...) }

// Ones returns a tensor of the given dtype and shape filled with ones, as np.ones.
// It panics as New does.
func Ones(dtype DType, shape ...int) *Tensor {
	t := New(dtype, shape...)
	t.Fill(1)
	return t
}

// FromSlice returns a tensor of the given shape whose elements, in row-major order, are data.
// The tensor uses data as its storage without copying: later changes to data show in the tensor.
// With no shape the tensor is 1-D of len(data).
// It panics if the shape's size differs from len(data).
func FromSlice[T Number](data []T, shape ...int) *Tensor {
	if len(shape) == 0 {
		shape = []int{len(data)}
	}
	checkShape("FromSlice", shape)
	if n := Shape(shape).Size(); n != len(data) {
		notebook.Panic(fmt.Sprintf("tensor.FromSlice: shape %v needs %d elements, got %d", Shape(shape), n, len(data)))
	}
	return &Tensor{dtype: dtypeOf[T](), shape: Shape(shape).Clone(), strides: rowMajorStrides(shape), data: data}
}

func checkShape(op string, shape []int) {
	for _, d := range shape {
		if d < 0 {
			notebook.Panic(fmt.Sprintf("tensor.%s: negative size in shape %v", op, Shape(shape)))
		}
	}
}

// DType returns the element type of t.
func (t *Tensor) DType() DType { return t.dtype }

// NDim returns the number of axes (the rank) of t: 0 for a scalar.
func (t *Tensor) NDim() int { return len(t.shape) }

// Shape returns a copy of the shape of t.
func (t *Tensor) Shape() Shape { return t.shape.Clone() }

// Dim returns the size of axis i; a negative i counts from the end. It panics naming the axis and
// the shape when i is out of range.
func (t *Tensor) Dim(i int) int { return t.shape[t.axis("Dim", i)] }

// Size returns the number of elements of t.
func (t *Tensor) Size() int { return t.shape.Size() }

// IsContiguous reports whether t's elements are stored in row-major order without gaps,
// so that its storage can be handed to BLAS or copied in one piece.
func (t *Tensor) IsContiguous() bool {
	n := 1
	for i := len(t.shape) - 1; i >= 0; i-- {
		if t.shape[i] != 1 && t.strides[i] != n {
			return false
		}
		n *= t.shape[i]
	}
	return true
}

// axis normalises a possibly negative axis of t, panicking with op's name when it is out of range.
func (t *Tensor) axis(op string, a int) int {
	n := len(t.shape)
	if a < -n || a >= n {
		notebook.Panic(fmt.Sprintf("tensor.%s: axis %d out of range for shape %v", op, a, t.shape))
	}
	if a < 0 {
		a += n
	}
	return a
}

// flatIndex returns the storage position of the element at idx, with negative indices counting
// from the end; it panics naming op, the index and the shape when idx does not fit.
func (t *Tensor) flatIndex(op string, idx []int) int {
	if len(idx) != len(t.shape) {
		notebook.Panic(fmt.Sprintf("tensor.%s: %d indices for shape %v", op, len(idx), t.shape))
	}
	p := t.offset
	for i, x := range idx {
		d := t.shape[i]
		if x < -d || x >= d {
			notebook.Panic(fmt.Sprintf("tensor.%s: index %d out of range for axis %d of shape %v", op, x, i, t.shape))
		}
		if x < 0 {
			x += d
		}
		p += x * t.strides[i]
	}
	return p
}

// At returns the element at idx as a float64; negative indices count from the end.
// It panics if the number of indices differs from NDim or an index is out of range.
func (t *Tensor) At(idx ...int) float64 {
	p := t.flatIndex("At", idx)
	switch d := t.data.(type) {
	case []uint8:
		return float64(d[p])
	case []int64:
		return float64(d[p])
	case []float32:
		return float64(d[p])
	case []float64:
		return d[p]
	}
	panic("tensor: corrupt storage")
}

// Item returns the only element of a one-element tensor (e.g. a scalar), as NumPy's item().
// It panics if t has more than one element.
func (t *Tensor) Item() float64 {
	if t.Size() != 1 {
		notebook.Panic(fmt.Sprintf("tensor.Item: tensor of shape %v has %d elements, not 1", t.shape, t.Size()))
	}
	idx := make([]int, len(t.shape))
	return t.At(idx...)
}

// Set stores v at idx, converting it to t's dtype as AsType does (truncating towards zero for
// integers, wrapping modulo 256 for uint8: -1 is stored as 255), as NumPy's x[i, j] = v.
// It changes t and every view sharing its storage.
// It panics if the number of indices differs from NDim or an index is out of range.
func (t *Tensor) Set(v float64, idx ...int) {
	p := t.flatIndex("Set", idx)
	switch d := t.data.(type) {
	case []uint8:
		d[p] = fromFloat[uint8](v)
	case []int64:
		d[p] = int64(v)
	case []float32:
		d[p] = float32(v)
	case []float64:
		d[p] = v
	}
}

// Fill sets every element of t to v (converted as Set converts it), in place; on a view it sets
// the view's elements of the shared storage.
func (t *Tensor) Fill(v float64) {
	switch d := t.data.(type) {
	case []uint8:
		fill(t, d, fromFloat[uint8](v))
	case []int64:
		fill(t, d, int64(v))
	case []float32:
		fill(t, d, float32(v))
	case []float64:
		fill(t, d, v)
	}
}

func fill[T Number](t *Tensor, d []T, v T) {
	t.forEachOffset(func(p int) { d[p] = v })
}

// forEachOffset calls f with the storage position of every element of t, in row-major order.
func (t *Tensor) forEachOffset(f func(p int)) {
	n := t.Size()
	if n == 0 {
		return
	}
	if t.IsContiguous() {
		for p := t.offset; p < t.offset+n; p++ {
			f(p)
		}
		return
	}
	idx := make([]int, len(t.shape))
	p := t.offset
	for {
		f(p)
		i := len(idx) - 1
		for ; i >= 0; i-- {
			idx[i]++
			p += t.strides[i]
			if idx[i] < t.shape[i] {
				break
			}
			p -= idx[i] * t.strides[i]
			idx[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

// values returns t's elements of type T in row-major order, for reading inside this package: a
// window on t's own storage (capped at t's last element) when t is contiguous, otherwise a fresh
// copy.
func values[T Number](t *Tensor) []T {
	d := t.data.([]T)
	n := t.Size()
	if t.IsContiguous() {
		return d[t.offset : t.offset+n : t.offset+n]
	}
	out := make([]T, 0, n)
	t.forEachOffset(func(p int) { out = append(out, d[p]) })
	return out
}

// copyValues returns a new slice of t's elements converted to T, in row-major order.
func copyValues[T Number](t *Tensor) []T {
	if t.dtype != dtypeOf[T]() {
		return values[T](t.AsType(dtypeOf[T]())) // AsType made a new tensor: its storage is ours
	}
	if !t.IsContiguous() {
		return values[T](t) // already a copy
	}
	return slices.Clone(values[T](t))
}

// Storage returns t's own elements as a []T in row-major order: a window on t's storage, so that
// writing to it changes t (and reading it copies nothing), as NumPy's x.data or Gonum's RawMatrix.
// It panics, naming t's dtype and layout, unless t is contiguous with element type T: use
// t.Contiguous() first for a view, or the copying accessors (Float32s, ...) to convert.
func Storage[T Number](t *Tensor) []T {
	if t.dtype != dtypeOf[T]() || !t.IsContiguous() {
		notebook.Panic(fmt.Sprintf("tensor.Storage[%v]: the tensor is %v %v (contiguous %v); Storage needs a contiguous %v tensor",
			dtypeOf[T](), t.dtype, t.shape, t.IsContiguous(), dtypeOf[T]()))
	}
	return values[T](t)
}

// Float32s returns a new slice of t's elements in row-major order, converted to float32: a copy,
// whose changes do not change t (Storage gives t's own storage).
func (t *Tensor) Float32s() []float32 { return copyValues[float32](t) }

// Float64s returns a new slice of t's elements in row-major order, converted to float64: a copy
// (see Float32s).
func (t *Tensor) Float64s() []float64 { return copyValues[float64](t) }

// Uint8s returns a new slice of t's elements in row-major order, converted to uint8 as AsType
// does: a copy (see Float32s).
func (t *Tensor) Uint8s() []uint8 { return copyValues[uint8](t) }

// Int64s returns a new slice of t's elements in row-major order, converted to int64 as AsType
// does: a copy (see Float32s).
func (t *Tensor) Int64s() []int64 { return copyValues[int64](t) }

// Info returns a one-line description such as "Tensor(shape=(60000, 28, 28), dtype=uint8)".
func (t *Tensor) Info() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tensor(shape=%v, dtype=%v)", t.shape, t.dtype)
	return b.String()
}
