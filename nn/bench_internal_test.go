package nn

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nn/datasets/mnist"
	"github.com/nnbook/nnbook/nn/tensor"
)

// BenchmarkTrainStep times one training step of the chapter 2 model (784 → Dense(512, relu) →
// Dense(10, softmax), rmsprop, sparse categorical crossentropy) on a batch of 128 random images:
// forward, loss, backward and the RMSprop update, without Fit's batching and bookkeeping.
// It needs no data set. allocs/op shows the garbage a step leaves.
func BenchmarkTrainStep(b *testing.B) {
	const batch, features, classes = 128, 784, 10
	model := chapterModel()
	x, y := randomBatch(tensor.NewRand(1), batch, features, classes)
	model.trainStep(x, y) // warm up: optimizer state, buffers
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		model.trainStep(x, y)
	}
	reportCPU(b, cpu)
}

// BenchmarkTrainStepMNIST is BenchmarkTrainStep on real MNIST batches: 16 shuffled batches of 128
// training images scaled to [0, 1] as the book does, with their labels, one after the other. 81 % of
// the pixels are exactly 0, and the products with the images as operand (x·W1 and xᵀ·dz1) skip the
// columns of A that are zero in a whole sliver (see nn/internal/gemm/sparse.go); the random images
// of BenchmarkTrainStep have none. It is skipped when MNIST cannot be loaded.
//
//	go test -run '^$' -bench 'TrainStep(MNIST)?$' -cpu 1 -count 6 ./nn
func BenchmarkTrainStepMNIST(b *testing.B) {
	xs, ys := mnistBatches(b)
	model := chapterModel()
	for i := range xs { // warm up: optimizer state, buffers, and weights past their start
		model.trainStep(xs[i], ys[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		model.trainStep(xs[i%len(xs)], ys[i%len(xs)])
	}
	reportCPU(b, cpu)
}

// chapterModel returns the chapter 2 model, built for 784 features: Dense(512, relu), then
// Dense(10, softmax), compiled with RMSprop and sparse categorical crossentropy.
func chapterModel() *Sequential {
	model := NewSequential(
		&Dense{Units: 512, Activation: ReLU},
		&Dense{Units: 10, Activation: Softmax},
	)
	model.MustCompile(CompileConfig{Optimizer: &RMSprop{}, Loss: SparseCategoricalCrossentropy{}})
	model.MustBuild(784)
	return model
}

// mnistBatches returns 16 shuffled batches of 128 MNIST training images, scaled to [0, 1] as the
// book does, with their labels; it skips b when MNIST cannot be loaded.
func mnistBatches(b *testing.B) (xs, ys []*tensor.Tensor) {
	const batch, features, nbatches = 128, 784, 16
	images, labels, _, _, err := mnist.LoadData()
	if err != nil {
		b.Skip("MNIST not available:", err)
	}
	pixels, digits := images.Uint8s(), labels.Uint8s()
	rng := rand.New(rand.NewPCG(1, 2))
	perm := rng.Perm(len(digits))
	xs, ys = make([]*tensor.Tensor, nbatches), make([]*tensor.Tensor, nbatches)
	for i := range xs {
		x, y := make([]float32, batch*features), make([]int64, batch)
		for r := range batch {
			img := perm[i*batch+r]
			for j, v := range pixels[img*features : (img+1)*features] {
				x[r*features+j] = float32(v) / 255
			}
			y[r] = int64(digits[img])
		}
		xs[i], ys[i] = tensor.FromSlice(x, batch, features), tensor.FromSlice(y)
	}
	return xs, ys
}

// cpuTime returns the CPU time (user and system) the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per op since start, summed over all threads, as cpu-ns/op: on a
// machine shared with other work, wall time swings with the others' load, while the CPU time of
// a single-threaded run (-cpu 1) stays close to what the work itself costs.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkTrainStepProducts times the five matrix products of BenchmarkTrainStep alone, at its
// shapes, through tensor.MatMulInto as the step calls them: forward x·W1 (128×784 · 784×512) and
// h·W2 (128×512 · 512×10); backward dW2 = hᵀ·dz2, dh = dz2·W2ᵀ and dW1 = xᵀ·dz1. BenchmarkTrainStep
// over this is the step's cost relative to its GEMM floor (issue 13 asks for at most 1.2).
func BenchmarkTrainStepProducts(b *testing.B) {
	const batch, features = 128, 784
	x := tensor.RandomUniform(tensor.NewRand(1), tensor.Float32, -1, 1, batch, features)
	benchmarkProducts(b, []*tensor.Tensor{x})
}

// BenchmarkTrainStepProductsMNIST is BenchmarkTrainStepProducts with the batches of
// BenchmarkTrainStepMNIST as x, so that x·W1 and xᵀ·dz1 skip MNIST's zero pixels as in a
// training step on MNIST: the products against which BenchmarkTrainStepMNIST's step is measured.
func BenchmarkTrainStepProductsMNIST(b *testing.B) {
	xs, _ := mnistBatches(b)
	benchmarkProducts(b, xs)
}

// benchmarkProducts times the five products of a training step of the chapter's network, with
// the batches xs in turn as its input and random values for the rest.
func benchmarkProducts(b *testing.B, xs []*tensor.Tensor) {
	products := stepProducts()
	for _, x := range xs {
		products(x)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		products(xs[i%len(xs)])
	}
	reportCPU(b, cpu)
}

// stepProducts returns a function computing the five products of a training step of the
// chapter's network on a batch x of 128 rows, into buffers of its own, with random values for
// all but x.
func stepProducts() func(x *tensor.Tensor) {
	const batch, features, hidden, classes = 128, 784, 512, 10
	rng := tensor.NewRand(2)
	u := func(shape ...int) *tensor.Tensor { return tensor.RandomUniform(rng, tensor.Float32, -1, 1, shape...) }
	w1, w2 := u(features, hidden), u(hidden, classes)
	h, z2, dz2, dh, dw1, dw2 := u(batch, hidden), u(batch, classes), u(batch, classes), u(batch, hidden), u(features, hidden), u(hidden, classes)
	return func(x *tensor.Tensor) {
		tensor.MatMulInto(h, x, w1, false, false)   // forward, layer 1
		tensor.MatMulInto(z2, h, w2, false, false)  // forward, layer 2
		tensor.MatMulInto(dw2, h, dz2, true, false) // dW2 = hᵀ·dz2
		tensor.MatMulInto(dh, dz2, w2, false, true) // dh = dz2·W2ᵀ
		tensor.MatMulInto(dw1, x, dh, true, false)  // dW1 = xᵀ·dz1
	}
}

// BenchmarkTrainStepOverProducts measures BenchmarkTrainStep over BenchmarkTrainStepProducts in
// one run: it alternates 8 steps and 8 rounds of the five products, on the same random batch,
// and reports both times per op and their ratio (step/products), so that a machine whose speed
// drifts, as shared virtual machines' does from minute to minute, slows both alike. Run one
// after the other, the two benchmarks can meet different minutes. ns/op is a step and a round
// of products.
//
//	go test -run '^$' -bench TrainStepOverProducts -count 6 ./nn
func BenchmarkTrainStepOverProducts(b *testing.B) {
	const batch, features, classes = 128, 784, 10
	x, y := randomBatch(tensor.NewRand(1), batch, features, classes)
	benchmarkStepOverProducts(b, []*tensor.Tensor{x}, []*tensor.Tensor{y})
}

// BenchmarkTrainStepOverProductsMNIST is BenchmarkTrainStepOverProducts on the MNIST batches of
// BenchmarkTrainStepMNIST, the step and the products taking the same batch in turn: the ratio
// that Fit's steps on the chapter's data see (x·W1 and xᵀ·dz1 skip the zero pixels, so the
// products are cheaper there and the rest of the step weighs more).
func BenchmarkTrainStepOverProductsMNIST(b *testing.B) {
	xs, ys := mnistBatches(b)
	benchmarkStepOverProducts(b, xs, ys)
}

// benchmarkStepOverProducts alternates blocks of 8 training steps of the chapter's model and 8
// rounds of its five products, over the batches xs (labels ys) in turn, and reports each one's
// time per op and their ratio.
func benchmarkStepOverProducts(b *testing.B, xs, ys []*tensor.Tensor) {
	const block = 8
	model := chapterModel()
	products := stepProducts()
	for i := range xs { // warm up: optimizer state, buffers
		model.trainStep(xs[i], ys[i])
		products(xs[i])
	}
	var step, prod time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; done += block {
		n := min(block, b.N-done)
		t0 := time.Now()
		for i := range n {
			model.trainStep(xs[(done+i)%len(xs)], ys[(done+i)%len(xs)])
		}
		t1 := time.Now()
		for i := range n {
			products(xs[(done+i)%len(xs)])
		}
		step, prod = step+t1.Sub(t0), prod+time.Since(t1)
	}
	b.ReportMetric(float64(step)/float64(b.N), "step-ns/op")
	b.ReportMetric(float64(prod)/float64(b.N), "products-ns/op")
	b.ReportMetric(float64(step)/float64(prod), "step/products")
}

// randomBatch returns batch rows of features uniform in [0, 1) and their labels, uniform over
// classes, for benchmarks and tests of a training step.
func randomBatch(rng *rand.Rand, batch, features, classes int) (x, y *tensor.Tensor) {
	x = tensor.RandomUniform(rng, tensor.Float32, 0, 1, batch, features)
	labels := make([]int64, batch)
	for i := range labels {
		labels[i] = int64(rng.IntN(classes))
	}
	return x, tensor.FromSlice(labels)
}
