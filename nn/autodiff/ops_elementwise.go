package autodiff

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Element-wise operations. Each one computes its output and, right below, the gradient of each
// input given the gradient g of the output (the chain rule: g times the local derivative).
//
// Binary operations broadcast as NumPy: (2, 3) + (3,) adds the row to both rows. In the backward
// step, an input that was repeated along an axis receives the sum of the gradients of all its
// copies: tensor.SumTo sums g back down to the input's shape.
//
// Only Add, Mul, Neg and Reciprocal carry gradient rules for two-operand arithmetic;
// Sub and Div are built from them, as micrograd does.

// sumTo returns g summed over the axes along which x was broadcast, so that it has x's shape
// (tensor.SumTo); when nothing was broadcast it is g itself, not a copy.
func sumTo(g, x *tensor.Tensor) *tensor.Tensor {
	if g.Shape().Equal(x.Shape()) {
		return g
	}
	return g.SumTo(x.Shape()...)
}

// Add returns n + o element-wise with broadcasting (op "add").
// It panics naming both shapes when they cannot be broadcast.
func (n *Node) Add(o *Node) *Node {
	broadcastShape("Add", n.Value.Shape(), o.Value.Shape())
	return n.add("add", o)
}

// add is Add recorded under the name op (BiasAdd shares its rule); the caller checks the shapes.
//
// A bias, a vector of one float dtype with the matrix it is added to along its last axis, is
// added by tensor.BiasAddInto into the tape's storage (the same bits as Tensor.Add); its gradient,
// the column sums of g, is taken from the ReLU's backward step when that made them with g (see
// Relu), else summed by sumTo.
func (n *Node) add(op Op, o *Node) *Node {
	tp := sameTape(string(op), n, o)
	a, b := n.Value, o.Value
	var out *tensor.Tensor
	switch {
	case isBias(b, a):
		out = tp.buffer(a.DType(), a.Shape()...)
		tensor.BiasAddInto(out, a, b, false)
	case isBias(a, b):
		out = tp.buffer(b.DType(), b.Shape()...)
		tensor.BiasAddInto(out, b, a, false) // a + b = b + a, bit for bit
	default:
		out = a.Add(b)
	}
	return record(op, out, []*Node{n, o},
		func(g *tensor.Tensor) *tensor.Tensor { return tp.sumTo(g, a) }, // d(a+b)/da = 1
		func(g *tensor.Tensor) *tensor.Tensor { return tp.sumTo(g, b) }, // d(a+b)/db = 1
	)
}

// isBias reports whether b is a bias of z: a vector of z's float dtype, as long as the last axis
// of z, a matrix or more.
func isBias(b, z *tensor.Tensor) bool {
	return b.NDim() == 1 && z.NDim() >= 2 && b.DType().IsFloat() && b.DType() == z.DType() && b.Dim(0) == z.Dim(-1)
}

// sumTo is the package's sumTo, except for the column sums of a matrix g that the tape's last
// ReLU backward step made as it made g (tp.colSums): those are returned as they are. They have
// the same bits, since both sum each column row after row from 0.
func (tp *Tape) sumTo(g, x *tensor.Tensor) *tensor.Tensor {
	if c := tp.colSums; c.of == g && g.NDim() == 2 && x.NDim() == 1 && x.Dim(0) == g.Dim(1) && c.sums.DType() == x.DType() {
		return c.sums
	}
	return sumTo(g, x)
}

// Mul returns n * o element-wise with broadcasting (op "mul").
// It panics naming both shapes when they cannot be broadcast.
func (n *Node) Mul(o *Node) *Node {
	broadcastShape("Mul", n.Value.Shape(), o.Value.Shape())
	a, b := n.Value, o.Value
	return record("mul", a.Mul(b), []*Node{n, o},
		func(g *tensor.Tensor) *tensor.Tensor { return sumTo(g.Mul(b), a) }, // d(a*b)/da = b
		func(g *tensor.Tensor) *tensor.Tensor { return sumTo(g.Mul(a), b) }, // d(a*b)/db = a
	)
}

// Neg returns -n (op "neg").
func (n *Node) Neg() *Node {
	return record("neg", n.Value.Neg(), []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor { return g.Neg() }, // d(-a)/da = -1
	)
}

// Reciprocal returns 1/n element-wise (op "reciprocal").
func (n *Node) Reciprocal() *Node {
	out := tensor.Ones(n.Value.DType()).Div(n.Value)
	return record("reciprocal", out, []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor { return g.Mul(out).Mul(out).Neg() }, // d(1/a)/da = -1/a²
	)
}

// Sub returns n - o element-wise with broadcasting, built as n + (-o) (ops "neg", "add").
// It panics naming both shapes when they cannot be broadcast.
func (n *Node) Sub(o *Node) *Node {
	broadcastShape("Sub", n.Value.Shape(), o.Value.Shape())
	return n.Add(o.Neg())
}

// Div returns n / o element-wise with broadcasting, built as n * (1/o) (ops "reciprocal", "mul").
// It panics naming both shapes when they cannot be broadcast.
func (n *Node) Div(o *Node) *Node {
	broadcastShape("Div", n.Value.Shape(), o.Value.Shape())
	return n.Mul(o.Reciprocal())
}

// AddScalar returns n + v (op "add_scalar"); v is converted to n's dtype.
func (n *Node) AddScalar(v float64) *Node {
	return record("add_scalar", n.Value.AddScalar(v), []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor { return g }, // d(a+v)/da = 1
	)
}

// MulScalar returns n * v (op "mul_scalar"); v is converted to n's dtype.
func (n *Node) MulScalar(v float64) *Node {
	return record("mul_scalar", n.Value.MulScalar(v), []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor { return g.MulScalar(v) }, // d(a*v)/da = v
	)
}

// Square returns n*n element-wise (op "square").
func (n *Node) Square() *Node {
	a := n.Value
	return record("square", a.Square(), []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor { return g.Mul(a).MulScalar(2) }, // d(a²)/da = 2a
	)
}

// Pow returns n**p element-wise (op "pow"), as torch.pow(x, p) for a constant exponent p.
//
// Backward: d(a**p)/da = p * a**(p-1); p = 0 gives a zero gradient (the derivative of a constant),
// also at a = 0.
func (n *Node) Pow(p float64) *Node {
	a := n.Value
	return record("pow", a.Pow(p), []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor {
			if p == 0 {
				return g.MulScalar(0)
			}
			return g.Mul(a.Pow(p - 1).MulScalar(p))
		},
	)
}

// Exp returns e**n element-wise (op "exp").
func (n *Node) Exp() *Node {
	out := n.Value.Exp()
	return record("exp", out, []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor { return g.Mul(out) }, // d(e**a)/da = e**a
	)
}

// Log returns the natural logarithm of n element-wise (op "log"); inputs must be positive.
func (n *Node) Log() *Node {
	a := n.Value
	return record("log", a.Log(), []*Node{n},
		func(g *tensor.Tensor) *tensor.Tensor { return g.Div(a) }, // d(log a)/da = 1/a
	)
}

// broadcastShape returns the shape NumPy's broadcasting gives a and b, panicking with the op's name
// and both shapes when they are not compatible.
func broadcastShape(op string, a, b tensor.Shape) tensor.Shape {
	out, ok := a.BroadcastWith(b)
	if !ok {
		notebook.Panic(fmt.Sprintf("autodiff.%s: shapes %v and %v cannot be broadcast", op, a, b))
	}
	return out
}
