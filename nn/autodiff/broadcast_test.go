package autodiff

import (
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// TestBroadcastBackward checks, with values computed by hand, that an operand repeated by
// broadcasting receives the sum of the gradients of all its copies and keeps its own shape.
// The target is the sum of the op's output (seed ones) unless weights are given, in which case it is
// sum(w * op(a, b)), so the gradient reaching the op is w.
func TestBroadcastBackward(t *testing.T) {
	a23 := arr([][]float64{{1, 2, 3}, {4, 5, 6}})
	tests := []struct {
		name         string
		op           func(a, b *Node) *Node
		a, b, w      *tensor.Tensor
		out          tensor.Shape
		wantA, wantB *tensor.Tensor
	}{
		{
			name: "(2,3)+(3,)", op: (*Node).Add,
			a: a23, b: arr([]float64{10, 20, 30}), out: tensor.Shape{2, 3},
			// d/da of sum(a+b) is 1 everywhere.
			wantA: arr([][]float64{{1, 1, 1}, {1, 1, 1}}),
			// each b[k] is added to both rows: 1+1.
			wantB: arr([]float64{2, 2, 2}),
		},
		{
			name: "(2,3)+(3,) weighted", op: (*Node).Add,
			a: a23, b: arr([]float64{10, 20, 30}), w: arr([][]float64{{1, 2, 3}, {4, 5, 6}}), out: tensor.Shape{2, 3},
			// the gradient reaching a is w itself.
			wantA: arr([][]float64{{1, 2, 3}, {4, 5, 6}}),
			// column sums of w: 1+4, 2+5, 3+6.
			wantB: arr([]float64{5, 7, 9}),
		},
		{
			name: "(2,3)*(2,1)", op: (*Node).Mul,
			a: a23, b: arr([][]float64{{10}, {20}}), out: tensor.Shape{2, 3},
			// d(a*b)/da = b, repeated along the row: 10 in row 0, 20 in row 1.
			wantA: arr([][]float64{{10, 10, 10}, {20, 20, 20}}),
			// d(a*b)/db = a, summed along the row: 1+2+3 = 6, 4+5+6 = 15.
			wantB: arr([][]float64{{6}, {15}}),
		},
		{
			name: "(4,1,3)/(1,2,3)", op: (*Node).Div,
			// a[i,0,:] = [1 2 3], [4 5 6], [7 8 9], [10 11 12]; b holds powers of two, so every
			// number below is exact.
			a: arr([][][]float64{{{1, 2, 3}}, {{4, 5, 6}}, {{7, 8, 9}}, {{10, 11, 12}}}),
			b: arr([][][]float64{{{1, 2, 4}, {0.5, 1, 2}}}), out: tensor.Shape{4, 2, 3},
			// d(a/b)/da = 1/b, summed over b's 2 rows: 1/1+1/0.5 = 3, 1/2+1/1 = 1.5, 1/4+1/2 = 0.75,
			// the same for each of the 4 blocks of a.
			wantA: arr([][][]float64{{{3, 1.5, 0.75}}, {{3, 1.5, 0.75}}, {{3, 1.5, 0.75}}, {{3, 1.5, 0.75}}}),
			// d(a/b)/db = -a/b², summed over a's 4 blocks: the column sums of a are 22, 26, 30, so
			// row 0: -22/1² = -22, -26/2² = -6.5, -30/4² = -1.875;
			// row 1: -22/0.5² = -88, -26/1² = -26, -30/2² = -7.5.
			wantB: arr([][][]float64{{{-22, -6.5, -1.875}, {-88, -26, -7.5}}}),
		},
		{
			name: "(3,1)-(1,4)", op: (*Node).Sub,
			a: arr([][]float64{{1}, {2}, {3}}), b: arr([][]float64{{1, 2, 3, 4}}), out: tensor.Shape{3, 4},
			// each a[i] is repeated along 4 columns: 1+1+1+1.
			wantA: arr([][]float64{{4}, {4}, {4}}),
			// each b[j] is subtracted in 3 rows: -1-1-1.
			wantB: arr([][]float64{{-3, -3, -3, -3}}),
		},
		{
			name: "()*(2,3)", op: (*Node).Mul,
			a: arr(2.0), b: a23, out: tensor.Shape{2, 3},
			// d(a*b)/da = b summed over all of b: 1+2+3+4+5+6.
			wantA: arr(21.0),
			// d(a*b)/db = a = 2 everywhere.
			wantB: arr([][]float64{{2, 2, 2}, {2, 2, 2}}),
		},
		{
			name: "bias_add (2,3)+(3,)", op: (*Node).BiasAdd,
			a: a23, b: arr([]float64{0.5, 0.25, 0.125}), out: tensor.Shape{2, 3},
			wantA: arr([][]float64{{1, 1, 1}, {1, 1, 1}}),
			// the column sums of the seed ones (2, 3): the batch size 2.
			wantB: arr([]float64{2, 2, 2}),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tp := NewTape()
			a, b := tp.Constant(tc.a), tp.Constant(tc.b)
			out := tc.op(a, b)
			if !out.Value.Shape().Equal(tc.out) {
				t.Errorf("output shape got %v, want %v", out.Value.Shape(), tc.out)
			}
			target := out
			if tc.w != nil {
				target = out.Mul(tp.Constant(tc.w))
			}
			g := tp.GradientNodes(target, a, b)
			checkTensor(t, "dA", g[0], tc.wantA, 1e-12)
			checkTensor(t, "dB", g[1], tc.wantB, 1e-12)
		})
	}
}
