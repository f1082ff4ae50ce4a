package kernelcmd

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// InstallOptions configures Install.
type InstallOptions struct {
	Dir     string // a directory inside the checkout; "" is the working directory
	BinDir  string // "" is DefaultBinDir()
	NoData  bool   // skip the MNIST step
	Verbose bool   // also report what is already up to date
	Out     io.Writer
	Log     io.Writer // output of the go commands install runs (builds, downloads)
	Finder  *Finder   // nil is DefaultFinder()
}

// Installation is what Install did and found.
type Installation struct {
	Root     string // the checkout
	BinDir   string
	DataDir  string // Jupyter data directory the kernelspec went to
	SpecDir  string
	Go       GoEnv
	Gonb     string // GoNB version
	Spec     KernelSpec
	Jupyter  JupyterStatus
	Changed  bool // something was built or written
	Problems []Problem
	Notes    []string
}

// Install makes the nnbook-gonb kernel ready for the checkout containing
// opts.Dir. It is idempotent: what is already up to date is left alone. A
// returned error is a failure to build or write something; things that are
// merely missing (Jupyter, nbclient, data) are in Installation.Problems.
func Install(opts InstallOptions) (*Installation, error) {
	out := opts.Out
	if out == nil {
		out = io.Discard
	}
	logw := opts.Log
	if logw == nil {
		logw = os.Stderr
	}
	finder := DefaultFinder()
	if opts.Finder != nil {
		finder = *opts.Finder
	}
	say := func(format string, args ...any) { _, _ = fmt.Fprintf(out, format+"\n", args...) }
	sayV := func(format string, args ...any) {
		if opts.Verbose {
			say(format, args...)
		}
	}

	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	goEnv, err := ReadGoEnv(dir)
	if err != nil {
		return nil, err
	}
	root, err := FindCheckout(goEnv)
	if err != nil {
		return nil, err
	}
	inst := &Installation{Root: root, Go: goEnv}
	inst.BinDir = opts.BinDir
	if inst.BinDir == "" {
		if inst.BinDir, err = DefaultBinDir(); err != nil {
			return nil, err
		}
	}
	if inst.BinDir, err = filepath.Abs(inst.BinDir); err != nil {
		return nil, err
	}
	sayV("nnbook kernel for checkout %s (%s, GOROOT %s)", root, goEnv.Version, goEnv.Root)
	sayV("  binaries in %s", inst.BinDir)

	// 1. GoNB, goimports and gopls at their pinned versions.
	gonb, err := GonbFromGoMod(root)
	if err != nil {
		return nil, err
	}
	inst.Gonb = gonb.Version
	for _, t := range Tools(gonb.Version) {
		path := filepath.Join(inst.BinDir, t.Name)
		label := fmt.Sprintf("%-10s %s", t.Name, t.Version)
		if ok, why := CheckBinary(path, t, goEnv.Version); ok {
			sayV("  %-22s up to date", label)
			continue
		} else {
			say("  %-22s building (%s) ...", label, why)
		}
		start := time.Now()
		if err := BuildTool(t, root, inst.BinDir, logw); err != nil {
			return inst, fmt.Errorf("building %s %s: %w", t.Name, t.Version, err)
		}
		if ok, why := CheckBinary(path, t, goEnv.Version); !ok {
			return inst, fmt.Errorf("built %s but it %s", path, why)
		}
		inst.Changed = true
		say("  %-22s built in %.1fs", label, time.Since(start).Seconds())
	}
	status, err := writeFileIfChanged(filepath.Join(inst.BinDir, "go"), []byte(goShim), 0o755)
	if err != nil {
		return inst, fmt.Errorf("writing the go shim: %w", err)
	}
	reportStatus(say, sayV, &inst.Changed, "go shim", status, "")

	// 2. The checkout's modules, so that cells compile offline.
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = root
	if msg, err := cmd.CombinedOutput(); err != nil {
		inst.Problems = append(inst.Problems, Problem{
			What: fmt.Sprintf("`go mod download` in %s failed: %v\n%s", root, err, msg),
			Fix:  "check the network / GOPROXY, then re-run: go run ./kernel install",
		})
	} else {
		sayV("  %-22s downloaded", "modules")
	}

	// 3. The kernelspec.
	inst.Jupyter = finder.Find()
	dataDir, source, err := JupyterDataDir(inst.Jupyter.Jupyter)
	if err != nil {
		return inst, err
	}
	inst.DataDir = dataDir
	inst.Spec = NewKernelSpec(SpecParams{Root: root, BinDir: inst.BinDir, GoBin: goEnv.GoBin(), GonbVersion: gonb.Version})
	var logo []byte
	if gonb.Dir != "" {
		logo, _ = os.ReadFile(filepath.Join(gonb.Dir, "internal", "kernel", "Go_gopher_favicon.svg"))
	}
	specDir, status, old, err := WriteKernelSpec(dataDir, inst.Spec, logo)
	if err != nil {
		return inst, err
	}
	inst.SpecDir = specDir
	detail := fmt.Sprintf("%s (data dir from %s)", specDir, source)
	if status == "updated" && old != "" && old != root {
		detail += fmt.Sprintf("; it pointed at checkout %s before", old)
	}
	reportStatus(say, sayV, &inst.Changed, "kernelspec "+KernelName, status, detail)
	if opts.Verbose && inst.Jupyter.Python != "" {
		if p := checkKernelResolves(inst.Jupyter.Python, specDir); p != nil {
			inst.Problems = append(inst.Problems, *p)
		}
	}

	// 4. The data sets notebooks use.
	if opts.NoData {
		sayV("  %-22s skipped (-no-data)", "MNIST")
	} else if p := fetchMNIST(root, out, logw, opts.Verbose); p != nil {
		inst.Problems = append(inst.Problems, *p)
	}

	// 5. What is still missing.
	problems, notes := JupyterProblems(inst.Jupyter)
	inst.Problems = append(inst.Problems, problems...)
	inst.Notes = notes
	sayV("  %-22s jupyter: %s; JupyterLab: %s; classic notebook: %s; python for exec: %s", "jupyter",
		orMissing(inst.Jupyter.Jupyter), orMissing(inst.Jupyter.Lab), orMissing(inst.Jupyter.Notebook), orMissing(inst.Jupyter.Python))
	return inst, nil
}

func reportStatus(say, sayV func(string, ...any), changed *bool, what, status, detail string) {
	line := fmt.Sprintf("  %-22s %s", what, status)
	if detail != "" {
		line += ": " + detail
	}
	if status == "up to date" {
		sayV("%s", line)
		return
	}
	*changed = true
	say("%s", line)
}

func orMissing(s string) string {
	if s == "" {
		return "MISSING"
	}
	return s
}

// checkKernelResolves asks jupyter_client, with the Python that has it,
// where it finds the kernel, to catch a kernelspec of the same name earlier
// on Jupyter's path shadowing ours (or a JUPYTER_* mismatch).
func checkKernelResolves(python, specDir string) *Problem {
	const script = "import json; from jupyter_client.kernelspec import KernelSpecManager as M; print(json.dumps(M().find_kernel_specs()))"
	out, err := exec.Command(python, "-c", script).Output()
	if err != nil {
		return nil // an old or odd jupyter_client: not worth failing the install for
	}
	var specs map[string]string
	if json.Unmarshal(out, &specs) != nil {
		return nil
	}
	found, ok := specs[KernelName]
	if !ok {
		return &Problem{
			What: fmt.Sprintf("Jupyter does not list kernel %s although it was written to %s", KernelName, specDir),
			Fix:  "make sure JUPYTER_DATA_DIR / JUPYTER_PATH are the same for install and for Jupyter",
		}
	}
	got, _ := filepath.EvalSymlinks(found)
	want, _ := filepath.EvalSymlinks(specDir)
	if got != want {
		return &Problem{
			What: fmt.Sprintf("Jupyter finds kernel %s in %s, not in %s where install wrote it", KernelName, found, specDir),
			Fix:  fmt.Sprintf("remove the other one (rm -r %s) or unset JUPYTER_PATH, then re-run install", found),
		}
	}
	return nil
}

// printProblems writes the problems and notes of an installation.
func printProblems(w io.Writer, problems []Problem, notes []string) {
	for _, n := range notes {
		_, _ = fmt.Fprintf(w, "note: %s\n", n)
	}
	if len(problems) == 0 {
		return
	}
	_, _ = fmt.Fprintf(w, "Missing or to fix:\n")
	for _, p := range problems {
		_, _ = fmt.Fprintf(w, "  - %s\n", p.What)
		if p.Fix != "" {
			_, _ = fmt.Fprintf(w, "%s\n", indent(p.Fix, "      "))
		}
	}
}

func runInstall(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	fs.SetOutput(stderr)
	noData := fs.Bool("no-data", false, "skip fetching data sets (MNIST) into the cache")
	binDir := fs.String("bin", "", "directory for gonb, goimports, gopls and the go shim (default $"+EnvBinDir+" or <user cache dir>/nnbook/kernel/bin)")
	fs.Usage = func() {
		_, _ = fmt.Fprintf(stderr, "usage: go run ./kernel install [-no-data] [-bin DIR]\n\n"+
			"Builds the pinned GoNB, goimports and gopls, registers the %q Jupyter kernel\n"+
			"for this checkout (in $%s, or the directory `jupyter --data-dir` prints),\n"+
			"fetches data sets, and reports what is missing. Running it again is safe.\n\n", KernelName, EnvJupyterDataDir)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		_, _ = fmt.Fprintf(stderr, "install: unexpected arguments %q\n", fs.Args())
		return 2
	}
	inst, err := Install(InstallOptions{BinDir: *binDir, NoData: *noData, Verbose: true, Out: stdout, Log: stderr})
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "install failed: %v\n", err)
		return 1
	}
	printProblems(stdout, inst.Problems, inst.Notes)
	if len(inst.Problems) > 0 {
		_, _ = fmt.Fprintf(stdout, "The kernel is installed, but %d thing(s) above are missing.\n", len(inst.Problems))
		return 1
	}
	if inst.Changed {
		_, _ = fmt.Fprintf(stdout, "Done: kernel %q (%s) is ready; start with: go run ./kernel lab\n", KernelName, DisplayName)
	} else {
		_, _ = fmt.Fprintf(stdout, "Everything is up to date: kernel %q (%s) is ready.\n", KernelName, DisplayName)
	}
	return 0
}

// indent prefixes every line of s.
func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}
