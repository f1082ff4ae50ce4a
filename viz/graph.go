package viz

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nn/autodiff"
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
	g, err := newGraphLayout(nodes)
	if err != nil {
		return nil, err
	}
	p := plot.New()
	p.HideAxes()
	p.Add(g)
	p.X.Min, p.X.Max = 0, float64(g.width)
	p.Y.Min, p.Y.Max = 0, float64(g.height)
	p.X.Padding, p.Y.Padding = 0, 0
	f := NewFigure("graph", []*plot.Plot{p})
	f.Title = fmt.Sprintf("Computation graph: %d nodes", len(g.nodes))
	// Data coordinates are points: size the figure to fit them.
	f.Width = g.width + 2*f.Pad
	f.Height = g.height + 2*f.Pad + f.titleStyle().Rectangle(f.Title).Size().Y + f.Pad
	f.setSquare(p)
	return f, nil
}

// graphLayout is a plot.Plotter holding boxes placed in layers (rows), in points.
type graphLayout struct {
	nodes         []*autodiff.Node
	col           []int     // layer of each node, 0 at the top
	x, y          []float64 // centre of each box, in points from the bottom left
	boxW          []float64 // width of each box
	inputs        [][]int   // indices of each node's inputs
	labels        [][2]string
	boxH          vg.Length
	width, height vg.Length
}

const (
	graphFont = 9
	graphGapX = 16 // points between boxes of a layer
	graphGapY = 26 // points between layers
)

func newGraphLayout(given []*autodiff.Node) (*graphLayout, error) {
	// Collect the nodes and, after them, any input that was not given.
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
	if len(nodes) > MaxGraphNodes {
		return nil, fmt.Errorf("viz.Graph: %d nodes are too many to draw (at most %d)", len(nodes), MaxGraphNodes)
	}
	// Put the nodes in recording order where it is known (visit keeps inputs first).
	g := &graphLayout{nodes: nodes}
	n := len(nodes)
	g.inputs = make([][]int, n)
	users := make([][]int, n)
	for i, nd := range nodes {
		for _, in := range nd.Inputs {
			if in == nil {
				continue
			}
			j := index[in]
			g.inputs[i] = append(g.inputs[i], j)
			users[j] = append(users[j], i)
		}
	}
	// Columns: a computed node one after its last input; a leaf just before its first user.
	g.col = make([]int, n)
	for i := range nodes {
		for _, j := range g.inputs[i] {
			g.col[i] = max(g.col[i], g.col[j]+1)
		}
	}
	for i := range nodes {
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
	// Order within columns: barycentres of neighbours, sweeping right then left.
	pos := make([]float64, n)
	place := func() {
		for _, col := range columns {
			for r, i := range col {
				pos[i] = float64(r) - float64(len(col)-1)/2
			}
		}
	}
	place()
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
	for sweep := range 6 {
		for ci := range columns {
			c := ci
			nb := g.inputs
			if sweep%2 == 1 {
				c = ncol - 1 - ci
				nb = users
			}
			col := columns[c]
			key := make(map[int]float64, len(col))
			for _, i := range col {
				// Leaves follow their users even on the rightward sweep.
				if len(nb[i]) == 0 {
					key[i] = bary(i, users[i])
				} else {
					key[i] = bary(i, nb[i])
				}
			}
			sort.SliceStable(col, func(a, b int) bool { return key[col[a]] < key[col[b]] })
			for r, i := range col {
				pos[i] = float64(r) - float64(len(col)-1)/2
			}
		}
	}
	// Box sizes from the labels; every slot of a layer is as wide as the widest box.
	sty := textStyle(graphFont, color.Black)
	g.labels = make([][2]string, n)
	g.boxW = make([]float64, n)
	slot := 0.0
	for i, nd := range nodes {
		g.labels[i] = nodeLabel(nd)
		for _, s := range g.labels[i] {
			g.boxW[i] = max(g.boxW[i], float64(sty.Rectangle(s).Size().X)+12)
		}
		slot = max(slot, g.boxW[i]+graphGapX)
	}
	g.boxH = 2*sty.Rectangle("Mg").Size().Y + 10
	perLayer := 0
	for _, col := range columns {
		perLayer = max(perLayer, len(col))
	}
	g.width = vg.Length(float64(perLayer)*slot - graphGapX)
	g.height = vg.Length(ncol)*g.boxH + vg.Length(ncol-1)*graphGapY
	g.x, g.y = make([]float64, n), make([]float64, n)
	for i := range nodes {
		g.x[i] = float64(g.width)/2 + pos[i]*slot
		g.y[i] = float64(g.height) - float64(g.boxH)/2 - float64(g.col[i])*float64(g.boxH+graphGapY)
	}
	return g, nil
}

// nodeLabel returns the two lines of a node's box: op (with the variable's name) and shape.
func nodeLabel(n *autodiff.Node) [2]string {
	op := string(n.Op)
	if op == "" {
		op = "?"
	}
	if n.Var != nil && n.Var.Name != "" {
		op += " " + n.Var.Name
	}
	shape := "no value"
	if n.Value != nil {
		shape = n.Value.Shape().String()
	}
	return [2]string{op, shape}
}

// Plot implements plot.Plotter: arrows first, then boxes over their ends.
func (g *graphLayout) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	at := func(x, y float64) vg.Point { return vg.Point{X: trX(x), Y: trY(y)} }
	hh := float64(g.boxH) / 2
	arrow := draw.LineStyle{Color: color.Gray{Y: 80}, Width: vg.Points(1)}
	for i := range g.nodes {
		for _, j := range g.inputs[i] {
			drawArrow(c, arrow, at(g.x[j], g.y[j]-hh), at(g.x[i], g.y[i]+hh))
		}
	}
	last := len(g.nodes) - 1
	sty := textStyle(graphFont, color.Black)
	lineH := float64(sty.Rectangle("Mg").Size().Y)
	for i, nd := range g.nodes {
		fill := color.RGBA{R: 0xdc, G: 0xe9, B: 0xf7, A: 255} // op: light blue
		switch {
		case i == last:
			fill = color.RGBA{R: 0xf8, G: 0xd5, B: 0xd5, A: 255}
		case nd.Op == autodiff.OpVariable:
			fill = color.RGBA{R: 0xfd, G: 0xe3, B: 0xc8, A: 255}
		case nd.Op == autodiff.OpConstant:
			fill = color.RGBA{R: 0xe8, G: 0xe8, B: 0xe8, A: 255}
		}
		hw := g.boxW[i] / 2
		box := []vg.Point{at(g.x[i]-hw, g.y[i]-hh), at(g.x[i]+hw, g.y[i]-hh), at(g.x[i]+hw, g.y[i]+hh), at(g.x[i]-hw, g.y[i]+hh)}
		c.FillPolygon(fill, box)
		c.StrokeLines(draw.LineStyle{Color: color.Gray{Y: 60}, Width: vg.Points(0.8)}, append(box, box[0]))
		c.FillText(sty, at(g.x[i], g.y[i]+lineH/2), g.labels[i][0])
		shape := sty
		shape.Color = color.Gray{Y: 70}
		c.FillText(shape, at(g.x[i], g.y[i]-lineH/2), g.labels[i][1])
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
