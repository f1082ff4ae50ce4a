package browser

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/internal/ipynb"
	"github.com/nnbook/nnbook/kernel/internal/kerneltest"

	"github.com/nnbook/nnbook/kernel/internal/kernelcmd"
)

// EnvScreenshots overrides where the browser test writes its screenshots
// (default testdata/screenshots, which git ignores).
const EnvScreenshots = "NNBOOK_SCREENSHOTS"

// EnvNotebooks, when set, is a regular expression: only the chapter
// notebooks whose file name it matches run (for working on the test; CI
// leaves it unset and runs them all).
const EnvNotebooks = "NNBOOK_BROWSER_NOTEBOOKS"

// displayCall matches, in a code cell's source, a call that shows a figure:
// viz's Show and MustShow (function or method) and its widgets, which end
// with their last frame shown for good.
var displayCall = regexp.MustCompile(`\b(Show|MustShow|ExploreDescent|StepThrough|NewLiveLoss)\(`)

// expectedFigures lists, for a notebook file, the 0-based indexes (among its
// code cells) of the cells that call a display function (displayCall): each
// must show at least one figure after Run All. It is read from the notebook
// itself, so that notebooks can gain plots without this test changing.
func expectedFigures(t *testing.T, path string) []int {
	t.Helper()
	nb := kerneltest.ReadNotebook(t, path)
	var want []int
	code := 0
	for _, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		src := ipynb.Multiline(c.Source)
		// Comments do not show anything.
		var live []string
		for _, l := range strings.Split(src, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "//") {
				live = append(live, l)
			}
		}
		if displayCall.MatchString(strings.Join(live, "\n")) {
			want = append(want, code)
		}
		code++
	}
	return want
}

// checkoutRoot is the root of the checkout holding this package.
func checkoutRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(root, "go.mod")); err != nil || !strings.HasPrefix(string(data), "module "+kernelcmd.ModulePath+"\n") {
		t.Fatalf("%s is not the nnbook checkout: %v", root, err)
	}
	return root
}

// requireBrowser skips unless chromium, node and playwright-core are there
// (under CI they must be).
func requireBrowser(t *testing.T, root string) (chromium, node string) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium = os.Getenv("NNBOOK_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	var missing []string
	if _, err := os.Stat(chromium); err != nil {
		missing = append(missing, chromium+" (Debian: apt-get install chromium)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing = append(missing, "node (Debian: apt-get install nodejs npm)")
	}
	if _, err := os.Stat(filepath.Join(root, "node_modules", "playwright-core", "package.json")); err != nil {
		missing = append(missing, "playwright-core (run: npm ci, in "+root+")")
	}
	if len(missing) > 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but the browser test lacks: %s", strings.Join(missing, "; "))
		}
		t.Skipf("browser test skipped, missing: %s", strings.Join(missing, "; "))
	}
	return chromium, node
}

// stepResult is one "RESULT" line of driver.mjs.
type stepResult struct {
	Step struct {
		Do       string `json:"do"`
		Name     string `json:"name"`
		Notebook string `json:"notebook"`
	} `json:"step"`
	OK          bool     `json:"ok"`
	Error       string   `json:"error"`
	Seconds     float64  `json:"seconds"`
	WallSeconds float64  `json:"wallSeconds"`
	Screenshot  string   `json:"screenshot"`
	Screenshots []string `json:"screenshots"`
	// runAll
	CodeCells     int   `json:"codeCells"`
	Unrun         int   `json:"unrun"`
	Images        int   `json:"images"`
	Figures       []int `json:"figures"` // per code cell
	DoneClicks    int   `json:"doneClicks"`
	ErrorDisplays int   `json:"errorDisplays"`
	Progress      []struct {
		Cell      int    `json:"cell"`
		MaxBlocks int    `json:"maxBlocks"`
		Samples   int    `json:"samples"`
		Last      string `json:"last"`
	} `json:"progress"`
	// interruptFit
	StopSeconds float64 `json:"stopSeconds"`
	Setup       string  `json:"setup"`
	Fit         string  `json:"fit"`
	Check       string  `json:"check"`
	// restart
	Before string `json:"before"`
	After  string `json:"after"`
	Output string `json:"output"`
	// complete
	Items           []string `json:"items"`
	CompleteSeconds float64  `json:"completeSeconds"`
	Tooltip         string   `json:"tooltip"`
	// descent
	Changed          bool    `json:"changed"`
	SrcBefore        string  `json:"srcBefore"`
	SrcAfter         string  `json:"srcAfter"`
	LabelBefore      string  `json:"labelBefore"`
	LabelAfter       string  `json:"labelAfter"`
	RedrawSeconds    float64 `json:"redrawSeconds"`
	FiguresAfterDone int     `json:"figuresAfterDone"`
	ControlsAfter    int     `json:"controlsAfterDone"`
	// stepThrough
	DistinctFrames int `json:"distinctFrames"`
}

// labServer is a running `kernel lab`.
type labServer struct {
	URL, Token string
	cmd        *exec.Cmd
	log        bytes.Buffer
}

// startLab builds the kernel command and starts `kernel lab --no-browser`
// on root (the notebooks' directory) with a token, hermetic JupyterLab
// settings (every cell kept in the page so the driver can count outputs)
// and waits until it lists the Go kernel.
func startLab(t *testing.T, checkout, root string) *labServer {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kernel")
	build := exec.Command("go", "build", "-o", bin, "./kernel")
	build.Dir = checkout
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./kernel: %v\n%s", err, out)
	}
	settings := t.TempDir()
	for file, body := range map[string]string{
		"@jupyterlab/notebook-extension/tracker.jupyterlab-settings":      `{"windowingMode": "none"}`,
		"@jupyterlab/apputils-extension/notification.jupyterlab-settings": `{"fetchNews": "false", "checkForUpdates": false}`,
		"@jupyterlab/docmanager-extension/plugin.jupyterlab-settings":     `{"autosave": false}`,
	} {
		p := filepath.Join(settings, filepath.FromSlash(file))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	tok := make([]byte, 16)
	_, _ = rand.Read(tok)
	s := &labServer{URL: "http://127.0.0.1:" + strconv.Itoa(port), Token: hex.EncodeToString(tok)}
	s.cmd = exec.Command(bin, "lab", "--no-browser", "--port", strconv.Itoa(port), "--ip", "127.0.0.1",
		"--IdentityProvider.token="+s.Token, "--ServerApp.root_dir="+root)
	s.cmd.Dir = checkout
	// NNBOOK_KEPT_DIR: the values cells keep (nn.Keep) stay in the test's own directory.
	s.cmd.Env = append(os.Environ(), "JUPYTERLAB_SETTINGS_DIR="+settings, "JUPYTERLAB_WORKSPACES_DIR="+t.TempDir(),
		"NNBOOK_KEPT_DIR="+t.TempDir())
	s.cmd.Stdout, s.cmd.Stderr = &s.log, &s.log
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		}
	})
	deadline := time.Now().Add(5 * time.Minute)
	for {
		var specs struct {
			Kernelspecs map[string]json.RawMessage `json:"kernelspecs"`
		}
		resp, err := http.Get(s.URL + "/api/kernelspecs?token=" + s.Token)
		if err == nil {
			_ = json.NewDecoder(resp.Body).Decode(&specs)
			_ = resp.Body.Close()
			if _, ok := specs.Kernelspecs[kernelcmd.KernelName]; ok {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("kernel lab did not list %s at /api/kernelspecs within 5 minutes; its output:\n%s", kernelcmd.KernelName, s.log.String())
		}
		time.Sleep(500 * time.Millisecond)
	}
	resp, err := http.Get(s.URL + "/lab?token=" + s.Token)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /lab: %v %v", resp, err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if !bytes.Contains(body, []byte("JupyterLab")) {
		t.Fatalf("/lab is not JupyterLab:\n%.500s", body)
	}
	return s
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// installForTest installs the kernel, and Jupyter if needed, with its
// kernelspec in a temporary JUPYTER_DATA_DIR.
func installForTest(t *testing.T, checkout string) {
	t.Helper()
	t.Setenv("JUPYTER_DATA_DIR", t.TempDir())
	var out bytes.Buffer
	_, err := kernelcmd.Install(kernelcmd.InstallOptions{Dir: checkout, NoData: true, Verbose: true, Out: &out, Log: &kerneltest.LogWriter{T: t}})
	t.Log(out.String())
	if err != nil {
		t.Fatalf("Install: %v", err)
	}
}

func tailLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// savedErrors counts the error outputs of a notebook JupyterLab saved.
func savedErrors(t *testing.T, path string) (errors int, detail []string) {
	t.Helper()
	nb := kerneltest.ReadNotebook(t, path)
	for i, c := range nb.Cells {
		for _, o := range c.Outputs {
			if o.OutputType == "error" {
				errors++
				detail = append(detail, fmt.Sprintf("cell %d: %s: %s", i+1, o.Ename, o.Evalue))
			}
		}
	}
	return errors, detail
}

// TestBrowser runs the chapter in JupyterLab in Debian's chromium (driven by
// playwright-core, browser/driver.mjs) against `kernel lab`: every notebook
// with Run All, then an interrupted fit, completion and inspection, and a
// kernel restart on testdata/browser.ipynb. Screenshots go to
// $NNBOOK_SCREENSHOTS or testdata/screenshots.
func TestBrowser(t *testing.T) {
	checkout := checkoutRoot(t)
	chromium, node := requireBrowser(t, checkout)
	installForTest(t, checkout)

	// The notebooks run from copies inside the checkout (so the launcher
	// finds it), in a directory the go command and git ignore.
	run, err := os.MkdirTemp(checkout, ".browser-run-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(run) })
	chapter, _ := filepath.Glob(filepath.Join(checkout, "notebooks", "*.ipynb"))
	sort.Strings(chapter)
	if len(chapter) == 0 {
		t.Fatalf("no notebooks in %s", filepath.Join(checkout, "notebooks"))
	}
	if pat := os.Getenv(EnvNotebooks); pat != "" {
		re, err := regexp.Compile(pat)
		if err != nil {
			t.Fatalf("%s: %v", EnvNotebooks, err)
		}
		var some []string
		for _, nb := range chapter {
			if re.MatchString(filepath.Base(nb)) {
				some = append(some, nb)
			}
		}
		t.Logf("%s=%q: running %d of %d chapter notebooks", EnvNotebooks, pat, len(some), len(chapter))
		chapter = some
	}
	for _, nb := range chapter {
		copyFile(t, nb, filepath.Join(run, filepath.Base(nb)))
	}
	copyFile(t, filepath.Join("testdata", "browser.ipynb"), filepath.Join(run, "browser.ipynb"))
	copyFile(t, filepath.Join("testdata", "widgets.ipynb"), filepath.Join(run, "widgets.ipynb"))

	shots := os.Getenv(EnvScreenshots)
	if shots == "" {
		shots, _ = filepath.Abs(filepath.Join("testdata", "screenshots"))
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(shots, "*.png"))
	for _, f := range old {
		_ = os.Remove(f)
	}

	lab := startLab(t, checkout, run)
	t.Logf("kernel lab serves JupyterLab at %s/lab with %s listed", lab.URL, kernelcmd.KernelName)

	var steps []map[string]any
	for _, nb := range chapter {
		name := strings.TrimSuffix(filepath.Base(nb), ".ipynb")
		steps = append(steps,
			map[string]any{"do": "open", "notebook": filepath.Base(nb), "name": name},
			map[string]any{"do": "runAll", "name": name, "timeoutSeconds": 1200},
			map[string]any{"do": "shutdown", "name": name})
	}
	steps = append(steps,
		map[string]any{"do": "open", "notebook": "browser.ipynb", "name": "browser", "stopOnFailure": true},
		map[string]any{"do": "interruptFit", "setup": 1, "fit": 2, "check": 3, "afterText": "Epoch 2/", "name": "interrupt"},
		map[string]any{"do": "complete", "cell": 4, "prefix": "trainImages.", "member": "Shape", "name": "complete"},
		map[string]any{"do": "restart", "cell": 1, "name": "restart"},
		map[string]any{"do": "shutdown", "name": "browser"},
		// The widgets, in a notebook of their own (testdata/widgets.ipynb): its cell 1
		// declares the data, 2 explores descent, 3 steps through training, 4 fits
		// with a stop button and keeps the model, 5 uses the kept model.
		// Run All first, as a student would: the driver presses each widget's "done".
		map[string]any{"do": "open", "notebook": "widgets.ipynb", "name": "widgets", "stopOnFailure": true},
		map[string]any{"do": "runAll", "name": "widgets", "timeoutSeconds": 600},
		map[string]any{"do": "descent", "cell": 2, "lr": "50", "name": "widget-descent"},
		map[string]any{"do": "stepThrough", "cell": 3, "clicks": 4, "name": "widget-step"},
		map[string]any{"do": "stopButton", "fit": 4, "check": 5, "name": "widget-stop"},
	)
	cfg, _ := json.Marshal(map[string]any{"url": lab.URL, "token": lab.Token, "chromium": chromium, "screenshots": shots, "steps": steps})
	cfgPath := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(cfgPath, cfg, 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Minute)
	defer cancel()
	driver := exec.CommandContext(ctx, node, "driver.mjs", cfgPath)
	stdout, err := driver.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	driver.Stderr = &kerneltest.LogWriter{T: t}
	if err := driver.Start(); err != nil {
		t.Fatal(err)
	}
	results := map[string]stepResult{}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "RESULT ")
		if !ok {
			t.Log(sc.Text())
			continue
		}
		var r stepResult
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Errorf("bad driver line %q: %v", line, err)
			continue
		}
		key := r.Step.Do + " " + r.Step.Name
		results[key] = r
		if !r.OK {
			t.Errorf("%s failed: %s (screenshot %s)", key, r.Error, r.Screenshot)
		} else {
			t.Logf("%s done in %.1fs", key, r.WallSeconds)
		}
	}
	_ = driver.Wait()
	if t.Failed() {
		t.Logf("kernel lab's output:\n%s", tailLines(lab.log.String(), 60))
	}

	// The chapter: Run All with no error, the expected images, Fit's progress in one block.
	sawFiveOfFive := false
	for _, nb := range append(chapter, filepath.Join("testdata", "widgets.ipynb")) {
		base := filepath.Base(nb)
		name := strings.TrimSuffix(base, ".ipynb")
		r, ok := results["runAll "+name]
		if !ok || !r.OK {
			continue
		}
		nErr, detail := savedErrors(t, filepath.Join(run, base))
		t.Logf("%-45s Run All %6.1fs  %2d code cells  %2d images  %d errors  %d widgets' done pressed  screenshot %s", base, r.Seconds, r.CodeCells, r.Images, nErr+r.ErrorDisplays, r.DoneClicks, r.Screenshot)
		if r.Unrun != 0 {
			t.Errorf("%s: %d code cells did not run", base, r.Unrun)
		}
		if nErr != 0 || r.ErrorDisplays != 0 {
			t.Errorf("%s: %d error outputs, %d GoNB error displays: %s", base, nErr, r.ErrorDisplays, strings.Join(detail, "; "))
		}
		want := expectedFigures(t, nb)
		if len(r.Figures) != r.CodeCells {
			t.Errorf("%s: the driver counted figures in %d cells of %d", base, len(r.Figures), r.CodeCells)
		}
		for _, i := range want {
			if i < len(r.Figures) && r.Figures[i] == 0 {
				t.Errorf("%s: code cell %d calls a display function (%s) but shows no figure after Run All", base, i+1, displayCall)
			}
		}
		for _, p := range r.Progress {
			m := regexp.MustCompile(`Epoch (\d+)/(\d+)`).FindStringSubmatch(p.Last)
			if p.MaxBlocks != 1 || m == nil || m[1] != m[2] {
				t.Errorf("%s cell %d: Fit's progress showed in %d blocks at once and ended at %q; want one block ending at its last epoch", base, p.Cell, p.MaxBlocks, p.Last)
			}
			if p.Last == "Epoch 5/5" {
				sawFiveOfFive = true
			}
		}
	}
	if r := results["runAll widgets"]; r.OK && r.DoneClicks != 2 {
		t.Errorf("Run All of widgets.ipynb pressed %d widgets' done buttons; want 2 (the descent explorer and the training step)", r.DoneClicks)
	}
	if r, ok := results["runAll 2.1-a-first-look-at-a-neural-network"]; ok && r.OK && !sawFiveOfFive {
		t.Error("no Fit progress block ended at Epoch 5/5")
	}

	// Interrupt: the fit stops, the next cell gets the model and the partial History.
	if r := results["interruptFit interrupt"]; r.OK {
		t.Logf("interrupt: stopped %.1fs after the toolbar's button; fit cell: %q; next cell: %q", r.StopSeconds, lastLine(r.Fit), r.Check)
		stamp := regexp.MustCompile(`stamp (\d+)`).FindStringSubmatch(r.Fit)
		m := regexp.MustCompile(`kept: stamp (\d+), epochs (\d+), batches (\d+), interrupted true, predictions \(10, 10\)`).FindStringSubmatch(r.Check)
		switch {
		case !strings.Contains(r.Fit, "training interrupted"):
			t.Errorf("the fit cell does not say it was interrupted:\n%s", r.Fit)
		case stamp == nil || m == nil || m[1] != stamp[1]:
			t.Errorf("the next cell did not get this fit's model and History:\nfit: %s\nnext: %s", r.Fit, r.Check)
		default:
			epochs, _ := strconv.Atoi(m[2])
			batches, _ := strconv.Atoi(m[3])
			if epochs < 1 || epochs >= 200 || batches <= epochs {
				t.Errorf("partial History: %d epochs, %d batches; want 1..199 epochs and more batches", epochs, batches)
			}
		}
	}

	// Completion and inspection see nnbook's packages.
	if r := results["complete complete"]; r.OK {
		t.Logf("Tab after trainImages. offers %d items (after %.1fs); Shift+Tab shows %q", len(r.Items), r.CompleteSeconds, firstLines(r.Tooltip, 3))
		if !contains(r.Items, "Shape") {
			t.Errorf("Tab after trainImages. does not offer Shape; it offers %q", r.Items)
		}
		doc := goDocFirstSentence(t, checkout, "./nn/tensor", "Tensor.Shape")
		if norm(r.Tooltip) == "" || !strings.Contains(norm(r.Tooltip), doc) {
			t.Errorf("Shift+Tab on Shape shows %q, want its doc %q", r.Tooltip, doc)
		}
	}

	// Restart: the kernel comes back and runs a cell again.
	if r := results["restart restart"]; r.OK {
		t.Logf("restart: cell 1 went from %s to %s in %.1fs: %q", r.Before, r.After, r.Seconds, r.Output)
		if r.After != "[1]:" || !strings.Contains(r.Output, "train images: (60000, 28, 28)") {
			t.Errorf("after a restart cell 1 is %s with output %q; want [1]: and the train images' shape", r.After, r.Output)
		}
	}
	// Widgets: the slider redraws the picture, each step shows a new graph, the
	// stop button ends the fit and the next cell uses the kept model.
	if r := results["descent widget-descent"]; r.OK {
		t.Logf("descent explorer: learning rate %s -> %s, picture redrawn in %.2fs; after done: %d figure, %d sliders",
			r.LabelBefore, r.LabelAfter, r.RedrawSeconds, r.FiguresAfterDone, r.ControlsAfter)
		if !r.Changed || r.LabelBefore == r.LabelAfter {
			t.Errorf("moving the learning-rate slider did not change the picture (%s -> %s) or its label (%q -> %q)", r.SrcBefore, r.SrcAfter, r.LabelBefore, r.LabelAfter)
		}
		if r.FiguresAfterDone != 1 || r.ControlsAfter != 0 {
			t.Errorf("after done the explorer's cell shows %d figures and %d sliders; want its last frame only", r.FiguresAfterDone, r.ControlsAfter)
		}
	}
	if r := results["stepThrough widget-step"]; r.OK {
		t.Logf("step through: %d distinct graphs over 4 clicks of next", r.DistinctFrames)
		if r.DistinctFrames != 5 {
			t.Errorf("4 clicks of next showed %d distinct graphs; want 5 (the start and one per phase)", r.DistinctFrames)
		}
	}
	if r := results["stopButton widget-stop"]; r.OK {
		t.Logf("stop button: fit ended %.1fs after the click: %q; next cell: %q", r.StopSeconds, lastLine(r.Fit), r.Check)
		m := regexp.MustCompile(`stopped by button: true, epochs run: (\d+), err: [^\n]*training interrupted`).FindStringSubmatch(r.Fit)
		if m == nil {
			t.Errorf("the fit cell does not say the button stopped it:\n%s", r.Fit)
		} else if n, _ := strconv.Atoi(m[1]); n >= 100 { // the cell's Epochs
			t.Errorf("the fit ran all %d epochs; the button did not stop it", n)
		}
		if !regexp.MustCompile(`next cell, kept model: accuracy (0\.\d+|1\.000), err <nil>`).MatchString(r.Check) {
			t.Errorf("the next cell did not use the kept model: %q", r.Check)
		}
	}
	t.Logf("screenshots in %s", shots)
}

func contains(items []string, s string) bool {
	for _, it := range items {
		if it == s {
			return true
		}
	}
	return false
}

// norm collapses white space.
func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " / ")
}

// goDocFirstSentence is the first line of `go doc pkg sym`'s comment.
func goDocFirstSentence(t *testing.T, dir, pkg, sym string) string {
	t.Helper()
	cmd := exec.Command("go", "doc", pkg, sym)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go doc %s %s: %v", pkg, sym, err)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "    ") && strings.TrimSpace(l) != "" {
			return norm(l) // the comment's first line, indented under the declaration
		}
	}
	t.Fatalf("go doc %s %s has no comment:\n%s", pkg, sym, out)
	return ""
}
