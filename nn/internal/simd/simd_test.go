package simd

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
)

// randomMatrix returns n float32s: mostly normal values of both signs, with NaN, ±Inf, ±0 and
// a subnormal sprinkled in, the special cases of the ReLU and of its mask.
func randomMatrix(rng *rand.Rand, n int) []float32 {
	special := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0,
		float32(math.Copysign(0, -1)), math.SmallestNonzeroFloat32}
	x := make([]float32, n)
	for i := range x {
		if rng.IntN(20) == 0 {
			x[i] = special[rng.IntN(len(special))]
		} else {
			x[i] = float32(rng.NormFloat64())
		}
	}
	return x
}

// sameBits reports the first index where a and b differ in their bits, or -1. NaNs are all
// alike: Go's max returns its own NaN where the assembly keeps the NaN it was given.
func sameBits(a, b []float32) int {
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) && !(a[i] != a[i] && b[i] != b[i]) {
			return i
		}
	}
	return -1
}

// shapes covers widths below, at and across the 16-wide blocks and the per-core split.
var shapes = [][2]int{{1, 1}, {3, 5}, {2, 16}, {4, 17}, {7, 31}, {5, 48}, {128, 10}, {128, 512}, {33, 100}, {600, 530}}

func TestBiasReluMatchesGo(t *testing.T) {
	defer func(m int) { minParallel = m }(minParallel)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, mp := range []int{1 << 30, 1} { // unsplit, then split over the cores
		minParallel = mp
		for _, s := range shapes {
			for _, relu := range []bool{false, true} {
				rows, p := s[0], s[1]
				z, bias := randomMatrix(rng, rows*p), randomMatrix(rng, p)
				want := append([]float32(nil), z...)
				BiasReluGo(want, bias, rows, 0, p, relu)
				BiasRelu(z, bias, relu)
				if i := sameBits(z, want); i >= 0 {
					t.Fatalf("BiasRelu %dx%d relu=%v split=%v: element %d is %v (bits %#x), BiasReluGo gives %v (bits %#x)",
						rows, p, relu, mp == 1, i, z[i], math.Float32bits(z[i]), want[i], math.Float32bits(want[i]))
				}
			}
		}
	}
}

// TestBiasReluPart checks that BiasReluPart over a grid of parts (ragged, some empty) gives each
// element the bits BiasReluGo gives it, and leaves nothing outside its part changed.
func TestBiasReluPart(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, s := range shapes {
		rows, p := s[0], s[1]
		z, bias := randomMatrix(rng, rows*p), randomMatrix(rng, p)
		want := append([]float32(nil), z...)
		BiasReluGo(want, bias, rows, 0, p, true)
		rowCuts, colCuts := []int{0, rows / 3, rows / 3, rows}, []int{0, min(p, 16), min(p, 17), p}
		for a := 0; a+1 < len(rowCuts); a++ {
			for b := 0; b+1 < len(colCuts); b++ {
				i0, i1, j0, j1 := rowCuts[a], rowCuts[a+1], colCuts[b], colCuts[b+1]
				BiasReluPart(z, bias, i0, i1, j0, j1, true)
			}
		}
		if i := sameBits(z, want); i >= 0 {
			t.Fatalf("BiasReluPart %dx%d: element %d is %v, BiasReluGo gives %v", rows, p, i, z[i], want[i])
		}
	}
}

func TestBiasReluIsGoMax(t *testing.T) {
	// Go's max(x, 0) by the spec: NaN stays NaN, -0 becomes +0; x+b first, rounded to float32.
	z := []float32{float32(math.NaN()), float32(math.Copysign(0, -1)), -1, 2.5, 0}
	bias := []float32{0, float32(math.Copysign(0, -1)), 0.5, 0.25, -0.125}
	want := []float32{float32(math.NaN()), 0, 0, 2.75, 0}
	BiasRelu(z, bias[:5], true)
	if !math.IsNaN(float64(z[0])) || sameBits(z[1:], want[1:]) >= 0 {
		t.Fatalf("BiasRelu: got %v, want %v (and +0 for -0 + -0)", z, want)
	}
}

func TestReluGradSumMatchesGo(t *testing.T) {
	defer func(m int) { minParallel = m }(minParallel)
	rng := rand.New(rand.NewPCG(3, 4))
	for _, mp := range []int{1 << 30, 1} {
		minParallel = mp
		for _, s := range shapes {
			rows, p := s[0], s[1]
			g, out := randomMatrix(rng, rows*p), randomMatrix(rng, rows*p)
			dz, db := make([]float32, rows*p), randomMatrix(rng, p) // db's old contents must not matter
			wantDz, wantDb := make([]float32, rows*p), make([]float32, p)
			ReluGradSumGo(wantDz, wantDb, g, out, rows, 0, p)
			ReluGradSum(dz, db, g, out)
			if i := sameBits(dz, wantDz); i >= 0 {
				t.Fatalf("ReluGradSum %dx%d split=%v: dz[%d] = %v, Go gives %v", rows, p, mp == 1, i, dz[i], wantDz[i])
			}
			if i := sameBits(db, wantDb); i >= 0 {
				t.Fatalf("ReluGradSum %dx%d split=%v: db[%d] = %v, Go gives %v", rows, p, mp == 1, i, db[i], wantDb[i])
			}
			// In place: dz is g.
			gc := append([]float32(nil), g...)
			ReluGradSum(gc, db, gc, out)
			if i := sameBits(gc, wantDz); i >= 0 {
				t.Fatalf("ReluGradSum in place %dx%d: dz[%d] = %v, want %v", rows, p, i, gc[i], wantDz[i])
			}
		}
	}
}

func TestReluGradSumByHand(t *testing.T) {
	// Two rows of three: the mask keeps g where out > 0 (not at 0, not at NaN).
	g := []float32{1, 2, 3, 4, 5, 6}
	out := []float32{0.5, 0, float32(math.NaN()), 1, -1, 2}
	dz, db := make([]float32, 6), make([]float32, 3)
	ReluGradSum(dz, db, g, out)
	wantDz, wantDb := []float32{1, 0, 0, 4, 0, 6}, []float32{5, 0, 6}
	if sameBits(dz, wantDz) >= 0 || sameBits(db, wantDb) >= 0 {
		t.Fatalf("ReluGradSum: dz %v db %v, want %v and %v", dz, db, wantDz, wantDb)
	}
}

func BenchmarkReluGradSum(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	g, out := randomMatrix(rng, 128*512), randomMatrix(rng, 128*512)
	dz, db := make([]float32, len(g)), make([]float32, 512)
	for b.Loop() {
		ReluGradSum(dz, db, g, out)
	}
}

func BenchmarkReluGradSumGo(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	g, out := randomMatrix(rng, 128*512), randomMatrix(rng, 128*512)
	dz, db := make([]float32, len(g)), make([]float32, 512)
	for b.Loop() {
		ReluGradSumGo(dz, db, g, out, 128, 0, 512)
	}
}

func BenchmarkBiasRelu(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	z, bias := randomMatrix(rng, 128*512), randomMatrix(rng, 512)
	for b.Loop() {
		BiasRelu(z, bias, true)
	}
}

// TestReluIsGoMax checks Relu element by element against Go's max(x, 0), the definition it keeps,
// at lengths below, at and across its rows of 16, with the special values of randomMatrix.
func TestReluIsGoMax(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 100, 65536 + 7} {
		x := randomMatrix(rng, n)
		want := make([]float32, n)
		for i, v := range x {
			want[i] = max(v, 0)
		}
		Relu(x)
		if i := sameBits(x, want); i >= 0 {
			t.Errorf("n=%d: Relu gives %v at %d, max(x, 0) %v", n, x[i], i, want[i])
		}
	}
}

// TestSplitCovers checks that Split covers [0, n) once in parts starting at multiples of 16, for
// lengths below, at and above the number of cores, on up to three cores (fewer elements than
// cores looped forever before the split moved to nn/internal/workers).
func TestSplitCovers(t *testing.T) {
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 2, 3, 15, 16, 17, 47, 1000, 4099} {
			seen := make([]atomic.Int32, n)
			Split(n, func(lo, hi int) {
				if lo%16 != 0 || lo > hi || hi > n {
					t.Errorf("GOMAXPROCS %d, n %d: part [%d, %d)", procs, n, lo, hi)
					return
				}
				for i := lo; i < hi; i++ {
					seen[i].Add(1)
				}
			})
			for i := range seen {
				if c := seen[i].Load(); c != 1 {
					t.Errorf("GOMAXPROCS %d, n %d: index %d covered %d times", procs, n, i, c)
					break
				}
			}
		}
		runtime.GOMAXPROCS(old)
	}
}
