package gemm

// SetMaxKept sets maxKept (see sparse.go) for the external tests and
// benchmarks, and returns a function restoring it: -1 turns skipping off.
func SetMaxKept(v float64) (restore func()) {
	prev := maxKept
	maxKept = v
	return func() { maxKept = prev }
}
