package autodiff

import (
	"github.com/nnbook/nnbook/nn/tensor"
)

// GradientApply runs the backward pass of Gradient and hands each source's gradient to apply
// instead of returning it: apply(i, g, i0, i1, j0, j1) receives sources[i]'s gradient g and one
// part of it, rows [i0, i1) and columns [j0, j1) of g seen as a matrix whose rows run along its
// last axis (a vector is one row, a scalar one element). The parts of a gradient are disjoint and
// cover it once; GradientApply returns when all have been applied. It is an optimizer's step
// fused into the backward pass, as Sequential's training step uses it.
//
// A source used by a single node, when that node is a float Dense and the source its kernel, has
// its gradient's parts handed over as the product xᵀ·dz finishes them, on the goroutines that
// computed them, several at once and while the rest of the product is still running: the update
// reads the gradient while it is in cache and is split over the cores as the product is. Every
// other gradient is handed over whole when the backward pass ends. So apply may change
// sources[i].Value within the part it is given, which is what it is for: the tape reads no value
// of a source after handing over a part of its gradient (the one node using it has run its other
// backward steps first). apply must be safe to call at once on different parts, and must not
// panic: on another goroutine, a panic ends the program. After GradientApply the tape's values no
// longer match its sources: Reset it before using it again.
//
// A source never watched on this tape panics naming the variable, as in Gradient.
func (tp *Tape) GradientApply(target *Node, sources []*Variable, apply func(i int, g *tensor.Tensor, i0, i1, j0, j1 int)) {
	nodes := tp.watchedNodes("GradientApply", sources)
	uses := make(map[*Node]int, len(nodes))
	for _, s := range nodes {
		uses[s] = 0
	}
	for _, n := range tp.nodes[:min(len(tp.nodes), target.id+1)] {
		for _, in := range n.Inputs {
			if _, ok := uses[in]; ok {
				uses[in]++
			}
		}
	}
	sinks := make(map[*Node]*sink, len(nodes))
	for i, s := range nodes {
		if uses[s] == 1 {
			if _, twice := sinks[s]; twice {
				sinks[s] = nil // asked for twice: handed over whole, once per request
				continue
			}
			sinks[s] = &sink{i: i, apply: apply}
		}
	}
	tp.sinks = sinks
	grads := func() []*tensor.Tensor {
		defer func() { tp.sinks = nil }()
		return tp.GradientNodes(target, nodes...)
	}()
	for i, s := range nodes {
		if k := sinks[s]; k != nil && k.taken {
			continue
		}
		rows, cols := matrixShape(grads[i].Shape())
		apply(i, grads[i], 0, rows, 0, cols)
	}
}

// sink is where a source's gradient goes during GradientApply: to apply, as sources[i], in parts.
type sink struct {
	i     int
	apply func(i int, g *tensor.Tensor, i0, i1, j0, j1 int)
	taken bool // the source's one user has handed its gradient over
}

// takeSink returns the function to which the backward step that computes source's whole gradient
// hands it over in parts as it finishes them, or nil outside GradientApply or when the gradient
// must be handed over whole at the end (the source has other users, or is not a source). A
// non-nil result commits the caller to hand over every part of the gradient it returns.
func (tp *Tape) takeSink(source *Node) func(g *tensor.Tensor, i0, i1, j0, j1 int) {
	k := tp.sinks[source]
	if k == nil {
		return nil
	}
	k.taken = true
	return func(g *tensor.Tensor, i0, i1, j0, j1 int) { k.apply(k.i, g, i0, i1, j0, j1) }
}

// matrixShape returns the rows and columns of a tensor of shape s seen as a matrix whose rows run
// along its last axis.
func matrixShape(s tensor.Shape) (rows, cols int) {
	if len(s) == 0 {
		return 1, 1
	}
	cols = s[len(s)-1]
	if cols == 0 {
		return 0, 0
	}
	return s.Size() / cols, cols
}
