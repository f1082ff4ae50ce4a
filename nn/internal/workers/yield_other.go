//go:build !linux

package workers

// osYield does nothing here: runtime.Gosched alone yields, to goroutines only.
func osYield() {}
