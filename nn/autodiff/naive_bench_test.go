package autodiff_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/datasets/mnist"
	"github.com/nnbook/nnbook/nn/tensor"
)

// The training loop written by hand in notebooks/2.5-looking-back.ipynb (the book's section 2.5),
// op for op: NaiveDense records inputs·W + b and its activation on a tape made for each step, the
// loss is SparseCategoricalCrossentropy of the Softmax's probabilities, Tape.Gradient gives the
// four gradients and nn.ApplyGradients applies them with SGD. Only the notebook's names are
// shortened.

// naiveActivation is the notebook's activation: a node method.
type naiveActivation func(*autodiff.Node) *autodiff.Node

// naiveDense is the notebook's NaiveDense.
type naiveDense struct {
	activation naiveActivation
	W, b       *autodiff.Variable
}

func newNaiveDense(inputSize, outputSize int, activation naiveActivation) *naiveDense {
	return &naiveDense{
		activation: activation,
		W:          autodiff.NewVariable("W", tensor.Random(inputSize, outputSize).MulScalar(0.1).AsType(tensor.Float32)),
		b:          autodiff.NewVariable("b", tensor.Zeros(tensor.Float32, outputSize)),
	}
}

func (d *naiveDense) call(inputs *autodiff.Node) *autodiff.Node {
	tape := inputs.Tape()
	return d.activation(inputs.MatMul(tape.Watch(d.W)).Add(tape.Watch(d.b)))
}

// naiveModel is the notebook's NaiveSequential of two NaiveDense layers, 784 → 512 (relu) → 10
// (softmax).
type naiveModel []*naiveDense

func newNaiveModel() naiveModel {
	return naiveModel{
		newNaiveDense(28*28, 512, (*autodiff.Node).Relu),
		newNaiveDense(512, 10, (*autodiff.Node).Softmax),
	}
}

func (m naiveModel) call(inputs *autodiff.Node) *autodiff.Node {
	x := inputs
	for _, layer := range m {
		x = layer.call(x)
	}
	return x
}

func (m naiveModel) weights() []*autodiff.Variable {
	var weights []*autodiff.Variable
	for _, layer := range m {
		weights = append(weights, layer.W, layer.b)
	}
	return weights
}

// oneTrainingStep is the notebook's: a new tape, forward, loss, gradients, SGD update.
func (m naiveModel) oneTrainingStep(optimizer nn.Optimizer, images, labels *tensor.Tensor) float64 {
	tape := autodiff.NewTape()
	predictions := m.call(tape.Constant(images))
	averageLoss := autodiff.SparseCategoricalCrossentropy(labels, predictions)
	gradients := tape.Gradient(averageLoss, m.weights()...)
	nn.ApplyGradients(optimizer, m.weights(), gradients)
	return averageLoss.Value.Item()
}

// naiveBatches returns MNIST's training images prepared as the notebook's prepare does (flattened,
// float32, divided by 255) and cut into batches of 128 as its BatchGenerator does: row slices of
// the one prepared tensor, in order, the last one short (96 images). It skips b when MNIST cannot
// be loaded.
func naiveBatches(b *testing.B) (images, labels []*tensor.Tensor) {
	const batchSize = 128
	trainImages, trainLabels, _, _, err := mnist.LoadData()
	if err != nil {
		b.Skip("MNIST not available:", err)
	}
	n := trainImages.Dim(0)
	x := trainImages.Reshape(n, 28*28).AsType(tensor.Float32).DivScalar(255)
	for i := 0; i < n; i += batchSize {
		end := min(i+batchSize, n)
		images = append(images, x.Slice(tensor.R(i, end)))
		labels = append(labels, trainLabels.Slice(tensor.R(i, end)))
	}
	return images, labels
}

// BenchmarkNaiveTrainingStep times one step of the notebook's hand-written loop (see
// oneTrainingStep) on MNIST, going through the 469 batches of an epoch in order as the notebook
// does; cpu-ns/op is the CPU time of a step summed over threads. Compare with nn's
// BenchmarkTrainStepMNIST, the same network's fused step (with RMSprop):
//
//	go test -run '^$' -bench NaiveTrainingStep -cpu 1,2 -count 8 ./nn/autodiff
func BenchmarkNaiveTrainingStep(b *testing.B) {
	images, labels := naiveBatches(b)
	model := newNaiveModel()
	optimizer := &nn.SGD{LearningRate: 1e-3}
	for i := range 16 { // warm up: weights past their start, the heap at its working size
		model.oneTrainingStep(optimizer, images[i], labels[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		k := i % len(images)
		model.oneTrainingStep(optimizer, images[k], labels[k])
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// cpuTime returns the CPU time (user and system) the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
