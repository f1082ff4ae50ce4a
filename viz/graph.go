package viz

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// MaxGraphNodes is the largest number of nodes Graph draws.
const MaxGraphNodes = 200

// Graph draws the computation graph recorded on a gradient tape (section 2.4.4 of the book,
// "The gradient tape in TensorFlow"): one box per node, labelled with its op name ("matmul",
// "relu", or "variable" with the variable's name) and the shape of its value, and an arrow
// from each input to the node computed from it. Data flows from top to bottom: variables and
// constants (orange and grey) stand in the layer just above their first use, every other node
// (blue) one layer below its last input, and the last node recorded, usually the loss, is red.
// Within a layer nodes are ordered to keep arrows short (barycentre heuristic).
// The layout is computed here and drawn with gonum/plot; Graphviz is not needed.
//
// It returns an error when the tape has no nodes or more than MaxGraphNodes.
func Graph(tp *autodiff.Tape) (*Figure, error) {
	if tp == nil {
		return nil, fmt.Errorf("viz.Graph: tape is nil")
	}
	return GraphOf(tp.Nodes())
}

// GraphOf draws the graph of the given nodes, in the order they were computed, and of the
// inputs they depend on, as Graph does.
func GraphOf(nodes []*autodiff.Node) (*Figure, error) {
	return graphFigure(nodes, graphText{})
}

// graphText is what a graph figure writes beyond each node's op and shape. It is how one
// layout serves Graph (shapes only), Backprop (values, gradients and local derivatives) and
// TrainingStep (the phase's numbers).
type graphText struct {
	// notes, when not nil, gives the lines drawn under a node's op, in place of its shape
	// (its value, its gradient); a line that starts with "grad " is drawn in red.
	notes func(*autodiff.Node) []string
	// edge, when not nil, gives the text written beside the arrow from an input to the
	// node computed from it ("" for none).
	edge func(to, from *autodiff.Node) string
	// title is the figure's title; empty means "Computation graph: n nodes".
	title string
}

// graphFigure draws the graph of nodes with the texts of txt.
func graphFigure(nodes []*autodiff.Node, txt graphText) (*Figure, error) {
	g, err := newGraphLayout(nodes, txt)
	if err != nil {
		return nil, err
	}
	title := txt.title
	p := plot.New()
	p.HideAxes()
	p.Add(g)
	p.X.Min, p.X.Max = 0, float64(g.width)
	p.Y.Min, p.Y.Max = 0, float64(g.height)
	p.X.Padding, p.Y.Padding = 0, 0
	f := NewFigure("graph", []*plot.Plot{p})
	f.Title = title
	if title == "" {
		f.Title = fmt.Sprintf("Computation graph: %d nodes", len(g.nodes))
	}
	// Data coordinates are points: size the figure to fit them (and the title).
	f.Width = max(g.width, f.titleStyle().Rectangle(f.Title).Size().X) + 2*f.Pad
	f.Height = g.height + 2*f.Pad + f.titleStyle().Rectangle(f.Title).Size().Y + f.Pad
	f.SetSquare(p)
	return f, nil
}

// graphLayout is a plot.Plotter holding boxes placed in layers (rows), in points.
type graphLayout struct {
	nodes         []*autodiff.Node
	col           []int      // layer of each node, 0 at the top
	x, y          []float64  // centre of each box, in points from the bottom left
	boxW          []float64  // width of each box
	inputs        [][]int    // indices of each node's inputs, as drawn (solid arrows)
	edgeText      [][]string // text beside each arrow of inputs, or nil
	dashed        [][]int    // indices of nodes a fused op stands for (dashed arrows)
	labels        [][]string
	boxH          vg.Length
	gapY          vg.Length // between layers
	width, height vg.Length
}

const (
	graphFont = 9
	graphGapX = 16 // points between boxes of a layer
	graphGapY = 26 // points between layers
)

// newGraphLayout lays out the given nodes and their inputs in four named phases: collect the
// nodes (adding the labels a loss reads), assign layers, order each layer, then size and place
// the boxes, with the texts of txt.
func newGraphLayout(given []*autodiff.Node, txt graphText) (*graphLayout, error) {
	g, err := collectNodes(given)
	if err != nil {
		return nil, err
	}
	users := g.users()
	columns := g.assignLayers(users)
	order := orderLayers(columns, g.inputs, users)
	g.place(columns, order, txt)
	return g, nil
}

// collectNodes is the first phase: the given nodes, the inputs they depend on (inputs first,
// in recording order), and the edges between them. A crossentropy node also gets an input box
// for the labels it compares with (they are a plain tensor, not a node of the tape), and a loss
// fused with a softmax (op "…_from_logits", which reads the logits) gets a dashed edge from
// the softmax node of those logits, when one is drawn: the loss is the crossentropy of that
// softmax output, computed in one step.
func collectNodes(given []*autodiff.Node) (*graphLayout, error) {
	index := map[*autodiff.Node]int{}
	var nodes []*autodiff.Node
	var visit func(n *autodiff.Node)
	visit = func(n *autodiff.Node) {
		if n == nil {
			return
		}
		if _, ok := index[n]; ok {
			return
		}
		for _, in := range n.Inputs {
			visit(in)
		}
		index[n] = len(nodes)
		nodes = append(nodes, n)
	}
	for _, n := range given {
		visit(n)
	}
	if len(nodes) == 0 {
		return nil, fmt.Errorf("viz.Graph: no nodes to draw (the tape is empty)")
	}
	// The labels of each crossentropy, as a box of its own.
	labelsOf := map[int]int{}
	for i, nd := range append([]*autodiff.Node(nil), nodes...) {
		if !isCrossentropy(string(nd.Op)) || len(nd.Inputs) == 0 || nd.Inputs[0] == nil || nd.Inputs[0].Value == nil {
			continue
		}
		shape := nd.Inputs[0].Value.Shape()
		dtype, dims := tensor.Int64, shape[:1]
		if !strings.Contains(string(nd.Op), "sparse") {
			dtype, dims = nd.Inputs[0].Value.DType(), shape
		}
		labelsOf[i] = len(nodes)
		nodes = append(nodes, &autodiff.Node{Op: "labels", Value: tensor.New(dtype, dims...)})
	}
	if len(nodes) > MaxGraphNodes {
		return nil, fmt.Errorf("viz.Graph: %d nodes are too many to draw (at most %d)", len(nodes), MaxGraphNodes)
	}
	g := &graphLayout{nodes: nodes}
	n := len(nodes)
	g.inputs, g.dashed = make([][]int, n), make([][]int, n)
	for i, nd := range nodes {
		for _, in := range nd.Inputs {
			if in != nil {
				g.inputs[i] = append(g.inputs[i], index[in])
			}
		}
		if l, ok := labelsOf[i]; ok {
			g.inputs[i] = append(g.inputs[i], l)
		}
	}
	for i, nd := range nodes {
		if !strings.HasSuffix(string(nd.Op), "_from_logits") || len(nd.Inputs) == 0 {
			continue
		}
		for j, s := range nodes {
			if s.Op == "softmax" && len(s.Inputs) > 0 && s.Inputs[0] == nd.Inputs[0] && j < i {
				g.dashed[i] = append(g.dashed[i], j)
			}
		}
	}
	return g, nil
}

func isCrossentropy(op string) bool { return strings.Contains(op, "crossentropy") }

// users returns, for each node, the nodes drawn with an edge from it.
func (g *graphLayout) users() [][]int {
	users := make([][]int, len(g.nodes))
	for i := range g.nodes {
		for _, j := range g.inputs[i] {
			users[j] = append(users[j], i)
		}
		for _, j := range g.dashed[i] {
			users[j] = append(users[j], i)
		}
	}
	return users
}

// assignLayers is the second phase: a computed node stands one layer below its last input
// (dashed edges count), a leaf (variable, constant, labels) just above its first user.
// It returns the nodes of each layer.
func (g *graphLayout) assignLayers(users [][]int) [][]int {
	n := len(g.nodes)
	g.col = make([]int, n)
	for i := range n { // inputs come before their users, except the labels boxes (leaves)
		for _, j := range append(append([]int(nil), g.inputs[i]...), g.dashed[i]...) {
			g.col[i] = max(g.col[i], g.col[j]+1)
		}
	}
	for i := range n {
		if len(g.inputs[i]) == 0 && len(users[i]) > 0 {
			c := math.MaxInt
			for _, u := range users[i] {
				c = min(c, g.col[u]-1)
			}
			g.col[i] = max(c, 0)
		}
	}
	ncol := 0
	for _, c := range g.col {
		ncol = max(ncol, c+1)
	}
	columns := make([][]int, ncol)
	for i, c := range g.col {
		columns[c] = append(columns[c], i)
	}
	return columns
}

// orderLayers is the third phase: it orders the nodes within each layer by the barycentre of
// their neighbours, sweeping down (by inputs) then up (by users) three times, and returns each
// node's position in its layer, centred on 0.
func orderLayers(columns [][]int, inputs, users [][]int) []float64 {
	n := 0
	for _, col := range columns {
		n += len(col)
	}
	pos := make([]float64, n)
	place := func(col []int) {
		for r, i := range col {
			pos[i] = float64(r) - float64(len(col)-1)/2
		}
	}
	for _, col := range columns {
		place(col)
	}
	bary := func(i int, nbrs []int) float64 {
		if len(nbrs) == 0 {
			return pos[i]
		}
		s := 0.0
		for _, j := range nbrs {
			s += pos[j]
		}
		return s / float64(len(nbrs))
	}
	ncol := len(columns)
	for sweep := range 6 {
		for ci := range columns {
			c, nb := ci, inputs
			if sweep%2 == 1 {
				c, nb = ncol-1-ci, users
			}
			col := columns[c]
			key := make(map[int]float64, len(col))
			for _, i := range col {
				if len(nb[i]) == 0 { // leaves follow their users even on the downward sweep
					key[i] = bary(i, users[i])
				} else {
					key[i] = bary(i, nb[i])
				}
			}
			sort.SliceStable(col, func(a, b int) bool { return key[col[a]] < key[col[b]] })
			place(col)
		}
	}
	return pos
}

// place is the last phase: box sizes from the labels (every slot of a layer as wide as the
// widest box, every box as tall as the one with most lines), the arrows' texts, and box
// centres in points.
func (g *graphLayout) place(columns [][]int, pos []float64, txt graphText) {
	sty := textStyle(graphFont, color.Black)
	n := len(g.nodes)
	g.labels = make([][]string, n)
	g.boxW = make([]float64, n)
	g.gapY = graphGapY
	if txt.edge != nil {
		g.gapY = 2 * graphGapY // room for the arrows' texts
		g.edgeText = make([][]string, n)
		for i, nd := range g.nodes {
			for _, j := range g.inputs[i] {
				g.edgeText[i] = append(g.edgeText[i], txt.edge(nd, g.nodes[j]))
			}
		}
	}
	slot, lines := 0.0, 0
	for i, nd := range g.nodes {
		g.labels[i] = nodeLabel(nd)
		if txt.notes != nil {
			g.labels[i] = append(g.labels[i][:1], txt.notes(nd)...)
		}
		for _, s := range g.labels[i] {
			g.boxW[i] = max(g.boxW[i], float64(sty.Rectangle(s).Size().X)+12)
		}
		slot = max(slot, g.boxW[i]+graphGapX)
		lines = max(lines, len(g.labels[i]))
	}
	g.boxH = vg.Length(lines)*sty.Rectangle("Mg").Size().Y + 10
	perLayer := 0
	for _, col := range columns {
		perLayer = max(perLayer, len(col))
	}
	ncol := len(columns)
	g.width = vg.Length(float64(perLayer)*slot - graphGapX)
	g.height = vg.Length(ncol)*g.boxH + vg.Length(ncol-1)*g.gapY
	g.x, g.y = make([]float64, n), make([]float64, n)
	for i := range g.nodes {
		g.x[i] = float64(g.width)/2 + pos[i]*slot
		g.y[i] = float64(g.height) - float64(g.boxH)/2 - float64(g.col[i])*float64(g.boxH+g.gapY)
	}
}

// nodeLabel returns the first two lines of a node's box: op (with the variable's name) and
// shape. A fused softmax-crossentropy says so.
func nodeLabel(n *autodiff.Node) []string {
	op := string(n.Op) // a string, or autodiff.Op
	switch {
	case op == "":
		op = "?"
	case strings.HasSuffix(op, "crossentropy_from_logits"):
		op = "softmax + crossentropy (fused)"
	}
	if n.Var != nil && n.Var.Name != "" {
		op += " " + n.Var.Name
	}
	shape := "no value"
	if n.Value != nil {
		shape = n.Value.Shape().String()
	}
	return []string{op, shape}
}

// Plot implements plot.Plotter: arrows (with their texts) first, then boxes over their ends.
// The first line of a box is its op, the others (shape, notes) are grey, gradients red.
func (g *graphLayout) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	at := func(x, y float64) vg.Point { return vg.Point{X: trX(x), Y: trY(y)} }
	hh := float64(g.boxH) / 2
	arrow := draw.LineStyle{Color: color.Gray{Y: 80}, Width: vg.Points(1)}
	fused := draw.LineStyle{Color: color.Gray{Y: 110}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}
	small := textStyle(graphFont-1, color.Gray{Y: 60})
	small.XAlign = draw.XLeft
	for i := range g.nodes {
		for k, j := range g.inputs[i] {
			a, b := at(g.x[j], g.y[j]-hh), at(g.x[i], g.y[i]+hh)
			drawArrow(c, arrow, a, b)
			if g.edgeText != nil && g.edgeText[i][k] != "" {
				c.FillText(small, vg.Point{X: (a.X+b.X)/2 + 4, Y: (a.Y + b.Y) / 2}, g.edgeText[i][k])
			}
		}
		for _, j := range g.dashed[i] {
			drawArrow(c, fused, at(g.x[j], g.y[j]-hh), at(g.x[i], g.y[i]+hh))
		}
	}
	last := len(g.nodes) - 1
	for last > 0 && g.nodes[last].Op == "labels" {
		last--
	}
	sty := textStyle(graphFont, color.Black)
	grey := sty
	grey.Color = color.Gray{Y: 70}
	red := sty
	red.Color = tabRed
	lineH := float64(sty.Rectangle("Mg").Size().Y)
	for i, nd := range g.nodes {
		fill := color.RGBA{R: 0xdc, G: 0xe9, B: 0xf7, A: 255} // op: light blue
		switch {
		case i == last:
			fill = color.RGBA{R: 0xf8, G: 0xd5, B: 0xd5, A: 255}
		case nd.Op == autodiff.OpVariable:
			fill = color.RGBA{R: 0xfd, G: 0xe3, B: 0xc8, A: 255}
		case nd.Op == autodiff.OpConstant || nd.Op == "labels":
			fill = color.RGBA{R: 0xe8, G: 0xe8, B: 0xe8, A: 255}
		}
		hw := g.boxW[i] / 2
		box := []vg.Point{at(g.x[i]-hw, g.y[i]-hh), at(g.x[i]+hw, g.y[i]-hh), at(g.x[i]+hw, g.y[i]+hh), at(g.x[i]-hw, g.y[i]+hh)}
		c.FillPolygon(fill, box)
		c.StrokeLines(draw.LineStyle{Color: color.Gray{Y: 60}, Width: vg.Points(0.8)}, append(box, box[0]))
		top := g.y[i] + lineH*float64(len(g.labels[i])-1)/2
		for k, s := range g.labels[i] {
			st := grey
			switch {
			case k == 0:
				st = sty
			case strings.HasPrefix(s, "grad "):
				st = red
			}
			c.FillText(st, at(g.x[i], top-float64(k)*lineH), s)
		}
	}
}

// drawArrow strokes a line from a to b with a filled head at b.
func drawArrow(c draw.Canvas, sty draw.LineStyle, a, b vg.Point) {
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
