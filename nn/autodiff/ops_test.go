package autodiff

import (
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// TestOpsGradient checks the backward rule of every operation against central finite differences.
// Each output is multiplied by fixed random weights before it is summed, so the gradient reaching
// the op is not just ones (a softmax's outputs, for instance, always sum to 1 per row).
func TestOpsGradient(t *testing.T) {
	r := tensor.NewRand(1)
	u := func(low, high float64, shape ...int) *tensor.Tensor {
		return tensor.RandomUniform(r, tensor.Float64, low, high, shape...)
	}
	// away returns uniform values in ±[0.2, 1): far enough from 0 for relu's kink.
	away := func(shape ...int) *tensor.Tensor {
		x := u(0.2, 1, shape...)
		signs := u(-1, 1, shape...)
		for i, s := range signs.Float64s() {
			if s < 0 {
				tensor.Storage[float64](x)[i] *= -1
			}
		}
		return x
	}
	oneHot := arr([][]float64{{0, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 1}})
	labels := arr([]int64{1, 0, 3})

	type fn = func(tp *Tape, xs []*Node) *Node
	unary := func(op func(*Node) *Node) fn { return func(_ *Tape, xs []*Node) *Node { return op(xs[0]) } }
	binary := func(op func(a, b *Node) *Node) fn { return func(_ *Tape, xs []*Node) *Node { return op(xs[0], xs[1]) } }

	tests := []struct {
		name   string
		f      fn
		inputs []*tensor.Tensor
	}{
		{"add (2,3)+(3,)", binary((*Node).Add), []*tensor.Tensor{u(-1, 1, 2, 3), u(-1, 1, 3)}},
		{"add (3,1)+(1,4)", binary((*Node).Add), []*tensor.Tensor{u(-1, 1, 3, 1), u(-1, 1, 1, 4)}},
		{"add ()+(2,3)", binary((*Node).Add), []*tensor.Tensor{u(-1, 1), u(-1, 1, 2, 3)}},
		{"sub (2,3)-(3,)", binary((*Node).Sub), []*tensor.Tensor{u(-1, 1, 2, 3), u(-1, 1, 3)}},
		{"mul (2,3)*(2,1)", binary((*Node).Mul), []*tensor.Tensor{u(-1, 1, 2, 3), u(-1, 1, 2, 1)}},
		{"mul x*x", func(_ *Tape, xs []*Node) *Node { return xs[0].Mul(xs[0]) }, []*tensor.Tensor{u(-1, 1, 2, 3)}},
		{"div (4,1,3)/(1,2,3)", binary((*Node).Div), []*tensor.Tensor{u(-1, 1, 4, 1, 3), u(0.5, 2, 1, 2, 3)}},
		{"neg", unary((*Node).Neg), []*tensor.Tensor{u(-1, 1, 2, 3)}},
		{"reciprocal", unary((*Node).Reciprocal), []*tensor.Tensor{u(0.5, 2, 2, 3)}},
		{"add_scalar", unary(func(n *Node) *Node { return n.AddScalar(3) }), []*tensor.Tensor{u(-1, 1, 2, 3)}},
		{"mul_scalar", unary(func(n *Node) *Node { return n.MulScalar(-2.5) }), []*tensor.Tensor{u(-1, 1, 2, 3)}},
		{"square", unary((*Node).Square), []*tensor.Tensor{u(-1, 1, 2, 3)}},
		{"exp", unary((*Node).Exp), []*tensor.Tensor{u(-1, 1, 2, 3)}},
		{"log of positive inputs", unary((*Node).Log), []*tensor.Tensor{u(0.5, 2, 2, 3)}},
		{"matmul (3,4)·(4,2)", binary((*Node).MatMul), []*tensor.Tensor{u(-1, 1, 3, 4), u(-1, 1, 4, 2)}},
		{"bias_add (3,4)+(4,)", binary((*Node).BiasAdd), []*tensor.Tensor{u(-1, 1, 3, 4), u(-1, 1, 4)}},
		{"relu", unary((*Node).Relu), []*tensor.Tensor{away(3, 4)}},
		{"sigmoid", unary((*Node).Sigmoid), []*tensor.Tensor{u(-3, 3, 3, 4)}},
		{"tanh", unary((*Node).Tanh), []*tensor.Tensor{u(-2, 2, 3, 4)}},
		{"softmax (3,4)", unary((*Node).Softmax), []*tensor.Tensor{u(-2, 2, 3, 4)}},
		{"softmax (2,2,3)", unary((*Node).Softmax), []*tensor.Tensor{u(-2, 2, 2, 2, 3)}},
		{"sum all", unary(func(n *Node) *Node { return n.Sum() }), []*tensor.Tensor{u(-1, 1, 2, 3)}},
		{"sum axis 0", unary(func(n *Node) *Node { return n.Sum(0) }), []*tensor.Tensor{u(-1, 1, 2, 3)}},
		{"sum axis -1", unary(func(n *Node) *Node { return n.Sum(-1) }), []*tensor.Tensor{u(-1, 1, 2, 3)}},
		{"sum axes 0,2", unary(func(n *Node) *Node { return n.Sum(0, 2) }), []*tensor.Tensor{u(-1, 1, 2, 3, 4)}},
		{"mean all", unary(func(n *Node) *Node { return n.Mean() }), []*tensor.Tensor{u(-1, 1, 2, 3)}},
		{"mean axis 1", unary(func(n *Node) *Node { return n.Mean(1) }), []*tensor.Tensor{u(-1, 1, 2, 3, 4)}},
		{"reshape (2,3)->(3,2)", unary(func(n *Node) *Node { return n.Reshape(3, 2) }), []*tensor.Tensor{u(-1, 1, 2, 3)}},
		{"reshape (2,3)->(-1,)", unary(func(n *Node) *Node { return n.Reshape(-1) }), []*tensor.Tensor{u(-1, 1, 2, 3)}},
		{"categorical crossentropy of probabilities", unary(func(n *Node) *Node {
			return CategoricalCrossentropy(oneHot, n)
		}), []*tensor.Tensor{u(0.1, 1, 3, 4)}},
		{"categorical crossentropy fused with softmax", unary(func(n *Node) *Node {
			return CategoricalCrossentropy(oneHot, n.Softmax())
		}), []*tensor.Tensor{u(-3, 3, 3, 4)}},
		{"categorical crossentropy from logits, soft labels", unary(func(n *Node) *Node {
			return CategoricalCrossentropyFromLogits(arr([][]float64{{0.2, 0.3, 0.5, 0}, {1, 0, 0, 0}, {0, 0.5, 0, 1}}), n)
		}), []*tensor.Tensor{u(-3, 3, 3, 4)}},
		{"sparse categorical crossentropy of probabilities", unary(func(n *Node) *Node {
			return SparseCategoricalCrossentropy(labels, n)
		}), []*tensor.Tensor{u(0.1, 1, 3, 4)}},
		{"sparse categorical crossentropy fused with softmax", unary(func(n *Node) *Node {
			return SparseCategoricalCrossentropy(labels, n.Softmax())
		}), []*tensor.Tensor{u(-3, 3, 3, 4)}},
		{"dense relu dense softmax loss", func(_ *Tape, xs []*Node) *Node {
			x, w1, b1, w2, b2 := xs[0], xs[1], xs[2], xs[3], xs[4]
			h := x.MatMul(w1).BiasAdd(b1).Relu()
			return SparseCategoricalCrossentropy(labels, h.MatMul(w2).BiasAdd(b2).Softmax())
		}, []*tensor.Tensor{u(-1, 1, 3, 5), u(-1, 1, 5, 6), u(-0.1, 0.1, 6), u(-1, 1, 6, 4), u(-0.1, 0.1, 4)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			shape := tc.f(constants(tc.inputs)).Value.Shape()
			weights := tensor.RandomUniform(tensor.NewRand(2), tensor.Float64, 0.5, 1.5, shape...)
			f := func(tp *Tape, xs []*Node) *Node { return tc.f(tp, xs).Mul(tp.Constant(weights)) }
			maxErr, err := CheckGradient(f, tc.inputs, 1e-6)
			if err != nil {
				t.Error(err)
			}
			t.Logf("max error %.2g", maxErr)
		})
	}
}

// constants returns a new tape with xs recorded on it as constants, to learn an output's shape.
func constants(xs []*tensor.Tensor) (*Tape, []*Node) {
	tp := NewTape()
	nodes := make([]*Node, len(xs))
	for i, x := range xs {
		nodes[i] = tp.Constant(x)
	}
	return tp, nodes
}
