package gemm

import (
	"sync"
	"testing"
)

// FuzzSgemm checks random shapes, flags, strides and scalars against the
// float64 reference, on every kernel and with the parallel path forced on
// for half of the inputs; flags 16 makes 85 % of A zero, and flags 32 runs
// the indexed micro-kernels on every sliver (see sparse.go).
func FuzzSgemm(f *testing.F) {
	f.Add(uint8(1), uint8(1), uint8(1), uint8(0), uint8(0), uint8(0), uint64(1))
	f.Add(uint8(13), uint8(33), uint8(17), uint8(3), uint8(2), uint8(1), uint64(2))
	f.Add(uint8(128), uint8(10), uint8(200), uint8(0), uint8(1), uint8(2), uint64(3))
	f.Add(uint8(25), uint8(49), uint8(0), uint8(15), uint8(0), uint8(3), uint64(4))
	f.Add(uint8(40), uint8(70), uint8(150), uint8(16), uint8(1), uint8(1), uint64(5))
	f.Add(uint8(13), uint8(33), uint8(255), uint8(16+32+8+1), uint8(2), uint8(9), uint64(6))
	alphas := []float32{1, -1, 0.5, 0, 3}
	betas := []float32{0, 1, -0.5, 2}
	f.Fuzz(func(t *testing.T, m, n, k, flags, pad, scalars uint8, seed uint64) {
		tc := gemmCase{
			tA: flags&1 != 0, tB: flags&2 != 0,
			m: int(m)%160 + 1, n: int(n)%160 + 1, k: int(k) % 300,
			alpha: alphas[int(scalars)%len(alphas)],
			beta:  betas[int(scalars/8)%len(betas)],
			pad:   int(pad) % 5,
			ints:  flags&4 != 0,
		}
		if flags&16 != 0 {
			tc.zero = 0.85
		}
		if flags&32 != 0 {
			defer func(v float64, p int) { maxKept, skipPanels = v, p }(maxKept, skipPanels)
			maxKept, skipPanels = 1, 0
		}
		if flags&8 != 0 {
			defer func(v int) { minParallelFlops = v }(minParallelFlops)
			minParallelFlops = 0
		}
		for _, name := range Kernels() {
			func() {
				defer SetKernel(name)()
				check(t, tc, seed)
			}()
		}
	})
}

// TestSgemmConcurrent runs parallel-sized products from several goroutines
// at once: they share the worker pool and the buffer pools.
func TestSgemmConcurrent(t *testing.T) {
	cases := []gemmCase{
		{m: 100, n: 200, k: 300, alpha: 1, beta: 0.5},
		{m: 257, n: 65, k: 129, alpha: -1, tA: true},
		{m: 64, n: 300, k: 70, alpha: 2, beta: 1, tB: true, pad: 3},
		{m: 150, n: 150, k: 150, alpha: 1, tA: true, tB: true},
	}
	eachKernel(t, func(t *testing.T) {
		var wg sync.WaitGroup
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 3; i++ {
					check(t, cases[(g+i)%len(cases)], uint64(g*10+i))
				}
			}()
		}
		wg.Wait()
	})
}
