package gemm

// kernel4x4Generic is the pure-Go micro-kernel: a 4×4 tile held in 16 local
// accumulators. See microKernel for the layout of a and b. It is
// kernel4x4GenericIdx walking every step, kc <= len(allSteps).
func kernel4x4Generic(kc int, a []float32, ars, aps int, b []float32, bps int, c []float32, ldc int, alpha, beta float32) {
	kernel4x4GenericIdx(kc, a, ars, aps, allSteps[:kc], b, bps, c, ldc, alpha, beta)
}

// allSteps lists the steps 0, 1, … of the generic kernel's largest k block.
var allSteps = func() []int32 {
	s := make([]int32, 256)
	for i := range s {
		s[i] = int32(i)
	}
	return s
}()

// storeRow4 sets row = alpha·(x0..x3) + beta·row, not reading row when beta == 0.
func storeRow4(row []float32, alpha, beta, x0, x1, x2, x3 float32) {
	row = row[:4]
	if beta == 0 {
		row[0] = alpha * x0
		row[1] = alpha * x1
		row[2] = alpha * x2
		row[3] = alpha * x3
		return
	}
	row[0] = alpha*x0 + beta*row[0]
	row[1] = alpha*x1 + beta*row[1]
	row[2] = alpha*x2 + beta*row[2]
	row[3] = alpha*x3 + beta*row[3]
}

// kernel4x4GenericIdx is kernel4x4Generic on a compacted sliver of A: step
// q reads row idx[q] of B. See idxKernel.
func kernel4x4GenericIdx(n int, a []float32, ars, aps int, idx []int32, b []float32, bps int, c []float32, ldc int, alpha, beta float32) {
	var (
		c00, c01, c02, c03 float32
		c10, c11, c12, c13 float32
		c20, c21, c22, c23 float32
		c30, c31, c32, c33 float32
	)
	for q, p := range idx[:n] {
		bp := int(p) * bps
		bb := b[bp : bp+4 : bp+4]
		b0, b1, b2, b3 := bb[0], bb[1], bb[2], bb[3]
		aq := q * aps
		a0 := a[aq]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		a1 := a[aq+ars]
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		a2 := a[aq+2*ars]
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
		c23 += a2 * b3
		a3 := a[aq+3*ars]
		c30 += a3 * b0
		c31 += a3 * b1
		c32 += a3 * b2
		c33 += a3 * b3
	}
	storeRow4(c[:4], alpha, beta, c00, c01, c02, c03)
	storeRow4(c[ldc:ldc+4], alpha, beta, c10, c11, c12, c13)
	storeRow4(c[2*ldc:2*ldc+4], alpha, beta, c20, c21, c22, c23)
	storeRow4(c[3*ldc:3*ldc+4], alpha, beta, c30, c31, c32, c33)
}
