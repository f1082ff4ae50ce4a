package simd

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestExpIsMathExp checks Exp bit for bit against float32(math.Exp(float64(x))): on every float32
// in [-1, 1] whose low 8 bits are 0x5a (about 4 million), on random values over the range where
// the float32 result is neither 0 nor +Inf and beyond it, and on the special values, at every
// position in and around the 8 lanes of a block, in place and not.
func TestExpIsMathExp(t *testing.T) {
	t.Logf("vector exp: %v", hasExp)
	var xs []float32
	for bits := uint32(0x5a); bits < 0x3f800000; bits += 0x100 { // |x| < 1, every exponent
		xs = append(xs, math.Float32frombits(bits), -math.Float32frombits(bits))
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for range 1 << 20 {
		xs = append(xs, float32(rng.Float64()*210-110)) // past both ends: exp(-110) is 0, exp(89) +Inf in float32
	}
	for range 1 << 12 {
		xs = append(xs, float32(rng.Float64()*1500-750)) // around ±700, where Exp leaves it to math.Exp
	}
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	specials := []float32{0, float32(math.Copysign(0, -1)), nan, inf, -inf, -700, 700,
		math.Nextafter32(-700, -1000), math.Nextafter32(700, 1000), 88.72283, 88.72284, -103.97, -87.33655,
		math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32}
	for i := range 24 { // each special at each position of a block of 8 and across blocks
		x := make([]float32, 24)
		for j := range x {
			x[j] = float32(j) - 12
		}
		for _, s := range specials {
			x[i] = s
			xs = append(xs, x...)
		}
	}
	want := make([]float32, len(xs))
	ExpGo(want, xs)
	for _, off := range []int{0, 1, 5} { // slices that start off a block's boundary
		got := make([]float32, len(xs)-off)
		Exp(got, xs[off:])
		for i, g := range got {
			if math.Float32bits(g) != math.Float32bits(want[i+off]) {
				t.Fatalf("Exp(%g) = %g (bits %#x), math.Exp gives %g (%#x)", xs[i+off], g, math.Float32bits(g), want[i+off], math.Float32bits(want[i+off]))
			}
		}
	}
	inPlace := append([]float32(nil), xs...)
	Exp(inPlace, inPlace)
	for i, g := range inPlace {
		if math.Float32bits(g) != math.Float32bits(want[i]) {
			t.Fatalf("in place: Exp(%g) = %g, math.Exp gives %g", xs[i], g, want[i])
		}
	}
}

// softmaxInputs returns n values as Softmax exponentiates them: logits minus their row's maximum,
// rows of 10.
func softmaxInputs(n int) []float32 {
	rng := rand.New(rand.NewPCG(11, 12))
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(-math.Abs(rng.NormFloat64() * 8))
	}
	return x
}

// BenchmarkExp exponentiates a batch of 128 rows of 10 logits, as Softmax does.
func BenchmarkExp(b *testing.B) {
	x := softmaxInputs(128 * 10)
	dst := make([]float32, len(x))
	for b.Loop() {
		Exp(dst, x)
	}
}

func BenchmarkExpGo(b *testing.B) {
	x := softmaxInputs(128 * 10)
	dst := make([]float32, len(x))
	for b.Loop() {
		ExpGo(dst, x)
	}
}
