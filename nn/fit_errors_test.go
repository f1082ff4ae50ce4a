package nn_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/tensor"
)

func TestFitErrors(t *testing.T) {
	x, y := separable(20, 2)
	f32 := func(n ...int) *tensor.Tensor { return tensor.Zeros(tensor.Float32, n...) }
	bad := y.AsType(tensor.Int64)
	bad.Set(3, 7)
	neg := y.AsType(tensor.Int64)
	neg.Set(-1, 2)
	half := y.AsType(tensor.Float64)
	half.Set(0.5, 0)
	for _, c := range []struct {
		name string
		loss string
		x, y *tensor.Tensor
		cfg  nn.FitConfig
		want string
	}{
		{"x nil", "", nil, y, nn.FitConfig{}, "nn.Fit: x is nil"},
		{"y nil", "", x, nil, nn.FitConfig{}, "nn.Fit: y is nil"},
		{"x rank 1", "", f32(20), y, nn.FitConfig{}, "Received: x of shape (20,)"},
		{"x empty", "", f32(0, 2), y, nn.FitConfig{}, "x is empty. Received: x of shape (0, 2)"},
		{"x rank 3", "", f32(20, 2, 1), y, nn.FitConfig{}, "Received: input shape (None, 2, 1); flatten the samples first, e.g. x.Reshape(-1, 2)"},
		{"lengths", "", x, y.Slice(tensor.To(19)), nn.FitConfig{}, "same number of samples. Received: x of shape (20, 2) and y of shape (19,)"},
		{"label too big", "", x, bad, nn.FitConfig{}, "label y[7] = 3 is outside the valid range [0, 3) of a model with 3 outputs. Received: labels from 0 to 3"},
		{"label negative", "", x, neg, nn.FitConfig{}, "label y[2] = -1 is outside the valid range [0, 3)"},
		{"label not whole", "", x, half, nn.FitConfig{}, "labels must be whole numbers. Received: y[0] = 0.5 (dtype float64)"},
		{"one-hot for sparse", "", x, nn.MustToCategorical(y, 3), nn.FitConfig{}, "sparse_categorical_crossentropy expects integer labels of shape (20,). Received: y of shape (20, 3), dtype float32"},
		{"sparse for categorical", "categorical_crossentropy", x, y, nn.FitConfig{}, "Received: y of shape (20,), dtype uint8; convert it with nn.ToCategorical(y, 3)"},
		{"wrong classes", "categorical_crossentropy", x, f32(20, 4), nn.FitConfig{}, "one-hot rows of shape (20, 3) for a model with 3 outputs. Received: y of shape (20, 4)"},
		{"epochs", "", x, y, nn.FitConfig{Epochs: -1}, "Received: epochs=-1, batch_size=0"},
		{"split", "", x, y, nn.FitConfig{ValidationSplit: 1}, "Received: validation_split=1"},
		{"split empty", "", x, y, nn.FitConfig{ValidationSplit: 0.99}, "validation_split=0.99 leaves no training or no validation samples. Received: 20 samples"},
		{"validation width", "", x, y, nn.FitConfig{ValidationData: &nn.Dataset{X: f32(5, 3), Y: y.Slice(tensor.To(5))}},
			"nn.Fit (validation data): model \"sequential\" expects inputs of shape (None, 2). Received: input shape (None, 3)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			loss := c.loss
			if loss == "" {
				loss = "sparse_categorical_crossentropy"
			}
			m := newModel(t, 0, &nn.SGD{}, loss)
			c.cfg.Silent = true
			h, err := m.Fit(c.x, c.y, c.cfg)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got error %v\nwant it to contain %q", err, c.want)
			}
			if h == nil || len(h.BatchLoss) != 0 {
				t.Errorf("history %v: want an empty History", h)
			}
		})
	}

	// The model's input width is fixed by the first data it sees.
	m := newModel(t, 0, &nn.SGD{}, "sparse_categorical_crossentropy")
	if _, err := m.Fit(x, y, nn.FitConfig{Silent: true}); err != nil {
		t.Fatal(err)
	}
	_, err := m.Fit(f32(20, 3), y, nn.FitConfig{Silent: true})
	if want := `nn.Fit: model "sequential" expects inputs of shape (None, 2). Received: input shape (None, 3)`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	_, err = nn.NewSequential(&nn.Dense{Units: 3}).Fit(x, y, nn.FitConfig{})
	if want := "nn.Fit: the model must be compiled before training; call Compile first"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	m = nn.NewSequential(&nn.Dense{Units: 3, InputShape: []int{4}})
	m.MustCompile(nn.CompileConfig{Loss: nn.SparseCategoricalCrossentropy{}})
	_, err = m.Fit(x, y, nn.FitConfig{})
	if want := `nn.Fit: model "sequential" expects inputs of shape (None, 4). Received: input shape (None, 2)`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestFitNonFiniteLoss(t *testing.T) {
	x, y := separable(40, 2)
	poisoned := x.Clone()
	poisoned.Set(math.NaN(), 5, 1) // sample 5 is in the second batch of 4 when not shuffled
	m := newModel(t, 0, &nn.RMSprop{}, "sparse_categorical_crossentropy")
	h, err := m.Fit(poisoned, y, nn.FitConfig{Epochs: 2, BatchSize: 4, NoShuffle: true, Silent: true})
	if !errors.Is(err, nn.ErrNonFiniteLoss) || !strings.Contains(err.Error(), "loss NaN at epoch 1/2, batch 2/10 (not applied)") {
		t.Errorf("got %v, want ErrNonFiniteLoss at epoch 1/2, batch 2/10", err)
	}
	if !h.Interrupted || len(h.BatchLoss) != 1 || h.Epochs() != 0 {
		t.Errorf("history %+v: want interrupted after 1 batch", h)
	}
	for _, v := range m.Weights() {
		for _, w := range v.Value.Float32s() {
			if math.IsNaN(float64(w)) {
				t.Fatalf("%s has NaN: the bad batch's update was applied", v.Name)
			}
		}
	}

	// A huge learning rate makes the weights, then the logits, overflow.
	m = newModel(t, 0, &nn.SGD{LearningRate: 1e30}, "sparse_categorical_crossentropy")
	h, err = m.Fit(x, y, nn.FitConfig{Epochs: 20, BatchSize: 4, Silent: true})
	if !errors.Is(err, nn.ErrNonFiniteLoss) || !strings.Contains(err.Error(), "at epoch ") {
		t.Errorf("learning rate 1e30: got %v (history %v), want ErrNonFiniteLoss", err, h)
	}
}
