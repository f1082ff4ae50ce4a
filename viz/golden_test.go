package viz

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "regenerate the golden images in testdata/golden")

// goldenDir is testdata/golden as an absolute path: TestMain changes the working directory.
var goldenDir string

// TestMain runs the tests and examples in a temporary working directory, so that the
// examples' Show writes nnbook-plots/*.png there (and prints that relative path) instead of
// into the source tree.
func TestMain(m *testing.M) {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	goldenDir = filepath.Join(wd, "testdata", "golden")
	tmp, err := os.MkdirTemp("", "viz-test-")
	if err != nil {
		panic(err)
	}
	if err := os.Chdir(tmp); err != nil {
		panic(err)
	}
	code := m.Run()
	_ = os.Chdir(wd)
	_ = os.RemoveAll(tmp)
	os.Exit(code)
}

// Tolerance of the golden comparison: a pixel differs when one of its channels differs by
// more than pixelTol out of 255; the images match when at most maxDiffFraction of the pixels
// differ (anti-aliasing may change a little between architectures, the picture may not).
const (
	pixelTol        = 24
	maxDiffFraction = 0.002
)

// checkGolden renders f and compares it with testdata/golden/<name>.png, or rewrites that
// file with -update.
func checkGolden(t *testing.T, name string, f *Figure) {
	t.Helper()
	got, err := f.PNG()
	if err != nil {
		t.Fatalf("%s: PNG: %v", name, err)
	}
	path := filepath.Join(goldenDir, name+".png")
	if *update {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v (run go test ./viz -update to create it)", name, err)
	}
	if msg := comparePNG(got, want); msg != "" {
		out := filepath.Join(os.TempDir(), "viz-failed-"+name+".png")
		_ = os.WriteFile(out, got, 0o644)
		t.Errorf("%s: rendering differs from %s: %s; got written to %s", name, path, msg, out)
	}
}

// comparePNG returns "" when the PNGs a and b match within the tolerance, else what differs.
func comparePNG(a, b []byte) string {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return err.Error()
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return err.Error()
	}
	if ia.Bounds() != ib.Bounds() {
		return fmt.Sprintf("size %v, want %v", ia.Bounds().Size(), ib.Bounds().Size())
	}
	r := ia.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if colorDiff(ia, ib, x, y) > pixelTol {
				n++
			}
		}
	}
	if frac := float64(n) / float64(r.Dx()*r.Dy()); frac > maxDiffFraction {
		return fmt.Sprintf("%d of %d pixels differ (%.2f%%, tolerance %.2f%%)", n, r.Dx()*r.Dy(), 100*frac, 100*maxDiffFraction)
	}
	return ""
}

func colorDiff(a, b image.Image, x, y int) uint32 {
	r1, g1, b1, _ := a.At(x, y).RGBA()
	r2, g2, b2, _ := b.At(x, y).RGBA()
	d := func(u, v uint32) uint32 {
		if u > v {
			return (u - v) >> 8
		}
		return (v - u) >> 8
	}
	return max(d(r1, r2), d(g1, g2), d(b1, b2))
}

func TestComparePNGDetectsChange(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	var a, b bytes.Buffer
	_ = png.Encode(&a, img)
	img.Pix[0], img.Pix[3] = 255, 255 // one red pixel of 100: 1% > 0.2%
	_ = png.Encode(&b, img)
	if msg := comparePNG(a.Bytes(), a.Bytes()); msg != "" {
		t.Errorf("same image: %s", msg)
	}
	if msg := comparePNG(a.Bytes(), b.Bytes()); msg == "" {
		t.Errorf("one pixel of 100 changed: comparePNG found no difference")
	}
}
