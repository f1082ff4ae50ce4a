package autodiff

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/nnbook/nnbook/nn/tensor"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Tape records operations on nodes so that gradients can be computed, as tf.GradientTape.
//
// Every node made from the tape's nodes is appended to it, so the tape is the computation graph
// in the order it ran: a topological order, since an op's inputs are always recorded before it.
// A tape is used by one goroutine at a time. Make a new tape for each training step, or Reset one
// to record the next step into the same storage.
type Tape struct {
	nodes   []*Node
	watched map[*Variable]*Node
	arena   arena // storage of the fused ops' values and gradients, recycled by Reset
	// During GradientApply: the sources whose gradient's parts their one user hands over as it
	// finishes them (see takeSink), and whether it has.
	sinks map[*Node]*sink
	// The column sums of the gradient the last ReLU backward step made (see Relu).
	colSums colSums
}

// colSums holds the column sums of a gradient matrix, made in the same pass as the matrix.
type colSums struct{ of, sums *tensor.Tensor }

// Reset empties the tape so that it records the next computation (the next training step) from
// scratch, and recycles the storage its fused operations (Dense, Softmax, the crossentropies from
// logits), its float32 MatMul and its float Add of a bias and Relu took for values and gradients:
// the next ones reuse it instead of allocating.
//
// The ownership rule: values and gradients recorded on a tape stay valid, and are never
// overwritten, until that tape's Reset; after it, the tensors of those operations are
// overwritten by later operations on the tape. A tape that is never Reset never reuses anything.
// Read or copy what you need (the loss, the predictions, the gradients the optimizer applies)
// before calling Reset.
func (tp *Tape) Reset() {
	clear(tp.nodes)
	tp.nodes = tp.nodes[:0]
	clear(tp.watched)
	tp.colSums = colSums{}
	tp.arena.reset()
}

// NewTape returns an empty tape.
func NewTape() *Tape {
	return &Tape{watched: make(map[*Variable]*Node)}
}

// add appends n to the tape, setting its tape and id.
func (tp *Tape) add(n *Node) *Node {
	n.tape = tp
	n.id = len(tp.nodes)
	tp.nodes = append(tp.nodes, n)
	return n
}

// Watch records variable v on the tape and returns its node (op "variable"), as
// tape.watch(v). The node's Value is v.Value itself, not a copy. Watching the same variable
// again returns the same node. It panics if v or v.Value is nil.
func (tp *Tape) Watch(v *Variable) *Node {
	if v == nil || v.Value == nil {
		notebook.Panic("autodiff.Watch: nil variable or variable without a value")
	}
	if n, ok := tp.watched[v]; ok {
		return n
	}
	if tp.watched == nil { // a Tape{} literal
		tp.watched = make(map[*Variable]*Node)
	}
	n := tp.add(&Node{Value: v.Value, Op: OpVariable, Var: v})
	tp.watched[v] = n
	return n
}

// Constant records t on the tape as a value that needs no gradient (op "constant"): the inputs
// of a batch, the labels. It panics if t is nil.
func (tp *Tape) Constant(t *tensor.Tensor) *Node {
	if t == nil {
		notebook.Panic("autodiff.Constant: nil tensor")
	}
	return tp.add(&Node{Value: t, Op: OpConstant})
}

// Nodes returns the recorded nodes in the order they were recorded (for drawing the graph).
// The slice is the tape's own: do not change it.
func (tp *Tape) Nodes() []*Node { return tp.nodes }

// String lists the tape's nodes one per line, as a text drawing of the graph:
//
//	id  op        name  inputs  shape   dtype
//	0   variable  W             (2, 2)  float64
//	1   constant                (2, 2)  float64
//	2   matmul          1 0     (2, 2)  float64
func (tp *Tape) String() string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "id\top\tname\tinputs\tshape\tdtype")
	for _, n := range tp.nodes {
		name := ""
		if n.Var != nil {
			name = n.Var.Name
		}
		ids := make([]string, len(n.Inputs))
		for i, in := range n.Inputs {
			ids[i] = fmt.Sprint(in.id)
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%v\t%v\n", n.id, n.Op, name, strings.Join(ids, " "), n.Value.Shape(), n.Value.DType())
	}
	w.Flush()
	return b.String()
}

// Gradient returns d(sum of target)/d(source) for each source variable, in order, as
// tape.gradient(target, sources): a tensor of each source's shape and dtype (zeros when target does
// not depend on it). The seed is ones of target's shape, so a non-scalar target is differentiated
// as the sum of its elements, as TensorFlow does.
//
// The returned tensors may share storage with each other and with values on the tape: treat them
// as read-only (Clone one before changing it).
//
// A source never watched on this tape panics naming the variable: it is a programmer error.
func (tp *Tape) Gradient(target *Node, sources ...*Variable) []*tensor.Tensor {
	return tp.GradientNodes(target, tp.watchedNodes("Gradient", sources)...)
}

// watchedNodes returns the nodes of the variables sources, panicking (naming op) for one never
// watched on tp.
func (tp *Tape) watchedNodes(op string, sources []*Variable) []*Node {
	nodes := make([]*Node, len(sources))
	for i, v := range sources {
		n, ok := tp.watched[v]
		if !ok {
			name, shape := "<nil>", tensor.Shape(nil)
			if v != nil {
				name = v.Name
				if v.Value != nil {
					shape = v.Value.Shape()
				}
			}
			notebook.Panic(fmt.Sprintf("autodiff.%s: variable %q (shape %v, source %d) was never watched on this tape", op, name, shape, i))
		}
		nodes[i] = n
	}
	return nodes
}

// GradientNodes is Gradient with respect to any recorded nodes (inputs, intermediate values).
// It panics if target or a source is recorded on another tape.
//
// The backward pass walks the tape from target down to the first node (reverse topological order).
// Each node's gradient is complete when it is reached, because every node that used it was recorded
// later; a node used twice receives the sum of both gradients. Only nodes that lie on a path from a
// source to target have their backward steps run.
func (tp *Tape) GradientNodes(target *Node, sources ...*Node) []*tensor.Tensor {
	if sameTape("Gradient", target) != tp {
		notebook.Panic(fmt.Sprintf("autodiff.Gradient: target %v is recorded on another tape", target))
	}
	for i, s := range sources {
		if sameTape("Gradient", s) != tp {
			notebook.Panic(fmt.Sprintf("autodiff.Gradient: source %d (%v) is recorded on another tape", i, s))
		}
	}

	// need[i]: node i is a source or computed from one, so gradients must flow through it.
	need := make([]bool, target.id+1)
	isSource := make(map[int]bool, len(sources))
	for _, s := range sources {
		isSource[s.id] = true
		if s.id <= target.id {
			need[s.id] = true
		}
	}
	for _, n := range tp.nodes[:target.id+1] {
		for _, in := range n.Inputs {
			need[n.id] = need[n.id] || need[in.id]
		}
	}

	grads := make([]*tensor.Tensor, target.id+1)
	grads[target.id] = tensor.Ones(target.Value.DType(), target.Value.Shape()...)
	for i := target.id; i >= 0; i-- {
		n, g := tp.nodes[i], grads[i]
		if g == nil || !need[i] {
			continue
		}
		for k, in := range n.Inputs {
			if !need[in.id] || n.backward[k] == nil {
				continue
			}
			gk := n.backward[k](g)
			if dt := in.Value.DType(); dt.IsFloat() && gk.DType() != dt {
				gk = gk.AsType(dt) // gradients keep the dtype of the values they belong to
			}
			if grads[in.id] == nil {
				grads[in.id] = gk
			} else {
				grads[in.id] = grads[in.id].Add(gk) // used twice: the gradients add up
			}
		}
		if !isSource[i] {
			grads[i] = nil // no longer needed: let it be collected
		}
	}

	out := make([]*tensor.Tensor, len(sources))
	for i, s := range sources {
		if s.id <= target.id && grads[s.id] != nil {
			out[i] = grads[s.id]
		} else {
			out[i] = tensor.Zeros(s.Value.DType(), s.Value.Shape()...)
		}
	}
	return out
}
