package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nn/tensor"
)

// MaxDigits is the largest number of images Digits draws; slice the data set first.
const MaxDigits = 400

// Digit draws one image as the book does with plt.imshow(digit, cmap=plt.cm.binary)
// (listing 2.8, figure 2.2): dark ink on white paper, row 0 at the top, every pixel a sharp
// square (nearest neighbour, never smoothed), ticks every 5 pixels, and title above it when
// title is not empty.
//
// image is one picture of shape (height, width), such as train_images[4] of shape (28, 28),
// or a flattened row of shape (784,), drawn as 28×28 (any square size n*n is drawn n×n).
// Any dtype works: as imshow, the image's smallest value is white and its largest black
// (uint8 pixels 0..255 and floats 0..1 after train_images / 255 look the same).
//
// It returns an error for any other shape or a NaN or infinite pixel.
func Digit(image *tensor.Tensor, title string) (*Figure, error) {
	img, err := digitImage("Digit", image)
	if err != nil {
		return nil, err
	}
	p := ImagePlot(img, 5)
	p.Title.Text = title
	p.Title.Padding = vg.Points(4)
	f := NewFigure("digit", []*plot.Plot{p})
	f.Width, f.Height = 4*vg.Inch, 4*vg.Inch
	if title != "" {
		f.Height += 0.25 * vg.Inch
	}
	f.SetSquare(p)
	f.FitPixels(img.Bounds().Dx(), img.Bounds().Dy())
	return f, nil
}

// Digits draws a grid of images with their labels, as the book's figure 2.1 and the
// "look at the errors" cell after training: images has shape (n, height, width) or
// (n, height*width) for square images (MNIST's (n, 784) rows), 1 <= n <= MaxDigits.
//
// labels and predictions are 1-D integer tensors of length n, or nil. With labels each image
// is titled with its label; with predictions too, every image shows the prediction made on it,
// "true 7, pred 7" in black when right, and a misclassified one gets a red frame and the red
// title "true 5, pred 3".
// Images are laid out ceil(sqrt(n)) per row (n per row up to 6).
//
// It returns an error for a wrong shape, lengths that differ, labels that are not
// non-negative integers, or NaN pixels.
func Digits(images, labels, predictions *tensor.Tensor) (*Figure, error) {
	if images == nil {
		return nil, fmt.Errorf("viz.Digits: images is nil")
	}
	s := images.Shape()
	var n, h, w int
	switch {
	case len(s) == 3:
		n, h, w = s[0], s[1], s[2]
	case len(s) == 2 && isSquare(s[1]):
		n, h, w = s[0], isqrt(s[1]), isqrt(s[1])
	default:
		return nil, fmt.Errorf("viz.Digits: images must have shape (n, height, width) or (n, side*side), got %v", s)
	}
	if n == 0 || h == 0 || w == 0 {
		return nil, fmt.Errorf("viz.Digits: no images to draw: shape %v", s)
	}
	if n > MaxDigits {
		return nil, fmt.Errorf("viz.Digits: %d images are too many to draw (at most %d): slice them first, e.g. images.Slice(tensor.To(25))", n, MaxDigits)
	}
	var lab, pred []int
	var err error
	if labels != nil {
		if lab, err = classes("Digits", "labels", labels); err != nil {
			return nil, err
		}
		if len(lab) != n {
			return nil, fmt.Errorf("viz.Digits: %d labels for %d images", len(lab), n)
		}
	}
	if predictions != nil {
		if pred, err = classes("Digits", "predictions", predictions); err != nil {
			return nil, err
		}
		if len(pred) != n {
			return nil, fmt.Errorf("viz.Digits: %d predictions for %d images", len(pred), n)
		}
	}
	pix := floats(images)
	if err := checkFinite("Digits", pix); err != nil {
		return nil, err
	}

	cols := int(math.Ceil(math.Sqrt(float64(n))))
	if n <= 6 {
		cols = n
	}
	rows := (n + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
	}
	f := NewFigure("digits", grid...)
	titled := lab != nil || pred != nil
	for i := range n {
		p := ImagePlot(grayImage(pix[i*h*w:(i+1)*h*w], h, w), 0)
		p.Title.TextStyle.Font.Size = 9
		p.Title.Padding = vg.Points(2)
		switch {
		case lab != nil && pred != nil && lab[i] != pred[i]:
			p.Title.Text = fmt.Sprintf("true %d, pred %d", lab[i], pred[i])
			p.Title.TextStyle.Color = tabRed
			p.Add(frame{draw.LineStyle{Color: tabRed, Width: vg.Points(2.5)}})
		case lab != nil && pred != nil:
			p.Title.Text = fmt.Sprintf("true %d, pred %d", lab[i], pred[i])
			p.Add(frame{draw.LineStyle{Color: color.Gray{Y: 200}, Width: vg.Points(0.5)}})
		case lab != nil:
			p.Title.Text = itoa(lab[i])
			p.Add(frame{draw.LineStyle{Color: color.Gray{Y: 200}, Width: vg.Points(0.5)}})
		case pred != nil:
			p.Title.Text = "pred " + itoa(pred[i])
			p.Add(frame{draw.LineStyle{Color: color.Gray{Y: 200}, Width: vg.Points(0.5)}})
		default:
			p.Add(frame{draw.LineStyle{Color: color.Gray{Y: 200}, Width: vg.Points(0.5)}})
		}
		grid[i/cols][i%cols] = p
		f.SetSquare(p)
	}
	tile := 1.1 * vg.Inch
	if pred != nil {
		tile = 1.25 * vg.Inch // room for "true 5, pred 3"
	}
	tileH := tile
	if titled {
		tileH += 0.2 * vg.Inch
	}
	f.Width = vg.Length(cols)*tile + 2*f.Pad
	f.Height = vg.Length(rows)*tileH + 2*f.Pad
	f.FitPixels(w, h)
	return f, nil
}

// digitImage checks that t is one image, (h, w) or a flattened square (n*n,), and returns it
// drawn with the binary colour map.
func digitImage(fn string, t *tensor.Tensor) (*image.RGBA, error) {
	if t == nil {
		return nil, fmt.Errorf("viz.%s: image is nil", fn)
	}
	s := t.Shape()
	var h, w int
	switch {
	case len(s) == 2:
		h, w = s[0], s[1]
	case len(s) == 1 && isSquare(s[0]):
		h, w = isqrt(s[0]), isqrt(s[0])
	default:
		return nil, fmt.Errorf("viz.%s: want one image of shape (height, width) such as (28, 28), or a flattened square row such as (784,); got shape %v (index one image first, e.g. trainImages.Index(4))", fn, s)
	}
	if h == 0 || w == 0 {
		return nil, fmt.Errorf("viz.%s: empty image of shape %v", fn, s)
	}
	v := floats(t)
	if err := checkFinite(fn, v); err != nil {
		return nil, err
	}
	return grayImage(v, h, w), nil
}

// grayImage draws the h×w row-major values v with the binary colour map, scaled as imshow:
// the smallest value white, the largest black (all white when they are equal).
func grayImage(v []float64, h, w int) *image.RGBA {
	lo, hi := minMax(v)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i, x := range v {
		t := 0.0
		if hi > lo {
			t = (x - lo) / (hi - lo)
		}
		img.SetRGBA(i%w, i/w, binary.At(t))
	}
	return img
}

func isqrt(n int) int { return int(math.Round(math.Sqrt(float64(n)))) }

func isSquare(n int) bool { r := isqrt(n); return n > 0 && r*r == n }
