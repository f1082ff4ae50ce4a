package gemm

import (
	"sync"
	"sync/atomic"
)

// problem is one call of Sgemm after argument checks.
type problem struct {
	kern        *kernel
	m, n, k     int
	a, b        view // op(A) m×k and op(B) k×n
	c           []float32
	ldc         int
	alpha, beta float32
	then        func(i0, i1, j0, j1 int) // SgemmThen's, or nil
	// op(B) has no Inf or NaN (bFinite): bOK is 0 while not known, 1 yes, 2 no (set as soon as a
	// piece holds one); bNext is the next piece of B to check, bDone the pieces checked.
	bOK, bNext, bDone int32
	// dense: A looked dense (probeDense), so no sliver is searched for zero columns.
	dense bool
}

// finitePieceRows is how many rows of B (as stored) bFinite checks at a time: pieces of 64 KB of
// the chapter's first kernel, 784×512, so that the goroutines of a product share its 25 pieces.
const finitePieceRows = 32

// bFinite reports whether op(B) is known to hold no Inf and no NaN, so that zero columns of A may
// be skipped (0·Inf and 0·NaN are NaN), and whether that is known yet. B is read once, in pieces
// of rows as stored, shared by the goroutines that ask: each checks the pieces no one has taken
// yet, so that B is read once rather than once by each (on two cores both read all of the
// chapter's W1, 1.6 MB, for x·W1 in almost every step: 3.2-3.8 % of the training's CPU). A
// goroutine that finds no piece left while another still checks one gets known false, computes
// its sliver without skipping, and asks again at the next. Once a piece holds an Inf or a NaN, the
// answer is known: no.
func (pr *problem) bFinite() (known, finite bool) {
	if known, finite = pr.bKnown(); known {
		return known, finite
	}
	rows, cols, ld := pr.k, pr.n, pr.b.rs // row-major op(B)
	if pr.b.cs != 1 {
		rows, cols, ld = pr.n, pr.k, pr.b.cs // B transposed: n×k as stored
	}
	pieces := int32((rows + finitePieceRows - 1) / finitePieceRows)
	for {
		p := atomic.AddInt32(&pr.bNext, 1) - 1
		if p >= pieces {
			break
		}
		if atomic.LoadInt32(&pr.bOK) != 2 {
			for r := int(p) * finitePieceRows; r < min(rows, int(p+1)*finitePieceRows); r++ {
				if !pr.kern.cp.finite(pr.b.data[r*ld : r*ld+cols]) {
					atomic.StoreInt32(&pr.bOK, 2)
					break
				}
			}
		}
		// The last piece checked: B is finite unless a piece stored 2 (before counting itself done).
		if atomic.AddInt32(&pr.bDone, 1) == pieces {
			atomic.CompareAndSwapInt32(&pr.bOK, 0, 1)
		}
	}
	return pr.bKnown()
}

// bKnown reads bFinite's answer as it stands: whether it is known yet, and if so whether op(B) is
// finite.
func (pr *problem) bKnown() (known, finite bool) {
	ok := atomic.LoadInt32(&pr.bOK)
	return ok != 0, ok == 1
}

// scratch holds one goroutine's packing buffers and edge tile; pooled so that
// repeated calls allocate nothing.
type scratch struct {
	ap  []float32 // an edge micro-panel of A, mr×kc
	bp  []float32 // the micro-panels of a transposed B block, kc×nc
	be  []float32 // the edge micro-panel of a B block, kc×nr at most
	tmp []float32 // an edge tile of C, mr×nr
	sp  sparseA   // a sliver of A without its zero columns
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// blocking returns the k block and n block sizes for a part n columns wide:
// the largest allowed blocks are split evenly so no block is a sliver.
func (pr *problem) blocking(n int) (kc, nc int) {
	K := pr.kern
	kc = ceilDiv(pr.k, ceilDiv(pr.k, K.kc))
	nc = ceilDiv(n, ceilDiv(n, K.nc))
	nc = ceilDiv(nc, K.nr) * K.nr
	return kc, nc
}

// block computes rows [i0, i1) and columns [j0, j1) of C, single-threaded.
//
// Loop nest (outermost first): n blocks of nc columns; k blocks of kc (the
// kc×nc block of B is reused from L2 by every sliver of A); slivers of mr rows
// of A (one sliver, mr×kc, stays in L1 while it meets every micro-panel of
// the B block); micro-panels of nr columns of B, one micro-kernel call each.
//
// Operands are read in place when the micro-kernel can: full slivers of A
// (A row-major or transposed) and full micro-panels of a row-major B. Only
// edge slivers and panels, and a transposed B, are packed, zero-padded to the
// tile. Full tiles of C are written in place, edge tiles through s.tmp.
func (pr *problem) block(s *scratch, i0, i1, j0, j1 int) {
	K := pr.kern
	MR, NR := K.mr, K.nr
	kc, nc := pr.blocking(j1 - j0)
	A, B := pr.a, pr.b
	directA := A.rs == 1 || A.cs == 1
	directB := B.cs == 1
	s.ap = grow(s.ap, MR*kc)
	s.be = grow(s.be, kc*NR)
	s.tmp = grow(s.tmp, MR*NR)
	if !directB {
		s.bp = grow(s.bp, kc*nc)
	}
	for jc := j0; jc < j1; jc += nc {
		nb := min(nc, j1-jc)
		nfull := nb / NR * NR // columns in full micro-panels
		// The edge micro-panel, if any, is nr columns wide, padded to ew.
		ew, efn := NR, K.full
		if er := nb - nfull; er > 0 && er <= NR/2 && K.narrow != nil {
			ew, efn = NR/2, K.narrow
		}
		for pc := 0; pc < pr.k; pc += kc {
			kb := min(kc, pr.k-pc)
			beta := pr.beta
			if pc > 0 {
				beta = 1 // later k blocks accumulate onto the first one's result
			}
			if !directB {
				for jr := 0; jr < nfull; jr += NR {
					packB(s.bp[jr*kb:], B, pc, kb, jc+jr, NR, NR, K.tpose)
				}
			}
			if nb > nfull {
				packB(s.be, B, pc, kb, jc+nfull, nb-nfull, ew, K.tpose)
			}
			// Zero columns of a sliver of A are skipped when few enough
			// are kept and B is finite (see bFinite). Looking for them
			// costs a pass over the sliver: not tried when it meets fewer
			// than skipPanels micro-panels of B, and after each sliver with
			// too few zero columns, as many slivers are passed over as there
			// were such misses in a row (at most 7): on a dense A the pass
			// is soon made for one sliver in eight only.
			limit := int(maxKept * float64(kb))
			misses, wait := 0, 0
			if nb < skipPanels*NR || pr.dense {
				limit = -1
			}
			for ir := i0; ir < i1; ir += MR {
				mr := min(MR, i1-ir)
				a, ars, aps := A.data[ir*A.rs+pc*A.cs:], A.rs, A.cs
				if mr < MR || !directA {
					packA(s.ap, A, ir, mr, pc, kb, MR)
					a, ars, aps = s.ap, 1, MR
				}
				sparse := false
				var ac []float32
				var crs, cps, kept int
				if wait > 0 {
					wait--
				} else if limit >= 0 && K.fullIdx != nil {
					ac, crs, cps, kept, sparse = s.sp.compact(K.cp, MR, kb, a, ars, aps, limit)
					misses, wait = misses+1, min(misses, 7)
					if sparse {
						misses, wait = 0, 0
						if known, finite := pr.bFinite(); !finite {
							sparse = false
							if known { // B has an Inf or a NaN: no skipping in this block
								limit = -1
							}
						}
					}
				}
				for jr := 0; jr < nb; jr += NR {
					if jr == nfull { // edge micro-panel
						if sparse && ew == NR {
							K.fullIdx(kept, ac, crs, cps, s.sp.idx, s.be, ew, s.tmp, NR, 1, 0)
						} else if sparse {
							K.narrowIdx(kept, ac, crs, cps, s.sp.idx, s.be, ew, s.tmp, NR, 1, 0)
						} else {
							efn(kb, a, ars, aps, s.be, ew, s.tmp, NR, 1, 0)
						}
						pr.merge(s.tmp, NR, ir, jc+jr, mr, nb-nfull, beta)
						continue
					}
					var b []float32
					var bps int
					if directB {
						b, bps = B.data[pc*B.rs+jc+jr:], B.rs
					} else {
						b, bps = s.bp[jr*kb:], NR
					}
					// A full tile of C is written in place, an edge one through s.tmp.
					c, ldc, alpha, cbeta := pr.c[ir*pr.ldc+jc+jr:], pr.ldc, pr.alpha, beta
					if mr < MR {
						c, ldc, alpha, cbeta = s.tmp, NR, 1, 0
					}
					if sparse {
						K.fullIdx(kept, ac, crs, cps, s.sp.idx, b, bps, c, ldc, alpha, cbeta)
					} else {
						K.full(kb, a, ars, aps, b, bps, c, ldc, alpha, cbeta)
					}
					if mr < MR {
						pr.merge(s.tmp, NR, ir, jc+jr, mr, NR, beta)
					}
				}
			}
		}
	}
}

// merge sets the mr×nr tile of C at (i0, j0) to alpha·t + beta·C, where t
// is row-major with stride ldt; C is not read when beta == 0.
func (pr *problem) merge(t []float32, ldt, i0, j0, mr, nr int, beta float32) {
	alpha := pr.alpha
	for i := 0; i < mr; i++ {
		tr := t[i*ldt : i*ldt+nr]
		cr := pr.c[(i0+i)*pr.ldc+j0:]
		cr = cr[:nr]
		if beta == 0 {
			for j, x := range tr {
				cr[j] = alpha * x
			}
		} else {
			for j, x := range tr {
				cr[j] = alpha*x + beta*cr[j]
			}
		}
	}
}
