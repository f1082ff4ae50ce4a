package viz

import (
	"html"
	"strings"
	"time"

	"github.com/nnbook/nnbook/nn"
)

// init installs NotebookProgress as Fit's default progress display when the program runs
// inside a GoNB notebook (gonbui.IsNotebook), so that importing viz in a notebook is enough:
// the Keras-style progress bar is then one HTML block updated in place instead of text lines
// that Jupyter may split or pile up. Outside a notebook nn's own ProgbarLogger stays.
// Verbosity 0 (FitConfig.Silent) still shows nothing.
func init() {
	if inNotebook() {
		nn.DefaultProgress = notebookProgress
	}
}

func notebookProgress(verbose int) nn.Callback {
	if verbose <= 0 {
		return nil
	}
	return &NotebookProgress{Verbose: verbose}
}

// NotebookProgress is the progress display viz installs in GoNB notebooks (see the package
// documentation): nn.ProgbarLogger's Keras-style text
//
//	Epoch 1/5
//	469/469 [==============================] - 5s 10ms/step - loss: 0.2577 - accuracy: 0.9245
//
// kept in one HTML <pre> block of the cell that is redrawn in place (gonbui.UpdateHTML) at
// most once per Interval and at the end of every epoch; when training ends the block is
// cleared and its final text displayed for good (gonbui.DisplayHTML), so that the saved
// notebook keeps it. Outside a notebook it shows nothing.
type NotebookProgress struct {
	// Verbose is Keras's verbosity: 1 (or 0) a progress bar, 2 one line per epoch.
	Verbose int
	// Interval is the least time between two redraws; zero means DefaultLiveInterval.
	Interval time.Duration

	now       func() time.Time
	bar       *nn.ProgbarLogger
	term      terminal
	displayID string
	lastDraw  time.Time
	updates   int // in-place redraws, for tests
}

var _ nn.Callback = (*NotebookProgress)(nil)

func (p *NotebookProgress) clock() time.Time {
	if p.now == nil {
		return time.Now()
	}
	return p.now()
}

// OnTrainBegin starts a new block.
func (p *NotebookProgress) OnTrainBegin(info nn.TrainInfo) {
	interactive := true // let ProgbarLogger write every 50 ms; redraws are throttled here
	p.term = terminal{}
	p.bar = &nn.ProgbarLogger{Writer: &p.term, Verbose: p.Verbose, Interactive: &interactive}
	p.bar.OnTrainBegin(info)
	p.displayID = ""
	if inNotebook() {
		p.displayID = "nnbook_progress_" + uniqueID()
	}
	p.lastDraw, p.updates = time.Time{}, 0
}

// OnEpochBegin writes "Epoch i/n".
func (p *NotebookProgress) OnEpochBegin(epoch int) {
	p.bar.OnEpochBegin(epoch)
	p.redraw(false)
}

// OnBatchEnd updates the progress bar.
func (p *NotebookProgress) OnBatchEnd(epoch, batch int, logs nn.Logs) {
	p.bar.OnBatchEnd(epoch, batch, logs)
	p.redraw(false)
}

// OnEpochEnd writes the epoch's final line, always shown.
func (p *NotebookProgress) OnEpochEnd(epoch int, logs nn.Logs) {
	p.bar.OnEpochEnd(epoch, logs)
	p.redraw(true)
}

// OnTrainEnd replaces the live block by its final text, displayed for good.
func (p *NotebookProgress) OnTrainEnd(h *nn.History) {
	p.bar.OnTrainEnd(h)
	if p.displayID == "" {
		return
	}
	updateHTML(p.displayID, "")
	displayHTML(p.html())
}

// Text returns the progress text written so far, as a terminal would show it.
func (p *NotebookProgress) Text() string { return p.term.String() }

func (p *NotebookProgress) html() string {
	return `<pre style="margin: 0; font-family: monospace; white-space: pre;">` + html.EscapeString(p.term.String()) + `</pre>`
}

func (p *NotebookProgress) redraw(force bool) {
	if p.displayID == "" {
		return
	}
	interval := p.Interval
	if interval <= 0 {
		interval = DefaultLiveInterval
	}
	now := p.clock()
	if !force && !p.lastDraw.IsZero() && now.Sub(p.lastDraw) < interval {
		return
	}
	updateHTML(p.displayID, p.html())
	p.lastDraw = now
	p.updates++
}

// terminal is an io.Writer keeping the text a terminal would show: '\r' returns to the start
// of the current line, whose next text replaces it; '\n' ends the line.
type terminal struct {
	done strings.Builder // completed lines, each ending in '\n'
	line string          // the current line
}

// Write implements io.Writer.
func (t *terminal) Write(b []byte) (int, error) {
	s := string(b)
	for len(s) > 0 {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			t.line += s
			break
		}
		t.line += s[:i]
		if s[i] == '\n' {
			t.done.WriteString(strings.TrimRight(t.line, " "))
			t.done.WriteByte('\n')
		}
		t.line = ""
		s = s[i+1:]
	}
	return len(b), nil
}

// String returns the completed lines and the current one, trailing blanks removed.
func (t *terminal) String() string {
	return strings.TrimRight(t.done.String()+strings.TrimRight(t.line, " "), "\n")
}
