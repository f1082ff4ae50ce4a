package nn_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// TestAdamWHandSteps checks two AdamW steps from w = [1, -2] with g = [0.5, 0.25], lr 0.01 and
// weight decay 0.1, computed by hand in float64:
//
//	step 1: decay w = w - w*0.1*0.01 = 0.999, -1.998;
//	        m = 0.05, 0.025; v = 0.00025, 0.0000625; alpha = 0.01*sqrt(0.001)/0.1 = 3.16227766e-3;
//	        w = 0.999 - 3.16227766e-3*0.05/(0.0158113883 + 1e-7) = 0.98900006325,
//	            -1.998 - 3.16227766e-3*0.025/(0.00790569415 + 1e-7) = -2.00799987351
//	step 2: decay w = 0.98801106318, -2.00599187364;
//	        m = 0.095, 0.0475; v = 0.00049975, 0.0001249375; alpha = 0.01*sqrt(0.001999)/0.19 = 2.35316725e-3;
//	        w = 0.98801106318 - 2.35316725e-3*0.095/(0.0223550889 + 1e-7) = 0.97801110791,
//	            -2.00599187364 - 2.35316725e-3*0.0475/(0.0111775444 + 1e-7) = -2.01599178417
func TestAdamWHandSteps(t *testing.T) {
	w := autodiff.NewVariable("w", tensor.FromSlice([]float32{1, -2}))
	g := tensor.FromSlice([]float32{0.5, 0.25})
	opt := &nn.AdamW{LearningRate: 0.01, WeightDecay: 0.1}
	want := [2][2]float64{{0.9890000632451532, -2.0079998735104936}, {0.978011107914252, -2.0159917841726953}}
	for step := range 2 {
		opt.Apply([]*autodiff.Variable{w}, []*tensor.Tensor{g})
		for i, x := range w.Value.Float32s() {
			if math.Abs(float64(x)-want[step][i]) > 1e-6*math.Abs(want[step][i]) {
				t.Errorf("step %d: w[%d] = %.9g, want %.9g", step+1, i, x, want[step][i])
			}
		}
	}
	if opt.Iterations() != 2 {
		t.Errorf("Iterations() = %d, want 2", opt.Iterations())
	}
	// Without a gradient AdamW still shrinks w; Adam does not: the decay is decoupled.
	a, b := autodiff.NewVariable("a", tensor.FromSlice([]float32{1})), autodiff.NewVariable("b", tensor.FromSlice([]float32{1}))
	zero := tensor.FromSlice([]float32{0})
	(&nn.AdamW{}).Apply([]*autodiff.Variable{a}, []*tensor.Tensor{zero})
	(&nn.Adam{}).Apply([]*autodiff.Variable{b}, []*tensor.Tensor{zero})
	if got := a.Value.Float32s()[0]; got != float32(1-0.004*0.001) {
		t.Errorf("AdamW defaults on a zero gradient: w = %.9g, want 1 - 0.004*0.001", got)
	}
	if got := b.Value.Float32s()[0]; got != 1 {
		t.Errorf("Adam on a zero gradient: w = %v, want 1", got)
	}
}

// TestAdamWTorchReference checks five AdamW steps on a (3, 4) weight against torch.optim.AdamW
// (testdata/adamw_torch.py), to 2e-6: float32 rounding, and the two libraries' placement of epsilon
// (see AdamW).
func TestAdamWTorchReference(t *testing.T) {
	data, err := os.ReadFile("testdata/adamw_torch.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		W0          [][]float32   `json:"w0"`
		Grads       [][][]float32 `json:"grads"`
		Steps       [][][]float32 `json:"steps"`
		LR          float64       `json:"lr"`
		WeightDecay float64       `json:"weight_decay"`
		Epsilon     float64       `json:"epsilon"`
	}
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	w := autodiff.NewVariable("w", tensor.MustArray(ref.W0))
	opt := &nn.AdamW{LearningRate: ref.LR, WeightDecay: ref.WeightDecay, Epsilon: ref.Epsilon}
	for s, g := range ref.Grads {
		opt.Apply([]*autodiff.Variable{w}, []*tensor.Tensor{tensor.MustArray(g)})
		want := tensor.MustArray(ref.Steps[s]).Float32s()
		for i, x := range w.Value.Float32s() {
			if math.Abs(float64(x-want[i])) > 2e-6 {
				t.Fatalf("step %d: w[%d] = %.9g, PyTorch %.9g", s+1, i, x, want[i])
			}
		}
	}
}

// TestAdamWSaveLoad checks that AdamW's settings survive Save and LoadModel through the registry.
func TestAdamWSaveLoad(t *testing.T) {
	m := nn.NewSequential(&nn.Dense{Units: 2, InputShape: []int{3}, Activation: nn.Softmax})
	m.MustCompile(nn.CompileConfig{Optimizer: &nn.AdamW{WeightDecay: 0.01}, Loss: nn.SparseCategoricalCrossentropy{}})
	path := t.TempDir() + "/m.nnb"
	m.MustSave(path)
	got, ok := nn.MustLoadModel(path).Optimizer().(*nn.AdamW)
	if !ok || got.WeightDecay != 0.01 {
		t.Errorf("loaded optimizer %#v", got)
	}
}

// AdamW is Adam that also shrinks every weight by lr*WeightDecay of itself at each step.
func ExampleAdamW() {
	w := autodiff.NewVariable("w", tensor.FromSlice([]float32{1, -2}))
	g := tensor.FromSlice([]float32{0, 0}) // no gradient: only the decay moves w
	opt := &nn.AdamW{LearningRate: 0.1, WeightDecay: 0.5}
	opt.Apply([]*autodiff.Variable{w}, []*tensor.Tensor{g})
	fmt.Println(w.Value)
	// Output:
	// [ 0.95 -1.9 ]
}
