package kernelcmd

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nnbook/nnbook/internal/notebook"
)

// runnerPy executes one notebook with nbclient; see its header.
//
//go:embed runner.py
var runnerPy string

// DefaultCellTimeout is exec's default limit for one cell.
const DefaultCellTimeout = 600 * time.Second

// ExecOptions configures ExecNotebook.
type ExecOptions struct {
	OutDir  string        // where executed copies go; required
	Timeout time.Duration // per cell
	Echo    bool          // stream the cells' output to Stderr, not only progress
	Python  string        // interpreter with nbclient; required
	Kernel  string        // kernelspec name; "" is KernelName
	Stderr  io.Writer     // progress; nil is os.Stderr
	// AllowErrors runs every cell even when some fail (for notebooks that
	// show mistakes); the result then lists the failed cells in ErrorCells.
	AllowErrors bool
}

// NotebookResult is the outcome of executing one notebook.
type NotebookResult struct {
	Notebook  string        // as given
	Output    string        // the executed copy (written on failure too)
	Duration  time.Duration // wall time, kernel start to shutdown
	OK        bool
	Cell      int    // failing cell, 1-based, counting every cell (markdown too)
	ExecCount int    // its execution count, GoNB's "Cell [N]" in messages; 0 if none
	FirstLine string // first non-blank line of the failing cell's source
	Kind      string // "error", "timeout", "dead" (kernel died), "setup", "interrupted"
	Error     string // "ename: evalue" as the kernel reported it
	Detail    string // tail of the failing cell's stderr or error display
	KernelLog string // tail of the kernel's own log, when the kernel misbehaved
	Timings   [][2]float64
	// ErrorCells are the cells (1-based, markdown counted) with an error
	// output, when AllowErrors let the run go on.
	ErrorCells []int
}

// runnerResult is the JSON runner.py prints.
type runnerResult struct {
	OK         bool         `json:"ok"`
	Cell       int          `json:"cell"`
	ExecCount  int          `json:"execution_count"`
	FirstLine  string       `json:"first_line"`
	Kind       string       `json:"kind"`
	Ename      string       `json:"ename"`
	Evalue     string       `json:"evalue"`
	StderrTail string       `json:"stderr_tail"`
	Timings    [][2]float64 `json:"timings"`
	WriteError string       `json:"write_error"`
	ErrorCells []int        `json:"error_cells"`
}

// Failure describes a failed run: notebook, cell number, the cell's first
// line and the error.
func (r NotebookResult) Failure() string {
	if r.OK {
		return ""
	}
	var b strings.Builder
	switch {
	case r.Cell > 0:
		in := ""
		if r.ExecCount > 0 {
			in = fmt.Sprintf(", In [%d]", r.ExecCount)
		}
		fmt.Fprintf(&b, "%s: cell %d%s failed (%s): %s\n", r.Notebook, r.Cell, in, r.Kind, r.Error)
		fmt.Fprintf(&b, "    cell %d begins: %s\n", r.Cell, r.FirstLine)
	default:
		fmt.Fprintf(&b, "%s: failed before any cell ran (%s): %s\n", r.Notebook, r.Kind, r.Error)
	}
	if r.Detail != "" {
		fmt.Fprintf(&b, "    output of the cell ends with:\n%s\n", indent(r.Detail, "      "))
	}
	if r.KernelLog != "" {
		fmt.Fprintf(&b, "    kernel log ends with:\n%s\n", indent(r.KernelLog, "      "))
	}
	if r.Output != "" {
		fmt.Fprintf(&b, "    executed copy with outputs: %s\n", displayPath(r.Output))
	}
	return b.String()
}

// ExecNotebook executes the notebook at path through Jupyter and writes the
// executed copy into opts.OutDir. The error is for not being able to run at
// all; a notebook that fails is a result with OK false.
func ExecNotebook(ctx context.Context, path string, opts ExecOptions) (NotebookResult, error) {
	res := NotebookResult{Notebook: path}
	stderr := opts.Stderr
	if stderr == nil {
		stderr = os.Stderr
	}
	kernel := opts.Kernel
	if kernel == "" {
		kernel = KernelName
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultCellTimeout
	}
	src, err := filepath.Abs(path)
	if err != nil {
		return res, err
	}
	if st, err := os.Stat(src); err != nil {
		return res, err
	} else if st.IsDir() {
		return res, fmt.Errorf("%s is a directory", path)
	}
	outDir, err := filepath.Abs(opts.OutDir)
	if err != nil {
		return res, err
	}
	dst := filepath.Join(outDir, filepath.Base(src))
	if dst == src {
		return res, fmt.Errorf("refusing to overwrite %s with its executed copy: choose another -o directory", path)
	}
	res.Output = dst

	logFile, err := os.CreateTemp("", "nnbook-kernel-*.log")
	if err != nil {
		return res, err
	}
	logPath := logFile.Name()
	_ = logFile.Close()
	defer func() { _ = os.Remove(logPath) }()

	echo := "0"
	if opts.Echo {
		echo = "1"
	}
	allow := "0"
	if opts.AllowErrors {
		allow = "1"
	}
	secs := int((timeout + time.Second - 1) / time.Second)
	cmd := exec.CommandContext(ctx, opts.Python, "-c", runnerPy, src, dst, kernel, strconv.Itoa(secs), echo, logPath, allow)
	cmd.Dir = filepath.Dir(src)
	// No browser shows these outputs: widgets show their picture at once (see viz/doc.go).
	cmd.Env = append(os.Environ(), notebook.EnvHeadless+"=1")
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	start := time.Now()
	runErr := cmd.Run()
	res.Duration = time.Since(start)

	var rr runnerResult
	line := lastLine(stdout.String())
	if err := json.Unmarshal([]byte(line), &rr); err != nil {
		if runErr == nil {
			runErr = fmt.Errorf("no result from the runner (%v)", err)
		}
		return res, fmt.Errorf("running %s with %s: %w (its messages are above)", path, opts.Python, runErr)
	}
	res.OK = rr.OK
	res.Cell, res.ExecCount, res.FirstLine, res.Kind, res.Detail, res.Timings = rr.Cell, rr.ExecCount, rr.FirstLine, rr.Kind, rr.StderrTail, rr.Timings
	res.ErrorCells = rr.ErrorCells
	res.Error = summarizeError(rr.Ename, rr.Evalue, rr.StderrTail)
	if !rr.OK && (rr.Kind == "dead" || rr.Kind == "setup") {
		if data, err := os.ReadFile(logPath); err == nil {
			res.KernelLog = tailLines(ansiEscape.ReplaceAllString(string(data), ""), 20)
		}
	}
	if rr.WriteError != "" {
		return res, fmt.Errorf("writing %s: %s", dst, rr.WriteError)
	}
	return res, nil
}

// summarizeError turns the kernel's error into one line. GoNB reports a
// compile error as the failed `go build` command and a panic as the exit
// status, with the real message in the cell's output (detail); pick that.
func summarizeError(ename, evalue, detail string) string {
	msg := evalue
	if ename != "" && ename != "ERROR" {
		msg = ename + ": " + evalue
	}
	lines := strings.Split(detail, "\n")
	switch {
	case strings.Contains(evalue, "go build"):
		for _, l := range lines {
			if l = strings.TrimSpace(l); strings.HasPrefix(l, "Cell[") {
				return "does not compile: " + l
			}
		}
		return "does not compile (" + evalue + ")"
	case strings.HasPrefix(evalue, "exit status"):
		for i, l := range lines {
			l = strings.TrimSpace(l)
			if strings.HasPrefix(l, "panic:") {
				if l == "panic:" && i+1 < len(lines) { // GoNB splits "panic: " from its value
					l += " " + strings.TrimSpace(lines[i+1])
				}
				return l + " (" + evalue + ")"
			}
		}
	}
	return msg
}

// displayPath is p relative to the working directory when that is shorter.
func displayPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// ansiEscape matches terminal color codes (GoNB's log has them).
var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

func tailLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// secondsOrDuration is a flag.Value accepting "600", "600s" or "10m".
type secondsOrDuration struct{ d *time.Duration }

func (v secondsOrDuration) String() string {
	if v.d == nil {
		return ""
	}
	return v.d.String()
}

func (v secondsOrDuration) Set(s string) error {
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		*v.d = time.Duration(n * float64(time.Second))
	} else if d, err := time.ParseDuration(s); err == nil {
		*v.d = d
	} else {
		return fmt.Errorf("want seconds (600) or a duration (10m), got %q", s)
	}
	if *v.d <= 0 {
		return errors.New("must be positive")
	}
	return nil
}

// expandNotebooks replaces directories among args by the notebooks in them.
func expandNotebooks(args []string) ([]string, error) {
	var nbs []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			nbs = append(nbs, a)
			continue
		}
		matches, err := filepath.Glob(filepath.Join(a, "*.ipynb"))
		if err != nil {
			return nil, err
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("no .ipynb files in %s", a)
		}
		sort.Strings(matches)
		nbs = append(nbs, matches...)
	}
	return nbs, nil
}

// runFlags is the flag set, writing to stderr, of a command (exec, html) that runs notebooks,
// with the flags such commands share: -o (outHelp says where it defaults to), -timeout (per
// cell, default DefaultCellTimeout) and -q.
func runFlags(name, outHelp string, stderr io.Writer) (fs *flag.FlagSet, outDir *string, timeout *time.Duration, quiet *bool) {
	fs = flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	outDir = fs.String("o", "", outHelp)
	timeout = new(time.Duration)
	*timeout = DefaultCellTimeout
	fs.Var(secondsOrDuration{timeout}, "timeout", "limit for each cell, in seconds or as a duration (10m)")
	quiet = fs.Bool("q", false, "do not echo the cells' output to stderr, only per-cell progress")
	return fs, outDir, timeout, quiet
}

func runExec(args []string, stdout, stderr io.Writer) int {
	fs, outDir, timeout, quiet := runFlags("exec", "directory for the executed copies (default <checkout>/notebooks/executed)", stderr)
	failFast := fs.Bool("failfast", false, "stop at the first failing notebook")
	noData := fs.Bool("no-data", false, "do not fetch data sets (MNIST) while installing")
	kernel := fs.String("kernel", KernelName, "kernelspec to run the notebooks with")
	allowErrors := fs.Bool("allow-errors", false, "run every cell even when some fail, for notebooks that demonstrate mistakes (their errors stay in the executed copy)")
	jobs := fs.Int("j", 1, "run up to `N` notebooks at once, each with its own kernel; their cells' output is then not echoed (it is in the executed copies). Notebooks that hand values to each other with nn.Keep and nn.Kept need -j 1, which runs them in order")
	fs.Usage = func() {
		_, _ = fmt.Fprintf(stderr, "usage: go run ./kernel exec [flags] NOTEBOOK|DIR...\n\n"+
			"Installs the kernel if needed, executes the notebooks headlessly through Jupyter\n"+
			"and writes executed copies (outputs and images included). Fails naming the\n"+
			"notebook, cell and error when a cell fails. Progress goes to stderr.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	if *jobs < 1 {
		_, _ = fmt.Fprintf(stderr, "exec: -j %d: want 1 or more notebooks at once\n", *jobs)
		return 2
	}
	notebooks, err := expandNotebooks(fs.Args())
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "exec: %v\n", err)
		return 2
	}

	inst := installForRun("exec", InstallOptions{NoData: *noData, Out: stderr, Log: stderr}, stderr)
	if inst == nil {
		return 1
	}
	if len(inst.Problems) > 0 {
		printProblems(stderr, inst.Problems, nil)
		_, _ = fmt.Fprintf(stderr, "exec: continuing despite the above\n")
	}
	if *outDir == "" {
		*outDir = filepath.Join(inst.Root, "notebooks", "executed")
	}

	// Ctrl-C reaches the runner and the kernel too (same process group):
	// the kernel dies, the runner writes what ran. Wait for that, then stop.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	var interrupted atomic.Bool
	go func() {
		for range sig {
			interrupted.Store(true)
		}
	}()

	if *jobs > 1 {
		*quiet = true                     // the echoes of several notebooks would interleave
		stdout = &lockedWriter{w: stdout} // lines from several notebooks' goroutines
		stderr = &lockedWriter{w: stderr}
	}
	opts := ExecOptions{OutDir: *outDir, Timeout: *timeout, Echo: !*quiet, Python: inst.Jupyter.Python, Kernel: *kernel, Stderr: stderr, AllowErrors: *allowErrors}
	results := make([]*NotebookResult, len(notebooks))
	total := time.Now()
	// Each notebook runs on a worker; at most *jobs at once, in the given order. After a
	// failure with -failfast or an interrupt, no further notebook starts.
	var stop atomic.Bool
	var mu sync.Mutex // one notebook's result, its ok/FAIL lines and the stop decision at a time
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(*jobs, len(notebooks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				nb := notebooks[i]
				res, err := ExecNotebook(context.Background(), nb, opts)
				if err != nil {
					_, _ = fmt.Fprintf(stderr, "exec: %v\n", err)
					res.OK, res.Kind, res.Error = false, "setup", err.Error()
				}
				mu.Lock()
				results[i] = &res
				if interrupted.Load() {
					// Ctrl-C reached the kernel too, whatever the runner made of it.
					_, _ = fmt.Fprintf(stderr, "exec: interrupted while running %s (cell %d); its partial copy is %s\n", nb, res.Cell, displayPath(res.Output))
					stop.Store(true)
				} else if res.OK {
					allowed := ""
					if len(res.ErrorCells) > 0 {
						allowed = fmt.Sprintf("  (errors allowed in cells %s)", intsList(res.ErrorCells))
					}
					_, _ = fmt.Fprintf(stdout, "ok    %s  %.1fs  -> %s%s\n", nb, res.Duration.Seconds(), displayPath(res.Output), allowed)
				} else {
					_, _ = fmt.Fprintf(stdout, "FAIL  %s  %.1fs\n", nb, res.Duration.Seconds())
					_, _ = fmt.Fprint(stderr, "FAIL  "+res.Failure())
					if *failFast {
						stop.Store(true)
					}
				}
				mu.Unlock()
			}
		}()
	}
	for i := range notebooks {
		if stop.Load() || interrupted.Load() {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if interrupted.Load() {
		return 130
	}
	var failed []NotebookResult
	for _, r := range results {
		if r != nil && !r.OK {
			failed = append(failed, *r)
		}
	}
	if len(notebooks) > 1 {
		_, _ = fmt.Fprintf(stdout, "%d notebook(s), %d failed, %.1fs\n", len(notebooks), len(failed), time.Since(total).Seconds())
	}
	if len(failed) > 0 {
		for _, f := range failed {
			if f.Cell > 0 {
				_, _ = fmt.Fprintf(stderr, "exec: %s failed at cell %d (%s): %s\n", f.Notebook, f.Cell, f.FirstLine, f.Error)
			} else {
				_, _ = fmt.Fprintf(stderr, "exec: %s failed: %s\n", f.Notebook, f.Error)
			}
		}
		return 1
	}
	return 0
}

// installForRun installs the kernel with opts for cmd (exec, html), which runs notebooks. When
// that fails, or leaves no Jupyter environment to run them in, it says so on stderr, prefixed by
// cmd, and returns nil.
func installForRun(cmd string, opts InstallOptions, stderr io.Writer) *Installation {
	inst, err := Install(opts)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "%s: installing the kernel failed: %v\n", cmd, err)
		return nil
	}
	if inst.Jupyter.Python == "" {
		printProblems(stderr, inst.Problems, nil)
		_, _ = fmt.Fprintf(stderr, "%s: cannot run notebooks without a Jupyter environment (see above)\n", cmd)
		return nil
	}
	return inst
}

// intsList is "2, 5, 7".
func intsList(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// lockedWriter serialises the writes of several goroutines (the notebooks of exec -j) to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
