package autodiff

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/nnbook/nnbook/nn/tensor"
)

// torchReference is testdata/torch_reference.json, written by testdata/torch_reference.py.
type torchReference struct {
	Inputs struct {
		X      [][]float64 `json:"x"`
		W1     [][]float64 `json:"W1"`
		B1     []float64   `json:"b1"`
		W2     [][]float64 `json:"W2"`
		B2     []float64   `json:"b2"`
		Labels []int64     `json:"labels"`
	} `json:"inputs"`
	Cases map[string]struct {
		Hidden [][]float64 `json:"hidden"`
		Logits [][]float64 `json:"logits"`
		Probs  [][]float64 `json:"probs"`
		Loss   float64     `json:"loss"`
		Grads  struct {
			W1 [][]float64 `json:"W1"`
			B1 []float64   `json:"b1"`
			W2 [][]float64 `json:"W2"`
			B2 []float64   `json:"b2"`
		} `json:"grads"`
	} `json:"cases"`
}

// TestTorchReference rebuilds the network of testdata/torch_reference.py on a tape, in float64 and
// in float32, and checks its forward values, loss and gradients against PyTorch's to 1e-5.
func TestTorchReference(t *testing.T) {
	data, err := os.ReadFile("testdata/torch_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref torchReference
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	in := ref.Inputs
	labels := tensor.MustArray(in.Labels)
	oneHot := tensor.Zeros(tensor.Float64, len(in.Labels), 2)
	for i, c := range in.Labels {
		oneHot.Set(1, i, int(c))
	}
	const tol = 1e-5
	for _, dtype := range []tensor.DType{tensor.Float64, tensor.Float32} {
		maxErr := 0.0
		check := func(name string, got *tensor.Tensor, want any) {
			t.Helper()
			w := tensor.MustArray(want)
			if got.DType() != dtype {
				t.Errorf("%v %s: dtype %v", dtype, name, got.DType())
			}
			if !got.Shape().Equal(w.Shape()) {
				t.Errorf("%v %s: shape got %v, want %v", dtype, name, got.Shape(), w.Shape())
				return
			}
			g, wv := got.Float64s(), w.Float64s()
			for i := range g {
				e := math.Abs(g[i] - wv[i])
				maxErr = math.Max(maxErr, e)
				if !(e <= tol) {
					t.Errorf("%v %s: element %d got %v, want %v", dtype, name, i, g[i], wv[i])
				}
			}
		}
		for name, want := range ref.Cases {
			// Each loss variant is checked; the tanh_categorical case also through the plain path.
			variants := map[string]func(logits, probs *Node) *Node{"": nil}
			if name == "tanh_categorical" {
				variants["plain"] = func(_, probs *Node) *Node {
					return probs.tape.Constant(oneHot.AsType(dtype)).Mul(probs.Log()).Sum(-1).Mean().Neg()
				}
			}
			for variant, plain := range variants {
				label := fmt.Sprintf("%s %s", name, variant)
				vars := map[string]*Variable{
					"W1": NewVariable("W1", tensor.MustArray(in.W1).AsType(dtype)),
					"b1": NewVariable("b1", tensor.MustArray(in.B1).AsType(dtype)),
					"W2": NewVariable("W2", tensor.MustArray(in.W2).AsType(dtype)),
					"b2": NewVariable("b2", tensor.MustArray(in.B2).AsType(dtype)),
				}
				tp := NewTape()
				x := tp.Constant(tensor.MustArray(in.X).AsType(dtype))
				pre := x.MatMul(tp.Watch(vars["W1"])).BiasAdd(tp.Watch(vars["b1"]))
				var hidden *Node
				if name == "relu_sparse" {
					hidden = pre.Relu()
				} else {
					hidden = pre.Tanh()
				}
				logits := hidden.MatMul(tp.Watch(vars["W2"])).BiasAdd(tp.Watch(vars["b2"]))
				var probs, loss *Node
				switch name {
				case "relu_sparse":
					probs = logits.Softmax()
					loss = SparseCategoricalCrossentropy(labels, probs)
				case "tanh_categorical":
					probs = logits.Softmax()
					loss = CategoricalCrossentropy(oneHot, probs)
				case "tanh_sigmoid_mse":
					probs = logits.Sigmoid()
					loss = probs.Sub(tp.Constant(oneHot.AsType(dtype))).Square().Mean()
				default:
					t.Fatalf("unknown case %q", name)
				}
				if plain != nil {
					loss = plain(logits, probs)
				}
				check(label+" hidden", hidden.Value, want.Hidden)
				check(label+" logits", logits.Value, want.Logits)
				check(label+" probs", probs.Value, want.Probs)
				check(label+" loss", loss.Value, want.Loss)
				g := tp.Gradient(loss, vars["W1"], vars["b1"], vars["W2"], vars["b2"])
				check(label+" dW1", g[0], want.Grads.W1)
				check(label+" db1", g[1], want.Grads.B1)
				check(label+" dW2", g[2], want.Grads.W2)
				check(label+" db2", g[3], want.Grads.B2)
			}
		}
		t.Logf("%v: largest difference from PyTorch %.3g", dtype, maxErr)
	}
}
