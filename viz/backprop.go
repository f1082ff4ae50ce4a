package viz

import (
	"fmt"
	"strconv"

	"github.com/nnbook/nnbook/nn/autodiff"
)

// MaxBackpropNodes is the largest number of nodes Backprop draws: it is meant for the small
// worked examples of section 2.4.4, where every number fits in a box.
const MaxBackpropNodes = 30

// Backprop draws a forward and a backward pass on a small computation graph with the numbers on
// it, as the book's worked example of backpropagation (section 2.4.4), with the layout of Graph
// (and of TrainingStep's frames): every node recorded on the tape is a box holding its
// operation and its value (variables show their name), the last
// node recorded is the loss, and under each box, in red, is the gradient of the loss with
// respect to that node, computed by the tape (Tape.GradientNodes). Each arrow, from an input to
// the node computed from it, is labelled with the local derivative of that node with respect to
// that input. The chain rule can be read off the picture: a node's gradient is the product of
// the local derivatives along the path from it to the loss (summed over paths when there are
// several).
//
// Every value must be a single number (any shape of size 1). Backprop returns an error when the
// tape is empty, has more than MaxBackpropNodes nodes, or holds a value that is not one number.
func Backprop(tp *autodiff.Tape) (*Figure, error) {
	if tp == nil {
		return nil, fmt.Errorf("viz.Backprop: tape is nil")
	}
	nodes := tp.Nodes()
	if len(nodes) == 0 {
		return nil, fmt.Errorf("viz.Backprop: the tape has recorded nothing")
	}
	if len(nodes) > MaxBackpropNodes {
		return nil, fmt.Errorf("viz.Backprop: the tape holds %d nodes, at most %d can be drawn with their numbers (use viz.Graph for large graphs)", len(nodes), MaxBackpropNodes)
	}
	for _, n := range nodes {
		if n.Value == nil || n.Value.Size() != 1 {
			shape := "no value"
			if n.Value != nil {
				shape = n.Value.Shape().String()
			}
			return nil, fmt.Errorf("viz.Backprop: node %d (%s) has shape %s; every value must be one number", n.ID(), n.Op, shape)
		}
	}
	loss := nodes[len(nodes)-1]
	grads := map[*autodiff.Node]float64{}
	if err := catch(func() {
		for i, g := range tp.GradientNodes(loss, nodes...) {
			grads[nodes[i]] = g.Reshape().Item()
		}
	}); err != nil {
		return nil, fmt.Errorf("viz.Backprop: backward pass: %w", err)
	}
	type edge struct{ to, from *autodiff.Node }
	local := map[edge]float64{}
	for i, n := range nodes {
		for _, in := range n.Inputs {
			if err := catch(func() { local[edge{n, in}] = tp.GradientNodes(n, in)[0].Reshape().Item() }); err != nil {
				return nil, fmt.Errorf("viz.Backprop: local derivative of node %d: %w", i, err)
			}
		}
	}
	f, err := graphFigure(nodes, graphText{
		notes: func(n *autodiff.Node) []string {
			return []string{"= " + formatNumber(n.Value.Reshape().Item()), "grad " + formatNumber(grads[n])}
		},
		edge:  func(to, from *autodiff.Node) string { return "×" + formatNumber(local[edge{to, from}]) },
		title: "Forward pass: the value of each node (= …); backward pass: the gradient of the loss (red)",
	})
	if err != nil {
		return nil, fmt.Errorf("viz.Backprop: %w", err)
	}
	f.Name = "backprop"
	return f, nil
}

// formatNumber prints v with at most 4 significant digits, without trailing zeros.
func formatNumber(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
