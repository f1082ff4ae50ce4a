package autodiff

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Dense returns x·w + b, then max(·, 0) when relu is true (op "dense", or "dense_relu"): the whole
// affine step of a Dense layer, and its ReLU, as one node, for x (m, k), w (k, p) and b (p,); the
// output is (m, p). It is the composition x.MatMul(w).BiasAdd(b) (then .Relu()) computed in one
// pass over the output and one matrix product, with the gradient rules of the composition fused:
//
//	forward:  z = x·w + b,  out = max(z, 0) (or out = z)
//	backward: dz = g where out > 0, else 0 (or dz = g)
//	          dx = dz·wᵀ (m, k),  dw = xᵀ·dz (k, p),  db = sum over rows of dz (p,)
//
// (out > 0 exactly where z > 0, so the ReLU mask is read from the output, and the derivative at 0
// is 0, as Relu's.) The matrix products run through tensor.MatMulInto with the transposes as flags;
// dx is computed only when x leads to a requested source, so a layer fed by the data costs two
// products backward, not three. Values and gradients live in the tape's recycled storage (see
// Tape.Reset).
//
// x, w and b must all be float32 or all float64 (the products are tensor's: SGEMM for float32,
// gonum's blas64 for float64, used by gradient checks); for mixed or integer dtypes Dense records the unfused composition
// instead (nodes "matmul", "bias_add", "relu"). It panics naming the shapes unless x is (m, k),
// w (k, p) and b (p,).
func (n *Node) Dense(w, b *Node, relu bool) *Node {
	op := Op("dense")
	if relu {
		op = "dense_relu"
	}
	sameTape(string(op), n, w, b)
	xs, ws, bs := n.Value.Shape(), w.Value.Shape(), b.Value.Shape()
	if len(xs) != 2 || len(ws) != 2 || len(bs) != 1 || xs[1] != ws[0] || bs[0] != ws[1] {
		notebook.Panic(fmt.Sprintf("autodiff.Dense: shapes %v, %v and %v do not fit: need x (m, k), w (k, p) and b (p,)", xs, ws, bs))
	}
	if dt := n.DType(); dt.IsFloat() && dt == w.DType() && dt == b.DType() {
		return denseFused(op, n, w, b, relu)
	}
	z := n.MatMul(w).BiasAdd(b)
	if relu {
		z = z.Relu()
	}
	return z
}

// denseFused records Dense for float x, w and b of one dtype, on tensor's fused dense step
// (AffineInto), its product into a destination (MatMulInto), and, with relu, its fused ReLU
// gradient and bias sum (ReluGradSumInto: dz and db in one pass), or else its axis sum (SumInto),
// into buffers of the tape.
func denseFused(op Op, n, w, b *Node, relu bool) *Node {
	tp := n.tape
	dt := n.DType()
	m, k, p := n.Value.Dim(0), n.Value.Dim(1), w.Value.Dim(1)
	x, wv := n.Value, w.Value
	out := tp.buffer(dt, m, p)
	tensor.AffineInto(out, x, wv, b.Value, relu) // out = max(x·w + b, 0) or x·w + b
	// backward: dz (and with relu db, in the same pass) is made once per incoming gradient g and
	// shared by the three rules.
	var seen, dz, db *tensor.Tensor
	delta := func(g *tensor.Tensor) *tensor.Tensor {
		if g != seen {
			seen, dz, db = g, g, nil
			if relu {
				dz, db = tp.buffer(dt, m, p), tp.buffer(dt, p)
				tensor.ReluGradSumInto(dz, db, g, out)
			}
		}
		return dz
	}
	return record(op, out, []*Node{n, w, b},
		func(g *tensor.Tensor) *tensor.Tensor { // dx = dz·wᵀ
			dx := tp.buffer(dt, m, k)
			tensor.MatMulInto(dx, delta(g), wv, false, true)
			return dx
		},
		func(g *tensor.Tensor) *tensor.Tensor { // dw = xᵀ·dz
			dw := tp.buffer(dt, k, p)
			if then := tp.takeSink(w); then != nil { // GradientApply: its parts to the optimizer as they are done
				tensor.MatMulIntoThen(dw, x, delta(g), true, false, func(i0, i1, j0, j1 int) { then(dw, i0, i1, j0, j1) })
				return dw
			}
			tensor.MatMulInto(dw, x, delta(g), true, false)
			return dw
		},
		func(g *tensor.Tensor) *tensor.Tensor { // db = sum over rows of dz
			d := delta(g)
			if db != nil {
				return db // made with dz
			}
			sum := tp.buffer(dt, p)
			tensor.SumInto(sum, d, 0)
			return sum
		},
	)
}
