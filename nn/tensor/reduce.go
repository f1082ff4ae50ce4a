package tensor

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Reductions, as np.sum(x, axis=...): with no axes, over all elements giving a rank-0 tensor;
// otherwise over the given axes (negative count from the end), which disappear from the shape:
// the sum over axis 0 of a (3, 5) matrix has shape (5,). Integer sums give Int64 (NumPy gives
// uint64 for uint8); Mean of integers gives Float64; float32 stays float32. Sums along a
// contiguous axis use NumPy's pairwise summation, so float32 sums of many elements stay accurate.
// Each returns a new tensor. An axis out of range or given twice panics naming it and the shape.

// reduceKind names a reduction.
type reduceKind int

const (
	redSum reduceKind = iota
	redMax
	redMin
)

// reduceMask returns which axes of t the reduction op runs over: all when axes is empty.
func (t *Tensor) reduceMask(op string, axes []int) []bool {
	red := make([]bool, len(t.shape))
	for _, a := range axes {
		a = t.axis(op, a)
		if red[a] {
			notebook.Panic(fmt.Sprintf("tensor.%s: axis %d repeated in %v for shape %v", op, a, axes, t.shape))
		}
		red[a] = true
	}
	if len(axes) == 0 {
		for i := range red {
			red[i] = true
		}
	}
	return red
}

// reduce runs the reduction kind over the axes marked in red, giving a new tensor of dtype dt
// whose shape is t's without those axes.
func (t *Tensor) reduce(op string, kind reduceKind, red []bool, dt DType) *Tensor {
	out := New(dt, reducedShape(t.shape, red)...)
	if kind != redSum && out.Size() > 0 {
		for i, d := range t.shape {
			if red[i] && d == 0 {
				notebook.Panic(fmt.Sprintf("tensor.%s: reduction over an empty axis of shape %v", op, t.shape))
			}
		}
	}
	t.reduceInto(kind, red, out)
	return out
}

// reducedShape returns shape without the axes marked in red.
func reducedShape(shape Shape, red []bool) Shape {
	out := Shape{}
	for i, d := range shape {
		if !red[i] {
			out = append(out, d)
		}
	}
	return out
}

// reduceInto accumulates the reduction kind of t over the axes marked in red into out, contiguous
// with the reduced shape (zeros for a sum).
func (t *Tensor) reduceInto(kind reduceKind, red []bool, out *Tensor) {
	// Out is read through strides over t's shape that are 0 along the reduced axes.
	keep := t.shape.Clone()
	for i := range keep {
		if red[i] {
			keep[i] = 1
		}
	}
	ost := rowMajorStrides(keep)
	for i := range ost {
		if red[i] {
			ost[i] = 0
		}
	}
	it := newIter(t.shape, [][]int{ost, t.strides}, []int{out.offset, t.offset})
	dt := out.dtype
	switch t.dtype {
	case Uint8:
		switch dt {
		case Int64:
			reduceKernel[int64, uint8](kind, out, t, it)
		case Float64:
			reduceKernel[float64, uint8](kind, out, t, it)
		default:
			reduceKernel[uint8, uint8](kind, out, t, it)
		}
	case Int64:
		if dt == Float64 {
			reduceKernel[float64, int64](kind, out, t, it)
		} else {
			reduceKernel[int64, int64](kind, out, t, it)
		}
	case Float32:
		reduceKernel[float32, float32](kind, out, t, it)
	case Float64:
		reduceKernel[float64, float64](kind, out, t, it)
	}
}

// reduceKernel accumulates the elements of in (type S) into out (type D) along it, whose operand 0
// is out and operand 1 is in.
func reduceKernel[D, S Number](kind reduceKind, out, in *Tensor, it *nditer) {
	od, id := out.data.([]D), in.data.([]S)
	if kind != redSum {
		init := lowest[D]()
		if kind == redMin {
			init = highest[D]()
		}
		for i := range od {
			od[i] = init
		}
	}
	n, so, si := it.inner(), it.stride(0), it.stride(1)
	it.rows(func(o []int) {
		x := id[o[1]:]
		switch {
		case kind == redSum && so == 0:
			od[o[0]] += pairwiseSum[D](x, n, si)
		case kind == redSum:
			for i, p, q := 0, o[0], 0; i < n; i, p, q = i+1, p+so, q+si {
				od[p] += D(x[q])
			}
		case kind == redMax:
			for i, p, q := 0, o[0], 0; i < n; i, p, q = i+1, p+so, q+si {
				od[p] = maxOf(od[p], D(x[q]))
			}
		default:
			for i, p, q := 0, o[0], 0; i < n; i, p, q = i+1, p+so, q+si {
				od[p] = minOf(od[p], D(x[q]))
			}
		}
	})
}

// pairwiseSum returns x[0] + x[s] + ... + x[(n-1)*s] by NumPy's pairwise summation: blocks of at
// most 128 elements summed with 8 accumulators, halves added recursively, so the rounding error
// grows as log n rather than n.
func pairwiseSum[D, S Number](x []S, n, s int) D {
	switch {
	case n < 8:
		var r D
		for i := 0; i < n; i++ {
			r += D(x[i*s])
		}
		return r
	case n <= 128:
		var r [8]D
		for j := range r {
			r[j] = D(x[j*s])
		}
		i := 8
		for ; i+8 <= n; i += 8 {
			for j := range r {
				r[j] += D(x[(i+j)*s])
			}
		}
		res := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			res += D(x[i*s])
		}
		return res
	}
	n2 := n / 2
	n2 -= n2 % 8
	return pairwiseSum[D](x, n2, s) + pairwiseSum[D](x[n2*s:], n-n2, s)
}

// lowest and highest return the identity of max and min for T: ∓Inf for floats, the extremes for
// integers.
func lowest[T Number]() T {
	var z T
	switch any(z).(type) {
	case uint8:
		return 0
	case int64:
		v := int64(math.MinInt64)
		return T(v)
	}
	return T(math.Inf(-1))
}

func highest[T Number]() T {
	var z T
	switch any(z).(type) {
	case uint8:
		v := uint8(math.MaxUint8)
		return T(v)
	case int64:
		v := int64(math.MaxInt64)
		return T(v)
	}
	return T(math.Inf(1))
}

// sumDType returns the dtype of a sum of t: Int64 for integers, else t's.
func (t *Tensor) sumDType() DType {
	if t.dtype.IsFloat() {
		return t.dtype
	}
	return Int64
}

// Sum returns the sum over axes, as np.sum(x, axis=...): Sum() is the sum of all elements (rank
// 0), Sum(0) of a (3, 5) matrix sums its rows into shape (5,), Sum(-1) its columns into (3,).
// It panics if an axis is out of range or repeated.
func (t *Tensor) Sum(axes ...int) *Tensor {
	return t.reduce("Sum", redSum, t.reduceMask("Sum", axes), t.sumDType())
}

// Mean returns the mean over axes, as np.mean: the Sum divided by the number of elements summed
// (NaN for none). Integers give Float64. It panics as Sum does.
func (t *Tensor) Mean(axes ...int) *Tensor {
	red := t.reduceMask("Mean", axes)
	dt := t.dtype
	if !dt.IsFloat() {
		dt = Float64
	}
	out := t.reduce("Mean", redSum, red, dt)
	count := 1
	for i, d := range t.shape {
		if red[i] {
			count *= d
		}
	}
	switch d := out.data.(type) {
	case []float32:
		c := float32(count)
		for i := range d {
			d[i] /= c
		}
	case []float64:
		c := float64(count)
		for i := range d {
			d[i] /= c
		}
	}
	return out
}

// Max returns the maximum over axes, as np.max, in t's dtype; NaN if a NaN is among the elements.
// It panics on an empty axis, or if an axis is out of range or repeated.
func (t *Tensor) Max(axes ...int) *Tensor {
	return t.reduce("Max", redMax, t.reduceMask("Max", axes), t.dtype)
}

// Min returns the minimum over axes, as np.min, in t's dtype; NaN if a NaN is among the elements.
// It panics on an empty axis, or if an axis is out of range or repeated.
func (t *Tensor) Min(axes ...int) *Tensor {
	return t.reduce("Min", redMin, t.reduceMask("Min", axes), t.dtype)
}

// ArgMax returns the Int64 index of the (first) maximum along axis, as np.argmax(x, axis): for a
// (128, 10) batch of class scores, ArgMax(1) is the (128,) predicted classes. A NaN counts as the
// maximum, as in NumPy. It panics if axis is out of range or the axis is empty.
func (t *Tensor) ArgMax(axis int) *Tensor {
	axis = t.axis("ArgMax", axis)
	n := len(t.shape)
	if t.shape[axis] == 0 {
		notebook.Panic(fmt.Sprintf("tensor.ArgMax: empty axis %d of shape %v", axis, t.shape))
	}
	perm := make([]int, 0, n)
	for i := range n {
		if i != axis {
			perm = append(perm, i)
		}
	}
	v := t.Transpose(append(perm, axis)...) // the reduced axis last
	out := New(Int64, v.shape[:n-1]...)
	switch t.dtype {
	case Uint8:
		argMaxKernel[uint8](out, v)
	case Int64:
		argMaxKernel[int64](out, v)
	case Float32:
		argMaxKernel[float32](out, v)
	case Float64:
		argMaxKernel[float64](out, v)
	}
	return out
}

// argMaxKernel sets out to the index of the first maximum along the last axis of v.
func argMaxKernel[T Number](out, v *Tensor) {
	od, vd := out.data.([]int64), v.data.([]T)
	n := len(v.shape)
	m, s := v.shape[n-1], v.strides[n-1]
	it := newIter(out.shape, [][]int{out.strides, v.strides[:n-1]}, []int{0, v.offset})
	k, sv := it.inner(), it.stride(1)
	it.rows(func(o []int) {
		for i, p := o[0], o[1]; i < o[0]+k; i, p = i+1, p+sv {
			best, at := vd[p], 0
			for j, q := 1, p+s; j < m && best == best; j, q = j+1, q+s {
				if x := vd[q]; x > best || x != x {
					best, at = x, j
				}
			}
			od[i] = int64(at)
		}
	})
}

// SumTo sums t over the axes along which shape was broadcast to t's shape, returning a tensor of
// exactly shape: the backward step of broadcasting. If y of shape (32, 10) was broadcast against
// x of shape (64, 3, 32, 10), the gradient of y is the (64, 3, 32, 10) gradient summed to
// (32, 10); a (1, 10) operand gets its gradient summed over axis 0 but keeps the axis.
// The dtype is Sum's. It panics naming both shapes if shape does not broadcast to t's shape.
func (t *Tensor) SumTo(shape ...int) *Tensor {
	checkShape("SumTo", shape)
	if len(t.shape) == 2 && len(shape) == 1 && shape[0] == t.shape[1] && t.dtype.IsFloat() {
		// a float matrix summed over its rows, as a bias's gradient is: SumInto's pass, the same
		// bits without the general reduction's iterator
		s := New(t.dtype, shape...)
		SumInto(s, t, 0)
		return s
	}
	s, n, k := Shape(shape), len(t.shape), len(t.shape)-len(shape)
	if k < 0 {
		notebook.Panic(fmt.Sprintf("tensor.SumTo: shape %v does not broadcast to %v", s, t.shape))
	}
	red := make([]bool, n)
	for i := range n {
		switch {
		case i < k:
			red[i] = true
		case s[i-k] == t.shape[i]:
		case s[i-k] == 1:
			red[i] = true
		default:
			notebook.Panic(fmt.Sprintf("tensor.SumTo: shape %v does not broadcast to %v", s, t.shape))
		}
	}
	return t.reduce("SumTo", redSum, red, t.sumDType()).Reshape(shape...)
}
