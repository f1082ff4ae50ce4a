package tensor

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/nnbook/nnbook/nn/internal/gemm"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Dot returns the product of a and b, as np.dot for rank 1 and 2 (the book's section 2.3.3):
//
//	vector·vector  (n,)   · (n,)   → ()      Σ a[i]·b[i]
//	matrix·vector  (m, n) · (n,)   → (m,)
//	vector·matrix  (n,)   · (n, p) → (p,)
//	matrix·matrix  (m, n) · (n, p) → (m, p)  c[i, j] = Σ_k a[i, k]·b[k, j]
//
// A rank-0 operand multiplies element-wise, as np.dot does. Float32 runs on this module's own
// SGEMM (nn/internal/gemm: Go assembly for AVX-512 or AVX2, on both cores for large products, pure
// Go elsewhere), accumulating in float32; Float64 on gonum's blas64 (the pure-Go implementation
// unless blas64.Use chose another). Transposed views (x.T()) and row-sliced views are passed as
// transpose flags and leading dimensions, not copied. Integers use plain loops and wrap
// around as NumPy's do. Both operands must have the same dtype. It panics naming both shapes when
// the inner sizes differ, and for ranks above 2 or different dtypes.
func Dot(a, b *Tensor) *Tensor {
	if a.dtype != b.dtype {
		notebook.Panic(fmt.Sprintf("tensor.Dot: dtypes %v and %v differ (shapes %v and %v); convert one with AsType", a.dtype, b.dtype, a.shape, b.shape))
	}
	ra, rb := len(a.shape), len(b.shape)
	if ra == 0 || rb == 0 {
		return a.Mul(b)
	}
	if ra > 2 || rb > 2 {
		notebook.Panic(fmt.Sprintf("tensor.Dot: shapes %v and %v: only ranks 1 and 2 are supported", a.shape, b.shape))
	}
	ka, kb := a.shape[ra-1], b.shape[0]
	if ka != kb {
		notebook.Panic(fmt.Sprintf("tensor.Dot: shapes %v and %v not aligned: %d (axis %d) != %d (axis 0)", a.shape, b.shape, ka, ra-1, kb))
	}
	// Treat vectors as matrices: a as (1, n), b as (n, 1); drop those axes from the result.
	am, bm := a, b
	var shape Shape
	if ra == 1 {
		am = a.ExpandDims(0)
	} else {
		shape = append(shape, a.shape[0])
	}
	if rb == 1 {
		bm = b.ExpandDims(1)
	} else {
		shape = append(shape, b.shape[1])
	}
	if shape == nil {
		shape = Shape{}
	}
	out := New(a.dtype, shape...)
	m, n, k := am.shape[0], bm.shape[1], ka
	if m == 0 || n == 0 || k == 0 {
		return out
	}
	switch a.dtype {
	case Float32:
		gemm32(out.data.([]float32), m, n, k, am, bm)
	case Float64:
		gemm64(out.data.([]float64), m, n, k, am, bm)
	case Uint8:
		matmulLoop[uint8](out.data.([]uint8), m, n, k, am, bm)
	case Int64:
		matmulLoop[int64](out.data.([]int64), m, n, k, am, bm)
	}
	return out
}

// blasLayout describes a 2-D tensor as BLAS sees it: the storage from its first element, whether
// it is the transpose of a row-major matrix, and the leading dimension of that row-major matrix.
// ok is false when neither axis has stride 1 (or the other stride is too small, as in a broadcast
// view): such a tensor must be copied first.
func blasLayout(t *Tensor) (trans bool, ld int, ok bool) {
	r, c := t.shape[0], t.shape[1]
	s0, s1 := t.strides[0], t.strides[1]
	switch {
	case (c == 1 || s1 == 1) && (r == 1 || s0 >= max(c, 1)):
		if r == 1 {
			s0 = max(c, 1)
		}
		return false, s0, true
	case (r == 1 || s0 == 1) && (c == 1 || s1 >= max(r, 1)):
		if c == 1 {
			s1 = max(r, 1)
		}
		return true, s1, true
	}
	return false, 0, false
}

// blasOperand returns t's storage for BLAS as a (rows, cols) matrix (copying t if its strides do
// not allow otherwise), with the transpose flag and the leading dimension.
func blasOperand[T float32 | float64](t *Tensor) (data []T, tr blas.Transpose, rows, cols, ld int) {
	trans, ld, ok := blasLayout(t)
	if !ok {
		t = t.Clone()
		trans, ld, _ = blasLayout(t)
	}
	rows, cols, tr = t.shape[0], t.shape[1], blas.NoTrans
	if trans {
		rows, cols, tr = cols, rows, blas.Trans
	}
	return t.data.([]T)[t.offset:], tr, rows, cols, ld
}

// gemm32 sets c (m×n, row-major) to am·bm with the package gemm (AVX-512 or AVX2 assembly where
// the CPU has it, pure Go elsewhere; no system library): vectors are m×1 or 1×n matrices,
// transposed views go in as flags.
func gemm32(c []float32, m, n, k int, am, bm *Tensor) {
	ad, ta, _, _, lda := blasOperand[float32](am)
	bd, tb, _, _, ldb := blasOperand[float32](bm)
	gemm.Sgemm(ta == blas.Trans, tb == blas.Trans, m, n, k, 1, ad, lda, bd, ldb, 0, c, n)
}

// gemm64 sets c (m×n, row-major) to am·bm with blas64.
func gemm64(c []float64, m, n, k int, am, bm *Tensor) {
	ad, ta, ar, ac, lda := blasOperand[float64](am)
	bd, tb, br, bc, ldb := blasOperand[float64](bm)
	cm := blas64.General{Rows: m, Cols: n, Stride: n, Data: c}
	switch {
	case n == 1:
		x := blas64.Vector{N: k, Inc: ldb, Data: bd}
		if tb == blas.Trans {
			x.Inc = 1
		}
		blas64.Gemv(ta, 1, blas64.General{Rows: ar, Cols: ac, Stride: lda, Data: ad}, x, 0, blas64.Vector{N: m, Inc: 1, Data: c})
	case m == 1:
		x := blas64.Vector{N: k, Inc: 1, Data: ad}
		if ta == blas.Trans {
			x.Inc = lda
		}
		blas64.Gemv(flip(tb), 1, blas64.General{Rows: br, Cols: bc, Stride: ldb, Data: bd}, x, 0, blas64.Vector{N: n, Inc: 1, Data: c})
	default:
		blas64.Gemm(ta, tb, 1, blas64.General{Rows: ar, Cols: ac, Stride: lda, Data: ad},
			blas64.General{Rows: br, Cols: bc, Stride: ldb, Data: bd}, 0, cm)
	}
}

func flip(t blas.Transpose) blas.Transpose {
	if t == blas.NoTrans {
		return blas.Trans
	}
	return blas.NoTrans
}

// matmulLoop sets c (m×n, row-major) to a·b with plain loops over strided storage (for integers).
func matmulLoop[T Number](c []T, m, n, k int, a, b *Tensor) {
	ad, bd := a.data.([]T), b.data.([]T)
	a0, a1, b0, b1 := a.strides[0], a.strides[1], b.strides[0], b.strides[1]
	for i := range m {
		row := c[i*n : i*n+n]
		for p := range k {
			x := ad[a.offset+i*a0+p*a1]
			q := b.offset + p*b0
			for j := range row {
				row[j] += x * bd[q+j*b1]
			}
		}
	}
}

// ArrayEqual reports whether a and b have the same shape and equal elements, as np.array_equal:
// exactly, without tolerance (use AllClose for one), comparing values across dtypes (Float32 1.5
// equals Float64 1.5) and views by their elements. NaN equals nothing, itself included.
func ArrayEqual(a, b *Tensor) bool {
	if !a.shape.Equal(b.shape) {
		return false
	}
	if a.Size() == 0 {
		return true
	}
	return a.Equal(b).Sum().Item() == float64(a.Size())
}

// AllClose reports whether a and b have the same shape and |a-b| <= atol + rtol*|b| element-wise,
// as np.allclose (NumPy's defaults are rtol 1e-5, atol 1e-8). NaNs are never close; infinities
// are close only to themselves.
func AllClose(a, b *Tensor, rtol, atol float64) bool {
	if !a.shape.Equal(b.shape) {
		return false
	}
	x, y := a.Float64s(), b.Float64s()
	for i := range x {
		if x[i] == y[i] {
			continue
		}
		if math.IsInf(x[i], 0) || math.IsInf(y[i], 0) || !(math.Abs(x[i]-y[i]) <= atol+rtol*math.Abs(y[i])) {
			return false
		}
	}
	return true
}
