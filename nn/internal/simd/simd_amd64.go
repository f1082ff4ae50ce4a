//go:build !purego

package simd

import "golang.org/x/sys/cpu"

// hasAVX512 reports whether the CPU and OS support AVX-512F.
var hasAVX512 = cpu.X86.HasAVX512F

// biasReluAVX512 is BiasReluGo on n columns (any n ≥ 1) of rows rows of stride ld floats
// starting at z, with bias starting at b: blocks of 16, the last partial block under a mask.
//
//go:noescape
func biasReluAVX512(z, b *float32, rows, n, ld int, relu bool)

// reluGradSumAVX512 is ReluGradSumGo on n columns (any n ≥ 1) of rows rows of stride ld, db
// already cleared.
//
//go:noescape
func reluGradSumAVX512(dz, db, grad, out *float32, rows, n, ld int)

func biasRelu(z, bias []float32, rows, lo, hi int, relu bool) {
	if !hasAVX512 || rows == 0 || hi == lo {
		BiasReluGo(z, bias, rows, lo, hi, relu)
		return
	}
	p := len(bias)
	_ = z[(rows-1)*p+hi-1] // the last element touched, checked before the pointers go to assembly
	_ = bias[hi-1]
	biasReluAVX512(&z[lo], &bias[lo], rows, hi-lo, p, relu)
}

func reluGradSum(dz, db, g, out []float32, rows, lo, hi int) {
	if !hasAVX512 || rows == 0 || hi == lo {
		ReluGradSumGo(dz, db, g, out, rows, lo, hi)
		return
	}
	p := len(db)
	last := (rows-1)*p + hi - 1
	_, _, _, _ = dz[last], g[last], out[last], db[hi-1]
	clear(db[lo:hi])
	reluGradSumAVX512(&dz[lo], &db[lo], &g[lo], &out[lo], rows, hi-lo, p)
}
