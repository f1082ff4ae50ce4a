package viz

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nn/autodiff"
)

// MaxBackpropNodes is the largest number of nodes Backprop draws: it is meant for the small
// worked examples of section 2.4.4, where every number fits in a box.
const MaxBackpropNodes = 30

// Backprop draws a forward and a backward pass on a small computation graph with the numbers on
// it, as the book's worked example of backpropagation (section 2.4.4): every node recorded on
// the tape is a box holding its operation and its value (variables show their name), the last
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
	var grads []float64
	if err := catch(func() {
		for _, g := range tp.GradientNodes(loss, nodes...) {
			grads = append(grads, g.Reshape().Item())
		}
	}); err != nil {
		return nil, fmt.Errorf("viz.Backprop: backward pass: %w", err)
	}

	index := map[*autodiff.Node]int{}
	for i, n := range nodes {
		index[n] = i
	}
	// Rows: the loss at the bottom, every other node in the row just above its first user
	// ("as late as possible"), so that arrows span one row and never pass behind a box.
	users := make([][]int, len(nodes))
	for i, n := range nodes {
		for _, in := range n.Inputs {
			if j, ok := index[in]; ok {
				users[j] = append(users[j], i)
			}
		}
	}
	depth := make([]int, len(nodes)) // rows above the bottom
	rows := 1
	for i := len(nodes) - 1; i >= 0; i-- {
		for _, u := range users[i] {
			if depth[i] == 0 || depth[u]+1 < depth[i] {
				depth[i] = depth[u] + 1
			}
		}
		rows = max(rows, depth[i]+1)
	}
	row := make([]int, len(nodes))
	for i := range nodes {
		row[i] = rows - 1 - depth[i]
	}
	byRow := make([][]int, rows)
	for i := range nodes {
		byRow[row[i]] = append(byRow[row[i]], i)
	}
	// Within a row, order by the mean position of the neighbours (barycentre sweeps, down
	// through the inputs, then up through the users).
	pos := make([]float64, len(nodes))
	place := func(r int, key map[int]float64) {
		sort.SliceStable(byRow[r], func(a, b int) bool { return key[byRow[r][a]] < key[byRow[r][b]] })
		for k, i := range byRow[r] {
			pos[i] = float64(k) - float64(len(byRow[r])-1)/2
		}
	}
	mean := func(i int, ns []int) float64 {
		if len(ns) == 0 {
			return pos[i]
		}
		s := 0.0
		for _, j := range ns {
			s += pos[j]
		}
		return s / float64(len(ns))
	}
	inputsOf := func(i int) []int {
		var js []int
		for _, in := range nodes[i].Inputs {
			js = append(js, index[in])
		}
		return js
	}
	for r := range byRow {
		place(r, map[int]float64{})
	}
	for range 3 {
		for r := 1; r < rows; r++ {
			key := map[int]float64{}
			for _, i := range byRow[r] {
				key[i] = mean(i, inputsOf(i))
			}
			place(r, key)
		}
		for r := rows - 2; r >= 0; r-- {
			key := map[int]float64{}
			for _, i := range byRow[r] {
				key[i] = mean(i, users[i])
			}
			place(r, key)
		}
	}

	b := &backpropPlot{nodes: nodes, grads: grads, row: row, pos: pos}
	for i, n := range nodes {
		b.labels = append(b.labels, backpropLabel(n))
		for _, in := range n.Inputs {
			j := index[in]
			var local float64
			if err := catch(func() { local = tp.GradientNodes(n, in)[0].Reshape().Item() }); err != nil {
				return nil, fmt.Errorf("viz.Backprop: local derivative of node %d: %w", i, err)
			}
			b.edges = append(b.edges, backpropEdge{from: j, to: i, local: local})
		}
	}
	perRow := 0
	for _, r := range byRow {
		perRow = max(perRow, len(r))
	}
	p := plot.New()
	p.HideAxes()
	p.Add(b)
	p.X.Min, p.X.Max = -float64(perRow)/2, float64(perRow)/2
	p.Y.Min, p.Y.Max = -0.5, float64(rows)-0.5
	p.X.Padding, p.Y.Padding = 0, 0
	f := NewFigure("backprop", []*plot.Plot{p})
	f.Title = "Forward pass: values (black); backward pass: gradient of the loss for each node (red)"
	f.Width = vg.Length(math.Max(float64(perRow)*1.9, 6.5)) * vg.Inch
	f.Height = vg.Length(float64(rows)*1.0+0.5) * vg.Inch
	return f, nil
}

type backpropEdge struct {
	from, to int
	local    float64
}

type backpropText struct{ name, value string }

// backpropLabel names a node by its variable's name or its op, with its value.
func backpropLabel(n *autodiff.Node) backpropText {
	name := string(n.Op)
	if n.Var != nil && n.Var.Name != "" {
		name = n.Var.Name
	}
	if n.Op == autodiff.OpConstant {
		name = "constant"
	}
	return backpropText{name: name, value: formatNumber(n.Value.Reshape().Item())}
}

// formatNumber prints v with at most 4 significant digits, without trailing zeros.
func formatNumber(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

// backpropPlot is the plot.Plotter of Backprop: rows of boxes in data units (one per row and
// per slot), arrows with their local derivatives, gradients in red under the boxes.
type backpropPlot struct {
	nodes  []*autodiff.Node
	grads  []float64
	row    []int
	pos    []float64
	labels []backpropText
	edges  []backpropEdge
}

// Plot implements plot.Plotter.
func (b *backpropPlot) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	rows := 0
	for _, r := range b.row {
		rows = max(rows, r+1)
	}
	center := func(i int) vg.Point {
		return vg.Point{X: trX(b.pos[i]), Y: trY(float64(rows - 1 - b.row[i]))}
	}
	sty := textStyle(11, color.Black)
	small := textStyle(9, color.Gray{Y: 60})
	red := textStyle(10, tabRed)
	const boxW, boxH = vg.Length(92), vg.Length(34)
	arrow := draw.LineStyle{Color: color.Gray{Y: 90}, Width: vg.Points(1)}
	for _, e := range b.edges {
		a, z := center(e.from), center(e.to)
		a.Y -= boxH/2 + 15 // leave room for the gradient under the box
		z.Y += boxH / 2
		backpropArrow(c, arrow, a, z)
		mid := vg.Point{X: (a.X+z.X)/2 + 4, Y: (a.Y + z.Y) / 2}
		lsty := small
		lsty.XAlign = draw.XLeft
		c.FillText(lsty, mid, "×"+formatNumber(e.local))
	}
	last := len(b.nodes) - 1
	for i, n := range b.nodes {
		ct := center(i)
		fill := color.RGBA{R: 0xdc, G: 0xe9, B: 0xf7, A: 255}
		switch {
		case i == last:
			fill = color.RGBA{R: 0xf8, G: 0xd5, B: 0xd5, A: 255}
		case n.Op == "variable":
			fill = color.RGBA{R: 0xfd, G: 0xe3, B: 0xc8, A: 255}
		case n.Op == "constant":
			fill = color.RGBA{R: 0xe8, G: 0xe8, B: 0xe8, A: 255}
		}
		box := []vg.Point{
			{X: ct.X - boxW/2, Y: ct.Y - boxH/2}, {X: ct.X + boxW/2, Y: ct.Y - boxH/2},
			{X: ct.X + boxW/2, Y: ct.Y + boxH/2}, {X: ct.X - boxW/2, Y: ct.Y + boxH/2},
		}
		c.FillPolygon(fill, box)
		c.StrokeLines(draw.LineStyle{Color: color.Gray{Y: 60}, Width: vg.Points(0.8)}, append(box, box[0]))
		c.FillText(small, vg.Point{X: ct.X, Y: ct.Y + 8}, b.labels[i].name)
		c.FillText(sty, vg.Point{X: ct.X, Y: ct.Y - 6}, b.labels[i].value)
		c.FillText(red, vg.Point{X: ct.X, Y: ct.Y - boxH/2 - 7}, "grad "+formatNumber(b.grads[i]))
	}
}

// backpropArrow strokes a line from a to b with a filled head at b.
func backpropArrow(c draw.Canvas, sty draw.LineStyle, a, b vg.Point) {
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	ux, uy := dx/l, dy/l
	const head, half = 7.0, 3.0
	base := vg.Point{X: b.X - vg.Length(head*ux), Y: b.Y - vg.Length(head*uy)}
	c.StrokeLines(sty, []vg.Point{a, base})
	c.FillPolygon(sty.Color, []vg.Point{
		b,
		{X: base.X - vg.Length(half*uy), Y: base.Y + vg.Length(half*ux)},
		{X: base.X + vg.Length(half*uy), Y: base.Y - vg.Length(half*ux)},
	})
}
