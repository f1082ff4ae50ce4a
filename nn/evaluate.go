package nn

import (
	"fmt"
	"strings"

	"github.com/nnbook/nnbook/internal/notebook"
	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// inferenceBatchSize is the number of samples Evaluate, Predict and Fit's validation pass run at
// once; it bounds their memory and does not change their results.
const inferenceBatchSize = 256

// Evaluation is the result of Evaluate: Keras's [loss, metric...] list, by name.
type Evaluation struct {
	// Loss is the mean loss over the samples.
	Loss float64
	// Metrics maps each compiled metric's name to its mean over the samples.
	Metrics map[string]float64
}

// Accuracy returns e.Metrics["accuracy"] (0 when "accuracy" was not compiled), so the book's
// test_loss, test_acc = model.evaluate(...) is ev.Loss, ev.Accuracy().
func (e Evaluation) Accuracy() float64 { return e.Metrics["accuracy"] }

// String formats e as Keras's progress bar ends: "loss: 0.0663 - accuracy: 0.9800".
func (e Evaluation) String() string {
	h := History{History: map[string][]float64{"loss": {e.Loss}}}
	for k, v := range e.Metrics {
		h.History[k] = []float64{v}
	}
	parts := make([]string, 0, len(h.History))
	for _, k := range h.Keys() {
		parts = append(parts, k+": "+FormatLogValue(h.History[k][0]))
	}
	return strings.Join(parts, " - ")
}

// Evaluate returns the loss and metrics of the model on x and y, as Keras's model.evaluate
// (Deep Learning with Python, 2.1: test_loss, test_acc = model.evaluate(test_images, test_labels)),
// computed in batches, without changing the model. x and y are as for Fit, and so are the errors,
// which are returned before any computation. A model that was compiled but never trained (its
// weights are still the random ones it was built with, see the GoNB trap in the package
// documentation) is evaluated, with a warning on standard error, once per process.
func (m *Sequential) Evaluate(x, y *tensor.Tensor) (Evaluation, error) {
	if err := m.checkKept("Evaluate"); err != nil {
		return Evaluation{}, err
	}
	if !m.Compiled() {
		return Evaluation{}, m.notCompiledError("nn.Evaluate: the model must be compiled first (Evaluate needs its loss and metrics); call Compile")
	}
	d, err := m.prepareX("Evaluate", x)
	if err != nil {
		return Evaluation{}, err
	}
	if err := m.prepareY("Evaluate", d, x.Shape(), y); err != nil {
		return Evaluation{}, err
	}
	m.warnUntrained("Evaluate")
	loss, metrics := m.evaluate(d, inferenceBatchSize)
	ev := Evaluation{Loss: loss, Metrics: map[string]float64{}}
	for i, mt := range m.metrics {
		ev.Metrics[mt.Name()] = metrics[i]
	}
	return ev, nil
}

// MustEvaluate is Evaluate that panics on error, for notebook cells (inside a GoNB notebook it
// shows the message and the cell's line instead of a goroutine dump).
func (m *Sequential) MustEvaluate(x, y *tensor.Tensor) Evaluation {
	ev, err := m.Evaluate(x, y)
	if err != nil {
		notebook.Panic(err)
	}
	return ev
}

// evaluate returns the mean loss and metrics over d, in batches of batchSize.
func (m *Sequential) evaluate(d *samples, batchSize int) (loss float64, metrics []float64) {
	metrics = make([]float64, len(m.metrics))
	tp := autodiff.NewTape() // Reset per batch: the batches reuse one another's storage
	for start := 0; start < d.n; start += batchSize {
		end := min(start+batchSize, d.n)
		x, y := d.slice(start, end)
		tp.Reset()
		out := m.call(tp, tp.Constant(x))
		n := float64(end - start)
		loss += m.loss.Call(y, out).Value.Item() * n
		for i, mt := range m.metrics {
			metrics[i] += mt.Compute(y, out.Value) * n
		}
	}
	for i := range metrics {
		metrics[i] /= float64(d.n)
	}
	return loss / float64(d.n), metrics
}

// Predict returns the model's outputs for x, as Keras's model.predict: for the chapter's model a
// Float32 tensor (samples, 10) of class probabilities, each row summing to 1. It runs in batches
// and needs no Compile; a compiled model that was never trained gets Evaluate's warning. x is as for Fit (other dtypes are converted to float32 once); an empty x,
// a wrong rank or a shape the model cannot take is an error naming the shape.
func (m *Sequential) Predict(x *tensor.Tensor) (*tensor.Tensor, error) {
	if err := m.checkKept("Predict"); err != nil {
		return nil, err
	}
	d, err := m.prepareX("Predict", x)
	if err != nil {
		return nil, err
	}
	m.warnUntrained("Predict")
	k := m.OutputShape()[0]
	out := make([]float32, d.n*k)
	tp := autodiff.NewTape() // Reset per batch: each batch's output is copied out first
	for start := 0; start < d.n; start += inferenceBatchSize {
		end := min(start+inferenceBatchSize, d.n)
		xb, _ := d.slice(start, end)
		tp.Reset()
		y := m.call(tp, tp.Constant(xb)).Value
		if got := y.Shape(); len(got) != 2 || got[0] != end-start || got[1] != k {
			panic(fmt.Sprintf("nn.Predict: batch output has shape %v, want (%d, %d)", got, end-start, k))
		}
		copy(out[start*k:end*k], y.Float32s())
	}
	return tensor.FromSlice(out, d.n, k), nil
}

// MustPredict is Predict that panics on error, for notebook cells (inside a GoNB notebook it
// shows the message and the cell's line instead of a goroutine dump).
func (m *Sequential) MustPredict(x *tensor.Tensor) *tensor.Tensor {
	p, err := m.Predict(x)
	if err != nil {
		notebook.Panic(err)
	}
	return p
}
