package nn_test

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"math"
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
	m.MustCompile(nn.CompileConfig{Optimizer: &otherOptimizer{}, Loss: nn.CategoricalCrossentropy{}})
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
		{"truncated", good[:len(good)-10], `the header's weights need more than the`},
		{"trailing", append(append([]byte(nil), good...), 0), `1 bytes after the last weight`},
		{"empty", nil, `not an nnbook model: starts with ""`},
		{"no header", []byte("NNBOOK-MODEL-v1\n\x10"), `model header length: file ends after 17 bytes`},
		{"long header", []byte("NNBOOK-MODEL-v1\n\xff\xff\xff\xff{}"), `model header of 4294967295 bytes is longer than the 2 bytes left`},
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

// modelFile returns a model file with the given JSON header followed by weight bytes.
func modelFile(header string, weights []byte) []byte {
	b := []byte("NNBOOK-MODEL-v1\n")
	b = binary.LittleEndian.AppendUint32(b, uint32(len(header)))
	b = append(b, header...)
	return append(b, weights...)
}

// TestLoadHugeHeaderSizes checks that sizes in the header are checked against the bytes in the file
// before anything is allocated: each of these headers would need gigabytes if believed.
func TestLoadHugeHeaderSizes(t *testing.T) {
	for _, c := range []struct {
		name, header string
		want         string
	}{
		{"units 2^30", `{"format":"nnbook.Sequential","input_shape":[784],` +
			`"layers":[{"class_name":"Dense","config":{"name":"dense","units":1073741824}}],` +
			`"weights":[{"name":"dense/kernel","shape":[784,2]},{"name":"dense/bias","shape":[2]}]}`,
			`weight "dense/kernel" has shape [784 2], more than the 16 bytes left`},
		{"units 2^30, shapes agreeing", `{"format":"nnbook.Sequential","input_shape":[784],` +
			`"layers":[{"class_name":"Dense","config":{"name":"dense","units":1073741824}}],` +
			`"weights":[{"name":"dense/kernel","shape":[784,1073741824]},{"name":"dense/bias","shape":[1073741824]}]}`,
			`more than the 16 bytes left`},
		{"declared input 2^30, no weights", `{"format":"nnbook.Sequential",` +
			`"layers":[{"class_name":"Dense","config":{"name":"dense","units":1073741824,"input_shape":[1073741824]}}],` +
			`"weights":[]}`,
			`16 bytes after the last weight`},
		{"weights the layers do not make", `{"format":"nnbook.Sequential","input_shape":[1],` +
			`"layers":[{"class_name":"Dense","config":{"name":"dense","units":1073741824}}],` +
			`"weights":[{"name":"a","shape":[2]},{"name":"b","shape":[2]}]}`,
			`weight "a" has shape (2,) in the file, (1, 1073741824) in the model`},
		{"overflowing shape", `{"format":"nnbook.Sequential","input_shape":[1],"layers":[],` +
			`"weights":[{"name":"a","shape":[4294967296,4294967296,4294967296]}]}`,
			`weight "a" has shape [4294967296 4294967296 4294967296], more than`},
		{"negative shape", `{"format":"nnbook.Sequential","input_shape":[1],"layers":[],` +
			`"weights":[{"name":"a","shape":[-1,-4]}]}`,
			`weight "a" has shape [-1 -4]`},
	} {
		_, err := nn.ReadModel(bytes.NewReader(modelFile(c.header, make([]byte, 16))))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	// The same declared 2^30 units with the file's weights left out is rejected before Build too.
	h := `{"format":"nnbook.Sequential","layers":[{"class_name":"Dense","config":{"name":"dense",` +
		`"units":1073741824,"input_shape":[1073741824]}}],"weights":[]}`
	if _, err := nn.ReadModel(bytes.NewReader(modelFile(h, nil))); err == nil || !strings.Contains(err.Error(), "the model's layers have 2 weights, the file 0") {
		t.Errorf("declared input shape without weights: %v", err)
	}
	// A header without input_shape whose first layer declares one: the weights in the file are
	// loaded (not left to the random initialisation of a later build).
	h1 := `{"format":"nnbook.Sequential","layers":[{"class_name":"Dense","config":{"name":"dense",` +
		`"units":1,"input_shape":[1]}}],"weights":[{"name":"k","shape":[1,1]},{"name":"b","shape":[1]}]}`
	w := binary.LittleEndian.AppendUint32(nil, math.Float32bits(2.5))
	w = binary.LittleEndian.AppendUint32(w, math.Float32bits(-1))
	got, err := nn.ReadModel(bytes.NewReader(modelFile(h1, w)))
	if err != nil || !got.Built() || got.Weights()[0].Value.Item() != 2.5 || got.Weights()[1].Value.Item() != -1 {
		t.Errorf("declared input shape: %v, %v", got, err)
	}
	var m nn.Sequential
	if err := m.GobDecode(modelFile(h, nil)); err == nil || !strings.Contains(err.Error(), "GobDecode: the model's layers have 2 weights") {
		t.Errorf("GobDecode: %v", err)
	}
}

// TestSaveAtomic checks that a failed save leaves the previous file intact and no temporary file.
func TestSaveAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.nnb")
	m, _, _ := trained(t)
	m.MustSave(path)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	bad := nn.NewSequential(&nn.Dense{Units: 0, InputShape: []int{3}}) // WriteTo fails: units 0
	if err := bad.Save(path); err == nil || !strings.Contains(err.Error(), "units must be a positive integer") {
		t.Fatalf("saving an invalid model: %v", err)
	}
	after, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("a failed save changed the previous file (err %v)", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after a failed save, want only model.nnb", len(entries))
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("saved file mode %v (%v), want 0644", info.Mode(), err)
	}
	got := nn.MustLoadModel(path)
	if got.Summary() != m.Summary() {
		t.Errorf("MustLoadModel: %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustLoadModel of a missing file did not panic")
		}
	}()
	nn.MustLoadModel(filepath.Join(dir, "missing.nnb"))
}

// FuzzLoadModel checks that no input makes the model reader crash or allocate more than the input
// justifies: every input gives a model or an error.
func FuzzLoadModel(f *testing.F) {
	m := nn.NewSequential(&nn.Dense{Units: 3, Activation: nn.ReLU, InputShape: []int{2}}, &nn.Dense{Units: 2, Activation: nn.Softmax})
	m.MustCompile(nn.CompileConfig{Optimizer: &nn.Adam{}, Loss: nn.SparseCategoricalCrossentropy{}, Metrics: []nn.Metric{nn.Accuracy{}}})
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(modelFile(`{"format":"nnbook.Sequential","layers":[{"class_name":"Dense","config":{"name":"d","units":2}}],"weights":[]}`, nil))
	f.Add(modelFile(`{"format":"nnbook.Sequential","input_shape":[1],"layers":[{"class_name":"Dense","config":{"name":"d","units":1}}],`+
		`"weights":[{"name":"k","shape":[1,1]},{"name":"b","shape":[1]}]}`, make([]byte, 8)))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := nn.ReadModel(bytes.NewReader(data))
		if err != nil {
			return
		}
		// A model that loads saves again to a file that loads to the same architecture.
		var out bytes.Buffer
		if _, err := got.WriteTo(&out); err != nil {
			t.Fatalf("a loaded model does not save: %v", err)
		}
		again, err := nn.ReadModel(&out)
		if err != nil {
			t.Fatalf("a saved loaded model does not load: %v", err)
		}
		if again.Summary() != got.Summary() {
			t.Fatalf("summary changed by a save/load round trip:\n%v\n%v", again, got)
		}
	})
}
