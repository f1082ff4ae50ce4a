package kernelcmd

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// JupyterStatus is the Jupyter environment the verbs use. Empty paths are
// missing.
type JupyterStatus struct {
	Jupyter  string // the jupyter command
	Lab      string // jupyter-lab (JupyterLab 4)
	Notebook string // jupyter-notebook (Notebook 7), "" when not installed
	Python   string // the environment's Python: it imports nbclient and nbconvert
	Version  string // JupyterLab's version, e.g. "4.6.6"
	Source   string // "installed" (found on PATH) or the virtual environment's directory
}

// MinLabMajor is the oldest JupyterLab major version nnbook runs on.
const MinLabMajor = 4

// RequirementsFile is the checkout's pinned Jupyter environment: what
// install pip-installs into its virtual environment when no JupyterLab >= 4
// is installed.
const RequirementsFile = "requirements.txt"

// EnvJupyterVenv overrides where install creates the virtual environment.
const EnvJupyterVenv = "NNBOOK_JUPYTER_VENV"

// probeScript prints JupyterLab's version when python can also import what
// exec and html need; it fails otherwise.
const probeScript = "import jupyterlab, nbclient, nbformat, nbconvert, jupyter_client; print(jupyterlab.__version__)"

// Finder looks things up; tests replace its fields.
type Finder struct {
	LookPath func(file string) (string, error)
	// Probe runs python with probeScript and returns its output.
	Probe func(python string) (string, error)
}

// DefaultFinder searches PATH and runs the interpreters it finds.
func DefaultFinder() Finder {
	return Finder{
		LookPath: exec.LookPath,
		Probe: func(python string) (string, error) {
			out, err := exec.Command(python, "-c", probeScript).Output()
			return strings.TrimSpace(string(out)), err
		},
	}
}

// FindInstalled looks for a JupyterLab >= 4 on PATH whose Python also has
// nbclient and nbconvert. why says what was found instead when ok is false.
func (f Finder) FindInstalled() (s JupyterStatus, ok bool, why string) {
	lab, err := f.LookPath("jupyter-lab")
	if err != nil {
		return s, false, "no jupyter-lab on PATH"
	}
	python := shebangInterpreter(lab)
	if python == "" {
		return s, false, lab + " is not a Python script"
	}
	version, err := f.Probe(python)
	if err != nil {
		return s, false, fmt.Sprintf("%s cannot import JupyterLab, nbclient and nbconvert together", python)
	}
	if major(version) < MinLabMajor {
		return s, false, fmt.Sprintf("%s is JupyterLab %s, older than %d", lab, version, MinLabMajor)
	}
	return envStatus(filepath.Dir(lab), python, version, "installed"), true, ""
}

// envStatus is the status of a Jupyter environment whose scripts are in bin.
func envStatus(bin, python, version, source string) JupyterStatus {
	s := JupyterStatus{
		Jupyter: filepath.Join(bin, "jupyter"),
		Lab:     filepath.Join(bin, "jupyter-lab"),
		Python:  python,
		Version: version,
		Source:  source,
	}
	if isExecutable(filepath.Join(bin, "jupyter-notebook")) {
		s.Notebook = filepath.Join(bin, "jupyter-notebook")
	}
	return s
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

// major is the major version of "4.6.6", or 0.
func major(version string) int {
	n, _ := strconv.Atoi(strings.SplitN(version, ".", 2)[0])
	return n
}

// shebangInterpreter returns the absolute interpreter of a "#!/path/python"
// script, or "".
func shebangInterpreter(script string) string {
	if script == "" {
		return ""
	}
	f, err := os.Open(script)
	if err != nil {
		return ""
	}
	defer func() { _ = f.Close() }()
	line, _ := bufio.NewReader(f).ReadString('\n')
	if !strings.HasPrefix(line, "#!") {
		return ""
	}
	fields := strings.Fields(line[2:])
	if len(fields) == 0 || !filepath.IsAbs(fields[0]) || !strings.Contains(filepath.Base(fields[0]), "python") {
		return ""
	}
	return fields[0]
}

// Problem is something missing, and how to get it.
type Problem struct {
	What string
	Fix  string
}

// VenvDir is where install creates the Jupyter environment for a
// requirements file: $NNBOOK_JUPYTER_VENV, else
// <user cache dir>/nnbook/jupyter/venv-<hash of the file> (a changed file
// gets a new environment; the old one can be deleted).
func VenvDir(requirements []byte) (string, error) {
	if d := os.Getenv(EnvJupyterVenv); d != "" {
		return filepath.Abs(d)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache directory (%v): set %s to a directory for the Jupyter environment", err, EnvJupyterVenv)
	}
	sum := sha256.Sum256(requirements)
	return filepath.Join(cache, "nnbook", "jupyter", "venv-"+hex.EncodeToString(sum[:6])), nil
}

// venvBin is a virtual environment's scripts directory.
func venvBin(dir string) string {
	if runtime.GOOS == "windows" {
		return filepath.Join(dir, "Scripts")
	}
	return filepath.Join(dir, "bin")
}

// venvStamp marks a virtual environment whose pip install completed; it
// holds the hash of the requirements it was installed from.
const venvStamp = ".nnbook-installed"

// VenvSetup creates and fills the Jupyter virtual environment.
type VenvSetup struct {
	Dir          string // the environment
	Requirements string // requirements file, absolute
	Python       string // the python3 that creates it ("" is python3 on PATH)
	LookPath     func(string) (string, error)
	Say          func(format string, args ...any)
	Log          io.Writer // pip's output
	Why          string    // why no installed JupyterLab is used, for the message
}

// Ensure returns the environment, creating it first when it is missing or
// incomplete. A missing python3 or venv module is a Problem naming what to
// install; other failures are errors.
func (v VenvSetup) Ensure() (JupyterStatus, *Problem, error) {
	req, err := os.ReadFile(v.Requirements)
	if err != nil {
		return JupyterStatus{}, nil, fmt.Errorf("reading the pinned Jupyter packages: %w", err)
	}
	sum := sha256.Sum256(req)
	stamp := hex.EncodeToString(sum[:])
	bin := venvBin(v.Dir)
	python := filepath.Join(bin, "python")
	if got, err := os.ReadFile(filepath.Join(v.Dir, venvStamp)); err == nil && strings.TrimSpace(string(got)) == stamp {
		return envStatus(bin, python, pinnedVersion(req, "jupyterlab"), v.Dir), nil, nil
	}

	base, p := v.basePython()
	if p != nil {
		return JupyterStatus{}, p, nil
	}
	if v.Why != "" {
		v.Say("  %-22s %s, so nnbook sets up its own", "jupyter", v.Why)
	}
	v.Say("  %-22s creating a Python virtual environment with %s, JupyterLab %s and the other packages pinned in %s, in %s (a minute or two, once) ...",
		"jupyter", base, pinnedVersion(req, "jupyterlab"), RequirementsFile, v.Dir)
	if err := os.MkdirAll(filepath.Dir(v.Dir), 0o755); err != nil {
		return JupyterStatus{}, nil, err
	}
	steps := [][]string{
		{base, "-m", "venv", "--clear", v.Dir},
		{python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q", "-r", v.Requirements},
	}
	for _, args := range steps {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Stdout, cmd.Stderr = v.Log, v.Log
		cmd.Env = append(os.Environ(), "PIP_REQUIRE_VIRTUALENV=0", "PYTHONNOUSERSITE=1")
		if err := cmd.Run(); err != nil {
			return JupyterStatus{}, nil, fmt.Errorf("%s: %w (its output is above; re-run go run ./kernel install to retry)", strings.Join(args, " "), err)
		}
	}
	if _, err := writeFileIfChanged(filepath.Join(v.Dir, venvStamp), []byte(stamp+"\n"), 0o644); err != nil {
		return JupyterStatus{}, nil, err
	}
	v.Say("  %-22s installed in %s", "jupyter", v.Dir)
	return envStatus(bin, python, pinnedVersion(req, "jupyterlab"), v.Dir), nil, nil
}

// basePython finds the python3 that creates the environment and checks that
// it has the venv module (with ensurepip, which Debian packages apart).
func (v VenvSetup) basePython() (string, *Problem) {
	lookPath := v.LookPath
	if lookPath == nil {
		lookPath = exec.LookPath
	}
	name := v.Python
	if name == "" {
		name = "python3"
	}
	python, err := lookPath(name)
	if err != nil {
		return "", &Problem{
			What: "no JupyterLab >= 4 is installed, and there is no `python3` on PATH to create one in a virtual environment",
			Fix: "install Python 3.9 or newer with its venv module, then re-run: go run ./kernel install\n" +
				"  Debian/Ubuntu: apt-get install python3 python3-venv\n" +
				"  macOS: brew install python   Windows/other: https://www.python.org/downloads/",
		}
	}
	if out, err := exec.Command(python, "-c", "import venv, ensurepip").CombinedOutput(); err != nil {
		return "", &Problem{
			What: fmt.Sprintf("%s cannot create virtual environments (no venv/ensurepip module: %s)", python, lastLine(string(out))),
			Fix:  "install Python's venv module, then re-run: go run ./kernel install\n  Debian/Ubuntu: apt-get install python3-venv",
		}
	}
	return python, nil
}

// pinnedVersion is the version "name==V" pins in a requirements file.
func pinnedVersion(req []byte, name string) string {
	for _, line := range strings.Split(string(req), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), name+"=="); ok {
			return v
		}
	}
	return ""
}

// FindOrCreateJupyter is install's Jupyter phase: an installed JupyterLab
// >= 4 when there is one, else the checkout's pinned virtual environment.
// say is for what it does, sayV for what it finds.
func FindOrCreateJupyter(f Finder, root string, say, sayV func(string, ...any), logw io.Writer) (JupyterStatus, *Problem, error) {
	s, ok, why := f.FindInstalled()
	if ok {
		sayV("  %-22s using the installed JupyterLab %s (%s)", "jupyter", s.Version, filepath.Dir(s.Lab))
		return s, nil, nil
	}
	reqPath := filepath.Join(root, RequirementsFile)
	req, err := os.ReadFile(reqPath)
	if err != nil {
		return JupyterStatus{}, nil, fmt.Errorf("reading the pinned Jupyter packages: %w", err)
	}
	dir, err := VenvDir(req)
	if err != nil {
		return JupyterStatus{}, nil, err
	}
	s, p, err := VenvSetup{Dir: dir, Requirements: reqPath, LookPath: f.LookPath, Say: say, Log: logw, Why: why}.Ensure()
	if err == nil && p == nil {
		sayV("  %-22s JupyterLab %s in %s", "jupyter", s.Version, s.Source)
	}
	return s, p, err
}

func orMissing(s string) string {
	if s == "" {
		return "MISSING"
	}
	return s
}
