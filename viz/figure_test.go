package viz

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"

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
