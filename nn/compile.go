package nn

import (
	"fmt"
	"reflect"

	"github.com/nnbook/nnbook/internal/notebook"
)

// CompileConfig is the argument of Compile, as Keras's model.compile(optimizer=..., loss=...,
// metrics=[...]), with typed values:
//
//	model.MustCompile(nn.CompileConfig{
//		Optimizer: &nn.RMSprop{},                     // nil means &nn.RMSprop{}, as Keras's default
//		Loss:      nn.SparseCategoricalCrossentropy{}, // required
//		Metrics:   []nn.Metric{nn.Accuracy{}},        // optional
//	})
//
// A zero-valued field of an optimizer takes Keras's default (&nn.SGD{LearningRate: 0.1} changes
// only the learning rate). Where a name is the natural input, OptimizerByName("rmsprop"),
// LossByName and MetricByName give the value Keras's name stands for.
type CompileConfig struct {
	Optimizer Optimizer
	Loss      Loss
	Metrics   []Metric
}

// Compile configures the model for training, as Keras's model.compile (Deep Learning with Python,
// 2.1 "The compilation step"). It returns an error for a missing loss, for two metrics of one
// name, and for an invalid layer (e.g. Units 0). Compiling again replaces the optimizer (and its
// state), loss and metrics and keeps the weights. When the first layer declares its InputShape the
// model is built here.
func (m *Sequential) Compile(cfg CompileConfig) error {
	if err := m.checkLayers(); err != nil {
		return fmt.Errorf("nn.Compile: %w", err)
	}
	opt := cfg.Optimizer
	if isNil(opt) {
		opt = &RMSprop{}
	}
	if isNil(cfg.Loss) {
		return fmt.Errorf("nn.Compile: a loss is required, e.g. Loss: nn.SparseCategoricalCrossentropy{}")
	}
	seen := map[string]bool{"loss": true}
	for i, mt := range cfg.Metrics {
		if isNil(mt) {
			return fmt.Errorf("nn.Compile: metric %d is nil", i)
		}
		if seen[mt.Name()] {
			return fmt.Errorf("nn.Compile: metric names must be unique and not \"loss\". Received: %q twice", mt.Name())
		}
		seen[mt.Name()] = true
	}
	if err := m.buildIfDeclared(); err != nil {
		return fmt.Errorf("nn.Compile: %w", err)
	}
	m.optimizer, m.loss, m.metrics = opt, cfg.Loss, append([]Metric(nil), cfg.Metrics...)
	return nil
}

// MustCompile is Compile that panics on error, for notebook cells.
func (m *Sequential) MustCompile(cfg CompileConfig) {
	if err := m.Compile(cfg); err != nil {
		notebook.Panic(err)
	}
}

// Compiled reports whether Compile has succeeded.
func (m *Sequential) Compiled() bool { return m.loss != nil }

// Optimizer returns the compiled optimizer, or nil.
func (m *Sequential) Optimizer() Optimizer { return m.optimizer }

// Loss returns the compiled loss, or nil.
func (m *Sequential) Loss() Loss { return m.loss }

// Metrics returns the compiled metrics.
func (m *Sequential) Metrics() []Metric { return append([]Metric(nil), m.metrics...) }

// isNil reports whether v is nil or a nil pointer (a typed nil in an interface).
func isNil(v any) bool {
	if v == nil {
		return true
	}
	r := reflect.ValueOf(v)
	return r.Kind() == reflect.Pointer && r.IsNil()
}
