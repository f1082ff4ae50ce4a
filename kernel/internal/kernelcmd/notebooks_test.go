package kernelcmd

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/internal/kerneltest"
)

// chapterCheck is what one chapter notebook must show once executed through the kernel.
type chapterCheck struct {
	file string
	// want are texts its cells print, in any order: the facts the book's notebook shows.
	want []string
	// minPNGs is the least number of image/png outputs (its plots).
	minPNGs int
	// numbers are printed figures that must fall in a range, found by a regexp whose first group
	// is the number; every match must be in range and there must be at least min matches.
	numbers []numberCheck
}

type numberCheck struct {
	pattern  string
	min      int
	low, top float64
}

// chapter lists the notebooks of notebooks/ with their key outputs. The figures come from the
// book (shapes, dtypes, labels, the parameter count) or from the mathematics (gradients of the
// tape examples); accuracies are checked against the bounds: at least 0.97 for the Keras
// recipe, and near the book's 0.81 for the from-scratch SGD loop.
var chapter = []chapterCheck{
	{
		file: "2.1-a-first-look-at-a-neural-network.ipynb",
		want: []string{
			"(60000, 28, 28)\n", "60000\n", "array([5, 0, 4, ..., 5, 6, 8], dtype=uint8)\n",
			"(10000, 28, 28)\n", "10000\n", "array([7, 2, 1, ..., 4, 5, 6], dtype=uint8)\n",
			"Total params: 407,050", "(60000, 784) float32 (10000, 784) float32\n",
			"469/469 [==============================]", // the progress bar's final state, kept
			"one-hot labels: (60000, 10) first: [0. 0. 0. 0. 0. 1. 0. 0. 0. 0.]\n",
			"first layer's kernel: (784, 512)\n",
		},
		// train_images[7] beside [4], the live loss curve (its final frame, beside the stop button),
		// the history curves, the digits grid, the confusion matrix and the first layer's weights
		minPNGs: 6,
		numbers: []numberCheck{
			{`(?m)^test_acc: ([0-9.]+)$`, 2, 0.97, 1}, // 2nd and 1st edition
			// predictions[0] ends with "]", then its argmax 7, predictions[0][7], test_labels[0] 7
			{`\]\n7\n([0-9.]+)\n7\n`, 1, 0.5, 1},
			{`(?m)^epoch 5: loss ([0-9.]+)`, 1, 0, 0.06}, // History's last epoch
		},
	},
	{
		file: "2.2-data-representations.ipynb",
		want: []string{
			"array(12)\n", "0\n", "array([12,  3,  6, 14,  7])\n", "1\n", "2\n", "3\n",
			"(60000, 28, 28)\n", "uint8\n", "9\n",
			"(90, 28, 28)\n", "(60000, 14, 14)\n", "(128, 28, 28)\n",
			"(128, 256, 256, 3) 4 float32\n",
		},
		minPNGs: 3, // train_images[4], its centre crop, a batch
	},
	{
		file: "2.3-tensor-operations.ipynb",
		want: []string{
			"same result: true\n", "(32, 10) (10,)\n", "(1, 10)\n", "(32, 10)\n",
			"X + Y equals X + y: true\n", "naive equals broadcast: true\n", "(64, 3, 32, 10)\n",
			"shapes: (64, 32) (64, 32) same: true\n",
			"(60000, 784)\n", "(3, 2)\n", "[[0.]\n [1.]\n [2.]\n [3.]\n [4.]\n [5.]]\n",
			"[[0. 1. 2.]\n [3. 4. 5.]]\n", "(20, 300)\n",
		},
		minPNGs: 1, // the geometric interpretation
		numbers: []numberCheck{{`Took: ([0-9.]+) s`, 2, 0, 60}},
	},
	{
		file: "2.4-gradient-based-optimization.ipynb",
		want: []string{
			"numerical slope at x=1: -1.000000\n", "tape gradient at x=1: -1.0\n",
			"(err: <nil>)", "dy/dx by hand 1.200885, by the tape 1.200885\n", // e^tanh(1/4)·(1-tanh²(1/4))·2·(1/2)
			"2.0\n", "[[2. 2.]\n [2. 2.]]\n", "dy/db (the column sums of ones): [2. 2.]\n",
			"sparse_categorical_crossentropy_from_logits",
		},
		// the slopes, SGD vs momentum in 1-D and 2-D, the descent explorer's and the training
		// step's static frames (a headless run does not wait on their widgets), the worked
		// backprop example, the computation graph
		minPNGs: 7,
		numbers: []numberCheck{{`learnt y = ([0-9.]+)x`, 1, 2.9, 3.1}},
	},
	{
		file: "2.5-looking-back.ipynb",
		want: []string{
			"469/469 [==============================]", "W (784, 512)\n", "b (10,)\n",
			"Epoch 0\nloss at batch 0:", "Epoch 9\n",
		},
		numbers: []numberCheck{{`(?m)^accuracy: ([0-9.]+)$`, 1, 0.75, 0.9}},
	},
}

// TestChapterNotebooks executes every notebook of notebooks/ through the real GoNB kernel with
// Jupyter's own client, and checks their outputs: no error, the key printed values, the plots.
func TestChapterNotebooks(t *testing.T) {
	requireJupyter(t)
	inst := installForTest(t)
	outDir := t.TempDir()
	opts := ExecOptions{OutDir: outDir, Timeout: 10 * time.Minute, Python: inst.Jupyter.Python, Stderr: &kerneltest.LogWriter{T: t}}

	found, err := filepath.Glob(filepath.Join("..", "..", "..", "notebooks", "*.ipynb"))
	if err != nil || len(found) != len(chapter) {
		t.Fatalf("notebooks/ has %d notebooks (%v), the test knows %d: keep the list in step", len(found), err, len(chapter))
	}
	var executed []string
	for _, c := range chapter {
		t.Run(strings.TrimSuffix(c.file, ".ipynb"), func(t *testing.T) {
			res, err := ExecNotebook(context.Background(), filepath.Join("..", "..", "..", "notebooks", c.file), opts)
			if err != nil {
				t.Fatalf("ExecNotebook: %v", err)
			}
			if !res.OK {
				t.Fatalf("%s failed:\n%s", c.file, res.Failure())
			}
			t.Logf("%s ran in %.1fs", c.file, res.Duration.Seconds())
			checkChapterOutputs(t, kerneltest.ReadNotebook(t, res.Output), c)
			executed = append(executed, res.Output)
		})
	}
	if len(executed) == len(chapter) {
		checkSite(t, inst.Jupyter.Python, executed)
	}
}

// checkSite writes the executed chapter as the static site (kernel html) and
// opens every page: it is linked from the index, shows no error or stderr
// output, and embeds every image of its notebook as a PNG data: URL.
func checkSite(t *testing.T, python string, executed []string) {
	t.Helper()
	site := t.TempDir()
	pages, err := WriteSite(python, executed, site, &kerneltest.LogWriter{T: t})
	if err != nil {
		t.Fatalf("WriteSite: %v", err)
	}
	index, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	img := regexp.MustCompile(`<img[^>]*src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"`)
	for i, p := range pages {
		if !strings.Contains(string(index), fmt.Sprintf(`<li><a href="%s">%s</a></li>`, p.File, html.EscapeString(p.Title))) {
			t.Errorf("index.html does not link %s (%q)", p.File, p.Title)
		}
		if !strings.HasPrefix(p.Title, chapter[i].file[:3]) {
			t.Errorf("page %s is titled %q, want its section number first", p.File, p.Title)
		}
		page, err := os.ReadFile(filepath.Join(site, p.File))
		if err != nil {
			t.Errorf("index links %s: %v", p.File, err)
			continue
		}
		if n := strings.Count(string(page), `data-mime-type="application/vnd.jupyter.stderr"`) + strings.Count(string(page), "gonb-err"); n != 0 {
			t.Errorf("%s shows %d error or stderr outputs", p.File, n)
		}
		_, pngs := executedOutputs(t, kerneltest.ReadNotebook(t, executed[i]))
		found := img.FindAllStringSubmatch(string(page), -1)
		for _, m := range found {
			data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(m[1]), ""))
			if err == nil {
				_, err = png.DecodeConfig(bytes.NewReader(data))
			}
			if err != nil {
				t.Errorf("%s: an embedded image is not a PNG: %v", p.File, err)
			}
		}
		if len(found) < len(pngs) || (len(pngs) > 0 && len(found) == 0) {
			t.Errorf("%s embeds %d PNG images, its notebook has %d image outputs", p.File, len(found), len(pngs))
		}
		if all := strings.Count(string(page), "<img"); all != len(found) {
			t.Errorf("%s has %d images, only %d of them embedded PNGs", p.File, all, len(found))
		}
		t.Logf("site: %s %q, %d embedded PNGs, %d KB", p.File, p.Title, len(found), len(page)/1024)
	}
}

func checkChapterOutputs(t *testing.T, nb kerneltest.Notebook, c chapterCheck) {
	t.Helper()
	out, pngs := executedOutputs(t, nb)
	for _, want := range c.want {
		if !strings.Contains(out, want) {
			t.Errorf("%s: the outputs lack %q", c.file, want)
		}
	}
	if len(pngs) < c.minPNGs {
		t.Errorf("%s: %d image/png outputs, want at least %d", c.file, len(pngs), c.minPNGs)
	}
	for _, n := range c.numbers {
		matches := regexp.MustCompile(n.pattern).FindAllStringSubmatch(out, -1)
		if len(matches) < n.min {
			t.Errorf("%s: %d outputs match %s, want at least %d", c.file, len(matches), n.pattern, n.min)
		}
		for _, m := range matches {
			v, err := strconv.ParseFloat(m[1], 64)
			if err != nil || v < n.low || v > n.top {
				t.Errorf("%s: %q: %s is not in [%g, %g]", c.file, strings.TrimSpace(m[0]), m[1], n.low, n.top)
			} else {
				t.Logf("%s: %s (from %q)", c.file, m[1], strings.TrimSpace(m[0]))
			}
		}
	}
}
