package nn_test

import (
	"math"
	"sync"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/datasets/mnist"
	"github.com/nnbook/nnbook/nn/tensor"
)

// The chapter 2 recipe on MNIST (Deep Learning with Python, 2.1): 784 → Dense(512, relu) →
// Dense(10, softmax), rmsprop, 5 epochs of batches of 128. The book reports a test accuracy of
// 0.978-0.981; the peer implementations in shared/bench/peers reach 0.9791-0.9812 over seeds 0-3
// (training loss after epoch 1: 0.2613-0.2638).

var mnistData struct {
	once                        sync.Once
	x, y, xTest, yTest, yOneHot *tensor.Tensor
	yTestOneHot                 *tensor.Tensor
	err                         error
}

// loadMNIST returns the images as (n, 784) float32 in [0, 1], as the book prepares them.
func loadMNIST(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("MNIST training takes minutes; skipped in -short mode")
	}
	d := &mnistData
	d.once.Do(func() {
		trainImages, trainLabels, testImages, testLabels, err := mnist.LoadData()
		if err != nil {
			d.err = err
			return
		}
		d.x = trainImages.Reshape(60000, 28*28).AsType(tensor.Float32).DivScalar(255)
		d.xTest = testImages.Reshape(10000, 28*28).AsType(tensor.Float32).DivScalar(255)
		d.y, d.yTest = trainLabels, testLabels
		d.yOneHot, d.yTestOneHot = nn.MustToCategorical(trainLabels, 10), nn.MustToCategorical(testLabels, 10)
	})
	if d.err != nil {
		t.Skipf("MNIST not available: %v", d.err)
	}
}

// epochLogger logs each epoch's figures and time.
func epochLogger(t *testing.T) nn.Callback {
	var start time.Time
	return nn.CallbackFuncs{
		EpochBegin: func(int) { start = time.Now() },
		EpochEnd: func(e int, logs nn.Logs) {
			t.Logf("epoch %d: %.1fs loss %.4f accuracy %.4f", e+1, time.Since(start).Seconds(), logs["loss"], logs["accuracy"])
		},
	}
}

// chapterRun is one run of the chapter's recipe.
type chapterRun struct {
	history *nn.History
	eval    nn.Evaluation
}

// chapterRuns caches the 2nd edition's runs by seed, for the 1st edition's comparison.
var chapterRuns = struct {
	sync.Mutex
	bySeed map[uint64]chapterRun
}{bySeed: map[uint64]chapterRun{}}

// runChapter2 trains the 2nd edition's model with the given model and shuffling seed.
func runChapter2(t *testing.T, seed uint64) chapterRun {
	t.Helper()
	chapterRuns.Lock()
	defer chapterRuns.Unlock()
	if r, ok := chapterRuns.bySeed[seed]; ok {
		return r
	}
	d := &mnistData
	model := nn.NewSequential(
		&nn.Dense{Units: 512, Activation: nn.ReLU},
		&nn.Dense{Units: 10, Activation: nn.Softmax},
	)
	model.Seed = seed
	model.MustCompile(nn.CompileConfig{Optimizer: &nn.RMSprop{}, Loss: nn.SparseCategoricalCrossentropy{}, Metrics: []nn.Metric{nn.Accuracy{}}})
	h, err := model.Fit(d.x, d.y, nn.FitConfig{Epochs: 5, BatchSize: 128, Seed: seed, Silent: true,
		Callbacks: []nn.Callback{epochLogger(t)}})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := model.Evaluate(d.xTest, d.yTest)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seed %d: test %v", seed, ev)
	r := chapterRun{h, ev}
	chapterRuns.bySeed[seed] = r
	return r
}

// TestMNISTChapter2 runs the recipe with the default seeds (0) and the next two. Single runs vary
// with the initial weights and the batch order: over seeds 0-39 the test accuracy after 5 epochs
// ranged from 0.9743 to 0.9827 (mean 0.9792, standard deviation 0.0017, 7 of 40 under 0.978; seeds
// 0, 1, 2 gave 0.9798, 0.9778, 0.9786 when this was written), as it does with NumPy's batch orders
// (40 seeds: 0.9733-0.9820, mean 0.9789), so the check is on the mean of the three runs, with a
// looser bound on each.
func TestMNISTChapter2(t *testing.T) {
	loadMNIST(t)
	mean := 0.0
	for seed := range uint64(3) {
		r := runChapter2(t, seed)
		h := r.history
		if h.StepsPerEpoch != 469 { // ceil(60000/128): 468 batches of 128 and one of 96
			t.Errorf("steps per epoch %d, want 469", h.StepsPerEpoch)
		}
		if l := h.Loss()[0]; l < 0.22 || l > 0.31 {
			t.Errorf("seed %d: epoch 1 loss %.4f, want about 0.26 as the peers", seed, l)
		}
		if l := h.Loss()[4]; l < 0.03 || l > 0.046 {
			t.Errorf("seed %d: epoch 5 loss %.4f, want about 0.038 as the peers", seed, l)
		}
		if acc := r.eval.Accuracy(); acc < 0.975 {
			t.Errorf("seed %d: test accuracy %.4f, want >= 0.975", seed, acc)
		}
		mean += r.eval.Accuracy() / 3
	}
	t.Logf("mean test accuracy %.4f", mean)
	if mean < 0.978 {
		t.Errorf("mean test accuracy %.4f, want >= 0.978", mean)
	}
}

// The 1st edition's variant: model.add with input_shape, to_categorical labels and
// categorical_crossentropy. With the same seeds it starts from the same weights and sees the same
// batches as the 2nd edition's model, and the two losses have the same gradient, so it must match.
func TestMNISTFirstEdition(t *testing.T) {
	loadMNIST(t)
	d := &mnistData
	network := &nn.Sequential{}
	network.Add(&nn.Dense{Units: 512, Activation: nn.ReLU, InputShape: []int{28 * 28}})
	network.Add(&nn.Dense{Units: 10, Activation: nn.Softmax})
	network.MustCompile(nn.CompileConfig{Optimizer: &nn.RMSprop{}, Loss: nn.CategoricalCrossentropy{}, Metrics: []nn.Metric{nn.Accuracy{}}})
	h, err := network.Fit(d.x, d.yOneHot, nn.FitConfig{Epochs: 5, BatchSize: 128, Silent: true, Callbacks: []nn.Callback{epochLogger(t)}})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := network.Evaluate(d.xTest, d.yTestOneHot)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("test: %v", ev)
	ref := runChapter2(t, 0)
	// Float rounding differs between the two losses' code paths, so allow small drifts.
	for e, l := range h.Loss() {
		if r := ref.history.Loss()[e]; math.Abs(l-r) > 2e-3 {
			t.Errorf("epoch %d loss %.4f, 2nd edition %.4f", e+1, l, r)
		}
	}
	if diff := math.Abs(ev.Accuracy() - ref.eval.Accuracy()); diff > 3e-3 {
		t.Errorf("test accuracy %.4f, 2nd edition %.4f", ev.Accuracy(), ref.eval.Accuracy())
	}
	if math.Abs(ev.Loss-ref.eval.Loss) > 3e-3 {
		t.Errorf("test loss %.4f, 2nd edition %.4f", ev.Loss, ref.eval.Loss)
	}
}
