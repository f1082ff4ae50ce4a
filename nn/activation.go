package nn

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/nnbook/nnbook/nn/autodiff"
)

// Activation is the element-wise function a layer applies to its output, as Keras's
// activation="relu" argument, written Activation: nn.ReLU. It is a typed value, so a misspelt
// activation fails to compile; the Keras name ("relu") is what String returns, what a saved model
// records, and what ActivationByName takes. The zero value is Linear (no activation).
type Activation uint8

// The built-in activations (Deep Learning with Python, 2.1 uses relu and softmax; 2.3.1 defines
// relu). RegisterActivation adds others.
const (
	Linear  Activation = iota // identity: a(x) = x; Keras's "linear"
	ReLU                      // a(x) = max(x, 0)
	Sigmoid                   // a(x) = 1/(1+e^-x)
	Tanh                      // a(x) = tanh(x)
	Softmax                   // a(x)_i = e^x_i / sum_j e^x_j over the last axis
)

// activationFuncs holds each activation's name and function, indexed by Activation.
var (
	activationMu    sync.RWMutex
	activationFuncs []activationFunc
)

type activationFunc struct {
	name  string
	apply func(x *autodiff.Node) *autodiff.Node
}

func init() {
	for _, a := range []activationFunc{
		{"linear", func(x *autodiff.Node) *autodiff.Node { return x }},
		{"relu", (*autodiff.Node).Relu},
		{"sigmoid", (*autodiff.Node).Sigmoid},
		{"tanh", (*autodiff.Node).Tanh},
		{"softmax", (*autodiff.Node).Softmax},
	} {
		RegisterActivation(a.name, a.apply)
	}
}

// RegisterActivation adds an activation named name (Keras's name, used by String, Save,
// LoadModel and ActivationByName) computing apply on a tape, and returns it:
//
//	var Swish = nn.RegisterActivation("swish", func(x *autodiff.Node) *autodiff.Node {
//		return x.Mul(x.Sigmoid())
//	})
//
// It panics when name is already registered or 256 activations exist.
func RegisterActivation(name string, apply func(x *autodiff.Node) *autodiff.Node) Activation {
	activationMu.Lock()
	if len(activationFuncs) > 255 {
		activationMu.Unlock()
		panic("nn.RegisterActivation: too many activations")
	}
	a := Activation(len(activationFuncs))
	activationFuncs = append(activationFuncs, activationFunc{name, apply})
	activationMu.Unlock()
	activations.add(&entry[Activation]{className: name, decode: func(json.RawMessage) (Activation, error) { return a, nil }})
	return a
}

// lookup returns a's name and function, ok false for a value no one registered.
func (a Activation) lookup() (activationFunc, bool) {
	activationMu.RLock()
	defer activationMu.RUnlock()
	if int(a) < len(activationFuncs) {
		return activationFuncs[a], true
	}
	return activationFunc{}, false
}

// Validate returns nil for a registered activation and otherwise an error naming it.
func (a Activation) Validate() error {
	if _, ok := a.lookup(); !ok {
		return fmt.Errorf("unknown activation %d (use nn.ReLU, nn.Softmax, ... or RegisterActivation)", uint8(a))
	}
	return nil
}

// String returns the Keras name of a: "linear", "relu", "sigmoid", "tanh", "softmax".
func (a Activation) String() string {
	if f, ok := a.lookup(); ok {
		return f.name
	}
	return fmt.Sprintf("Activation(%d)", uint8(a))
}

// apply records the activation of x on x's tape. It panics on an unregistered activation (Build
// validates it first).
func (a Activation) apply(x *autodiff.Node) *autodiff.Node {
	f, ok := a.lookup()
	if !ok {
		panic("nn: " + a.Validate().Error())
	}
	return f.apply(x)
}

// quoteList formats names as `"a", "b", "c"`.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
