package autodiff

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"

	"github.com/nnbook/nnbook/internal/notebook"
)

// MatMul returns the matrix product n·o (op "matmul"): (m, k)·(k, p) -> (m, p), as tf.matmul,
// the heart of a Dense layer. Operands of different float dtypes are computed in the wider one.
// It panics naming both shapes unless both are matrices with equal inner sizes.
//
// Backward, for C = A·B with output gradient dC: dA = dC·Bᵀ (m, k) and dB = Aᵀ·dC (k, p).
// The transposes are views, passed to BLAS as flags: nothing is copied. Float32 products (Dot's
// SGEMM, the same bits) are made into the tape's storage (see Tape.Reset).
func (n *Node) MatMul(o *Node) *Node {
	as, bs := n.Value.Shape(), o.Value.Shape()
	if len(as) != 2 || len(bs) != 2 || as[1] != bs[0] {
		notebook.Panic(fmt.Sprintf("autodiff.MatMul: shapes %v and %v cannot be multiplied: need (m, k) and (k, p)", as, bs))
	}
	tp := sameTape("matmul", n, o)
	a, b := sameDType(n.Value, o.Value)
	if a.DType() == tensor.Float32 {
		// the same products (Dot's SGEMM, the same flags) into the tape's storage
		product := func(x, y *tensor.Tensor, tx, ty bool, rows, cols int) *tensor.Tensor {
			c := tp.buffer(tensor.Float32, rows, cols)
			tensor.MatMulInto(c, x, y, tx, ty)
			return c
		}
		return record("matmul", product(a, b, false, false, as[0], bs[1]), []*Node{n, o},
			func(g *tensor.Tensor) *tensor.Tensor { return product(g, b, false, true, as[0], as[1]) }, // dA = dC·Bᵀ
			func(g *tensor.Tensor) *tensor.Tensor { return product(a, g, true, false, bs[0], bs[1]) }, // dB = Aᵀ·dC
		)
	}
	return record("matmul", tensor.Dot(a, b), []*Node{n, o},
		func(g *tensor.Tensor) *tensor.Tensor { return tensor.Dot(g, b.Transpose()) }, // dA = dC·Bᵀ
		func(g *tensor.Tensor) *tensor.Tensor { return tensor.Dot(a.Transpose(), g) }, // dB = Aᵀ·dC
	)
}

// sameDType returns a and b converted to the wider of their dtypes (Uint8 < Int64 < Float32 < Float64).
func sameDType(a, b *tensor.Tensor) (*tensor.Tensor, *tensor.Tensor) {
	switch {
	case a.DType() < b.DType():
		a = a.AsType(b.DType())
	case b.DType() < a.DType():
		b = b.AsType(a.DType())
	}
	return a, b
}

// BiasAdd returns n + b with the bias b added to every row (op "bias_add"), as tf.nn.bias_add:
// (m, p) + (p,) -> (m, p); in general b's size must equal n's last axis.
// It panics naming both shapes otherwise.
//
// Backward: it is Add with broadcasting, so the bias receives the gradient summed over the batch,
// db = sum over rows of dC (p,), and the input receives dC unchanged.
func (n *Node) BiasAdd(b *Node) *Node {
	xs, bs := n.Value.Shape(), b.Value.Shape()
	if len(xs) < 1 || len(bs) != 1 || xs[len(xs)-1] != bs[0] {
		notebook.Panic(fmt.Sprintf("autodiff.BiasAdd: bias of shape %v does not match the last axis of %v", bs, xs))
	}
	return n.add("bias_add", b)
}

// Reshape returns n with a new shape of the same size (op "reshape"), as tf.reshape; one size may
// be -1 and is inferred. It panics naming both shapes when the sizes differ.
//
// Backward: the gradient is reshaped back to n's shape.
func (n *Node) Reshape(shape ...int) *Node {
	in := n.Value.Shape()
	size, unknown, bad := 1, 0, false
	for _, d := range shape {
		switch {
		case d == -1:
			unknown++
		case d < 0:
			bad = true
		default:
			size *= d
		}
	}
	if bad || unknown > 1 || (unknown == 0 && size != in.Size()) || (unknown == 1 && (size == 0 || in.Size()%size != 0)) {
		notebook.Panic(fmt.Sprintf("autodiff.Reshape: cannot reshape %v into %v", in, tensor.Shape(shape)))
	}
	return record("reshape", n.Value.Reshape(shape...), []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor { return g.Reshape(in...) },
	)
}
