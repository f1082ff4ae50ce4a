//go:build !purego

package simd

import "golang.org/x/sys/cpu"

// hasExp reports whether expAVX512 can run and gives math.Exp's bits: math.Exp's assembly takes
// its fused multiply-add path when the CPU has AVX and FMA, as every CPU with AVX-512F does.
var hasExp = hasAVX512 && cpu.X86.HasAVX && cpu.X86.HasFMA

// expAVX512 sets dst[i] = float32(math.Exp(float64(src[i]))), 8 at a time, from i = 0 while
// i+8 ≤ n and the 8 values are in [-700, 700]; it returns the first i it did not set.
//
//go:noescape
func expAVX512(dst, src *float32, n int) int

func exp(dst, src []float32) {
	for hasExp && len(src) >= 8 {
		done := expAVX512(&dst[0], &src[0], len(src))
		dst, src = dst[done:], src[done:]
		if len(src) >= 8 { // a value outside [-700, 700], or NaN, among the next 8
			ExpGo(dst[:8], src[:8])
			dst, src = dst[8:], src[8:]
		}
	}
	ExpGo(dst, src)
}
