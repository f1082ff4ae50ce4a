package nn

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/nnbook/nnbook/nn/tensor"
)

// modelMagic starts every saved model.
const modelMagic = "NNBOOK-MODEL-v1\n"

// modelHeader is the JSON header of a saved model.
type modelHeader struct {
	Format     string        `json:"format"` // "nnbook.Sequential"
	Name       string        `json:"name,omitempty"`
	Seed       uint64        `json:"seed"`
	InputShape []int         `json:"input_shape"` // per sample; null when unbuilt
	Layers     []classEntry  `json:"layers"`
	Compile    *compileEntry `json:"compile,omitempty"`
	Weights    []weightEntry `json:"weights"`
}

type classEntry struct {
	ClassName string          `json:"class_name"`
	Config    json.RawMessage `json:"config"`
}

type compileEntry struct {
	Optimizer classEntry `json:"optimizer"`
	Loss      classEntry `json:"loss"`
	Metrics   []string   `json:"metrics"`
}

type weightEntry struct {
	Name  string `json:"name"`
	Shape []int  `json:"shape"`
}

// Save writes the model to the file at path (created or truncated), as Keras's model.save. The
// format, which WriteTo and GobEncode also use, is:
//
//  1. the 16 bytes "NNBOOK-MODEL-v1\n";
//  2. the length N of the header, a little-endian uint32;
//  3. the header: N bytes of JSON with the model's name, Seed, per-sample input shape, its layers
//     as {"class_name": "Dense", "config": {"name": "dense", "units": 512, "activation": "relu"}},
//     the compile configuration when it uses only this package's optimizers, losses and metrics
//     ({"optimizer": {"class_name": "RMSprop", "config": {"learning_rate": 0, ...}}, "loss":
//     {"class_name": "SparseCategoricalCrossentropy", ...}, "metrics": ["accuracy"]}, zeros
//     meaning defaults), and the name and shape of each weight in order;
//  4. each weight's values in that order, row-major little-endian float32.
//
// The optimizer's state (momentum, moving averages) is not saved: training a loaded model starts
// it afresh. A model compiled with other optimizers, losses or metrics is saved uncompiled.
func (m *Sequential) Save(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("nn.Save: %w", err)
	}
	w := bufio.NewWriter(f)
	if _, err := m.WriteTo(w); err != nil {
		f.Close()
		return fmt.Errorf("nn.Save: %w", err)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("nn.Save: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("nn.Save: %w", err)
	}
	return nil
}

// LoadModel reads a model written by Save, as keras.models.load_model: the same layers and
// weights (predictions equal bit for bit), compiled again when the file records its compile
// configuration. It returns an error for an unreadable or malformed file.
func LoadModel(path string) (*Sequential, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("nn.LoadModel: %w", err)
	}
	defer f.Close()
	m, err := ReadModel(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("nn.LoadModel: %s: %w", path, err)
	}
	return m, nil
}

// WriteTo writes the model to w in Save's format, implementing io.WriterTo.
func (m *Sequential) WriteTo(w io.Writer) (int64, error) {
	if err := m.buildIfDeclared(); err != nil {
		return 0, err
	}
	if err := m.checkLayers(); err != nil {
		return 0, err
	}
	h := modelHeader{Format: "nnbook.Sequential", Name: m.Name, Seed: m.Seed}
	if m.built {
		h.InputShape = m.inputShape
	}
	for _, l := range m.Layers {
		cfg, err := json.Marshal(l.Config())
		if err != nil {
			return 0, fmt.Errorf("layer %q config: %w", l.LayerName(), err)
		}
		h.Layers = append(h.Layers, classEntry{ClassName: l.ClassName(), Config: cfg})
	}
	h.Compile = m.compileEntry()
	weights := m.Weights()
	for _, v := range weights {
		h.Weights = append(h.Weights, weightEntry{Name: v.Name, Shape: v.Value.Shape()})
	}
	header, err := json.Marshal(h)
	if err != nil {
		return 0, err
	}
	cw := &countWriter{w: w}
	cw.Write([]byte(modelMagic))
	var n [4]byte
	binary.LittleEndian.PutUint32(n[:], uint32(len(header)))
	cw.Write(n[:])
	cw.Write(header)
	buf := make([]byte, 0, 1<<16)
	for _, v := range weights {
		for _, x := range v.Value.Float32s() {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(x))
			if len(buf) == cap(buf) {
				cw.Write(buf)
				buf = buf[:0]
			}
		}
	}
	cw.Write(buf)
	return cw.n, cw.err
}

// countWriter counts bytes and keeps the first error.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// compileEntry describes m's compile configuration, or nil when it is not compiled or uses types
// of other packages.
func (m *Sequential) compileEntry() *compileEntry {
	if !m.Compiled() {
		return nil
	}
	var e compileEntry
	var cfg any
	switch o := m.optimizer.(type) {
	case *SGD:
		e.Optimizer.ClassName, cfg = "SGD", o
	case *RMSprop:
		e.Optimizer.ClassName, cfg = "RMSprop", o
	case *Adam:
		e.Optimizer.ClassName, cfg = "Adam", o
	default:
		return nil
	}
	e.Optimizer.Config, _ = json.Marshal(cfg)
	switch l := m.loss.(type) {
	case SparseCategoricalCrossentropy:
		e.Loss.ClassName, cfg = "SparseCategoricalCrossentropy", map[string]bool{"from_logits": l.FromLogits}
	case *SparseCategoricalCrossentropy:
		e.Loss.ClassName, cfg = "SparseCategoricalCrossentropy", map[string]bool{"from_logits": l.FromLogits}
	case CategoricalCrossentropy:
		e.Loss.ClassName, cfg = "CategoricalCrossentropy", map[string]bool{"from_logits": l.FromLogits}
	case *CategoricalCrossentropy:
		e.Loss.ClassName, cfg = "CategoricalCrossentropy", map[string]bool{"from_logits": l.FromLogits}
	default:
		return nil
	}
	e.Loss.Config, _ = json.Marshal(cfg)
	e.Metrics = []string{}
	for _, mt := range m.metrics {
		switch mt.(type) {
		case Accuracy, *Accuracy:
			e.Metrics = append(e.Metrics, "accuracy")
		default:
			return nil
		}
	}
	return &e
}

// ReadModel reads a model in Save's format from r.
func ReadModel(r io.Reader) (*Sequential, error) {
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(r, magic); err != nil {
		return nil, fmt.Errorf("reading model: %w", err)
	}
	if string(magic) != modelMagic {
		return nil, fmt.Errorf("not an nnbook model: starts with %q, want %q", magic, modelMagic)
	}
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, fmt.Errorf("reading model header length: %w", err)
	}
	size := binary.LittleEndian.Uint32(n[:])
	if size > 64<<20 {
		return nil, fmt.Errorf("model header of %d bytes is too large", size)
	}
	raw := make([]byte, size)
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, fmt.Errorf("reading model header: %w", err)
	}
	var h modelHeader
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, fmt.Errorf("model header: %w", err)
	}
	if h.Format != "nnbook.Sequential" {
		return nil, fmt.Errorf("model header: unknown format %q", h.Format)
	}
	m := &Sequential{Name: h.Name, Seed: h.Seed}
	for _, e := range h.Layers {
		l, err := layerFromConfig(e.ClassName, e.Config)
		if err != nil {
			return nil, err
		}
		m.Layers = append(m.Layers, l)
	}
	if h.InputShape != nil {
		if err := m.Build(h.InputShape...); err != nil {
			return nil, fmt.Errorf("rebuilding the model: %w", err)
		}
	}
	weights := m.Weights()
	if len(weights) != len(h.Weights) {
		return nil, fmt.Errorf("the model has %d weights, the file %d", len(weights), len(h.Weights))
	}
	for i, v := range weights {
		if want := tensor.Shape(h.Weights[i].Shape); !v.Value.Shape().Equal(want) {
			return nil, fmt.Errorf("weight %q has shape %v in the file, %v in the model", h.Weights[i].Name, want, v.Value.Shape())
		}
		vals := make([]float32, v.Value.Size())
		buf := make([]byte, 4*len(vals))
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, fmt.Errorf("reading weight %q: %w", h.Weights[i].Name, err)
		}
		for j := range vals {
			vals[j] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*j:]))
		}
		v.Assign(tensor.FromSlice(vals, v.Value.Shape()...))
	}
	if h.Compile != nil {
		cfg, err := h.Compile.config()
		if err != nil {
			return nil, err
		}
		if err := m.Compile(cfg); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// config turns a saved compile entry back into a CompileConfig.
func (e *compileEntry) config() (CompileConfig, error) {
	var cfg CompileConfig
	var err error
	unmarshal := func(raw json.RawMessage, v any) {
		if len(raw) > 0 && err == nil {
			err = json.Unmarshal(raw, v)
		}
	}
	switch e.Optimizer.ClassName {
	case "SGD":
		o := &SGD{}
		unmarshal(e.Optimizer.Config, o)
		cfg.Optimizer = o
	case "RMSprop":
		o := &RMSprop{}
		unmarshal(e.Optimizer.Config, o)
		cfg.Optimizer = o
	case "Adam":
		o := &Adam{}
		unmarshal(e.Optimizer.Config, o)
		cfg.Optimizer = o
	default:
		return cfg, fmt.Errorf("unknown optimizer class %q", e.Optimizer.ClassName)
	}
	var lc struct {
		FromLogits bool `json:"from_logits"`
	}
	unmarshal(e.Loss.Config, &lc)
	switch e.Loss.ClassName {
	case "SparseCategoricalCrossentropy":
		cfg.Loss = SparseCategoricalCrossentropy{FromLogits: lc.FromLogits}
	case "CategoricalCrossentropy":
		cfg.Loss = CategoricalCrossentropy{FromLogits: lc.FromLogits}
	default:
		return cfg, fmt.Errorf("unknown loss class %q", e.Loss.ClassName)
	}
	for _, name := range e.Metrics {
		cfg.Metrics = append(cfg.Metrics, name)
	}
	if err != nil {
		return cfg, fmt.Errorf("compile config: %w", err)
	}
	return cfg, nil
}

// GobEncode encodes the model in Save's format, so that a *Sequential can be stored with
// encoding/gob, as GoNB's cache package does (cache.Cache("model", func() *nn.Sequential {...})).
func (m *Sequential) GobEncode() ([]byte, error) {
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("nn.Sequential.GobEncode: %w", err)
	}
	return b.Bytes(), nil
}

// GobDecode replaces m with the model encoded in data by GobEncode.
func (m *Sequential) GobDecode(data []byte) error {
	if m == nil {
		return errors.New("nn.Sequential.GobDecode: nil receiver")
	}
	got, err := ReadModel(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("nn.Sequential.GobDecode: %w", err)
	}
	*m = *got
	return nil
}
