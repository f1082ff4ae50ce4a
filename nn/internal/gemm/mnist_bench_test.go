package gemm_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/nnbook/nnbook/nn/datasets/mnist"
	"github.com/nnbook/nnbook/nn/internal/gemm"
)

// mnistImages holds the MNIST training images as 60000 rows of 784 float32
// in [0, 1] (81 % of them exactly 0), loaded once.
var mnistImages struct {
	once sync.Once
	x    []float32
	err  error
}

func loadImages(b *testing.B) []float32 {
	d := &mnistImages
	d.once.Do(func() {
		images, _, _, _, err := mnist.LoadData()
		if err != nil {
			d.err = err
			return
		}
		raw := images.Uint8s()
		d.x = make([]float32, len(raw))
		for i, v := range raw {
			d.x[i] = float32(v) / 255
		}
	})
	if d.err != nil {
		b.Skip("MNIST not available:", d.err)
	}
	return d.x
}

// BenchmarkSgemmMNIST times the two products of a training step of the
// chapter 2 network (784 → 512 → 10, batch 128) that have the images as
// operand A, on real MNIST batches: the forward x·W1 (128×784 · 784×512)
// and the first kernel's gradient xᵀ·dZ1 (784×128 · 128×512). Sixteen
// shuffled batches are used in turn. "skip" is Sgemm as it runs, skipping
// the all-zero columns of A's slivers; "dense" has skipping turned off, on
// the same data. GFLOP/s counts the dense product's 2·m·n·k. The kernel is
// the fastest one or -gemm.kernel's:
//
//	go test -run '^$' -bench SgemmMNIST -cpu 1 -count 6 ./nn/internal/gemm
func BenchmarkSgemmMNIST(b *testing.B) {
	images := loadImages(b)
	if f := flag.Lookup("gemm.kernel"); f != nil && f.Value.String() != "" {
		defer gemm.SetKernel(f.Value.String())()
	}
	const batch, features, hidden, nbatches = 128, 784, 512, 16
	rng := rand.New(rand.NewPCG(1, 2))
	perm := rng.Perm(len(images) / features)
	xs := make([][]float32, nbatches)
	for i := range xs {
		xs[i] = make([]float32, batch*features)
		for r := 0; r < batch; r++ {
			img := perm[i*batch+r]
			copy(xs[i][r*features:(r+1)*features], images[img*features:])
		}
	}
	uniform := func(n int) []float32 {
		s := make([]float32, n)
		for i := range s {
			s[i] = 2*rng.Float32() - 1
		}
		return s
	}
	w1, dz1 := uniform(features*hidden), uniform(batch*hidden)
	h, dw1 := make([]float32, batch*hidden), make([]float32, features*hidden)
	ops := []struct {
		name string
		f    func(x []float32)
	}{
		{"fwd1_128x512x784", func(x []float32) {
			gemm.Sgemm(false, false, batch, hidden, features, 1, x, features, w1, hidden, 0, h, hidden)
		}},
		{"dW1_784x512x128", func(x []float32) {
			gemm.Sgemm(true, false, features, hidden, batch, 1, x, features, dz1, hidden, 0, dw1, hidden)
		}},
	}
	flops := 2.0 * batch * features * hidden
	for _, mode := range []string{"skip", "dense"} {
		for _, o := range ops {
			b.Run(fmt.Sprintf("%s/%s", o.name, mode), func(b *testing.B) {
				if mode == "dense" {
					defer gemm.SetMaxKept(-1)()
				}
				for _, x := range xs {
					o.f(x)
				}
				i := 0
				for b.Loop() {
					o.f(xs[i%nbatches])
					i++
				}
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
