package kerneltest

import (
	"encoding/json"
	"os"
	"testing"
)

// Notebook is the part of an .ipynb file (nbformat 4) the tests look at.
type Notebook struct {
	Metadata struct {
		Kernelspec struct{ Name string } `json:"kernelspec"`
	} `json:"metadata"`
	Cells []Cell `json:"cells"`
}

// Cell is one cell of a Notebook; Source is nbformat's multiline string (ipynb.Multiline).
type Cell struct {
	CellType string          `json:"cell_type"`
	Source   json.RawMessage `json:"source"`
	Outputs  []Output        `json:"outputs"`
}

// Output is one output of a code cell: a stream (Name, Text), display data or an execute result
// (Data, by MIME type, each a multiline string: ipynb.Multiline), or an error (Ename, Evalue).
type Output struct {
	OutputType string                     `json:"output_type"`
	Name       string                     `json:"name"`
	Text       json.RawMessage            `json:"text"`
	Data       map[string]json.RawMessage `json:"data"`
	Ename      string                     `json:"ename"`
	Evalue     string                     `json:"evalue"`
}

// ReadNotebook reads and decodes the notebook at path, failing the test when it cannot.
func ReadNotebook(t testing.TB, path string) Notebook {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the notebook: %v", err)
	}
	var nb Notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return nb
}
