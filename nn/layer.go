package nn

import (
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// Layer is one stage of a model, as keras.layers.Layer: it owns weights (autodiff variables) and
// maps a batch of inputs to a batch of outputs on a gradient tape.
//
// Shapes given to and returned by a Layer are per sample, without the batch axis: a Dense layer
// on MNIST's flattened images has input shape (784,), which Keras prints (None, 784).
type Layer interface {
	// ClassName is the layer's type as Keras names it: "Dense".
	ClassName() string
	// LayerName is the layer's name in its model ("dense", "dense_1"); SetLayerName changes it.
	// Sequential names unnamed layers when they are added.
	LayerName() string
	SetLayerName(name string)
	// Build creates the weights for inputs of the given per-sample shape, drawing any random
	// initial values from rng. It returns an error naming the shape when the layer cannot take it,
	// or when its configuration is invalid. Building again with the same shape does nothing.
	Build(inputShape tensor.Shape, rng *rand.Rand) error
	// Built reports whether Build has succeeded.
	Built() bool
	// OutputShape returns the per-sample output shape for the given input shape, or an error
	// naming the shape when the layer cannot take it. It does not need Build.
	OutputShape(inputShape tensor.Shape) (tensor.Shape, error)
	// WeightShapes returns the shapes of the weights Build creates for the given per-sample input
	// shape, in Weights' order, without allocating them (nil for a layer without weights), or an
	// error as OutputShape's. LoadModel checks a file's weight sizes with it before building.
	WeightShapes(inputShape tensor.Shape) ([]tensor.Shape, error)
	// Call records the layer's computation on x's tape: x is a batch (batch, input shape...).
	// The layer must be built; a wrong input shape panics naming both shapes.
	Call(tp *autodiff.Tape, x *autodiff.Node) *autodiff.Node
	// Weights returns the layer's variables in Keras's order (e.g. kernel, bias); nil before Build.
	Weights() []*autodiff.Variable
	// Config returns the layer's configuration as a JSON-encodable value (Keras's get_config),
	// from which the func given to RegisterLayer rebuilds an unbuilt layer.
	Config() any
}

// inputShaper is implemented by layers that can declare the model's input shape, as the 1st
// edition's Dense(512, input_shape=(28*28,)).
type inputShaper interface {
	DeclaredInputShape() []int
}

// snakeCase returns Keras's default name prefix for a class name: "Dense" → "dense",
// "BatchNormalization" → "batch_normalization".
func snakeCase(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// countParams returns the number of scalars in ws.
func countParams(ws []*autodiff.Variable) int {
	n := 0
	for _, w := range ws {
		n += w.Value.Size()
	}
	return n
}
