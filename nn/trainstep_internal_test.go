package nn

import (
	"fmt"
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// stepByApply is the training step in its plain form: the gradients from Tape.Gradient, then the
// optimizer's Apply, as a user's Optimizer gets them.
func (m *Sequential) stepByApply(x, y *tensor.Tensor) float64 {
	tp := m.tape
	tp.Reset()
	out := m.call(tp, tp.Constant(x))
	l := m.loss.Call(y, out)
	weights := m.Weights()
	m.optimizer.Apply(weights, tp.Gradient(l, weights...))
	return l.Value.Item()
}

// TestTrainStepFusedMatchesApply checks that trainStep, which updates each weight from the parts of
// its gradient as the backward pass finishes them (the first kernel's gradient on several
// goroutines: 2·300·256·96 flops), leaves every optimizer's weights with the bits of Gradient
// followed by Apply, over three steps.
func TestTrainStepFusedMatchesApply(t *testing.T) {
	const batch, features, classes = 96, 300, 10
	x, y := randomBatch(tensor.NewRand(2), batch, features, classes)
	optimizers := []func() Optimizer{
		func() Optimizer { return &SGD{} },
		func() Optimizer { return &SGD{Momentum: 0.9, Nesterov: true} },
		func() Optimizer { return &RMSprop{} },
		func() Optimizer { return &Adam{} },
		func() Optimizer { return &AdamW{} },
	}
	for _, newOpt := range optimizers {
		name := fmt.Sprintf("%T%+v", newOpt(), newOpt())
		models := make([]*Sequential, 2)
		for k := range models {
			models[k] = NewSequential(
				&Dense{Units: 256, Activation: ReLU},
				&Dense{Units: classes, Activation: Softmax},
			)
			models[k].MustCompile(CompileConfig{Optimizer: newOpt(), Loss: SparseCategoricalCrossentropy{}})
			models[k].MustBuild(features)
			models[k].trainStep(x, y) // makes the tape
		}
		for step := range 3 {
			lf, _ := models[0].trainStep(x, y)
			la := models[1].stepByApply(x, y)
			if lf != la {
				t.Fatalf("%s step %d: loss %v fused, %v with Apply", name, step, lf, la)
			}
			for i, w := range models[0].Weights() {
				if !tensor.ArrayEqual(w.Value, models[1].Weights()[i].Value) {
					t.Fatalf("%s step %d: weight %q differs from Gradient then Apply", name, step, w.Name)
				}
			}
		}
	}
}
