package autodiff

import (
	"math"

	"github.com/nnbook/nnbook/nn/internal/simd"
	"github.com/nnbook/nnbook/nn/tensor"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Activations: the non-linear functions a Dense layer applies after its affine step.

// Relu returns max(n, 0) element-wise (op "relu").
//
// Backward: the gradient passes where the input was positive and is 0 elsewhere
// (the derivative at 0 is taken as 0, as TensorFlow does).
//
// Float values and gradients live in the tape's storage (tensor.ReluInto forward). For a matrix,
// the backward step also sums the columns of the gradient it makes, in the same pass
// (tensor.ReluGradSumInto), and leaves the sums on the tape: the gradient of a bias added just
// before the ReLU (x·W + b, then Relu) is those sums, which Add's backward step then takes
// instead of summing again.
func (n *Node) Relu() *Node {
	tp := sameTape("relu", n)
	a := n.Value
	var r *tensor.Tensor
	if a.DType().IsFloat() {
		r = tp.buffer(a.DType(), a.Shape()...)
		tensor.ReluInto(r, a)
	} else {
		r = a.Relu()
	}
	return record("relu", r, []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor {
			if dt := g.DType(); dt.IsFloat() && a.DType() == dt {
				d := tp.buffer(dt, g.Shape()...)
				if g.NDim() != 2 {
					tensor.ReluGradInto(d, g, r) // g where relu(a) > 0, that is where a > 0
					return d
				}
				db := tp.buffer(dt, g.Dim(1))
				tensor.ReluGradSumInto(d, db, g, r)
				tp.colSums = colSums{of: d, sums: db}
				return d
			}
			return g.Mul(a.Relu().Minimum(tensor.Scalar(a.DType(), 1)).Equal(tensor.Scalar(a.DType(), 1))) // integers
		},
	)
}

// Sigmoid returns 1/(1+e**-n) element-wise (op "sigmoid").
//
// Backward: dσ(a)/da = σ(a)·(1-σ(a)), computed from the output.
func (n *Node) Sigmoid() *Node {
	out := n.Value.Sigmoid()
	return record("sigmoid", out, []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor { return g.Mul(out.Mul(out.Neg().AddScalar(1))) },
	)
}

// Tanh returns tanh(n) element-wise (op "tanh").
//
// Backward: d tanh(a)/da = 1 - tanh(a)², computed from the output.
func (n *Node) Tanh() *Node {
	out := n.Value.Tanh()
	return record("tanh", out, []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor { return g.Mul(out.Square().Neg().AddScalar(1)) },
	)
}

// Softmax returns e**n / sum(e**n) over the last axis (op "softmax"), as tf.nn.softmax: each row
// becomes a probability distribution. The row maximum is subtracted before exponentiating, so large
// inputs do not overflow. It panics on a scalar.
//
// Backward, for s = softmax(a) and output gradient g: da = s * (g - sum(g*s)) along the last axis.
//
// CategoricalCrossentropy and SparseCategoricalCrossentropy recognise a Softmax node and compute
// the loss from its input (the logits) instead, which is safer.
func (n *Node) Softmax() *Node {
	shape := n.Value.Shape()
	if len(shape) == 0 {
		notebook.Panic("autodiff.Softmax: needs at least one axis, got a scalar of shape ()")
	}
	var out *tensor.Tensor
	if k := shape[len(shape)-1]; n.Value.DType() == tensor.Float32 && k > 0 {
		out = softmax32(n.tape, tensor.Storage[float32](n.Value.Contiguous()), k) // the same arithmetic, row by row, no temporaries
	} else {
		shifted := n.Value.Sub(lastKeep(n.Value.Max(-1), shape)) // a - max(a): same softmax, no overflow
		e := shifted.Exp()
		out = e.Div(lastKeep(e.Sum(-1), shape))
	}
	out = out.Reshape(shape...)
	return record(OpSoftmax, out, []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor {
			return out.Mul(g.Sub(lastKeep(g.Mul(out).Sum(-1), shape)))
		},
	)
}

// softmax32 returns softmax(a) over rows of k float32s in the tape's recycled storage, rounding
// each step as Softmax's tensor operations do: e = exp(a - max(a)), out = e / sum(e), the sums
// by tensor.SumInto.
func softmax32(tp *Tape, a []float32, k int) *tensor.Tensor {
	m := len(a) / k
	out := tp.arena.tensor32(m, k)
	o := tensor.Storage[float32](out)
	for i := 0; i+k <= len(a); i += k {
		row, e := a[i:i+k], o[i:i+k]
		mx := float32(math.Inf(-1))
		for _, v := range row {
			mx = max(mx, v)
		}
		for j, v := range row {
			e[j] = v - mx
		}
	}
	simd.Exp(o, o) // math.Exp's bits, 8 at a time
	sums := tp.arena.tensor32(m)
	tensor.SumInto(sums, out, -1)
	for i, s := range tensor.Storage[float32](sums) {
		e := o[i*k : (i+1)*k]
		for j := range e {
			e[j] /= s
		}
	}
	return out
}
