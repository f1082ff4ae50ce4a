package autodiff

import (
	"github.com/nnbook/nnbook/nn/tensor"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Sum returns the sum of n over axes (op "sum"), as tf.reduce_sum: over all elements, giving a
// scalar, when no axes are given; negative axes count from the end. The summed axes are removed.
// It panics naming the shape when an axis is out of range or repeated.
//
// Backward: every element contributed once to its sum, so each receives the gradient of its sum:
// g is repeated along the summed axes back to n's shape.
func (n *Node) Sum(axes ...int) *Node {
	in := n.Value.Shape()
	keep := keepDims("Sum", in, axes)
	return record("sum", n.Value.Sum(axes...), []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor {
			return g.Reshape(keep...).BroadcastTo(in...).Clone()
		},
	)
}

// Mean returns the mean of n over axes (all when none are given), as tf.reduce_mean, built as
// Sum(axes) times 1/count (ops "sum", "mul_scalar"). It panics as Sum does.
func (n *Node) Mean(axes ...int) *Node {
	in := n.Value.Shape()
	count := 1
	for i, d := range keepDims("Mean", in, axes) {
		if d != in[i] {
			count *= in[i]
		}
	}
	return n.Sum(axes...).MulScalar(1 / float64(count))
}

// keepDims returns the keepdims shape of a reduction of shape over axes, panicking with op's name
// when an axis is out of range or repeated.
func keepDims(op string, shape tensor.Shape, axes []int) tensor.Shape {
	keep, err := shape.KeepDims(axes...)
	if err != nil {
		notebook.Panic("autodiff." + op + ": " + err.Error())
	}
	return keep
}

// lastKeep reshapes t, the result of a reduction over the last axis of a tensor of shape, to
// keepdims form (..., 1), so that it broadcasts against that tensor.
func lastKeep(t *tensor.Tensor, shape tensor.Shape) *tensor.Tensor {
	return t.Reshape(keepDims("lastKeep", shape, []int{-1})...)
}
