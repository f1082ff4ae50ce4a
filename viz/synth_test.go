package viz

import (
	"math"

	"github.com/nnbook/nnbook/nn/tensor"
)

// synthDigit returns a 28×28 uint8 image of the digit d drawn with strokes about 2.5 pixels
// wide, anti-aliased like MNIST's: the tests' stand-in for real MNIST images, so golden
// images do not depend on a download.
func synthDigit(d int) []uint8 {
	type pt struct{ x, y float64 } // x to the right, y down, in pixels
	arc := func(cx, cy, rx, ry, from, to float64) []pt {
		var ps []pt
		for i := 0; i <= 40; i++ {
			a := (from + (to-from)*float64(i)/40) * math.Pi / 180
			ps = append(ps, pt{cx + rx*math.Cos(a), cy + ry*math.Sin(a)})
		}
		return ps
	}
	var strokes [][]pt
	switch d {
	case 0:
		strokes = [][]pt{arc(14, 14, 6, 9, 0, 360)}
	case 1:
		strokes = [][]pt{{{11, 8}, {14.5, 5}, {14.5, 23}}}
	case 2:
		strokes = [][]pt{append(arc(14, 10, 6, 5, 190, 380), pt{8, 23}, pt{21, 23})}
	case 3:
		strokes = [][]pt{arc(14, 9.5, 5.5, 5, 200, 450), arc(14, 18.5, 6, 5.5, -90, 160)}
	case 4:
		strokes = [][]pt{{{17, 5}, {7, 18}, {22, 18}}, {{17, 5}, {17, 24}}}
	case 5:
		strokes = [][]pt{append([]pt{{20, 5}, {9.5, 5}, {8.5, 13}}, arc(14, 17.5, 6, 6, -135, 150)...)}
	case 6:
		strokes = [][]pt{arc(14, 18, 5.5, 5.5, 0, 360), {{19, 5}, {14, 7.5}, {10.5, 11.5}, {8.6, 17}}}
	case 7:
		strokes = [][]pt{{{7, 5}, {21, 5}, {12, 24}}}
	case 8:
		strokes = [][]pt{arc(14, 9.5, 4.5, 4.5, 0, 360), arc(14, 18.5, 5.5, 5.5, 0, 360)}
	case 9:
		strokes = [][]pt{arc(14, 10, 5.5, 5.5, 0, 360), {{19.5, 10}, {18, 24}}}
	}
	img := make([]uint8, 28*28)
	for y := range 28 {
		for x := range 28 {
			px, py := float64(x)+0.5, float64(y)+0.5
			dist := math.Inf(1)
			for _, s := range strokes {
				for i := 1; i < len(s); i++ {
					dist = math.Min(dist, segDist(px, py, s[i-1].x, s[i-1].y, s[i].x, s[i].y))
				}
			}
			ink := math.Min(1, math.Max(0, (2.2-dist)/1.4))
			img[y*28+x] = uint8(math.Round(255 * ink))
		}
	}
	return img
}

// segDist is the distance from (px, py) to the segment (ax, ay)-(bx, by).
func segDist(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((px-ax)*dx+(py-ay)*dy)/l))
	}
	return math.Hypot(px-ax-t*dx, py-ay-t*dy)
}

// synthDigits returns n synthetic digits of shape (n, 28, 28) and their labels (n,),
// labels cycling 0..9 starting at first.
func synthDigits(n, first int) (images, labels *tensor.Tensor) {
	pix := make([]uint8, 0, n*784)
	lab := make([]int64, n)
	for i := range n {
		d := (first + i) % 10
		pix = append(pix, synthDigit(d)...)
		lab[i] = int64(d)
	}
	return tensor.FromSlice(pix, n, 28, 28), tensor.FromSlice(lab, n)
}
