package autodiff

// Small tensor helpers the package tensor does not (yet) offer.

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"
)

// copyInto copies src's values into dst in place, converting them to dst's dtype.
// The shapes must be equal (the caller checks).
func copyInto(dst, src *tensor.Tensor) {
	if !dst.IsContiguous() { // rare: a variable holding a view; go element by element
		idx := make([]int, dst.NDim())
		for _, v := range src.Float64s() {
			dst.Set(v, idx...)
			for i := len(idx) - 1; i >= 0; i-- {
				if idx[i]++; idx[i] < dst.Dim(i) {
					break
				}
				idx[i] = 0
			}
		}
		return
	}
	// For a contiguous tensor of their dtype, the accessors return the tensor's own storage.
	switch dst.DType() {
	case tensor.Float32:
		copy(dst.Float32s(), src.Float32s())
	case tensor.Float64:
		copy(dst.Float64s(), src.Float64s())
	case tensor.Int64:
		copy(dst.Int64s(), src.Int64s())
	case tensor.Uint8:
		copy(dst.Uint8s(), src.Uint8s())
	}
}

// broadcastShape returns the shape NumPy's broadcasting gives a and b, panicking with the op's name
// and both shapes when they are not compatible.
func broadcastShape(op string, a, b tensor.Shape) tensor.Shape {
	out, ok := a.BroadcastWith(b)
	if !ok {
		panic(fmt.Sprintf("autodiff.%s: shapes %v and %v cannot be broadcast", op, a, b))
	}
	return out
}

// reducedAxes returns axes normalised to [0, rank) and sorted, all axes when none are given.
// It panics naming op and the shape when an axis is out of range or repeated.
func reducedAxes(op string, shape tensor.Shape, axes []int) []int {
	if len(axes) == 0 {
		all := make([]int, len(shape))
		for i := range all {
			all[i] = i
		}
		return all
	}
	seen := make([]bool, len(shape))
	for _, a := range axes {
		if a < -len(shape) || a >= len(shape) {
			panic(fmt.Sprintf("autodiff.%s: axis %d out of range for shape %v", op, a, shape))
		}
		if a < 0 {
			a += len(shape)
		}
		if seen[a] {
			panic(fmt.Sprintf("autodiff.%s: axis %d repeated for shape %v", op, a, shape))
		}
		seen[a] = true
	}
	var out []int
	for a, s := range seen {
		if s {
			out = append(out, a)
		}
	}
	return out
}

// keepDims returns shape with the reduced axes set to 1: the shape of a reduction with
// NumPy's keepdims=True.
func keepDims(shape tensor.Shape, axes []int) tensor.Shape {
	out := shape.Clone()
	for _, a := range axes {
		out[a] = 1
	}
	return out
}

// lastKeep reshapes t, the result of a reduction over the last axis of a tensor of shape, to keepdims
// form (..., 1), so that it broadcasts against that tensor.
func lastKeep(t *tensor.Tensor, shape tensor.Shape) *tensor.Tensor {
	return t.Reshape(keepDims(shape, []int{len(shape) - 1})...)
}

// float is the element type of float tensors.
type float interface{ ~float32 | ~float64 }

// zip returns f(a, b) element-wise for two float tensors of the same shape and dtype, as a new
// tensor, working in that dtype (no float64 round trip for float32 data).
func zip(a, b *tensor.Tensor, f32 func(x, y float32) float32, f64 func(x, y float64) float64) *tensor.Tensor {
	if a.DType() == tensor.Float32 && b.DType() == tensor.Float32 {
		return tensor.FromSlice(zipSlices(a.Float32s(), b.Float32s(), f32), a.Shape()...)
	}
	return tensor.FromSlice(zipSlices(a.Float64s(), b.Float64s(), f64), a.Shape()...)
}

func zipSlices[T float](a, b []T, f func(x, y T) T) []T {
	out := make([]T, len(a))
	for i := range out {
		out[i] = f(a[i], b[i])
	}
	return out
}

// passIfPositive is relu's backward for one element: the gradient g passes where the input x was
// positive.
func passIfPositive[T float](g, x T) T {
	if x > 0 {
		return g
	}
	return 0
}
