package nn

import (
	"fmt"
	"github.com/nnbook/nnbook/internal/notebook"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/nnbook/nnbook/nn/autodiff"
	"github.com/nnbook/nnbook/nn/tensor"
)

// Sequential is a linear stack of layers, as keras.Sequential (Deep Learning with Python, 2.1):
// each layer's output is the next layer's input.
//
//	model := nn.NewSequential(
//		&nn.Dense{Units: 512, Activation: nn.ReLU},
//		&nn.Dense{Units: 10, Activation: nn.Softmax},
//	)
//	model.MustCompile(nn.CompileConfig{Optimizer: &nn.RMSprop{},
//		Loss: nn.SparseCategoricalCrossentropy{}, Metrics: []nn.Metric{nn.Accuracy{}}})
//	history := model.MustFit(trainImages, trainLabels, nn.FitConfig{Epochs: 5, BatchSize: 128})
//
// The model's weights are created when its input shape is first known: by Build, or at the first
// Summary, Fit, Evaluate or Predict, from a layer's declared InputShape or from the data. Each
// layer draws its initial weights from its own random stream derived from Seed and the layer's
// position, so a model with the same layers and Seed starts from the same weights, bit for bit.
//
// A Sequential is not safe for concurrent use.
type Sequential struct {
	// Name is the model's name in Summary; empty means "sequential".
	Name string
	// Seed seeds the initial weights (default 0). Set it before the weights are built.
	Seed uint64
	// Layers are the model's layers, in order. Prefer Add, which also names them.
	Layers []Layer

	inputShape tensor.Shape // per-sample input shape, set when built
	built      bool
	optimizer  Optimizer
	loss       Loss
	metrics    []Metric
	tape       *autodiff.Tape // the training and inference tape, Reset per batch (see trainStep)
	drawn      uint64         // fingerprint of the weights Build drew (see warnUntrained)
}

// NewSequential returns a model made of layers, as the 2nd edition's keras.Sequential([...]).
// Unnamed layers are named as Keras names them: "dense", "dense_1", ... (counted per model,
// where Keras counts per session).
func NewSequential(layers ...Layer) *Sequential {
	m := &Sequential{}
	for _, l := range layers {
		m.Add(l)
	}
	return m
}

// Add appends layer to the model, as the 1st edition's model.add, naming it if unnamed.
// Adding a layer to a built model keeps the weights of the layers before it; the new layer is
// built at the next use.
func (m *Sequential) Add(layer Layer) {
	m.built = false
	m.Layers = append(m.Layers, layer)
	m.nameLayers()
}

// name returns m.Name or "sequential".
func (m *Sequential) name() string {
	if m.Name == "" {
		return "sequential"
	}
	return m.Name
}

// nameLayers gives each unnamed layer Keras's default name (see layerNames).
func (m *Sequential) nameLayers() {
	for i, name := range m.layerNames() {
		if l := m.Layers[i]; l != nil && l.LayerName() == "" {
			l.SetLayerName(name)
		}
	}
}

// layerNames returns each layer's name, or for an unnamed layer the name nameLayers would give it:
// its class in snake case, then with "_1", "_2"... when already taken. It changes nothing.
func (m *Sequential) layerNames() []string {
	names := make([]string, len(m.Layers))
	taken := map[string]bool{}
	for i, l := range m.Layers {
		if l != nil && l.LayerName() != "" {
			names[i] = l.LayerName()
			taken[names[i]] = true
		}
	}
	for i, l := range m.Layers {
		if l == nil || names[i] != "" {
			continue
		}
		prefix := snakeCase(l.ClassName())
		name := prefix
		for j := 1; taken[name]; j++ {
			name = prefix + "_" + strconv.Itoa(j)
		}
		taken[name] = true
		names[i] = name
	}
	return names
}

// validator is implemented by this package's layers to check their configuration before Build.
type validator interface{ validate() error }

// checkLayers names m's unnamed layers and checks that it has layers with unique names and valid
// configurations.
func (m *Sequential) checkLayers() error {
	m.nameLayers()
	return m.validateLayers(m.layerNames())
}

// validateLayers checks that m has layers, none nil, with the given unique names and valid
// configurations. It changes nothing.
func (m *Sequential) validateLayers(names []string) error {
	if len(m.Layers) == 0 {
		return fmt.Errorf("model %q has no layers; add some with NewSequential(...) or Add", m.name())
	}
	seen := map[string]bool{}
	for i, l := range m.Layers {
		if l == nil {
			return fmt.Errorf("model %q: layer %d is nil", m.name(), i)
		}
		if seen[names[i]] {
			return fmt.Errorf("all layers of model %q must have unique names. Received: two layers named %q", m.name(), names[i])
		}
		seen[names[i]] = true
		if v, ok := l.(validator); ok {
			if err := v.validate(); err != nil {
				return err
			}
		}
	}
	return nil
}

// declaredInputShape returns the input shape declared by the first layer, or nil.
func (m *Sequential) declaredInputShape() tensor.Shape {
	if len(m.Layers) > 0 {
		if d, ok := m.Layers[0].(inputShaper); ok && d.DeclaredInputShape() != nil {
			return tensor.Shape(d.DeclaredInputShape()).Clone()
		}
	}
	return nil
}

// layerRand returns the random stream of layer i's initial weights.
func (m *Sequential) layerRand(i int) *rand.Rand { return newStream(m.Seed, "layer", uint64(i)) }

// MustBuild is Build that panics on error, for notebook cells: model.MustBuild(28 * 28) (inside a
// GoNB notebook it shows the message and the cell's line instead of a goroutine dump).
func (m *Sequential) MustBuild(inputShape ...int) {
	if err := m.Build(inputShape...); err != nil {
		notebook.Panic(err)
	}
}

// Build creates the weights of every layer for samples of the given shape, without the batch
// axis, as Keras's model.build((None, 784)) is m.Build(784). It returns an error naming the shape
// when a layer cannot take its input, and when the model is already built for another shape.
func (m *Sequential) Build(inputShape ...int) error {
	shape := tensor.Shape(inputShape).Clone()
	if m.inputShape != nil && !m.inputShape.Equal(shape) {
		return fmt.Errorf("model %q expects inputs of shape %v. Received: input shape %v",
			m.name(), noneShape(m.inputShape), noneShape(shape))
	}
	if m.built {
		return nil
	}
	if err := m.checkLayers(); err != nil {
		return err
	}
	s := shape
	for i, l := range m.Layers {
		if err := l.Build(s, m.layerRand(i)); err != nil {
			return err
		}
		out, err := l.OutputShape(s)
		if err != nil {
			return err
		}
		s = out
	}
	m.inputShape, m.built = shape, true
	m.drawn = weightsFingerprint(m.Weights())
	return nil
}

// buildIfDeclared builds m when its input shape is known: declared by its first layer, or from an
// earlier Build (layers added since then are built).
func (m *Sequential) buildIfDeclared() error {
	if m.built {
		return nil
	}
	s := m.declaredInputShape()
	if s == nil {
		s = m.inputShape
	}
	if s != nil {
		return m.Build(s...)
	}
	return nil
}

// Built reports whether the model's weights exist.
func (m *Sequential) Built() bool { return m.built }

// InputShape returns the per-sample input shape, or nil before the model is built.
func (m *Sequential) InputShape() tensor.Shape { return m.inputShape.Clone() }

// OutputShape returns the per-sample output shape, or nil before the model is built.
func (m *Sequential) OutputShape() tensor.Shape {
	if !m.built {
		return nil
	}
	s := m.inputShape
	for _, l := range m.Layers {
		s, _ = l.OutputShape(s)
	}
	return s
}

// Weights returns the variables of all layers in order (kernel, bias of each Dense), nil before
// the model is built.
func (m *Sequential) Weights() []*autodiff.Variable {
	var ws []*autodiff.Variable
	for _, l := range m.Layers {
		ws = append(ws, l.Weights()...)
	}
	return ws
}

// CountParams returns the number of weights (scalars) of the model: 407,050 for the chapter's
// model. It is 0 before the model is built.
func (m *Sequential) CountParams() int { return countParams(m.Weights()) }

// call records the model's forward pass for the batch x on tp.
func (m *Sequential) call(tp *autodiff.Tape, x *autodiff.Node) *autodiff.Node {
	for _, l := range m.Layers {
		x = l.Call(tp, x)
	}
	return x
}

// Summary returns the model as Keras's model.summary() prints it. When the input shape is known
// (declared by the first layer, as Keras builds a model given input_shape, or from an earlier
// Build) the shapes and parameter counts are those the model has or will have once built:
//
//	Model: "sequential"
//	_________________________________________________________________
//	 Layer (type)                Output Shape              Param #
//	=================================================================
//	 dense (Dense)               (None, 512)               401,920
//	_________________________________________________________________
//	 dense_1 (Dense)             (None, 10)                5,130
//	=================================================================
//	Total params: 407,050
//	Trainable params: 407,050
//	Non-trainable params: 0
//	_________________________________________________________________
//
// Otherwise output shapes show as "?" and parameter counts as "0 (unbuilt)". A configuration error
// (e.g. Units 0) is shown in place of the table. Summary never changes the model: it builds
// nothing and names no layer (unnamed layers show the names they will get).
func (m *Sequential) Summary() string {
	if err := m.checkKept("Summary"); err != nil {
		return err.Error()
	}
	names := m.layerNames()
	if err := m.validateLayers(names); err != nil {
		return fmt.Sprintf("Model: %q\n(invalid: %v)", m.name(), err)
	}
	in := m.inputShape
	if in == nil {
		in = m.declaredInputShape()
	}
	// Output shapes and weight counts, from the layers' shape rules (nothing is allocated).
	shapes, params := make([]string, len(m.Layers)), make([]string, len(m.Layers))
	total := 0
	s := in
	for i, l := range m.Layers {
		shapes[i], params[i] = "?", "0 (unbuilt)"
		if s == nil {
			continue
		}
		ws, err := l.WeightShapes(s)
		if err == nil {
			s, err = l.OutputShape(s)
		}
		if err != nil {
			return fmt.Sprintf("Model: %q\n(invalid: %v)", m.name(), err)
		}
		n := 0
		for _, w := range ws {
			n += w.Size()
		}
		total += n
		shapes[i], params[i] = noneShape(s), commas(n)
	}
	const width = 65
	var b strings.Builder
	row := func(name, shape, params string) {
		line := fmt.Sprintf(" %-27s %-25s %s", name, shape, params)
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "Model: %q\n", m.name())
	b.WriteString(strings.Repeat("_", width) + "\n")
	row("Layer (type)", "Output Shape", "Param #")
	b.WriteString(strings.Repeat("=", width) + "\n")
	for i, l := range m.Layers {
		if i > 0 {
			b.WriteString(strings.Repeat("_", width) + "\n")
		}
		row(fmt.Sprintf("%s (%s)", names[i], l.ClassName()), shapes[i], params[i])
	}
	b.WriteString(strings.Repeat("=", width) + "\n")
	fmt.Fprintf(&b, "Total params: %s\nTrainable params: %s\nNon-trainable params: 0\n", commas(total), commas(total))
	b.WriteString(strings.Repeat("_", width))
	return b.String()
}

// String returns Summary().
func (m *Sequential) String() string { return m.Summary() }

// commas formats n with thousands separators: 407050 → "407,050".
func commas(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + commas(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
