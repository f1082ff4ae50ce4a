package viz

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// synthKernel returns a (784, units) kernel whose unit u is the synthetic digit u%10 (centred
// to mean 0, sign flipped for odd u/10) plus uniform noise of ±0.3 of its largest weight.
func synthKernel(units int) *tensor.Tensor {
	r := rand.New(rand.NewPCG(1, 2))
	w := make([]float32, 784*units)
	var digits [10][]uint8
	for d := range digits {
		digits[d] = synthDigit(d)
	}
	for u := range units {
		d := digits[u%10]
		mean := 0.0
		for _, v := range d {
			mean += float64(v) / 255 / 784
		}
		sign := 1.0
		if (u/10)%2 == 1 {
			sign = -1
		}
		for p, v := range d {
			w[p*units+u] = float32(0.05 * (sign*(float64(v)/255-mean) + 0.3*(2*r.Float64()-1)))
		}
	}
	return tensor.FromSlice(w, 784, units)
}

func TestDenseWeightsGolden(t *testing.T) {
	f, err := DenseWeights(synthKernel(512))
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "dense_weights", f)
}

func TestDenseWeightsErrors(t *testing.T) {
	for _, tc := range []struct {
		in   *tensor.Tensor
		want string
	}{
		{tensor.New(tensor.Float32, 512, 784), "got (512, 784)"},
		{tensor.New(tensor.Float32, 784), "got (784,)"},
		{tensor.FromSlice([]float64{0, math.NaN(), 0, 0}, 4, 1), "element 1 is NaN"},
		{nil, "kernel is nil"},
	} {
		_, err := DenseWeights(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("DenseWeights error = %v, want one containing %q", err, tc.want)
		}
	}
}
