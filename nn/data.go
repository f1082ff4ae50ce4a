package nn

import (
	"errors"
	"fmt"

	"github.com/nnbook/nnbook/nn/internal/simd"
	"github.com/nnbook/nnbook/nn/tensor"
)

// samples is a data set checked and converted once for Fit, Evaluate or Predict: x as float32
// rows, and the targets as int64 labels or float32 rows.
type samples struct {
	x           []float32    // n rows of features values, row-major
	n, features int          // number of samples, values per sample
	sampleShape tensor.Shape // per-sample shape of x

	labels []int64   // sparse targets (n,), or nil
	rows   []float32 // one-hot targets (n, classes), or nil
	width  int       // classes of rows
}

// prepareX checks x, builds the model for its sample shape and returns its values as float32
// (converting other dtypes once). op names the caller in errors.
func (m *Sequential) prepareX(op string, x *tensor.Tensor) (*samples, error) {
	if x == nil {
		return nil, fmt.Errorf("nn.%s: x is nil", op)
	}
	shape := x.Shape()
	if len(shape) < 2 {
		return nil, fmt.Errorf("nn.%s: x must have shape (samples, features...). Received: x of shape %v", op, shape)
	}
	if shape[0] == 0 {
		return nil, fmt.Errorf("nn.%s: x is empty. Received: x of shape %v", op, shape)
	}
	sampleShape := shape[1:].Clone()
	if err := m.Build(sampleShape...); err != nil {
		return nil, fmt.Errorf("nn.%s: %w", op, err)
	}
	if out := m.OutputShape(); len(out) != 1 {
		return nil, fmt.Errorf("nn.%s: the model's output must have shape (None, classes). Received: output shape %v", op, noneShape(out))
	}
	if x.DType() != tensor.Float32 {
		x = x.AsType(tensor.Float32) // the one conversion: training and inference run in float32
	} else {
		x = x.Contiguous()
	}
	return &samples{x: tensor.Storage[float32](x), n: shape[0], features: sampleShape.Size(), sampleShape: sampleShape}, nil
}

// prepareY checks y against d and the compiled loss and stores it in d: labels in [0, classes) for
// sparse targets, rows of width classes for one-hot targets.
func (m *Sequential) prepareY(op string, d *samples, xShape tensor.Shape, y *tensor.Tensor) error {
	if y == nil {
		return fmt.Errorf("nn.%s: y is nil", op)
	}
	ys := y.Shape()
	if len(ys) == 0 || ys[0] != d.n {
		return fmt.Errorf("nn.%s: x and y must have the same number of samples. Received: x of shape %v and y of shape %v", op, xShape, ys)
	}
	classes := m.OutputShape()[0]
	var sparseLoss, catLoss bool
	switch m.loss.(type) {
	case SparseCategoricalCrossentropy, *SparseCategoricalCrossentropy:
		sparseLoss = true
	case CategoricalCrossentropy, *CategoricalCrossentropy:
		catLoss = true
	}
	sparse := len(ys) == 1 || (len(ys) == 2 && ys[1] == 1 && classes != 1)
	switch {
	case sparse && catLoss:
		return fmt.Errorf("nn.%s: categorical_crossentropy expects one-hot targets of shape (%d, %d). Received: y of shape %v, dtype %v; "+
			"convert it with nn.ToCategorical(y, %d) or use loss sparse_categorical_crossentropy", op, d.n, classes, ys, y.DType(), classes)
	case !sparse && len(ys) == 2 && ys[1] == classes:
		if sparseLoss {
			return fmt.Errorf("nn.%s: sparse_categorical_crossentropy expects integer labels of shape (%d,). Received: y of shape %v, dtype %v "+
				"(one-hot rows?); use loss categorical_crossentropy", op, d.n, ys, y.DType())
		}
		if y.DType() != tensor.Float32 {
			y = y.AsType(tensor.Float32)
		} else {
			y = y.Contiguous()
		}
		d.rows, d.width = tensor.Storage[float32](y), classes
		return nil
	case !sparse:
		return fmt.Errorf("nn.%s: y must be integer labels of shape (%d,) or one-hot rows of shape (%d, %d) for a model with %d outputs. Received: y of shape %v",
			op, d.n, d.n, classes, classes, ys)
	}
	idx, err := tensor.ClassLabels(y, classes)
	if err != nil {
		return labelError(op, y, err, fmt.Sprintf("the valid range [0, %d) of a model with %d outputs", classes, classes))
	}
	d.labels = make([]int64, len(idx))
	for i, l := range idx {
		d.labels[i] = int64(l)
	}
	return nil
}

// labelError words a *tensor.LabelError of y for nn's functions: what a label outside the range
// is outside of is given by rng.
func labelError(op string, y *tensor.Tensor, err error, rng string) error {
	var le *tensor.LabelError
	if !errors.As(err, &le) {
		return fmt.Errorf("nn.%s: %w", op, err)
	}
	if !le.Whole {
		return fmt.Errorf("nn.%s: labels must be whole numbers. Received: y[%d] = %v (dtype %v)", op, le.Index, le.Value, y.DType())
	}
	return fmt.Errorf("nn.%s: label y[%d] = %v is outside %s. Received: labels from %v to %v",
		op, le.Index, le.Value, rng, le.Min, le.Max)
}

// batcher gathers batches of a samples into reused buffers.
type batcher struct {
	d      *samples
	x      []float32
	labels []int64
	rows   []float32
}

func newBatcher(d *samples, batchSize int) *batcher {
	b := &batcher{d: d, x: make([]float32, batchSize*d.features)}
	if d.labels != nil {
		b.labels = make([]int64, batchSize)
	}
	if d.rows != nil {
		b.rows = make([]float32, batchSize*d.width)
	}
	return b
}

// gather returns the batch of samples idx: x (len(idx), sampleShape...) and the targets, in
// the batcher's buffers (valid until the next call).
func (b *batcher) gather(idx []int) (x, y *tensor.Tensor) { return b.gatherOn(idx, true) }

// gatherSerial is gather on the calling goroutine only: for a batch gathered in the background
// while the cores train on the one before it.
func (b *batcher) gatherSerial(idx []int) (x, y *tensor.Tensor) { return b.gatherOn(idx, false) }

// gatherOn is gather, its rows copied by gatherRows when split, else on the calling goroutine.
func (b *batcher) gatherOn(idx []int, split bool) (x, y *tensor.Tensor) {
	d, n, f := b.d, len(idx), b.d.features
	xb := b.x[:n*f]
	if split {
		gatherRows(xb, d.x, idx, f)
	} else {
		copyRows(xb, d.x, idx, f, 0, len(idx))
	}
	x = tensor.FromSlice(xb, append([]int{n}, d.sampleShape...)...)
	switch {
	case d.labels != nil:
		yb := b.labels[:n]
		for i, j := range idx {
			yb[i] = d.labels[j]
		}
		y = tensor.FromSlice(yb, n)
	case d.rows != nil:
		w := d.width
		yb := b.rows[:n*w]
		for i, j := range idx {
			copy(yb[i*w:(i+1)*w], d.rows[j*w:(j+1)*w])
		}
		y = tensor.FromSlice(yb, n, w)
	}
	return x, y
}

// minParallelGather is the fewest values of a batch whose gathering is split over the cores:
// batches of 168 MNIST images and more. Gathering is a plain copy, bound by memory, so two cores
// gain less than twice; it is worth it where the copy grows as large as the narrow products (a
// batch of 512 for a hidden width of 128 spends a sixth of its step copying rows), not for the
// chapter's batches of 128 (100,352 values), whose gain could not be told from the noise here.
const minParallelGather = 1 << 17

// gatherRows copies rows idx of src (rows of f values) into dst, one after the other: split over
// the cores (simd.Split) for batches of at least minParallelGather values, else on the calling
// goroutine.
func gatherRows(dst, src []float32, idx []int, f int) {
	if len(idx)*f < minParallelGather {
		copyRows(dst, src, idx, f, 0, len(idx))
		return
	}
	simd.Split(len(idx), func(lo, hi int) { copyRows(dst, src, idx, f, lo, hi) })
}

// copyRows copies rows idx[lo:hi] of src (rows of f values) to rows lo to hi-1 of dst.
func copyRows(dst, src []float32, idx []int, f, lo, hi int) {
	for i, j := range idx[lo:hi] {
		copy(dst[(lo+i)*f:(lo+i+1)*f], src[j*f:(j+1)*f])
	}
}

// slice returns samples [start, end) without copying: views of d's storage.
func (d *samples) slice(start, end int) (x, y *tensor.Tensor) {
	n, f := end-start, d.features
	x = tensor.FromSlice(d.x[start*f:end*f], append([]int{n}, d.sampleShape...)...)
	switch {
	case d.labels != nil:
		y = tensor.FromSlice(d.labels[start:end], n)
	case d.rows != nil:
		y = tensor.FromSlice(d.rows[start*d.width:end*d.width], n, d.width)
	}
	return x, y
}

// split returns the first `at` samples and the rest, sharing d's storage (Keras's validation_split
// takes the last fraction of the data, before shuffling).
func (d *samples) split(at int) (train, val *samples) {
	t, v := *d, *d
	t.n, v.n = at, d.n-at
	t.x, v.x = d.x[:at*d.features], d.x[at*d.features:]
	if d.labels != nil {
		t.labels, v.labels = d.labels[:at], d.labels[at:]
	}
	if d.rows != nil {
		t.rows, v.rows = d.rows[:at*d.width], d.rows[at*d.width:]
	}
	return &t, &v
}
