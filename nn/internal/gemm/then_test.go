package gemm

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// TestSgemmThen checks SgemmThen's contract on the parallel path (forced on small problems) and the
// single-threaded one: then is called on disjoint parts that cover C exactly once, each part already
// holds Sgemm's final bits when then sees it, and C ends equal to Sgemm's.
func TestSgemmThen(t *testing.T) {
	defer func(v int) { minParallelFlops = v }(minParallelFlops)
	defer func(v int) { chunksPerThread = v }(chunksPerThread)
	chunksPerThread = 3
	type shape struct {
		m, n, k int
		tA      bool
	}
	shapes := []shape{{1, 1, 5, false}, {13, 100, 300, false}, {130, 33, 7, true}, {784, 512, 128, true}, {40, 257, 0, false}}
	eachKernel(t, func(t *testing.T) {
		for _, parallel := range []bool{false, true} {
			minParallelFlops = 1 << 62
			if parallel {
				minParallelFlops = 0
			}
			for si, sh := range shapes {
				rng := rand.New(rand.NewPCG(uint64(si), 7))
				lda := sh.k
				if sh.tA {
					lda = sh.m
				}
				a, b := filled(rng, sh.m*sh.k, false), filled(rng, sh.k*sh.n, false)
				c0 := filled(rng, sh.m*sh.n, false)
				want := slices.Clone(c0)
				Sgemm(sh.tA, false, sh.m, sh.n, sh.k, 1, a, max(1, lda), b, sh.n, 0.5, want, sh.n)

				got := slices.Clone(c0)
				seen := make([]int, len(got))
				var mu sync.Mutex
				var bad int
				SgemmThen(sh.tA, false, sh.m, sh.n, sh.k, 1, a, max(1, lda), b, sh.n, 0.5, got, sh.n, func(i0, i1, j0, j1 int) {
					mu.Lock()
					defer mu.Unlock()
					for i := i0; i < i1; i++ {
						for j := j0; j < j1; j++ {
							seen[i*sh.n+j]++
							if got[i*sh.n+j] != want[i*sh.n+j] {
								bad++
							}
						}
					}
				})
				for i, s := range seen {
					if s != 1 {
						t.Fatalf("parallel %v, %+v: element %d given to then %d times", parallel, sh, i, s)
					}
				}
				if bad > 0 {
					t.Errorf("parallel %v, %+v: %d elements not final when then saw them", parallel, sh, bad)
				}
				if !slices.Equal(got, want) {
					t.Errorf("parallel %v, %+v: C differs from Sgemm's", parallel, sh)
				}
			}
		}
	})
}
