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

// TestRMSpropZeroGradientsMatchGo checks RMSprop against the Go loop where the gradients are +0 or
// -0 over runs of 16 and more elements (the rows the assembly skips when it can), with special
// values of w and v and learning rates, rhos and epsilons for which the skip would be wrong: the
// bits must be the same.
func TestRMSpropZeroGradientsMatchGo(t *testing.T) {
	t.Logf("AVX-512: %v", hasAVX512)
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	specials := []float32{0, float32(math.Copysign(0, -1)), 1, -1, inf, -inf, nan, 1e-45, 3e38}
	const n = 16 * 40
	for _, lr := range []float32{1e-3, 0, -1e-3, inf, nan, math.MaxFloat32} {
		for _, rho := range []float32{0.9, -2, 1.5} {
			for _, eps := range []float32{1e-7, 0, -1e-7, inf} {
				w, g, v := randomState(n, 7)
				for i := range g {
					switch block := i / 16; {
					case block%4 == 0: // +0 gradients, special weights and v
						g[i], w[i], v[i] = 0, specials[i%len(specials)], specials[(i/3)%len(specials)]
					case block%4 == 1: // -0 gradients
						g[i] = float32(math.Copysign(0, -1))
					case block%4 == 2: // +0 gradients, ordinary weights and v
						g[i] = 0
					}
				}
				w2, v2 := append([]float32(nil), w...), append([]float32(nil), v...)
				omr := 1 - rho
				for step := range 2 {
					RMSprop(w, g, v, lr, rho, omr, eps)
					rmspropGo(w2, g, v2, lr, rho, omr, eps)
					for i := range w {
						if math.Float32bits(w[i]) != math.Float32bits(w2[i]) || math.Float32bits(v[i]) != math.Float32bits(v2[i]) {
							t.Fatalf("lr=%g rho=%g eps=%g step %d: element %d (g %g): got w %g v %g, want w %g v %g",
								lr, rho, eps, step, i, g[i], w[i], v[i], w2[i], v2[i])
						}
					}
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

// BenchmarkRMSpropZeroRows is BenchmarkRMSprop with the gradient rows of a third of the 784 inputs
// all +0, as in the first layer's kernel for a batch of 128 MNIST images (the pixels that are 0 in
// all 128).
func BenchmarkRMSpropZeroRows(b *testing.B) {
	w, g, v := randomState(784*512, 1)
	for r := 0; r < 784; r += 3 {
		clear(g[r*512 : (r+1)*512])
	}
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
