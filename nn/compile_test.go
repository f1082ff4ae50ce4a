package nn_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn"
)

func TestCompileNames(t *testing.T) {
	for _, c := range []struct {
		cfg  nn.CompileConfig
		want string // the %T of optimizer, loss and metrics
	}{
		{nn.CompileConfig{Optimizer: "sgd", Loss: "categorical_crossentropy"}, "*nn.SGD nn.CategoricalCrossentropy []"},
		{nn.CompileConfig{Optimizer: "RMSprop", Loss: "Sparse_Categorical_Crossentropy", Metrics: []any{"Accuracy"}},
			"*nn.RMSprop nn.SparseCategoricalCrossentropy [nn.Accuracy]"},
		{nn.CompileConfig{Optimizer: "adam", Loss: nn.SparseCategoricalCrossentropy{FromLogits: true}}, "*nn.Adam nn.SparseCategoricalCrossentropy []"},
		{nn.CompileConfig{Loss: "sparse_categorical_crossentropy"}, "*nn.RMSprop nn.SparseCategoricalCrossentropy []"}, // Keras's default optimizer
		{nn.CompileConfig{Optimizer: nn.RMSprop{Rho: 0.5}, Loss: &nn.CategoricalCrossentropy{}, Metrics: []any{&nn.Accuracy{}}},
			"*nn.RMSprop *nn.CategoricalCrossentropy [*nn.Accuracy]"},
		{nn.CompileConfig{Optimizer: nn.SGD{}, Loss: "categorical_crossentropy"}, "*nn.SGD nn.CategoricalCrossentropy []"},
		{nn.CompileConfig{Optimizer: nn.Adam{}, Loss: "categorical_crossentropy"}, "*nn.Adam nn.CategoricalCrossentropy []"},
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
	// A value optimizer is copied: its Rho is kept.
	m := nn.NewSequential(&nn.Dense{Units: 3})
	m.MustCompile(nn.CompileConfig{Optimizer: nn.RMSprop{Rho: 0.5}, Loss: "categorical_crossentropy"})
	if m.Optimizer().(*nn.RMSprop).Rho != 0.5 {
		t.Error("RMSprop value not copied")
	}
}

func TestCompileErrors(t *testing.T) {
	for _, c := range []struct {
		cfg  nn.CompileConfig
		want string
	}{
		{nn.CompileConfig{Optimizer: "rmsprp", Loss: "categorical_crossentropy"},
			`nn.Compile: unknown optimizer "rmsprp"; known: "sgd", "rmsprop", "adam"`},
		{nn.CompileConfig{Loss: "mse"},
			`nn.Compile: unknown loss "mse"; known: "sparse_categorical_crossentropy", "categorical_crossentropy"`},
		{nn.CompileConfig{Loss: "categorical_crossentropy", Metrics: []any{"auc"}},
			`nn.Compile: unknown metric "auc"; known: "accuracy"`},
		{nn.CompileConfig{}, `nn.Compile: loss must be an nn.Loss or one of "sparse_categorical_crossentropy", "categorical_crossentropy". Received: loss=<nil>`},
		{nn.CompileConfig{Optimizer: 0.01, Loss: "categorical_crossentropy"},
			`nn.Compile: optimizer must be an nn.Optimizer or one of "sgd", "rmsprop", "adam". Received: optimizer=0.01`},
		{nn.CompileConfig{Optimizer: (*nn.Adam)(nil), Loss: "categorical_crossentropy"}, `Received: optimizer=(*nn.Adam)(nil)`},
		{nn.CompileConfig{Loss: "categorical_crossentropy", Metrics: []any{42}}, `Received: metric=42`},
		{nn.CompileConfig{Loss: "categorical_crossentropy", Metrics: []any{"accuracy", nn.Accuracy{}}},
			`metric names must be unique and not "loss". Received: "accuracy" twice`},
	} {
		m := nn.NewSequential(&nn.Dense{Units: 3})
		err := m.Compile(c.cfg)
		if err == nil || err.Error() != c.want && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v\nwant %s", c.cfg, err, c.want)
		}
		if m.Compiled() {
			t.Errorf("%+v: compiled despite the error", c.cfg)
		}
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "unknown loss") {
			t.Errorf("MustCompile panic: %v", r)
		}
	}()
	nn.NewSequential(&nn.Dense{Units: 3}).MustCompile(nn.CompileConfig{Loss: "hinge"})
}
