package nn_test

import (
	"math"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// Each case starts from w = [1, -2] and applies the same gradient g = [0.5, 0.25] twice; want[s]
// is w after step s+1, computed by hand (in float64, from Keras 3's update rule as written in each
// comment). The optimizers compute in float32, so the check is to a relative 1e-6.
var optimizerCases = []struct {
	name string
	opt  func() nn.Optimizer // a fresh optimizer: each run starts from zero state
	want [2][2]float64
}{
	{
		// w = w - lr*g with lr = 0.01 (the default):
		// step 1: 1 - 0.01*0.5 = 0.995; -2 - 0.01*0.25 = -2.0025
		// step 2: 0.995 - 0.005 = 0.99; -2.0025 - 0.0025 = -2.005
		name: "SGD defaults",
		opt:  func() nn.Optimizer { return &nn.SGD{} },
		want: [2][2]float64{{0.995, -2.0025}, {0.99, -2.005}},
	},
	{
		// v = 0.9*v - 0.1*g; w = w + v:
		// step 1: v = -0.05, -0.025; w = 0.95, -2.025
		// step 2: v = 0.9*-0.05 - 0.05 = -0.095, 0.9*-0.025 - 0.025 = -0.0475; w = 0.855, -2.0725
		name: "SGD momentum",
		opt:  func() nn.Optimizer { return &nn.SGD{LearningRate: 0.1, Momentum: 0.9} },
		want: [2][2]float64{{0.95, -2.025}, {0.855, -2.0725}},
	},
	{
		// v = 0.9*v - 0.1*g; w = w + 0.9*v - 0.1*g:
		// step 1: v = -0.05, -0.025; w = 1 + (-0.045 - 0.05) = 0.905, -2 + (-0.0225 - 0.025) = -2.0475
		// step 2: v = -0.095, -0.0475; w = 0.905 + (-0.0855 - 0.05) = 0.7695,
		//         -2.0475 + (-0.04275 - 0.025) = -2.11525
		name: "SGD Nesterov",
		opt:  func() nn.Optimizer { return &nn.SGD{LearningRate: 0.1, Momentum: 0.9, Nesterov: true} },
		want: [2][2]float64{{0.905, -2.0475}, {0.7695, -2.11525}},
	},
	{
		// v = 0.9*v + 0.1*g²; w = w - 1e-3*g/sqrt(v + 1e-7) (the defaults):
		// step 1: v = 0.025, 0.00625; w = 1 - 0.0005/sqrt(0.0250001) = 0.99683772866,
		//         -2 - 0.00025/sqrt(0.0062501) = -2.00316225236
		// step 2: v = 0.9*0.025 + 0.025 = 0.0475, 0.9*0.00625 + 0.00625 = 0.011875;
		//         w = 0.99683772866 - 0.0005/sqrt(0.0475001) = 0.99454357374,
		//         -2.00316225236 - 0.00025/sqrt(0.0118751) = -2.00545640004
		name: "RMSprop defaults",
		opt:  func() nn.Optimizer { return &nn.RMSprop{} },
		want: [2][2]float64{{0.9968377286643679, -2.0031622523622508}, {0.9945435737405609, -2.0054564000414077}},
	},
	{
		// m = m + (g-m)*0.1; v = v + (g²-v)*0.001; alpha = 1e-3*sqrt(1-0.999^t)/(1-0.9^t);
		// w = w - alpha*m/(sqrt(v) + 1e-7) (the defaults):
		// step 1: m = 0.05, 0.025; v = 0.00025, 0.0000625; alpha = 1e-3*sqrt(0.001)/0.1 = 3.16227766e-4;
		//         w = 1 - 0.05*3.16227766e-4/(0.0158113883 + 1e-7) = 0.99900000632,
		//         -2 - 0.025*3.16227766e-4/(0.00790569415 + 1e-7) = -2.00099998735
		// step 2: m = 0.095, 0.0475; v = 0.00049975, 0.0001249375;
		//         alpha = 1e-3*sqrt(1-0.998001)/(1-0.81) = 2.35316725e-4;
		//         w = 0.99900000632 - 0.095*2.35316725e-4/(sqrt(0.00049975) + 1e-7) = 0.99800001080,
		//         -2.00099998735 - 0.0475*2.35316725e-4/(sqrt(0.0001249375) + 1e-7) = -2.00199997840
		name: "Adam defaults",
		opt:  func() nn.Optimizer { return &nn.Adam{} },
		want: [2][2]float64{{0.9990000063245154, -2.0009999873510496}, {0.9980000107977498, -2.001999978404621}},
	},
}

func TestOptimizerSteps(t *testing.T) {
	for _, c := range optimizerCases {
		t.Run(c.name, func(t *testing.T) {
			w := autodiff.NewVariable("w", tensor.FromSlice([]float32{1, -2}))
			g := tensor.FromSlice([]float32{0.5, 0.25})
			opt := c.opt()
			for step := range 2 {
				opt.Apply([]*autodiff.Variable{w}, []*tensor.Tensor{g})
				got := w.Value.Float32s()
				for i, want := range c.want[step] {
					if math.Abs(float64(got[i])-want) > 1e-6*math.Abs(want) {
						t.Errorf("step %d: w[%d] = %.9g, want %.9g", step+1, i, got[i], want)
					}
				}
			}
			if got := g.Float32s(); got[0] != 0.5 || got[1] != 0.25 {
				t.Errorf("gradient changed to %v", got)
			}
		})
	}
}

// TestOptimizerStatePerVariable checks that momentum is kept per variable: two variables with
// different gradients in one Apply move as if each had its own optimizer.
func TestOptimizerStatePerVariable(t *testing.T) {
	a := autodiff.NewVariable("a", tensor.FromSlice([]float32{1}))
	b := autodiff.NewVariable("b", tensor.FromSlice([]float32{1}))
	opt := &nn.SGD{LearningRate: 0.1, Momentum: 0.9}
	ga, gb := tensor.FromSlice([]float32{1}), tensor.FromSlice([]float32{-1})
	for range 2 {
		opt.Apply([]*autodiff.Variable{a, b}, []*tensor.Tensor{ga, gb})
	}
	// a: v = -0.1 then -0.19; w = 1 - 0.1 - 0.19 = 0.71. b mirrors it: 1.29.
	if got := a.Value.Float32s()[0]; math.Abs(float64(got)-0.71) > 1e-6 {
		t.Errorf("a = %v, want 0.71", got)
	}
	if got := b.Value.Float32s()[0]; math.Abs(float64(got)-1.29) > 1e-6 {
		t.Errorf("b = %v, want 1.29", got)
	}
}

func TestOptimizerPanics(t *testing.T) {
	w := autodiff.NewVariable("w", tensor.Zeros(tensor.Float32, 2, 3))
	for _, c := range []struct {
		name  string
		grads []*tensor.Tensor
		want  string
	}{
		{"count", nil, "1 variables and 0 gradients"},
		{"shape", []*tensor.Tensor{tensor.Zeros(tensor.Float32, 3, 2)}, `"w" has shape (2, 3), its gradient (3, 2)`},
		{"dtype", []*tensor.Tensor{tensor.Zeros(tensor.Float64, 2, 3)}, "must be float32"},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, c.want) {
					t.Errorf("panic %v, want it to contain %q", r, c.want)
				}
			}()
			(&nn.RMSprop{}).Apply([]*autodiff.Variable{w}, c.grads)
		})
	}
}
