package gemm

import "math"

// Skipping zeros (see the package doc): the driver compacts an mr×kc
// sliver of A to its columns that are not zero in every row, and an
// indexed micro-kernel walks only those, reading row idx[q] of B at step q.

// idxKernel computes one tile of C from a compacted sliver of A:
//
//	C = alpha·Σ_q a(·, q)·b(idx[q], ·) + beta·C, q < n
//
// with a(i, q) = a[i*ars+q*aps] and b(p, j) = b[p*bps+j], as for
// microKernel; n may be 0 (C = alpha·0 + beta·C). idx is increasing.
type idxKernel func(n int, a []float32, ars, aps int, idx []int32, b []float32, bps int, c []float32, ldc int, alpha, beta float32)

// compactor finds and keeps the columns of slivers that are not all zero,
// and checks B blocks for Inf and NaN; see compactRowsGo, compactStepGo and
// finiteGo for what each computes.
type compactor struct {
	rows   func(mr, kc int, a []float32, as int, dst []float32, ldd int, idx []int32) int
	step   func(mr, kc int, a []float32, as int, dst []float32, idx []int32) int
	finite func(x []float32) bool
}

var goCompactor = &compactor{compactRowsGo, compactStepGo, finiteGo}

// maxKept is the largest share of a sliver's columns kept for which the
// indexed micro-kernel runs instead of the dense one: it costs about as
// much per step as the dense one. On MNIST batches (BenchmarkSgemmMNIST,
// AVX-512) 0.95 was faster than 0.7, 0.875 and 1 by 2-15 %. Tests set it
// to 1 (always indexed) or -1 (never).
var maxKept = 0.95

// skipPanels is the least number of micro-panels of B (nr columns each) a
// sliver of A must meet for its zero columns to be looked for: with fewer,
// the micro-kernel's work on the sliver is too small to repay the pass.
var skipPanels = 2

// compactRowsGo keeps the columns p < kc of the sliver a(i, p) = a[i*as+p],
// i < mr, that are not all zero (+0 or -0): for the q-th kept p, idx[q] = p
// and dst[i*ldd+q] = a(i, p). It returns the number kept. len(idx) >= kc+16
// and ldd >= kc+16, as for compactRowsAVX512, which writes past the last one.
func compactRowsGo(mr, kc int, a []float32, as int, dst []float32, ldd int, idx []int32) int {
	n := 0
	for p := 0; p < kc; p++ {
		var or uint32
		for i := 0; i < mr; i++ {
			or |= math.Float32bits(a[i*as+p])
		}
		if or&0x7fffffff == 0 {
			continue
		}
		for i := 0; i < mr; i++ {
			dst[i*ldd+n] = a[i*as+p]
		}
		idx[n] = int32(p)
		n++
	}
	return n
}

// compactStepGo keeps the columns p < kc of the sliver a(i, p) = a[p*as+i],
// i < mr, that are not all zero: for the q-th kept p, idx[q] = p and
// dst[q*mr+i] = a(i, p). It returns the number kept.
func compactStepGo(mr, kc int, a []float32, as int, dst []float32, idx []int32) int {
	n := 0
	for p := 0; p < kc; p++ {
		col := a[p*as : p*as+mr]
		var or uint32
		for _, x := range col {
			or |= math.Float32bits(x)
		}
		if or&0x7fffffff == 0 {
			continue
		}
		copy(dst[n*mr:n*mr+mr], col)
		idx[n] = int32(p)
		n++
	}
	return n
}

// finiteGo reports whether x holds no Inf and no NaN.
func finiteGo(x []float32) bool {
	for _, v := range x {
		if math.Float32bits(v)&0x7f800000 == 0x7f800000 {
			return false
		}
	}
	return true
}

// probeDense reports whether A looks dense: whether its first full sliver and the one in the
// middle of its rows, each over its first probeCols columns (or all k), keep more than maxKept of
// them. A parallel product asks before its plan (see plan), as its chunks would otherwise search
// their slivers one by one: a chunk of one or two slivers gives up only after a pass over each,
// and every chunk along n searches all of them. An A sparse only where it was not probed is then
// computed without skipping: the same bits, in the dense path's time.
func (pr *problem) probeDense() bool {
	K := pr.kern
	if pr.m < K.mr {
		return false
	}
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	k := min(pr.k, probeCols)
	limit := int(maxKept * float64(k))
	for _, ir := range []int{0, pr.m / K.mr / 2 * K.mr} {
		a := pr.a.data[ir*pr.a.rs:]
		if _, _, _, _, sparse := s.sp.compact(K.cp, K.mr, k, a, pr.a.rs, pr.a.cs, limit); sparse {
			return false
		}
	}
	return true
}

// probeCols bounds the columns probeDense compacts, and so the scratch it grows: a weight
// gradient over a whole data set has k in the tens of thousands.
const probeCols = 1024

// sparseA is one goroutine's compacted sliver of A for a k block.
type sparseA struct {
	a   []float32 // the kept columns: rows of ldd floats, or steps of mr
	idx []int32   // their columns in the sliver
}

// compact compacts the mr×kb sliver a (a(i, p) = a[i*ars+p*aps], one of
// ars, aps being 1) with cp if at most limit of its columns are kept, and
// returns the compacted sliver's strides and the number kept; ok is false
// if more were kept.
func (sa *sparseA) compact(cp *compactor, mr, kb int, a []float32, ars, aps int, limit int) (ac []float32, crs, cps, n int, ok bool) {
	ldd := kb + 16
	sa.idx = grow32(sa.idx, kb+16)
	sa.a = grow(sa.a, mr*ldd)
	if ars == 1 {
		n = cp.step(mr, kb, a, aps, sa.a, sa.idx)
		crs, cps = 1, mr
	} else {
		n = cp.rows(mr, kb, a, ars, sa.a, ldd, sa.idx)
		crs, cps = ldd, 1
	}
	return sa.a, crs, cps, n, n <= limit
}

func grow32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}
