package viz

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The house style's building blocks, for figures written outside viz (see the package
// example "Style"): NewFigure to hold gonum plots; ImagePlot and NewRaster for images drawn
// nearest neighbour; Figure.FitPixels and Figure.SetSquare for sharp pixels and equal units;
// StepTicks for fixed ticks; AddLegend, PlaceLegend and LegendBackdrop for legends.

// AddLegend adds an entry to p's legend with its thumbnails drawn inset from the ends of the
// legend's icon box, so that a line's thumbnail does not run into the entry's text.
func AddLegend(p *plot.Plot, text string, thumbs ...plot.Thumbnailer) {
	inset := make([]plot.Thumbnailer, len(thumbs))
	for i, t := range thumbs {
		inset[i] = insetThumbnail{t}
	}
	p.Legend.Add(text, inset...)
}

// insetThumbnail draws a Thumbnailer 3 points inside either end of its box.
type insetThumbnail struct{ plot.Thumbnailer }

func (t insetThumbnail) Thumbnail(c *draw.Canvas) {
	const inset = vg.Length(3)
	if c.Max.X-c.Min.X > 4*inset {
		in := *c
		in.Min.X += inset
		in.Max.X -= inset
		c = &in
	}
	t.Thumbnailer.Thumbnail(c)
}

// PlaceLegend puts p's legend in the corner of the data area that holds the fewest points:
// Keras's loc="best", roughly.
func PlaceLegend(p *plot.Plot, xys plotter.XYs) {
	best, bestN := 0, math.MaxInt
	for corner := range 4 {
		top, left := corner&1 == 1, corner&2 == 2
		n := 0
		for _, xy := range xys {
			u, v := p.X.Norm(xy.X), p.Y.Norm(xy.Y) // in the axes' own scales (linear or log)
			inX := u > 0.55
			if left {
				inX = u < 0.45
			}
			inY := v < 0.3
			if top {
				inY = v > 0.7
			}
			if inX && inY {
				n++
			}
		}
		if n < bestN {
			best, bestN = corner, n
		}
	}
	p.Legend.Top, p.Legend.Left = best&1 == 1, best&2 == 2
	off := vg.Points(4)
	p.Legend.XOffs, p.Legend.YOffs = -off, off
	if p.Legend.Left {
		p.Legend.XOffs = off
	}
	if p.Legend.Top {
		p.Legend.YOffs = -off
	}
	p.Legend.TextStyle.Font.Size = 10
	p.Legend.Padding = vg.Points(3)
}

// LegendBackdrop returns a plotter that fills a white, slightly transparent box behind p's
// legend, so that the legend reads over contour lines or images. texts are the legend's
// entries (gonum keeps its own list private). Add it after the data and after setting the
// legend's position (Top, Left, XOffs, YOffs, TextStyle); it assumes p.X.Padding and
// p.Y.Padding are 0, as on image and contour panels.
func LegendBackdrop(p *plot.Plot, texts ...string) plot.Plotter {
	return legendBackdrop{legend: &p.Legend, texts: texts}
}

type legendBackdrop struct {
	legend *plot.Legend
	texts  []string
}

// Plot implements plot.Plotter, with the arithmetic of plot.Legend.Draw.
func (b legendBackdrop) Plot(c draw.Canvas, _ *plot.Plot) {
	l := b.legend
	if len(b.texts) == 0 {
		return
	}
	sty := l.TextStyle
	em := sty.Rectangle(" ").Max.X
	var textW, enth vg.Length
	for _, t := range b.texts {
		r := sty.Rectangle(t)
		textW = max(textW, r.Max.X-r.Min.X)
		enth = max(enth, r.Max.Y)
	}
	descent := sty.FontExtents().Descent
	n := vg.Length(len(b.texts))
	height := n*enth + (n-1)*l.Padding
	width := l.ThumbnailWidth + em + textW
	var r vg.Rectangle
	if l.Left {
		r.Min.X = c.Min.X + l.XOffs
	} else {
		r.Min.X = c.Max.X + l.XOffs - width
	}
	top := c.Max.Y - descent + l.YOffs
	if !l.Top {
		top = c.Min.Y + (enth+l.Padding)*(n-1) + enth + l.YOffs
	}
	r.Max.Y = top
	r.Min.Y = top - height
	r.Max.X = r.Min.X + width
	pad := vg.Points(3)
	r.Min.X, r.Min.Y, r.Max.X, r.Max.Y = r.Min.X-pad, r.Min.Y-pad, r.Max.X+pad, r.Max.Y+pad
	box := []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
	c.FillPolygon(color.NRGBA{R: 255, G: 255, B: 255, A: 230}, box)
	c.StrokeLines(draw.LineStyle{Color: color.Gray{Y: 190}, Width: vg.Points(0.5)}, append(box, box[0]))
}
