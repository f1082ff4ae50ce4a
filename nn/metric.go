package nn

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"
)

// Metric scores a batch of predictions, as a Keras metric given to compile(metrics=[...]).
// Compute returns the metric's mean over the batch; Fit and Evaluate average it over batches
// weighted by batch size, so the value they report is the mean over all samples.
//
// Fit gives Compute the targets as for Loss (Int64 labels (batch,) or Float32 one-hot rows
// (batch, classes)) and the model's Float32 output (batch, classes). Both are valid only during the
// call: the training step reuses their storage for the next batch, so a metric that needs them
// later must copy them (Clone).
type Metric interface {
	// Name is the key of the metric in logs and History: "accuracy".
	Name() string
	Compute(yTrue, yPred *tensor.Tensor) float64
}

var _ Metric = Accuracy{}

func init() { RegisterMetric("Accuracy", "accuracy", Accuracy{}) }

// Accuracy is the fraction of samples whose predicted class (the argmax of the output row, first
// index on ties) is the true class, as Keras's metrics=["accuracy"] picks it for a categorical
// model: sparse categorical accuracy for integer labels of shape (batch,), categorical accuracy
// (argmax of the one-hot row) for targets of shape (batch, classes).
type Accuracy struct{}

// Name returns "accuracy".
func (Accuracy) Name() string { return "accuracy" }

// Compute returns the fraction of correct predictions in the batch, in [0, 1]. It panics when the
// shapes of yTrue and yPred do not agree, naming both.
func (Accuracy) Compute(yTrue, yPred *tensor.Tensor) float64 {
	ps := yPred.Shape()
	if len(ps) != 2 {
		panic(fmt.Sprintf("nn.Accuracy: predictions must have shape (batch, classes), got %v", ps))
	}
	n, k := ps[0], ps[1]
	if n == 0 {
		return 0
	}
	pred := readFloat32s(yPred)
	ts := yTrue.Shape()
	correct := 0
	switch {
	case len(ts) == 1 && ts[0] == n:
		var labels []int64
		if yTrue.DType() == tensor.Int64 {
			labels = tensor.Storage[int64](yTrue.Contiguous()) // read in place, as Fit gives them
		} else {
			labels = yTrue.Int64s()
		}
		for i := range n {
			if int64(argmax(pred[i*k:(i+1)*k])) == labels[i] {
				correct++
			}
		}
	case len(ts) == 2 && ts[0] == n && ts[1] == k:
		t := readFloat32s(yTrue)
		for i := range n {
			if argmax(pred[i*k:(i+1)*k]) == argmax(t[i*k:(i+1)*k]) {
				correct++
			}
		}
	default:
		panic(fmt.Sprintf("nn.Accuracy: targets of shape %v do not fit predictions of shape %v", ts, ps))
	}
	return float64(correct) / float64(n)
}

// readFloat32s returns t's elements as float32s for reading: t's own storage when it is a
// contiguous float32 tensor (no copy per batch), a converted copy otherwise.
func readFloat32s(t *tensor.Tensor) []float32 {
	if t.DType() == tensor.Float32 {
		return tensor.Storage[float32](t.Contiguous())
	}
	return t.Float32s()
}

// argmax returns the index of the first largest element of row (0 for an empty row).
func argmax(row []float32) int {
	best := 0
	for j := 1; j < len(row); j++ {
		if row[j] > row[best] {
			best = j
		}
	}
	return best
}
