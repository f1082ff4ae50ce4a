package gemm

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPackBTranspose checks that packing a transposed B through each
// kernel's 16×16 transposer gives the same panel as the scalar loops.
func TestPackBTranspose(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, K := range kernels {
		if K.tpose == nil {
			continue
		}
		for _, tc := range []struct{ kc, nr, w, p0, j0, ld int }{
			{16, 16, 16, 0, 0, 16},
			{16, 32, 32, 0, 0, 16},
			{33, 32, 32, 1, 3, 70},
			{100, 31, 32, 5, 0, 131},
			{47, 17, 32, 0, 2, 64},
			{15, 32, 32, 0, 0, 15},
			{64, 16, 16, 16, 16, 200},
		} {
			// Stored B is n×k (transposed): rows j0..j0+nr, columns p0..p0+kc.
			data := filled(rng, (tc.j0+tc.nr)*tc.ld, false)
			b := view{data, tc.ld, 1}.t()
			got := make([]float32, tc.kc*tc.w)
			want := make([]float32, tc.kc*tc.w)
			packB(got, b, tc.p0, tc.kc, tc.j0, tc.nr, tc.w, K.tpose)
			packB(want, b, tc.p0, tc.kc, tc.j0, tc.nr, tc.w, nil)
			if !slices.Equal(got, want) {
				for i := range got {
					if got[i] != want[i] {
						t.Errorf("%s %+v: dst[%d] (p=%d, j=%d): got %v, want %v",
							K.name, tc, i, i/tc.w, i%tc.w, got[i], want[i])
						break
					}
				}
			}
		}
	}
}
