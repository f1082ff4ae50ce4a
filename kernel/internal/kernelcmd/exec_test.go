package kernelcmd

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/internal/ipynb"
	"github.com/nnbook/nnbook/kernel/internal/kerneltest"
)

// requireJupyter skips the test when Jupyter or nbclient is missing, except
// under CI, where the integration tests must run.
func requireJupyter(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: skipped with -short")
	}
	// Install finds or creates the Jupyter environment itself; only a
	// machine without python3 cannot have one.
	if _, err := exec.LookPath("python3"); err != nil {
		if _, ok, _ := DefaultFinder().FindInstalled(); !ok {
			if os.Getenv("CI") != "" {
				t.Fatal("CI is set but there is neither JupyterLab nor python3")
			}
			t.Skip("neither JupyterLab >= 4 nor python3: skipping the integration test")
		}
	}
}

// installForTest installs the kernel with its kernelspec in a temporary
// JUPYTER_DATA_DIR. The binaries go to the usual bin directory (or
// $NNBOOK_KERNEL_BIN): they are reused, not rebuilt, when up to date.
func installForTest(t *testing.T) *Installation {
	t.Helper()
	t.Setenv(EnvJupyterDataDir, t.TempDir())
	var out bytes.Buffer
	inst, err := Install(InstallOptions{NoData: true, Verbose: true, Out: &out, Log: &kerneltest.LogWriter{T: t}})
	t.Log(out.String())
	if err != nil {
		t.Fatalf("Install: %v", err)
	}
	if !strings.HasPrefix(inst.SpecDir, os.Getenv(EnvJupyterDataDir)) {
		t.Fatalf("kernelspec went to %s, not into $JUPYTER_DATA_DIR", inst.SpecDir)
	}
	return inst
}

func TestInstallTwice(t *testing.T) {
	requireJupyter(t)
	first := installForTest(t)
	var out bytes.Buffer
	second, err := Install(InstallOptions{NoData: true, Verbose: true, Out: &out, Log: &kerneltest.LogWriter{T: t}})
	if err != nil {
		t.Fatalf("second Install: %v", err)
	}
	t.Log(out.String())
	if second.Changed {
		t.Errorf("second install changed something:\n%s", out.String())
	}
	for _, want := range []string{"gonb", "goimports", "gopls", "go shim", "kernelspec " + KernelName} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("second install does not mention %s", want)
		}
	}
	if strings.Contains(out.String(), "building") || strings.Count(out.String(), "up to date") < 5 {
		t.Errorf("second install is not all up to date:\n%s", out.String())
	}
	if first.SpecDir != second.SpecDir || !bytes.Equal(first.Spec.JSON(), second.Spec.JSON()) {
		t.Error("the two installs wrote different kernelspecs")
	}
}

// executedOutputs reads what an executed notebook shows: it reports every error output, and every
// panic written to stderr, as a test error, and returns the text the cells printed (stdout and
// HTML blocks, in order) and their image/png outputs, decoded.
func executedOutputs(t *testing.T, nb kerneltest.Notebook) (text string, pngs []image.Image) {
	t.Helper()
	if nb.Metadata.Kernelspec.Name != KernelName {
		t.Errorf("kernelspec name %q, want %q", nb.Metadata.Kernelspec.Name, KernelName)
	}
	var out strings.Builder
	for i, c := range nb.Cells {
		for _, o := range c.Outputs {
			switch o.OutputType {
			case "error":
				t.Errorf("cell %d has an error output: %s: %s", i+1, o.Ename, o.Evalue)
			case "stream":
				s := ipynb.Multiline(o.Text)
				if o.Name == "stderr" && strings.Contains(s, "panic") {
					t.Errorf("cell %d wrote a panic to stderr: %s", i+1, s)
				}
				if o.Name == "stdout" {
					if strings.Contains(s, "\r") {
						t.Errorf("cell %d wrote terminal progress ('\\r' lines) instead of viz's in-place HTML block: %.120q", i+1, s)
					}
					out.WriteString(s)
				}
			case "display_data", "execute_result":
				if raw, ok := o.Data["image/png"]; ok {
					b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(ipynb.Multiline(raw)))
					if err != nil {
						t.Fatalf("cell %d: image/png is not base64: %v", i+1, err)
					}
					img, err := png.Decode(bytes.NewReader(b))
					if err != nil {
						t.Fatalf("cell %d: image/png does not decode: %v", i+1, err)
					}
					pngs = append(pngs, img)
				}
				if html, ok := o.Data["text/html"]; ok {
					out.WriteString(ipynb.Multiline(html)) // e.g. the notebook progress block
					out.WriteString("\n")                  // a block of its own: what follows starts a line
				}
			}
		}
	}
	return out.String(), pngs
}

func TestExecNotebook(t *testing.T) {
	requireJupyter(t)
	inst := installForTest(t)
	outDir := t.TempDir()
	opts := ExecOptions{OutDir: outDir, Timeout: 5 * time.Minute, Echo: true, Python: inst.Jupyter.Python, Stderr: &kerneltest.LogWriter{T: t}}

	t.Run("hello", func(t *testing.T) {
		res, err := ExecNotebook(context.Background(), filepath.Join("testdata", "hello.ipynb"), opts)
		if err != nil {
			t.Fatalf("ExecNotebook: %v", err)
		}
		if !res.OK {
			t.Fatalf("hello.ipynb failed:\n%s", res.Failure())
		}
		t.Logf("hello.ipynb ran in %v", res.Duration)
		if res.Output != filepath.Join(outDir, "hello.ipynb") {
			t.Errorf("output = %s", res.Output)
		}
		stdout, pngs := executedOutputs(t, kerneltest.ReadNotebook(t, res.Output))
		for _, img := range pngs {
			if sz := img.Bounds().Size(); sz.X != 16 || sz.Y != 16 {
				t.Errorf("image is %v, want 16x16", sz)
			}
		}
		for _, want := range []string{
			"hello from the nnbook checkout, notebook", // package github.com/nnbook/nnbook/kernel/demo
			"DECLARATIONS PERSIST!",                    // func declared in an earlier cell
			"headless: 1",                              // NNBOOK_HEADLESS reaches the cells (viz's widgets skip the wait)
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("stdout of the executed notebook lacks %q; it is:\n%s", want, stdout)
			}
		}
		if len(pngs) != 1 {
			t.Errorf("got %d image/png outputs, want 1", len(pngs))
		}
	})

	t.Run("fail", func(t *testing.T) {
		res, err := ExecNotebook(context.Background(), filepath.Join("testdata", "fail.ipynb"), opts)
		if err != nil {
			t.Fatalf("ExecNotebook: %v", err)
		}
		if res.OK {
			t.Fatal("fail.ipynb succeeded")
		}
		msg := res.Failure()
		t.Logf("failure report:\n%s", msg)
		if res.Cell != 3 || res.FirstLine != "// deliberately broken: exec must name this cell" || res.Kind != "error" {
			t.Errorf("failed at cell %d %q (%s), want cell 3 (its first line) with an error", res.Cell, res.FirstLine, res.Kind)
		}
		for _, want := range []string{"fail.ipynb: cell 3", "index out of range [3] with length 0", "cell 3 begins: // deliberately broken"} {
			if !strings.Contains(msg, want) {
				t.Errorf("failure report lacks %q", want)
			}
		}
		nb := kerneltest.ReadNotebook(t, res.Output) // written despite the failure
		if len(nb.Cells[0].Outputs) == 0 || len(nb.Cells[3].Outputs) != 0 {
			t.Errorf("executed copy: cell 1 has %d outputs (want some), cell 4 has %d (want none: not run)",
				len(nb.Cells[0].Outputs), len(nb.Cells[3].Outputs))
		}
	})

	t.Run("allow-errors", func(t *testing.T) {
		var out, errb bytes.Buffer
		code := Run([]string{"exec", "-q", "-no-data", "-allow-errors", "-o", t.TempDir(), filepath.Join("testdata", "fail.ipynb")}, &out, &errb)
		t.Logf("stdout:\n%s\nstderr:\n%s", out.String(), errb.String())
		if code != 0 || !strings.Contains(out.String(), "(errors allowed in cells 3)") {
			t.Errorf("exec -allow-errors of fail.ipynb exited %d; want 0 and the failed cell named", code)
		}
		res, err := ExecNotebook(context.Background(), filepath.Join("testdata", "fail.ipynb"), ExecOptions{OutDir: t.TempDir(), Python: opts.Python, AllowErrors: true, Stderr: opts.Stderr})
		if err != nil || !res.OK || len(res.ErrorCells) != 1 || res.ErrorCells[0] != 3 {
			t.Fatalf("ExecNotebook(AllowErrors) = %+v, %v; want OK with cell 3 failed", res, err)
		}
		nb := kerneltest.ReadNotebook(t, res.Output)
		var text string
		for _, o := range nb.Cells[3].Outputs {
			text += ipynb.Multiline(o.Text)
		}
		if text != "never reached\n" {
			t.Errorf("the cell after the failing one printed %q, want \"never reached\"", text)
		}
	})

	t.Run("parallel", func(t *testing.T) {
		// Two notebooks at once (-j 2) and a third when one is done: every result is reported,
		// the failure too, and the second notebook starts before the first has finished.
		hello2 := filepath.Join(t.TempDir(), "hello2.ipynb")
		data, err := os.ReadFile(filepath.Join("testdata", "hello.ipynb"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(hello2, data, 0o644); err != nil {
			t.Fatal(err)
		}
		hello, fail := filepath.Join("testdata", "hello.ipynb"), filepath.Join("testdata", "fail.ipynb")
		var out, errb bytes.Buffer
		code := Run([]string{"exec", "-no-data", "-j", "2", "-o", t.TempDir(), hello, hello2, fail}, &out, &errb)
		t.Logf("stdout:\n%s\nstderr:\n%s", out.String(), errb.String())
		if code != 1 {
			t.Errorf("exec -j 2 exited %d, want 1 (fail.ipynb fails)", code)
		}
		for _, want := range []string{"ok    " + hello + " ", "ok    " + hello2 + " ", "FAIL  " + fail + " ", "3 notebook(s), 1 failed"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("stdout lacks %q", want)
			}
		}
		log := errb.String()
		if !strings.Contains(log, "exec: "+fail+" failed at cell 3") {
			t.Errorf("stderr does not name fail.ipynb's cell 3")
		}
		started, firstDone := strings.Index(log, "[hello2.ipynb] starting kernel"), strings.Index(log, "[hello.ipynb] cell 4/4 ok")
		if started < 0 || firstDone < 0 || started > firstDone {
			t.Errorf("hello2.ipynb started at byte %d of stderr, hello.ipynb's last cell finished at %d: want both, in that order (run at once)", started, firstDone)
		}
		if strings.Contains(log, "    | ") {
			t.Errorf("cells' output echoed with -j 2; want progress only")
		}
		if code := Run([]string{"exec", "-j", "0", hello}, &out, &errb); code != 2 {
			t.Errorf("exec -j 0 exited %d, want 2", code)
		}
	})

	t.Run("cli", func(t *testing.T) {
		var out, errb bytes.Buffer
		code := Run([]string{"exec", "-q", "-no-data", "-o", outDir, filepath.Join("testdata", "fail.ipynb")}, &out, &errb)
		t.Logf("stdout:\n%s\nstderr:\n%s", out.String(), errb.String())
		if code != 1 {
			t.Errorf("exec of fail.ipynb exited %d, want 1", code)
		}
		if want := "fail.ipynb failed at cell 3 (// deliberately broken: exec must name this cell): panic: runtime error: index out of range"; !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q", want)
		}
		if !strings.Contains(out.String(), "FAIL  testdata/fail.ipynb") {
			t.Errorf("stdout lacks the FAIL line with the run time")
		}
	})
}
