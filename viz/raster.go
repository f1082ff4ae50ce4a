package viz

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// raster is a plot.Plotter drawing an image in data coordinates without smoothing: pixel
// (col, row) covers x in [x0 + col*(x1-x0)/cols, ...) and y from y0 (the outer edge of row 0)
// towards y1 (the outer edge of the last row). With an inverted Y axis and y0 < y1, row 0 is
// at the top, as in matplotlib's imshow.
//
// On a PNG canvas every device pixel takes the colour of the image pixel under its centre
// (nearest neighbour), so a 28×28 digit stays a grid of sharp squares whatever the scale;
// gonum's own Image plotter would interpolate bilinearly. On other canvases (SVG) the image
// is embedded enlarged by an integer factor, nearest neighbour.
type raster struct {
	img            *image.RGBA
	x0, x1, y0, y1 float64
}

// NewRaster returns a raster whose pixel (col, row) is centred on data point (col, row),
// as imshow: x from -0.5 to cols-0.5, y from -0.5 (row 0) to rows-0.5.
func NewRaster(img *image.RGBA) plot.Plotter {
	b := img.Bounds()
	return &raster{img: img, x0: -0.5, x1: float64(b.Dx()) - 0.5, y0: -0.5, y1: float64(b.Dy()) - 0.5}
}

// DataRange implements plot.DataRanger.
func (r *raster) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Min(r.x0, r.x1), math.Max(r.x0, r.x1), math.Min(r.y0, r.y1), math.Max(r.y0, r.y1)
}

// Plot implements plot.Plotter.
func (r *raster) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	left, right := trX(r.x0), trX(r.x1)
	edge0, edge1 := trY(r.y0), trY(r.y1) // canvas y of row 0's and the last row's outer edges
	if vc := imageCanvas(c.Canvas); vc != nil {
		r.rasterize(vc, left, right, edge0, edge1)
		return
	}
	// Vector canvas: embed the image, enlarged so that viewers' smoothing stays at the edges.
	img := r.img
	if edge0 < edge1 { // row 0 at the bottom: DrawImage puts the image's first row on top
		img = flipRows(img)
	}
	k := 1
	for k*img.Bounds().Dx() < 512 && k < 16 {
		k++
	}
	rect := vg.Rectangle{
		Min: vg.Point{X: min(left, right), Y: min(edge0, edge1)},
		Max: vg.Point{X: max(left, right), Y: max(edge0, edge1)},
	}
	c.DrawImage(rect, upscale(img, k))
}

// imageCanvas returns the *vgimg.Canvas under cv (plot.Align nests draw.Canvases), or nil.
func imageCanvas(cv vg.Canvas) *vgimg.Canvas {
	for {
		switch v := cv.(type) {
		case *vgimg.Canvas:
			return v
		case vgimg.PngCanvas:
			return v.Canvas
		case draw.Canvas:
			cv = v.Canvas
		case *draw.Canvas:
			cv = v.Canvas
		default:
			return nil
		}
	}
}

// rasterize writes the image into vc's pixels directly, nearest neighbour. The canvas's
// y axis points up and its image is flipped (gg's InvertY), so canvas y is H - dots.
func (r *raster) rasterize(vc *vgimg.Canvas, left, right, edge0, edge1 vg.Length) {
	dst, ok := vc.Image().(*image.RGBA)
	if !ok {
		return
	}
	dpi := vc.DPI()
	h := float64(dst.Bounds().Dy())
	xa, xb := left.Dots(dpi), right.Dots(dpi)
	ya, yb := h-edge0.Dots(dpi), h-edge1.Dots(dpi)
	b := r.img.Bounds()
	cols, rows := b.Dx(), b.Dy()
	// The image covers wpx×hpx device pixels from (px0, py0): sizes and origin are rounded
	// separately, so that an image fitted to k pixels per pixel gets exactly k for each.
	wpx, hpx := int(math.Round(math.Abs(xb-xa))), int(math.Round(math.Abs(yb-ya)))
	px0, py0 := int(math.Round(math.Min(xa, xb))), int(math.Round(math.Min(ya, yb)))
	if wpx <= 0 || hpx <= 0 {
		return
	}
	clip := dst.Bounds()
	for dy := range hpx {
		py := py0 + dy
		if py < clip.Min.Y || py >= clip.Max.Y {
			continue
		}
		row := dy * rows / hpx
		if ya > yb { // row 0's edge is the lower one on screen
			row = rows - 1 - row
		}
		for dx := range wpx {
			px := px0 + dx
			if px < clip.Min.X || px >= clip.Max.X {
				continue
			}
			col := dx * cols / wpx
			if xa > xb {
				col = cols - 1 - col
			}
			src := r.img.RGBAAt(b.Min.X+col, b.Min.Y+row)
			if src.A == 255 {
				dst.SetRGBA(px, py, src)
			} else if src.A > 0 {
				dst.SetRGBA(px, py, over(src, dst.RGBAAt(px, py)))
			}
		}
	}
}

// over composites the premultiplied colour s over d.
func over(s, d color.RGBA) color.RGBA {
	a := 255 - uint32(s.A)
	return color.RGBA{
		R: uint8(uint32(s.R) + uint32(d.R)*a/255),
		G: uint8(uint32(s.G) + uint32(d.G)*a/255),
		B: uint8(uint32(s.B) + uint32(d.B)*a/255),
		A: uint8(uint32(s.A) + uint32(d.A)*a/255),
	}
}

// upscale returns img enlarged k times, each pixel becoming a k×k square.
func upscale(img *image.RGBA, k int) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()*k, b.Dy()*k))
	for y := 0; y < b.Dy()*k; y++ {
		for x := 0; x < b.Dx()*k; x++ {
			out.SetRGBA(x, y, img.RGBAAt(b.Min.X+x/k, b.Min.Y+y/k))
		}
	}
	return out
}

// flipRows returns img upside down.
func flipRows(img *image.RGBA) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			out.SetRGBA(x, b.Dy()-1-y, img.RGBAAt(b.Min.X+x, b.Min.Y+y))
		}
	}
	return out
}

// frame is a plot.Plotter stroking a rectangle around the data area: the box imshow draws
// around an image, or the red frame of a misclassified digit.
type frame struct {
	draw.LineStyle
}

// Plot implements plot.Plotter.
func (f frame) Plot(c draw.Canvas, _ *plot.Plot) {
	r := c.Rectangle
	c.StrokeLines(f.LineStyle, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
}

// ImagePlot returns a plot showing img as imshow does, nearest neighbour (see NewRaster): row 0 at the top, one data unit per
// pixel, no padding, a thin box around it, and integer ticks every tick pixels (no axes at all
// when tick is 0).
func ImagePlot(img *image.RGBA, tick int) *plot.Plot {
	p := plot.New()
	p.Add(NewRaster(img))
	p.X.Padding, p.Y.Padding = 0, 0
	p.Y.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}
	if tick <= 0 {
		p.HideAxes()
		return p
	}
	b := img.Bounds()
	p.X.Tick.Marker = intTicks(b.Dx(), tick)
	p.Y.Tick.Marker = intTicks(b.Dy(), tick)
	p.X.LineStyle.Width, p.Y.LineStyle.Width = 0, 0 // the frame draws the box
	p.Add(frame{draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)}})
	return p
}

// intTicks returns labelled ticks 0, step, 2*step, ... below n.
func intTicks(n, step int) plot.ConstantTicks {
	var ts plot.ConstantTicks
	for v := 0; v < n; v += step {
		ts = append(ts, plot.Tick{Value: float64(v), Label: itoa(v)})
	}
	return ts
}
