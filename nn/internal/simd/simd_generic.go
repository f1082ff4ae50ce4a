//go:build !amd64 || purego

package simd

func biasRelu(z, bias []float32, rows, lo, hi int, relu bool) {
	BiasReluGo(z, bias, rows, lo, hi, relu)
}

func reluGradSum(dz, db, g, out []float32, rows, lo, hi int) {
	ReluGradSumGo(dz, db, g, out, rows, lo, hi)
}

var hasExp = false

func exp(dst, src []float32) {
	ExpGo(dst, src)
}
