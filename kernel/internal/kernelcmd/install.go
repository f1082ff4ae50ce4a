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
	NoWarm  bool   // skip compiling the chapter's packages into the build cache
	Verbose bool   // also report what is already up to date
	Out     io.Writer
	Log     io.Writer // output of the commands install runs (builds, downloads, pip)
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

// installer runs Install's phases in order; each phase records what it did
// in inst and returns an error only for a failure to build or write.
type installer struct {
	opts   InstallOptions
	inst   *Installation
	finder Finder
	out    io.Writer
	logw   io.Writer
	gonb   gonbModule
}

// Install makes the nnbook-gonb kernel and its Jupyter ready for the
// checkout containing opts.Dir. It is idempotent: what is already up to date
// is left alone. A returned error is a failure to build or write something;
// things that are merely missing (python3, data) are in
// Installation.Problems.
func Install(opts InstallOptions) (*Installation, error) {
	in := &installer{opts: opts, out: opts.Out, logw: opts.Log, finder: DefaultFinder()}
	if in.out == nil {
		in.out = io.Discard
	}
	if in.logw == nil {
		in.logw = os.Stderr
	}
	if opts.Finder != nil {
		in.finder = *opts.Finder
	}
	phases := []func() error{
		in.locateCheckout,
		in.buildTools,
		in.writeScripts,
		in.buildReplayer,
		in.downloadModules,
		in.findJupyter,
		in.registerKernel,
		in.fetchData,
		in.warmBuildCache,
	}
	for _, phase := range phases {
		if err := phase(); err != nil {
			return in.inst, err
		}
	}
	return in.inst, nil
}

func (in *installer) say(format string, args ...any) {
	_, _ = fmt.Fprintf(in.out, format+"\n", args...)
}

func (in *installer) sayV(format string, args ...any) {
	if in.opts.Verbose {
		in.say(format, args...)
	}
}

// report says what happened to one thing; "up to date" only when verbose.
func (in *installer) report(what, status, detail string) {
	line := fmt.Sprintf("  %-22s %s", what, status)
	if detail != "" {
		line += ": " + detail
	}
	if status == "up to date" {
		in.sayV("%s", line)
		return
	}
	in.inst.Changed = true
	in.say("%s", line)
}

// locateCheckout finds the checkout, the go command and the bin directory.
func (in *installer) locateCheckout() error {
	dir := in.opts.Dir
	if dir == "" {
		dir = "."
	}
	goEnv, err := ReadGoEnv(dir)
	if err != nil {
		return err
	}
	root, err := FindCheckout(goEnv)
	if err != nil {
		return err
	}
	in.inst = &Installation{Root: root, Go: goEnv, BinDir: in.opts.BinDir}
	if in.inst.BinDir == "" {
		if in.inst.BinDir, err = DefaultBinDir(); err != nil {
			return err
		}
	}
	if in.inst.BinDir, err = filepath.Abs(in.inst.BinDir); err != nil {
		return err
	}
	if in.gonb, err = GonbFromGoMod(root); err != nil {
		return err
	}
	in.inst.Gonb = in.gonb.Version
	in.sayV("nnbook kernel for checkout %s (%s, GOROOT %s)", root, goEnv.Version, goEnv.Root)
	in.sayV("  binaries in %s", in.inst.BinDir)
	return nil
}

// buildTools builds GoNB, goimports and gopls at their pinned versions.
func (in *installer) buildTools() error {
	for _, t := range Tools(in.gonb.Version) {
		path := filepath.Join(in.inst.BinDir, t.Name)
		label := fmt.Sprintf("%-10s %s", t.Name, t.Version)
		ok, why := CheckBinary(path, t, in.inst.Go.Version)
		if ok {
			in.sayV("  %-22s up to date", label)
			continue
		}
		in.say("  %-22s building (%s) ...", label, why)
		start := time.Now()
		if err := BuildTool(t, in.inst.Root, in.inst.BinDir, in.logw); err != nil {
			return fmt.Errorf("building %s %s: %w", t.Name, t.Version, err)
		}
		if ok, why := CheckBinary(path, t, in.inst.Go.Version); !ok {
			return fmt.Errorf("built %s but it %s", path, why)
		}
		in.inst.Changed = true
		in.say("  %-22s built in %.1fs", label, time.Since(start).Seconds())
	}
	return nil
}

// writeScripts writes the go shim and the kernel launcher.
func (in *installer) writeScripts() error {
	for _, s := range []struct{ name, label, body string }{
		{"go", "go shim", goShim},
		{LauncherName, "kernel launcher", launcherScript},
	} {
		status, err := writeFileIfChanged(filepath.Join(in.inst.BinDir, s.name), []byte(s.body), 0o755)
		if err != nil {
			return fmt.Errorf("writing the %s: %w", s.label, err)
		}
		in.report(s.label, status, "")
	}
	return nil
}

// ReplayerName is the go shim's fast path, kernel/internal/replay, in the bin directory.
const ReplayerName = "nnbook-replay"

// replayerTool builds the replayer from the checkout, as GoNB is built.
var replayerTool = Tool{Name: ReplayerName, Pkg: "./kernel/internal/replay", FromCheckout: true}

// buildReplayer builds the checkout's kernel/internal/replay and puts it in the bin directory
// unless the binary there is the same (Go's builds are reproducible; go build -o would relink
// it every time). Without it the shim does the same work in sh.
func (in *installer) buildReplayer() error {
	tmpDir, err := os.MkdirTemp(in.inst.BinDir, ".build-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmpDir) }()
	if err := BuildTool(replayerTool, in.inst.Root, tmpDir, in.logw); err != nil {
		in.inst.Problems = append(in.inst.Problems, Problem{
			What: fmt.Sprintf("building %s: %v (cells replay their builds more slowly, in sh)", ReplayerName, err),
			Fix:  "re-run: go run ./kernel install",
		})
		return nil
	}
	data, err := os.ReadFile(filepath.Join(tmpDir, ReplayerName))
	if err != nil {
		return err
	}
	path := filepath.Join(in.inst.BinDir, ReplayerName)
	status, err := writeFileIfChanged(path, data, 0o755) // through a temporary file and a rename
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	in.report("go shim's replayer", status, "")
	return nil
}

// downloadModules fetches the checkout's modules, so cells compile offline.
func (in *installer) downloadModules() error {
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = in.inst.Root
	if msg, err := cmd.CombinedOutput(); err != nil {
		in.inst.Problems = append(in.inst.Problems, Problem{
			What: fmt.Sprintf("`go mod download` in %s failed: %v\n%s", in.inst.Root, err, msg),
			Fix:  "check the network / GOPROXY, then re-run: go run ./kernel install",
		})
		return nil
	}
	in.sayV("  %-22s downloaded", "modules")
	return nil
}

// findJupyter finds an installed JupyterLab >= 4 or sets up nnbook's own.
func (in *installer) findJupyter() error {
	s, problem, err := FindOrCreateJupyter(in.finder, in.inst.Root, in.say, in.sayV, in.logw)
	if err != nil {
		return err
	}
	if problem != nil {
		in.inst.Problems = append(in.inst.Problems, *problem)
		return nil
	}
	in.inst.Jupyter = s
	return nil
}

// registerKernel writes the kernelspec into Jupyter's data directory.
func (in *installer) registerKernel() error {
	dataDir, source, err := JupyterDataDir(in.inst.Jupyter.Jupyter)
	if err != nil {
		return err
	}
	in.inst.DataDir = dataDir
	in.inst.Spec = NewKernelSpec(SpecParams{Root: in.inst.Root, BinDir: in.inst.BinDir, GoBin: in.inst.Go.GoBin(), GonbVersion: in.gonb.Version})
	var logo []byte
	if in.gonb.Dir != "" {
		logo, _ = os.ReadFile(filepath.Join(in.gonb.Dir, "internal", "kernel", "Go_gopher_favicon.svg"))
	}
	specDir, status, old, err := WriteKernelSpec(dataDir, in.inst.Spec, logo)
	if err != nil {
		return err
	}
	in.inst.SpecDir = specDir
	detail := fmt.Sprintf("%s (data dir from %s)", specDir, source)
	if status == "updated" && old != "" && old != in.inst.Root {
		detail += fmt.Sprintf("; its default checkout was %s", old)
	}
	in.report("kernelspec "+KernelName, status, detail)
	if in.opts.Verbose && in.inst.Jupyter.Python != "" {
		if p := checkKernelResolves(in.inst.Jupyter.Python, specDir); p != nil {
			in.inst.Problems = append(in.inst.Problems, *p)
		}
	}
	return nil
}

// fetchData puts the data sets the notebooks use into the cache.
func (in *installer) fetchData() error {
	if in.opts.NoData {
		in.sayV("  %-22s skipped (-no-data)", "MNIST")
		return nil
	}
	if p := fetchMNIST(in.inst.Root, in.out, in.logw, in.opts.Verbose); p != nil {
		in.inst.Problems = append(in.inst.Problems, *p)
	}
	return nil
}

// warmBuildCache compiles the packages chapter cells import, so the first
// cell after set-up does not wait for them.
func (in *installer) warmBuildCache() error {
	if in.opts.NoWarm {
		return nil
	}
	start := time.Now()
	if p := WarmBuildCache(in.inst.Root, in.logw); p != nil {
		in.inst.Problems = append(in.inst.Problems, *p)
		return nil
	}
	// Said even when quiet when it took a while: a fresh build cache is
	// being filled, which the user waits for.
	if d := time.Since(start); in.opts.Verbose || d > 5*time.Second {
		in.say("  %-22s compiled the chapter's packages in %.1fs (%s)", "build cache", d.Seconds(), strings.Join(WarmPackages, " "))
	}
	return nil
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
	noWarm := fs.Bool("no-warm", false, "skip compiling the chapter's packages into Go's build cache")
	binDir := fs.String("bin", "", "directory for gonb, goimports, gopls, the go shim and the launcher (default $"+EnvBinDir+" or <user cache dir>/nnbook/kernel/bin)")
	fs.Usage = func() {
		_, _ = fmt.Fprintf(stderr, "usage: go run ./kernel install [-no-data] [-no-warm] [-bin DIR]\n\n"+
			"Builds the pinned GoNB, goimports and gopls; uses an installed JupyterLab >= 4 or\n"+
			"creates a virtual environment with the Jupyter packages pinned in %s;\n"+
			"registers the %q Jupyter kernel (in $%s, or the directory `jupyter --data-dir`\n"+
			"prints); fetches data sets; compiles the chapter's packages; reports what is\n"+
			"missing. Running it again is safe.\n\n", RequirementsFile, KernelName, EnvJupyterDataDir)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		_, _ = fmt.Fprintf(stderr, "install: unexpected arguments %q\n", fs.Args())
		return 2
	}
	inst, err := Install(InstallOptions{BinDir: *binDir, NoData: *noData, NoWarm: *noWarm, Verbose: true, Out: stdout, Log: stderr})
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
