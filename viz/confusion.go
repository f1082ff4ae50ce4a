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

// ConfusionMatrix draws the confusion matrix of a classifier: the cell in row i, column j
// counts the samples of true class i predicted as class j, so correct predictions lie on
// the diagonal. labels and predictions are 1-D integer tensors of the same length, such as
// test_labels and model.predict(test_images).argmax(axis=1); the classes are 0 to the largest
// label or prediction. Cells are shaded from white (0) to dark blue (the largest count) by the
// square root of their count, so that a few errors already show, and, up to 20 classes,
// annotated with their count; the title gives the accuracy. This is not a
// figure of the book: it shows which digits are confused with which.
//
// It returns an error when the tensors are not 1-D, differ in length, are empty, or hold a
// value that is not a non-negative integer.
func ConfusionMatrix(labels, predictions *tensor.Tensor) (*Figure, error) {
	lab, err := classes("ConfusionMatrix", "labels", labels)
	if err != nil {
		return nil, err
	}
	pred, err := classes("ConfusionMatrix", "predictions", predictions)
	if err != nil {
		return nil, err
	}
	if len(lab) != len(pred) {
		return nil, fmt.Errorf("viz.ConfusionMatrix: %d labels but %d predictions", len(lab), len(pred))
	}
	if len(lab) == 0 {
		return nil, fmt.Errorf("viz.ConfusionMatrix: no labels")
	}
	k := 2
	for i := range lab {
		k = max(k, lab[i]+1, pred[i]+1)
	}
	if k > 1000 {
		return nil, fmt.Errorf("viz.ConfusionMatrix: class %d is too large to draw (at most 999)", k-1)
	}
	counts := make([][]int, k)
	for i := range counts {
		counts[i] = make([]int, k)
	}
	correct, most := 0, 0
	for i := range lab {
		counts[lab[i]][pred[i]]++
		most = max(most, counts[lab[i]][pred[i]])
		if lab[i] == pred[i] {
			correct++
		}
	}
	img := image.NewRGBA(image.Rect(0, 0, k, k))
	for r := range k {
		for c := range k {
			img.SetRGBA(c, r, blues.At(math.Sqrt(float64(counts[r][c])/float64(most))))
		}
	}
	p := ImagePlot(img, 1)
	if k > 20 {
		p.X.Tick.Marker = intTicks(k, (k+9)/10)
		p.Y.Tick.Marker = intTicks(k, (k+9)/10)
	} else {
		p.Add(cellCounts{counts: counts, most: most})
	}
	p.X.Label.Text = "predicted label"
	p.Y.Label.Text = "true label"
	p.Title.Text = fmt.Sprintf("Confusion matrix: %d of %d correct (accuracy %.2f%%)", correct, len(lab), 100*float64(correct)/float64(len(lab)))
	p.Title.Padding = vg.Points(6)
	f := NewFigure("confusion_matrix", []*plot.Plot{p})
	f.Width, f.Height = 6.5*vg.Inch, 6.5*vg.Inch
	f.SetSquare(p)
	f.FitPixels(k, k)
	return f, nil
}

// cellCounts writes each count of a confusion matrix on its cell: white on dark cells,
// black on light ones, zeros in light grey.
type cellCounts struct {
	counts [][]int
	most   int
}

// Plot implements plot.Plotter.
func (cc cellCounts) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	k := len(cc.counts)
	cell := trX(1) - trX(0)
	size := min(vg.Points(11), cell/3)
	for r := range k {
		for col := range k {
			n := cc.counts[r][col]
			clr := color.Color(color.Black)
			switch {
			case n == 0:
				clr = color.Gray{Y: 190}
			case math.Sqrt(float64(n)/float64(cc.most)) > 0.6:
				clr = color.White
			}
			c.FillText(textStyle(size, clr), vg.Point{X: trX(float64(col)), Y: trY(float64(r))}, itoa(n))
		}
	}
}
