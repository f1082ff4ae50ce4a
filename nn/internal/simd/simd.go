package simd

import (
	"math"
	"runtime"

	"github.com/nnbook/nnbook/nn/internal/workers"
)

// minParallel is the smallest matrix (rows × columns) whose passes are split over the cores:
// below it, handing a part to a worker that sleeps costs more than half the pass. The chapter's
// 128×512 activations are not split; batches of 512 and more of that width are.
var minParallel = 1 << 17

// parallelCols calls f(lo, hi) on column ranges [lo, hi) that cover [0, p): one range per core,
// boundaries at multiples of 16, as Split runs them. size is the matrix's element count.
func parallelCols(size, p int, f func(lo, hi int)) {
	if size < minParallel || p < 32 {
		f(0, p)
		return
	}
	Split(p, f)
}

// Split calls f(lo, hi) on parts [lo, hi) that cover [0, n): one part per core (GOMAXPROCS),
// boundaries at multiples of 16, run by the calling goroutine and nn/internal/workers' workers
// (workers.Parts); it returns when all have. With one core it is f(0, n).
func Split(n int, f func(lo, hi int)) {
	parts := runtime.GOMAXPROCS(0)
	if parts < 2 {
		f(0, n)
		return
	}
	width := (n/parts + 15) &^ 15
	if width == 0 {
		f(0, n)
		return
	}
	workers.Parts((n+width-1)/width, func(i int) { f(i*width, min(n, (i+1)*width)) })
}

// BiasRelu adds bias to every row of z (a row-major matrix with len(bias) columns) and, when
// relu, replaces each element by max(element, 0) (Go's max: NaN stays NaN, -0 becomes 0), in
// place. len(z) must be a multiple of len(bias).
func BiasRelu(z, bias []float32, relu bool) {
	p := len(bias)
	if p == 0 || len(z) == 0 {
		return
	}
	rows := len(z) / p
	z = z[:rows*p]
	parallelCols(len(z), p, func(lo, hi int) { biasRelu(z, bias, rows, lo, hi, relu) })
}

// Relu replaces each element of z by max(element, 0) (Go's max: NaN stays NaN, -0 becomes 0), in
// place: BiasRelu with a zero bias, over z seen as rows of 16 (the last len(z) mod 16 elements in
// BiasReluGo). x + 0 is x for every x but -0, which becomes 0 either way, so each element gets the
// bits max(element, 0) gives it.
func Relu(z []float32) {
	var zero [16]float32
	n := len(z) &^ 15
	biasRelu(z[:n], zero[:], n/16, 0, 16, true)
	BiasReluGo(z[n:], zero[:len(z)-n], 1, 0, len(z)-n, true)
}

// BiasReluPart is BiasRelu on rows [i0, i1) and columns [j0, j1) of z only, on the calling
// goroutine: the pass that follows one finished part of a layer's product (gemm.SgemmThen), while
// the part is in cache. Each element gets the bits BiasRelu gives it.
func BiasReluPart(z, bias []float32, i0, i1, j0, j1 int, relu bool) {
	if i0 >= i1 || j0 >= j1 {
		return
	}
	p := len(bias)
	biasRelu(z[i0*p:i1*p], bias, i1-i0, j0, j1, relu)
}

// BiasReluGo is BiasRelu's loop in Go on columns [lo, hi) of every row; it also serves
// float64 (nn/tensor's dense-layer forward pass), which has no SIMD kernel.
func BiasReluGo[T float32 | float64](z, bias []T, rows, lo, hi int, relu bool) {
	p := len(bias)
	bias = bias[lo:hi:hi]
	for i := range rows {
		row := z[i*p+lo : i*p+hi : i*p+hi]
		if relu {
			for j, b := range bias {
				row[j] = max(row[j]+b, 0)
			}
		} else {
			for j, b := range bias {
				row[j] += b
			}
		}
	}
}

// ReluGradSum sets dz to g where out > 0 and to 0 elsewhere (the gradient through a ReLU whose
// output was out), and db to the sums of dz's columns, accumulated row after row from 0: the
// backward pass of a dense layer with ReLU between its two products. g, out and dz are row-major
// matrices with len(db) columns and the same length; dz may be g itself.
func ReluGradSum(dz, db, g, out []float32) {
	p := len(db)
	if p == 0 {
		return
	}
	rows := len(dz) / p
	dz = dz[:rows*p]
	g, out = g[:len(dz)], out[:len(dz)]
	parallelCols(len(dz), p, func(lo, hi int) { reluGradSum(dz, db, g, out, rows, lo, hi) })
}

// ReluGradSumGo is ReluGradSum's loop in Go on columns [lo, hi) of every row: the mask is applied
// by and-ing g's bits with all ones or all zeros.
func ReluGradSumGo(dz, db, g, out []float32, rows, lo, hi int) {
	p := len(db)
	db = db[lo:hi:hi]
	clear(db)
	for i := range rows {
		d := dz[i*p+lo : i*p+hi : i*p+hi]
		gr, o := g[i*p+lo:i*p+hi:i*p+hi], out[i*p+lo:i*p+hi:i*p+hi]
		for j := range d {
			var keep uint32
			if o[j] > 0 {
				keep = 1
			}
			v := math.Float32frombits(math.Float32bits(gr[j]) & -keep) // -keep is all ones or zero
			d[j] = v
			db[j] += v
		}
	}
}
