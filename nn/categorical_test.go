package nn_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/tensor"
)

func TestToCategorical(t *testing.T) {
	y, err := nn.ToCategorical(tensor.MustArray([][]int{{2, 0}, {1, 2}}), 4)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0}
	if !y.Shape().Equal(tensor.Shape{2, 2, 4}) || y.DType() != tensor.Float32 || !reflect.DeepEqual(y.Float32s(), want) {
		t.Errorf("got %v %v", y.Info(), y.Float32s())
	}
	for _, c := range []struct {
		labels *tensor.Tensor
		k      int
		want   string
	}{
		{tensor.FromSlice([]uint8{1, 3}), 3, "labels must be in [0, 3). Received: label 3 at flat index 1"},
		{tensor.FromSlice([]int64{1, -1}), 0, "labels must be in [0, 2). Received: label -1 at flat index 1"},
		{tensor.FromSlice([]float32{1.5}), 0, "labels must be whole numbers. Received: y[0] = 1.5 (dtype float32)"},
		{tensor.FromSlice([]uint8{1}), -2, "Received: num_classes=-2"},
		{nil, 2, "labels is nil"},
	} {
		_, err := nn.ToCategorical(c.labels, c.k)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}

func TestAccuracy(t *testing.T) {
	pred := tensor.MustArray([][]float32{{0.1, 0.7, 0.2}, {0.5, 0.5, 0}, {0, 0.1, 0.9}, {0.3, 0.3, 0.4}})
	// Argmax per row (first index on ties): 1, 0, 2, 2.
	sparse := tensor.FromSlice([]int64{1, 1, 2, 0})
	if got := (nn.Accuracy{}).Compute(sparse, pred); got != 0.5 {
		t.Errorf("sparse accuracy %v, want 2/4", got)
	}
	if got := (nn.Accuracy{}).Compute(nn.MustToCategorical(sparse, 3), pred); got != 0.5 {
		t.Errorf("one-hot accuracy %v, want 2/4", got)
	}
}

func TestHistory(t *testing.T) {
	h := nn.NewHistory()
	if h.String() != "History(no epochs)" || h.Loss() != nil || h.Epochs() != 0 {
		t.Errorf("empty history: %v", h)
	}
	h.Epoch = []int{0, 1}
	h.History = map[string][]float64{"val_loss": {3, 4}, "loss": {1, 0.0002}, "val_accuracy": {0.5, 1}, "accuracy": {0.25, 0.75}}
	if got, want := h.Keys(), []string{"loss", "accuracy", "val_loss", "val_accuracy"}; !reflect.DeepEqual(got, want) {
		t.Errorf("keys %v, want %v", got, want)
	}
	want := "epoch 1: loss 1.0000 - accuracy 0.2500 - val_loss 3.0000 - val_accuracy 0.5000\n" +
		"epoch 2: loss 2.0000e-04 - accuracy 0.7500 - val_loss 4.0000 - val_accuracy 1.0000"
	if got := h.String(); got != want {
		t.Errorf("String:\n%s\nwant\n%s", got, want)
	}
	if h.ValLoss()[1] != 4 || h.ValAccuracy()[0] != 0.5 || h.Metric("auc") != nil {
		t.Error("accessors")
	}
	var nilH *nn.History
	if nilH.Loss() != nil || nilH.Epochs() != 0 || nilH.Keys() != nil {
		t.Error("nil history accessors")
	}
}
