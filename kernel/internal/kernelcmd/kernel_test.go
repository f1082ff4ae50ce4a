package kernelcmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
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
	wantArgv := []string{"/opt/nnbook/bin/gonb", "--kernel", "{connection_file}", "--go_work=/src/nnbook"}
	if strings.Join(k.Argv, " ") != strings.Join(wantArgv, " ") {
		t.Errorf("argv = %q, want %q", k.Argv, wantArgv)
	}
	if k.DisplayName != "Go (nnbook)" || k.Language != "go" || k.InterruptMode != "message" {
		t.Errorf("display_name, language, interrupt_mode = %q, %q, %q", k.DisplayName, k.Language, k.InterruptMode)
	}
	if want := "/opt/nnbook/bin:/usr/local/go/bin:${PATH}"; k.Env["PATH"] != want {
		t.Errorf("env PATH = %q, want %q", k.Env["PATH"], want)
	}
	if k.Env[EnvRoot] != "/src/nnbook" || k.Env[EnvGo] != "/usr/local/go/bin/go" {
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
	if err != nil || got.Argv[0] != "/opt/nnbook/bin/gonb" || got.Env[EnvRoot] != "/a" {
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
	if got, _ := ReadKernelSpec(dir); got.Env[EnvRoot] != "/b" {
		t.Errorf("kernelspec points at %q, want /b", got.Env[EnvRoot])
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

// noJupyterFinder is a machine with nothing: no jupyter, no usable python.
func noJupyterFinder() Finder {
	return Finder{
		LookPath:         func(string) (string, error) { return "", exec.ErrNotFound },
		PythonCandidates: []string{"python3"},
		CanRunExec:       func(string) bool { return false },
	}
}

func TestMissingJupyterMessages(t *testing.T) {
	t.Setenv(EnvPython, "")
	s := noJupyterFinder().Find()
	if s != (JupyterStatus{}) {
		t.Fatalf("Find() on an empty machine = %+v", s)
	}
	problems, notes := JupyterProblems(s)
	if len(problems) != 2 || len(notes) != 0 {
		t.Fatalf("problems %+v, notes %q; want jupyter and nbclient missing", problems, notes)
	}
	var buf bytes.Buffer
	printProblems(&buf, problems, notes)
	for _, want := range []string{
		"no `jupyter` on PATH",
		"apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel",
		"pip install --user jupyterlab nbclient",
		"nbclient",
		"apt-get install -y python3-nbclient",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("missing-things report lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestFindWithPathLackingJupyter(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv(EnvPython, "")
	f := DefaultFinder()
	s := f.Find()
	if s.Jupyter != "" || s.Lab != "" || s.Notebook != "" {
		t.Errorf("found Jupyter on an empty PATH: %+v", s)
	}
	problems, _ := JupyterProblems(s)
	if len(problems) == 0 || !strings.Contains(problems[0].What, "no `jupyter` on PATH") {
		t.Errorf("problems = %+v", problems)
	}
}

func TestFindClassicNotebookOnly(t *testing.T) {
	bin := t.TempDir()
	py := filepath.Join(bin, "python3")
	for name, body := range map[string]string{
		"jupyter":          "#!" + py + "\n",
		"jupyter-notebook": "#!" + py + "\n",
		"python3":          "#!/bin/sh\n",
	} {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin)
	t.Setenv(EnvPython, "")
	var asked []string
	f := Finder{LookPath: exec.LookPath, CanRunExec: func(p string) bool { asked = append(asked, p); return true }}
	s := f.Find()
	if s.Jupyter != filepath.Join(bin, "jupyter") || s.Notebook != filepath.Join(bin, "jupyter-notebook") || s.Lab != "" {
		t.Errorf("Find() = %+v", s)
	}
	if s.Python != py || len(asked) != 1 {
		t.Errorf("python = %q (asked %q); want the jupyter script's interpreter %q first", s.Python, asked, py)
	}
	problems, notes := JupyterProblems(s)
	if len(problems) != 0 || len(notes) != 1 || !strings.Contains(notes[0], "classic notebook") {
		t.Errorf("problems %+v, notes %q", problems, notes)
	}
	cmd, name, err := LabCommand(s, "/nb", []string{"--no-browser"})
	wantArgs := "--no-browser"
	if os.Geteuid() == 0 {
		wantArgs += " --allow-root"
	}
	if err != nil || cmd.Path != s.Notebook || name != "the classic Jupyter notebook" || cmd.Dir != "/nb" ||
		strings.Join(cmd.Args[1:], " ") != wantArgs {
		t.Errorf("LabCommand = %v, %q, %v", cmd, name, err)
	}
	s.Lab = "/x/jupyter-lab"
	if cmd, name, _ := LabCommand(s, "/nb", nil); cmd.Path != "/x/jupyter-lab" || name != "JupyterLab" {
		t.Errorf("LabCommand with JupyterLab = %v, %q", cmd, name)
	}
	if _, _, err := LabCommand(JupyterStatus{}, "/nb", nil); err == nil {
		t.Error("LabCommand without Jupyter succeeded")
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

// TestGoShim runs the go shim with the real go: GoNB's `go mod init gonb_*`
// must leave a go.mod requiring and replacing the checkout; anything else
// passes through.
func TestGoShim(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the shim is a POSIX shell script")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	bin := t.TempDir()
	if _, err := writeFileIfChanged(filepath.Join(bin, "go"), []byte(goShim), 0o755); err != nil {
		t.Fatal(err)
	}
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
	want := []string{filepath.Join("testdata", "fail.ipynb"), filepath.Join("testdata", "hello.ipynb")}
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
