package autodiff

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nn/tensor"
)

// GradCheckStep is the step h of the central differences (f(x+h) - f(x-h)) / 2h used by
// NumericGradient and CheckGradient, scaled by max(1, |x|). It balances the truncation error,
// of order h², against float64 rounding, of order 1e-16/h; gonum's fd.Central uses the same.
const GradCheckStep = 6e-6

// NumericGradient returns d(sum of f)/d(input) for each input by central finite differences in
// float64: every element x of every input is moved to x+h and x-h, f is evaluated on a new tape
// each time, and the derivative is (sum f(x+h) - sum f(x-h)) / 2h. The inputs are converted to
// float64 (the given tensors are not changed) and so are the results.
//
// f receives the inputs as watched variable nodes, in order. It costs two evaluations of f per
// element: use it on small tensors.
func NumericGradient(f func(tp *Tape, xs []*Node) *Node, inputs []*tensor.Tensor) []*tensor.Tensor {
	xs := make([]*tensor.Tensor, len(inputs))
	for i, in := range inputs {
		xs[i] = in.AsType(tensor.Float64) // a copy we may change
	}
	eval := func() float64 {
		tp, nodes := newCheckTape(xs)
		return sumFloat64(f(tp, nodes).Value)
	}
	grads := make([]*tensor.Tensor, len(xs))
	for i, x := range xs {
		data := tensor.Storage[float64](x) // x's own storage: changing it changes x
		g := make([]float64, len(data))
		for j, v := range data {
			h := GradCheckStep * math.Max(1, math.Abs(v))
			data[j] = v + h
			fPlus := eval()
			data[j] = v - h
			fMinus := eval()
			data[j] = v
			g[j] = (fPlus - fMinus) / (2 * h)
		}
		grads[i] = tensor.FromSlice(g, x.Shape()...)
	}
	return grads
}

// CheckGradient compares the tape's gradient of f with central finite differences, in float64, at
// the given inputs: f builds a scalar (or summed) output from nodes of the inputs, which it receives
// as watched variable nodes in order. The inputs are converted to float64 first.
//
// The error of each element is relative for large gradients and absolute for small ones:
// |tape - numeric| / max(1, |tape|, |numeric|). CheckGradient returns the largest error found and,
// when it exceeds tol, an error naming the input and element where it is largest. A tol of 1e-6
// suits smooth functions of inputs of order 1; keep inputs away from kinks such as relu's 0.
func CheckGradient(f func(tp *Tape, xs []*Node) *Node, inputs []*tensor.Tensor, tol float64) (maxRelErr float64, err error) {
	xs := make([]*tensor.Tensor, len(inputs))
	for i, in := range inputs {
		xs[i] = in.AsType(tensor.Float64)
	}
	tp, nodes := newCheckTape(xs)
	analytic := tp.GradientNodes(f(tp, nodes), nodes...)
	numeric := NumericGradient(f, xs)

	worst, worstElem := -1, 0
	var worstA, worstN float64
	for i := range xs {
		a, n := analytic[i].Float64s(), numeric[i].Float64s()
		for j := range a {
			e := math.Abs(a[j]-n[j]) / math.Max(1, math.Max(math.Abs(a[j]), math.Abs(n[j])))
			if e > maxRelErr || math.IsNaN(e) {
				maxRelErr, worst, worstElem, worstA, worstN = e, i, j, a[j], n[j]
				if math.IsNaN(e) {
					maxRelErr = math.Inf(1)
				}
			}
		}
	}
	if maxRelErr > tol {
		return maxRelErr, fmt.Errorf("autodiff.CheckGradient: input %d (shape %v) element %v: tape gradient %g, numeric %g: error %.3g > tol %g",
			worst, xs[worst].Shape(), unravel(worstElem, xs[worst].Shape()), worstA, worstN, maxRelErr, tol)
	}
	return maxRelErr, nil
}

// newCheckTape returns a new tape with each x watched as a variable named "x0", "x1", ...
func newCheckTape(xs []*tensor.Tensor) (*Tape, []*Node) {
	tp := NewTape()
	nodes := make([]*Node, len(xs))
	for i, x := range xs {
		nodes[i] = tp.Watch(NewVariable(fmt.Sprintf("x%d", i), x))
	}
	return tp, nodes
}

// sumFloat64 returns the sum of t's elements, in float64.
func sumFloat64(t *tensor.Tensor) float64 {
	s := 0.0
	for _, v := range t.Float64s() {
		s += v
	}
	return s
}

// unravel turns the row-major position p into an index of the given shape.
func unravel(p int, shape tensor.Shape) []int {
	idx := make([]int, len(shape))
	for i := len(shape) - 1; i >= 0; i-- {
		if shape[i] > 0 {
			idx[i] = p % shape[i]
			p /= shape[i]
		}
	}
	return idx
}
