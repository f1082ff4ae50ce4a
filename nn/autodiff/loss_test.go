package autodiff

import (
	"math"
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// TestCategoricalCrossentropyOfProbabilities checks the plain (not fused) path with numbers worked out
// by hand: yPred rows [0.5 0.25 0.25] and [0.1 0.8 0.1], true classes 0 and 1.
func TestCategoricalCrossentropyOfProbabilities(t *testing.T) {
	p := NewVariable("p", arr([][]float64{{0.5, 0.25, 0.25}, {0.1, 0.8, 0.1}}))
	oneHot := arr([][]float64{{1, 0, 0}, {0, 1, 0}})
	labels := arr([]int64{0, 1})
	// loss = -(ln 0.5 + ln 0.8) / 2 = (0.6931471805599453 + 0.2231435513142097) / 2
	wantLoss := 0.4581453659370775
	// dloss/dp = -y / (p * batch): -1/(0.5*2) = -1 and -1/(0.8*2) = -0.625 at the true classes.
	wantGrad := arr([][]float64{{-1, 0, 0}, {0, -0.625, 0}})
	for name, loss := range map[string]func(tp *Tape) *Node{
		"categorical": func(tp *Tape) *Node { return CategoricalCrossentropy(oneHot, tp.Watch(p)) },
		"sparse":      func(tp *Tape) *Node { return SparseCategoricalCrossentropy(labels, tp.Watch(p)) },
	} {
		tp := NewTape()
		l := loss(tp)
		if got := l.Value.Item(); math.Abs(got-wantLoss) > 1e-15 {
			t.Errorf("%s: loss got %v, want %v", name, got, wantLoss)
		}
		checkTensor(t, name+" dloss/dp", tp.Gradient(l, p)[0], wantGrad, 1e-15)
	}
}

// TestCrossentropyFusedWithSoftmax checks the fused path with numbers worked out by hand: logits
// rows [0 0 0] (softmax 1/3 each) and [ln 2, 0, 0] (softmax [2/4 1/4 1/4]), true classes 0 and 1.
func TestCrossentropyFusedWithSoftmax(t *testing.T) {
	z := NewVariable("z", arr([][]float64{{0, 0, 0}, {math.Ln2, 0, 0}}))
	oneHot := arr([][]float64{{1, 0, 0}, {0, 1, 0}})
	labels := arr([]int64{0, 1})
	// loss = -(ln 1/3 + ln 1/4) / 2 = (1.0986122886681098 + 1.3862943611198906) / 2
	wantLoss := 1.2424533248940002
	// (softmax - onehot) / batch: row 0 [(1/3-1)/2, (1/3)/2, (1/3)/2],
	// row 1 [(2/4)/2, (1/4-1)/2, (1/4)/2].
	wantGrad := arr([][]float64{{-1.0 / 3, 1.0 / 6, 1.0 / 6}, {0.25, -0.375, 0.125}})
	for name, tc := range map[string]struct {
		loss func(tp *Tape) *Node
		op   Op
	}{
		"categorical": {func(tp *Tape) *Node { return CategoricalCrossentropy(oneHot, tp.Watch(z).Softmax()) },
			"categorical_crossentropy_from_logits"},
		"sparse": {func(tp *Tape) *Node { return SparseCategoricalCrossentropy(labels, tp.Watch(z).Softmax()) },
			"sparse_categorical_crossentropy_from_logits"},
		"categorical from logits": {func(tp *Tape) *Node { return CategoricalCrossentropyFromLogits(oneHot, tp.Watch(z)) },
			"categorical_crossentropy_from_logits"},
		"sparse from logits": {func(tp *Tape) *Node { return SparseCategoricalCrossentropyFromLogits(labels, tp.Watch(z)) },
			"sparse_categorical_crossentropy_from_logits"},
	} {
		tp := NewTape()
		l := tc.loss(tp)
		if l.Op != tc.op || l.Inputs[0].Op != "variable" {
			t.Errorf("%s: loss node %v computed from %v, want op %s computed from the logits", name, l, l.Inputs[0], tc.op)
		}
		if got := l.Value.Item(); math.Abs(got-wantLoss) > 1e-15 {
			t.Errorf("%s: loss got %v, want %v", name, got, wantLoss)
		}
		checkTensor(t, name+" dloss/dz", tp.Gradient(l, z)[0], wantGrad, 1e-15)
	}
}

// TestCrossentropyLargeLogits shows why the fused path exists: with logits ±1000, softmax rounds
// to exactly 0 and 1, and log(0) makes the plain path infinite. From the logits, the loss of
// both rows is 1000 (row 0: lse = 1000, minus z[1] = 0; row 1: lse = 0, minus z[1] = -1000),
// and the gradient (softmax - onehot)/2 is [0.5 -0.5] in both rows.
func TestCrossentropyLargeLogits(t *testing.T) {
	z := NewVariable("z", arr([][]float64{{1000, 0}, {0, -1000}}))
	labels := arr([]int64{1, 1})
	tp := NewTape()
	zn := tp.Watch(z)
	fused := SparseCategoricalCrossentropy(labels, zn.Softmax())
	if got := fused.Value.Item(); got != 1000 {
		t.Errorf("fused loss got %v, want 1000", got)
	}
	checkTensor(t, "dloss/dz", tp.Gradient(fused, z)[0], arr([][]float64{{0.5, -0.5}, {0.5, -0.5}}), 0)

	// Reshape hides the softmax, so the loss takes the log of the probabilities.
	plain := SparseCategoricalCrossentropy(labels, zn.Softmax().Reshape(2, 2))
	if got := plain.Value.Item(); !math.IsInf(got, 1) {
		t.Errorf("plain loss got %v, want +Inf", got)
	}
}

// TestCrossentropyFusedMatchesPlain checks that the fused and the plain paths agree on ordinary logits.
func TestCrossentropyFusedMatchesPlain(t *testing.T) {
	r := tensor.NewRand(3)
	z := NewVariable("z", tensor.RandomNormal(r, tensor.Float64, 0, 2, 8, 5))
	labels := arr([]int64{0, 4, 2, 2, 1, 3, 0, 4})
	tp := NewTape()
	zn := tp.Watch(z)
	fused := SparseCategoricalCrossentropy(labels, zn.Softmax())
	plain := SparseCategoricalCrossentropy(labels, zn.Softmax().Reshape(8, 5))
	if math.Abs(fused.Value.Item()-plain.Value.Item()) > 1e-12 {
		t.Errorf("loss fused %v, plain %v", fused.Value.Item(), plain.Value.Item())
	}
	checkTensor(t, "fused vs plain gradient", tp.Gradient(fused, z)[0], tp.Gradient(plain, z)[0], 1e-12)
}

func TestCrossentropyKeepsFloat32(t *testing.T) {
	z := NewVariable("z", tensor.RandomNormal(tensor.NewRand(4), tensor.Float32, 0, 1, 4, 3))
	labels := arr([]int64{0, 1, 2, 1})
	oneHot := tensor.MustArray([][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}}) // float64 labels
	for name, loss := range map[string]func(zn *Node) *Node{
		"sparse fused":      func(zn *Node) *Node { return SparseCategoricalCrossentropy(labels, zn.Softmax()) },
		"categorical fused": func(zn *Node) *Node { return CategoricalCrossentropy(oneHot, zn.Softmax()) },
		"categorical plain": func(zn *Node) *Node { return CategoricalCrossentropy(oneHot, zn.Sigmoid()) },
	} {
		tp := NewTape()
		l := loss(tp.Watch(z))
		g := tp.Gradient(l, z)[0]
		if l.Value.DType() != tensor.Float32 || g.DType() != tensor.Float32 {
			t.Errorf("%s: loss %v gradient %v, want float32 for both", name, l.Value.DType(), g.DType())
		}
	}
}

// BenchmarkSoftmaxSparseCrossentropy times what the chapter's training step does between its last
// product and its first backward product: Softmax of a batch of 128 rows of 10 logits, the sparse
// crossentropy of its labels (computed from the logits), and the gradient of the logits.
func BenchmarkSoftmaxSparseCrossentropy(b *testing.B) {
	z := tensor.RandomUniform(tensor.NewRand(3), tensor.Float32, -5, 5, 128, 10)
	labels := make([]int64, 128)
	for i := range labels {
		labels[i] = int64(i % 10)
	}
	y := tensor.FromSlice(labels)
	v := NewVariable("z", z)
	tp := NewTape()
	for b.Loop() {
		tp.Reset()
		l := SparseCategoricalCrossentropy(y, tp.Watch(v).Softmax())
		tp.Gradient(l, v)
	}
}
