package tensor

import "sync"

// The generator behind Random and RandomNormalOf, NumPy's global np.random state in Go: seeded
// with 0 when the program starts, so that a program (or a notebook cell, which GoNB runs as a new
// program) draws the same numbers every time it runs. Seed reseeds it.
var (
	defaultRandMu sync.Mutex
	defaultRand   = NewRand(0)
)

// Seed reseeds the generator of Random and RandomNormalOf, as np.random.seed(seed).
func Seed(seed uint64) {
	defaultRandMu.Lock()
	defer defaultRandMu.Unlock()
	defaultRand = NewRand(seed)
}

// Random returns a Float64 tensor of the given shape whose elements are drawn uniformly from
// [0, 1), as NumPy's np.random.random(shape): Random(20, 100) is np.random.random((20, 100)).
// The numbers come from a generator seeded with 0 at start-up (see Seed), in row-major order,
// so a program draws the same tensors each time it runs. For a generator of your own, use
// RandomUniform. It panics if a size is negative.
func Random(shape ...int) *Tensor {
	defaultRandMu.Lock()
	defer defaultRandMu.Unlock()
	return RandomUniform(defaultRand, Float64, 0, 1, shape...)
}

// RandomNormalOf returns a Float64 tensor of the given shape drawn from the normal distribution
// with the given mean and standard deviation, as np.random.normal(mean, stddev, shape), from the
// generator of Random. It panics if a size is negative.
func RandomNormalOf(mean, stddev float64, shape ...int) *Tensor {
	defaultRandMu.Lock()
	defer defaultRandMu.Unlock()
	return RandomNormal(defaultRand, Float64, mean, stddev, shape...)
}
