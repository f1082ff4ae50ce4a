package tensor

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/nnbook/nnbook/nn/internal/gemm"
	"github.com/nnbook/nnbook/nn/internal/simd"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Operations into a destination: each writes its result into dst's storage instead of a new
// tensor, so a training loop can reuse its buffers from step to step (nn/autodiff's tape does).
// dst must be contiguous (a freshly made tensor, or one from FromSlice) unless a function says
// otherwise; each panics naming the shapes when they do not fit. The results are bit for bit
// those of the allocating forms (Dot, Sum, Add, ...), whose arithmetic they share.

// CopyTo copies src into dst's storage, as np.copyto(dst, src): src is converted to dst's dtype
// and broadcast to dst's shape; dst may be any view (a slice, a transpose). It panics naming both
// shapes when src does not broadcast to dst's.
func CopyTo(dst, src *Tensor) {
	if len(src.shape) > len(dst.shape) || !broadcastsTo(src.shape, dst.shape) {
		notebook.Panic(fmt.Sprintf("tensor.CopyTo: cannot copy shape %v into shape %v", src.shape, dst.shape))
	}
	assign(dst, src.asType(dst.dtype))
}

// broadcastsTo reports whether shape s broadcasts to shape d without changing d.
func broadcastsTo(s, d Shape) bool {
	for i := 1; i <= len(s); i++ {
		if a, b := s[len(s)-i], d[len(d)-i]; a != b && a != 1 {
			return false
		}
	}
	return true
}

// MatMulInto sets dst to op(a)·op(b), where op(x) is x or, when its flag is set, xᵀ: BLAS's gemm
// without the scaling, on the same kernels as Dot (SGEMM for Float32, gonum's blas64 for Float64).
// a, b and dst are 2-D of one float dtype; a and b may be views (a transposed view is passed as a
// flag, not copied); dst must be contiguous with shape (rows of op(a), columns of op(b)).
func MatMulInto(dst, a, b *Tensor, transA, transB bool) {
	MatMulIntoThen(dst, a, b, transA, transB, nil)
}

// MatMulIntoThen is MatMulInto, calling then(i0, i1, j0, j1) as soon as rows [i0, i1) and columns
// [j0, j1) of dst hold their final values: disjoint parts covering dst once, handed over by the
// goroutines that computed them, so that several calls of then may run at once, beside the product
// of other parts (float64 products, from gonum, give all of dst in one part at the end). It is for
// the pass that reads the product next, an optimizer's update of a weight gradient or a layer's
// bias and ReLU: done on each part while it is in cache, it is split over the cores as the product
// is. then must touch no element of dst outside its part; nil means none.
func MatMulIntoThen(dst, a, b *Tensor, transA, transB bool, then func(i0, i1, j0, j1 int)) {
	if a.dtype != b.dtype || a.dtype != dst.dtype || !a.dtype.IsFloat() {
		notebook.Panic(fmt.Sprintf("tensor.MatMulInto: dtypes %v, %v into %v: all must be one float dtype", a.dtype, b.dtype, dst.dtype))
	}
	if len(a.shape) != 2 || len(b.shape) != 2 || len(dst.shape) != 2 {
		notebook.Panic(fmt.Sprintf("tensor.MatMulInto: shapes %v and %v into %v: all must be 2-D", a.shape, b.shape, dst.shape))
	}
	m, k := a.shape[0], a.shape[1]
	if transA {
		m, k = k, m
	}
	kb, n := b.shape[0], b.shape[1]
	if transB {
		kb, n = n, kb
	}
	if k != kb || dst.shape[0] != m || dst.shape[1] != n || !dst.IsContiguous() {
		notebook.Panic(fmt.Sprintf("tensor.MatMulInto: op(a) of shape (%d, %d) and op(b) of shape (%d, %d) into %v (contiguous %v)",
			m, k, kb, n, dst.shape, dst.IsContiguous()))
	}
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		dst.Fill(0)
		if then != nil {
			then(0, m, 0, n)
		}
		return
	}
	switch dst.dtype {
	case Float32:
		ad, ta, _, _, lda := blasOperand[float32](a)
		bd, tb, _, _, ldb := blasOperand[float32](b)
		c := dst.data.([]float32)[dst.offset:]
		gemm.SgemmThen((ta == blas.Trans) != transA, (tb == blas.Trans) != transB, m, n, k, 1, ad, lda, bd, ldb, 0, c, n, then)
		return
	case Float64:
		ad, ta, ar, ac, lda := blasOperand[float64](a)
		bd, tb, br, bc, ldb := blasOperand[float64](b)
		c := dst.data.([]float64)[dst.offset:]
		blas64.Gemm(xorTrans(ta, transA), xorTrans(tb, transB),
			1, blas64.General{Rows: ar, Cols: ac, Stride: lda, Data: ad},
			blas64.General{Rows: br, Cols: bc, Stride: ldb, Data: bd},
			0, blas64.General{Rows: m, Cols: n, Stride: n, Data: c})
	}
	if then != nil {
		then(0, m, 0, n)
	}
}

// xorTrans returns t, flipped when set.
func xorTrans(t blas.Transpose, set bool) blas.Transpose {
	if set {
		return flip(t)
	}
	return t
}

// SumInto sets dst to src's sum over axes, as Sum (the same summation order, so the same bits):
// dst has Sum's result shape and dtype and is contiguous.
func SumInto(dst, src *Tensor, axes ...int) {
	// The training step's cases, a row or column sum of a contiguous float matrix, without an
	// iterator or allocation: the same order as reduceKernel's.
	if len(src.shape) == 2 && len(axes) == 1 && src.IsContiguous() && src.dtype == dst.dtype && src.dtype.IsFloat() &&
		len(dst.shape) == 1 && dst.IsContiguous() {
		ax := axes[0]
		if ax < 0 {
			ax += 2
		}
		if (ax == 0 || ax == 1) && dst.shape[0] == src.shape[1-ax] {
			switch d := dst.data.(type) {
			case []float32:
				sumMatrix(d[dst.offset:dst.offset+dst.Size()], src.data.([]float32)[src.offset:src.offset+src.Size()], src.shape[1], ax == 1)
			case []float64:
				sumMatrix(d[dst.offset:dst.offset+dst.Size()], src.data.([]float64)[src.offset:src.offset+src.Size()], src.shape[1], ax == 1)
			}
			return
		}
	}
	sumIntoAny(dst, src, slices.Clone(axes)) // a copy, so that the caller's axes stay on its stack
}

// sumIntoAny is SumInto for any shape and axes.
func sumIntoAny(dst, src *Tensor, axes []int) {
	red := src.reduceMask("SumInto", axes)
	want := reducedShape(src.shape, red)
	if !dst.shape.Equal(want) || dst.dtype != src.sumDType() || !dst.IsContiguous() {
		notebook.Panic(fmt.Sprintf("tensor.SumInto: the sum of %v %v over axes %v is %v %v, dst is %v %v (contiguous %v)",
			src.dtype, src.shape, axes, src.sumDType(), want, dst.dtype, dst.shape, dst.IsContiguous()))
	}
	dst.Fill(0)
	src.reduceInto(redSum, red, dst)
}

// sumMatrix sets d to the sums of the rows (byRow) or columns of the row-major matrix x with k
// columns, in reduceKernel's order: pairwise along a row, row after row down a column.
func sumMatrix[T float32 | float64](d, x []T, k int, byRow bool) {
	if byRow {
		for i := range d {
			d[i] = 0
			d[i] += pairwiseSum[T](x[i*k:], k, 1)
		}
		return
	}
	clear(d)
	for i := 0; i+k <= len(x) && k > 0; i += k {
		row := x[i : i+k : i+k]
		for j := range d {
			d[j] += row[j]
		}
	}
}

// Affine returns x·w + b, with b added to every row: the plain dense step, as Dot(x, w).Add(b).
// AffineInto is the same computation fused into one destination.
func Affine(x, w, b *Tensor) *Tensor { return Dot(x, w).Add(b) }

// AffineInto sets dst to x·w + b (b added to every row), and with relu to max(x·w + b, 0): the
// fused dense step, one product into dst and one pass adding the bias (and clipping), bit for bit
// Affine(x, w, b) (and its Relu). x (m, k), w (k, p), b (p,) and dst (m, p) are of one float
// dtype; dst is contiguous.
func AffineInto(dst, x, w, b *Tensor, relu bool) {
	if len(b.shape) != 1 || len(w.shape) != 2 || b.shape[0] != w.shape[1] || b.dtype != dst.dtype {
		notebook.Panic(fmt.Sprintf("tensor.AffineInto: bias %v %v does not fit weights %v into %v", b.dtype, b.shape, w.shape, dst.dtype))
	}
	switch dst.dtype {
	case Float32:
		// bias and ReLU on each part of the product as it is finished, on the goroutine that made it
		z, bias := values[float32](dst), values[float32](b.Contiguous())
		MatMulIntoThen(dst, x, w, false, false, func(i0, i1, j0, j1 int) { simd.BiasReluPart(z, bias, i0, i1, j0, j1, relu) })
	case Float64:
		MatMulInto(dst, x, w, false, false)
		BiasAddInto(dst, dst, b, relu)
	default:
		MatMulInto(dst, x, w, false, false) // panics naming the dtypes
	}
}

// BiasAddInto sets dst to z + b, with b added to every row, and with relu to max(z + b, 0): the
// pass that follows the product in AffineInto, on its own, bit for bit z.Add(b) (and its Relu).
// z (..., p) may be a view; b (p,) and dst (z's shape, contiguous) are of z's float dtype; dst may
// be z itself when z is contiguous. Float32 runs on nn/internal/simd (AVX-512 where the CPU has
// it). It panics naming the shapes when they do not fit.
func BiasAddInto(dst, z, b *Tensor, relu bool) {
	if !z.dtype.IsFloat() || b.dtype != z.dtype || dst.dtype != z.dtype || len(z.shape) == 0 || len(b.shape) != 1 ||
		b.shape[0] != z.shape[len(z.shape)-1] || !dst.shape.Equal(z.shape) || !dst.IsContiguous() {
		notebook.Panic(fmt.Sprintf("tensor.BiasAddInto: %v %v plus bias %v %v into %v %v (contiguous %v): need z (..., p), b (p,) and dst of z's shape, one float dtype",
			z.dtype, z.shape, b.dtype, b.shape, dst.dtype, dst.shape, dst.IsContiguous()))
	}
	switch dst.dtype {
	case Float32:
		simd.BiasRelu(copyOf[float32](dst, z), values[float32](b.Contiguous()), relu)
	case Float64:
		addBiasRelu(copyOf[float64](dst, z), values[float64](b.Contiguous()), relu)
	}
}

// ReluInto sets dst to max(a, 0) element-wise, bit for bit a.Relu() (NaN stays NaN, -0 becomes
// 0): a may be a view, dst (a's shape, contiguous) is of a's float dtype and may be a itself.
// Float32 runs on nn/internal/simd. It panics naming the shapes when they do not fit.
func ReluInto(dst, a *Tensor) {
	if !a.dtype.IsFloat() || dst.dtype != a.dtype || !dst.shape.Equal(a.shape) || !dst.IsContiguous() {
		notebook.Panic(fmt.Sprintf("tensor.ReluInto: %v %v into %v %v (contiguous %v): need one float dtype and shape",
			a.dtype, a.shape, dst.dtype, dst.shape, dst.IsContiguous()))
	}
	switch dst.dtype {
	case Float32:
		simd.Relu(copyOf[float32](dst, a))
	case Float64:
		d := copyOf[float64](dst, a)
		for i, v := range d {
			d[i] = max(v, 0)
		}
	}
}

// copyOf copies src into dst (of one dtype T and shape; dst contiguous) and returns dst's
// elements: one copy when src is contiguous (none when it is dst), else CopyTo's.
func copyOf[T float32 | float64](dst, src *Tensor) []T {
	d := values[T](dst)
	if !src.IsContiguous() {
		CopyTo(dst, src)
	} else if s := values[T](src); len(d) > 0 && &s[0] != &d[0] {
		copy(d, s)
	}
	return d
}

// addBiasRelu adds bias to every row of z (rows of len(bias)) and, when relu, replaces each
// element by max(element, 0), in place: float64's path, nn/internal/simd's plain Go loop
// BiasReluGo over all columns (float32's is simd.BiasReluPart, the same loop in AVX-512 where the
// CPU has it, on each part of the product as SgemmThen finishes it).
func addBiasRelu[T float32 | float64](z, bias []T, relu bool) {
	p := len(bias)
	if p == 0 {
		return
	}
	simd.BiasReluGo(z, bias, len(z)/p, 0, p, relu)
}

// ReluGradInto sets dst to g where out > 0 and to 0 elsewhere: the gradient through a ReLU whose
// output was out, as g.Mul(out.Greater(0)) would (bit for bit, signed zeros aside). g, out and dst
// have one float dtype and one shape; dst is contiguous and may be g itself.
//
// It selects by masking the bits of g with all ones or all zeros, without a branch: the signs of
// activations are as unpredictable as coin tosses, and a mispredicted branch per element costs
// more than the matrix products around it.
func ReluGradInto(dst, g, out *Tensor) {
	if g.dtype != dst.dtype || out.dtype != dst.dtype || !g.shape.Equal(dst.shape) || !out.shape.Equal(dst.shape) || !dst.IsContiguous() || !dst.dtype.IsFloat() {
		notebook.Panic(fmt.Sprintf("tensor.ReluGradInto: g %v %v and out %v %v into %v %v: need one float dtype and shape",
			g.dtype, g.shape, out.dtype, out.shape, dst.dtype, dst.shape))
	}
	g, out = g.Contiguous(), out.Contiguous()
	n := dst.Size()
	switch d := dst.data.(type) {
	case []float32:
		maskPositive(d[dst.offset:dst.offset+n], g.data.([]float32)[g.offset:g.offset+n], out.data.([]float32)[out.offset:out.offset+n])
	case []float64:
		maskPositive(d[dst.offset:dst.offset+n], g.data.([]float64)[g.offset:g.offset+n], out.data.([]float64)[out.offset:out.offset+n])
	}
}

// maskPositive sets dst[i] = g[i] where out[i] > 0, else 0, by masking g's bits.
func maskPositive[T float32 | float64](dst, g, out []T) {
	g, out = g[:len(dst)], out[:len(dst)]
	switch dst := any(dst).(type) {
	case []float32:
		g, out := any(g).([]float32), any(out).([]float32)
		for i := range dst {
			var keep uint32
			if out[i] > 0 {
				keep = 1
			}
			dst[i] = math.Float32frombits(math.Float32bits(g[i]) & -keep) // -keep is all ones or zero
		}
	case []float64:
		g, out := any(g).([]float64), any(out).([]float64)
		for i := range dst {
			var keep uint64
			if out[i] > 0 {
				keep = 1
			}
			dst[i] = math.Float64frombits(math.Float64bits(g[i]) & -keep)
		}
	}
}

// ReluGradSumInto sets dz to the gradient through a ReLU whose output was out, g where out > 0 and
// 0 elsewhere, and db to the sums of dz's columns: the fused form of
//
//	ReluGradInto(dz, g, out)
//	SumInto(db, dz, 0)
//
// with the same bits (NaN payloads aside), in one pass over memory instead of two; the backward
// step of a Dense layer with ReLU between its two products (nn/autodiff's Dense). g, out and dz
// are (m, p) matrices of one float dtype, db (p,); dz and db are contiguous, and dz may be g
// itself. Float32 runs on nn/internal/simd (AVX-512 where the CPU has it, split by columns over
// the cores for large matrices, so the sums' order, and so their bits, never change).
func ReluGradSumInto(dz, db, g, out *Tensor) {
	if g.dtype != dz.dtype || out.dtype != dz.dtype || db.dtype != dz.dtype || !dz.dtype.IsFloat() ||
		len(dz.shape) != 2 || !g.shape.Equal(dz.shape) || !out.shape.Equal(dz.shape) ||
		len(db.shape) != 1 || db.shape[0] != dz.shape[1] || !dz.IsContiguous() || !db.IsContiguous() {
		notebook.Panic(fmt.Sprintf("tensor.ReluGradSumInto: g %v %v and out %v %v into dz %v %v and db %v %v: need (m, p) matrices and db (p,) of one float dtype",
			g.dtype, g.shape, out.dtype, out.shape, dz.dtype, dz.shape, db.dtype, db.shape))
	}
	g, out = g.Contiguous(), out.Contiguous()
	n, p := dz.Size(), db.shape[0]
	switch d := dz.data.(type) {
	case []float32:
		simd.ReluGradSum(d[dz.offset:dz.offset+n], db.data.([]float32)[db.offset:db.offset+p],
			g.data.([]float32)[g.offset:g.offset+n], out.data.([]float32)[out.offset:out.offset+n])
	case []float64:
		dv := d[dz.offset : dz.offset+n]
		maskPositive(dv, g.data.([]float64)[g.offset:g.offset+n], out.data.([]float64)[out.offset:out.offset+n])
		sumMatrix(db.data.([]float64)[db.offset:db.offset+p], dv, p, false)
	}
}
