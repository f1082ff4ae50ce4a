package viz

import (
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// TwoMoons returns n points of the plane in two interleaved half-moons, the data of section
// 2.3.6's picture of a "crumpled" dataset: class 0 lies on the upper half of the unit circle
// centred at (0, 0), class 1 on the lower half of the unit circle centred at (1, 0.5), so that
// each moon reaches into the other's hollow and no straight line separates them. Each point is
// moved by Gaussian noise of standard deviation noise along both axes. x is a Float32 tensor of
// shape (n, 2), labels an Int64 tensor of shape (n,); the classes alternate 0, 1, 0, 1...
// The points are drawn from a generator seeded with seed, so the same arguments give the same
// points. It returns an error when n < 2 or noise < 0.
func TwoMoons(n int, noise float64, seed uint64) (x, labels *tensor.Tensor, err error) {
	if n < 2 {
		return nil, nil, fmt.Errorf("viz.TwoMoons: n = %d points, want at least 2", n)
	}
	if noise < 0 || math.IsNaN(noise) {
		return nil, nil, fmt.Errorf("viz.TwoMoons: noise = %g, want >= 0", noise)
	}
	r := rand.New(rand.NewPCG(seed, 0x6d6f6f6e73))
	xs := make([]float32, 2*n)
	ls := make([]int64, n)
	for i := range n {
		t := math.Pi * r.Float64()
		px, py := math.Cos(t), math.Sin(t)
		if i%2 == 1 {
			px, py = 1-math.Cos(t), 0.5-math.Sin(t)
			ls[i] = 1
		}
		xs[2*i] = float32(px + noise*r.NormFloat64())
		xs[2*i+1] = float32(py + noise*r.NormFloat64())
	}
	return tensor.FromSlice(xs, n, 2), tensor.FromSlice(ls, n), nil
}

// MustTwoMoons is TwoMoons, panicking on error.
func MustTwoMoons(n int, noise float64, seed uint64) (x, labels *tensor.Tensor) {
	x, labels, err := TwoMoons(n, noise, seed)
	if err != nil {
		panic(err)
	}
	return x, labels
}

// Uncrumple draws section 2.3.6, "a geometric interpretation of deep learning", from a real
// model: the 2-D points x (shape (n, 2)), coloured by their class in labels (0 blue, 1 orange),
// in a first panel, then the same points after each layer of model, one panel per layer. Each
// layer of model must output 2 numbers per sample, so that every stage is a picture of the
// plane; a trained model moves the two classes apart layer after layer until a straight line
// separates them.
//
// Behind the points, a grid of the input plane (grey lines) is carried through the same layers,
// so that each panel shows how the layers stretch and fold space itself. When the last layer is
// a Dense layer with 2 units and a softmax, the panel before it also shows that layer's decision
// line, where both classes get probability 0.5.
//
// The model must be built (fit it first). Uncrumple returns an error when x is not (n, 2), when
// labels do not hold n values 0 or 1, or when a layer's output is not 2 numbers per sample.
func Uncrumple(model *nn.Sequential, x, labels *tensor.Tensor) (*Figure, error) {
	if model == nil || len(model.Layers) == 0 {
		return nil, fmt.Errorf("viz.Uncrumple: the model has no layers")
	}
	if !model.Built() {
		return nil, fmt.Errorf("viz.Uncrumple: the model is not built: fit it (or Build it for 2 inputs) first")
	}
	if x == nil || x.NDim() != 2 || x.Dim(1) != 2 {
		return nil, fmt.Errorf("viz.Uncrumple: x has shape %v, want (n, 2): points of the plane", shapeOf(x))
	}
	n := x.Dim(0)
	if labels == nil || labels.Size() != n {
		return nil, fmt.Errorf("viz.Uncrumple: %d points but labels of shape %v", n, shapeOf(labels))
	}
	cls := labels.Reshape(n).AsType(tensor.Float64).Float64s()
	for i, c := range cls {
		if c != 0 && c != 1 {
			return nil, fmt.Errorf("viz.Uncrumple: label %d is %g, want 0 or 1", i, c)
		}
	}
	dtype := model.Weights()[0].Value.DType()
	points := x.AsType(dtype)

	// The grid lines of the input plane, each sampled densely, go through the layers together
	// with the points.
	lo, hi := columnRange(points)
	const lines, samples = 9, 60
	var grid []float64
	for k := range lines {
		gx := lo[0] + (hi[0]-lo[0])*float64(k)/float64(lines-1)
		gy := lo[1] + (hi[1]-lo[1])*float64(k)/float64(lines-1)
		for s := range samples {
			t := float64(s) / float64(samples-1)
			grid = append(grid, gx, lo[1]+(hi[1]-lo[1])*t) // vertical line
		}
		for s := range samples {
			t := float64(s) / float64(samples-1)
			grid = append(grid, lo[0]+(hi[0]-lo[0])*t, gy) // horizontal line
		}
	}
	gridT := tensor.FromSlice(grid, len(grid)/2, 2).AsType(dtype)

	stages := []*tensor.Tensor{points}
	gridStages := []*tensor.Tensor{gridT}
	titles := []string{"input: the crumpled data"}
	tp := autodiff.NewTape()
	pn, gn := tp.Constant(points), tp.Constant(gridT)
	for i, layer := range model.Layers {
		var err error
		if err = catch(func() { pn, gn = layer.Call(tp, pn), layer.Call(tp, gn) }); err != nil {
			return nil, fmt.Errorf("viz.Uncrumple: layer %d (%s): %w", i, layer.LayerName(), err)
		}
		if pn.Value.NDim() != 2 || pn.Value.Dim(1) != 2 {
			return nil, fmt.Errorf("viz.Uncrumple: layer %d (%s) outputs shape %v per batch, want (n, 2): every layer must map the plane to the plane",
				i, layer.LayerName(), pn.Value.Shape())
		}
		stages = append(stages, pn.Value)
		gridStages = append(gridStages, gn.Value)
		titles = append(titles, fmt.Sprintf("after layer %d: %s", i+1, layerTitle(layer)))
	}

	// The decision line of a final 2-unit softmax Dense layer, in the panel before it.
	boundary := -1
	var bw [2]float64
	var bb float64
	if d, ok := model.Layers[len(model.Layers)-1].(*nn.Dense); ok && d.Units == 2 && fmt.Sprint(d.Activation) == "softmax" {
		k, b := d.Kernel.Value.AsType(tensor.Float64), d.Bias.Value.AsType(tensor.Float64)
		// logit1 - logit0 = (k[:,1]-k[:,0])·h + (b1-b0) = 0
		bw = [2]float64{k.At(0, 1) - k.At(0, 0), k.At(1, 1) - k.At(1, 0)}
		bb = b.At(1) - b.At(0)
		boundary = len(stages) - 2
	}

	cols := min(len(stages), 3)
	rows := (len(stages) + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
	}
	f := NewFigure("uncrumple", plots...)
	for s, st := range stages {
		p := plot.New()
		p.Title.Text = titles[s]
		p.Title.TextStyle.Font.Size = 10
		slo, shi := columnRange(st)
		// a common margin, and equal spans on both axes so that the panel is square
		span := math.Max(math.Max(shi[0]-slo[0], shi[1]-slo[1]), 1e-6) * 1.1
		cx, cy := (slo[0]+shi[0])/2, (slo[1]+shi[1])/2
		p.X.Min, p.X.Max = cx-span/2, cx+span/2
		p.Y.Min, p.Y.Max = cy-span/2, cy+span/2
		p.Add(gridPlotter{xy: gridStages[s].AsType(tensor.Float64).Float64s(), lines: 2 * lines, samples: samples})
		for c, col := range []color.Color{tabBlue, tabOrange} {
			var xys plotter.XYs
			v := st.AsType(tensor.Float64).Float64s()
			for i := range n {
				if int(cls[i]) == c {
					xys = append(xys, plotter.XY{X: v[2*i], Y: v[2*i+1]})
				}
			}
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, fmt.Errorf("viz.Uncrumple: %w", err)
			}
			sc.Color, sc.Radius = col, vg.Points(1.8)
			sc.Shape = draw.CircleGlyph{}
			p.Add(sc)
			if s == 0 {
				AddLegend(p, fmt.Sprintf("class %d", c), sc)
			}
		}
		if s == boundary {
			p.Add(lineWithin{w: bw, b: bb})
		}
		if s == 0 {
			p.Legend.Top = true
			p.Legend.TextStyle.Font.Size = 9
		}
		plots[s/cols][s%cols] = p
		f.SetSquare(p)
	}
	f.Title = "Uncrumpling the data, one layer at a time"
	f.Width, f.Height = vg.Length(cols)*3.3*vg.Inch, vg.Length(rows)*3.4*vg.Inch+0.4*vg.Inch
	return f, nil
}

// layerTitle names a layer by its class, units and activation: "Dense(2, tanh)".
func layerTitle(l nn.Layer) string {
	if d, ok := l.(*nn.Dense); ok {
		return fmt.Sprintf("%s(%d, %s)", d.ClassName(), d.Units, d.Activation)
	}
	return l.LayerName()
}

func shapeOf(t *tensor.Tensor) string {
	if t == nil {
		return "nil"
	}
	return t.Shape().String()
}

// columnRange returns the smallest and largest value of each column of an (n, 2) tensor.
func columnRange(t *tensor.Tensor) (lo, hi [2]float64) {
	v := t.AsType(tensor.Float64).Float64s()
	lo = [2]float64{math.Inf(1), math.Inf(1)}
	hi = [2]float64{math.Inf(-1), math.Inf(-1)}
	for i := 0; i+1 < len(v); i += 2 {
		for k := range 2 {
			lo[k], hi[k] = math.Min(lo[k], v[i+k]), math.Max(hi[k], v[i+k])
		}
	}
	return lo, hi
}

// gridPlotter draws polylines of samples points each, from interleaved x, y coordinates.
type gridPlotter struct {
	xy             []float64
	lines, samples int
}

// Plot implements plot.Plotter.
func (g gridPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: color.Gray{Y: 205}, Width: vg.Points(0.6)}
	for l := range g.lines {
		pts := make([]vg.Point, g.samples)
		for s := range g.samples {
			i := 2 * (l*g.samples + s)
			pts[s] = vg.Point{X: trX(g.xy[i]), Y: trY(g.xy[i+1])}
		}
		c.StrokeLines(sty, c.ClipLinesXY(pts)...)
	}
}

// lineWithin draws the line w·h + b = 0 across the data area, dashed.
type lineWithin struct {
	w [2]float64
	b float64
}

// Plot implements plot.Plotter.
func (l lineWithin) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var pts []vg.Point
	if math.Abs(l.w[1]) > math.Abs(l.w[0]) { // y as a function of x
		for _, x := range []float64{p.X.Min, p.X.Max} {
			pts = append(pts, vg.Point{X: trX(x), Y: trY(-(l.b + l.w[0]*x) / l.w[1])})
		}
	} else if l.w[0] != 0 {
		for _, y := range []float64{p.Y.Min, p.Y.Max} {
			pts = append(pts, vg.Point{X: trX(-(l.b + l.w[1]*y) / l.w[0]), Y: trY(y)})
		}
	}
	if len(pts) < 2 {
		return
	}
	sty := draw.LineStyle{Color: color.Black, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	c.StrokeLines(sty, c.ClipLinesXY(pts)...)
}
