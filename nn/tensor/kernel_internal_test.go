package tensor

import (
	"math"
	"testing"
)

// TestLargeElementwiseSplit: element-wise passes from largeSplit elements up are split over the
// cores; every element must come out as the one-element-at-a-time definition gives it.
func TestLargeElementwiseSplit(t *testing.T) {
	n := largeSplit*2 + 37 // several parts, the last one short
	raw := make([]uint8, n)
	for i := range raw {
		raw[i] = uint8(i*7 + i/300)
	}
	u := FromSlice(raw, n)
	f := u.AsType(Float32)
	d := f.DivScalar(255)
	g := FromSlice(make([]float32, n), n)
	for i := range n {
		g.data.([]float32)[i] = float32(i%1000) - 500
	}
	sum := d.Add(g)
	fd, dd, sd := f.data.([]float32), d.data.([]float32), sum.data.([]float32)
	for i, v := range raw {
		want := float32(v)
		if fd[i] != want {
			t.Fatalf("AsType: element %d = %v, want %v", i, fd[i], want)
		}
		if q := want / 255; math.Float32bits(dd[i]) != math.Float32bits(q) {
			t.Fatalf("DivScalar: element %d = %v, want %v", i, dd[i], q)
		}
		if s := dd[i] + g.data.([]float32)[i]; sd[i] != s {
			t.Fatalf("Add: element %d = %v, want %v", i, sd[i], s)
		}
	}
}
