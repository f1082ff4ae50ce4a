//go:build !amd64 || purego

package update

var hasAVX512 = false

// rmsprop is RMSprop's loop on one part.
func rmsprop(w, g, v []float32, lr, rho, oneMinusRho, eps float32) {
	rmspropGo(w, g, v, lr, rho, oneMinusRho, eps)
}

// sgd is SGD's loop on one part.
func sgd(w, g []float32, lr float32) {
	sgdGo(w, g, lr)
}
