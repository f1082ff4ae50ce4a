package gemm

// Sgemm computes C = alpha·op(A)·op(B) + beta·C for row-major float32 matrices,
// where op(X) is X or Xᵀ per transA/transB; op(A) is m×k, op(B) is k×n, C is m×n.
// lda, ldb, ldc are row strides (elements). Panics with a message naming the bad argument on invalid sizes.
//
// As in BLAS, C is not read when beta == 0, and A and B are not read when
// alpha == 0 or k == 0. A and B may alias each other but not C.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	SgemmThen(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, nil)
}

// SgemmThen is Sgemm, calling then(i0, i1, j0, j1) as soon as the rows [i0, i1) and columns
// [j0, j1) of C hold their final values, on the goroutine that computed them: the parts given to
// then are disjoint and cover C once (none when m or n is 0), and when the product is split over
// goroutines then runs on several of them at once, while other parts are still being computed. It
// lets the pass that reads C next (an optimizer's update of the weight gradient, bias and ReLU
// after a layer's product) run on the part while it is in cache, split over the cores as the
// product was. then must not touch C outside its part; nil means none.
func SgemmThen(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, then func(i0, i1, j0, j1 int)) {
	if m < 0 {
		panic("gemm: m < 0")
	}
	if n < 0 {
		panic("gemm: n < 0")
	}
	if k < 0 {
		panic("gemm: k < 0")
	}
	// Stored shapes: A is rowsA×colsA, B is rowsB×colsB.
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	if lda < max(1, colsA) {
		panic("gemm: bad lda")
	}
	if ldb < max(1, colsB) {
		panic("gemm: bad ldb")
	}
	if ldc < max(1, n) {
		panic("gemm: bad ldc")
	}
	if m == 0 || n == 0 {
		return
	}
	if len(a) < span(rowsA, colsA, lda) {
		panic("gemm: short a")
	}
	if len(b) < span(rowsB, colsB, ldb) {
		panic("gemm: short b")
	}
	if len(c) < span(m, n, ldc) {
		panic("gemm: short c")
	}
	if k == 0 || alpha == 0 {
		scale(m, n, beta, c, ldc)
		if then != nil {
			then(0, m, 0, n)
		}
		return
	}

	pr := problem{
		kern: current(),
		m:    m, n: n, k: k,
		a:     view{a, lda, 1},
		b:     view{b, ldb, 1},
		c:     c,
		ldc:   ldc,
		alpha: alpha,
		beta:  beta,
		then:  then,
	}
	if transA {
		pr.a = pr.a.t()
	}
	if transB {
		pr.b = pr.b.t()
	}
	pr.run()
}

// span is the length a rows×cols matrix with row stride ld needs.
func span(rows, cols, ld int) int {
	if rows == 0 || cols == 0 {
		return 0
	}
	return (rows-1)*ld + cols
}

// scale sets C = beta·C; beta == 0 clears C without reading it.
func scale(m, n int, beta float32, c []float32, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}
