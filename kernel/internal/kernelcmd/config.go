package kernelcmd

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// Names and pinned versions. GoNB's version is not here: it is whatever this
// checkout's go.mod selects for github.com/janpfeifer/gonb (the `tool`
// directive), so the kernel and the gonbui package notebooks link always match.
const (
	// KernelName is the kernelspec directory name, and the "kernelspec.name"
	// that notebooks in notebooks/ carry in their metadata.
	KernelName = "nnbook-gonb"
	// DisplayName is what Jupyter shows in its kernel menus.
	DisplayName = "Go (nnbook)"

	// ModulePath is this checkout's module.
	ModulePath = "github.com/nnbook/nnbook"
	// GonbModule is GoNB's module; its main package is the kernel.
	GonbModule = "github.com/janpfeifer/gonb"

	// GoimportsVersion and GoplsVersion pin the two helpers GoNB runs.
	// (Newer gopls releases need a newer Go than the project uses.)
	GoimportsVersion = "v0.43.0"
	GoplsVersion     = "v0.23.0"

	// EnvBinDir overrides where install puts the binaries.
	EnvBinDir = "NNBOOK_KERNEL_BIN"
	// EnvRoot is set in the kernel's environment (by the launcher) to the
	// root of the checkout the notebook is in.
	EnvRoot = "NNBOOK_ROOT"
	// EnvGo is set in the kernel's environment to the real go command (the
	// go shim execs it).
	EnvGo = "NNBOOK_GO"
	// EnvJupyterDataDir is Jupyter's own override of its data directory.
	EnvJupyterDataDir = "JUPYTER_DATA_DIR"
)

// GoEnv is what install needs to know about the go command in use.
type GoEnv struct {
	Version string // e.g. "go1.26.8"
	Root    string // GOROOT
	GoMod   string // the go.mod of the module containing the working directory, if any
}

// GoBin is the go command inside GOROOT.
func (g GoEnv) GoBin() string {
	name := "go"
	if runtime.GOOS == "windows" {
		name = "go.exe"
	}
	return filepath.Join(g.Root, "bin", name)
}

// ReadGoEnv runs `go env` in dir.
func ReadGoEnv(dir string) (GoEnv, error) {
	if _, err := exec.LookPath("go"); err != nil {
		return GoEnv{}, errors.New("the go command is not on PATH: install Go (https://go.dev/dl/) and retry")
	}
	cmd := exec.Command("go", "env", "-json", "GOVERSION", "GOROOT", "GOMOD")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return GoEnv{}, fmt.Errorf("go env: %w%s", err, exitStderr(err))
	}
	var m map[string]string
	if err := json.Unmarshal(out, &m); err != nil {
		return GoEnv{}, fmt.Errorf("parsing `go env -json`: %w", err)
	}
	return GoEnv{Version: m["GOVERSION"], Root: m["GOROOT"], GoMod: m["GOMOD"]}, nil
}

// FindCheckout returns the root of the nnbook checkout that contains dir,
// using the go.mod that `go env GOMOD` reports.
func FindCheckout(goEnv GoEnv) (string, error) {
	gomod := goEnv.GoMod
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the %s module: run this from the checkout, e.g. `cd nnbook && go run ./kernel install`", ModulePath)
	}
	path, err := modulePathOf(gomod)
	if err != nil {
		return "", err
	}
	if path != ModulePath {
		return "", fmt.Errorf("%s is module %q, not %s: run this from the nnbook checkout", gomod, path, ModulePath)
	}
	return filepath.Dir(gomod), nil
}

// modulePathOf returns the path in a go.mod file's module directive.
func modulePathOf(gomod string) (string, error) {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`), nil
		}
	}
	return "", fmt.Errorf("%s has no module directive", gomod)
}

// DefaultBinDir is where install builds gonb, goimports, gopls and the go
// shim: $NNBOOK_KERNEL_BIN if set, else <user cache dir>/nnbook/kernel/bin
// (~/.cache/nnbook/kernel/bin on Linux). install owns that directory and
// re-creates whatever is missing in it, so deleting it is harmless.
func DefaultBinDir() (string, error) {
	if d := os.Getenv(EnvBinDir); d != "" {
		return filepath.Abs(d)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache directory (%v): set %s to a directory for the kernel's binaries", err, EnvBinDir)
	}
	return filepath.Join(cache, "nnbook", "kernel", "bin"), nil
}

// JupyterDataDir returns the directory whose kernels/ subdirectory holds the
// user's kernelspecs, and how it was found: $JUPYTER_DATA_DIR if set, else
// what `jupyter --data-dir` prints (when jupyter is given), else Jupyter's
// documented default for this OS.
func JupyterDataDir(jupyter string) (dir, source string, err error) {
	if d := os.Getenv(EnvJupyterDataDir); d != "" {
		abs, err := filepath.Abs(d)
		return abs, "$" + EnvJupyterDataDir, err
	}
	if jupyter != "" {
		out, err := exec.Command(jupyter, "--data-dir").Output()
		if err == nil {
			if d := strings.TrimSpace(string(out)); d != "" {
				return d, "`jupyter --data-dir`", nil
			}
		}
	}
	d, err := defaultJupyterDataDir()
	return d, "Jupyter's default", err
}

// defaultJupyterDataDir mirrors jupyter_core.paths.jupyter_data_dir.
func defaultJupyterDataDir() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the Jupyter data directory (%v): set %s", err, EnvJupyterDataDir)
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter"), nil
	case "windows":
		if appdata := os.Getenv("APPDATA"); appdata != "" {
			return filepath.Join(appdata, "jupyter"), nil
		}
		return filepath.Join(home, ".jupyter", "data"), nil
	default:
		if xdg := os.Getenv("XDG_DATA_HOME"); xdg != "" {
			return filepath.Join(xdg, "jupyter"), nil
		}
		return filepath.Join(home, ".local", "share", "jupyter"), nil
	}
}

// exitStderr returns ": <stderr>" for an *exec.ExitError carrying stderr.
func exitStderr(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(bytes.TrimSpace(ee.Stderr)) > 0 {
		return ": " + strings.TrimSpace(string(ee.Stderr))
	}
	return ""
}
