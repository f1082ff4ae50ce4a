package viz

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/janpfeifer/gonb/gonbui"

	"github.com/nnbook/nnbook/internal/notebook"
)

// OutputDir is the directory where Show writes figures when the program does not run
// inside a GoNB notebook: "nnbook-plots", relative to the working directory, unless the
// environment variable NNBOOK_PLOTS names another one when the program starts.
var OutputDir = "nnbook-plots"

func init() {
	if d := os.Getenv("NNBOOK_PLOTS"); d != "" {
		OutputDir = d
	}
}

// shown counts, per file name, the figures Show has written in this process, so that a
// second "digit" becomes digit-2.png instead of overwriting the first.
var shown = struct {
	sync.Mutex
	n map[string]int
}{n: make(map[string]int)}

// Show displays f. Inside a GoNB notebook (gonbui.IsNotebook) it renders f and sends it to
// the cell's output as an image/png (or, with Format "svg", inline SVG). Outside a notebook
// it writes the file OutputDir/<Name>.png (digit.png, then digit-2.png, ... when one process
// shows several figures of the same name) and prints "saved <path>" on standard output.
func (f *Figure) Show() error {
	if inNotebook() {
		if f.format() == "svg" {
			b, err := f.SVG()
			if err != nil {
				return err
			}
			displayHTML("<div>" + string(b) + "</div>") // as gonbui.DisplaySVG does
			return gonbui.Error()
		}
		b, err := f.PNG()
		if err != nil {
			return err
		}
		displayPNG(b)
		return gonbui.Error()
	}
	if err := f.check(); err != nil {
		return err
	}
	path := nextPath(f.Name, f.format())
	if err := f.Save(path); err != nil {
		return err
	}
	fmt.Println("saved", path)
	return nil
}

// MustShow is Show that panics on error, for notebook cells and examples (inside a GoNB
// notebook it shows the message and the cell's line instead of a goroutine dump).
func (f *Figure) MustShow() {
	if err := f.Show(); err != nil {
		notebook.Panic(err)
	}
}

// Show shows the figure a figure function returned, or returns that function's error:
// viz.Show(viz.Digit(img, "")) is one line in a notebook cell.
func Show(f *Figure, err error) error {
	if err != nil {
		return err
	}
	return f.Show()
}

// MustShow is Show that panics on error, as Figure.MustShow: viz.MustShow(viz.History(history)).
func MustShow(f *Figure, err error) {
	if err := Show(f, err); err != nil {
		notebook.Panic(err)
	}
}

// Must returns f, or panics with err as Figure.MustShow: viz.Must(viz.Digit(img, "")).PNG().
func Must(f *Figure, err error) *Figure {
	if err != nil {
		notebook.Panic(err)
	}
	return f
}

// nextPath returns the file Show writes for a figure called name in format ext.
func nextPath(name, ext string) string {
	if name == "" {
		name = "figure"
	}
	shown.Lock()
	defer shown.Unlock()
	key := name + "." + ext
	shown.n[key]++
	if k := shown.n[key]; k > 1 {
		name += "-" + strconv.Itoa(k)
	}
	return filepath.Join(OutputDir, name+"."+ext)
}
