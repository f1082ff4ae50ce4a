package viz

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/tensor"
)

func TestShowInNotebookSendsPNG(t *testing.T) {
	nb := newFakeNotebook(t)
	f, err := Digit(tensor.FromSlice(synthDigit(9), 28, 28), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Show(); err != nil {
		t.Fatal(err)
	}
	if len(nb.pngs) != 1 {
		t.Fatalf("Show sent %d PNGs, want 1", len(nb.pngs))
	}
	img, err := png.Decode(bytes.NewReader(nb.pngs[0]))
	if err != nil {
		t.Fatalf("Show sent something that is not a PNG: %v", err)
	}
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != int(f.Width.Dots(DefaultDPI)+0.5) || h != int(f.Height.Dots(DefaultDPI)+0.5) {
		t.Errorf("PNG is %d×%d pixels, want the figure's %v×%v at %d DPI", w, h, f.Width, f.Height, DefaultDPI)
	}
	f.Format = "svg"
	if err := f.Show(); err != nil {
		t.Fatal(err)
	}
	if len(nb.htmls) != 1 || !strings.Contains(nb.htmls[0], "<svg") {
		t.Errorf("Show with Format svg sent %d HTML blocks, want one with inline SVG", len(nb.htmls))
	}
}

func TestSaveAndShowOutsideNotebook(t *testing.T) {
	old := OutputDir
	OutputDir = t.TempDir()
	t.Cleanup(func() { OutputDir = old })
	f := GradientDescent2D()
	f.Name = "save_test"
	for range 2 {
		if err := f.Show(); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"save_test.png", "save_test-2.png"} {
		if _, err := os.Stat(filepath.Join(OutputDir, name)); err != nil {
			t.Errorf("Show did not write %s: %v", name, err)
		}
	}
	svg := filepath.Join(t.TempDir(), "sub", "f.svg")
	if err := f.Save(svg); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(svg); !bytes.Contains(b, []byte("<svg")) {
		t.Errorf("%s is not an SVG", svg)
	}
	if err := f.Save("f.jpg"); err == nil || !strings.Contains(err.Error(), `unknown extension ".jpg"`) {
		t.Errorf("Save(f.jpg) error = %v", err)
	}
	// The digit's image survives SVG rendering (embedded, enlarged nearest neighbour).
	d, _ := Digit(tensor.FromSlice(synthDigit(1), 28, 28), "")
	if b, err := d.SVG(); err != nil || !bytes.Contains(b, []byte("<image")) {
		t.Errorf("digit SVG: err %v, has <image>: %v", err, bytes.Contains(b, []byte("<image")))
	}
}

func TestFigureErrors(t *testing.T) {
	for _, tc := range []struct {
		f    *Figure
		want string
	}{
		{NewFigure("empty"), "has no plots"},
		{NewFigure("ragged", []*plot.Plot{plot.New(), plot.New()}, []*plot.Plot{plot.New()}), "row 1 has 1 plots, row 0 has 2"},
		{&Figure{Name: "small", Plots: [][]*plot.Plot{{plot.New()}}}, "want both > 0"},
		{func() *Figure { f := NewFigure("bmp", []*plot.Plot{plot.New()}); f.Format = "bmp"; return f }(), `unknown format "bmp"`},
	} {
		_, err := tc.f.PNG()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: PNG error = %v, want one containing %q", tc.f.Name, err, tc.want)
		}
	}
	if err := Show(nil, os.ErrNotExist); err != os.ErrNotExist {
		t.Errorf("Show(nil, err) = %v, want err", err)
	}
}

// liveFrame is the frame LiveLoss draws at the end of the chapter's training: 5 epochs of 469
// batches.
func liveFrame() *Figure {
	l := NewLiveLoss()
	l.OnTrainBegin(nn.TrainInfo{Epochs: 5, StepsPerEpoch: 469, Samples: 60000, BatchSize: 128, Metrics: []string{"loss"}})
	for e := range 5 {
		sum := 0.0
		for b := range 469 {
			v := 0.05 + 0.3*math.Exp(-float64(e*469+b)/400)
			sum += v
			l.OnBatchEnd(e, b, nn.Logs{"batch_loss": v, "loss": sum / float64(b+1)})
		}
		l.OnEpochEnd(e, nn.Logs{"loss": sum / 469})
	}
	return l.Figure()
}

// zlibLevel returns the compression level (FLEVEL, 0 fastest to 3 best) of a PNG's first IDAT
// chunk's zlib stream.
func zlibLevel(t *testing.T, b []byte) byte {
	t.Helper()
	i := bytes.Index(b, []byte("IDAT"))
	if i < 0 || i+6 > len(b) {
		t.Fatal("no IDAT chunk")
	}
	return b[i+5] >> 6
}

// TestFramePNG: framePNG draws the same pixels as PNG, compressed for speed.
func TestFramePNG(t *testing.T) {
	f := liveFrame()
	kept, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	frame, err := f.framePNG()
	if err != nil {
		t.Fatal(err)
	}
	a, err := png.Decode(bytes.NewReader(kept))
	if err != nil {
		t.Fatal(err)
	}
	b, err := png.Decode(bytes.NewReader(frame))
	if err != nil {
		t.Fatal(err)
	}
	if a.Bounds() != b.Bounds() {
		t.Fatalf("framePNG is %v, PNG %v", b.Bounds(), a.Bounds())
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				t.Fatalf("pixel (%d, %d): framePNG %v, PNG %v", x, y, b.At(x, y), a.At(x, y))
			}
		}
	}
	if got, want := zlibLevel(t, frame), byte(0); got != want {
		t.Errorf("framePNG's zlib level is %d, want %d (fastest)", got, want)
	}
	if got, want := zlibLevel(t, kept), byte(2); got != want {
		t.Errorf("PNG's zlib level is %d, want %d (default)", got, want)
	}
}

// BenchmarkFramePNG draws the live loss frame of the chapter's training as PNG (kept in the
// notebook) and framePNG (redrawn four times a second while training, in the training's
// goroutine); png-bytes is the PNG's size.
func BenchmarkFramePNG(b *testing.B) {
	f := liveFrame()
	for _, c := range []struct {
		name   string
		encode func() ([]byte, error)
	}{{"PNG", f.PNG}, {"framePNG", f.framePNG}} {
		b.Run(c.name, func(b *testing.B) {
			var size int
			for range b.N {
				p, err := c.encode()
				if err != nil {
					b.Fatal(err)
				}
				size = len(p)
			}
			b.ReportMetric(float64(size), "png-bytes")
		})
	}
}
