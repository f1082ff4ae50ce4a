package autodiff

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"

	"github.com/nnbook/nnbook/nn/tensor"
)

// mlpLoss is a small network used to compare gradient checkers: x (3, 4) constant data,
// W (4, 5), b (5,), V (5, 3), tanh hidden layer, softmax and sparse crossentropy.
func mlpLoss(tp *Tape, xs []*Node) *Node {
	x := tp.Constant(tensor.MustArray([][]float64{{0.1, -0.5, 0.3, 0.9}, {-0.7, 0.2, 0.4, -0.1}, {0.6, 0.8, -0.3, 0.2}}))
	w, b, v := xs[0], xs[1], xs[2]
	logits := x.MatMul(w).BiasAdd(b).Tanh().MatMul(v)
	return SparseCategoricalCrossentropy(tensor.MustArray([]int64{2, 0, 1}), logits.Softmax())
}

// TestNumericGradientAgreesWithGonum compares NumericGradient, and the tape's gradient, with
// gonum's independent finite-difference implementation fd.Gradient (central formula), one input
// at a time.
func TestNumericGradientAgreesWithGonum(t *testing.T) {
	r := tensor.NewRand(5)
	inputs := []*tensor.Tensor{
		tensor.RandomUniform(r, tensor.Float64, -1, 1, 4, 5),
		tensor.RandomUniform(r, tensor.Float64, -1, 1, 5),
		tensor.RandomUniform(r, tensor.Float64, -1, 1, 5, 3),
	}
	numeric := NumericGradient(mlpLoss, inputs)

	tp, nodes := newCheckTape(inputs)
	tape := tp.GradientNodes(mlpLoss(tp, nodes), nodes...)

	for i := range inputs {
		// f as a function of input i's elements alone, the others fixed.
		f := func(xi []float64) float64 {
			xs := append([]*tensor.Tensor(nil), inputs...)
			xs[i] = tensor.FromSlice(append([]float64(nil), xi...), inputs[i].Shape()...)
			tp, nodes := newCheckTape(xs)
			return mlpLoss(tp, nodes).Value.Item()
		}
		gonum := fd.Gradient(nil, f, inputs[i].Float64s(), &fd.Settings{Formula: fd.Central})
		// Both use the step 6e-6 on inputs in (-1, 1): they differ only by rounding.
		if !floats.EqualApprox(numeric[i].Float64s(), gonum, 1e-9) {
			t.Errorf("input %d: NumericGradient %v\nfd.Gradient %v", i, numeric[i].Float64s(), gonum)
		}
		if !floats.EqualApprox(tape[i].Float64s(), gonum, 1e-8) {
			t.Errorf("input %d: tape gradient %v\nfd.Gradient %v", i, tape[i].Float64s(), gonum)
		}
	}
}

// TestCheckGradientFindsWrongRule records an op whose backward rule is wrong (d(a²)/da taken as a
// instead of 2a) and checks that CheckGradient reports it, naming the input and element.
func TestCheckGradientFindsWrongRule(t *testing.T) {
	wrongSquare := func(n *Node) *Node {
		a := n.Value
		return record("wrong_square", a.Square(), []*Node{n},
			func(g *tensor.Tensor) *tensor.Tensor { return g.Mul(a) })
	}
	f := func(_ *Tape, xs []*Node) *Node { return xs[0].Add(wrongSquare(xs[1])) }
	// input 1 is [0.1 2]: the rule is off by a, 0.1 at element 0 (error 0.1/max(1, 0.2)) and 2 at
	// element 1 (error 2/max(1, 4) = 0.5), the largest.
	maxErr, err := CheckGradient(f, []*tensor.Tensor{tensor.MustArray([]float64{1, 1}), tensor.MustArray([]float64{0.1, 2})}, 1e-6)
	if err == nil {
		t.Fatalf("no error, max error %v", maxErr)
	}
	if maxErr < 0.49 || maxErr > 0.51 {
		t.Errorf("max error %v, want 0.5", maxErr)
	}
	for _, want := range []string{"input 1", "(2,)", "element [1]", "tape gradient 2,", "numeric"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// TestCheckGradientFloat32Inputs checks that float32 inputs are converted to float64 before checking.
func TestCheckGradientFloat32Inputs(t *testing.T) {
	x := tensor.RandomUniform(tensor.NewRand(6), tensor.Float32, -1, 1, 3, 4)
	f := func(_ *Tape, xs []*Node) *Node {
		if xs[0].Value.DType() != tensor.Float64 {
			t.Errorf("input dtype %v, want float64", xs[0].Value.DType())
		}
		return xs[0].Tanh().Sum()
	}
	if _, err := CheckGradient(f, []*tensor.Tensor{x}, 1e-6); err != nil {
		t.Error(err)
	}
}
