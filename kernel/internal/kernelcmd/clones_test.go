package kernelcmd

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel/internal/kerneltest"
)

// greetingNotebook prints kernel/demo's greeting: the text differs between
// the clones of TestOneKernelServesEveryCheckout.
const greetingNotebook = `{
 "cells": [{"cell_type": "code", "execution_count": null, "id": "g1", "metadata": {}, "outputs": [],
   "source": ["import \"github.com/nnbook/nnbook/kernel/demo\"\n", "\n", "%%\n", "fmt.Println(demo.Greeting(\"clone\"))"]}],
 "metadata": {"kernelspec": {"display_name": "Go (nnbook)", "language": "go", "name": "nnbook-gonb"},
  "language_info": {"name": "go"}},
 "nbformat": 4, "nbformat_minor": 5
}
`

// TestOneKernelServesEveryCheckout clones this checkout twice, changes
// kernel/demo's greeting in the second clone, and runs the same notebook in
// each clone and outside both through the one registered kernel: each clone
// prints its own greeting, the notebook outside any checkout the installed
// default's (this checkout's).
func TestOneKernelServesEveryCheckout(t *testing.T) {
	requireJupyter(t)
	inst := installForTest(t)
	tmp := t.TempDir()
	for _, clone := range []string{"a", "b"} {
		cmd := exec.Command("git", "clone", "-q", inst.Root, filepath.Join(tmp, clone))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git clone: %v\n%s", err, out)
		}
	}
	demo := filepath.Join(tmp, "b", "kernel", "demo", "demo.go")
	src, err := os.ReadFile(demo)
	if err != nil {
		t.Fatal(err)
	}
	const orig = `"hello from the nnbook checkout, "`
	if !strings.Contains(string(src), orig) {
		t.Fatalf("%s no longer returns %s", demo, orig)
	}
	if err := os.WriteFile(demo, []byte(strings.Replace(string(src), orig, `"hello from clone b, "`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ dir, want string }{
		{filepath.Join(tmp, "a", "notebooks"), "hello from the nnbook checkout, clone\n"},
		{filepath.Join(tmp, "b", "notebooks", "deeper"), "hello from clone b, clone\n"},
		{filepath.Join(tmp, "elsewhere"), "hello from the nnbook checkout, clone\n"}, // the default: this checkout
	} {
		if err := os.MkdirAll(tc.dir, 0o755); err != nil {
			t.Fatal(err)
		}
		nb := filepath.Join(tc.dir, "greeting.ipynb")
		if err := os.WriteFile(nb, []byte(greetingNotebook), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := ExecNotebook(context.Background(), nb, ExecOptions{OutDir: t.TempDir(), Python: inst.Jupyter.Python, Stderr: &kerneltest.LogWriter{T: t}})
		if err != nil || !res.OK {
			t.Fatalf("%s: %v\n%s", nb, err, res.Failure())
		}
		if text, _ := executedOutputs(t, kerneltest.ReadNotebook(t, res.Output)); text != tc.want {
			t.Errorf("%s printed %q, want %q", nb, text, tc.want)
		}
	}
}
