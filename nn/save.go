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
	"path/filepath"

	"github.com/nnbook/nnbook/nn/tensor"

	"github.com/nnbook/nnbook/internal/notebook"
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

// Save writes the model to the file at path, as Keras's model.save. The format, which WriteTo and
// GobEncode also use, is:
//
//  1. the 16 bytes "NNBOOK-MODEL-v1\n";
//  2. the length N of the header, a little-endian uint32;
//  3. the header: N bytes of JSON with the model's name, Seed, per-sample input shape, its layers
//     as {"class_name": "Dense", "config": {"name": "dense", "units": 512, "activation": "relu"}},
//     the compile configuration when it uses only registered optimizers, losses and metrics
//     ({"optimizer": {"class_name": "RMSprop", "config": {"learning_rate": 0, ...}}, "loss":
//     {"class_name": "SparseCategoricalCrossentropy", ...}, "metrics": ["accuracy"]}, zeros
//     meaning defaults), and the name and shape of each weight in order;
//  4. each weight's values in that order, row-major little-endian float32, and nothing after them.
//
// The write is atomic: Save writes a temporary file in path's directory, syncs it to disk and
// renames it to path, so a failed or interrupted save leaves any previous file at path intact.
//
// The optimizer's state (momentum, moving averages) is not saved: training a loaded model starts
// it afresh. A model compiled with unregistered optimizers, losses or metrics is saved uncompiled.
func (m *Sequential) Save(path string) error {
	if err := writeFileAtomic(path, 0o644, func(w io.Writer) error {
		_, err := m.WriteTo(w)
		return err
	}); err != nil {
		return fmt.Errorf("nn.Save: %w", err)
	}
	return nil
}

// MustSave is Save that panics on error, for notebook cells: model.MustSave("model.nnb").
func (m *Sequential) MustSave(path string) {
	if err := m.Save(path); err != nil {
		notebook.Panic(err)
	}
}

// writeFileAtomic writes path through write, with permissions perm: to a temporary file in the
// same directory, synced, then renamed over path, and the directory synced so that the rename
// survives a crash. On any error the temporary file is removed and path is untouched. Save and
// Keep both write through it.
func writeFileAtomic(path string, perm os.FileMode, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	w := bufio.NewWriter(f)
	if err = write(w); err != nil {
		return err
	}
	if err = w.Flush(); err != nil {
		return err
	}
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // best effort: not every file system syncs a directory
		d.Close()
	}
	return nil
}

// LoadModel reads a model written by Save, as keras.models.load_model: the same layers and
// weights (predictions equal bit for bit), compiled again when the file records its compile
// configuration. It returns an error naming the file for an unreadable or malformed file (see
// ReadModel); it never allocates more than the file's contents justify.
func LoadModel(path string) (*Sequential, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("nn.LoadModel: %w", err)
	}
	m, err := decodeModel(data)
	if err != nil {
		return nil, fmt.Errorf("nn.LoadModel: %s: %w", path, err)
	}
	return m, nil
}

// MustLoadModel is LoadModel that panics on error, for notebook cells:
// model := nn.MustLoadModel("model.nnb").
func MustLoadModel(path string) *Sequential {
	m, err := LoadModel(path)
	if err != nil {
		notebook.Panic(err)
	}
	return m
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

// compileEntry describes m's compile configuration, or nil when it is not compiled or uses
// unregistered types.
func (m *Sequential) compileEntry() *compileEntry {
	if !m.Compiled() {
		return nil
	}
	o, l := optimizers.entryOf(m.optimizer), losses.entryOf(m.loss)
	if o == nil || l == nil {
		return nil
	}
	e := compileEntry{Optimizer: classEntry{ClassName: o.className}, Loss: classEntry{ClassName: l.className}, Metrics: []string{}}
	var err1, err2 error
	e.Optimizer.Config, err1 = json.Marshal(m.optimizer)
	e.Loss.Config, err2 = json.Marshal(m.loss)
	if err1 != nil || err2 != nil {
		return nil
	}
	for _, mt := range m.metrics {
		me := metrics.entryOf(mt)
		if me == nil {
			return nil
		}
		e.Metrics = append(e.Metrics, me.name)
	}
	return &e
}

// ReadModel reads a model in Save's format from r, reading r to its end: bytes after the last
// weight are an error. Every size in the header (its length, the input shape, each weight's shape)
// is checked against the bytes that remain before anything is allocated or built, so a corrupt or
// hostile file gives an error, never an out-of-memory crash.
func ReadModel(r io.Reader) (*Sequential, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading model: %w", err)
	}
	return decodeModel(data)
}

// decodeModel parses a whole model file held in data.
func decodeModel(data []byte) (*Sequential, error) {
	if len(data) < len(modelMagic) || string(data[:len(modelMagic)]) != modelMagic {
		return nil, fmt.Errorf("not an nnbook model: starts with %q, want %q", data[:min(len(data), len(modelMagic))], modelMagic)
	}
	rest := data[len(modelMagic):]
	if len(rest) < 4 {
		return nil, fmt.Errorf("model header length: file ends after %d bytes", len(data))
	}
	size := uint64(binary.LittleEndian.Uint32(rest))
	rest = rest[4:]
	if size > uint64(len(rest)) {
		return nil, fmt.Errorf("model header of %d bytes is longer than the %d bytes left in the file", size, len(rest))
	}
	var h modelHeader
	if err := json.Unmarshal(rest[:size], &h); err != nil {
		return nil, fmt.Errorf("model header: %w", err)
	}
	rest = rest[size:]
	if h.Format != "nnbook.Sequential" {
		return nil, fmt.Errorf("model header: unknown format %q", h.Format)
	}
	// The weights' bytes must be exactly what the header's shapes need.
	elems := make([]int, len(h.Weights))
	var need uint64
	for i, w := range h.Weights {
		n, ok := checkedSize(w.Shape, uint64(len(rest))/4)
		if !ok {
			return nil, fmt.Errorf("weight %q has shape %v, more than the %d bytes left in the file", w.Name, w.Shape, len(rest))
		}
		elems[i] = n
		need += 4 * uint64(n)
		if need > uint64(len(rest)) {
			return nil, fmt.Errorf("the header's weights need more than the %d bytes left in the file (truncated file?)", len(rest))
		}
	}
	if need != uint64(len(rest)) {
		return nil, fmt.Errorf("%d bytes after the last weight (the header's weights need %d of the %d left)", uint64(len(rest))-need, need, len(rest))
	}
	m := &Sequential{Name: h.Name, Seed: h.Seed}
	for _, e := range h.Layers {
		l, err := layers.decode(e.ClassName, e.Config)
		if err != nil {
			return nil, err
		}
		m.Layers = append(m.Layers, l)
	}
	if err := m.checkLayers(); err != nil {
		return nil, err
	}
	inShape := tensor.Shape(h.InputShape)
	if inShape == nil {
		inShape = m.declaredInputShape() // Compile would build the model for it
	}
	// Check the weights the layers would create against the header before building anything.
	var want []tensor.Shape
	if inShape != nil {
		if _, ok := checkedSize(inShape, math.MaxInt32); !ok {
			return nil, fmt.Errorf("input shape %v is not valid", inShape)
		}
		s := inShape
		for _, l := range m.Layers {
			ws, err := l.WeightShapes(s)
			if err != nil {
				return nil, err
			}
			want = append(want, ws...)
			if s, err = l.OutputShape(s); err != nil {
				return nil, err
			}
		}
	}
	if len(want) != len(h.Weights) {
		return nil, fmt.Errorf("the model's layers have %d weights, the file %d", len(want), len(h.Weights))
	}
	for i, w := range h.Weights {
		if !want[i].Equal(w.Shape) {
			return nil, fmt.Errorf("weight %q has shape %v in the file, %v in the model", w.Name, tensor.Shape(w.Shape), want[i])
		}
	}
	if inShape != nil {
		if err := m.Build(inShape...); err != nil {
			return nil, fmt.Errorf("rebuilding the model: %w", err)
		}
	}
	weights := m.Weights()
	if len(weights) != len(elems) {
		return nil, fmt.Errorf("the built model has %d weights, the file %d", len(weights), len(elems))
	}
	for i, v := range weights {
		if v.Value.Size() != elems[i] {
			return nil, fmt.Errorf("weight %q of the model does not match the file", v.Name)
		}
		vals := make([]float32, elems[i])
		for j := range vals {
			vals[j] = math.Float32frombits(binary.LittleEndian.Uint32(rest[4*j:]))
		}
		rest = rest[4*len(vals):]
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

// checkedSize returns the number of elements of shape when every dimension is non-negative and the
// product is at most limit (checked without overflow).
func checkedSize(shape []int, limit uint64) (int, bool) {
	n := uint64(1)
	for _, d := range shape {
		if d < 0 {
			return 0, false
		}
		if d == 0 {
			n = 0
			continue
		}
		if n != 0 && uint64(d) > limit/n {
			return 0, false
		}
		n *= uint64(d)
	}
	if n > limit {
		return 0, false
	}
	return int(n), true
}

// config turns a saved compile entry back into a CompileConfig.
func (e *compileEntry) config() (CompileConfig, error) {
	var cfg CompileConfig
	var err error
	if cfg.Optimizer, err = optimizers.decode(e.Optimizer.ClassName, e.Optimizer.Config); err != nil {
		return cfg, fmt.Errorf("compile config: %w", err)
	}
	if cfg.Loss, err = losses.decode(e.Loss.ClassName, e.Loss.Config); err != nil {
		return cfg, fmt.Errorf("compile config: %w", err)
	}
	for _, name := range e.Metrics {
		mt, err := metrics.named(name)
		if err != nil {
			return cfg, fmt.Errorf("compile config: %w", err)
		}
		cfg.Metrics = append(cfg.Metrics, mt)
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
