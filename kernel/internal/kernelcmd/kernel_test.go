package kernelcmd

import (
	"bytes"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRunVerbs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string // in stdout+stderr
	}{
		{nil, 2, "usage: go run ./kernel <verb>"},
		{[]string{"frobnicate"}, 2, `unknown verb "frobnicate"`},
		{[]string{"help"}, 0, "exec NOTEBOOK..."},
		{[]string{"install", "extra"}, 2, "unexpected arguments"},
		{[]string{"exec"}, 2, "usage: go run ./kernel exec"},
		{[]string{"exec", "-timeout", "soon", "x.ipynb"}, 2, "want seconds"},
		{[]string{"exec", "no-such.ipynb"}, 2, "no-such.ipynb"},
		{[]string{"lab", "--help"}, 0, "usage: go run ./kernel lab"},
	} {
		var out, errb bytes.Buffer
		code := Run(tc.args, &out, &errb)
		all := out.String() + errb.String()
		if code != tc.code || !strings.Contains(all, tc.want) {
			t.Errorf("Run(%q) = %d, output:\n%s\nwant code %d and %q", tc.args, code, all, tc.code, tc.want)
		}
	}
}

func testSpec(root string) KernelSpec {
	return NewKernelSpec(SpecParams{Root: root, BinDir: "/opt/nnbook/bin", GoBin: "/usr/local/go/bin/go", GonbVersion: "v0.11.4"})
}

func TestNewKernelSpec(t *testing.T) {
	k := testSpec("/src/nnbook")
	wantArgv := []string{"/opt/nnbook/bin/nnbook-gonb-launch", "--kernel", "{connection_file}"}
	if strings.Join(k.Argv, " ") != strings.Join(wantArgv, " ") {
		t.Errorf("argv = %q, want %q", k.Argv, wantArgv)
	}
	if k.DisplayName != "Go (nnbook)" || k.Language != "go" || k.InterruptMode != "message" {
		t.Errorf("display_name, language, interrupt_mode = %q, %q, %q", k.DisplayName, k.Language, k.InterruptMode)
	}
	if want := "/opt/nnbook/bin:/usr/local/go/bin:${PATH}"; k.Env["PATH"] != want {
		t.Errorf("env PATH = %q, want %q", k.Env["PATH"], want)
	}
	if k.Env[EnvDefaultRoot] != "/src/nnbook" || k.Env[EnvGo] != "/usr/local/go/bin/go" {
		t.Errorf("env = %v", k.Env)
	}
	var back map[string]any
	if err := json.Unmarshal(k.JSON(), &back); err != nil {
		t.Fatalf("kernel.json is not JSON: %v\n%s", err, k.JSON())
	}
	if !bytes.Equal(k.JSON(), testSpec("/src/nnbook").JSON()) {
		t.Error("JSON() is not deterministic")
	}
}

// TestLauncherFindsTheNotebooksCheckout runs the launcher script with a fake
// gonb that prints its arguments and $NNBOOK_ROOT.
func TestLauncherFindsTheNotebooksCheckout(t *testing.T) {
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	for name, body := range map[string]string{
		LauncherName: launcherScript,
		"gonb":       "#!/bin/sh\necho \"$NNBOOK_ROOT|$*\"\n",
	} {
		if err := os.MkdirAll(bin, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bin, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		"a/go.mod":                 "module github.com/nnbook/nnbook\n\ngo 1.26\n",
		"a/notebooks/x.ipynb":      "{}",
		"b/go.mod":                 "// a clone\nmodule \"github.com/nnbook/nnbook\" // quoted\n",
		"b/notebooks/sub/y.ipynb":  "{}",
		"other/go.mod":             "module github.com/nnbook/nnbook/other\n",
		"other/notebooks/z.ipynb":  "{}",
		"lone/w.ipynb":             "{}",
		"a/notebooks/inner/go.mod": "module example.com/inner\n",
	}
	for name, body := range files {
		p := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ session, cwd, want string }{
		{filepath.Join(tmp, "a/notebooks/x.ipynb"), tmp, filepath.Join(tmp, "a")},
		{filepath.Join(tmp, "b/notebooks/sub/y.ipynb"), tmp, filepath.Join(tmp, "b")},
		{filepath.Join(tmp, "other/notebooks/z.ipynb"), tmp, "/default"},
		{filepath.Join(tmp, "lone/w.ipynb"), tmp, "/default"},
		{"", filepath.Join(tmp, "a/notebooks/inner"), filepath.Join(tmp, "a")},  // no session: the working directory
		{"x.ipynb", filepath.Join(tmp, "b/notebooks"), filepath.Join(tmp, "b")}, // relative: the working directory
	} {
		cmd := exec.Command(filepath.Join(bin, LauncherName), "--kernel", "conn.json")
		cmd.Dir = tc.cwd
		cmd.Env = append(os.Environ(), "JPY_SESSION_NAME="+tc.session, EnvDefaultRoot+"=/default", EnvRoot+"=/stale")
		out, err := cmd.CombinedOutput()
		want := tc.want + "|--kernel conn.json --go_work=" + tc.want + "\n"
		if err != nil || string(out) != want {
			t.Errorf("session %q in %s: launcher printed %q (%v), want %q", tc.session, tc.cwd, out, err, want)
		}
	}
	cmd := exec.Command(filepath.Join(bin, LauncherName))
	cmd.Dir = filepath.Join(tmp, "lone")
	cmd.Env = []string{"PATH=/usr/bin:/bin"}
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), EnvDefaultRoot+" is not set") {
		t.Errorf("launcher without a default checkout: %q, %v", out, err)
	}
}

func TestWriteKernelSpecIntoJupyterDataDir(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv(EnvJupyterDataDir, tmp)
	dataDir, source, err := JupyterDataDir("/no/such/jupyter")
	if err != nil || dataDir != tmp || source != "$JUPYTER_DATA_DIR" {
		t.Fatalf("JupyterDataDir = %q, %q, %v; want %q from $JUPYTER_DATA_DIR", dataDir, source, err, tmp)
	}

	logo := []byte("<svg/>")
	dir, status, _, err := WriteKernelSpec(dataDir, testSpec("/a"), logo)
	if err != nil || status != "created" {
		t.Fatalf("first write: %q, %v; want created", status, err)
	}
	if want := filepath.Join(tmp, "kernels", "nnbook-gonb"); dir != want {
		t.Errorf("kernelspec dir = %q, want %q", dir, want)
	}
	got, err := ReadKernelSpec(dir)
	if err != nil || got.Argv[0] != "/opt/nnbook/bin/nnbook-gonb-launch" || got.Env[EnvDefaultRoot] != "/a" {
		t.Fatalf("ReadKernelSpec = %+v, %v", got, err)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "logo-svg.svg")); err != nil || string(data) != "<svg/>" {
		t.Errorf("logo: %q, %v", data, err)
	}
	st1, _ := os.Stat(filepath.Join(dir, "kernel.json"))

	time.Sleep(10 * time.Millisecond)
	_, status, _, err = WriteKernelSpec(dataDir, testSpec("/a"), logo)
	if err != nil || status != "up to date" {
		t.Fatalf("second write: %q, %v; want up to date", status, err)
	}
	st2, _ := os.Stat(filepath.Join(dir, "kernel.json"))
	if !st2.ModTime().Equal(st1.ModTime()) {
		t.Error("an up to date kernel.json was rewritten")
	}

	_, status, old, err := WriteKernelSpec(dataDir, testSpec("/b"), logo)
	if err != nil || status != "updated" || old != "/a" {
		t.Fatalf("write for another checkout: %q (old %q), %v; want updated from /a", status, old, err)
	}
	if got, _ := ReadKernelSpec(dir); got.Env[EnvDefaultRoot] != "/b" {
		t.Errorf("kernelspec points at %q, want /b", got.Env[EnvDefaultRoot])
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("kernelspec dir has %d entries, want kernel.json and logo-svg.svg only (no temporary files left)", len(entries))
	}
}

func TestJupyterDataDirDefault(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG layout is Linux's")
	}
	t.Setenv(EnvJupyterDataDir, "")
	xdg := t.TempDir()
	t.Setenv("XDG_DATA_HOME", xdg)
	dir, source, err := JupyterDataDir("")
	if err != nil || dir != filepath.Join(xdg, "jupyter") || source != "Jupyter's default" {
		t.Errorf("JupyterDataDir(no jupyter) = %q, %q, %v", dir, source, err)
	}
}

// fakeJupyterLab writes a jupyter-lab script whose interpreter (a fake
// python) is probed; probe is what the fake probe answers.
func fakeJupyterLab(t *testing.T, probe string, probeErr error) (Finder, string) {
	t.Helper()
	bin := t.TempDir()
	py := filepath.Join(bin, "python3")
	for name, body := range map[string]string{
		"jupyter-lab":      "#!" + py + "\n",
		"jupyter-notebook": "#!" + py + "\n",
		"python3":          "#!/bin/sh\n",
	} {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin)
	return Finder{LookPath: exec.LookPath, Probe: func(p string) (string, error) {
		if p != py {
			t.Errorf("probed %s, want the jupyter-lab script's interpreter %s", p, py)
		}
		return probe, probeErr
	}}, bin
}

func TestFindInstalledJupyterLab(t *testing.T) {
	f, bin := fakeJupyterLab(t, "4.6.6", nil)
	s, ok, why := f.FindInstalled()
	if !ok || s.Lab != filepath.Join(bin, "jupyter-lab") || s.Notebook != filepath.Join(bin, "jupyter-notebook") ||
		s.Python != filepath.Join(bin, "python3") || s.Version != "4.6.6" || s.Source != "installed" {
		t.Errorf("FindInstalled() = %+v, %v, %q", s, ok, why)
	}
	cmd, name, err := LabCommand(s, "/nb", []string{"--no-browser"})
	wantArgs := "--no-browser"
	if os.Geteuid() == 0 {
		wantArgs += " --allow-root"
	}
	if err != nil || cmd.Path != s.Lab || name != "JupyterLab" || cmd.Dir != "/nb" || strings.Join(cmd.Args[1:], " ") != wantArgs {
		t.Errorf("LabCommand = %v, %q, %v", cmd, name, err)
	}
	cmd, name, err = LabCommand(s, "/nb", []string{"--port", "9", NotebookFlag})
	if err != nil || cmd.Path != s.Notebook || name != "Jupyter Notebook" || !strings.HasPrefix(strings.Join(cmd.Args[1:], " "), "--port 9") ||
		slices.Contains(cmd.Args, NotebookFlag) {
		t.Errorf("LabCommand(--notebook) = %v, %q, %v", cmd, name, err)
	}
	s.Notebook = ""
	if _, _, err := LabCommand(s, "/nb", []string{NotebookFlag}); err == nil || !strings.Contains(err.Error(), "Notebook is not installed") {
		t.Errorf("LabCommand(--notebook) without Notebook 7: %v", err)
	}
}

func TestFindInstalledRejects(t *testing.T) {
	for _, tc := range []struct {
		probe string
		err   error
		want  string
	}{
		{"3.6.8", nil, "is JupyterLab 3.6.8, older than 4"},
		{"", errors.New("exit status 1"), "cannot import JupyterLab, nbclient and nbconvert"},
	} {
		f, _ := fakeJupyterLab(t, tc.probe, tc.err)
		if _, ok, why := f.FindInstalled(); ok || !strings.Contains(why, tc.want) {
			t.Errorf("probe %q %v: FindInstalled() = %v, %q; want %q", tc.probe, tc.err, ok, why, tc.want)
		}
	}
	t.Setenv("PATH", t.TempDir())
	if _, ok, why := DefaultFinder().FindInstalled(); ok || why != "no jupyter-lab on PATH" {
		t.Errorf("FindInstalled on an empty PATH = %v, %q", ok, why)
	}
}

func TestVenvSetupNamesWhatToInstall(t *testing.T) {
	req := filepath.Join(t.TempDir(), "requirements.txt")
	if err := os.WriteFile(req, []byte("jupyterlab==4.6.6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var said bytes.Buffer
	v := VenvSetup{Dir: filepath.Join(t.TempDir(), "venv"), Requirements: req,
		Say: func(f string, a ...any) { fmt.Fprintf(&said, f+"\n", a...) }, Log: &said}

	// No python3 at all.
	v.LookPath = func(string) (string, error) { return "", exec.ErrNotFound }
	_, p, err := v.Ensure()
	if err != nil || p == nil || !strings.Contains(p.What, "no `python3` on PATH") || !strings.Contains(p.Fix, "apt-get install python3 python3-venv") {
		t.Errorf("without python3: problem %+v, err %v", p, err)
	}

	// A python3 without the venv module (Debian without python3-venv).
	fake := filepath.Join(t.TempDir(), "python3")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho \"ModuleNotFoundError: No module named 'ensurepip'\" >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	v.LookPath = func(string) (string, error) { return fake, nil }
	_, p, err = v.Ensure()
	if err != nil || p == nil || !strings.Contains(p.What, "cannot create virtual environments") ||
		!strings.Contains(p.What, "No module named 'ensurepip'") || !strings.Contains(p.Fix, "python3-venv") {
		t.Errorf("without venv: problem %+v, err %v", p, err)
	}

	// A completed environment (its stamp matches the file) is used as is.
	data, _ := os.ReadFile(req)
	sum := sha256.Sum256(data)
	if err := os.MkdirAll(v.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(v.Dir, venvStamp), []byte(hex.EncodeToString(sum[:])+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, p, err := v.Ensure()
	if err != nil || p != nil || s.Python != filepath.Join(v.Dir, "bin", "python") || s.Version != "4.6.6" || s.Source != v.Dir {
		t.Errorf("with a stamped environment: %+v, %+v, %v", s, p, err)
	}
}

func TestRequirementsPinTheJupyterPackages(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", RequirementsFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"jupyterlab==4.6.6", "notebook==7.6.5", "nbclient==0.11.0", "nbconvert==7.17.2", "ipykernel==7.4.0"} {
		name, version, _ := strings.Cut(want, "==")
		if got := pinnedVersion(data, name); got != version {
			t.Errorf("%s pins %s at %q, want %s", RequirementsFile, name, got, version)
		}
	}
	for i, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") && !strings.Contains(line, "==") {
			t.Errorf("%s:%d: %q is not pinned to an exact version", RequirementsFile, i+1, line)
		}
	}
	a, _ := VenvDir(data)
	b, _ := VenvDir(append(data, "x==1\n"...))
	if a == b || !strings.Contains(a, filepath.Join("nnbook", "jupyter", "venv-")) {
		t.Errorf("VenvDir = %s and %s for different files", a, b)
	}
}

func TestCheckBuildInfo(t *testing.T) {
	gonb := Tools("v0.11.4")[0]
	gopls := Tools("v0.11.4")[2]
	bi := func(path, mainPath, mainVersion, goVersion string, deps ...*debug.Module) *debug.BuildInfo {
		return &debug.BuildInfo{Path: path, GoVersion: goVersion, Main: debug.Module{Path: mainPath, Version: mainVersion}, Deps: deps}
	}
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		tool Tool
		ok   bool
		why  string
	}{
		{"gonb built in the checkout", bi(GonbModule, ModulePath, "(devel)", "go1.26.8", &debug.Module{Path: GonbModule, Version: "v0.11.4"}), gonb, true, ""},
		{"gonb by a patch-older go", bi(GonbModule, ModulePath, "(devel)", "go1.26.2", &debug.Module{Path: GonbModule, Version: "v0.11.4"}), gonb, true, ""},
		{"gonb older", bi(GonbModule, ModulePath, "(devel)", "go1.26.8", &debug.Module{Path: GonbModule, Version: "v0.11.3"}), gonb, false, "v0.11.3, want v0.11.4"},
		{"go minor changed", bi(GonbModule, ModulePath, "(devel)", "go1.25.1", &debug.Module{Path: GonbModule, Version: "v0.11.4"}), gonb, false, "built by go1.25.1"},
		{"gopls", bi("golang.org/x/tools/gopls", "golang.org/x/tools/gopls", GoplsVersion, "go1.26.8"), gopls, true, ""},
		{"other binary", bi("example.com/cmd/x", "example.com", "v1.0.0", "go1.26.8"), gopls, false, "is example.com/cmd/x"},
	} {
		ok, why := checkBuildInfo(tc.bi, tc.tool, "go1.26.8")
		if ok != tc.ok || !strings.Contains(why, tc.why) {
			t.Errorf("%s: checkBuildInfo = %v, %q; want %v, %q", tc.name, ok, why, tc.ok, tc.why)
		}
	}
	if ok, why := CheckBinary(filepath.Join(t.TempDir(), "gonb"), gonb, "go1.26.8"); ok || why != "not built yet" {
		t.Errorf("CheckBinary(missing) = %v, %q", ok, why)
	}
	// The test binary itself: readable build info, but not gonb.
	if ok, why := CheckBinary(os.Args[0], gonb, runtime.Version()); ok || !strings.Contains(why, "not "+GonbModule) {
		t.Errorf("CheckBinary(test binary) = %v, %q", ok, why)
	}
}

func TestWriteFileIfChanged(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "go")
	for i, want := range []string{"created", "up to date"} {
		if got, err := writeFileIfChanged(p, []byte("a"), 0o755); got != want || err != nil {
			t.Errorf("write %d: %q, %v; want %q", i, got, err, want)
		}
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := writeFileIfChanged(p, []byte("a"), 0o755); got != "updated" {
		t.Errorf("after chmod: %q, want updated", got)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o755 {
		t.Errorf("mode %v", st.Mode())
	}
}

// installShim writes the go shim into a new directory and returns it with the real go; it
// skips the test where the shim cannot run.
func installShim(t *testing.T) (bin, goBin string) {
	t.Helper()
	return installShimWith(t, true)
}

// installShimWith is installShim, with the shim's replayer (nnbook-replay, as install builds
// it) when replayer is true, or without it: the shim then replays in sh.
func installShimWith(t *testing.T, replayer bool) (bin, goBin string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the shim is a POSIX shell script")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	bin = t.TempDir()
	if _, err := writeFileIfChanged(filepath.Join(bin, "go"), []byte(goShim), 0o755); err != nil {
		t.Fatal(err)
	}
	if replayer {
		data, err := os.ReadFile(builtReplayer(t))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bin, ReplayerName), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return bin, goBin
}

var (
	replayerOnce sync.Once
	replayerPath string
	replayerErr  error
)

// builtReplayer builds kernel/internal/replay once per test run, as install does.
func builtReplayer(t *testing.T) string {
	t.Helper()
	replayerOnce.Do(func() {
		dir, err := os.MkdirTemp("", "replayer-")
		if err != nil {
			replayerErr = err
			return
		}
		root, err := filepath.Abs("../../..")
		if err != nil {
			replayerErr = err
			return
		}
		replayerPath = filepath.Join(dir, ReplayerName)
		var log bytes.Buffer
		if err := BuildTool(replayerTool, root, dir, &log); err != nil {
			replayerErr = fmt.Errorf("%w\n%s", err, log.Bytes())
		}
	})
	if replayerErr != nil {
		t.Fatal(replayerErr)
	}
	return replayerPath
}

// countingGo writes into bin a go command that runs goBin and appends each run's arguments, a
// line, to the file runs.
func countingGo(t *testing.T, bin, goBin string) (counting, runs string) {
	t.Helper()
	runs = filepath.Join(t.TempDir(), "runs")
	counting = filepath.Join(bin, "countinggo")
	if err := os.WriteFile(counting, []byte("#!/bin/sh\necho \"$*\" >>"+runs+"\nexec "+goBin+" \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return counting, runs
}

// standIn writes in dep a stand-in for this checkout: module ModulePath, whose root package dep
// has const Msg = "v1".
func standIn(t *testing.T, dep string) {
	t.Helper()
	writeFile(t, filepath.Join(dep, "go.mod"), "module "+ModulePath+"\n\ngo 1.22\n")
	writeFile(t, filepath.Join(dep, "dep.go"), "package dep\n\nconst Msg = \"v1\"\n")
}

// scratchGoMod is the go.mod of GoNB's scratch module name with the checkout at dep (quoted: its
// path may hold spaces).
func scratchGoMod(name, dep string) string {
	return "module " + name + "\n\ngo 1.22\n\nrequire " + ModulePath + " v0.0.0\n\nreplace " + ModulePath + " => " + strconv.Quote(dep) + "\n"
}

// shimBuild runs the shim in bin as GoNB runs go build for a cell in the module cell
// (go build -o cellbin), with realGo behind it, dep as the checkout and tmp as TMPDIR, and
// returns go's output.
func shimBuild(bin, realGo, dep, cell, tmp string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(bin, "go"), "build", "-o", filepath.Join(cell, "cellbin"))
	cmd.Dir = cell
	cmd.Env = append(os.Environ(), EnvGo+"="+realGo, EnvRoot+"="+dep, "GOFLAGS=", "PWD="+cell, "TMPDIR="+tmp)
	return cmd.CombinedOutput()
}

// waitPlans waits until the plans the shim makes in the background after a build in the module
// dir are made: its busy markers (.nnbook-plan/busy.*) are gone.
func waitPlans(t *testing.T, dir string) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m, _ := filepath.Glob(filepath.Join(dir, ".nnbook-plan", "busy.*")); len(m) == 0 {
			return
		}
	}
	t.Fatal("plans still being made 60 s after the build")
}

// reqsStamp is the shim's stamp of a checkout's go.mod and go.sum (.nnbook-reqs).
func reqsStamp(t *testing.T, checkout string) string {
	t.Helper()
	cmd := exec.Command("sh", "-c", `cat go.mod go.sum 2>/dev/null | cksum`)
	cmd.Dir = checkout
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// writeFile writes body to path, making its directory first.
func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// skipIfCgoSet skips a test of the shim's cgo decision, which it makes only when
// CGO_ENABLED is unset.
func skipIfCgoSet(t *testing.T) {
	t.Helper()
	if _, set := os.LookupEnv("CGO_ENABLED"); set {
		t.Skip("CGO_ENABLED is set in the test's environment")
	}
}

// TestGoShim runs the go shim with the real go: GoNB's `go mod init gonb_*`
// must leave a go.mod requiring and replacing the checkout; anything else
// passes through.
func TestGoShim(t *testing.T) {
	bin, goBin := installShim(t)
	shim := func(dir string, args ...string) (string, error) {
		cmd := exec.Command(filepath.Join(bin, "go"), args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), EnvGo+"="+goBin, EnvRoot+"=/src/nnbook", "GOFLAGS=")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	mod := t.TempDir()
	if out, err := shim(mod, "mod", "init", "gonb_1234abcd"); err != nil {
		t.Fatalf("shim mod init: %v\n%s", err, out)
	}
	gomod, _ := os.ReadFile(filepath.Join(mod, "go.mod"))
	for _, want := range []string{
		"module gonb_1234abcd",
		"require " + ModulePath + " " + pseudoZero,
		"replace " + ModulePath + " => /src/nnbook",
	} {
		if !strings.Contains(string(gomod), want) {
			t.Errorf("go.mod lacks %q:\n%s", want, gomod)
		}
	}

	if _, err := os.Stat(filepath.Join(mod, ".nnbook-reqs")); err == nil {
		t.Error("mod init left .nnbook-reqs without a checkout's go.mod to take requirements from")
	}

	// With a checkout at NNBOOK_ROOT, its requirements (in a block and on a line of their own,
	// comments dropped) and its go.sum come along, and .nnbook-reqs says so.
	checkout := t.TempDir()
	if err := os.WriteFile(filepath.Join(checkout, "go.mod"), []byte("module "+ModulePath+"\n\ngo 1.22\n\n"+
		"require (\n\texample.com/a v1.2.3\n\texample.com/b v0.1.0 // indirect\n)\n\nrequire example.com/c v2.0.0+incompatible\n\ntool example.com/a/cmd/x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := "example.com/a v1.2.3 h1:AAAA=\nexample.com/a v1.2.3/go.mod h1:BBBB=\n"
	if err := os.WriteFile(filepath.Join(checkout, "go.sum"), []byte(sum), 0o644); err != nil {
		t.Fatal(err)
	}
	mod2 := t.TempDir()
	cmd := exec.Command(filepath.Join(bin, "go"), "mod", "init", "gonb_5678")
	cmd.Dir = mod2
	cmd.Env = append(os.Environ(), EnvGo+"="+goBin, EnvRoot+"="+checkout, "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("shim mod init with a checkout: %v\n%s", err, out)
	}
	gomod, _ = os.ReadFile(filepath.Join(mod2, "go.mod"))
	for _, want := range []string{"example.com/a v1.2.3", "example.com/b v0.1.0", "example.com/c v2.0.0+incompatible",
		"replace " + ModulePath + " => " + checkout} {
		if !strings.Contains(string(gomod), want) {
			t.Errorf("go.mod lacks %q:\n%s", want, gomod)
		}
	}
	if gosum, _ := os.ReadFile(filepath.Join(mod2, "go.sum")); string(gosum) != sum {
		t.Errorf("go.sum = %q; want the checkout's %q", gosum, sum)
	}
	if got, want := func() string { b, _ := os.ReadFile(filepath.Join(mod2, ".nnbook-reqs")); return string(b) }(), reqsStamp(t, checkout); got != want {
		t.Errorf(".nnbook-reqs = %q after the requirements came along; want the checkout's go.mod and go.sum stamp %q", got, want)
	}

	other := t.TempDir()
	if out, err := shim(other, "mod", "init", "example.com/other"); err != nil {
		t.Fatalf("shim mod init other: %v\n%s", err, out)
	}
	if gomod, _ := os.ReadFile(filepath.Join(other, "go.mod")); strings.Contains(string(gomod), ModulePath) {
		t.Errorf("a non-GoNB module was edited:\n%s", gomod)
	}
	if out, err := shim(other, "env", "GOVERSION"); err != nil || strings.TrimSpace(out) != runtime.Version() {
		t.Errorf("shim env GOVERSION = %q, %v; want %s", out, err, runtime.Version())
	}
}

// TestGoShimCgo: in GoNB's scratch module the shim builds a cell with CGO_ENABLED=0 unless a
// non-standard package it imports has cgo files or the environment sets CGO_ENABLED, and
// decides once per set of imports.
func TestGoShimCgo(t *testing.T) {
	bin, goBin := installShim(t)
	mod := filepath.Join(t.TempDir(), "gonb_cgotest")
	write := func(name, body string) { writeFile(t, filepath.Join(mod, name), body) }
	write("go.mod", "module gonb_cgotest\n\ngo 1.22\n")
	write("main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"cell\") }\n")
	// build runs the shim's go build and returns the binary's CGO_ENABLED build setting.
	build := func(env ...string) string {
		t.Helper()
		cmd := exec.Command(filepath.Join(bin, "go"), "build", "-o", "cellbin")
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), EnvGo+"="+goBin, "GOFLAGS=", "PWD="+mod)
		cmd.Env = append(cmd.Env, env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("shim build: %v\n%s", err, out)
		}
		out, err := exec.Command(goBin, "version", "-m", filepath.Join(mod, "cellbin")).Output()
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`build\s+CGO_ENABLED=(\d)`).FindStringSubmatch(string(out))
		if m == nil {
			t.Fatalf("no CGO_ENABLED in go version -m:\n%s", out)
		}
		return m[1]
	}
	decisions := func() int {
		b, _ := os.ReadFile(filepath.Join(mod, ".nnbook-cgo"))
		return strings.Count(string(b), "\n")
	}
	skipIfCgoSet(t)
	if got := build(); got != "0" {
		t.Errorf("a cell importing only fmt built with CGO_ENABLED=%s, want 0", got)
	}
	if got := build(); got != "0" || decisions() != 1 {
		t.Errorf("second build: CGO_ENABLED=%s with %d decisions kept; want 0 and the first decision reused", got, decisions())
	}
	if got := build("CGO_ENABLED=1"); got != "1" {
		t.Errorf("with CGO_ENABLED=1 in the environment the cell built with CGO_ENABLED=%s", got)
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc for a cgo package")
	}
	write("c/c.go", "package c\n\n// int answer(void) { return 42; }\nimport \"C\"\n\nfunc Answer() int { return int(C.answer()) }\n")
	write("main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"gonb_cgotest/c\"\n)\n\nfunc main() { fmt.Println(c.Answer()) }\n")
	if got := build(); got != "1" || decisions() != 2 {
		t.Errorf("a cell importing a cgo package built with CGO_ENABLED=%s (%d decisions kept); want 1 (2)", got, decisions())
	}
}

// TestGoShimReplay: the shim's go build of a cell keeps a plan (the compile of main and the
// link, as go build -x ran them) and replays it without running go at all, until a source of a
// package the cell uses changes. A cell whose imports no plan has replays the union plan, made
// in the background, whose main imports the checkout's packages and common standard ones.
func TestGoShimReplay(t *testing.T) {
	for _, replayer := range []bool{true, false} {
		t.Run(fmt.Sprintf("replayer=%v", replayer), func(t *testing.T) { testGoShimReplay(t, replayer) })
	}
}

func testGoShimReplay(t *testing.T, replayer bool) {
	skipIfCgoSet(t)
	bin, goBin := installShimWith(t, replayer)
	// The real go behind the shim counts its runs.
	counting, runs := countingGo(t, bin, goBin)
	root := t.TempDir()
	write := func(path, body string) { t.Helper(); writeFile(t, path, body) }
	// A stand-in for this checkout (a space in its path: the shim must not split paths), with
	// packages a cell may import, a command and an internal package that the union leaves out.
	dep := filepath.Join(root, "dep dir")
	standIn(t, dep)
	write(filepath.Join(dep, "extra", "extra.go"), "package extra\n\nconst Msg = \"extra\"\n")
	write(filepath.Join(dep, "internal", "hidden", "hidden.go"), "package hidden\n")
	write(filepath.Join(dep, "cmd", "tool", "main.go"), "package main\n\nfunc main() {}\n")
	cell := filepath.Join(root, "gonb_replay")
	write(filepath.Join(cell, "go.mod"), scratchGoMod("gonb_replay", dep))
	// What the shim's go mod init leaves when the checkout's requirements came along: a cell
	// that imports only the standard library and the checkout gets one cgo decision for all.
	write(filepath.Join(cell, ".nnbook-reqs"), reqsStamp(t, dep))
	tmp := t.TempDir()
	cellN := 0
	// build writes a new main.go with imports (as GoNB does for every cell), builds it through the
	// shim and returns the program's output and how many times the real go ran.
	build := func(imports, print string) (string, int) {
		t.Helper()
		cellN++
		write(filepath.Join(cell, "main.go"), fmt.Sprintf("package main\n\nimport (\n\t\"os\"\n%s)\n\nfunc main() { os.Stdout.WriteString(%s + \" %d\") }\n", imports, print, cellN))
		_ = os.Remove(runs)
		if out, err := shimBuild(bin, counting, dep, cell, tmp); err != nil {
			if !strings.Contains(string(out), "undefined: nosuch") {
				t.Fatalf("cell %d: shim build: %v\n%s", cellN, err, out)
			}
			// The cell that does not compile: go build's message is all it prints.
			data, _ := os.ReadFile(runs)
			return "does not compile", strings.Count(string(data), "\n")
		}
		out, err := exec.Command(filepath.Join(cell, "cellbin")).Output()
		if err != nil {
			t.Fatalf("cell %d: %v", cellN, err)
		}
		data, _ := os.ReadFile(runs)
		return strings.TrimSpace(string(out)), strings.Count(string(data), "\n")
	}
	// idle waits until the plans made in the background of the last build are done.
	idle := func() { t.Helper(); waitPlans(t, cell) }
	// unionImports is what the union plan's main imports.
	unionImports := func() []string {
		m, _ := filepath.Glob(filepath.Join(bin, "plans", "*", "union", "imports"))
		if len(m) != 1 {
			t.Fatalf("%d union plans", len(m))
		}
		data, _ := os.ReadFile(m[0])
		return strings.Fields(string(data))
	}
	const (
		root1 = "\t\"" + ModulePath + "\"\n"
		extra = "\t\"" + ModulePath + "/extra\"\n"
		utf8  = "\t\"unicode/utf8\"\n"
	)
	for _, step := range []struct {
		before         func()
		imports, print string
		want           string
		replayed       bool
		why            string
	}{
		// The first build compiles dep, so its trace names a package outside the build cache.
		{nil, root1, "dep.Msg", "v1 1", false, "a go build, which keeps no plan of its own (the union is made)"},
		{idle, root1 + extra, "dep.Msg + extra.Msg", "v1extra 2", true, "a new import of the checkout: the union replayed"},
		{idle, "", "\"none\"", "none 3", true, "fewer imports: the union replayed"},
		{idle, root1 + utf8, "dep.Msg + string(utf8.AppendRune(nil, 'é'))", "v1é 4", false,
			"a standard package the union lacks: a go build, which keeps a plan and adds it to the union"},
		{idle, utf8, "string(utf8.AppendRune(nil, 'ü'))", "ü 5", true, "the union replayed"},
		{idle, root1 + utf8, "dep.Msg + string(utf8.AppendRune(nil, 'ß'))", "v1ß 6", true, "the plan replayed"},
		{func() {
			idle()
			if imports := unionImports(); !slices.Contains(imports, "unicode/utf8") {
				t.Errorf("the union plan's main does not import unicode/utf8, which a cell built; it imports %q", imports)
			}
			time.Sleep(10 * time.Millisecond) // a later modification time than the plans'
			write(filepath.Join(dep, "dep.go"), "package dep\n\nconst Msg = \"v2\"\n")
		}, root1, "dep.Msg", "v2 7", false, "a go build: dep.go is newer than the plans"},
		{idle, root1 + extra, "dep.Msg + extra.Msg", "v2extra 8", true, "the new union replayed"},
		{idle, root1 + extra, "dep.Msg + nosuch", "does not compile", false, "a cell that does not compile: its replays fail, then go build says why"},
		{idle, root1 + extra, "extra.Msg + dep.Msg", "extrav2 10", true, "the next cell: the plans were kept"},
		{func() {
			idle()
			// A compiled package the union's link names is gone (the build cache was trimmed).
			m, _ := filepath.Glob(filepath.Join(bin, "plans", "*", "union", "importcfg.link"))
			if len(m) != 1 {
				t.Fatalf("%d union plans", len(m))
			}
			data, _ := os.ReadFile(m[0])
			write(m[0], regexp.MustCompile(`(?m)^(packagefile os=).*$`).ReplaceAllString(string(data), "${1}"+filepath.Join(root, "gone")))
		}, root1 + extra, "dep.Msg + extra.Msg[:0]", "v2 11", false, "the union names a package that is gone: its replay fails, and a go build"},
		{idle, extra, "extra.Msg", "extra 12", true, "a new union replayed"},
	} {
		if step.before != nil {
			step.before()
		}
		if out, n := build(step.imports, step.print); out != step.want || (n == 0) != step.replayed {
			t.Errorf("cell %d printed %q after %d runs of go; want %q from %s", cellN, out, n, step.want, step.why)
		}
	}
	idle()
	union := unionImports()
	for _, p := range []string{ModulePath, ModulePath + "/extra", "fmt"} {
		if !slices.Contains(union, p) {
			t.Errorf("the union plan's main does not import %s; it imports %q", p, union)
		}
	}
	for _, p := range []string{ModulePath + "/internal/hidden", ModulePath + "/cmd/tool"} {
		if slices.Contains(union, p) {
			t.Errorf("the union plan's main imports %s, which a cell cannot import", p)
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("%d files left in TMPDIR, first %s", len(left), left[0].Name())
	}
}

// TestGoShimSharedPlans: plans are kept beside the shim, for every kernel of the installation:
// a second kernel (another scratch module, named differently) replays the plans the first made,
// its own plan and the union, without running go, and its program's build information names
// its own module.
func TestGoShimSharedPlans(t *testing.T) {
	skipIfCgoSet(t)
	bin, goBin := installShim(t)
	counting, runs := countingGo(t, bin, goBin)
	root := t.TempDir()
	dep := filepath.Join(root, "dep")
	standIn(t, dep)
	writeFile(t, filepath.Join(dep, "extra", "extra.go"), "package extra\n\nconst Msg = \"extra\"\n")
	tmp := t.TempDir()
	// build builds a cell printing print in the scratch module name, through the shim, and
	// returns its output, how many times the real go ran, and the module its program names.
	build := func(name, imports, print string) (out string, runsOfGo int, module string) {
		t.Helper()
		cell := filepath.Join(root, name)
		writeFile(t, filepath.Join(cell, "go.mod"), scratchGoMod(name, dep))
		writeFile(t, filepath.Join(cell, "main.go"), fmt.Sprintf("package main\n\nimport (\n\t\"os\"\n%s)\n\nfunc main() { os.Stdout.WriteString(%s) }\n", imports, print))
		_ = os.Remove(runs)
		if b, err := shimBuild(bin, counting, dep, cell, tmp); err != nil {
			t.Fatalf("%s: shim build: %v\n%s", name, err, b)
		}
		data, _ := os.ReadFile(runs)
		runsOfGo = strings.Count(string(data), "\n")
		b, err := exec.Command(filepath.Join(cell, "cellbin")).Output()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		info, err := buildinfo.ReadFile(filepath.Join(cell, "cellbin"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		waitPlans(t, cell)
		return string(b), runsOfGo, info.Main.Path
	}
	const (
		root1 = "\t\"" + ModulePath + "\"\n"
		extra = "\t\"" + ModulePath + "/extra\"\n"
		utf8  = "\t\"unicode/utf8\"\n"
	)
	for _, step := range []struct {
		name, imports, print string
		want                 string
		replayed             bool
		why                  string
	}{
		{"gonb_aaaa1111", root1, "dep.Msg", "v1", false, "the first kernel's first cell: a go build (which compiles dep, so keeps no plan but the union)"},
		{"gonb_aaaa1111", root1 + utf8, "dep.Msg + string(utf8.AppendRune(nil, 'é'))", "v1é", false, "a standard package the union lacks: a go build, which keeps a plan"},
		{"gonb_bbbb2222", root1 + utf8, "dep.Msg + string(utf8.AppendRune(nil, 'ß'))", "v1ß", true, "another kernel, the same imports: the first kernel's plan replayed, no cgo decision"},
		{"gonb_cccc3333", extra, "extra.Msg", "extra", true, "a third kernel, imports the union covers: the union replayed"},
	} {
		out, n, module := build(step.name, step.imports, step.print)
		if out != step.want || (n == 0) != step.replayed {
			t.Errorf("%s printed %q after %d runs of go; want %q from %s", step.name, out, n, step.want, step.why)
		}
		if module != step.name {
			t.Errorf("%s's program names module %q in its build information, want its own", step.name, module)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(root, "gonb_*", ".nnbook-plan", "*", "*")); len(m) > 0 {
		t.Errorf("plans kept in a scratch module, not beside the shim: %q", m)
	}

	// At most the newest 100 plans are kept: with 120 older ones there, a go build that keeps a
	// plan leaves 99 of them and its own, which the next kernel replays.
	keys, _ := filepath.Glob(filepath.Join(bin, "plans", "*"))
	if len(keys) != 1 {
		t.Fatalf("%d sets of plans, want 1: %q", len(keys), keys)
	}
	hourAgo := time.Now().Add(-time.Hour)
	for i := range 120 {
		old := filepath.Join(keys[0], fmt.Sprintf("old-%03d", i))
		writeFile(t, filepath.Join(old, "made"), "")
		if err := os.Chtimes(old, hourAgo, hourAgo); err != nil {
			t.Fatal(err)
		}
	}
	const utf16 = "\t\"unicode/utf16\"\n"
	if out, n, _ := build("gonb_dddd4444", utf16, "string(rune(utf16.DecodeRune(0xd83d, 0xde00)))"); out != "😀" || n == 0 {
		t.Errorf("a new standard import printed %q after %d runs of go; want 😀 from a go build", out, n)
	}
	entries, _ := os.ReadDir(keys[0])
	plans := 0
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "union") {
			plans++
		}
	}
	if plans != 100 {
		t.Errorf("%d plans kept, want the newest 100", plans)
	}
	if out, n, _ := build("gonb_eeee5555", utf16, "string(rune(utf16.DecodeRune(0xd83d, 0xde01)))"); out != "😁" || n != 0 {
		t.Errorf("the newest plan's imports in another kernel printed %q after %d runs of go; want 😁 from its replay", out, n)
	}

	// Another version of the shim (an update of nnbook) does not replay this one's plans.
	shim, err := os.ReadFile(filepath.Join(bin, "go"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(bin, "go"), string(shim)+"# another version\n")
	if out, n, _ := build("gonb_ffff6666", utf16, "string(rune(utf16.DecodeRune(0xd83d, 0xde02)))"); out != "😂" || n == 0 {
		t.Errorf("another version of the shim printed %q after %d runs of go; want 😂 from a go build", out, n)
	}
}

// TestGoShimUnionCgo: a union whose packages have cgo files is not kept, since a replay stands
// for the cgo decision: a cell that imports such a package is built with cgo, not replayed from a
// union built without it.
func TestGoShimUnionCgo(t *testing.T) {
	skipIfCgoSet(t)
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc for a cgo package")
	}
	bin, goBin := installShim(t)
	root := t.TempDir()
	dep := filepath.Join(root, "dep")
	cell := filepath.Join(root, "gonb_cgounion")
	standIn(t, dep)
	for path, body := range map[string]string{
		// A package with cgo and a pure Go stand-in for builds without it.
		filepath.Join(dep, "cg", "cg.go"):    "package cg\n\n// int answer(void) { return 42; }\nimport \"C\"\n\nfunc How() string { return \"cgo\" }\n",
		filepath.Join(dep, "cg", "nocgo.go"): "//go:build !cgo\n\npackage cg\n\nfunc How() string { return \"no cgo\" }\n",
		filepath.Join(cell, "go.mod"):        scratchGoMod("gonb_cgounion", dep),
	} {
		writeFile(t, path, body)
	}
	tmp := t.TempDir()
	build := func(imports, print string) string {
		t.Helper()
		writeFile(t, filepath.Join(cell, "main.go"), "package main\n\nimport (\n\t\"os\"\n\t\""+imports+"\"\n)\n\nfunc main() { os.Stdout.WriteString("+print+") }\n")
		if out, err := shimBuild(bin, goBin, dep, cell, tmp); err != nil {
			t.Fatalf("shim build: %v\n%s", err, out)
		}
		waitPlans(t, cell)
		out, err := exec.Command(filepath.Join(cell, "cellbin")).Output()
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	if got := build(ModulePath, "dep.Msg"); got != "v1" {
		t.Fatalf("the first cell printed %q, want v1", got)
	}
	if m, _ := filepath.Glob(filepath.Join(bin, "plans", "*", "union", "imports")); len(m) > 0 {
		t.Errorf("a union of packages with cgo files was kept: %q", m)
	}
	if got := build(ModulePath+"/cg", "cg.How()"); got != "cgo" {
		t.Errorf("a cell importing the cgo package printed %q, want cgo: built with it", got)
	}
}

// TestGoShimPlansAfterGoNB: when GoNB removes its scratch module while the shim still makes
// plans in the background (its kernel stopped), the plans written meanwhile are removed with
// the directory, not left in TMPDIR.
func TestGoShimPlansAfterGoNB(t *testing.T) {
	skipIfCgoSet(t)
	bin, goBin := installShim(t)
	// The real go behind the shim takes its time over the union's build (go build -o a.out).
	slow := filepath.Join(bin, "slowgo")
	if err := os.WriteFile(slow, []byte("#!/bin/sh\ncase \"$*\" in *a.out*) sleep 2;; esac\nexec "+goBin+" \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	dep := filepath.Join(root, "dep")
	cell := filepath.Join(root, "gonb_left")
	standIn(t, dep)
	for path, body := range map[string]string{
		filepath.Join(cell, "go.mod"):  scratchGoMod("gonb_left", dep),
		filepath.Join(cell, "main.go"): "package main\n\nimport (\n\t\"fmt\"\n\n\t\"" + ModulePath + "\"\n)\n\nfunc main() { fmt.Println(dep.Msg) }\n",
	} {
		writeFile(t, path, body)
	}
	if out, err := shimBuild(bin, slow, dep, cell, t.TempDir()); err != nil {
		t.Fatalf("shim build: %v\n%s", err, out)
	}
	// GoNB's kernel stops while the union is being built: its removal of the scratch module leaves
	// what the shim writes meanwhile (here, everything but .nnbook-plan is gone).
	entries, err := os.ReadDir(cell)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != ".nnbook-plan" {
			if err := os.RemoveAll(filepath.Join(cell, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(cell, ".nnbook-plan")); err != nil {
		t.Fatalf("no plans being made after the build: %v", err)
	}
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if _, err := os.Stat(cell); os.IsNotExist(err) {
			return
		}
	}
	left, _ := exec.Command("find", cell).CombinedOutput()
	t.Errorf("GoNB's scratch module is still there 60 s after it was emptied:\n%s", left)
}

func TestShebangInterpreter(t *testing.T) {
	dir := t.TempDir()
	for body, want := range map[string]string{
		"#!/usr/bin/python3\nimport x\n":  "/usr/bin/python3",
		"#!/opt/py/bin/python3.11 -E\n":   "/opt/py/bin/python3.11",
		"#!/usr/bin/env python3\n":        "",
		"#!/bin/sh\nexec python3 -m x\n":  "",
		"no shebang\n":                    "",
		"#!relative/python\n":             "",
		"#!/usr/local/bin/python\n\n\n\n": "/usr/local/bin/python",
	} {
		p := filepath.Join(dir, "script")
		if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
		if got := shebangInterpreter(p); got != want {
			t.Errorf("shebangInterpreter(%q) = %q, want %q", body, got, want)
		}
	}
}

func TestSummarizeError(t *testing.T) {
	for _, tc := range []struct{ ename, evalue, detail, want string }{
		{"ERROR", `failed to run "/x/go build -o /tmp/gonb_1/gonb_1": exit status 1`,
			"# gonb_1\nCell[1]: Line 2 ./main.go:11:6: undefined: foo\nfunc main() {",
			"does not compile: Cell[1]: Line 2 ./main.go:11:6: undefined: foo"},
		{"ERROR", "exit status 2", "about to fail\npanic: \nruntime error: index out of range [3]\n\ngoroutine 1",
			"panic: runtime error: index out of range [3] (exit status 2)"},
		{"ERROR", "exit status 1", "log: boom", "exit status 1"},
		{"Timeout", "cell did not finish within 5 seconds", "", "Timeout: cell did not finish within 5 seconds"},
	} {
		if got := summarizeError(tc.ename, tc.evalue, tc.detail); got != tc.want {
			t.Errorf("summarizeError(%q, %q) = %q, want %q", tc.ename, tc.evalue, got, tc.want)
		}
	}
}

func TestFailureNamesNotebookCellAndError(t *testing.T) {
	r := NotebookResult{Notebook: "notebooks/x.ipynb", Cell: 4, ExecCount: 3, FirstLine: "y := f()", Kind: "error",
		Error: "panic: boom (exit status 2)", Detail: "panic: boom", Output: "/tmp/out/x.ipynb"}
	msg := r.Failure()
	for _, want := range []string{"notebooks/x.ipynb: cell 4, In [3] failed (error): panic: boom", "cell 4 begins: y := f()", "      panic: boom", "/tmp/out/x.ipynb"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Failure() lacks %q:\n%s", want, msg)
		}
	}
	if (NotebookResult{OK: true}).Failure() != "" {
		t.Error("Failure() of a success is not empty")
	}
}

func TestSecondsOrDuration(t *testing.T) {
	var d time.Duration
	v := secondsOrDuration{&d}
	for in, want := range map[string]time.Duration{"600": 600 * time.Second, "1.5": 1500 * time.Millisecond, "10m": 10 * time.Minute} {
		if err := v.Set(in); err != nil || d != want {
			t.Errorf("Set(%q) = %v, %v; want %v", in, d, err, want)
		}
	}
	for _, in := range []string{"soon", "0", "-3s"} {
		if err := v.Set(in); err == nil {
			t.Errorf("Set(%q) accepted", in)
		}
	}
}

func TestExpandNotebooks(t *testing.T) {
	got, err := expandNotebooks([]string{"testdata"})
	want := []string{filepath.Join("testdata", "fail.ipynb"), filepath.Join("testdata", "first-hour.ipynb"), filepath.Join("testdata", "hello.ipynb")}
	if err != nil || strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("expandNotebooks(testdata) = %q, %v; want %q", got, err, want)
	}
	if _, err := expandNotebooks([]string{"nope.ipynb"}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing notebook: %v", err)
	}
}

func TestFetchMNISTSkippedWithoutFetcher(t *testing.T) {
	var out bytes.Buffer
	if p := fetchMNIST(t.TempDir(), &out, &out, true); p != nil {
		t.Fatalf("problem %+v", p)
	}
	if !strings.Contains(out.String(), "MNIST") || !strings.Contains(out.String(), "skipped") {
		t.Errorf("output %q does not say the MNIST step was skipped", out.String())
	}
}

// TestGoShimCellSteps checks, with a fake go that records its arguments, what
// the shim does to GoNB's per-cell steps in its gonb_<id> module: `go get` is
// skipped while the imports and go.mod are in a state already got, `go build`
// links with -s -w (a notebook's own flags after it) and without cgo when no
// imported package needs it; elsewhere both pass through.
func TestGoShimCellSteps(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the shim is a POSIX shell script")
	}
	bin := t.TempDir()
	// GoNB's scratch module (below) and the checkout, side by side: a step can change the
	// checkout's go.mod.
	dir := t.TempDir()
	checkout := filepath.Join(dir, "checkout")
	if _, err := writeFileIfChanged(filepath.Join(bin, "go"), []byte(goShim), 0o755); err != nil {
		t.Fatal(err)
	}
	calls := filepath.Join(t.TempDir(), "calls")
	fake := filepath.Join(bin, "fakego")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho \"$*${GOGC:+ GOGC=$GOGC}${CGO_ENABLED:+ CGO_ENABLED=$CGO_ENABLED}\" >>"+calls+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	shim := func(dir string, args ...string) []string {
		t.Helper()
		_ = os.Remove(calls)
		cmd := exec.Command(filepath.Join(bin, "go"), args...)
		cmd.Dir = dir
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "CGO_ENABLED=") { // unset: the shim decides
				cmd.Env = append(cmd.Env, kv)
			}
		}
		cmd.Env = append(cmd.Env, EnvGo+"="+fake, EnvRoot+"="+checkout, "GOGC=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("shim %q in %s: %v\n%s", args, dir, err, out)
		}
		data, _ := os.ReadFile(calls)
		return strings.Split(strings.TrimSpace(string(data)), "\n")
	}
	write := func(path, body string) { t.Helper(); writeFile(t, path, body) }

	cell := filepath.Join(dir, "gonb_1234abcd")
	for _, d := range []string{checkout, cell} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(checkout, "go.mod"), "module "+ModulePath+"\n\nrequire example.com/a v1.0.0\n")
	reqs := reqsStamp(t, checkout) // what the shim's go mod init leaves in .nnbook-reqs
	mainGo := func(imports, body string) string {
		return "package main\n\nimport (\n" + imports + ")\n\nfunc main() { " + body + " }\n"
	}
	listCgo := "list -deps -f {{if and .CgoFiles (not .Standard)}}{{.ImportPath}}{{end}} . GOGC=off CGO_ENABLED=1"
	write(filepath.Join(cell, "go.mod"), "module gonb_1234abcd\n")
	// Each step writes file (in the cell's module; none when empty), runs the shim with args
	// (NNBOOK_REPLAY=0 when noReplay) and expects the real go's runs want ("" for none).
	for _, step := range []struct {
		file, body string
		noReplay   bool
		args       []string
		want       []string
		why        string
	}{
		{"main.go", mainGo("\t\"fmt\"\n", "fmt.Println(1)"), false, []string{"get"}, []string{"get"},
			"the first go get: the real one"},
		{"main.go", mainGo("\t\"fmt\"\n", "fmt.Println(2)"), false, []string{"get"}, []string{""},
			"go get with unchanged imports: skipped"},
		{"main.go", mainGo("\t\"fmt\"\n\t\"gonum.org/v1/gonum/mat\"\n", "fmt.Println(mat.Dense{})"), false, []string{"get"}, []string{"get"},
			"go get after a new import: the real one"},
		{"main.go", mainGo("\t\"fmt\"\n", "fmt.Println(3)"), false, []string{"get"}, []string{""},
			"go get with the first cell's imports again: skipped (that state was got before)"},
		{"go.mod", "module gonb_1234abcd\n\nrequire example.com/x v1.0.0\n", false, []string{"get"}, []string{"get"},
			"go get after go.mod changed: the real one"},
		{"", "", false, []string{"get", "example.com/y"}, []string{"get example.com/y"},
			"go get example.com/y: passed through"},
		{"", "", false, []string{"build", "-o", "/tmp/x", "-ldflags=-X main.v=1"},
			[]string{listCgo, "build -ldflags=-s -w -o /tmp/x -ldflags=-X main.v=1 GOGC=off CGO_ENABLED=0"},
			"GoNB's go build with a flag: the cgo check, then -ldflags=-s -w first, with GOGC=off CGO_ENABLED=0"},
		{"", "", false, []string{"build", "-o", "/tmp/x"}, []string{"build -x -work -ldflags=-s -w -o /tmp/x GOGC=off CGO_ENABLED=0"},
			"a plain go build -o with the same imports: the kept cgo decision, and -x -work for a plan to replay (TestGoShimReplay)"},
		{"", "", true, []string{"build", "-o", "/tmp/x"}, []string{"build -ldflags=-s -w -o /tmp/x GOGC=off CGO_ENABLED=0"},
			"with NNBOOK_REPLAY=0: a plain go build"},
		{".nnbook-reqs", reqs, false, []string{"get"}, []string{""},
			"go get in a state got before: skipped"},
		{"main.go", mainGo("\t\"math\"\n\t\"gonum.org/v1/gonum/mat\"\n", "_ = mat.Dense{}; _ = math.Pi"), false, []string{"get"}, []string{"get"},
			"go get after go mod init brought the checkout's requirements, with a third-party import: the real one"},
		{"main.go", mainGo("\t\"fmt\"\n\tm \"math/rand/v2\"\n\t\""+ModulePath+"/nn\"\n", "fmt.Println(m.N(2), nn.ReLU)"), false, []string{"get"}, []string{""},
			"go get with imports of the standard library and the checkout only, its requirements in go.mod: skipped"},
		{"", "", true, []string{"build", "-o", "/tmp/x"}, []string{"list -deps -f {{if and .CgoFiles (not .Standard)}}{{.ImportPath}}{{end}} " + ModulePath + "/... GOGC=off CGO_ENABLED=1",
			"build -ldflags=-s -w -o /tmp/x GOGC=off CGO_ENABLED=0"},
			"the same imports: one cgo decision for all of the checkout's packages"},
		{"main.go", mainGo("\t\""+ModulePath+"/viz\"\n", "viz.Digit()"), true, []string{"build", "-o", "/tmp/x"}, []string{"build -ldflags=-s -w -o /tmp/x GOGC=off CGO_ENABLED=0"},
			"other imports of the checkout: that decision, kept"},
		{"../checkout/go.mod", "module " + ModulePath + "\n\nrequire example.com/a v1.1.0\n", false, []string{"get"}, []string{"get"},
			"go get after the checkout's go.mod changed: the real one, as its requirements may be missing"},
	} {
		if step.file != "" {
			write(filepath.Join(cell, step.file), step.body)
		}
		if step.noReplay {
			t.Setenv("NNBOOK_REPLAY", "0")
		}
		if got := shim(cell, step.args...); !slices.Equal(got, step.want) {
			t.Errorf("go %q ran %q; want %q: %s", step.args, got, step.want, step.why)
		}
		os.Unsetenv("NNBOOK_REPLAY")
	}

	other := t.TempDir()
	write(filepath.Join(other, "main.go"), "package main\n\nfunc main() {}\n")
	if got := shim(other, "build", "-o", "/tmp/x"); len(got) != 1 || got[0] != "build -o /tmp/x" {
		t.Errorf("go build outside GoNB's module ran %q; want it passed through", got)
	}
	if got := shim(other, "get"); len(got) != 1 || got[0] != "get" {
		t.Errorf("go get outside GoNB's module ran %q; want it passed through", got)
	}
}
