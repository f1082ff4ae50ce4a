package viz

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// synthPredictions returns 10000 labels, 1000 of each class, and predictions that are right
// 97% of the time and otherwise a "similar-looking" digit (4↔9, 3↔5, 7↔1, ...) or a random one.
func synthPredictions() (labels, predictions *tensor.Tensor) {
	r := rand.New(rand.NewPCG(3, 4))
	confuse := []int64{6, 7, 7, 5, 9, 3, 0, 1, 3, 4}
	lab := make([]int64, 10000)
	pred := make([]int64, 10000)
	for i := range lab {
		lab[i] = int64(i % 10)
		pred[i] = lab[i]
		switch u := r.Float64(); {
		case u < 0.02:
			pred[i] = confuse[lab[i]]
		case u < 0.03:
			pred[i] = int64(r.IntN(10))
		}
	}
	return tensor.FromSlice(lab), tensor.FromSlice(pred)
}

func TestConfusionMatrixGolden(t *testing.T) {
	f, err := ConfusionMatrix(synthPredictions())
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "confusion_matrix", f)
}

func TestConfusionMatrixErrors(t *testing.T) {
	l := tensor.FromSlice([]int64{0, 1, 2})
	for _, tc := range []struct {
		labels, pred *tensor.Tensor
		want         string
	}{
		{l, tensor.FromSlice([]int64{0, 1}), "3 labels but 2 predictions"},
		{l, tensor.New(tensor.Int64, 3, 10), "predictions must be 1-D class indices, got shape (3, 10)"},
		{tensor.FromSlice([]float32{0, 1.5, 2}), l, "labels[1] = 1.5"},
		{tensor.New(tensor.Int64, 0), tensor.New(tensor.Int64, 0), "no labels"},
		{nil, l, "labels is nil"},
	} {
		_, err := ConfusionMatrix(tc.labels, tc.pred)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ConfusionMatrix error = %v, want one containing %q", err, tc.want)
		}
	}
}
