package nn

import (
	"fmt"
	"strings"
)

// CompileConfig is the argument of Compile, as Keras's model.compile(optimizer=..., loss=...,
// metrics=[...]). Each item is either a Go value or the book's name for it:
//
//	Optimizer: an Optimizer (&nn.RMSprop{LearningRate: 1e-4}; a value nn.RMSprop{} works too) or
//	           "sgd", "rmsprop", "adam" (Keras's defaults). nil means "rmsprop", as Keras.
//	Loss:      a Loss (nn.SparseCategoricalCrossentropy{}) or "sparse_categorical_crossentropy",
//	           "categorical_crossentropy". Required.
//	Metrics:   Metric values (nn.Accuracy{}) or "accuracy". Optional.
//
// Names are matched case-insensitively.
type CompileConfig struct {
	Optimizer any
	Loss      any
	Metrics   []any
}

var (
	knownOptimizers = []string{"sgd", "rmsprop", "adam"}
	knownLosses     = []string{"sparse_categorical_crossentropy", "categorical_crossentropy"}
	knownMetrics    = []string{"accuracy"}
)

// Compile configures the model for training, as Keras's model.compile (Deep Learning with Python,
// 2.1 "The compilation step"). It returns an error naming the value and listing the known names
// for an unknown optimizer, loss or metric name, for a value of the wrong type, and for an invalid
// layer (e.g. an unknown activation). Compiling again replaces the optimizer (and its state), loss
// and metrics and keeps the weights. When the first layer declares its InputShape the model is
// built here.
func (m *Sequential) Compile(cfg CompileConfig) error {
	if err := m.checkLayers(); err != nil {
		return fmt.Errorf("nn.Compile: %w", err)
	}
	opt, err := resolveOptimizer(cfg.Optimizer)
	if err != nil {
		return fmt.Errorf("nn.Compile: %w", err)
	}
	loss, err := resolveLoss(cfg.Loss)
	if err != nil {
		return fmt.Errorf("nn.Compile: %w", err)
	}
	metrics := make([]Metric, 0, len(cfg.Metrics))
	seen := map[string]bool{"loss": true}
	for _, v := range cfg.Metrics {
		mt, err := resolveMetric(v)
		if err != nil {
			return fmt.Errorf("nn.Compile: %w", err)
		}
		if seen[mt.Name()] {
			return fmt.Errorf("nn.Compile: metric names must be unique and not \"loss\". Received: %q twice", mt.Name())
		}
		seen[mt.Name()] = true
		metrics = append(metrics, mt)
	}
	if err := m.buildIfDeclared(); err != nil {
		return fmt.Errorf("nn.Compile: %w", err)
	}
	m.optimizer, m.loss, m.metrics = opt, loss, metrics
	return nil
}

// MustCompile is Compile that panics on error, for notebook cells.
func (m *Sequential) MustCompile(cfg CompileConfig) {
	if err := m.Compile(cfg); err != nil {
		panic(err)
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

// OptimizerByName returns a new optimizer with Keras's defaults for one of the names "sgd",
// "rmsprop", "adam" (any case), or an error listing them.
func OptimizerByName(name string) (Optimizer, error) {
	switch strings.ToLower(name) {
	case "sgd":
		return &SGD{}, nil
	case "rmsprop":
		return &RMSprop{}, nil
	case "adam":
		return &Adam{}, nil
	}
	return nil, fmt.Errorf("unknown optimizer %q; known: %s", name, quoteList(knownOptimizers))
}

// LossByName returns the loss named "sparse_categorical_crossentropy" or
// "categorical_crossentropy" (any case), or an error listing them.
func LossByName(name string) (Loss, error) {
	switch strings.ToLower(name) {
	case "sparse_categorical_crossentropy":
		return SparseCategoricalCrossentropy{}, nil
	case "categorical_crossentropy":
		return CategoricalCrossentropy{}, nil
	}
	return nil, fmt.Errorf("unknown loss %q; known: %s", name, quoteList(knownLosses))
}

// MetricByName returns the metric named "accuracy" (any case), or an error listing the known names.
func MetricByName(name string) (Metric, error) {
	switch strings.ToLower(name) {
	case "accuracy":
		return Accuracy{}, nil
	}
	return nil, fmt.Errorf("unknown metric %q; known: %s", name, quoteList(knownMetrics))
}

func resolveOptimizer(v any) (Optimizer, error) {
	switch o := v.(type) {
	case nil:
		return &RMSprop{}, nil
	case string:
		return OptimizerByName(o)
	case SGD:
		return &o, nil
	case RMSprop:
		return &o, nil
	case Adam:
		return &o, nil
	case Optimizer:
		if isNilPointer(o) {
			break
		}
		return o, nil
	}
	return nil, fmt.Errorf("optimizer must be an nn.Optimizer or one of %s. Received: optimizer=%#v", quoteList(knownOptimizers), v)
}

func resolveLoss(v any) (Loss, error) {
	switch l := v.(type) {
	case string:
		return LossByName(l)
	case Loss:
		if isNilPointer(l) {
			break
		}
		return l, nil
	}
	return nil, fmt.Errorf("loss must be an nn.Loss or one of %s. Received: loss=%#v", quoteList(knownLosses), v)
}

func resolveMetric(v any) (Metric, error) {
	switch mt := v.(type) {
	case string:
		return MetricByName(mt)
	case Metric:
		if isNilPointer(mt) {
			break
		}
		return mt, nil
	}
	return nil, fmt.Errorf("metric must be an nn.Metric or one of %s. Received: metric=%#v", quoteList(knownMetrics), v)
}

// isNilPointer reports whether v is a typed nil pointer of one of this package's types.
func isNilPointer(v any) bool {
	switch p := v.(type) {
	case *SGD:
		return p == nil
	case *RMSprop:
		return p == nil
	case *Adam:
		return p == nil
	case *SparseCategoricalCrossentropy:
		return p == nil
	case *CategoricalCrossentropy:
		return p == nil
	case *Accuracy:
		return p == nil
	}
	return false
}
