package nn

import (
	"io"
	"os"
	"strings"
	"sync"
	"testing"
)

// stderrOf returns what f writes to os.Stderr.
func stderrOf(t *testing.T, f func()) string {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stderr
	os.Stderr = w
	defer func() { os.Stderr = old }()
	f()
	w.Close()
	b, _ := io.ReadAll(r)
	return string(b)
}

func TestWarnUntrained(t *testing.T) {
	x, y := tinyData()
	t.Setenv("GONB_PIPE", "/nonexistent/gonb-pipe")
	untrainedWarned = sync.Once{}
	m := tinyModel()
	m.MustBuild(2)
	out := stderrOf(t, func() {
		m.MustEvaluate(x, y)
		m.MustPredict(x) // once per process
	})
	want := "nn.Evaluate: warning: the model was compiled but never trained: its weights are the random ones it was built with. " +
		"In GoNB every cell is a new program: this cell rebuilt the model from its `var` declaration, so the model compiled and " +
		"trained in an earlier cell is gone. Keep the trained one in the cell that trains it, for example with nn.Keep(\"model\", model), " +
		"and bring it back with var model = nn.Kept[*nn.Sequential](\"model\").\n"
	if out != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", out, want)
	}

	// Trained, loaded, or uncompiled models: no warning.
	t.Setenv("GONB_PIPE", "")
	trained := tinyModel()
	trained.MustFit(x, y, FitConfig{Silent: true})
	b, err := trained.GobEncode()
	if err != nil {
		t.Fatal(err)
	}
	loaded := &Sequential{}
	if err := loaded.GobDecode(b); err != nil {
		t.Fatal(err)
	}
	uncompiled := NewSequential(&Dense{Units: 2, Activation: Softmax})
	for name, m := range map[string]*Sequential{"trained": trained, "loaded": loaded, "uncompiled": uncompiled} {
		untrainedWarned = sync.Once{}
		if out := stderrOf(t, func() { m.MustPredict(x) }); out != "" {
			t.Errorf("%s model: warning %q", name, out)
		}
	}
	untrainedWarned = sync.Once{}
	if out := stderrOf(t, func() { tinyModel().MustPredict(x) }); !strings.HasSuffix(out, "built with; call Fit first\n") {
		t.Errorf("outside a notebook: %q", out)
	}
}

func TestNotCompiledInNotebook(t *testing.T) {
	x, y := tinyData()
	m := NewSequential(&Dense{Units: 2, Activation: Softmax})
	t.Setenv("GONB_PIPE", "")
	_, err := m.Evaluate(x, y)
	if want := "nn.Evaluate: the model must be compiled first (Evaluate needs its loss and metrics); call Compile"; err == nil || err.Error() != want {
		t.Errorf("outside a notebook: %v", err)
	}
	t.Setenv("GONB_PIPE", "/nonexistent/gonb-pipe")
	_, err = m.Fit(x, y, FitConfig{Silent: true})
	if err == nil || !strings.HasPrefix(err.Error(), "nn.Fit: the model must be compiled before training; call Compile first. In GoNB every cell is a new program: this cell rebuilt the model from its `var` declaration") ||
		!strings.HasSuffix(err.Error(), "(Or compile it in this cell.)") {
		t.Errorf("in a notebook: %v", err)
	}
}
