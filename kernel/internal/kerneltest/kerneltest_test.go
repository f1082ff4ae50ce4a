package kerneltest

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/nnbook/nnbook/kernel/internal/ipynb"
)

// recorder is a testing.TB whose Log calls are kept.
type recorder struct {
	testing.TB
	lines []string
}

func (r *recorder) Log(args ...any) { r.lines = append(r.lines, fmt.Sprint(args...)) }

func TestLogWriterLogsCompleteLines(t *testing.T) {
	r := &recorder{TB: t}
	w := &LogWriter{T: r}
	for _, s := range []string{"one\ntw", "o\n", "three", "\nfour"} {
		if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
	if want := []string{"one", "two", "three"}; !reflect.DeepEqual(r.lines, want) {
		t.Errorf("logged %q, want %q (\"four\" waits for its newline)", r.lines, want)
	}
}

func TestReadNotebook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "n.ipynb")
	src := `{"metadata": {"kernelspec": {"name": "nnbook"}}, "cells": [
		{"cell_type": "markdown", "source": ["# T\n", "x"]},
		{"cell_type": "code", "source": "f()", "outputs": [
			{"output_type": "stream", "name": "stdout", "text": ["1\n", "2\n"]},
			{"output_type": "display_data", "data": {"image/png": "iVBO"}},
			{"output_type": "error", "ename": "E", "evalue": "boom"}]}]}`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	nb := ReadNotebook(t, path)
	if nb.Metadata.Kernelspec.Name != "nnbook" || len(nb.Cells) != 2 {
		t.Fatalf("kernelspec %q, %d cells", nb.Metadata.Kernelspec.Name, len(nb.Cells))
	}
	if c := nb.Cells[0]; c.CellType != "markdown" || ipynb.Multiline(c.Source) != "# T\nx" || len(c.Outputs) != 0 {
		t.Errorf("cell 1: %+v", c)
	}
	c := nb.Cells[1]
	if c.CellType != "code" || ipynb.Multiline(c.Source) != "f()" || len(c.Outputs) != 3 {
		t.Fatalf("cell 2: %+v", c)
	}
	if o := c.Outputs[0]; o.OutputType != "stream" || o.Name != "stdout" || ipynb.Multiline(o.Text) != "1\n2\n" {
		t.Errorf("stream output: %+v", o)
	}
	if o := c.Outputs[1]; ipynb.Multiline(o.Data["image/png"]) != "iVBO" {
		t.Errorf("display output: %+v", o)
	}
	if o := c.Outputs[2]; o.OutputType != "error" || o.Ename != "E" || o.Evalue != "boom" {
		t.Errorf("error output: %+v", o)
	}
}
