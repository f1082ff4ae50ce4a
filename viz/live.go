package viz

import (
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nn"
)

// DefaultLiveInterval is the least time between two redraws of a LiveLoss: at most four
// redraws per second.
const DefaultLiveInterval = 250 * time.Millisecond

// LiveLoss is an nn.Callback that plots the loss while Fit runs, as GoMLX's live plots:
//
//	history, err := model.Fit(x, y, nn.FitConfig{Epochs: 5, BatchSize: 128,
//		Callbacks: []nn.Callback{viz.NewLiveLoss()}})
//
// Inside a GoNB notebook it draws the loss of every batch (grey), the epoch means (blue dots)
// and the validation loss (orange line), against the epoch, in one output block of the cell
// that it redraws in place (gonbui.UpdateHTML) at most once per Interval; when training ends
// it clears that block and displays the final frame for good (gonbui.DisplayPNG), so that the
// saved notebook keeps it. Outside a notebook it draws nothing while training and, at the end,
// shows the final frame as Figure.Show does: OutputDir/live_loss.png, path printed.
//
// A LiveLoss follows one Fit at a time; OnTrainBegin starts a new plot.
type LiveLoss struct {
	// Interval is the least time between redraws; zero means DefaultLiveInterval.
	Interval time.Duration
	// Name is the file name of the final frame outside a notebook; empty means "live_loss".
	Name string

	now        func() time.Time // time source, replaced by tests
	info       nn.TrainInfo
	batchLoss  []float64
	epochs     []int
	epochLoss  []float64
	valLoss    []float64
	displayID  string
	lastDraw   time.Time
	dirty      bool // data arrived since the last redraw
	redraws    int  // number of in-place redraws, for tests
	lastStatus string

	// The stop button (in a notebook only).
	stop        *controls
	closeStop   func()
	stopPressed atomic.Bool
}

var _ nn.Callback = (*LiveLoss)(nil)

// StopRequested reports whether the stop button was clicked (or Stop called) since Fit began:
// nn's Fit asks its callbacks after every batch and ends, keeping the model and the History
// so far, when one says true.
func (l *LiveLoss) StopRequested() bool { return l.stopPressed.Load() }

// Stop asks Fit to end after the current batch, as the stop button does.
func (l *LiveLoss) Stop() { l.stopPressed.Store(true) }

// NewLiveLoss returns a LiveLoss with the default settings.
func NewLiveLoss() *LiveLoss { return &LiveLoss{} }

func (l *LiveLoss) interval() time.Duration {
	if l.Interval <= 0 {
		return DefaultLiveInterval
	}
	return l.Interval
}

func (l *LiveLoss) clock() time.Time {
	if l.now == nil {
		return time.Now()
	}
	return l.now()
}

// OnTrainBegin starts a new plot.
func (l *LiveLoss) OnTrainBegin(info nn.TrainInfo) {
	l.info = info
	l.batchLoss, l.epochs, l.epochLoss, l.valLoss = nil, nil, nil, nil
	l.displayID = ""
	l.stopPressed.Store(false)
	// With no browser (kernel exec) nobody sees the live frames or clicks stop: the final
	// frame alone is drawn, at OnTrainEnd.
	if inNotebook() && !headless() {
		l.displayID = "nnbook_live_loss_" + uniqueID()
		l.showStopButton()
	}
	l.lastDraw, l.dirty, l.redraws = time.Time{}, false, 0
}

// OnEpochBegin does nothing.
func (l *LiveLoss) OnEpochBegin(int) {}

// OnBatchEnd records the batch's loss (logs["batch_loss"], else logs["loss"]) and redraws
// if Interval has passed since the last redraw.
func (l *LiveLoss) OnBatchEnd(epoch, batch int, logs nn.Logs) {
	v, ok := logs["batch_loss"]
	if !ok {
		v = logs["loss"]
	}
	l.batchLoss = append(l.batchLoss, v)
	l.lastStatus = fmt.Sprintf("epoch %d/%d, batch %d/%d: loss %s", epoch+1, l.info.Epochs, batch+1, l.info.StepsPerEpoch, nn.FormatLogValue(logs["loss"]))
	l.dirty = true
	l.maybeRedraw(false)
}

// OnEpochEnd records the epoch's loss and validation loss and redraws if Interval has passed.
func (l *LiveLoss) OnEpochEnd(epoch int, logs nn.Logs) {
	l.epochs = append(l.epochs, epoch)
	l.epochLoss = append(l.epochLoss, value(logs, "loss"))
	if v, ok := logs["val_loss"]; ok {
		l.valLoss = append(l.valLoss, v)
	}
	l.lastStatus = fmt.Sprintf("epoch %d/%d: loss %s", epoch+1, l.info.Epochs, nn.FormatLogValue(logs["loss"]))
	if v, ok := logs["val_loss"]; ok {
		l.lastStatus += ", val_loss " + nn.FormatLogValue(v)
	}
	l.dirty = true
	l.maybeRedraw(false)
}

func value(logs nn.Logs, k string) float64 {
	if v, ok := logs[k]; ok {
		return v
	}
	return math.NaN()
}

// showStopButton shows the "stop training" button above the live plot; its clicks set
// StopRequested. It never waits for the browser: with none (kernel exec) nothing clicks it.
func (l *LiveLoss) showStopButton() {
	l.stop = newControls("live_loss_stop", nil, []button{{name: "stop", label: "stop training", once: true, clicked: "stopping after this batch…"}})
	events, closeAll := l.stop.listen()
	l.closeStop = closeAll
	updateHTML(l.stop.htmlID, l.stop.html())
	runJS(l.stop.script())
	go func() {
		for ev := range events {
			if ev.name == "stop" {
				l.stopPressed.Store(true)
			}
		}
	}()
}

// OnTrainEnd removes the stop button, replaces the live block by the final frame, displayed
// for good; outside a notebook it shows the final frame as Figure.Show does.
func (l *LiveLoss) OnTrainEnd(*nn.History) {
	if l.stop != nil {
		l.closeStop()
		updateHTML(l.stop.htmlID, "")
		l.stop, l.closeStop = nil, nil
	}
	f := l.Figure()
	if f == nil {
		return
	}
	if l.displayID != "" {
		updateHTML(l.displayID, "") // the transient block goes away ...
		if b, err := f.PNG(); err == nil {
			displayPNG(b) // ... and the final frame stays in the notebook
		}
		return
	}
	if err := f.Show(); err != nil {
		fmt.Println("viz.LiveLoss:", err)
	}
}

// maybeRedraw redraws the live block when in a notebook, something changed, and Interval
// has passed (or force).
func (l *LiveLoss) maybeRedraw(force bool) {
	if l.displayID == "" || !l.dirty {
		return
	}
	now := l.clock()
	if !force && !l.lastDraw.IsZero() && now.Sub(l.lastDraw) < l.interval() {
		return
	}
	f := l.Figure()
	if f == nil {
		return
	}
	b, err := f.framePNG()
	if err != nil {
		return
	}
	updateHTML(l.displayID, pngHTML(b))
	l.lastDraw, l.dirty = now, false
	l.redraws++
}

// Figure returns the plot of the losses recorded so far (nil before the first batch): the
// frame LiveLoss shows.
func (l *LiveLoss) Figure() *Figure {
	if len(l.batchLoss) == 0 && len(l.epochLoss) == 0 {
		return nil
	}
	p, _ := batchLossPlot(l.batchLoss, l.info.StepsPerEpoch, l.epochs, l.epochLoss)
	p.Title.Text = "Training loss: " + l.lastStatus
	if l.info.Epochs > 0 && l.info.StepsPerEpoch > 0 {
		p.X.Min, p.X.Max = 0, 1.03*float64(l.info.Epochs) // the axis of the whole run from the start
		p.X.Tick.Marker = epochTicks(l.info.Epochs)
	}
	if len(l.valLoss) > 0 && len(l.valLoss) == len(l.epochs) {
		if val, _ := epochXYs(l.epochs, l.valLoss); len(val) > 0 {
			line, _ := plotter.NewLine(val)
			dots, _ := plotter.NewScatter(val)
			line.Color, line.Width = tabOrange, vg.Points(1.5)
			dots.Color, dots.Shape, dots.Radius = tabOrange, draw.CircleGlyph{}, vg.Points(2.5)
			p.Add(line, dots)
			AddLegend(p, "validation loss", line, dots)
			for _, xy := range val {
				p.Y.Min, p.Y.Max = math.Min(p.Y.Min, xy.Y), math.Max(p.Y.Max, xy.Y)
			}
		}
	}
	// The legend goes where the points are not, over the whole run's axis.
	var pts plotter.XYs
	for i, v := range l.batchLoss {
		pts = append(pts, plotter.XY{X: float64(i+1) / float64(max(1, l.info.StepsPerEpoch)), Y: v})
	}
	for i, e := range l.epochs {
		if i < len(l.valLoss) {
			pts = append(pts, plotter.XY{X: float64(e + 1), Y: l.valLoss[i]})
		}
	}
	PlaceLegend(p, envelopeXYs(pts, maxLinePoints))
	name := l.Name
	if name == "" {
		name = "live_loss"
	}
	f := NewFigure(name, []*plot.Plot{p})
	f.Width, f.Height = 7*vg.Inch, 3.5*vg.Inch
	return f
}
