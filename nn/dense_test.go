package nn_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

func TestDenseGlorotInit(t *testing.T) {
	d := &nn.Dense{Units: 512, Name: "hidden"}
	if err := d.Build(tensor.Shape{784}, tensor.NewRand(1)); err != nil {
		t.Fatal(err)
	}
	if d.Kernel.Name != "hidden/kernel" || d.Bias.Name != "hidden/bias" {
		t.Errorf("names %q %q", d.Kernel.Name, d.Bias.Name)
	}
	if d.Kernel.Value.DType() != tensor.Float32 || !d.Kernel.Value.Shape().Equal(tensor.Shape{784, 512}) ||
		!d.Bias.Value.Shape().Equal(tensor.Shape{512}) {
		t.Fatalf("kernel %v, bias %v", d.Kernel.Value.Info(), d.Bias.Value.Info())
	}
	// Glorot uniform: U(-limit, limit), limit = sqrt(6/(784+512)) = 0.0680414; its mean is 0 and its
	// variance limit²/3 = 0.00154321. With 401,408 draws the sample mean's standard error is
	// sqrt(0.00154321/401408) = 6.2e-5, so |mean| < 5e-4 is 8 standard errors.
	limit := math.Sqrt(6.0 / (784 + 512))
	sum, sq := 0.0, 0.0
	for _, v := range d.Kernel.Value.Float32s() {
		if math.Abs(float64(v)) > limit {
			t.Fatalf("kernel value %v outside ±%v", v, limit)
		}
		sum += float64(v)
		sq += float64(v) * float64(v)
	}
	n := float64(784 * 512)
	if mean, variance := sum/n, sq/n-(sum/n)*(sum/n); math.Abs(mean) > 5e-4 || math.Abs(variance/(limit*limit/3)-1) > 0.02 {
		t.Errorf("kernel mean %v, variance %v; want 0 and %v", mean, variance, limit*limit/3)
	}
	for _, v := range d.Bias.Value.Float32s() {
		if v != 0 {
			t.Fatalf("bias %v, want zeros", v)
		}
	}
	// Building again with the same shape keeps the weights.
	k := d.Kernel
	if err := d.Build(tensor.Shape{784}, tensor.NewRand(2)); err != nil || d.Kernel != k {
		t.Errorf("rebuild: %v, kernel replaced: %v", err, d.Kernel != k)
	}
}

func TestDenseErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		d     *nn.Dense
		shape tensor.Shape
		want  string
	}{
		{"units", &nn.Dense{}, tensor.Shape{3}, "Dense: units must be a positive integer. Received: units=0"},
		{"activation", &nn.Dense{Units: 2, Activation: 200, Name: "d"},
			tensor.Shape{3}, `Dense "d": unknown activation 200 (use nn.ReLU, nn.Softmax, ... or RegisterActivation)`},
		{"rank", &nn.Dense{Units: 2}, tensor.Shape{28, 28},
			"Dense expects inputs of shape (None, features). Received: input shape (None, 28, 28); flatten the samples first, e.g. x.Reshape(-1, 784)"},
		{"declared", &nn.Dense{Units: 2, InputShape: []int{784}}, tensor.Shape{785},
			"Dense was declared with input_shape=(784,). Received: input shape (None, 785)"},
	} {
		err := c.d.Build(c.shape, nil)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: got %v\nwant %s", c.name, err, c.want)
		}
		if c.d.Built() || c.d.Weights() != nil {
			t.Errorf("%s: layer built despite the error", c.name)
		}
	}
}

func TestDenseCallPanics(t *testing.T) {
	expectPanic := func(name, want string, f func()) {
		t.Helper()
		defer func() {
			if s, _ := recover().(string); !strings.Contains(s, want) {
				t.Errorf("%s: panic %q, want it to contain %q", name, s, want)
			}
		}()
		f()
	}
	tp := autodiff.NewTape()
	d := &nn.Dense{Units: 2, Name: "d"}
	x := tp.Constant(tensor.Zeros(tensor.Float32, 5, 3))
	expectPanic("unbuilt", `nn.Dense "d".Call: layer is not built`, func() { d.Call(tp, x) })
	if err := d.Build(tensor.Shape{4}, nil); err != nil {
		t.Fatal(err)
	}
	expectPanic("shape", `nn.Dense "d".Call: input shape (5, 3) does not fit kernel shape (4, 2)`, func() { d.Call(tp, x) })
}

// swish is an activation registered from outside the package, as a newcomer would add one.
var swish = nn.RegisterActivation("swish", func(x *autodiff.Node) *autodiff.Node { return x.Mul(x.Sigmoid()) })

func TestActivations(t *testing.T) {
	// An identity kernel and zero bias leave x = [-1, 0, 2] to the activation alone.
	x := []float32{-1, 0, 2}
	e := math.Exp
	sm := e(-1) + e(0) + e(2)
	for _, c := range []struct {
		act  nn.Activation
		want []float64
	}{
		{nn.Linear, []float64{-1, 0, 2}},
		{swish, []float64{-1 / (1 + e(1)), 0, 2 / (1 + e(-2))}},
		{nn.ReLU, []float64{0, 0, 2}},
		{nn.Sigmoid, []float64{1 / (1 + e(1)), 0.5, 1 / (1 + e(-2))}},
		{nn.Tanh, []float64{math.Tanh(-1), 0, math.Tanh(2)}},
		{nn.Softmax, []float64{e(-1) / sm, e(0) / sm, e(2) / sm}},
	} {
		d := &nn.Dense{Units: 3, Activation: c.act}
		if err := d.Build(tensor.Shape{3}, nil); err != nil {
			t.Fatal(err)
		}
		d.Kernel.Assign(tensor.MustArray([][]float32{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}))
		tp := autodiff.NewTape()
		got := d.Call(tp, tp.Constant(tensor.FromSlice(x, 1, 3))).Value.Float32s()
		for i := range got {
			if math.Abs(float64(got[i])-c.want[i]) > 1e-6 {
				t.Errorf("%s: got %v, want %v", c.act, got, c.want)
				break
			}
		}
	}
	if nn.Linear.String() != "linear" || nn.ReLU.String() != "relu" || swish.String() != "swish" {
		t.Errorf("String: %q %q %q", nn.Linear.String(), nn.ReLU.String(), swish.String())
	}
	// A saved model records the Keras name and loads it back as the same typed value.
	m := nn.NewSequential(&nn.Dense{Units: 2, Activation: swish, InputShape: []int{3}}, &nn.Dense{Units: 2, Activation: nn.Softmax})
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"activation":"swish"`)) || !bytes.Contains(buf.Bytes(), []byte(`"activation":"softmax"`)) {
		t.Errorf("saved header does not name the activations: %.300s", buf.Bytes())
	}
	got, err := nn.ReadModel(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := got.Layers[0].(*nn.Dense).Activation, got.Layers[1].(*nn.Dense).Activation; a != swish || b != nn.Softmax {
		t.Errorf("loaded activations %v %v", a, b)
	}
}
