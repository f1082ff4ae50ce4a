package tensor

import (
	"fmt"
	"slices"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Views share their storage with the tensor they come from: Index, Slice, Transpose, ExpandDims,
// BroadcastTo and (for contiguous tensors) Reshape change only shape, strides and offset, so they
// cost no copy, and a Set on a view shows in the original (the book's "my_slice" is such a view).

// view returns a tensor sharing t's storage with the given shape, strides and offset.
// An empty view gets offset 0, so that its offset never points past the storage.
func (t *Tensor) view(shape Shape, strides []int, offset int) *Tensor {
	if shape.Size() == 0 {
		offset = 0
	}
	return &Tensor{dtype: t.dtype, shape: shape, strides: strides, offset: offset, data: t.data}
}

// Index returns the sub-tensor x[i] along the first axis, as a view sharing t's storage, one rank
// lower; a negative i counts from the end. The book's train_images[4] is t.Index(4): a (28, 28)
// image. It panics on a scalar or when i is out of range, naming the index, axis 0 and the shape.
func (t *Tensor) Index(i int) *Tensor {
	if len(t.shape) == 0 {
		notebook.Panic("tensor.Index: cannot index a scalar (shape ())")
	}
	d := t.shape[0]
	if i < -d || i >= d {
		notebook.Panic(fmt.Sprintf("tensor.Index: index %d out of range for axis 0 of shape %v", i, t.shape))
	}
	if i < 0 {
		i += d
	}
	return t.view(t.shape[1:].Clone(), slices.Clone(t.strides[1:]), t.offset+i*t.strides[0])
}

// Range is one axis of a slice, as NumPy's start:stop (step 1). Build it with R, From, To or All.
// A bound that is not set means the start or end of the axis.
type Range struct {
	Start, Stop       int
	HasStart, HasStop bool
}

// R is start:stop; negative bounds count from the end, bounds past the end are clipped, as NumPy.
// The book's batch train_images[128*n : 128*(n+1)] is t.Slice(R(128*n, 128*(n+1))).
func R(start, stop int) Range { return Range{Start: start, Stop: stop, HasStart: true, HasStop: true} }

// From is start: (to the end of the axis).
func From(start int) Range { return Range{Start: start, HasStart: true} }

// To is :stop (from the beginning of the axis).
func To(stop int) Range { return Range{Stop: stop, HasStop: true} }

// All is : (the whole axis).
func All() Range { return Range{} }

// String formats r as NumPy's slice syntax: "10:100", "7:", ":-7", ":".
func (r Range) String() string {
	s := ""
	if r.HasStart {
		s = fmt.Sprint(r.Start)
	}
	s += ":"
	if r.HasStop {
		s += fmt.Sprint(r.Stop)
	}
	return s
}

// bounds returns the clipped [start, stop) of r on an axis of size d, as Python's slice.indices:
// negative bounds count from the end, then both are clipped to [0, d], and stop < start is empty.
func (r Range) bounds(d int) (start, stop int) {
	clip := func(x int) int {
		if x < 0 {
			x += d
		}
		return min(max(x, 0), d)
	}
	start, stop = 0, d
	if r.HasStart {
		start = clip(r.Start)
	}
	if r.HasStop {
		stop = clip(r.Stop)
	}
	return start, max(start, stop)
}

// Slice returns the view t[r0, r1, ...] sharing t's storage, as NumPy basic slicing with step 1:
// t.Slice(R(10, 100)) is x[10:100]; t.Slice(All(), R(7, -7), R(7, -7)) is x[:, 7:-7, 7:-7].
// Axes without a Range are taken whole; bounds are clipped as NumPy clips them, so a slice is
// never out of range (it may be empty). It panics if more ranges than axes are given.
func (t *Tensor) Slice(ranges ...Range) *Tensor {
	if len(ranges) > len(t.shape) {
		notebook.Panic(fmt.Sprintf("tensor.Slice: %d ranges %v for shape %v of %d axes", len(ranges), ranges, t.shape, len(t.shape)))
	}
	shape, off := t.shape.Clone(), t.offset
	for i, r := range ranges {
		start, stop := r.bounds(t.shape[i])
		shape[i] = stop - start
		off += start * t.strides[i]
	}
	return t.view(shape, slices.Clone(t.strides), off)
}

// Reshape returns t with a new shape of the same size, as np.reshape; one size may be -1 and is
// inferred: a (3, 2) tensor reshaped to (6, 1) or (2, 3) or (-1,) keeps its elements in row-major
// order. The result is a view when t is contiguous, else a copy. It panics naming both shapes
// when sizes differ, and on more than one -1 or another negative size.
func (t *Tensor) Reshape(shape ...int) *Tensor {
	shape = t.resolveShape("Reshape", shape)
	if !t.IsContiguous() {
		t = t.Clone()
	}
	return t.view(Shape(shape).Clone(), rowMajorStrides(shape), t.offset)
}

// resolveShape checks that shape has t's size, replacing a -1 by the size that makes it fit.
func (t *Tensor) resolveShape(op string, shape []int) []int {
	shape = slices.Clone(shape)
	infer, known := -1, 1
	for i, d := range shape {
		switch {
		case d == -1 && infer < 0:
			infer = i
		case d < 0:
			notebook.Panic(fmt.Sprintf("tensor.%s: cannot reshape %v into %v: only one size may be -1 and none other negative", op, t.shape, Shape(shape)))
		default:
			known *= d
		}
	}
	n := t.Size()
	if infer >= 0 {
		if known == 0 || n%known != 0 {
			notebook.Panic(fmt.Sprintf("tensor.%s: cannot reshape %v (size %d) into %v", op, t.shape, n, Shape(shape)))
		}
		shape[infer] = n / known
	} else if known != n {
		notebook.Panic(fmt.Sprintf("tensor.%s: cannot reshape %v (size %d) into %v (size %d)", op, t.shape, n, Shape(shape), known))
	}
	return shape
}

// Transpose permutes the axes of t, as np.transpose: axis i of the result is axis axes[i] of t;
// with no axes it reverses them, so a (300, 20) matrix becomes (20, 300). Negative axes count from
// the end. It returns a view. It panics unless axes is empty or a permutation of t's axes.
func (t *Tensor) Transpose(axes ...int) *Tensor {
	n := len(t.shape)
	if len(axes) == 0 {
		axes = make([]int, n)
		for i := range axes {
			axes[i] = n - 1 - i
		}
	}
	bad := func() {
		notebook.Panic(fmt.Sprintf("tensor.Transpose: axes %v are not a permutation of the %d axes of shape %v", axes, n, t.shape))
	}
	if len(axes) != n {
		bad()
	}
	seen := make([]bool, n)
	shape, strides := make(Shape, n), make([]int, n)
	for i, a := range axes {
		if a < -n || a >= n {
			bad()
		}
		if a < 0 {
			a += n
		}
		if seen[a] {
			bad()
		}
		seen[a] = true
		shape[i], strides[i] = t.shape[a], t.strides[a]
	}
	return t.view(shape, strides, t.offset)
}

// T returns t.Transpose(), the reversed axes, as NumPy's x.T.
func (t *Tensor) T() *Tensor { return t.Transpose() }

// ExpandDims inserts an axis of size 1 at position axis (negative counts from the end of the
// result), as np.expand_dims: a (32, 10) tensor with axis 0 becomes (1, 32, 10). It returns a view.
// It panics if axis is outside [-NDim-1, NDim].
func (t *Tensor) ExpandDims(axis int) *Tensor {
	n := len(t.shape)
	if axis < -n-1 || axis > n {
		notebook.Panic(fmt.Sprintf("tensor.ExpandDims: axis %d out of range for shape %v (result rank %d)", axis, t.shape, n+1))
	}
	if axis < 0 {
		axis += n + 1
	}
	stride := 1
	if axis < n {
		stride = t.shape[axis] * t.strides[axis]
	}
	shape := slices.Insert(t.shape.Clone(), axis, 1)
	strides := slices.Insert(slices.Clone(t.strides), axis, stride)
	return t.view(shape, strides, t.offset)
}

// Squeeze removes axes of size 1, as np.squeeze: all of them when no axes are given, else the given
// ones (negative count from the end). It returns a view. It panics if a given axis is not of size 1.
func (t *Tensor) Squeeze(axes ...int) *Tensor {
	drop := make([]bool, len(t.shape))
	if len(axes) == 0 {
		for i, d := range t.shape {
			drop[i] = d == 1
		}
	}
	for _, a := range axes {
		a = t.axis("Squeeze", a)
		if t.shape[a] != 1 {
			notebook.Panic(fmt.Sprintf("tensor.Squeeze: axis %d of shape %v has size %d, not 1", a, t.shape, t.shape[a]))
		}
		drop[a] = true
	}
	var shape Shape
	var strides []int
	for i := range t.shape {
		if !drop[i] {
			shape = append(shape, t.shape[i])
			strides = append(strides, t.strides[i])
		}
	}
	if shape == nil {
		shape, strides = Shape{}, []int{}
	}
	return t.view(shape, strides, t.offset)
}

// BroadcastTo returns a read-only view of t broadcast to shape by NumPy's rules (stride 0 along
// repeated axes), as np.broadcast_to: (32, 10) to (64, 3, 32, 10) repeats the matrix 192 times
// without copying. Setting an element of the view sets every element that shares its storage.
// It panics naming both shapes when they are not compatible.
func (t *Tensor) BroadcastTo(shape ...int) *Tensor {
	checkShape("BroadcastTo", shape)
	s := Shape(shape)
	ok := len(s) >= len(t.shape)
	for i := 1; ok && i <= len(t.shape); i++ {
		d := t.shape[len(t.shape)-i]
		ok = d == s[len(s)-i] || d == 1
	}
	if !ok {
		notebook.Panic(fmt.Sprintf("tensor.BroadcastTo: cannot broadcast shape %v to %v", t.shape, s))
	}
	return t.view(s.Clone(), t.broadcastStrides(s), t.offset)
}
