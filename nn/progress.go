package nn

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"
)

// ProgbarLogger prints Fit's progress as Keras's progress bar, Fit's default progress display
// outside a notebook (in a GoNB notebook Fit shows the same text in one HTML block it redraws in
// place):
//
//	Epoch 1/5
//	469/469 [==============================] - 5s 10ms/step - loss: 0.2577 - accuracy: 0.9245
//
// With Verbose 1 (or 0) the line of the running epoch is rewritten in place, starting with '\r',
// and ends with '\n' when the epoch ends (with the validation metrics, if any). On a terminal it is
// refreshed at most every 50 ms; on any other writer (a file, a pipe, GoNB's captured stdout, a test
// buffer) at most every 500 ms, so that saved output stays short. With Verbose 2 it prints only the
// "Epoch" line and one line per epoch:
//
//	469/469 - 5s - loss: 0.2577 - accuracy: 0.9245 - 5s/epoch - 10ms/step
//
// Every update is a single Write call, so Jupyter keeps it on one line. Write errors are ignored.
// A ProgbarLogger can follow one Fit at a time.
type ProgbarLogger struct {
	// Writer receives the text; nil means os.Stdout.
	Writer io.Writer
	// Verbose is Keras's verbosity: 1 (or 0) progress bar, 2 one line per epoch.
	Verbose int
	// Interactive forces in-place refreshes every 50 ms (true) or every 500 ms (false); nil means
	// true when Writer is a terminal.
	Interactive *bool

	now        func() time.Time // time source, replaced by tests
	w          io.Writer
	info       TrainInfo
	interval   time.Duration
	epochStart time.Time
	lastUpdate time.Time
	prevWidth  int
	lineOpen   bool // an in-place line was written without its final '\n'
}

var _ Callback = (*ProgbarLogger)(nil)

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// OnTrainBegin remembers the run's sizes and metric names.
func (p *ProgbarLogger) OnTrainBegin(info TrainInfo) {
	if p.now == nil {
		p.now = time.Now
	}
	p.w = p.Writer
	if p.w == nil {
		p.w = os.Stdout
	}
	interactive := isTerminal(p.w)
	if p.Interactive != nil {
		interactive = *p.Interactive
	}
	p.interval = 500 * time.Millisecond
	if interactive {
		p.interval = 50 * time.Millisecond
	}
	p.info = info
	p.lineOpen = false
	p.prevWidth = 0
}

// OnEpochBegin prints "Epoch i/n".
func (p *ProgbarLogger) OnEpochBegin(epoch int) {
	p.write(fmt.Sprintf("Epoch %d/%d\n", epoch+1, p.info.Epochs))
	p.epochStart = p.now()
	p.lastUpdate = p.epochStart
	p.prevWidth = 0
}

// OnBatchEnd rewrites the progress line, at most once per refresh interval.
func (p *ProgbarLogger) OnBatchEnd(epoch, batch int, logs Logs) {
	if p.Verbose == 2 || batch+1 >= p.info.StepsPerEpoch {
		return // the epoch's final line is written by OnEpochEnd
	}
	now := p.now()
	if now.Sub(p.lastUpdate) < p.interval {
		return
	}
	p.lastUpdate = now
	done := batch + 1
	eta := now.Sub(p.epochStart).Seconds() / float64(done) * float64(p.info.StepsPerEpoch-done)
	line := p.bar(done) + " - ETA: " + formatETA(eta) + p.metrics(logs)
	p.writeLine(line, false)
}

// OnEpochEnd writes the epoch's final line.
func (p *ProgbarLogger) OnEpochEnd(epoch int, logs Logs) {
	elapsed := p.now().Sub(p.epochStart).Seconds()
	steps := p.info.StepsPerEpoch
	perStep := 0.0
	if steps > 0 {
		perStep = elapsed / float64(steps)
	}
	if p.Verbose == 2 {
		line := fmt.Sprintf("%d/%d - %.0fs%s - %.0fs/epoch -%s", steps, steps, elapsed, p.metrics(logs),
			elapsed, formatPerStep(perStep))
		p.write(line + "\n")
		return
	}
	line := p.bar(steps) + fmt.Sprintf(" - %.0fs", elapsed) + formatPerStep(perStep) + p.metrics(logs)
	p.writeLine(line, true)
}

// OnTrainEnd ends a line left open by an interrupted epoch and, when the user stopped training
// (History.StopReason), says so on a last line:
//
//	Stopped by SIGINT (Ctrl-C, or the notebook's interrupt) at epoch 2/5 after batch 120/469; the model keeps the weights trained so far
func (p *ProgbarLogger) OnTrainEnd(h *History) {
	if p.lineOpen {
		p.write("\n")
		p.lineOpen = false
	}
	if h != nil && h.StopReason != "" {
		p.write("Stopped " + h.StopReason + "\n")
	}
}

// bar returns " 12/469 [=====>........................]".
func (p *ProgbarLogger) bar(done int) string {
	total := p.info.StepsPerEpoch
	digits := len(fmt.Sprint(total))
	const width = 30
	var b strings.Builder
	fmt.Fprintf(&b, "%*d/%d [", digits, done, total)
	filled := 0
	if total > 0 {
		filled = int(width * float64(done) / float64(total))
	}
	if filled > 0 {
		b.WriteString(strings.Repeat("=", filled-1))
		if done < total {
			b.WriteByte('>')
		} else {
			b.WriteByte('=')
		}
	}
	b.WriteString(strings.Repeat(".", width-filled))
	b.WriteByte(']')
	return b.String()
}

// metrics returns " - loss: 0.2577 - accuracy: 0.9245" in the order of TrainInfo.Metrics.
func (p *ProgbarLogger) metrics(logs Logs) string {
	var b strings.Builder
	for _, name := range p.info.Metrics {
		if v, ok := logs[name]; ok {
			fmt.Fprintf(&b, " - %s: %s", name, FormatLogValue(v))
		}
	}
	return b.String()
}

// writeLine writes '\r' + line, padded with spaces over a longer previous line, and '\n' if final.
func (p *ProgbarLogger) writeLine(line string, final bool) {
	var b strings.Builder
	b.WriteByte('\r')
	b.WriteString(line)
	if n := len(line); n < p.prevWidth {
		b.WriteString(strings.Repeat(" ", p.prevWidth-n))
	}
	p.prevWidth = len(line)
	if final {
		b.WriteByte('\n')
		p.prevWidth = 0
	}
	p.lineOpen = !final
	p.write(b.String())
}

func (p *ProgbarLogger) write(s string) {
	if p.w == nil {
		p.w = os.Stdout
	}
	_, _ = io.WriteString(p.w, s)
}

// formatETA formats a remaining time in seconds as Keras: "4s", "1:05", "1:02:03".
func formatETA(s float64) string {
	e := int(math.Round(s))
	switch {
	case e > 3600:
		return fmt.Sprintf("%d:%02d:%02d", e/3600, e%3600/60, e%60)
	case e > 60:
		return fmt.Sprintf("%d:%02d", e/60, e%60)
	}
	return fmt.Sprintf("%ds", e)
}

// formatPerStep formats the time per step as Keras: " 2s/step", " 10ms/step", " 850us/step".
func formatPerStep(s float64) string {
	switch {
	case s >= 1 || s == 0:
		return fmt.Sprintf(" %.0fs/step", s)
	case s >= 1e-3:
		return fmt.Sprintf(" %.0fms/step", s*1e3)
	}
	return fmt.Sprintf(" %.0fus/step", s*1e6)
}
