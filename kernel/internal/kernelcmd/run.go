// Package kernelcmd implements the kernel command's verbs (install, lab,
// exec, html and the kernel launcher); kernel/main.go is a thin main over Run.
// See the kernel command's documentation (kernel/doc.go).
package kernelcmd

import (
	"fmt"
	"io"
)

const usage = `usage: go run ./kernel <verb> [flags] [args]

Verbs:
  install           build the pinned GoNB, goimports and gopls; use an installed
                    JupyterLab >= 4 or create a venv with the Jupyter packages
                    pinned in requirements.txt; register the %[1]q Jupyter
                    kernel (%[2]q); report anything still missing. Safe to
                    run again.
  lab [ARGS...]     install if needed, then start JupyterLab 4 on notebooks/
                    (Notebook 7 with --notebook). The other ARGS go to
                    Jupyter unchanged, e.g. --no-browser --port 8890.
  exec NOTEBOOK...  install if needed, then execute the notebooks headlessly
                    and write executed copies (default notebooks/executed/).
  html [NOTEBOOK...] execute the chapter (or the notebooks given) and write it
                    as a static site: one HTML page per notebook, images
                    embedded, and index.html (default notebooks/html/).
  help              print this message.

Run "go run ./kernel <verb> -h" for the verb's flags. See kernel/doc.go.
`

// run dispatches args[0] to its verb and returns the process exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	verb, rest := args[0], args[1:]
	switch verb {
	case "install":
		return runInstall(rest, stdout, stderr)
	case "lab":
		return runLab(rest, stdout, stderr)
	case "exec":
		return runExec(rest, stdout, stderr)
	case "html":
		return runHTML(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		printUsage(stdout)
		return 0
	default:
		_, _ = fmt.Fprintf(stderr, "kernel: unknown verb %q\n\n", verb)
		printUsage(stderr)
		return 2
	}
}

func printUsage(w io.Writer) {
	_, _ = fmt.Fprintf(w, usage, KernelName, DisplayName)
}
