// Command kernel sets up and runs the Jupyter kernel for this book's Go
// notebooks: GoNB (github.com/janpfeifer/gonb), wired so that notebook cells
// can import this checkout's packages (github.com/nnbook/nnbook/...) with no
// go.mod editing.
//
// Run it from the checkout's root (or, from anywhere inside the checkout, as
// go run github.com/nnbook/nnbook/kernel <verb>):
//
//	go run ./kernel install            # build, register, report what is missing
//	go run ./kernel lab [JUPYTER ARGS] # e.g. --no-browser --port 8890
//	go run ./kernel exec [-o DIR] [-timeout 600] [-q] [-failfast] NOTEBOOK|DIR...
//
// # install
//
// Idempotent; a second run reports "up to date" and changes nothing.
//
//  1. Builds into the bin directory ($NNBOOK_KERNEL_BIN, default
//     <user cache dir>/nnbook/kernel/bin, i.e. ~/.cache/nnbook/kernel/bin on
//     Linux), only what is missing or stale according to the binaries' own
//     build info:
//     gonb at the version go.mod's `tool github.com/janpfeifer/gonb` selects
//     (built with `go build` inside the checkout, so the kernel and the
//     github.com/janpfeifer/gonb/gonbui package that cells link always
//     match), goimports (golang.org/x/tools v0.43.0) and gopls v0.23.0. A
//     new Go minor version (go1.26 to go1.27) rebuilds them; a patch release
//     does not. The directory is owned by install: deleting it is harmless.
//     It also writes a small `go` shim script there (see below).
//  2. `go mod download`, so cells compile without network later.
//  3. Writes the kernelspec "nnbook-gonb", display name "Go (nnbook)", to
//     $JUPYTER_DATA_DIR/kernels/nnbook-gonb if JUPYTER_DATA_DIR is set, else
//     to <dir printed by `jupyter --data-dir`>/kernels/nnbook-gonb (Jupyter's
//     default, ~/.local/share/jupyter on Linux, when jupyter is missing).
//  4. Fetches MNIST into the cache (go run ./nn/datasets/mnist/cmd/fetch;
//     -no-data skips it).
//  5. Reports what is missing (jupyter, JupyterLab, nbclient) with the apt or
//     pip command that provides it, and exits 1 if anything is.
//
// # How the kernel sees this checkout
//
// The kernelspec's argv is
//
//	<bin>/gonb --kernel {connection_file} --go_work=<checkout>
//
// and its env sets PATH=<bin>:<GOROOT>/bin:${PATH}, NNBOOK_ROOT=<checkout>
// and NNBOOK_GO=<GOROOT>/bin/go; the checkout's absolute path is the one
// install ran in. For every kernel GoNB makes a scratch module
// (/tmp/gonb_<id>); --go_work puts it in a go.work workspace with the
// checkout, GoNB adds `replace github.com/nnbook/nnbook => <checkout>` to it
// (what %goworkfix does) and tracks the checkout's files for gopls. The `go`
// shim, first on the kernel's PATH, passes everything to the real go except
// that right after GoNB's `go mod init gonb_<id>` it also adds
// `require github.com/nnbook/nnbook v0.0.0-...`: without that requirement
// the `go get` GoNB runs before each cell would resolve third-party imports
// (gonbui, gonum, ...) at @latest, ignoring the versions go.mod pins (and
// fail outright where the module proxy refuses version lists). Edits to the
// checkout's packages are picked up by the next cell that runs. So a
// notebook may import this module's packages and any package of a module
// that go.mod requires (gonum, gonum/plot, GoNB's gonbui, ...), at go.mod's
// versions; to use another module, add it to go.mod first.
//
// The kernelspec is per user, not per checkout: running install (or lab, or
// exec) from another checkout re-points it there.
//
// # Notebooks
//
// Notebooks in notebooks/ carry this metadata, so Jupyter (classic or Lab)
// picks the kernel by itself:
//
//	"metadata": {
//	  "kernelspec": {"name": "nnbook-gonb", "display_name": "Go (nnbook)", "language": "go"},
//	  "language_info": {"name": "go"}
//	}
//
// GoNB runs each cell as a fresh program: declarations (func, type, var,
// const, import) persist across cells, values computed in a previous cell do
// not. Show images as PNG (gonbui.DisplayPNG or gonbui.DisplayImage): SVG is
// garbled in untrusted notebooks. On interrupt GoNB sends SIGINT to the cell,
// then SIGKILL 5 s later.
//
// # lab
//
// Runs install quietly, then `jupyter lab` (JupyterLab) in notebooks/, or the
// classic `jupyter notebook` when only that is installed (Debian 12 packages
// only the classic one). All arguments go to Jupyter.
//
// # exec
//
// Runs install quietly, then executes each notebook (or every *.ipynb in a
// directory argument) through Jupyter's own client: a small nbclient script
// (runner.py, embedded with go:embed) run by the Python that has nbclient
// ($NNBOOK_PYTHON, the jupyter script's interpreter, /usr/bin/python3 or
// python3). It writes executed copies with their outputs and images to
// notebooks/executed/<name>.ipynb (gitignored) or -o DIR, even when a cell
// fails; prints each notebook's run time; streams per-cell progress and the
// cells' output to stderr (-q: progress only); and exits 1 naming the
// notebook, the failing cell (1-based, counting markdown cells), the cell's
// first line and the error. -timeout limits each cell (default 600 s).
//
// # Tests
//
// `go test ./kernel` runs unit tests, plus TestExecNotebook, which installs
// the kernel into a temporary JUPYTER_DATA_DIR (reusing the bin directory)
// and executes testdata/hello.ipynb and testdata/fail.ipynb through it. It is
// skipped with -short and when Jupyter is missing, except under CI=true where
// missing Jupyter is a failure. The notebooks import package
// github.com/nnbook/nnbook/kernel/demo (not under internal/: the scratch
// module of a notebook is another module, which Go forbids to import
// internal packages).
package main
