package nn_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn"
)

func layerNames(m *nn.Sequential) []string {
	var names []string
	for _, l := range m.Layers {
		names = append(names, l.LayerName())
	}
	return names
}

func TestSequentialNames(t *testing.T) {
	m := nn.NewSequential(&nn.Dense{Units: 4}, &nn.Dense{Units: 4, Name: "dense_1"}, &nn.Dense{Units: 4})
	m.Add(&nn.Dense{Units: 2, Name: "out"})
	if got, want := layerNames(m), []string{"dense", "dense_1", "dense_2", "out"}; !reflect.DeepEqual(got, want) {
		t.Errorf("names %v, want %v", got, want)
	}
	// Layers appended to the field directly are named when the model is built.
	m.Layers = append(m.Layers, &nn.Dense{Units: 2})
	if err := m.Build(3); err != nil {
		t.Fatal(err)
	}
	if got := m.Layers[4].LayerName(); got != "dense_3" {
		t.Errorf("name %q, want dense_3", got)
	}
	if got := m.Weights()[0].Name; got != "dense/kernel" {
		t.Errorf("first weight %q, want dense/kernel", got)
	}
}

func TestSequentialErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		m    *nn.Sequential
		want string
	}{
		{"empty", nn.NewSequential(), `nn.Compile: model "sequential" has no layers`},
		{"duplicate", nn.NewSequential(&nn.Dense{Units: 2, Name: "a"}, &nn.Dense{Units: 2, Name: "a"}),
			`nn.Compile: all layers of model "sequential" must have unique names. Received: two layers named "a"`},
		{"activation", nn.NewSequential(&nn.Dense{Units: 2, Activation: 99}),
			`nn.Compile: Dense "dense": unknown activation 99`},
		{"units", nn.NewSequential(&nn.Dense{Units: -3, InputShape: []int{2}}), `Received: units=-3`},
	} {
		err := c.m.Compile(nn.CompileConfig{Loss: nn.SparseCategoricalCrossentropy{}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v\nwant %s", c.name, err, c.want)
		}
	}
	m := nn.NewSequential(&nn.Dense{Units: 2})
	if err := m.Build(3); err != nil {
		t.Fatal(err)
	}
	if err := m.Build(4); err == nil || err.Error() != `model "sequential" expects inputs of shape (None, 3). Received: input shape (None, 4)` {
		t.Errorf("Build(4) after Build(3): %v", err)
	}
}

func TestSequentialAddAfterBuild(t *testing.T) {
	m := nn.NewSequential(&nn.Dense{Units: 4, Activation: nn.ReLU})
	if err := m.Build(3); err != nil {
		t.Fatal(err)
	}
	k := m.Weights()[0]
	m.Add(&nn.Dense{Units: 2, Activation: nn.Softmax})
	if m.Built() {
		t.Error("built after Add")
	}
	// The input shape is known from the first Build: Summary shows the new layer as it will be
	// built, and Build builds it.
	if s := m.Summary(); !strings.Contains(s, " dense_1 (Dense)             (None, 2)                 10\n") {
		t.Errorf("summary:\n%s", s)
	}
	if m.Built() || m.CountParams() != 3*4+4 {
		t.Errorf("Summary built the model")
	}
	m.MustBuild(3)
	if m.Weights()[0] != k || m.CountParams() != 3*4+4+4*2+2 {
		t.Errorf("after Add and Build: %d params, first kernel kept: %v", m.CountParams(), m.Weights()[0] == k)
	}
}

func TestSummaryUnbuilt(t *testing.T) {
	m := nn.NewSequential(&nn.Dense{Units: 512, Activation: nn.ReLU}, &nn.Dense{Units: 10, Activation: nn.Softmax})
	m.Name = "mnist"
	want := `Model: "mnist"
_________________________________________________________________
 Layer (type)                Output Shape              Param #
=================================================================
 dense (Dense)               ?                         0 (unbuilt)
_________________________________________________________________
 dense_1 (Dense)             ?                         0 (unbuilt)
=================================================================
Total params: 0
Trainable params: 0
Non-trainable params: 0
_________________________________________________________________`
	if got := m.String(); got != want {
		t.Errorf("summary:\n%s\nwant:\n%s", got, want)
	}
	bad := nn.NewSequential(&nn.Dense{Units: 2, InputShape: []int{3}, Activation: 99})
	if got := bad.Summary(); !strings.Contains(got, `(invalid: Dense "dense": unknown activation 99`) {
		t.Errorf("summary of an invalid model:\n%s", got)
	}
}

// TestPrintingChangesNothing checks that Summary and String leave a model as they found it: no
// weights built, no layer named, and the same text as once the model is built.
func TestPrintingChangesNothing(t *testing.T) {
	d1, d2 := &nn.Dense{Units: 512, Activation: nn.ReLU, InputShape: []int{784}}, &nn.Dense{Units: 10, Activation: nn.Softmax}
	m := &nn.Sequential{Layers: []nn.Layer{d1, d2}} // unnamed layers, not built
	before := m.Summary()
	_ = m.String()
	_ = fmt.Sprint(m)
	if m.Built() || d1.Kernel != nil || d2.Kernel != nil || d1.Name != "" || d2.Name != "" {
		t.Errorf("printing changed the model: built %v, names %q %q", m.Built(), d1.Name, d2.Name)
	}
	if !strings.Contains(before, " dense (Dense)               (None, 512)               401,920") ||
		!strings.Contains(before, " dense_1 (Dense)             (None, 10)                5,130") {
		t.Errorf("summary of the unbuilt model:\n%s", before)
	}
	m.MustBuild(784)
	if after := m.Summary(); after != before {
		t.Errorf("summary once built:\n%s\nbefore:\n%s", after, before)
	}
	bad := &nn.Sequential{Layers: []nn.Layer{&nn.Dense{Units: 0, InputShape: []int{3}}}}
	if s := bad.Summary(); !strings.Contains(s, "units must be a positive integer") || bad.Layers[0].LayerName() != "" {
		t.Errorf("summary of an invalid model:\n%s", s)
	}
}
