// Command kernel sets up and runs the Jupyter kernel for this book's Go
// notebooks: GoNB (github.com/janpfeifer/gonb), wired so that notebook cells
// can import the nnbook packages (github.com/nnbook/nnbook/...) of the
// checkout the notebook sits in, with no go.mod editing. It is a thin main
// over package kernel/internal/kernelcmd.
//
// Run it from the checkout's root (or, from anywhere inside the checkout, as
// go run github.com/nnbook/nnbook/kernel <verb>):
//
//	go run ./kernel install            # set up, register, report what is missing
//	go run ./kernel lab [--notebook] [JUPYTER ARGS] # e.g. --no-browser --port 8890
//	go run ./kernel exec [-o DIR] [-timeout 600] [-q] [-failfast] [-allow-errors] [-j N] NOTEBOOK|DIR...
//	go run ./kernel html [-o DIR] [NOTEBOOK|DIR...]
//
// # install
//
// Idempotent; a second run reports "up to date" and changes nothing. Its
// phases, in order (Install in install.go):
//
//  1. locate the checkout (the go.mod declaring github.com/nnbook/nnbook),
//     the go command and the bin directory ($NNBOOK_KERNEL_BIN, default
//     <user cache dir>/nnbook/kernel/bin, ~/.cache/nnbook/kernel/bin on
//     Linux; owned by install, deleting it is harmless).
//  2. build tools, only what is missing or stale according to the binaries'
//     own build info: gonb at the version go.mod's `tool
//     github.com/janpfeifer/gonb` selects (built inside the checkout, so the
//     kernel and the gonbui package cells link match), goimports
//     (golang.org/x/tools v0.43.0) and gopls v0.23.0.
//  3. write scripts: the `go` shim and the kernel launcher (below).
//  4. `go mod download`, so cells compile without network later.
//  5. find Jupyter: a JupyterLab >= 4 on PATH whose Python also has nbclient
//     and nbconvert is used as it is; otherwise a virtual environment in
//     <user cache dir>/nnbook/jupyter/venv-<hash of requirements.txt>,
//     created with python3 -m venv and filled with `pip install -r
//     requirements.txt` (JupyterLab 4.6.6, Notebook 7.6.5, nbclient 0.11.0,
//     nbconvert 7.17.2, ipykernel 7.4.0 and every dependency, pinned
//     exactly; $NNBOOK_JUPYTER_VENV overrides the directory). Without
//     python3, or without its venv module, install says what to install.
//     lab, exec and html use that environment's jupyter-lab and python.
//  6. register the kernelspec "nnbook-gonb", display name "Go (nnbook)", in
//     $JUPYTER_DATA_DIR/kernels/nnbook-gonb if JUPYTER_DATA_DIR is set, else
//     in <dir printed by the environment's `jupyter --data-dir`>.
//  7. fetch MNIST into the cache (go run ./nn/datasets/mnist/cmd/fetch;
//     -no-data skips it).
//  8. warm the build cache: `go build` of the packages chapter cells import
//     (./nn/..., ./viz/..., gonbui, its widgets and dom, GoNB's cache; GoNB
//     builds cells with plain `go build`, so the cache entries match), so the
//     first cell after set-up does not compile them (-no-warm skips it).
//
// # How the kernel finds the checkout
//
// One registered kernel serves every checkout. The kernelspec's argv is
//
//	<bin>/nnbook-gonb-launch --kernel {connection_file}
//
// and its env sets PATH=<bin>:<GOROOT>/bin:${PATH}, NNBOOK_GO=<GOROOT>/bin/go
// and NNBOOK_DEFAULT_ROOT=<the checkout that ran install>. Jupyter starts a
// kernel in the notebook's directory and passes the notebook's path in
// $JPY_SESSION_NAME; the launcher (a POSIX sh script) walks up from there
// (or from its working directory) to the nearest go.mod declaring module
// github.com/nnbook/nnbook, and execs
//
//	<bin>/gonb --kernel {connection_file} --go_work=<that checkout>
//
// with NNBOOK_ROOT=<that checkout>; a notebook outside any checkout gets
// NNBOOK_DEFAULT_ROOT. For every kernel GoNB makes a scratch module
// (/tmp/gonb_<id>); --go_work puts it in a go.work workspace with the
// checkout, GoNB adds `replace github.com/nnbook/nnbook => <checkout>` (what
// %goworkfix does) and tracks the checkout's files for gopls, so completion
// and inspection (Tab, Shift+Tab) see the checkout's packages. The `go`
// shim, first on the kernel's PATH, passes everything to the real go except
// that right after GoNB's `go mod init gonb_<id>` it also adds `require
// github.com/nnbook/nnbook v0.0.0-...` with a replace to $NNBOOK_ROOT, and
// the checkout's own requirements and go.sum: without them the `go get` GoNB
// runs before each cell would resolve third-party imports (gonbui, gonum,
// ...) at @latest, ignoring the versions go.mod pins. Edits to the
// checkout's packages are picked up by the next cell that runs. So a notebook may import this module's packages
// and any package of a module that go.mod requires, at go.mod's versions.
//
// # Notebooks
//
// Notebooks in notebooks/ carry this metadata, so Jupyter picks the kernel
// by itself:
//
//	"metadata": {
//	  "kernelspec": {"name": "nnbook-gonb", "display_name": "Go (nnbook)", "language": "go"},
//	  "language_info": {"name": "go"}
//	}
//
// GoNB runs each cell as a fresh program: declarations (func, type, var,
// const, import) persist across cells, values computed in a previous cell do
// not. Show images as PNG: SVG is garbled in untrusted notebooks. On
// interrupt GoNB sends SIGINT to the cell, then SIGKILL 5 s later.
//
// # lab
//
// Runs install quietly, then JupyterLab 4 in notebooks/ (Notebook 7 with
// --notebook). The other arguments go to Jupyter.
//
// # exec
//
// Runs install quietly, then executes each notebook (or every *.ipynb in a
// directory argument) through Jupyter's own client: a small nbclient script
// (runner.py, embedded with go:embed) run by the environment's Python. It
// writes executed copies with their outputs and images to
// notebooks/executed/<name>.ipynb (gitignored) or -o DIR, even when a cell
// fails; prints each notebook's run time; streams per-cell progress and the
// cells' output to stderr (-q: progress only; the kernel's own log goes to a
// temporary file, shown only when the kernel dies); and exits 1 naming the
// notebook, the failing cell (1-based, counting markdown cells), the cell's
// first line and the error. -allow-errors runs every cell of notebooks that
// demonstrate mistakes and names the cells that failed. -timeout limits each
// cell (default 600 s).
//
// Notebooks run one at a time, in the order given, each on a fresh kernel, so
// a notebook can use what an earlier one kept (nn.Keep). -j N runs up to N
// notebooks at once, without echoing their cells' output.
//
// # html
//
// Executes the chapter (or the notebooks given) like exec, then writes each
// as a static HTML page (nbconvert's lab template, images embedded as data:
// URLs) and an index.html linking them in order, to notebooks/html/ (or -o).
//
// # Tests
//
// `go test ./kernel/...` runs unit tests and, without -short, integration
// tests that install the kernel into a temporary JUPYTER_DATA_DIR (reusing
// the bin directory and the Jupyter environment): TestExecNotebook,
// TestChapterNotebooks (the chapter through nbclient, then the static site)
// and, in kernel/internal/browser, the chapter in JupyterLab in Debian's
// chromium driven by playwright-core. The test notebooks import package
// github.com/nnbook/nnbook/kernel/demo (not under internal/: a notebook's
// scratch module is another module, which Go forbids to import internal
// packages).
//
// # Cell latency
//
// kernel/internal/latency/latency.py measures a trivial cell's round trip
// through the registered kernel and times each step GoNB runs for it
// (goimports, go get, go build and its link, the program); see its doc. The go
// shim the kernel runs (kernelcmd's goShim) skips GoNB's no-op `go get`,
// links cells with -s -w and the garbage collector off, and replays the
// compile and link of an earlier cell (or of a background build importing
// all of the checkout's packages) instead of running go build. Those plans
// are kept in the kernel's bin directory, so the next notebook, or a
// restarted kernel, starts with them. A replay is done by nnbook-replay
// (kernel/internal/replay, which install builds beside the shim) in one
// process; without it the shim does the same in sh.
package main
