package kernelcmd

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/internal/ipynb"
	"github.com/nnbook/nnbook/kernel/internal/kerneltest"
)

// TestFirstHourNotebook runs testdata/first-hour.ipynb, a student's eight exercises (issue 15),
// through the kernel with AllowErrors, and checks what the student sees: the two deliberate
// mistakes (a bad Reshape, and evaluating a model compiled in a `var` after training it in an
// earlier cell) each show a few lines that name the problem and the cell's line, with no
// goroutine dump or internal frames; the second warns that the model was never trained; the
// model trained in one cell and brought back with nn.Kept in the next scores above 0.9; every
// other cell runs without an error.
func TestFirstHourNotebook(t *testing.T) {
	requireJupyter(t)
	inst := installForTest(t)
	t.Setenv("NNBOOK_KEPT_DIR", t.TempDir()) // the kept model of this run only
	path := filepath.Join("testdata", "first-hour.ipynb")
	res, err := ExecNotebook(context.Background(), path, ExecOptions{
		OutDir: t.TempDir(), Timeout: 5 * time.Minute, Python: inst.Jupyter.Python,
		AllowErrors: true, Stderr: &kerneltest.LogWriter{T: t},
	})
	if err != nil {
		t.Fatalf("ExecNotebook: %v", err)
	}
	if !res.OK {
		t.Fatalf("first-hour.ipynb failed:\n%s", res.Failure())
	}
	t.Logf("first-hour.ipynb ran in %v", res.Duration)
	cells := readCells(t, res.Output)

	find := func(marker string) int {
		t.Helper()
		for i, c := range cells {
			if strings.Contains(c.source, marker) {
				return i
			}
		}
		t.Fatalf("no cell contains %q", marker)
		return -1
	}
	reshape := find("trainImages.Reshape(60000, 28*28*28)")
	untrained := find("quick.MustEvaluate(")
	reuse := find(`var variant = nn.Kept[*nn.Sequential]("variant")`)
	if want := []int{reshape + 1}; !slices.Equal(res.ErrorCells, want) {
		t.Errorf("cells with an error: %v, want %v (the bad Reshape only)", res.ErrorCells, want)
	}

	// A mistake: at most a few lines, the message and the cell's line, no Go internals.
	short := func(i int, wants ...string) {
		t.Helper()
		all := cells[i].all()
		t.Logf("cell %d shows:\n%s", i+1, all)
		if n := strings.Count(strings.TrimSpace(all), "\n") + 1; n > 5 {
			t.Errorf("cell %d shows %d lines, want at most 5:\n%s", i+1, n, all)
		}
		for _, bad := range []string{"goroutine", ".go:", "panic", "\x1b["} {
			if strings.Contains(all, bad) {
				t.Errorf("cell %d shows %q:\n%s", i+1, bad, all)
			}
		}
		for _, w := range wants {
			if !strings.Contains(all, w) {
				t.Errorf("cell %d lacks %q:\n%s", i+1, w, all)
			}
		}
	}
	short(reshape, "tensor.Reshape: cannot reshape (60000, 28, 28) (size 47040000) into (60000, 21952)",
		"    at: flat := trainImages.Reshape(60000, 28*28*28)\n")
	short(untrained, "nn.Evaluate: warning: the model was compiled but never trained", "quick, test accuracy: ")
	if acc := number(t, cells[untrained].stdout, `test accuracy: ([0-9.]+)`); acc > 0.5 {
		t.Errorf("the untrained model scored %g: is it really the fresh one?", acc)
	}
	if acc := number(t, cells[reuse].stdout, `reused variant, test accuracy: ([0-9.]+)`); acc <= 0.9 {
		t.Errorf("the kept variant scored %g on the test set, want > 0.9", acc)
	}

	// Every other cell: no error, nothing on stderr but progress, and the facts it prints.
	for i, c := range cells {
		if i == reshape || i == untrained {
			continue
		}
		if c.errors != "" || c.stderr != "" {
			t.Errorf("cell %d: error %q, stderr %q", i+1, c.errors, c.stderr)
		}
	}
	var stdout string
	for _, c := range cells {
		stdout += c.stdout
	}
	for _, want := range []string{
		"label: 3\n", "epochs: 3\n", "same as the tensor operations: true\n",
		"y = 8.0  dy/dx = 12.0\n", // d(x³)/dx = 3x² = 12 at x = 2
		"AdamW, one epoch, test accuracy: ", "loaded model predicts exactly as the saved one: true\n",
		"still fine\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the notebook's output lacks %q; it is:\n%s", want, stdout)
		}
	}
	if pngs := cells[find("viz.Digit(")].pngs; pngs != 1 {
		t.Errorf("the digit cell shows %d images, want 1", pngs)
	}
}

// executedCell is what one executed cell shows, by kind of output.
type executedCell struct {
	source, stdout, stderr, errors string
	pngs                           int
}

// all returns everything the cell shows as text, in the order stderr, stdout, errors.
func (c executedCell) all() string {
	s := c.stderr + c.stdout
	if c.errors != "" {
		s += c.errors + "\n"
	}
	return s
}

// readCells reads an executed notebook's cells: each one's source and outputs by kind.
func readCells(t *testing.T, path string) []executedCell {
	t.Helper()
	nb := kerneltest.ReadNotebook(t, path)
	cells := make([]executedCell, len(nb.Cells))
	for i, c := range nb.Cells {
		cells[i].source = ipynb.Multiline(c.Source)
		for _, o := range c.Outputs {
			switch {
			case o.OutputType == "stream" && o.Name == "stdout":
				cells[i].stdout += ipynb.Multiline(o.Text)
			case o.OutputType == "stream":
				cells[i].stderr += ipynb.Multiline(o.Text)
			case o.OutputType == "error":
				cells[i].errors += o.Evalue
			case o.Data["image/png"] != nil:
				cells[i].pngs++
			}
		}
	}
	return cells
}

// number returns the number matched by the first group of pattern in s.
func number(t *testing.T, s, pattern string) float64 {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %q in %q", pattern, s)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
