package update

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomState returns w, g, v of length n with gradients spread over many magnitudes, zeros and
// subnormals included, and non-negative v (as RMSprop's).
func randomState(n int, seed uint64) (w, g, v []float32) {
	r := rand.New(rand.NewPCG(seed, 1))
	w, g, v = make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range w {
		w[i] = float32(r.NormFloat64())
		switch i % 7 {
		case 0:
			g[i] = 0
		case 1:
			g[i] = math.Float32frombits(uint32(r.IntN(1 << 23))) // subnormal
		default:
			g[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(9)-6)))
		}
		v[i] = float32(r.Float64() * math.Pow(10, float64(r.IntN(40)-38)))
	}
	return w, g, v
}

// TestRMSpropMatchesGo checks that RMSprop (assembly where available, split over goroutines)
// gives the Go loop's bits, for lengths around the 16-lane width and the parallel threshold.
func TestRMSpropMatchesGo(t *testing.T) {
	t.Logf("AVX-512: %v", hasAVX512)
	const lr, rho, eps = 1e-3, 0.9, 1e-7
	omr := float32(1 - 0.9)
	for _, n := range []int{0, 1, 15, 16, 17, 33, 1000, minParallel - 1, minParallel + 17, 401408} {
		w, g, v := randomState(n, uint64(n))
		w2, v2 := append([]float32(nil), w...), append([]float32(nil), v...)
		for step := range 3 {
			Parallel(n, func(lo, hi int) { RMSprop(w[lo:hi], g[lo:hi], v[lo:hi], lr, rho, omr, eps) })
			rmspropGo(w2, g, v2, lr, rho, omr, eps)
			for i := range w {
				if math.Float32bits(w[i]) != math.Float32bits(w2[i]) || math.Float32bits(v[i]) != math.Float32bits(v2[i]) {
					t.Fatalf("n=%d step %d: element %d (g %g): got w %g v %g, want w %g v %g", n, step, i, g[i], w[i], v[i], w2[i], v2[i])
				}
			}
		}
	}
}

// TestSGDMatchesGo checks that SGD (assembly where available, split over goroutines) gives the
// Go loop's bits, for lengths around the 16-lane width and the parallel threshold.
func TestSGDMatchesGo(t *testing.T) {
	t.Logf("AVX-512: %v", hasAVX512)
	for _, lr := range []float32{1e-3, 0.37, 3} {
		for _, n := range []int{0, 1, 15, 16, 17, 33, 1000, minParallel - 1, minParallel + 17, 401408} {
			w, g, _ := randomState(n, uint64(n))
			w2 := append([]float32(nil), w...)
			for step := range 3 {
				Parallel(n, func(lo, hi int) { SGD(w[lo:hi], g[lo:hi], lr) })
				sgdGo(w2, g, lr)
				for i := range w {
					if math.Float32bits(w[i]) != math.Float32bits(w2[i]) {
						t.Fatalf("lr=%g n=%d step %d: element %d (g %g): got w %g, want %g", lr, n, step, i, g[i], w[i], w2[i])
					}
				}
			}
		}
	}
}

// TestParallelCovers checks that Parallel visits every index once.
func TestParallelCovers(t *testing.T) {
	for _, n := range []int{0, 5, minParallel, minParallel + 1, 3*minParallel + 7} {
		seen := make([]int32, n)
		Parallel(n, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				seen[i]++
			}
		})
		for i, s := range seen {
			if s != 1 {
				t.Fatalf("n=%d: index %d visited %d times", n, i, s)
			}
		}
	}
}

func BenchmarkRMSprop(b *testing.B) {
	w, g, v := randomState(784*512, 1)
	b.SetBytes(int64(len(w)) * 4 * 5)
	for i := 0; i < b.N; i++ {
		Parallel(len(w), func(lo, hi int) { RMSprop(w[lo:hi], g[lo:hi], v[lo:hi], 1e-3, 0.9, 0.1, 1e-7) })
	}
}

func BenchmarkRMSpropGo(b *testing.B) {
	w, g, v := randomState(784*512, 1)
	b.SetBytes(int64(len(w)) * 4 * 5)
	for i := 0; i < b.N; i++ {
		rmspropGo(w, g, v, 1e-3, 0.9, 0.1, 1e-7)
	}
}

func BenchmarkSGD(b *testing.B) {
	w, g, _ := randomState(784*512, 1)
	b.SetBytes(int64(len(w)) * 4 * 3)
	for i := 0; i < b.N; i++ {
		Parallel(len(w), func(lo, hi int) { SGD(w[lo:hi], g[lo:hi], 1e-3) })
	}
}

func BenchmarkSGDGo(b *testing.B) {
	w, g, _ := randomState(784*512, 1)
	b.SetBytes(int64(len(w)) * 4 * 3)
	for i := 0; i < b.N; i++ {
		sgdGo(w, g, 1e-3)
	}
}
