package simd

import "math"

// Exp sets dst[i] = float32(math.Exp(float64(src[i]))) for every i of src, with the bits that
// expression has on the CPU it runs on (math.Exp's amd64 assembly takes a path with fused
// multiply-adds on CPUs with FMA, which may round differently): on amd64 CPUs with AVX-512F it
// computes 8 values per instruction, repeating the operations of math.Exp's assembly in their
// order (its constants, its fused multiply-adds), for values in [-700, 700]; other values and
// other CPUs go through math.Exp. dst must be at least as long as src, and may be src itself.
// Softmax and the crossentropy losses exponentiate each logit with it, in place of a call to
// math.Exp per value.
func Exp(dst, src []float32) {
	dst = dst[:len(src)]
	exp(dst, src)
}

// ExpGo is Exp's loop in Go: math.Exp on each value.
func ExpGo(dst, src []float32) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = float32(math.Exp(float64(v)))
	}
}
