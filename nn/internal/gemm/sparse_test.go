package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sparseFill returns n random floats in [-1, 1) of which about the share
// zero are zeros, a quarter of those -0.
func sparseFill(rng *rand.Rand, n int, zero float64) []float32 {
	s := make([]float32, n)
	for i := range s {
		switch r := rng.Float64(); {
		case r < zero/4:
			s[i] = float32(math.Copysign(0, -1))
		case r < zero:
			s[i] = 0
		default:
			s[i] = 2*rng.Float32() - 1
		}
	}
	return s
}

// TestCompactors checks every kernel's compactor against the Go one on
// slivers with various shares of zero columns, both orientations, and the
// finite check on Inf and NaN at every position of short and long runs.
func TestCompactors(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, K := range kernels {
		if K.cp == nil {
			continue
		}
		for _, mr := range []int{1, 4, 6, 12, 16} {
			for _, kc := range []int{1, 5, 15, 16, 17, 100, 256} {
				for _, zero := range []float64{0, 0.5, 0.9, 1} {
					as := kc + 3
					a := sparseFill(rng, mr*as, zero)
					if zero == 0.5 { // an all-zero column in one orientation
						for i := 0; i < mr; i++ {
							a[i*as+kc/2] = 0
						}
					}
					name := fmt.Sprintf("%s mr=%d kc=%d zero=%v", K.name, mr, kc, zero)
					ldd := kc + 16
					want, got := make([]float32, mr*ldd), make([]float32, mr*ldd)
					wi, gi := make([]int32, kc+16), make([]int32, kc+16)
					nw := compactRowsGo(mr, kc, a, as, want, ldd, wi)
					ng := K.cp.rows(mr, kc, a, as, got, ldd, gi)
					if ng != nw || !slices.Equal(gi[:ng], wi[:nw]) {
						t.Fatalf("%s rows: kept %v, want %v", name, gi[:ng], wi[:nw])
					}
					for i := 0; i < mr; i++ {
						if g, w := got[i*ldd:i*ldd+ng], want[i*ldd:i*ldd+nw]; !slices.Equal(g, w) {
							t.Fatalf("%s rows: row %d: got %v, want %v", name, i, g, w)
						}
					}
					// The same floats read as kc steps of mr (as >= mr).
					sa := mr + 2
					ks := (len(a)-mr)/sa + 1
					want, got = make([]float32, ks*mr), make([]float32, ks*mr)
					wi, gi = make([]int32, ks), make([]int32, ks)
					nw = compactStepGo(mr, ks, a, sa, want, wi)
					ng = K.cp.step(mr, ks, a, sa, got, gi)
					if ng != nw || !slices.Equal(gi[:ng], wi[:nw]) || !slices.Equal(got[:ng*mr], want[:nw*mr]) {
						t.Fatalf("%s step: kept %v, want %v", name, gi[:ng], wi[:nw])
					}
				}
			}
		}
		for _, n := range []int{0, 1, 15, 16, 17, 40} {
			x := filled(rng, n, false)
			if !K.cp.finite(x) {
				t.Errorf("%s finite(%d floats): got false, want true", K.name, n)
			}
			for i := 0; i < n; i++ {
				for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
					y := slices.Clone(x)
					y[i] = bad
					if K.cp.finite(y) {
						t.Errorf("%s finite(%d floats) with %v at %d: got true, want false", K.name, n, bad, i)
					}
				}
			}
		}
	}
}

// sameBits reports whether x and y are the same float but for the sign of
// a zero or of a NaN.
func sameBits(x, y float32) bool {
	return x == y && math.Signbit(float64(x)) == math.Signbit(float64(y)) || x == 0 && y == 0 || x != x && y != y
}

// sparseCase is one product with a sparse A for TestSkipBitEqual.
type sparseCase struct {
	gemmCase
	zero     float64 // share of zero elements of A
	zeroCols float64 // share of the k columns of op(A) zero in all rows
	special  float32 // put into B at a few places, if not 0
}

// run computes tc with maxKept set to kept and returns C; with kept = 1,
// every sliver is compacted, however few micro-panels it meets.
func (tc sparseCase) run(seed uint64, kept float64) []float32 {
	defer func(v float64, p int) { maxKept, skipPanels = v, p }(maxKept, skipPanels)
	maxKept = kept
	if kept == 1 {
		skipPanels = 0
	}
	rng := rand.New(rand.NewPCG(seed, 2))
	rowsA, colsA, rowsB, colsB, lda, ldb, ldc := tc.layout()
	a := sparseFill(rng, span(rowsA, colsA, lda), tc.zero)
	for p := 0; p < tc.k; p++ {
		if rng.Float64() < tc.zeroCols || p == 0 || p == tc.k-1 { // first and last always
			for i := 0; i < tc.m; i++ {
				if tc.tA {
					a[p*lda+i] = 0
				} else {
					a[i*lda+p] = 0
				}
			}
		}
	}
	b := sparseFill(rng, span(rowsB, colsB, ldb), 0.1)
	if tc.special != 0 && len(b) > 0 {
		for range 3 {
			b[rng.IntN(len(b))] = tc.special
		}
	}
	c := filled(rng, span(tc.m, tc.n, ldc), false)
	padNaN(a, rowsA, colsA, lda)
	padNaN(b, rowsB, colsB, ldb)
	Sgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, c, ldc)
	return c
}

// TestSkipBitEqual checks that skipping zero columns of A changes no bit of
// C but the sign of zeros: each product is computed with the dense
// micro-kernels only (maxKept = -1), with the indexed ones wherever B allows
// (maxKept = 1) and as Sgemm chooses, on every kernel, single-threaded and
// split over goroutines, for shapes with edge tiles, several k and n
// blocks, transposes and strides, A from dense to all zero, and B holding
// NaN, Inf or -0 (where a skipped 0·Inf must stay NaN).
func TestSkipBitEqual(t *testing.T) {
	defer func(v int) { minParallelFlops = v }(minParallelFlops)
	shapes := [][3]int{{1, 1, 1}, {12, 32, 16}, {13, 33, 17}, {25, 49, 300}, {128, 64, 784}, {60, 520, 70}, {7, 5, 600}, {36, 20, 257}}
	var cases []sparseCase
	seed := 0
	for _, sh := range shapes {
		for _, zero := range []float64{0, 0.5, 0.81, 1} {
			for _, special := range []float32{0, float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1))} {
				seed++
				cases = append(cases, sparseCase{
					gemmCase: gemmCase{m: sh[0], n: sh[1], k: sh[2], tA: seed&1 != 0, tB: seed&2 != 0,
						alpha: []float32{1, -0.5}[seed%2], beta: []float32{0, 1, 0.5}[seed%3], pad: seed % 3},
					zero: zero, zeroCols: []float64{0, 0.3, 0.9}[seed%3], special: special,
				})
			}
		}
	}
	eachKernel(t, func(t *testing.T) {
		for _, parallel := range []bool{false, true} {
			minParallelFlops = 1 << 62
			if parallel {
				minParallelFlops = 0
			}
			for i, tc := range cases {
				want := tc.run(uint64(i), -1)
				for _, kept := range []float64{1, maxKept} {
					got := tc.run(uint64(i), kept)
					for j := range want {
						if !sameBits(got[j], want[j]) {
							t.Fatalf("%v zero=%v zeroCols=%v special=%v parallel=%v maxKept=%v: C[%d] = %v, dense path %v",
								tc.gemmCase, tc.zero, tc.zeroCols, tc.special, parallel, kept, j, got[j], want[j])
						}
					}
				}
			}
		}
	})
}

// TestBFiniteShared checks that goroutines asking bFinite at once share B's pieces: every row of
// a 784×512 B is checked once in all, not once per goroutine, whichever answer they get; and that
// an Inf or a NaN in any piece, a row stored transposed included, makes the answer no.
func TestBFiniteShared(t *testing.T) {
	const k, n, askers = 784, 512, 3
	for _, bad := range []int{-1, 0, 31, 32, 400, k - 1} {
		for _, transposed := range []bool{false, true} {
			b := make([]float32, k*n)
			switch {
			case bad >= 0 && transposed: // stored as n rows of k
				b[bad%n*k+7] = float32(math.NaN())
			case bad >= 0:
				b[bad*n+7] = float32(math.Inf(1))
			}
			var checked atomic.Int64
			var start sync.WaitGroup
			start.Add(askers)
			cp := *goCompactor
			cp.finite = func(x []float32) bool {
				checked.Add(1)
				time.Sleep(20 * time.Microsecond) // long enough for the askers to overlap
				return finiteGo(x)
			}
			kern := *current()
			kern.cp = &cp
			pr := &problem{kern: &kern, m: 12, n: n, k: k, b: view{b, n, 1}}
			rows := k
			if transposed {
				pr.b = view{b, 1, k}
				rows = n
			}
			answers := make([]bool, askers)
			var done sync.WaitGroup
			for i := range askers {
				done.Add(1)
				go func() {
					defer done.Done()
					start.Done()
					start.Wait()
					for {
						if known, finite := pr.bFinite(); known {
							answers[i] = finite
							return
						}
						runtime.Gosched()
					}
				}()
			}
			done.Wait()
			for i, a := range answers {
				if a != (bad < 0) {
					t.Errorf("bad row %d transposed %v: asker %d got finite %v", bad, transposed, i, a)
				}
			}
			if bad < 0 && checked.Load() != int64(rows) {
				t.Errorf("transposed %v: %d rows checked by %d askers, want each of the %d once", transposed, checked.Load(), askers, rows)
			}
		}
	}
}

// TestPlanProbesA checks that a parallel product whose A looks dense (its first and middle
// slivers keep more than maxKept of their columns) is planned as with skipping turned off, and
// that an A with zero columns in either probed sliver is planned for skipping, as before: for
// the first layer's x·W1 and its weight gradient xᵀ·dz1 at batch 128 (and 2048), on every kernel.
func TestPlanProbesA(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	type shape struct {
		m, n, k int
		tA      bool
	}
	eachKernel(t, func(t *testing.T) {
		mr := current().mr
		// (The third, xᵀ·dz1 at batch 2048, has more columns than probeDense looks at.)
		for _, sh := range []shape{{128, 512, 784, false}, {784, 512, 128, true}, {784, 512, 2048, true}} {
			mid := sh.m / mr / 2 * mr
			for _, tc := range []struct {
				name      string
				zeroRows  [2]int // rows [lo, hi) of op(A) whose columns p%3 == 0 are zero
				wantDense bool
			}{
				{"dense", [2]int{0, 0}, true},
				{"zero columns everywhere", [2]int{0, sh.m}, false},
				{"zero columns in the first sliver", [2]int{0, mr}, false},
				{"zero columns in the middle sliver", [2]int{mid, mid + mr}, false},
				{"zero columns in the last sliver only", [2]int{sh.m - mr, sh.m}, true}, // not probed
			} {
				rng := rand.New(rand.NewPCG(1, 2))
				a := filled(rng, sh.m*sh.k, false)
				at := func(i, p int) *float32 { // op(A)(i, p)
					if sh.tA {
						return &a[p*sh.m+i]
					}
					return &a[i*sh.k+p]
				}
				for i := tc.zeroRows[0]; i < tc.zeroRows[1]; i++ {
					for p := 0; p < sh.k; p += 3 {
						*at(i, p) = 0
					}
				}
				av := view{a, sh.k, 1}
				if sh.tA {
					av = view{a, sh.m, 1}.t()
				}
				b := filled(rng, sh.k*sh.n, false)
				pr := &problem{kern: current(), m: sh.m, n: sh.n, k: sh.k, a: av, b: view{b, sh.n, 1}, alpha: 1}
				threads, chunks, alongN := plan(pr)
				if pr.dense != tc.wantDense {
					t.Errorf("%v %s: A looks dense: %v, want %v", sh, tc.name, pr.dense, tc.wantDense)
				}
				restore := SetMaxKept(-1)
				off := *pr
				offThreads, offChunks, offAlongN := plan(&off)
				restore()
				// A dense A is planned as with skipping off; x·W1 with zero columns is cut along m for
				// skipping, where it would be cut along n otherwise. (xᵀ·dz1, 784 rows, is cut along m
				// either way.)
				same := threads == offThreads && chunks == offChunks && alongN == offAlongN
				if tc.wantDense && !same || !tc.wantDense && !sh.tA && (same || alongN) {
					t.Errorf("%v %s: plan (%d threads, %d chunks, along n %v), with skipping off (%d, %d, %v)",
						sh, tc.name, threads, chunks, alongN, offThreads, offChunks, offAlongN)
				}
				// Computing it searches no sliver beyond the two probed when A looks dense.
				var searched atomic.Int64
				cp, kern := *current().cp, *current()
				rows, step := cp.rows, cp.step
				cp.rows = func(mr, kc int, a []float32, as int, dst []float32, ldd int, idx []int32) int {
					searched.Add(1)
					return rows(mr, kc, a, as, dst, ldd, idx)
				}
				cp.step = func(mr, kc int, a []float32, as int, dst []float32, idx []int32) int {
					searched.Add(1)
					return step(mr, kc, a, as, dst, idx)
				}
				kern.cp = &cp
				run := *pr
				run.kern, run.c, run.ldc, run.dense = &kern, make([]float32, sh.m*sh.n), sh.n, false
				run.run()
				if n := searched.Load(); tc.wantDense && n != 2 || !tc.wantDense && n <= 2 {
					t.Errorf("%v %s: %d slivers searched for zero columns", sh, tc.name, n)
				}
			}
		}
	})
}
