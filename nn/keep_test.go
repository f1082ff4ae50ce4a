package nn_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/tensor"
)

// keptAtInit is what a GoNB cell's `var model = nn.Kept[*nn.Sequential]("model")` gets before
// anything is kept: a placeholder, not a panic.
var keptAtInit = nn.Kept[*nn.Sequential]("nnbook-test-never-kept")

func TestKeptMissingAtInit(t *testing.T) {
	if keptAtInit == nil {
		t.Fatal("Kept returned nil for a missing *Sequential during init")
	}
	want := `nothing kept under "nnbook-test-never-kept": run the cell that calls nn.Keep("nnbook-test-never-kept", …) first`
	x, y := separable(10, 1)
	_, errFit := keptAtInit.Fit(x, y, nn.FitConfig{Silent: true})
	_, errEval := keptAtInit.Evaluate(x, y)
	_, errPred := keptAtInit.Predict(x)
	errSummary := errors.New(keptAtInit.Summary())
	t.Setenv("NNBOOK_KEPT_DIR", t.TempDir())
	if err := nn.KeepErr("copy", keptAtInit); err == nil || err.Error() != "nn.Keep: "+want {
		t.Errorf("keeping the placeholder: %v", err)
	}
	for i, err := range []error{errFit, errEval, errPred, errSummary} {
		op := []string{"Fit", "Evaluate", "Predict", "Summary"}[i]
		if err.Error() != "nn."+op+": "+want || (op != "Summary" && !errors.Is(err, nn.ErrNotKept)) {
			t.Errorf("%s: %v\nwant nn.%s: %s", op, err, op, want)
		}
	}
}

func TestKeepKept(t *testing.T) {
	t.Setenv("NNBOOK_KEPT_DIR", t.TempDir())
	x, y := separable(200, 3)
	m := newModel(t, 0, &nn.RMSprop{}, "sparse_categorical_crossentropy")
	h := m.MustFit(x, y, nn.FitConfig{Epochs: 2, Silent: true})
	nn.Keep("model", m)
	nn.Keep("history", h)
	nn.Keep("x", x)

	m2 := nn.Kept[*nn.Sequential]("model")
	p1, p2 := m.MustPredict(x), m2.MustPredict(x)
	if !bytes.Equal(f32bytes(p1), f32bytes(p2)) {
		t.Error("the kept model predicts differently")
	}
	if h2 := nn.Kept[*nn.History]("history"); h2.String() != h.String() || len(h2.BatchLoss) != len(h.BatchLoss) {
		t.Errorf("kept history\n%v\nwant\n%v", h2, h)
	}
	if x2 := nn.Kept[*tensor.Tensor]("x"); !bytes.Equal(f32bytes(x2), f32bytes(x)) {
		t.Error("the kept tensor differs")
	}
	// Keeping again replaces the value; no temporary file stays behind.
	nn.Keep("x", 42)
	if v := nn.Kept[int]("x"); v != 42 {
		t.Errorf("Kept[int] = %d, want 42", v)
	}
	dir, _ := nn.KeptDir()
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	hidden, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(files) != 3 || len(hidden) != 0 {
		t.Errorf("kept directory holds %v and %v, want history.gob, model.gob, x.gob", files, hidden)
	}
}

func TestKeptErrors(t *testing.T) {
	t.Setenv("NNBOOK_KEPT_DIR", t.TempDir())
	nn.Keep("n", 3)
	for _, c := range []struct {
		err  error
		want string
	}{
		{second(nn.KeptErr[string]("n")), `nn.Kept[string]("n"): the value kept under "n" is a int`},
		{second(nn.KeptErr[int]("none")), `nothing kept under "none": run the cell that calls nn.Keep("none", …) first`},
		{second(nn.KeptErr[int]("../etc/passwd")), `nn.Kept: invalid name "../etc/passwd": use letters, digits, '_', '-' and '.', not starting with '.'`},
		{nn.KeepErr("f", func() {}), `nn.Keep("f"): cannot encode a func(): gob NewTypeObject can't handle type: func()`},
	} {
		if c.err == nil || !strings.HasPrefix(c.err.Error(), c.want) {
			t.Errorf("got %v\nwant %s", c.err, c.want)
		}
	}
	dir, _ := nn.KeptDir()
	if err := os.WriteFile(filepath.Join(dir, "junk.gob"), []byte("junk"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := nn.KeptErr[int]("junk"); err == nil || !strings.Contains(err.Error(), "is not a kept value") {
		t.Errorf("junk file: %v", err)
	}
	// Outside a notebook, a missing value used in a cell's body panics with the message.
	t.Setenv("GONB_PIPE", "")
	defer func() {
		if r := recover(); r == nil || !errors.Is(r.(error), nn.ErrNotKept) {
			t.Errorf("Kept of a missing value in a function: recovered %v, want ErrNotKept", r)
		}
	}()
	nn.Kept[int]("none")
}

func f32bytes(t *tensor.Tensor) []byte {
	var b []byte
	for _, v := range t.Float32s() {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

// TestCellsSeparateProcesses plays a GoNB session with real separate processes (testdata/cells):
// a later cell's `var model = nn.Kept[*nn.Sequential]("model")` is initialised in every run.
func TestCellsSeparateProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "cells")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/cells").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src, _ := filepath.Abs("testdata/cells")
	kept := filepath.Join(dir, "kept")
	cell := func(notebook bool, arg string) (stdout, stderr string, code int) {
		cmd := exec.Command(bin, arg)
		cmd.Env = append(os.Environ(), "NNBOOK_KEPT_DIR="+kept, "GONB_PIPE=", "GONB_TMP_DIR=")
		if notebook {
			// As GoNB starts a cell (the pipe is never opened: the cells display nothing).
			cmd.Env = append(cmd.Env, "GONB_PIPE="+filepath.Join(dir, "no-pipe"), "GONB_TMP_DIR="+src)
		}
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return o.String(), e.String(), code
	}
	// Nothing kept yet: an unrelated cell runs as usual.
	if out, errOut, code := cell(true, "hello"); out != "hello\n" || errOut != "" || code != 0 {
		t.Errorf("hello cell: %q %q exit %d", out, errOut, code)
	}
	// Using the missing model: the message and the cell's line, nothing else.
	_, errOut, code := cell(true, "evaluate")
	want := "nn.Evaluate: nothing kept under \"model\": run the cell that calls nn.Keep(\"model\", …) first\n" +
		"    at: ev := model.MustEvaluate(x, y)\n"
	if errOut != want || code != 1 {
		t.Errorf("evaluate before keeping, in a notebook: exit %d, stderr\n%s\nwant\n%s", code, errOut, want)
	}
	// Outside a notebook: Go's usual panic.
	if _, errOut, code := cell(false, "evaluate"); code != 2 || !strings.Contains(errOut, "panic: nn.Evaluate: nothing kept under \"model\"") || !strings.Contains(errOut, "goroutine 1") {
		t.Errorf("outside a notebook: exit %d, stderr\n%s", code, errOut)
	}
	// The training cell runs although `model` is declared and missing, and keeps the model.
	if out, errOut, code := cell(true, "train"); out != "kept after 20 epochs\n" || errOut != "" || code != 0 {
		t.Errorf("train cell: %q %q exit %d", out, errOut, code)
	}
	// A later cell gets the trained model back, without the untrained-model warning.
	if out, errOut, code := cell(true, "evaluate"); out != "loss below 0.2: true\n" || errOut != "" || code != 0 {
		t.Errorf("evaluate after keeping: %q %q exit %d", out, errOut, code)
	}
	if out, _, code := cell(true, "history"); out != "20 epochs\n" || code != 0 {
		t.Errorf("history cell: %q exit %d", out, code)
	}
	// The trap: a model compiled in a var is rebuilt untrained in every cell: a warning says so.
	out, errOut, code := cell(true, "fresh")
	if out != "loss below 0.2: false\n" || code != 0 || !strings.HasPrefix(errOut, "nn.Evaluate: warning: the model was compiled but never trained") ||
		!strings.Contains(errOut, "this cell rebuilt the model from its `var`") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("fresh cell: %q exit %d, stderr %q", out, code, errOut)
	}
	// A tensor's shape mistake and a failed Must… call from another package: the message and
	// the cell's line, in a notebook; Go's panic outside one.
	_, errOut, code = cell(true, "reshape")
	want = "tensor.Reshape: cannot reshape (200, 2) (size 400) into (3, 7) (size 21)\n" +
		"    at: fmt.Println(x.Reshape(3, 7).Shape())\n"
	if errOut != want || code != 1 {
		t.Errorf("bad Reshape in a notebook: exit %d, stderr\n%s\nwant\n%s", code, errOut, want)
	}
	if _, errOut, code := cell(false, "reshape"); code != 2 || !strings.Contains(errOut, "panic: tensor.Reshape: cannot reshape") || !strings.Contains(errOut, "goroutine 1") {
		t.Errorf("bad Reshape outside a notebook: exit %d, stderr\n%s", code, errOut)
	}
	_, errOut, code = cell(true, "load")
	if lines := strings.Split(strings.TrimSpace(errOut), "\n"); code != 1 || len(lines) != 2 || !strings.Contains(lines[0], "no-such-model.nnb") ||
		lines[1] != `    at: nn.MustLoadModel("no-such-model.nnb")` || strings.Contains(errOut, "goroutine") {
		t.Errorf("MustLoadModel of a missing file in a notebook: exit %d, stderr\n%s", code, errOut)
	}

}
