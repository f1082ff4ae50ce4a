package tensor

import (
	"strings"
	"testing"
)

// TestTileMatchesNumPy checks shapes and values against np.tile (values printed by
// python3 -c "import numpy as np; print(np.tile(np.arange(6).reshape(2,3), (2,1,2)).ravel())").
func TestTileMatchesNumPy(t *testing.T) {
	x := Arange(Float64, 6).Reshape(2, 3)
	got := x.Tile(2, 1, 2)
	if !got.Shape().Equal(Shape{2, 2, 6}) {
		t.Fatalf("Tile(2, 1, 2) of (2, 3): shape %v, want (2, 2, 6)", got.Shape())
	}
	want := []float64{0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5, 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}
	for i, v := range got.Float64s() {
		if v != want[i] {
			t.Fatalf("Tile(2, 1, 2)[%d] = %g, want %g (got %v)", i, v, want[i], got.Float64s())
		}
	}
	if z := x.Tile(0, 1); !z.Shape().Equal(Shape{0, 3}) {
		t.Errorf("Tile(0, 1): shape %v, want (0, 3)", z.Shape())
	}
	c := x.Tile(1, 1)
	c.Set(99, 0, 0)
	if x.At(0, 0) != 0 {
		t.Errorf("Tile(1, 1) shares memory with its input")
	}
	// A view (the transpose) tiles as its values, not its storage order.
	if tr := x.T().Tile(1, 2); tr.At(0, 1) != 3 || tr.At(0, 2) != 0 {
		t.Errorf("Tile of a transposed view: got %v", tr)
	}
}

func TestTileNegativePanics(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "negative repetition count -1") {
			t.Errorf("Tile(-1): recovered %v, want a message naming the count", r)
		}
	}()
	Arange(Float64, 3).Tile(-1)
}

func TestRandomIsReproducibleAndSeeded(t *testing.T) {
	Seed(0)
	a := Random(3, 4)
	b := Random(3, 4)
	Seed(0)
	if !AllClose(Random(3, 4), a, 0, 0) {
		t.Errorf("Seed(0) does not restart the sequence")
	}
	if AllClose(a, b, 0, 0) {
		t.Errorf("two draws gave the same tensor")
	}
	Seed(7)
	if AllClose(Random(3, 4), a, 0, 0) {
		t.Errorf("Seed(7) gives the numbers of Seed(0)")
	}
	Seed(0)
}
