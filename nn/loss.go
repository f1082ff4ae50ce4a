package nn

import (
	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// Loss measures how far a batch of predictions is from the targets, as keras.losses.Loss
// (Deep Learning with Python, 2.1 "the compilation step" and 2.4.4): Call records the mean loss
// over the batch, a rank-0 node, on yPred's tape, so that its gradient flows to the weights.
//
// Fit gives Call the batch's targets as an Int64 tensor of shape (batch,) for integer labels, or a
// Float32 tensor (batch, classes) for one-hot rows.
type Loss interface {
	// Name is Keras's name of the loss: "sparse_categorical_crossentropy".
	Name() string
	Call(yTrue *tensor.Tensor, yPred *autodiff.Node) *autodiff.Node
}

var (
	_ Loss = SparseCategoricalCrossentropy{}
	_ Loss = CategoricalCrossentropy{}
)

func init() {
	RegisterLoss("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy", SparseCategoricalCrossentropy{})
	RegisterLoss("CategoricalCrossentropy", "categorical_crossentropy", CategoricalCrossentropy{})
}

// SparseCategoricalCrossentropy is the crossentropy between integer class labels and predicted
// class probabilities, as keras.losses.SparseCategoricalCrossentropy, the loss of the book's
// MNIST model:
//
//	loss = mean over the batch of -log(yPred[i, label_i])
//
// with labels of shape (batch,) in [0, classes) and yPred of shape (batch, classes). When the model
// ends with a softmax (Activation: nn.Softmax) the loss is computed from the softmax's logits
// (log-softmax), numerically safe, with the fused gradient (softmax - onehot)/batch (autodiff's
// fused path). With FromLogits the model's output is taken as logits and a softmax is applied
// first. Call panics on a label outside [0, classes); Fit checks labels before training and
// returns an error instead.
type SparseCategoricalCrossentropy struct {
	FromLogits bool `json:"from_logits"` // yPred holds logits, not probabilities (default false)
}

// Name returns "sparse_categorical_crossentropy".
func (SparseCategoricalCrossentropy) Name() string { return "sparse_categorical_crossentropy" }

// Call records the mean sparse categorical crossentropy of the batch.
func (l SparseCategoricalCrossentropy) Call(labels *tensor.Tensor, yPred *autodiff.Node) *autodiff.Node {
	if l.FromLogits {
		yPred = yPred.Softmax()
	}
	return autodiff.SparseCategoricalCrossentropy(labels, yPred)
}

// CategoricalCrossentropy is the crossentropy between one-hot (or probability) targets and predicted
// class probabilities, as keras.losses.CategoricalCrossentropy, the loss of the 1st edition's MNIST
// model (with to_categorical labels):
//
//	loss = mean over the batch of -sum_j yTrue[i, j] * log(yPred[i, j])
//
// with yTrue and yPred of shape (batch, classes). As SparseCategoricalCrossentropy, it uses the
// fused softmax path when the model ends with a softmax, and FromLogits applies a softmax first.
type CategoricalCrossentropy struct {
	FromLogits bool `json:"from_logits"` // yPred holds logits, not probabilities (default false)
}

// Name returns "categorical_crossentropy".
func (CategoricalCrossentropy) Name() string { return "categorical_crossentropy" }

// Call records the mean categorical crossentropy of the batch.
func (l CategoricalCrossentropy) Call(yTrue *tensor.Tensor, yPred *autodiff.Node) *autodiff.Node {
	if l.FromLogits {
		yPred = yPred.Softmax()
	}
	return autodiff.CategoricalCrossentropy(yTrue, yPred)
}
