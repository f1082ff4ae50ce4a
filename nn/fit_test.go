package nn_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/tensor"
)

// newModel returns the test model: 2 → 16 relu → 3 softmax, compiled with loss and accuracy.
func newModel(t testing.TB, seed uint64, opt nn.Optimizer, lossName string) *nn.Sequential {
	t.Helper()
	loss, err := nn.LossByName(lossName)
	if err != nil {
		t.Fatal(err)
	}
	m := nn.NewSequential(
		&nn.Dense{Units: 16, Activation: nn.ReLU},
		&nn.Dense{Units: 3, Activation: nn.Softmax},
	)
	m.Seed = seed
	if err := m.Compile(nn.CompileConfig{Optimizer: opt, Loss: loss, Metrics: []nn.Metric{nn.Accuracy{}}}); err != nil {
		t.Fatal(err)
	}
	return m
}

// weightBits returns every weight's bits, for bit-for-bit comparisons.
func weightBits(m *nn.Sequential) []uint32 {
	var bits []uint32
	for _, w := range m.Weights() {
		for _, v := range w.Value.Float32s() {
			bits = append(bits, math.Float32bits(v))
		}
	}
	return bits
}

func TestFitLearns(t *testing.T) {
	x, y := separable(100, 1)
	m := newModel(t, 0, &nn.RMSprop{LearningRate: 0.01}, "sparse_categorical_crossentropy")
	h, err := m.Fit(x, y, nn.FitConfig{Epochs: 8, BatchSize: 32, Silent: true})
	if err != nil {
		t.Fatal(err)
	}
	// 100 samples in batches of 32: 32+32+32+4, so 4 steps per epoch and 8*4 batch losses.
	if h.StepsPerEpoch != 4 || len(h.BatchLoss) != 32 || !reflect.DeepEqual(h.Epoch, []int{0, 1, 2, 3, 4, 5, 6, 7}) {
		t.Errorf("steps %d, %d batch losses, epochs %v; want 4, 32, 0..7", h.StepsPerEpoch, len(h.BatchLoss), h.Epoch)
	}
	if got := h.Keys(); !reflect.DeepEqual(got, []string{"loss", "accuracy"}) {
		t.Errorf("keys %v, want [loss accuracy]", got)
	}
	loss, acc := h.Loss(), h.Accuracy()
	if !(loss[7] < loss[0]/4) || acc[7] != 1 || h.Interrupted {
		t.Errorf("loss %v, accuracy %v, interrupted %v: want the loss to fall 4x and accuracy 1", loss, acc, h.Interrupted)
	}
	// The epoch's loss is the mean of its batch losses weighted by batch size.
	bl := h.BatchLoss[28:32]
	want := (32*(bl[0]+bl[1]+bl[2]) + 4*bl[3]) / 100
	if math.Abs(loss[7]-want) > 1e-12 {
		t.Errorf("epoch loss %v, want the weighted mean of batch losses %v", loss[7], want)
	}
}

func TestFitDeterministic(t *testing.T) {
	x, y := separable(200, 3)
	run := func(modelSeed, fitSeed uint64) (*nn.History, []uint32) {
		m := newModel(t, modelSeed, &nn.Adam{}, "sparse_categorical_crossentropy")
		h, err := m.Fit(x, y, nn.FitConfig{Epochs: 3, Seed: fitSeed, ValidationSplit: 0.1, Silent: true})
		if err != nil {
			t.Fatal(err)
		}
		return h, weightBits(m)
	}
	h1, w1 := run(7, 11)
	h2, w2 := run(7, 11)
	if !reflect.DeepEqual(h1, h2) {
		t.Errorf("same seeds, different histories:\n%v\n%v", h1, h2)
	}
	if !reflect.DeepEqual(w1, w2) {
		t.Error("same seeds, different weights")
	}
	if h3, _ := run(7, 12); reflect.DeepEqual(h1.BatchLoss, h3.BatchLoss) {
		t.Error("another shuffling seed gave the same batch losses")
	}
	if _, w4 := run(8, 11); reflect.DeepEqual(w1, w4) {
		t.Error("another model seed gave the same weights")
	}

	// Initial weights depend only on the model's Seed and layer position.
	a, b := nn.NewSequential(&nn.Dense{Units: 4}, &nn.Dense{Units: 4}), nn.NewSequential(&nn.Dense{Units: 4}, &nn.Dense{Units: 4})
	if err := errors.Join(a.Build(4), b.Build(4)); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(weightBits(a), weightBits(b)) {
		t.Error("equal models built with seed 0 differ")
	}
	if reflect.DeepEqual(a.Weights()[0].Value.Float32s(), a.Weights()[2].Value.Float32s()) {
		t.Error("two layers of one model drew the same kernel")
	}
}

func TestFitNoShuffle(t *testing.T) {
	x, y := separable(64, 3)
	var hs []*nn.History
	for _, seed := range []uint64{1, 2} {
		m := newModel(t, 0, &nn.SGD{}, "sparse_categorical_crossentropy")
		h, err := m.Fit(x, y, nn.FitConfig{Epochs: 2, BatchSize: 16, NoShuffle: true, Seed: seed, Silent: true})
		if err != nil {
			t.Fatal(err)
		}
		hs = append(hs, h)
	}
	if !reflect.DeepEqual(hs[0], hs[1]) {
		t.Error("NoShuffle: the shuffling seed changed the history")
	}
}

func TestFitCategoricalMatchesSparse(t *testing.T) {
	x, y := separable(96, 5)
	oneHot := nn.MustToCategorical(y, 3)
	cfg := nn.FitConfig{Epochs: 3, BatchSize: 32, Silent: true, ValidationData: &nn.Dataset{X: x, Y: y}}
	hs, err := newModel(t, 0, &nn.RMSprop{}, "sparse_categorical_crossentropy").Fit(x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ValidationData.Y = oneHot
	hc, err := newModel(t, 0, &nn.RMSprop{}, "categorical_crossentropy").Fit(x, oneHot, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range hs.Keys() {
		for e := range 3 {
			if a, b := hs.History[k][e], hc.History[k][e]; math.Abs(a-b) > 1e-5 {
				t.Errorf("%s epoch %d: sparse %v, categorical %v", k, e, a, b)
			}
		}
	}
}

func TestFitInputDTypes(t *testing.T) {
	// Whole-number features are exact in every dtype, so the histories must be equal bit for bit.
	x32, y := separable(64, 9)
	vals := x32.Float32s()
	u8 := make([]uint8, len(vals))
	f32 := make([]float32, len(vals))
	for i, v := range vals {
		u8[i] = uint8(math.Round(float64(v)*10 + 50))
		f32[i] = float32(u8[i])
	}
	xs := map[string]*tensor.Tensor{
		"float32": tensor.FromSlice(f32, 64, 2),
		"uint8":   tensor.FromSlice(u8, 64, 2),
		"float64": tensor.FromSlice(f32, 64, 2).AsType(tensor.Float64),
		"int64":   tensor.FromSlice(f32, 64, 2).AsType(tensor.Int64),
	}
	labels := map[string]*tensor.Tensor{"uint8": y, "int64": y.AsType(tensor.Int64), "float64": y.AsType(tensor.Float64)}
	var ref *nn.History
	for name, x := range xs {
		for lname, yy := range labels {
			h, err := newModel(t, 0, &nn.SGD{}, "sparse_categorical_crossentropy").Fit(x, yy, nn.FitConfig{Epochs: 2, Silent: true})
			if err != nil {
				t.Fatalf("x %s, y %s: %v", name, lname, err)
			}
			if ref == nil {
				ref = h
			} else if !reflect.DeepEqual(h, ref) {
				t.Errorf("x %s, y %s: history %v differs from %v", name, lname, h, ref)
			}
		}
	}
	if x := xs["float64"]; x.DType() != tensor.Float64 {
		t.Errorf("Fit changed its input to %v", x.DType())
	}
}

func TestFitValidation(t *testing.T) {
	x, y := separable(100, 2)
	var info nn.TrainInfo
	cb := nn.CallbackFuncs{TrainBegin: func(i nn.TrainInfo) { info = i }}
	m := newModel(t, 0, &nn.RMSprop{}, "sparse_categorical_crossentropy")
	h, err := m.Fit(x, y, nn.FitConfig{Epochs: 2, BatchSize: 10, ValidationSplit: 0.25, Silent: true, Callbacks: []nn.Callback{cb}})
	if err != nil {
		t.Fatal(err)
	}
	// floor(100 * 0.75) = 75 training samples in 8 batches of 10 (the last of 5), 25 for validation.
	want := nn.TrainInfo{Epochs: 2, StepsPerEpoch: 8, Samples: 75, ValidationSamples: 25, BatchSize: 10,
		Metrics: []string{"loss", "accuracy", "val_loss", "val_accuracy"}, Verbose: 0}
	if !reflect.DeepEqual(info, want) {
		t.Errorf("TrainInfo %+v, want %+v", info, want)
	}
	if got := h.Keys(); !reflect.DeepEqual(got, want.Metrics) {
		t.Errorf("keys %v, want %v", got, want.Metrics)
	}
	// The last val_loss is the loss of the final model on the last 25 samples.
	ev, err := m.Evaluate(x.Slice(tensor.From(75)), y.Slice(tensor.From(75)))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Loss != h.ValLoss()[1] || ev.Accuracy() != h.ValAccuracy()[1] {
		t.Errorf("Evaluate %v, last validation: val_loss %v val_accuracy %v", ev, h.ValLoss()[1], h.ValAccuracy()[1])
	}
}

func TestFitCallbackOrder(t *testing.T) {
	x, y := separable(10, 2)
	var events []string
	cb := nn.CallbackFuncs{
		TrainBegin: func(nn.TrainInfo) { events = append(events, "begin") },
		EpochBegin: func(e int) { events = append(events, fmt.Sprintf("epoch%d", e)) },
		BatchEnd: func(e, b int, logs nn.Logs) {
			_, hasAcc := logs["accuracy"]
			_, hasBL := logs["batch_loss"]
			events = append(events, fmt.Sprintf("batch%d.%d(%v)", e, b, hasAcc && hasBL))
		},
		EpochEnd: func(e int, logs nn.Logs) {
			events = append(events, fmt.Sprintf("end%d(%d)", e, len(logs)))
		},
		TrainEnd: func(h *nn.History) { events = append(events, fmt.Sprintf("done(%d)", h.Epochs())) },
	}
	m := newModel(t, 0, &nn.SGD{}, "sparse_categorical_crossentropy")
	if _, err := m.Fit(x, y, nn.FitConfig{Epochs: 2, BatchSize: 6, ValidationData: &nn.Dataset{X: x, Y: y},
		Silent: true, Callbacks: []nn.Callback{cb}}); err != nil {
		t.Fatal(err)
	}
	want := "begin epoch0 batch0.0(true) batch0.1(true) end0(4) epoch1 batch1.0(true) batch1.1(true) end1(4) done(2)"
	if got := strings.Join(events, " "); got != want {
		t.Errorf("events\n%s\nwant\n%s", got, want)
	}
}

func TestPredict(t *testing.T) {
	x, y := separable(600, 4)
	m := newModel(t, 0, &nn.RMSprop{}, "sparse_categorical_crossentropy")
	if _, err := m.Fit(x, y, nn.FitConfig{Epochs: 2, Silent: true}); err != nil {
		t.Fatal(err)
	}
	p, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Shape(); !got.Equal(tensor.Shape{600, 3}) || p.DType() != tensor.Float32 {
		t.Fatalf("Predict gave %v, want (600, 3) float32", p.Info())
	}
	// Rows are probabilities, and each row does not depend on the batch it was computed in.
	all := p.Float32s()
	for i := 0; i < 600; i += 97 {
		one := m.MustPredict(x.Slice(tensor.R(i, i+1))).Float32s()
		sum := 0.0
		for j := range 3 {
			sum += float64(all[3*i+j])
			if one[j] != all[3*i+j] {
				t.Errorf("row %d: alone %v, in a batch %v", i, one, all[3*i:3*i+3])
				break
			}
		}
		if math.Abs(sum-1) > 1e-6 {
			t.Errorf("row %d sums to %v", i, sum)
		}
	}
	if _, err := m.Predict(tensor.Zeros(tensor.Float32, 3, 5)); err == nil || !strings.Contains(err.Error(), "Received: input shape (None, 5)") {
		t.Errorf("Predict of width 5: %v", err)
	}
	if _, err := nn.NewSequential(&nn.Dense{Units: 2}).Predict(tensor.Zeros(tensor.Float32, 0, 5)); err == nil {
		t.Error("Predict of an empty x: no error")
	}
}

func TestEvaluate(t *testing.T) {
	x, y := separable(50, 4)
	m := newModel(t, 0, &nn.RMSprop{}, "sparse_categorical_crossentropy")
	if _, err := m.Evaluate(x, y.Slice(tensor.To(10))); err == nil || !strings.Contains(err.Error(), "nn.Evaluate: x and y must have the same number of samples") {
		t.Errorf("Evaluate with 10 labels: %v", err)
	}
	ev, err := m.Evaluate(x, y)
	if err != nil {
		t.Fatal(err)
	}
	// An untrained 3-class model: loss near log(3) = 1.0986, within the spread of random weights.
	if ev.Loss < 0.3 || ev.Loss > 3 || len(ev.Metrics) != 1 {
		t.Errorf("untrained Evaluate %+v", ev)
	}
	if s := ev.String(); !strings.HasPrefix(s, "loss: ") || !strings.Contains(s, " - accuracy: ") {
		t.Errorf("String %q", s)
	}
	if _, err := nn.NewSequential(&nn.Dense{Units: 2}).Evaluate(x, y); err == nil || !strings.Contains(err.Error(), "compiled") {
		t.Errorf("uncompiled Evaluate: %v", err)
	}
}
