package nn

import (
	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

func init() { RegisterOptimizer("AdamW", "adamw", &AdamW{}) }

var _ Optimizer = (*AdamW)(nil)

// AdamW is Adam with decoupled weight decay (Loshchilov and Hutter), as keras.optimizers.AdamW in
// Keras 3: each Apply first shrinks every weight towards zero, then takes Adam's step:
//
//	w = w - w*weightDecay*lr
//	t = t + 1;  m = m + (g - m)*(1-beta1);  v = v + (g² - v)*(1-beta2)
//	w = w - lr*sqrt(1 - beta2^t)/(1 - beta1^t) * m / (sqrt(v) + epsilon)
//
// Unlike an L2 penalty added to the loss, the decay does not pass through the moving averages, so
// it shrinks every weight by the same fraction whatever its gradient's history. Defaults (a zero
// field takes its default, so WeightDecay cannot be 0: use Adam for no decay): LearningRate 1e-3,
// WeightDecay 0.004, Beta1 0.9, Beta2 0.999, Epsilon 1e-7. torch.optim.AdamW (defaults weight
// decay 0.01, eps 1e-8) decays by the same rule; it adds its epsilon to sqrt(v/(1 - beta2^t))
// instead, so the two differ only where v is tiny.
type AdamW struct {
	LearningRate float64 `json:"learning_rate"` // step size; 0 means 0.001
	WeightDecay  float64 `json:"weight_decay"`  // fraction of lr by which weights shrink; 0 means 0.004
	Beta1        float64 `json:"beta_1"`        // decay of the mean; 0 means 0.9
	Beta2        float64 `json:"beta_2"`        // decay of the mean square; 0 means 0.999
	Epsilon      float64 `json:"epsilon"`       // added to sqrt(v); 0 means 1e-7

	adamState
}

// Apply performs one AdamW step on vars (see Optimizer).
func (o *AdamW) Apply(vars []*autodiff.Variable, grads []*tensor.Tensor) {
	applyElementwise("AdamW", o, vars, grads)
}

// begin returns AdamW's update of elements [lo, hi) of vars[i] and counts the step (see
// elementwise).
func (o *AdamW) begin(vars []*autodiff.Variable) func(i int, g []float32, lo, hi int) {
	return o.adamState.begin("AdamW", vars, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, orDefault(o.WeightDecay, 0.004))
}
