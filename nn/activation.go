package nn

import (
	"fmt"
	"strings"

	"github.com/nnbook/nnbook/nn/autodiff"
)

// Activation names the element-wise function a layer applies to its output, as Keras's
// activation="relu" argument. It is a string, so both Activation: "relu" and Activation: nn.ReLU
// work. The empty string and "linear" mean no activation.
type Activation string

// The known activations (Deep Learning with Python, 2.1 uses relu and softmax; 2.3.1 defines relu).
const (
	Linear  Activation = ""        // identity: a(x) = x ("linear" is accepted too)
	ReLU    Activation = "relu"    // a(x) = max(x, 0)
	Sigmoid Activation = "sigmoid" // a(x) = 1/(1+e^-x)
	Tanh    Activation = "tanh"    // a(x) = tanh(x)
	Softmax Activation = "softmax" // a(x)_i = e^x_i / sum_j e^x_j over the last axis
)

// knownActivations lists the names an unknown activation's error shows.
var knownActivations = []string{"relu", "sigmoid", "tanh", "softmax", "linear"}

// Validate returns nil for a known activation and otherwise an error listing the known ones:
// `unknown activation "rleu"; known: "relu", "sigmoid", "tanh", "softmax", "linear" (or "")`.
func (a Activation) Validate() error {
	switch a {
	case Linear, "linear", ReLU, Sigmoid, Tanh, Softmax:
		return nil
	}
	return fmt.Errorf("unknown activation %q; known: %s (or \"\")", string(a), quoteList(knownActivations))
}

// String returns the Keras name of a: "relu", ..., "linear" for the empty Activation.
func (a Activation) String() string {
	if a == Linear {
		return "linear"
	}
	return string(a)
}

// apply records the activation of x on x's tape. It panics on an unknown activation (Build
// validates it first).
func (a Activation) apply(x *autodiff.Node) *autodiff.Node {
	switch a {
	case Linear, "linear":
		return x
	case ReLU:
		return x.Relu()
	case Sigmoid:
		return x.Sigmoid()
	case Tanh:
		return x.Tanh()
	case Softmax:
		return x.Softmax()
	}
	panic("nn: " + a.Validate().Error())
}

// quoteList formats names as `"a", "b", "c"`.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
