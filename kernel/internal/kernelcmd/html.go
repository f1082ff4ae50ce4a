package kernelcmd

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/nnbook/nnbook/kernel/internal/ipynb"
)

// SitePage is one page of the static course site.
type SitePage struct {
	Title string // the notebook's first heading
	File  string // the page's file name, e.g. "2.1-a-first-look-at-a-neural-network.html"
}

// WriteSite converts executed notebooks to static HTML pages in outDir with
// nbconvert (run by python, which must have it; images stay embedded in the
// pages as data: URLs) and writes index.html linking them in order.
func WriteSite(python string, executed []string, outDir string, log io.Writer) ([]SitePage, error) {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}
	// One nbconvert for all the notebooks: starting Python and importing nbconvert takes about
	// as long as converting a notebook.
	args := append([]string{"-c", nbconvertMain, "--to", "html", "--output-dir", outDir}, executed...)
	cmd := exec.Command(python, args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("nbconvert %s: %w", strings.Join(executed, " "), err)
	}
	var pages []SitePage
	for _, nb := range executed {
		base := strings.TrimSuffix(filepath.Base(nb), ".ipynb")
		if _, err := os.Stat(filepath.Join(outDir, base+".html")); err != nil {
			return nil, fmt.Errorf("nbconvert %s: no page: %w", nb, err)
		}
		title, err := notebookTitle(nb)
		if err != nil {
			return nil, err
		}
		pages = append(pages, SitePage{Title: title, File: base + ".html"})
	}
	var b strings.Builder
	if err := indexTemplate.Execute(&b, pages); err != nil {
		return nil, err
	}
	if _, err := writeFileIfChanged(filepath.Join(outDir, "index.html"), []byte(b.String()), 0o644); err != nil {
		return nil, err
	}
	return pages, nil
}

// nbconvertMain runs nbconvert's command line (python -c nbconvertMain ARGS...) without
// rfc3987_syntax: jsonschema, through nbformat, imports it when it is installed, for the "iri"
// string format that no notebook schema uses, and it builds a parser when imported, about 1.7 s
// of CPU per nbconvert. With the module set to None, jsonschema skips the format (as runner.py
// does for kernel exec).
const nbconvertMain = `import runpy, sys; sys.modules.setdefault("rfc3987_syntax", None); runpy.run_module("nbconvert", run_name="__main__", alter_sys=True)`

var indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>nnbook: chapter 2 in Go</title>
<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.5}li{margin:.4em 0}</style>
</head>
<body>
<h1>The mathematical building blocks of neural networks, in Go</h1>
<p>Chapter 2 of <em>Deep Learning with Python</em>, retraced with nnbook and run by the GoNB kernel. Each section is a notebook, shown here with its outputs.</p>
<ol>
{{range .}}<li><a href="{{.File}}">{{.Title}}</a></li>
{{end}}</ol>
</body>
</html>
`))

// notebookTitle is the text of a notebook's first Markdown heading, or its
// file name.
func notebookTitle(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var nb struct {
		Cells []struct {
			CellType string          `json:"cell_type"`
			Source   json.RawMessage `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	for _, c := range nb.Cells {
		if c.CellType != "markdown" {
			continue
		}
		for _, line := range strings.Split(ipynb.Multiline(c.Source), "\n") {
			if t, ok := strings.CutPrefix(strings.TrimSpace(line), "# "); ok {
				return strings.TrimSpace(t), nil
			}
		}
	}
	return strings.TrimSuffix(filepath.Base(path), ".ipynb"), nil
}

func runHTML(args []string, stdout, stderr io.Writer) int {
	fs, outDir, timeout, quiet := runFlags("html", "directory for the site (default <checkout>/notebooks/html)", stderr)
	fs.Usage = func() {
		_, _ = fmt.Fprintf(stderr, "usage: go run ./kernel html [-o DIR] [NOTEBOOK|DIR...]\n\n"+
			"Executes the notebooks (default: the chapter, notebooks/) like exec and writes them\n"+
			"as static HTML pages, images embedded, with an index.html linking them.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	inst := installForRun("html", InstallOptions{Out: stderr, Log: stderr}, stderr)
	if inst == nil {
		return 1
	}
	sources := fs.Args()
	if len(sources) == 0 {
		sources = []string{filepath.Join(inst.Root, "notebooks")}
	}
	notebooks, err := expandNotebooks(sources)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "html: %v\n", err)
		return 2
	}
	if *outDir == "" {
		*outDir = filepath.Join(inst.Root, "notebooks", "html")
	}
	executedDir, err := os.MkdirTemp("", "nnbook-html-")
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "html: %v\n", err)
		return 1
	}
	defer func() { _ = os.RemoveAll(executedDir) }()
	opts := ExecOptions{OutDir: executedDir, Timeout: *timeout, Echo: !*quiet, Python: inst.Jupyter.Python, Stderr: stderr}
	var executed []string
	for _, nb := range notebooks {
		res, err := ExecNotebook(context.Background(), nb, opts)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "html: %v\n", err)
			return 1
		}
		if !res.OK {
			_, _ = fmt.Fprint(stderr, "FAIL  "+res.Failure())
			_, _ = fmt.Fprintf(stderr, "html: no site written: %s failed\n", nb)
			return 1
		}
		_, _ = fmt.Fprintf(stdout, "ok    %s  %.1fs\n", nb, res.Duration.Seconds())
		executed = append(executed, res.Output)
	}
	start := time.Now()
	pages, err := WriteSite(inst.Jupyter.Python, executed, *outDir, stderr)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "html: %v\n", err)
		return 1
	}
	_, _ = fmt.Fprintf(stdout, "wrote %d pages and %s in %.1fs\n", len(pages), displayPath(filepath.Join(*outDir, "index.html")), time.Since(start).Seconds())
	return 0
}
