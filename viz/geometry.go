package viz

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// GeometryShape is the outline of the letter F drawn by TensorGeometry, as (x, y) vertices
// in order. F has no symmetry, so a rotation cannot be mistaken for a reflection.
var GeometryShape = [][2]float64{
	{0, 0}, {0, 3}, {2, 3}, {2, 2.5}, {0.6, 2.5}, {0.6, 1.7}, {1.6, 1.7}, {1.6, 1.2}, {0.6, 1.2}, {0.6, 0},
}

// The transformations of TensorGeometry, as in section 2.3.6 of the book.
var (
	geoTranslation = [2]float64{1.5, 1}
	geoRotation    = 60.0 // degrees, counterclockwise
	geoScaling     = [2][2]float64{{1.5, 0}, {0, 0.5}}
	geoW           = [2][2]float64{{1, 0.8}, {-0.3, 1}}
	geoB           = [2]float64{-1.5, -2}
)

// TensorGeometry draws the geometric interpretation of tensor operations (section 2.3.6 of
// the book): the letter F as a set of 2-D points x (grey, dashed) and, in six panels, its
// image (blue) under
//
//	translation     x + [1.5, 1]
//	rotation        R·x with R = [[cos 60°, -sin 60°], [sin 60°, cos 60°]]
//	scaling         [[1.5, 0], [0, 0.5]]·x
//	linear          W·x with W = [[1, 0.8], [-0.3, 1]]
//	affine          W·x + b with b = [-1.5, -2]
//	relu            relu(W·x + b) = max(W·x + b, 0)
//
// All panels share the same axes, with the lines x=0 and y=0 drawn, so that relu's folding of
// every negative coordinate onto an axis shows. The outline is sampled densely before being
// transformed, so that relu bends edges where they cross an axis.
func TensorGeometry() *Figure {
	pts := densify(GeometryShape, 0.05)
	th := geoRotation * math.Pi / 180
	rot := [2][2]float64{{math.Cos(th), -math.Sin(th)}, {math.Sin(th), math.Cos(th)}}
	affine := func(p [2]float64) [2]float64 {
		q := matVec(geoW, p)
		return [2]float64{q[0] + geoB[0], q[1] + geoB[1]}
	}
	panels := []struct {
		title string
		f     func([2]float64) [2]float64
	}{
		{fmt.Sprintf("translation: x + [%g, %g]", geoTranslation[0], geoTranslation[1]),
			func(p [2]float64) [2]float64 { return [2]float64{p[0] + geoTranslation[0], p[1] + geoTranslation[1]} }},
		{fmt.Sprintf("rotation by %g°: R·x", geoRotation),
			func(p [2]float64) [2]float64 { return matVec(rot, p) }},
		{fmt.Sprintf("scaling: %s·x", matString(geoScaling)),
			func(p [2]float64) [2]float64 { return matVec(geoScaling, p) }},
		{fmt.Sprintf("linear: W·x, W = %s", matString(geoW)),
			func(p [2]float64) [2]float64 { return matVec(geoW, p) }},
		{fmt.Sprintf("affine: W·x + b, b = [%g, %g]", geoB[0], geoB[1]), affine},
		{"relu(W·x + b)", func(p [2]float64) [2]float64 {
			q := affine(p)
			return [2]float64{math.Max(q[0], 0), math.Max(q[1], 0)}
		}},
	}
	// Common axes: everything drawn, with a margin.
	lo, hi := [2]float64{0, 0}, [2]float64{0, 0}
	out := make([][][2]float64, len(panels))
	for i, pn := range panels {
		for _, p := range pts {
			q := pn.f(p)
			out[i] = append(out[i], q)
			for k := range 2 {
				lo[k], hi[k] = math.Min(lo[k], math.Min(p[k], q[k])), math.Max(hi[k], math.Max(p[k], q[k]))
			}
		}
	}
	for k := range 2 {
		lo[k], hi[k] = math.Floor(lo[k]-0.3), math.Ceil(hi[k]+0.3)
	}

	grid := [][]*plot.Plot{make([]*plot.Plot, 3), make([]*plot.Plot, 3)}
	f := NewFigure("tensor_geometry", grid...)
	for i, pn := range panels {
		p := plot.New()
		p.Title.Text = pn.title
		p.Title.TextStyle.Font.Size = 10
		axes := axisLines(lo, hi)
		orig := polygon(pts, color.RGBA{R: 140, G: 140, B: 140, A: 255}, color.RGBA{R: 40, G: 40, B: 40, A: 40}, true)
		img := polygon(out[i], tabBlue, color.RGBA{R: 0x1f / 2, G: 0x77 / 2, B: 0xb4 / 2, A: 128}, false)
		p.Add(plotter.NewGrid(), axes, orig, img)
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo[0], hi[0], lo[1], hi[1]
		p.X.Tick.Marker = StepTicks(lo[0], hi[0], 1, 2)
		p.Y.Tick.Marker = StepTicks(lo[1], hi[1], 1, 2)
		if i == 0 {
			AddLegend(p, "x", orig)
			AddLegend(p, "transformed", img)
			p.Legend.Top = true
			p.Legend.Left = true
			p.Legend.TextStyle.Font.Size = 9
			p.Legend.XOffs, p.Legend.YOffs = vg.Points(3), -vg.Points(3)
		}
		grid[i/3][i%3] = p
		f.SetSquare(p)
	}
	f.Title = "A geometric interpretation of tensor operations"
	f.Width, f.Height = 10.5*vg.Inch, 7.5*vg.Inch
	return f
}

// densify returns the closed outline through vs with points at most step apart.
func densify(vs [][2]float64, step float64) [][2]float64 {
	var out [][2]float64
	for i := range vs {
		a, b := vs[i], vs[(i+1)%len(vs)]
		n := max(1, int(math.Ceil(math.Hypot(b[0]-a[0], b[1]-a[1])/step)))
		for j := range n {
			t := float64(j) / float64(n)
			out = append(out, [2]float64{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])})
		}
	}
	return out
}

func matVec(m [2][2]float64, p [2]float64) [2]float64 {
	return [2]float64{m[0][0]*p[0] + m[0][1]*p[1], m[1][0]*p[0] + m[1][1]*p[1]}
}

func matString(m [2][2]float64) string {
	return fmt.Sprintf("[[%g, %g], [%g, %g]]", m[0][0], m[0][1], m[1][0], m[1][1])
}

// polygon returns the closed outline pts with the given line and fill colours.
func polygon(pts [][2]float64, line, fill color.Color, dashed bool) *plotter.Polygon {
	xys := make(plotter.XYs, len(pts))
	for i, p := range pts {
		xys[i] = plotter.XY{X: p[0], Y: p[1]}
	}
	pg, _ := plotter.NewPolygon(xys)
	pg.Color = fill
	pg.LineStyle = draw.LineStyle{Color: line, Width: vg.Points(1.2)}
	if dashed {
		pg.Dashes = []vg.Length{vg.Points(3), vg.Points(2)}
	}
	return pg
}

// axisLines is a plot.Plotter drawing the lines x = 0 and y = 0 across the data area.
type axisLinesPlotter struct{ lo, hi [2]float64 }

func axisLines(lo, hi [2]float64) axisLinesPlotter { return axisLinesPlotter{lo, hi} }

// Plot implements plot.Plotter.
func (a axisLinesPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: color.Gray{Y: 60}, Width: vg.Points(0.8)}
	c.StrokeLine2(sty, trX(a.lo[0]), trY(0), trX(a.hi[0]), trY(0))
	c.StrokeLine2(sty, trX(0), trY(a.lo[1]), trX(0), trY(a.hi[1]))
}
