package autodiff

import (
	"fmt"

	"github.com/nnbook/nnbook/nn/tensor"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Node is one value recorded on a tape: the tensor an operation produced, the name of that
// operation, and the nodes it was computed from. Nodes are made by Tape.Watch, Tape.Constant and
// the operation methods (Add, MatMul, Relu, ...); the zero Node is not usable.
//
// A node's Value must not be changed while the tape is in use: the backward steps read it.
type Node struct {
	Value  *tensor.Tensor
	Op     Op        // OpVariable, OpConstant, "add", "matmul", OpSoftmax, ...
	Inputs []*Node   // the operands, in order
	Var    *Variable // for op "variable", the watched variable
	tape   *Tape
	id     int // position on the tape
	// backward[i] maps the gradient of the output to the gradient of Inputs[i]; it is nil for
	// inputs that never need one (the labels of a loss, say). Gradient calls backward[i] only when
	// Inputs[i] leads to a requested source, so work for constants is skipped.
	backward []func(grad *tensor.Tensor) *tensor.Tensor
}

// Op names the operation that recorded a node: "matmul", "relu", ... Code that takes a path by
// the op of a node (the losses' fused softmax-crossentropy) compares it with the typed constants
// below, never with a string literal.
type Op string

// The ops other code acts on. Every op method documents the name it records.
const (
	OpVariable Op = "variable" // Tape.Watch
	OpConstant Op = "constant" // Tape.Constant
	OpSoftmax  Op = "softmax"  // Node.Softmax: the losses take the fused path from its logits
)

// ID returns the node's position on its tape: 0 for the first node recorded. Inputs always have
// smaller ids than the nodes computed from them.
func (n *Node) ID() int { return n.id }

// Tape returns the tape n is recorded on.
func (n *Node) Tape() *Tape { return n.tape }

// Shape returns a copy of the shape of n's value.
func (n *Node) Shape() tensor.Shape { return n.Value.Shape() }

// DType returns the element type of n's value.
func (n *Node) DType() tensor.DType { return n.Value.DType() }

// String describes n in one line: its op (and variable name), then its shape, as
// "matmul (128, 512)" or "variable kernel (784, 512)".
func (n *Node) String() string {
	if n.Var != nil && n.Var.Name != "" {
		return fmt.Sprintf("%s %s %v", n.Op, n.Var.Name, n.Value.Shape())
	}
	return fmt.Sprintf("%s %v", n.Op, n.Value.Shape())
}

// grad is the type of one backward step: from the gradient of an op's output to the gradient of one
// of its inputs.
type grad = func(g *tensor.Tensor) *tensor.Tensor

// record appends the result of op to the tape of its inputs and returns its node. backward holds one
// gradient rule per input, in the order of inputs. It panics, naming op, if the inputs belong to
// different tapes.
func record(op Op, value *tensor.Tensor, inputs []*Node, backward ...grad) *Node {
	tp := sameTape(string(op), inputs...)
	if len(backward) != len(inputs) {
		notebook.Panic(fmt.Sprintf("autodiff.%s: %d backward rules for %d inputs", op, len(backward), len(inputs)))
	}
	return tp.add(&Node{Value: value, Op: op, Inputs: inputs, backward: backward})
}

// sameTape returns the tape shared by nodes, panicking with op's name if they are on different tapes
// or one is nil.
func sameTape(op string, nodes ...*Node) *Tape {
	var tp *Tape
	for i, n := range nodes {
		if n == nil || n.tape == nil {
			notebook.Panic(fmt.Sprintf("autodiff: %s: operand %d is not a node recorded on a tape", op, i))
		}
		if tp == nil {
			tp = n.tape
		} else if n.tape != tp {
			notebook.Panic(fmt.Sprintf("autodiff: %s: operands are recorded on different tapes (%v and %v)", op, nodes[0], n))
		}
	}
	return tp
}
