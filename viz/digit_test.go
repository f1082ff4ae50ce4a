package viz

import (
	"bytes"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nn/tensor"
)

func TestDigitGolden(t *testing.T) {
	f, err := Digit(tensor.FromSlice(synthDigit(3), 28, 28), "train_images[7]: a 3")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "digit", f)
}

func TestDigitsGolden(t *testing.T) {
	images, labels := synthDigits(16, 0)
	f, err := Digits(images, labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "digits", f)

	// Predictions: every fourth one wrong.
	pred := labels.Int64s()
	wrong := append([]int64(nil), pred...)
	for i := 0; i < len(wrong); i += 4 {
		wrong[i] = (wrong[i] + 3) % 10
	}
	f, err = Digits(images, labels, tensor.FromSlice(wrong))
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "digits_predictions", f)
}

func TestDigitErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   *tensor.Tensor
		want string
	}{
		{"batch", tensor.New(tensor.Uint8, 10, 28, 28), "got shape (10, 28, 28)"},
		{"not square", tensor.New(tensor.Uint8, 783), "got shape (783,)"},
		{"nil", nil, "image is nil"},
		{"empty", tensor.New(tensor.Float32, 0, 28), "empty image"},
	} {
		_, err := Digit(tc.in, "")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Digit error = %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	images, labels := synthDigits(4, 0)
	for _, tc := range []struct {
		name                string
		images, labels, prd *tensor.Tensor
		want                string
	}{
		{"label count", images, tensor.FromSlice([]int64{1, 2, 3}), nil, "3 labels for 4 images"},
		{"prediction count", images, labels, tensor.FromSlice([]int64{1}), "1 predictions for 4 images"},
		{"label rank", images, tensor.New(tensor.Int64, 4, 1), nil, "labels must be 1-D"},
		{"negative label", images, tensor.FromSlice([]float64{0, 1, -2, 3}), nil, "labels[2] = -2"},
		{"image shape", tensor.New(tensor.Uint8, 28, 28), nil, nil, "got (28, 28)"},
		{"too many", tensor.New(tensor.Uint8, 1000, 4, 4), nil, nil, "too many"},
	} {
		_, err := Digits(tc.images, tc.labels, tc.prd)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Digits error = %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

// TestDigitIsCrisp checks that the digit is drawn nearest neighbour with a whole number of
// screen pixels per image pixel: every k×k block of the data area has the one colour of its
// image pixel, with no blended colour in between.
func TestDigitIsCrisp(t *testing.T) {
	pix := synthDigit(3)
	f, err := Digit(tensor.FromSlice(pix, 28, 28), "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	dpi := float64(f.dpi())
	dc := f.Plots[0][0].DataCanvas(f.layout(draw.NewCanvas(nopCanvas{}, f.Width, f.Height))[0][0])
	x0 := int(math.Round(dc.Min.X.Dots(dpi)))
	w := int(math.Round((dc.Max.X - dc.Min.X).Dots(dpi)))
	h := img.Bounds().Dy()
	y0 := h - int(math.Round(dc.Max.Y.Dots(dpi))) // top row of the data area
	if w%28 != 0 {
		t.Fatalf("data area %d pixels wide, not a multiple of 28", w)
	}
	k := w / 28
	want := grayImage(floats(tensor.FromSlice(pix, 28, 28)), 28, 28)
	bad := 0
	for r := range 28 {
		for c := range 28 {
			for dy := range k {
				for dx := range k {
					x, y := x0+c*k+dx, y0+r*k+dy
					if r == 0 && dy < 2 || c == 0 && dx < 2 || r == 27 && dy >= k-2 || c == 27 && dx >= k-2 {
						continue // under the frame
					}
					gr, _, _, _ := img.At(x, y).RGBA()
					if uint8(gr>>8) != want.RGBAAt(c, r).R {
						bad++
					}
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d screen pixels differ from their image pixel (k = %d)", bad, k)
	}
}
