package nn_test

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// trained returns a small trained model and its data.
func trained(t *testing.T) (*nn.Sequential, *tensor.Tensor, *tensor.Tensor) {
	t.Helper()
	x, y := separable(120, 8)
	m := newModel(t, 3, &nn.RMSprop{LearningRate: 0.005}, "sparse_categorical_crossentropy")
	m.Name = "blobs"
	if _, err := m.Fit(x, y, nn.FitConfig{Epochs: 2, Silent: true}); err != nil {
		t.Fatal(err)
	}
	return m, x, y
}

// samePredictions fails unless a and b predict x bit for bit alike.
func samePredictions(t *testing.T, a, b *nn.Sequential, x *tensor.Tensor) {
	t.Helper()
	pa, pb := a.MustPredict(x).Float32s(), b.MustPredict(x).Float32s()
	if !reflect.DeepEqual(pa, pb) {
		t.Error("predictions differ after the round trip")
	}
}

func TestSaveLoad(t *testing.T) {
	m, x, y := trained(t)
	path := filepath.Join(t.TempDir(), "model.nnb")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := nn.LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	samePredictions(t, m, got, x)
	if got.Summary() != m.Summary() || got.Seed != 3 || got.Name != "blobs" {
		t.Errorf("loaded model:\n%v\nwant\n%v", got, m)
	}
	if opt, ok := got.Optimizer().(*nn.RMSprop); !ok || opt.LearningRate != 0.005 {
		t.Errorf("optimizer %#v, want RMSprop with learning rate 0.005", got.Optimizer())
	}
	if got.Loss() != (nn.SparseCategoricalCrossentropy{}) || len(got.Metrics()) != 1 {
		t.Errorf("loss %v, metrics %v", got.Loss(), got.Metrics())
	}
	e1, e2 := m.MustEvaluate(x, y), got.MustEvaluate(x, y)
	if !reflect.DeepEqual(e1, e2) {
		t.Errorf("Evaluate %v, after loading %v", e1, e2)
	}

	// The documented format: magic, header length, JSON header, float32 weights.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("NNBOOK-MODEL-v1\n")) {
		t.Fatalf("file starts with %q", raw[:16])
	}
	n := binary.LittleEndian.Uint32(raw[16:20])
	var header struct {
		Format     string `json:"format"`
		InputShape []int  `json:"input_shape"`
		Layers     []struct {
			ClassName string         `json:"class_name"`
			Config    map[string]any `json:"config"`
		} `json:"layers"`
		Compile struct {
			Optimizer struct {
				ClassName string `json:"class_name"`
			} `json:"optimizer"`
			Metrics []string `json:"metrics"`
		} `json:"compile"`
		Weights []struct {
			Name  string `json:"name"`
			Shape []int  `json:"shape"`
		} `json:"weights"`
	}
	if err := json.Unmarshal(raw[20:20+n], &header); err != nil {
		t.Fatal(err)
	}
	// Weights: 2*16 + 16 + 16*3 + 3 = 99 float32 of 4 bytes each.
	if header.Format != "nnbook.Sequential" || !reflect.DeepEqual(header.InputShape, []int{2}) ||
		header.Layers[1].Config["activation"] != "softmax" || header.Compile.Optimizer.ClassName != "RMSprop" ||
		header.Weights[2].Name != "dense_1/kernel" || !reflect.DeepEqual(header.Weights[2].Shape, []int{16, 3}) ||
		len(raw) != 20+int(n)+4*99 {
		t.Errorf("header %s (file of %d bytes)", raw[20:20+n], len(raw))
	}
}

func TestGobRoundTrip(t *testing.T) {
	m, x, _ := trained(t)
	var buf bytes.Buffer
	// As GoNB's cache.Cache stores a value: gob-encoding a *Sequential.
	if err := gob.NewEncoder(&buf).Encode(m); err != nil {
		t.Fatal(err)
	}
	var got *nn.Sequential
	if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
		t.Fatal(err)
	}
	samePredictions(t, m, got, x)
	if !got.Compiled() {
		t.Error("the decoded model is not compiled")
	}
	// And inside a struct.
	type cached struct {
		Model *nn.Sequential
		Note  string
	}
	buf.Reset()
	if err := gob.NewEncoder(&buf).Encode(cached{m, "ch2"}); err != nil {
		t.Fatal(err)
	}
	var c cached
	if err := gob.NewDecoder(&buf).Decode(&c); err != nil {
		t.Fatal(err)
	}
	samePredictions(t, m, c.Model, x)
}

// otherOptimizer is an optimizer of another package (here: of the test).
type otherOptimizer struct{ nn.SGD }

func (o *otherOptimizer) Apply(vars []*autodiff.Variable, grads []*tensor.Tensor) {
	o.SGD.Apply(vars, grads)
}

func TestSaveUnbuiltAndUncompiled(t *testing.T) {
	m := nn.NewSequential(&nn.Dense{Units: 4, Activation: nn.Tanh}, &nn.Dense{Units: 2})
	m.MustCompile(nn.CompileConfig{Optimizer: &otherOptimizer{}, Loss: "categorical_crossentropy"})
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := nn.ReadModel(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got.Built() || got.Compiled() || len(got.Layers) != 2 {
		t.Errorf("built %v, compiled %v, %d layers: want an unbuilt, uncompiled model of 2 layers", got.Built(), got.Compiled(), len(got.Layers))
	}
	d := got.Layers[0].(*nn.Dense)
	if d.Units != 4 || d.Activation != nn.Tanh || d.Name != "dense" || got.Layers[1].(*nn.Dense).Activation != nn.Linear {
		t.Errorf("layers %+v %+v", got.Layers[0], got.Layers[1])
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	m, _, _ := trained(t)
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"magic", []byte("PK\x03\x04 not a model at all"), `not an nnbook model: starts with "PK\x03\x04 not a model"`},
		{"truncated", good[:len(good)-10], `reading weight "dense_1/bias": unexpected EOF`},
		{"empty", nil, "reading model: EOF"},
	} {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := nn.LoadModel(path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := nn.LoadModel(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
	var got nn.Sequential
	if err := got.GobDecode([]byte("junk")); err == nil {
		t.Error("GobDecode of junk: no error")
	}
}
