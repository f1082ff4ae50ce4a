package viz

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// DefaultDPI is the resolution of the PNGs a new Figure renders, in pixels per inch:
// a 6×4 inch figure is a 600×400 pixel PNG.
const DefaultDPI = 100

// Figure is one picture: a grid of gonum plots (one plot is a 1×1 grid) with an optional
// overall title, a size and a resolution. Functions of this package return Figures with good
// defaults held in these exported fields; change them before rendering or showing.
//
// Rendering (PNG, SVG) is separate from showing (Show): rendering returns bytes and needs
// no notebook, so every figure is testable outside GoNB.
type Figure struct {
	// Name is the base name of the file Show writes outside a notebook:
	// "digit" is written to OutputDir/digit.png. Empty means "figure".
	Name string

	// Title, when not empty, is drawn centred above all the panels.
	Title string

	// Plots holds the panels row by row; every row has the same length and a nil entry
	// leaves its tile empty. Panels are aligned with plot.Align so that the data areas
	// of a row (column) have the same height (width).
	Plots [][]*plot.Plot

	// Width and Height are the size of the picture; DPI is the number of pixels per inch
	// of rendered PNGs (DefaultDPI when zero). Each function sets a size fitting its panels.
	Width, Height vg.Length
	DPI           int

	// Format is what Show displays or writes: "png" (the default, also when empty) or
	// "svg". SVG is garbled in untrusted notebooks, so PNG is the default.
	Format string

	// Pad is the space between panels and around the figure.
	Pad vg.Length

	// square lists the panels whose data area keeps one data unit as long on both axes
	// (images, the geometric panels): the tile is shrunk, centred, to that aspect.
	square map[*plot.Plot]bool
}

// NewFigure returns a Figure holding the given rows of plots, named name, 6×4 inches at
// DefaultDPI. It is how a plot made directly with gonum/plot gets Show, PNG and Save.
func NewFigure(name string, rows ...[]*plot.Plot) *Figure {
	return &Figure{
		Name:   name,
		Plots:  rows,
		Width:  6 * vg.Inch,
		Height: 4 * vg.Inch,
		DPI:    DefaultDPI,
		Pad:    0.1 * vg.Inch,
	}
}

// SetSquare marks p as a panel whose data units are equally long on both axes.
func (f *Figure) SetSquare(p *plot.Plot) {
	if f.square == nil {
		f.square = make(map[*plot.Plot]bool)
	}
	f.square[p] = true
}

// check returns an error naming what is wrong with f's fields.
func (f *Figure) check() error {
	if f.Width <= 0 || f.Height <= 0 {
		return fmt.Errorf("viz: figure %q has size %v×%v, want both > 0", f.Name, f.Width, f.Height)
	}
	if len(f.Plots) == 0 || len(f.Plots[0]) == 0 {
		return fmt.Errorf("viz: figure %q has no plots", f.Name)
	}
	for i, row := range f.Plots {
		if len(row) != len(f.Plots[0]) {
			return fmt.Errorf("viz: figure %q: row %d has %d plots, row 0 has %d", f.Name, i, len(row), len(f.Plots[0]))
		}
	}
	switch f.format() {
	case "png", "svg":
	default:
		return fmt.Errorf("viz: figure %q: unknown format %q, want \"png\" or \"svg\"", f.Name, f.Format)
	}
	return nil
}

func (f *Figure) format() string {
	if f.Format == "" {
		return "png"
	}
	return strings.ToLower(f.Format)
}

func (f *Figure) dpi() int {
	if f.DPI <= 0 {
		return DefaultDPI
	}
	return f.DPI
}

// Draw draws f onto c: the title, then the panels tiled and aligned.
func (f *Figure) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	if f.Title != "" {
		sty := f.titleStyle()
		c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y - f.Pad}, f.Title)
	}
	tiles := f.layout(c)
	for j, row := range f.Plots {
		for i, p := range row {
			if p != nil {
				p.Draw(tiles[j][i])
			}
		}
	}
}

func (f *Figure) titleStyle() text.Style {
	sty := textStyle(13, color.Black)
	sty.YAlign = draw.YTop
	return sty
}

// layout returns the canvas of each panel of f drawn on c.
func (f *Figure) layout(c draw.Canvas) [][]draw.Canvas { return f.layoutSquare(c, true) }

// layoutSquare is layout, with the aspect correction of square panels only if square.
func (f *Figure) layoutSquare(c draw.Canvas, square bool) [][]draw.Canvas {
	c = draw.Crop(c, f.Pad, -f.Pad, f.Pad, -f.Pad)
	if f.Title != "" {
		c.Max.Y -= f.titleStyle().Rectangle(f.Title).Size().Y + f.Pad
	}
	rows, cols := len(f.Plots), len(f.Plots[0])
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: f.Pad, PadY: f.Pad}
	canvases := plot.Align(f.Plots, tiles, c)
	for j, row := range f.Plots {
		for i, p := range row {
			if p != nil && square && f.square[p] {
				canvases[j][i] = squareTile(p, canvases[j][i])
			}
		}
	}
	return canvases
}

// FitPixels resizes f so that the data area of its first panel, an image of cols×rows
// pixels, is an integer number k of screen pixels per image pixel in both directions
// (k the nearest to what the current size gives, at least 1): the image is then drawn with
// every pixel the same size. All panels are assumed to be alike.
func (f *Figure) FitPixels(cols, rows int) {
	if f.check() != nil {
		return
	}
	var p *plot.Plot
	var j, i int
	for jj, row := range f.Plots {
		for ii, q := range row {
			if q != nil && p == nil {
				p, j, i = q, jj, ii
			}
		}
	}
	if p == nil {
		return
	}
	dpi := float64(f.dpi())
	for range 3 { // tick labels may change the layout: check again
		c := draw.NewCanvas(nopCanvas{}, f.Width, f.Height)
		dc := p.DataCanvas(f.layoutSquare(c, false)[j][i])
		dw := (dc.Max.X - dc.Min.X).Dots(dpi)
		dh := (dc.Max.Y - dc.Min.Y).Dots(dpi)
		k := math.Max(1, math.Round(math.Min(dw/float64(cols), dh/float64(rows))))
		ew, eh := k*float64(cols)-dw, k*float64(rows)-dh
		if math.Abs(ew) < 0.01 && math.Abs(eh) < 0.01 {
			return
		}
		nr, nc := float64(len(f.Plots)), float64(len(f.Plots[0]))
		f.Width += vg.Length(ew*nc/dpi) * vg.Inch
		f.Height += vg.Length(eh*nr/dpi) * vg.Inch
	}
}

// squareTile shrinks the tile c, keeping it centred, so that p's data area shows one data
// unit with the same length on both axes.
func squareTile(p *plot.Plot, c draw.Canvas) draw.Canvas {
	dc := p.DataCanvas(c)
	dw, dh := float64(dc.Max.X-dc.Min.X), float64(dc.Max.Y-dc.Min.Y)
	xr, yr := math.Abs(p.X.Max-p.X.Min), math.Abs(p.Y.Max-p.Y.Min)
	if dw <= 0 || dh <= 0 || xr == 0 || yr == 0 {
		return c
	}
	want := xr / yr // data-area width / height
	if dw/dh > want {
		cut := vg.Length(dw-dh*want) / 2
		c.Min.X += cut
		c.Max.X -= cut
	} else {
		cut := vg.Length(dh-dw/want) / 2
		c.Min.Y += cut
		c.Max.Y -= cut
	}
	return c
}

// PNG renders f as PNG bytes, Width×Height inches at DPI pixels per inch.
func (f *Figure) PNG() ([]byte, error) { return f.encodePNG(png.DefaultCompression) }

// framePNG is PNG for a frame that the next one soon replaces (a live plot's redraw, a widget's
// picture as its slider moves): the same pixels, compressed with png.BestSpeed. For LiveLoss's
// frame at the end of the chapter's training that is 19-21 ms a frame against 23-30 ms, for 3 %
// more bytes (BenchmarkFramePNG); the rest is drawing. The frame a notebook keeps is drawn with
// PNG.
func (f *Figure) framePNG() ([]byte, error) { return f.encodePNG(png.BestSpeed) }

func (f *Figure) encodePNG(level png.CompressionLevel) ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	cnv := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(f.dpi()))
	if err := catch(func() { f.Draw(draw.New(cnv)) }); err != nil {
		return nil, fmt.Errorf("viz: drawing figure %q: %w", f.Name, err)
	}
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: level}).Encode(&b, cnv.Image()); err != nil {
		return nil, fmt.Errorf("viz: encoding figure %q as PNG: %w", f.Name, err)
	}
	return b.Bytes(), nil
}

// SVG renders f as an SVG document (images inside it are embedded PNGs).
func (f *Figure) SVG() ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	cnv := vgsvg.New(f.Width, f.Height)
	if err := catch(func() { f.Draw(draw.New(cnv)) }); err != nil {
		return nil, fmt.Errorf("viz: drawing figure %q: %w", f.Name, err)
	}
	var b bytes.Buffer
	if _, err := cnv.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("viz: encoding figure %q as SVG: %w", f.Name, err)
	}
	return b.Bytes(), nil
}

// Save renders f and writes it to path, as PNG or SVG according to path's extension
// (".png" or ".svg"); it creates path's directory if needed.
func (f *Figure) Save(path string) error {
	var (
		b   []byte
		err error
	)
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png":
		b, err = f.PNG()
	case ".svg":
		b, err = f.SVG()
	default:
		return fmt.Errorf("viz: Save %q: unknown extension %q, want .png or .svg", path, ext)
	}
	if err != nil {
		return err
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("viz: Save: %w", err)
		}
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("viz: Save: %w", err)
	}
	return nil
}

// catch runs draw and turns a panic of gonum/plot (e.g. from plot.Align) into an error.
// It is meant for gonum's panics: a programmer-error panic of nn/tensor or nn/autodiff goes
// through internal/notebook.Panic, which in a notebook ends the cell with its message before
// any recover runs (outside a notebook catch still turns it into an error). So the functions
// of this package check their data before drawing and return errors for it themselves.
func catch(draw func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = errors.New(fmt.Sprint(r))
			}
		}
	}()
	draw()
	return nil
}

// textStyle returns a plain-text style in the plot's default font (Liberation Sans, embedded
// in gonum/plot, so rendering is the same on every machine), centred on its point.
func textStyle(size vg.Length, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(plot.DefaultFont, size),
		XAlign:  draw.XCenter,
		YAlign:  draw.YCenter,
		Handler: plot.DefaultTextHandler,
	}
}

// nopCanvas is a vg.Canvas that draws nothing, for measuring layouts.
type nopCanvas struct{}

func (nopCanvas) SetLineWidth(vg.Length)                 {}
func (nopCanvas) SetLineDash([]vg.Length, vg.Length)     {}
func (nopCanvas) SetColor(color.Color)                   {}
func (nopCanvas) Rotate(float64)                         {}
func (nopCanvas) Translate(vg.Point)                     {}
func (nopCanvas) Scale(float64, float64)                 {}
func (nopCanvas) Push()                                  {}
func (nopCanvas) Pop()                                   {}
func (nopCanvas) Stroke(vg.Path)                         {}
func (nopCanvas) Fill(vg.Path)                           {}
func (nopCanvas) FillString(font.Face, vg.Point, string) {}
func (nopCanvas) DrawImage(vg.Rectangle, image.Image)    {}
