package autodiff

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nn/internal/simd"
	"github.com/nnbook/nnbook/nn/tensor"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Crossentropy losses for classification, as the book's model.compile(loss=...).
//
// When the prediction node is a Softmax (the usual last layer), the losses do not take the log of
// the probabilities, which underflow to 0 for confident wrong answers and give an infinite loss.
// They compute from the logits z (the softmax's input) instead, with the log-sum-exp trick:
//
//	log softmax(z)_j = z_j - lse(z),  lse(z) = max(z) + log(sum_j e**(z_j - max(z)))
//
// and the whole softmax-plus-crossentropy has the short, exact gradient
// (softmax(z) - yTrue) / batch: the path Keras and TensorFlow take.

// CategoricalCrossentropy returns the mean over the batch of -sum(yTrue * log(yPred)) along the
// last axis (a rank-0 node), as keras.losses.categorical_crossentropy: yTrue one-hot (batch, classes),
// yPred probabilities. When yPred is a Softmax node the loss is computed from its logits
// (log-softmax), numerically safe, with the fused gradient (softmax - yTrue)/batch; otherwise it is
// built from Log, Mul, Sum and Mean (and gives +Inf when a probability of a true class is 0).
// yTrue is converted to yPred's dtype. It panics naming both shapes when they differ or yPred is not
// (batch, classes).
func CategoricalCrossentropy(yTrue *tensor.Tensor, yPred *Node) *Node {
	checkPred("CategoricalCrossentropy", yPred)
	if !yTrue.Shape().Equal(yPred.Value.Shape()) {
		notebook.Panic(fmt.Sprintf("autodiff.CategoricalCrossentropy: yTrue has shape %v, yPred has shape %v",
			yTrue.Shape(), yPred.Value.Shape()))
	}
	if yPred.Op == OpSoftmax {
		return CategoricalCrossentropyFromLogits(yTrue, yPred.Inputs[0])
	}
	y := yPred.tape.Constant(yTrue.AsType(yPred.Value.DType()))
	return y.Mul(yPred.Log()).Sum(-1).Neg().Mean()
}

// CategoricalCrossentropyFromLogits is CategoricalCrossentropy of softmax(logits), computed from
// the logits in one step (op "categorical_crossentropy_from_logits"), as Keras's
// from_logits=True: loss = mean over rows of sum_j yTrue_j * (lse(z) - z_j).
//
// Backward: dz = (softmax(z)*sum(yTrue) - yTrue) / batch per row, which is (softmax(z) - yTrue)/batch
// for one-hot or probability rows.
func CategoricalCrossentropyFromLogits(yTrue *tensor.Tensor, logits *Node) *Node {
	const op = "CategoricalCrossentropyFromLogits"
	checkPred(op, logits)
	z := logits.Value
	shape := z.Shape()
	if !yTrue.Shape().Equal(shape) {
		notebook.Panic(fmt.Sprintf("autodiff.%s: yTrue has shape %v, logits have shape %v", op, yTrue.Shape(), shape))
	}
	y := yTrue.AsType(z.DType())
	batch := float64(shape[0])
	logp := logSoftmax(z)
	loss := y.Mul(logp).Sum().Neg().DivScalar(batch) // -sum(y * log softmax(z)) / batch
	return record("categorical_crossentropy_from_logits", loss, []*Node{logits},
		func(g *tensor.Tensor) *tensor.Tensor {
			p := logp.Exp() // softmax(z)
			return p.Mul(lastKeep(y.Sum(-1), shape)).Sub(y).Mul(g).DivScalar(batch)
		},
	)
}

// SparseCategoricalCrossentropy is CategoricalCrossentropy with integer class labels of shape
// (batch,) instead of one-hot rows, as keras.losses.sparse_categorical_crossentropy: the mean over
// the batch of -log(yPred[i, labels[i]]). When yPred is a Softmax node it is computed from the
// logits (SparseCategoricalCrossentropyFromLogits), without building one-hot rows.
//
// It panics naming the label, its position and the number of classes if a label is outside
// [0, classes), and naming both shapes if labels is not (batch,).
func SparseCategoricalCrossentropy(labels *tensor.Tensor, yPred *Node) *Node {
	const op = "SparseCategoricalCrossentropy"
	checkPred(op, yPred)
	if yPred.Op == OpSoftmax {
		return SparseCategoricalCrossentropyFromLogits(labels, yPred.Inputs[0])
	}
	shape := yPred.Value.Shape()
	idx := checkLabels(op, labels, shape)
	oneHot := tensor.Zeros(yPred.Value.DType(), shape...)
	for i, c := range idx {
		oneHot.Set(1, i, c)
	}
	return CategoricalCrossentropy(oneHot, yPred)
}

// SparseCategoricalCrossentropyFromLogits is SparseCategoricalCrossentropy of softmax(logits),
// computed from the logits in one step (op "sparse_categorical_crossentropy_from_logits"):
// loss = mean over rows i of lse(z_i) - z_i[labels[i]].
//
// Backward: dz = (softmax(z) - onehot(labels)) / batch, made by subtracting 1 at each row's label:
// no one-hot tensor is built.
func SparseCategoricalCrossentropyFromLogits(labels *tensor.Tensor, logits *Node) *Node {
	const op = "SparseCategoricalCrossentropyFromLogits"
	checkPred(op, logits)
	z := logits.Value
	shape := z.Shape()
	idx := checkLabels(op, labels, shape)
	if z.DType() == tensor.Float32 {
		return sparseCrossentropy32(logits, idx)
	}
	batch := float64(shape[0])
	logp := logSoftmax(z)
	sum := 0.0
	for i, c := range idx {
		sum -= logp.At(i, c) // -log softmax(z_i)[label]
	}
	loss := tensor.Full(z.DType(), sum/batch)
	return record("sparse_categorical_crossentropy_from_logits", loss, []*Node{logits},
		func(g *tensor.Tensor) *tensor.Tensor {
			d := logp.Exp() // softmax(z), a new tensor we may change
			for i, c := range idx {
				d.Set(d.At(i, c)-1, i, c) // minus the one-hot row, in place
			}
			return d.Mul(g).DivScalar(batch)
		},
	)
}

// sparseCrossentropy32 is SparseCategoricalCrossentropyFromLogits for float32 logits, row by row in
// the tape's recycled storage, with the same float32 arithmetic as the tensor version (logSoftmax,
// Exp, Mul, DivScalar): the forward pass keeps softmax(z) for the backward pass.
func sparseCrossentropy32(logits *Node, idx []int) *Node {
	tp := logits.tape
	m, k := logits.Value.Dim(0), logits.Value.Dim(1)
	lse := logSumExp32(tp, tensor.Storage[float32](logits.Value.Contiguous()), m, k) // p holds z - max(z)
	p := lse.shifted
	sum := 0.0
	for i, c := range idx {
		prow := p[i*k : (i+1)*k]
		for j, s := range prow {
			lp := s - lse.rows[i] // log softmax(z)_j
			if j == c {
				sum -= float64(lp)
			}
			prow[j] = lp
		}
	}
	simd.Exp(p, p) // now softmax(z), with math.Exp's bits
	batch := float32(m)
	loss := tensor.Full(tensor.Float32, sum/float64(m))
	return record("sparse_categorical_crossentropy_from_logits", loss, []*Node{logits},
		func(g *tensor.Tensor) *tensor.Tensor {
			gv := float32(g.Item())
			out := tp.arena.tensor32(m, k)
			d := tensor.Storage[float32](out)
			copy(d, p)
			for i, c := range idx {
				d[i*k+c]-- // minus the one-hot row
			}
			for j, v := range d {
				d[j] = v * gv / batch
			}
			return out
		},
	)
}

// rowLSE holds z - max(z) for rows of a matrix z, and the log-sum-exp of each row.
type rowLSE struct {
	shifted []float32 // z - max(z), row by row (m*k), in the tape's storage
	rows    []float32 // log(sum(e**shifted)) per row (m)
}

// logSumExp32 returns z - max(z) and log(sum(e**(z - max(z)))) for each of the m rows of k values
// of z, each step rounded as the tensor operations of logSoftmax round it: the sums are
// tensor.SumInto's, in the tape's recycled storage.
func logSumExp32(tp *Tape, z []float32, m, k int) rowLSE {
	shifted := tp.arena.float32s(m * k)
	e := tp.arena.tensor32(m, k)
	ev := tensor.Storage[float32](e)
	for i := 0; i+k <= len(z); i += k {
		mx := float32(math.Inf(-1))
		for _, v := range z[i : i+k] {
			mx = max(mx, v)
		}
		for j, v := range z[i : i+k] {
			shifted[i+j] = v - mx
		}
	}
	simd.Exp(ev, shifted[:len(ev)]) // math.Exp's bits, 8 at a time
	sums := tp.arena.tensor32(m)
	tensor.SumInto(sums, e, -1)
	rows := tensor.Storage[float32](sums)
	for i, s := range rows {
		rows[i] = float32(math.Log(float64(s)))
	}
	return rowLSE{shifted: shifted, rows: rows}
}

// logSoftmax returns z - lse(z) over the last axis, with lse(z) = max(z) + log(sum e**(z - max(z))).
func logSoftmax(z *tensor.Tensor) *tensor.Tensor {
	shape := z.Shape()
	shifted := z.Sub(lastKeep(z.Max(-1), shape))
	return shifted.Sub(lastKeep(shifted.Exp().Sum(-1).Log(), shape))
}

// checkPred panics naming op unless p is a (batch, classes) node.
func checkPred(op string, p *Node) {
	sameTape(op, p)
	if p.Value.NDim() != 2 {
		notebook.Panic(fmt.Sprintf("autodiff.%s: predictions must be (batch, classes), got shape %v", op, p.Value.Shape()))
	}
}

// checkLabels returns the labels as ints, panicking naming op when labels is not of shape (batch,)
// for predictions of the given shape, or a label is not an integer in [0, classes). Integer labels
// (the Int64 batches Fit passes) are read as they are, without a float64 copy.
func checkLabels(op string, labels *tensor.Tensor, pred tensor.Shape) []int {
	if labels.NDim() != 1 || labels.Dim(0) != pred[0] {
		notebook.Panic(fmt.Sprintf("autodiff.%s: labels must have shape (%d,) for predictions of shape %v, got %v",
			op, pred[0], pred, labels.Shape()))
	}
	classes := pred[1]
	idx, err := tensor.ClassLabels(labels, classes)
	if err != nil {
		notebook.Panic(fmt.Sprintf("autodiff.%s: %v for %d classes", op, err, classes))
	}
	return idx
}
