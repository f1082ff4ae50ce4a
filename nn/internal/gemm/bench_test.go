package gemm

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"testing"
)

var benchKernel = flag.String("gemm.kernel", "", "kernel for BenchmarkSgemm: avx512, avx2 or generic (default: fastest)")

// benchOp is one product of the benchmarks.
type benchOp struct {
	name    string
	tA, tB  bool
	m, n, k int
}

// trainOps are the products of one training step of the 784-512(relu)-10
// MLP at batch 128 (row-major, m×n×k); dX of the input layer is not needed.
var trainOps = []benchOp{
	{"fwd1", false, false, 128, 512, 784}, // X·W1
	{"dW1", true, false, 784, 512, 128},   // Xᵀ·dH
	{"fwd2", false, false, 128, 10, 512},  // H·W2
	{"dW2", true, false, 512, 10, 128},    // Hᵀ·dZ
	{"dH", false, true, 128, 512, 10},     // dZ·W2ᵀ
}

// otherOps are further shapes: the gradient for the input layer's input,
// evaluation of the test set, a square one and a small one.
var otherOps = []benchOp{
	{"dX", false, true, 128, 784, 512}, // dH·W1ᵀ, not needed for training
	{"eval", false, false, 10000, 512, 784},
	{"square", false, false, 1024, 1024, 1024},
	{"small", false, false, 32, 32, 32},
}

func (o benchOp) flops() float64 { return 2 * float64(o.m) * float64(o.n) * float64(o.k) }

// setup returns a closure computing o once on random data.
func (o benchOp) setup() func() {
	rng := rand.New(rand.NewPCG(1, 2))
	lda, ldb := o.k, o.n
	if o.tA {
		lda = o.m
	}
	if o.tB {
		ldb = o.k
	}
	a, b := filled(rng, o.m*o.k, false), filled(rng, o.k*o.n, false)
	c := make([]float32, o.m*o.n)
	return func() { Sgemm(o.tA, o.tB, o.m, o.n, o.k, 1, a, lda, b, ldb, 0, c, o.n) }
}

// BenchmarkSgemm reports GFLOP/s (2·m·n·k per product) of the training
// products, of a whole training step ("trainstep", all five) and of other
// shapes. The kernel is the fastest one, or -gemm.kernel's:
//
//	go test -run '^$' -bench Sgemm -benchmem ./nn/internal/gemm -args -gemm.kernel=avx2
func BenchmarkSgemm(b *testing.B) {
	if *benchKernel != "" {
		defer SetKernel(*benchKernel)()
	}
	for _, o := range append(trainOps, otherOps...) {
		if o.name == "eval" && testing.Short() {
			continue
		}
		b.Run(fmt.Sprintf("%s_%dx%dx%d", o.name, o.m, o.n, o.k), func(b *testing.B) {
			f := o.setup()
			f()
			b.ResetTimer()
			for b.Loop() {
				f()
			}
			b.ReportMetric(o.flops()*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
	b.Run("trainstep", func(b *testing.B) {
		var fs []func()
		var flops float64
		for _, o := range trainOps {
			fs = append(fs, o.setup())
			flops += o.flops()
		}
		for _, f := range fs {
			f()
		}
		b.ResetTimer()
		for b.Loop() {
			for _, f := range fs {
				f()
			}
		}
		b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
}
