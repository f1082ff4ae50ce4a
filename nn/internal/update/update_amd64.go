//go:build !purego

package update

import (
	"math"

	"golang.org/x/sys/cpu"
)

// hasAVX512 reports whether the CPU and OS support AVX-512F.
var hasAVX512 = cpu.X86.HasAVX512F

// rmspropAVX512 runs RMSprop's loop on the first n elements (n a multiple of 16) of w, g and v,
// 16 at a time, with the Go loop's operations in the Go loop's order (VMULPS, VADDPS, VSQRTPS,
// VDIVPS, VSUBPS: no fused multiply-add).
//
// With skipZero, 16 elements whose gradients are all +0 and whose v + eps are all above 0 only
// have v updated: lr*g is +0 for a finite lr > 0, so is +0 / sqrt(v + eps), and w - (+0) has the
// bits of w for every w but a signalling NaN (which arithmetic never makes; the subtraction would
// quiet it). The weight gradients of images with pixels 0 in a whole batch (a third of MNIST's 784
// pixels in a batch of 128) are such rows. Skipping the square root and the division (the slowest
// instructions of the loop) and w's load and store there, RMSprop over the chapter's first
// kernel with a third of its rows zero takes 0.7x the time of a dense update
// (BenchmarkRMSpropZeroRows against BenchmarkRMSprop).
//
//go:noescape
func rmspropAVX512(w, grad, v *float32, n int, lr, rho, oneMinusRho, eps float32, skipZero bool)

// rmsprop is RMSprop's loop on one part.
func rmsprop(w, g, v []float32, lr, rho, oneMinusRho, eps float32) {
	n := len(w) &^ 15
	if hasAVX512 && n > 0 {
		g, v = g[:len(w)], v[:len(w)] // bounds checked before the pointers go to assembly
		// the loop skips elements whose gradients are +0 only if lr*(+0) is +0
		skipZero := lr > 0 && lr <= math.MaxFloat32
		rmspropAVX512(&w[0], &g[0], &v[0], n, lr, rho, oneMinusRho, eps, skipZero)
		w, g, v = w[n:], g[n:], v[n:]
	}
	rmspropGo(w, g, v, lr, rho, oneMinusRho, eps)
}

// sgdAVX512 runs SGD's loop on the first n elements (n a multiple of 16) of w and g, 16 at a
// time, as the Go loop computes it (VMULPS, then VSUBPS: no fused multiply-add).
//
//go:noescape
func sgdAVX512(w, grad *float32, n int, lr float32)

// sgd is SGD's loop on one part.
func sgd(w, g []float32, lr float32) {
	n := len(w) &^ 15
	if hasAVX512 && n > 0 {
		g = g[:len(w)] // bounds checked before the pointers go to assembly
		sgdAVX512(&w[0], &g[0], n, lr)
		w, g = w[n:], g[n:]
	}
	sgdGo(w, g, lr)
}
