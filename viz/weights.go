package viz

import (
	"fmt"
	"image"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/nnbook/nnbook/nn/tensor"
)

// DenseWeights draws the kernel of a Dense layer fed with flattened images, shape
// (height*width, units) such as the book's first layer (784, 512), as a grid of images: column
// j of the kernel, the weights from every pixel to unit j, reshaped to the square image (28×28)
// it is matched against. This is not a figure of the book: it shows what the first layer
// "looks for".
//
// The colour map diverges: white is a weight of 0, red positive (ink there excites the unit),
// blue negative. Each unit is scaled to its own largest |w|, so that the pattern of every unit
// shows whatever its overall size; tiles are separated by a 1-pixel white gap and laid out in
// ceil(sqrt(units)) columns (32 columns of 16 rows for 512 units), crisp (nearest neighbour).
//
// It returns an error when kernel is not 2-D, its first axis is not a square number, or it
// holds NaN or infinite weights.
func DenseWeights(kernel *tensor.Tensor) (*Figure, error) {
	if kernel == nil {
		return nil, fmt.Errorf("viz.DenseWeights: kernel is nil")
	}
	s := kernel.Shape()
	if len(s) != 2 || !isSquare(s[0]) || s[1] == 0 {
		return nil, fmt.Errorf("viz.DenseWeights: want a kernel of shape (side*side, units) such as (784, 512), got %v", s)
	}
	w := floats(kernel)
	if err := checkFinite("DenseWeights", w); err != nil {
		return nil, err
	}
	in, units := s[0], s[1]
	side := isqrt(in)
	cols := int(math.Ceil(math.Sqrt(float64(units))))
	if units == 512 {
		cols = 32 // 32×16 fits a wide notebook cell better than 23×23
	}
	rows := (units + cols - 1) / cols
	const gap = 1
	img := image.NewRGBA(image.Rect(0, 0, cols*(side+gap)-gap, rows*(side+gap)-gap))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for u := range units {
		scale := 0.0
		for p := range in {
			scale = math.Max(scale, math.Abs(w[p*units+u]))
		}
		x0, y0 := (u%cols)*(side+gap), (u/cols)*(side+gap)
		for p := range in {
			t := 0.5
			if scale > 0 {
				t = 0.5 + 0.5*w[p*units+u]/scale
			}
			img.SetRGBA(x0+p%side, y0+p/side, blueRed.At(t))
		}
	}
	p := ImagePlot(img, 0)
	p.Title.Text = fmt.Sprintf("Dense kernel %v: each unit's %d weights as a %d×%d image (red positive, blue negative)", s, in, side, side)
	p.Title.TextStyle.Font.Size = 11
	p.Title.Padding = vg.Points(4)
	f := NewFigure("dense_weights", []*plot.Plot{p})
	// As many whole screen pixels per weight as fit in about 10.5×7 inches (at least 1).
	b := img.Bounds()
	f.Width, f.Height = 10.5*vg.Inch, 7*vg.Inch
	f.SetSquare(p)
	f.FitPixels(b.Dx(), b.Dy())
	return f, nil
}
