package nn_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn"
)

func TestCompileTypes(t *testing.T) {
	for _, c := range []struct {
		cfg  nn.CompileConfig
		want string // the %T of optimizer, loss and metrics
	}{
		{nn.CompileConfig{Optimizer: &nn.SGD{}, Loss: nn.CategoricalCrossentropy{}}, "*nn.SGD nn.CategoricalCrossentropy []"},
		{nn.CompileConfig{Optimizer: &nn.RMSprop{}, Loss: nn.SparseCategoricalCrossentropy{}, Metrics: []nn.Metric{nn.Accuracy{}}},
			"*nn.RMSprop nn.SparseCategoricalCrossentropy [nn.Accuracy]"},
		{nn.CompileConfig{Optimizer: &nn.Adam{}, Loss: nn.SparseCategoricalCrossentropy{FromLogits: true}}, "*nn.Adam nn.SparseCategoricalCrossentropy []"},
		{nn.CompileConfig{Loss: nn.SparseCategoricalCrossentropy{}}, "*nn.RMSprop nn.SparseCategoricalCrossentropy []"}, // Keras's default optimizer
		{nn.CompileConfig{Optimizer: (*nn.Adam)(nil), Loss: nn.SparseCategoricalCrossentropy{}}, "*nn.RMSprop nn.SparseCategoricalCrossentropy []"},
		{nn.CompileConfig{Optimizer: &nn.RMSprop{Rho: 0.5}, Loss: &nn.CategoricalCrossentropy{}, Metrics: []nn.Metric{&nn.Accuracy{}}},
			"*nn.RMSprop *nn.CategoricalCrossentropy [*nn.Accuracy]"},
	} {
		m := nn.NewSequential(&nn.Dense{Units: 3, Activation: nn.Softmax})
		if err := m.Compile(c.cfg); err != nil {
			t.Errorf("%+v: %v", c.cfg, err)
			continue
		}
		types := []string{}
		for _, mt := range m.Metrics() {
			types = append(types, fmt.Sprintf("%T", mt))
		}
		got := fmt.Sprintf("%T %T [%s]", m.Optimizer(), m.Loss(), strings.Join(types, " "))
		if got != c.want {
			t.Errorf("%+v: got %s, want %s", c.cfg, got, c.want)
		}
	}
}

func TestByName(t *testing.T) {
	for _, c := range []struct {
		name string
		get  func(string) (any, error)
		want string
	}{
		{"RMSprop", func(n string) (any, error) { return nn.OptimizerByName(n) }, "*nn.RMSprop"},
		{"sgd", func(n string) (any, error) { return nn.OptimizerByName(n) }, "*nn.SGD"},
		{"adam", func(n string) (any, error) { return nn.OptimizerByName(n) }, "*nn.Adam"},
		{"Sparse_Categorical_Crossentropy", func(n string) (any, error) { return nn.LossByName(n) }, "nn.SparseCategoricalCrossentropy"},
		{"CategoricalCrossentropy", func(n string) (any, error) { return nn.LossByName(n) }, "nn.CategoricalCrossentropy"},
		{"Accuracy", func(n string) (any, error) { return nn.MetricByName(n) }, "nn.Accuracy"},
		{"relu", func(n string) (any, error) { return nn.ActivationByName(n) }, "nn.Activation"},
	} {
		v, err := c.get(c.name)
		if err != nil || fmt.Sprintf("%T", v) != c.want {
			t.Errorf("%s: %T, %v; want %s", c.name, v, err, c.want)
		}
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{second(nn.OptimizerByName("rmsprp")), `unknown optimizer "rmsprp"; known: "adam", "adamw", "rmsprop", "sgd"`},
		{second(nn.LossByName("mse")), `unknown loss "mse"; known: "categorical_crossentropy", "sparse_categorical_crossentropy"`},
		{second(nn.MetricByName("auc")), `unknown metric "auc"; known: "accuracy"`},
		{second(nn.ActivationByName("rleu")), `unknown activation "rleu"; known: "linear", "relu", "sigmoid", "softmax", `}, // and those registered by tests,
	} {
		if c.err == nil || !strings.HasPrefix(c.err.Error(), c.want) {
			t.Errorf("got %v\nwant %s", c.err, c.want)
		}
	}
	if a, _ := nn.ActivationByName("Softmax"); a != nn.Softmax || a.String() != "softmax" {
		t.Errorf("ActivationByName(Softmax) = %v", a)
	}
}

func second[T any](_ T, err error) error { return err }

func TestCompileErrors(t *testing.T) {
	for _, c := range []struct {
		cfg  nn.CompileConfig
		want string
	}{
		{nn.CompileConfig{}, `nn.Compile: a loss is required, e.g. Loss: nn.SparseCategoricalCrossentropy{}`},
		{nn.CompileConfig{Loss: (*nn.CategoricalCrossentropy)(nil)}, `a loss is required`},
		{nn.CompileConfig{Loss: nn.CategoricalCrossentropy{}, Metrics: []nn.Metric{nil}}, `nn.Compile: metric 0 is nil`},
		{nn.CompileConfig{Loss: nn.CategoricalCrossentropy{}, Metrics: []nn.Metric{nn.Accuracy{}, &nn.Accuracy{}}},
			`metric names must be unique and not "loss". Received: "accuracy" twice`},
	} {
		m := nn.NewSequential(&nn.Dense{Units: 3})
		err := m.Compile(c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v\nwant %s", c.cfg, err, c.want)
		}
		if m.Compiled() {
			t.Errorf("%+v: compiled despite the error", c.cfg)
		}
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "a loss is required") {
			t.Errorf("MustCompile panic: %v", r)
		}
	}()
	nn.NewSequential(&nn.Dense{Units: 3}).MustCompile(nn.CompileConfig{})
}
