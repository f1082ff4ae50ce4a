package autodiff

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/nnbook/nnbook/nn/internal/gemm"
	"github.com/nnbook/nnbook/nn/tensor"
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
// is 0, as Relu's.) The matrix products run on this module's SGEMM with the transposes as flags;
// dx is computed only when x leads to a requested source, so a layer fed by the data costs two
// products backward, not three. Values and gradients live in the tape's recycled storage (see
// Tape.Reset).
//
// x, w and b must all be float32 (the products on this module's SGEMM) or all float64 (on gonum's
// blas64, for gradient checks); for mixed or integer dtypes Dense records the unfused composition
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
		panic(fmt.Sprintf("autodiff.Dense: shapes %v, %v and %v do not fit: need x (m, k), w (k, p) and b (p,)", xs, ws, bs))
	}
	switch dt := n.DType(); {
	case dt != w.DType() || dt != b.DType():
	case dt == tensor.Float32:
		return denseOf(op, n, w, b, relu, gemm.Sgemm)
	case dt == tensor.Float64:
		return denseOf(op, n, w, b, relu, dgemm)
	}
	z := n.MatMul(w).BiasAdd(b)
	if relu {
		z = z.Relu()
	}
	return z
}

// gemmFunc computes C = alpha·op(A)·op(B) + beta·C on row-major matrices, as gemm.Sgemm.
type gemmFunc[T float] func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)

// denseOf is Dense for values of type T, multiplied by mul.
func denseOf[T float](op Op, n, w, b *Node, relu bool, mul gemmFunc[T]) *Node {
	tp := n.tape
	m, k, p := n.Value.Dim(0), n.Value.Dim(1), w.Value.Dim(1)
	// Row-major storage: the values' own for contiguous tensors (the usual case), copies otherwise.
	x, wd, bias := valuesOf[T](n.Value), valuesOf[T](w.Value), valuesOf[T](b.Value)
	out := buffer[T](tp, m, p)
	z := valuesOf[T](out)
	// forward
	mul(false, false, m, p, k, 1, x, k, wd, p, 0, z, p) // z = x·w
	addBiasRelu(z, bias, relu)                          // z = max(z + b, 0)
	// backward: dz is made once per incoming gradient g and shared by the three rules.
	var seen *tensor.Tensor
	var dz []T
	delta := func(g *tensor.Tensor) []T {
		if g != seen {
			seen, dz = g, valuesOf[T](g)
			if relu {
				masked := valuesOf[T](buffer[T](tp, m, p))
				maskRelu(masked, dz, z)
				dz = masked
			}
		}
		return dz
	}
	return record(op, out, []*Node{n, w, b},
		func(g *tensor.Tensor) *tensor.Tensor { // dx = dz·wᵀ
			dx := buffer[T](tp, m, k)
			mul(false, true, m, k, p, 1, delta(g), p, wd, p, 0, valuesOf[T](dx), k)
			return dx
		},
		func(g *tensor.Tensor) *tensor.Tensor { // dw = xᵀ·dz
			dw := buffer[T](tp, k, p)
			mul(true, false, k, p, m, 1, x, k, delta(g), p, 0, valuesOf[T](dw), p)
			return dw
		},
		func(g *tensor.Tensor) *tensor.Tensor { // db = sum over rows of dz
			db := buffer[T](tp, p)
			sumRows(valuesOf[T](db), delta(g))
			return db
		},
	)
}

// valuesOf returns t's elements as []T in row-major order: t's own storage when t is contiguous and
// of type T, otherwise a converted copy.
func valuesOf[T float](t *tensor.Tensor) []T {
	var out any
	switch any(T(0)).(type) {
	case float32:
		out = t.Float32s()
	default:
		out = t.Float64s()
	}
	return out.([]T)
}

// buffer returns a tensor of type T and the given shape, contents unspecified: float32 ones from the
// tape's recycled storage, float64 ones newly allocated.
func buffer[T float](tp *Tape, shape ...int) *tensor.Tensor {
	if _, ok := any(T(0)).(float32); ok {
		return tp.arena.tensor32(shape...)
	}
	return tensor.New(tensor.Float64, shape...)
}

// dgemm is gemm.Sgemm's signature for float64, on gonum's blas64.
func dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	ta, tb := blas.NoTrans, blas.NoTrans
	ra, ca, rb, cb := m, k, k, n
	if transA {
		ta, ra, ca = blas.Trans, k, m
	}
	if transB {
		tb, rb, cb = blas.Trans, n, k
	}
	blas64.Gemm(ta, tb, alpha, blas64.General{Rows: ra, Cols: ca, Stride: lda, Data: a},
		blas64.General{Rows: rb, Cols: cb, Stride: ldb, Data: b}, beta, blas64.General{Rows: m, Cols: n, Stride: ldc, Data: c})
}

// addBiasRelu adds bias to every row of z (rows of len(bias)) and, when relu, replaces each
// element by max(element, 0), in place.
func addBiasRelu[T float](z, bias []T, relu bool) {
	p := len(bias)
	for i := 0; i+p <= len(z); i += p {
		row := z[i : i+p : i+p]
		if relu {
			for j, b := range bias {
				row[j] = max(row[j]+b, 0)
			}
		} else {
			for j, b := range bias {
				row[j] += b
			}
		}
	}
}

// maskRelu sets dz[i] = g[i] where out[i] > 0, else 0: the gradient through a ReLU, read from its
// output. It selects by masking the bits of g (all ones or all zeros), without a branch: the signs
// of activations are as unpredictable as coin tosses, and a mispredicted branch per element cost
// more than the matrix products around it.
func maskRelu[T float](dz, g, out []T) {
	g, out = g[:len(dz)], out[:len(dz)]
	switch dz := any(dz).(type) {
	case []float32:
		g, out := any(g).([]float32), any(out).([]float32)
		for i := range dz {
			var keep uint32
			if out[i] > 0 {
				keep = 1
			}
			dz[i] = math.Float32frombits(math.Float32bits(g[i]) & -keep) // -keep is all ones or zero
		}
	case []float64:
		g, out := any(g).([]float64), any(out).([]float64)
		for i := range dz {
			var keep uint64
			if out[i] > 0 {
				keep = 1
			}
			dz[i] = math.Float64frombits(math.Float64bits(g[i]) & -keep)
		}
	}
}

// sumRows sets s to the sum of the rows of d (rows of len(s)), adding the rows in order, as NumPy's
// d.sum(axis=0) does for a row-major d.
func sumRows[T float](s, d []T) {
	p := len(s)
	copy(s, d[:p])
	for i := p; i+p <= len(d); i += p {
		row := d[i : i+p : i+p]
		for j := range s {
			s[j] += row[j]
		}
	}
}
