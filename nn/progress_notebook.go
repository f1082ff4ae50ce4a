package nn

import (
	"html"
	"strings"
	"time"

	"github.com/nnbook/nnbook/internal/notebook"
	"github.com/nnbook/nnbook/internal/notebook/display"
)

// notebookInterval is the least time between two redraws of the notebook progress block:
// at most four per second.
const notebookInterval = 250 * time.Millisecond

// The display operations of notebookProgress, as variables so that tests can record them
// without a GoNB kernel.
var (
	haveDisplay = display.Available
	updateHTML  = display.UpdateHTML
	displayHTML = display.HTML
	uniqueID    = display.UniqueID
)

// notebookProgress is Fit's progress display inside a GoNB notebook, chosen by Fit itself with
// no import or line in the cell: ProgbarLogger's Keras-style text
//
//	Epoch 1/5
//	469/469 [==============================] - 5s 10ms/step - loss: 0.2577 - accuracy: 0.9245
//
// kept in one HTML <pre> block of the cell that is redrawn in place (an update_display_data
// through package display) at most every notebookInterval and at the end of every epoch,
// instead of text lines that Jupyter may split or pile up. When training ends the block is
// cleared and its final text displayed for good, so that the saved notebook keeps it, as
// GoMLX's progress does.
type notebookProgress struct {
	Verbose int // Keras's verbosity: 1 (or 0) a progress bar, 2 one line per epoch

	now       func() time.Time // time source, replaced by tests
	bar       *ProgbarLogger
	term      terminal
	displayID string
	lastDraw  time.Time
	updates   int // in-place redraws, for tests
}

var _ Callback = (*notebookProgress)(nil)

func (p *notebookProgress) clock() time.Time {
	if p.now == nil {
		return time.Now()
	}
	return p.now()
}

// OnTrainBegin starts a new block.
func (p *notebookProgress) OnTrainBegin(info TrainInfo) {
	interactive := true // ProgbarLogger writes every 50 ms; redraws are throttled here
	p.term = terminal{}
	p.bar = &ProgbarLogger{Writer: &p.term, Verbose: p.Verbose, Interactive: &interactive, now: p.now}
	p.bar.OnTrainBegin(info)
	p.displayID = ""
	if notebook.InNotebook() {
		p.displayID = "nnbook_progress_" + uniqueID()
	}
	p.lastDraw, p.updates = time.Time{}, 0
}

// OnEpochBegin writes "Epoch i/n".
func (p *notebookProgress) OnEpochBegin(epoch int) {
	p.bar.OnEpochBegin(epoch)
	p.redraw(false)
}

// OnBatchEnd updates the progress bar.
func (p *notebookProgress) OnBatchEnd(epoch, batch int, logs Logs) {
	p.bar.OnBatchEnd(epoch, batch, logs)
	p.redraw(false)
}

// OnEpochEnd writes the epoch's final line, always shown.
func (p *notebookProgress) OnEpochEnd(epoch int, logs Logs) {
	p.bar.OnEpochEnd(epoch, logs)
	p.redraw(true)
}

// OnTrainEnd replaces the live block by its final text, displayed for good.
func (p *notebookProgress) OnTrainEnd(h *History) {
	p.bar.OnTrainEnd(h)
	if p.displayID == "" {
		return
	}
	updateHTML(p.displayID, "")
	displayHTML(p.html())
}

// Text returns the progress text written so far, as a terminal would show it.
func (p *notebookProgress) Text() string { return p.term.String() }

func (p *notebookProgress) html() string {
	return `<pre style="margin: 0; font-family: monospace; white-space: pre;">` + html.EscapeString(p.term.String()) + `</pre>`
}

func (p *notebookProgress) redraw(force bool) {
	if p.displayID == "" {
		return
	}
	now := p.clock()
	if !force && !p.lastDraw.IsZero() && now.Sub(p.lastDraw) < notebookInterval {
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
