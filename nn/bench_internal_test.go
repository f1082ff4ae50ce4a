package nn

import (
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// BenchmarkTrainStep times one training step of the chapter 2 model (784 → Dense(512, relu) →
// Dense(10, softmax), rmsprop, sparse categorical crossentropy) on a batch of 128 random images:
// forward, loss, backward and the RMSprop update, without Fit's batching and bookkeeping.
// It needs no data set. allocs/op shows the garbage a step leaves.
func BenchmarkTrainStep(b *testing.B) {
	const batch, features, classes = 128, 784, 10
	model := NewSequential(
		&Dense{Units: 512, Activation: ReLU},
		&Dense{Units: classes, Activation: Softmax},
	)
	model.MustCompile(CompileConfig{Optimizer: &RMSprop{}, Loss: SparseCategoricalCrossentropy{}})
	model.MustBuild(features)
	rng := tensor.NewRand(1)
	x := tensor.RandomUniform(rng, tensor.Float32, 0, 1, batch, features)
	labels := make([]int64, batch)
	for i := range labels {
		labels[i] = int64(rng.IntN(classes))
	}
	y := tensor.FromSlice(labels)
	model.trainStep(x, y) // warm up: optimizer state, buffers
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		model.trainStep(x, y)
	}
}
