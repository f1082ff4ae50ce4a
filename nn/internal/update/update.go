package update

import (
	"math"

	"github.com/nnbook/nnbook/nn/internal/simd"
)

// minParallel is the smallest slice Parallel splits over the cores: below it, handing parts to
// workers costs more than it saves. The chapter's 784×512 kernel (401,408 values) is split; its
// biases are not.
var minParallel = 1 << 15

// Parallel calls f(lo, hi) on parts [lo, hi) that cover [0, n): one part per core, boundaries at
// multiples of 16 (simd.Split); below minParallel elements, f(0, n).
// The update functions below run on the calling goroutine; nn's optimizers split a variable with
// Parallel, or let the backward pass hand them the parts of a gradient as it finishes them.
func Parallel(n int, f func(lo, hi int)) {
	if n < minParallel {
		f(0, n)
		return
	}
	simd.Split(n, f)
}

// SGD sets w -= lr*g.
func SGD(w, g []float32, lr float32) {
	sgd(w, g[:len(w)], lr)
}

// sgdGo is SGD's loop in Go, for any length (the assembly's tail and other CPUs).
func sgdGo(w, g []float32, lr float32) {
	g = g[:len(w)]
	for j := range w {
		w[j] -= lr * g[j]
	}
}

// Momentum sets v = mom*v - lr*g, then w += v, or with nesterov w += mom*v - lr*g.
func Momentum(w, g, v []float32, lr, mom float32, nesterov bool) {
	g, v = g[:len(w)], v[:len(w)]
	for j := range w {
		v[j] = mom*v[j] - lr*g[j]
		if nesterov {
			w[j] += mom*v[j] - lr*g[j]
		} else {
			w[j] += v[j]
		}
	}
}

// RMSprop sets v = rho*v + oneMinusRho*g², then w -= lr*g / sqrt(v + eps) (Keras 3's RMSprop).
func RMSprop(w, g, v []float32, lr, rho, oneMinusRho, eps float32) {
	rmsprop(w, g[:len(w)], v[:len(w)], lr, rho, oneMinusRho, eps)
}

// rmspropGo is RMSprop's loop in Go, for any length (the assembly's tail and other CPUs).
func rmspropGo(w, g, v []float32, lr, rho, oneMinusRho, eps float32) {
	g, v = g[:len(w)], v[:len(w)]
	for j, gj := range g {
		vj := rho*v[j] + oneMinusRho*(gj*gj)
		v[j] = vj
		w[j] -= lr * gj / float32(math.Sqrt(float64(vj+eps))) // SQRTSS: sqrt rounded once, to float32
	}
}

// Adam sets m += (g - m)*oneMinusB1, v += (g² - v)*oneMinusB2, then
// w -= m*alpha / (sqrt(v) + eps) (Keras 3's Adam, alpha holding the bias corrections).
func Adam(w, g, m, v []float32, alpha, oneMinusB1, oneMinusB2, eps float32) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for j, gj := range g {
		m[j] += (gj - m[j]) * oneMinusB1
		v[j] += (gj*gj - v[j]) * oneMinusB2
		w[j] -= m[j] * alpha / (float32(math.Sqrt(float64(v[j]))) + eps)
	}
}
