package nn_test

import (
	"testing"
	"time"

	"github.com/nnbook/nnbook/nn"
)

// BenchmarkChapterMLPEpoch trains one epoch of the chapter 2 recipe (Deep Learning with Python,
// 2.1: 784 → Dense(512, relu) → Dense(10, softmax), rmsprop, batches of 128) on the full MNIST
// training set through the public Fit, and reports seconds per epoch and samples per second: what
// the peers in shared/bench/peers time per epoch (shuffle, batch gather, forward, backward,
// RMSprop, loss and accuracy bookkeeping). Loading and scaling the data, and building the model,
// happen outside the timer; successive iterations keep training the same model, as later epochs
// do. It is skipped when MNIST cannot be loaded.
//
//	go test -run '^$' -bench ChapterMLPEpoch -benchtime 5x ./nn
func BenchmarkChapterMLPEpoch(b *testing.B) {
	loadMNIST(b)
	d := &mnistData
	model := nn.NewSequential(
		&nn.Dense{Units: 512, Activation: nn.ReLU},
		&nn.Dense{Units: 10, Activation: nn.Softmax},
	)
	model.MustCompile(nn.CompileConfig{Optimizer: &nn.RMSprop{}, Loss: nn.SparseCategoricalCrossentropy{}, Metrics: []nn.Metric{nn.Accuracy{}}})
	model.MustBuild(28 * 28)
	n := d.x.Dim(0)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := model.Fit(d.x, d.y, nn.FitConfig{Epochs: 1, BatchSize: 128, Seed: uint64(i), Silent: true}); err != nil {
			b.Fatal(err)
		}
	}
	sec := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(sec, "s/epoch")
	b.ReportMetric(float64(n)/sec, "samples/s")
}
