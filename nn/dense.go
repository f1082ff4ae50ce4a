package nn

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// Dense is a densely connected layer, as keras.layers.Dense (Deep Learning with Python, 2.1):
//
//	output = activation(dot(input, kernel) + bias)
//
// with inputs of shape (batch, inputDim), Kernel of shape (inputDim, Units), Bias of shape (Units,)
// and outputs of shape (batch, Units), all float32. It has inputDim*Units + Units parameters: the
// chapter's Dense(512) on 784 inputs has 784*512 + 512 = 401,920.
//
// Build initializes Kernel with Glorot (Xavier) uniform draws from U(-limit, limit),
// limit = sqrt(6 / (inputDim + Units)), and Bias with zeros, as Keras's defaults. The input size is
// InputShape when given, otherwise the width of the first batch the model sees.
//
// Use it as a struct literal: &nn.Dense{Units: 512, Activation: nn.ReLU} (the book's
// layers.Dense(512, activation="relu")); set InputShape: []int{784} to write the 1st edition's
// input_shape=(28*28,). Build returns an error for Units <= 0 or an unknown Activation.
type Dense struct {
	// Units is the output size (dimensionality of the output space); it must be positive.
	Units int
	// Activation is applied element-wise to the output; the zero value is linear (none).
	Activation Activation
	// InputShape optionally declares the per-sample input shape, as Keras's input_shape=(784,);
	// nil means inferred from the data.
	InputShape []int
	// Name is the layer's name; empty means "dense", "dense_1", ... given by the model.
	Name string

	// Kernel and Bias are the weights, nil until Build: Kernel (inputDim, Units), Bias (Units,).
	Kernel, Bias *autodiff.Variable
}

var _ Layer = (*Dense)(nil)

// denseConfig is what Save writes for a Dense layer (Keras's get_config keys).
type denseConfig struct {
	Name       string `json:"name"`
	Units      int    `json:"units"`
	Activation string `json:"activation"`
	InputShape []int  `json:"input_shape,omitempty"`
}

func init() {
	RegisterLayer("Dense", func(raw json.RawMessage) (Layer, error) {
		var c denseConfig
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, fmt.Errorf("Dense config: %w", err)
		}
		act := Linear
		if c.Activation != "" {
			a, err := ActivationByName(c.Activation)
			if err != nil {
				return nil, fmt.Errorf("Dense config: %w", err)
			}
			act = a
		}
		return &Dense{Units: c.Units, Activation: act, InputShape: c.InputShape, Name: c.Name}, nil
	})
}

// ClassName returns "Dense".
func (d *Dense) ClassName() string { return "Dense" }

// LayerName returns d.Name.
func (d *Dense) LayerName() string { return d.Name }

// SetLayerName sets d.Name.
func (d *Dense) SetLayerName(name string) { d.Name = name }

// DeclaredInputShape returns d.InputShape.
func (d *Dense) DeclaredInputShape() []int { return d.InputShape }

// Config returns the layer's name, units, activation and declared input shape.
func (d *Dense) Config() any {
	return denseConfig{Name: d.Name, Units: d.Units, Activation: d.Activation.String(), InputShape: d.InputShape}
}

// label names d in messages: `Dense "dense_1"`.
func (d *Dense) label() string {
	if d.Name == "" {
		return "Dense"
	}
	return fmt.Sprintf("Dense %q", d.Name)
}

// validate checks Units and Activation.
func (d *Dense) validate() error {
	if d.Units <= 0 {
		return fmt.Errorf("%s: units must be a positive integer. Received: units=%d", d.label(), d.Units)
	}
	if err := d.Activation.Validate(); err != nil {
		return fmt.Errorf("%s: %w", d.label(), err)
	}
	return nil
}

// OutputShape returns (Units,) for an input shape (inputDim,), and an error for any other rank or
// when it contradicts InputShape.
func (d *Dense) OutputShape(inputShape tensor.Shape) (tensor.Shape, error) {
	if err := d.validate(); err != nil {
		return nil, err
	}
	if len(inputShape) != 1 || inputShape[0] <= 0 {
		return nil, fmt.Errorf("%s expects inputs of shape (None, features). Received: input shape %v; "+
			"flatten the samples first, e.g. x.Reshape(-1, %d)", d.label(), noneShape(inputShape), tensor.Shape(inputShape).Size())
	}
	if d.InputShape != nil && !tensor.Shape(d.InputShape).Equal(inputShape) {
		return nil, fmt.Errorf("%s was declared with input_shape=%v. Received: input shape %v",
			d.label(), tensor.Shape(d.InputShape), noneShape(inputShape))
	}
	if d.Kernel != nil && d.Kernel.Value.Dim(0) != inputShape[0] {
		return nil, fmt.Errorf("%s expects inputs of shape %v (its kernel is %v). Received: input shape %v",
			d.label(), noneShape(tensor.Shape{d.Kernel.Value.Dim(0)}), d.Kernel.Value.Shape(), noneShape(inputShape))
	}
	return tensor.Shape{d.Units}, nil
}

// WeightShapes returns the shapes of Kernel and Bias for inputs of shape (inputDim,):
// [(inputDim, Units), (Units,)], and an error as OutputShape's.
func (d *Dense) WeightShapes(inputShape tensor.Shape) ([]tensor.Shape, error) {
	if _, err := d.OutputShape(inputShape); err != nil {
		return nil, err
	}
	return []tensor.Shape{{inputShape[0], d.Units}, {d.Units}}, nil
}

// Build creates Kernel (Glorot uniform, drawn from rng; nil rng means the stream of the first
// layer of a Sequential with Seed 0) and Bias (zeros) for the per-sample input shape (inputDim,).
// Building again with the same input shape keeps the existing weights; a different one is an
// error.
func (d *Dense) Build(inputShape tensor.Shape, rng *rand.Rand) error {
	if _, err := d.OutputShape(inputShape); err != nil {
		return err
	}
	if d.Kernel != nil {
		return nil
	}
	if rng == nil {
		rng = newStream(0, "layer", 0)
	}
	fanIn, fanOut := inputShape[0], d.Units
	limit := math.Sqrt(6 / float64(fanIn+fanOut))
	d.Kernel = autodiff.NewVariable(d.Name+"/kernel", tensor.RandomUniform(rng, tensor.Float32, -limit, limit, fanIn, fanOut))
	d.Bias = autodiff.NewVariable(d.Name+"/bias", tensor.Zeros(tensor.Float32, fanOut))
	return nil
}

// Built reports whether d has its weights.
func (d *Dense) Built() bool { return d.Kernel != nil }

// Weights returns [Kernel, Bias], or nil before Build.
func (d *Dense) Weights() []*autodiff.Variable {
	if d.Kernel == nil {
		return nil
	}
	return []*autodiff.Variable{d.Kernel, d.Bias}
}

// Call records activation(x·Kernel + Bias) on tp for a batch x of shape (batch, inputDim): one
// autodiff Dense node ("dense_relu" for ReLU; "dense" followed by the activation's node otherwise).
// It panics if d is not built or x's shape does not fit Kernel, naming both shapes.
func (d *Dense) Call(tp *autodiff.Tape, x *autodiff.Node) *autodiff.Node {
	if d.Kernel == nil {
		panic(fmt.Sprintf("nn.%s.Call: layer is not built; call Build (or the model's Build, Fit or Predict) first", d.label()))
	}
	if xs := x.Value.Shape(); len(xs) != 2 || xs[1] != d.Kernel.Value.Dim(0) {
		panic(fmt.Sprintf("nn.%s.Call: input shape %v does not fit kernel shape %v", d.label(), xs, d.Kernel.Value.Shape()))
	}
	// One fused node for x·Kernel + Bias (and its ReLU): autodiff's Dense.
	if d.Activation == ReLU {
		return x.Dense(tp.Watch(d.Kernel), tp.Watch(d.Bias), true)
	}
	return d.Activation.apply(x.Dense(tp.Watch(d.Kernel), tp.Watch(d.Bias), false))
}

// noneShape formats a per-sample shape with Keras's batch axis: (None, 784), (None, 28, 28).
func noneShape(s tensor.Shape) string {
	if len(s) == 0 {
		return "(None,)"
	}
	inner := s.String()
	inner = strings.TrimSuffix(inner[1:len(inner)-1], ",")
	return "(None, " + inner + ")"
}
