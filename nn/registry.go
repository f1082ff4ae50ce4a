package nn

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// The registry maps the names of optimizers, losses, metrics, activations and layers to their Go
// values, in one place used by Compile's name lookups (OptimizerByName, ...), Save (which writes a
// value's class name and config) and LoadModel (which turns them back into a value). This
// package's types register themselves in their own files' init functions; a new optimizer, loss,
// metric, activation or layer is one new file with one Register call.
var (
	optimizers  = newRegistry[Optimizer]("optimizer")
	losses      = newRegistry[Loss]("loss")
	metrics     = newRegistry[Metric]("metric")
	activations = newRegistry[Activation]("activation")
	layers      = newRegistry[Layer]("layer class")
)

// registry holds the entries of one kind.
type registry[T any] struct {
	kind    string
	mu      sync.RWMutex
	byName  map[string]*entry[T]       // by lower-case class name and Keras name
	byType  map[reflect.Type]*entry[T] // by Go type, for Save
	entries []*entry[T]                // in registration order
}

// entry is one registered name: Keras's class name ("RMSprop"), its string name ("rmsprop"), the
// Go type of its values (nil when several entries share one), and the function that makes a value
// from its saved config.
type entry[T any] struct {
	className, name string
	typ             reflect.Type
	decode          func(config json.RawMessage) (T, error)
}

func newRegistry[T any](kind string) *registry[T] {
	return &registry[T]{kind: kind, byName: map[string]*entry[T]{}, byType: map[reflect.Type]*entry[T]{}}
}

// add registers e, panicking on a name or type registered twice (a programmer error).
func (r *registry[T]) add(e *entry[T]) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range []string{e.className, e.name} {
		if n == "" {
			continue
		}
		if old, dup := r.byName[strings.ToLower(n)]; dup && old != e {
			panic(fmt.Sprintf("nn: %s %q registered twice", r.kind, n))
		}
		r.byName[strings.ToLower(n)] = e
	}
	if e.typ != nil {
		if _, dup := r.byType[e.typ]; dup {
			panic(fmt.Sprintf("nn: %s type %v registered twice", r.kind, e.typ))
		}
		r.byType[e.typ] = e
	}
	r.entries = append(r.entries, e)
}

// addType registers the type of example under className and name: a value is saved as the JSON of
// its exported fields and loaded by decoding that JSON into a new zero value of the type.
func (r *registry[T]) addType(className, name string, example T) {
	typ := reflect.TypeOf(example)
	r.add(&entry[T]{className: className, name: name, typ: typ, decode: func(config json.RawMessage) (T, error) {
		ptr := typ.Kind() == reflect.Pointer
		v := reflect.New(typ)
		if ptr {
			v = reflect.New(typ.Elem())
		}
		if len(config) > 0 && string(config) != "null" {
			if err := json.Unmarshal(config, v.Interface()); err != nil {
				var zero T
				return zero, fmt.Errorf("%s config: %w", className, err)
			}
		}
		if ptr {
			return v.Interface().(T), nil
		}
		return v.Elem().Interface().(T), nil
	}})
}

// lookup returns the entry of a class name or Keras name (any case), or an error listing the
// known names.
func (r *registry[T]) lookup(name string) (*entry[T], error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if e := r.byName[strings.ToLower(name)]; e != nil {
		return e, nil
	}
	known := make([]string, 0, len(r.entries))
	for _, e := range r.entries {
		n := e.name
		if n == "" {
			n = e.className
		}
		known = append(known, n)
	}
	sort.Strings(known)
	return nil, fmt.Errorf("unknown %s %q; known: %s", r.kind, name, quoteList(known))
}

// decode makes a value from a saved class name and config.
func (r *registry[T]) decode(name string, config json.RawMessage) (T, error) {
	e, err := r.lookup(name)
	if err != nil {
		var zero T
		return zero, err
	}
	return e.decode(config)
}

// byName returns a new value with default settings for a name.
func (r *registry[T]) named(name string) (T, error) { return r.decode(name, nil) }

// entryOf returns the entry of v's Go type (or of the type it points to), or nil when v's type
// is not registered.
func (r *registry[T]) entryOf(v any) *entry[T] {
	r.mu.RLock()
	defer r.mu.RUnlock()
	t := reflect.TypeOf(v)
	if t == nil {
		return nil
	}
	if e := r.byType[t]; e != nil {
		return e
	}
	if t.Kind() == reflect.Pointer {
		return r.byType[t.Elem()]
	}
	return nil
}

// RegisterOptimizer makes an optimizer type known by name to OptimizerByName, Save and LoadModel:
// className is Keras's class name ("RMSprop"), name its string name ("rmsprop"), and example a
// value of the type (&RMSprop{}). Its exported fields, with their json tags, are its saved config;
// a loaded optimizer is a new value with those fields set. It panics when a name or the type is
// registered twice.
func RegisterOptimizer(className, name string, example Optimizer) {
	optimizers.addType(className, name, example)
}

// RegisterLoss is RegisterOptimizer for a loss: RegisterLoss("SparseCategoricalCrossentropy",
// "sparse_categorical_crossentropy", SparseCategoricalCrossentropy{}).
func RegisterLoss(className, name string, example Loss) { losses.addType(className, name, example) }

// RegisterMetric is RegisterOptimizer for a metric; a saved model records its metrics by name.
func RegisterMetric(className, name string, example Metric) {
	metrics.addType(className, name, example)
}

// RegisterLayer makes LoadModel able to rebuild layers of the given class name from the JSON of
// their Config. Dense is registered by this package. It panics if className is already
// registered, as a duplicate registration is a programmer error.
func RegisterLayer(className string, fromConfig func(config json.RawMessage) (Layer, error)) {
	layers.add(&entry[Layer]{className: className, decode: fromConfig})
}

// OptimizerByName returns a new optimizer with Keras's defaults for a registered name: "sgd",
// "rmsprop", "adam", "adamw" or a class name such as "RMSprop" (any case), or an error listing the
// known names.
func OptimizerByName(name string) (Optimizer, error) { return optimizers.named(name) }

// LossByName returns the registered loss of a name: "sparse_categorical_crossentropy",
// "categorical_crossentropy" or a class name (any case), or an error listing the known names.
func LossByName(name string) (Loss, error) { return losses.named(name) }

// MetricByName returns the registered metric of a name: "accuracy" (any case), or an error listing
// the known names.
func MetricByName(name string) (Metric, error) { return metrics.named(name) }

// ActivationByName returns the registered activation of a Keras name: "relu", "sigmoid", "tanh",
// "softmax", "linear" or a name given to RegisterActivation (any case), or an error listing them.
func ActivationByName(name string) (Activation, error) { return activations.named(name) }
