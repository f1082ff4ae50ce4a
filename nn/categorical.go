package nn

import (
	"errors"
	"fmt"
	"github.com/nnbook/nnbook/internal/notebook"

	"github.com/nnbook/nnbook/nn/tensor"
)

// ToCategorical returns the one-hot encoding of integer class labels, as Keras's
// to_categorical (Deep Learning with Python, 1st edition 2.1: train_labels =
// to_categorical(train_labels)): a Float32 tensor of shape labels.Shape() + (numClasses,) with 1 at
// each label's class and 0 elsewhere. numClasses 0 means the largest label + 1.
//
// labels may be Uint8, Int64 or whole-number floats. A negative label, a label >= numClasses, a
// non-integer float or a negative numClasses is an error naming the value.
func ToCategorical(labels *tensor.Tensor, numClasses int) (*tensor.Tensor, error) {
	if labels == nil {
		return nil, fmt.Errorf("nn.ToCategorical: labels is nil")
	}
	if numClasses < 0 {
		return nil, fmt.Errorf("nn.ToCategorical: num_classes must be positive or 0 (inferred). Received: num_classes=%d", numClasses)
	}
	vals, err := tensor.ClassLabels(labels, numClasses)
	var le *tensor.LabelError
	if errors.As(err, &le) && le.Whole {
		k := numClasses
		if k == 0 {
			k = int(le.Max) + 1
		}
		return nil, fmt.Errorf("nn.ToCategorical: labels must be in [0, %d). Received: label %v at flat index %d", k, le.Value, le.Index)
	}
	if err != nil {
		return nil, labelError("ToCategorical", labels, err, "")
	}
	k := numClasses
	if k == 0 {
		for _, v := range vals {
			k = max(k, v+1)
		}
	}
	out := make([]float32, len(vals)*k)
	for i, v := range vals {
		out[i*k+v] = 1
	}
	return tensor.FromSlice(out, append(labels.Shape(), k)...), nil
}

// MustToCategorical is ToCategorical that panics on error, for notebook cells (inside a GoNB
// notebook it shows the message and the cell's line instead of a goroutine dump).
func MustToCategorical(labels *tensor.Tensor, numClasses int) *tensor.Tensor {
	t, err := ToCategorical(labels, numClasses)
	if err != nil {
		notebook.Panic(err)
	}
	return t
}
