package viz

import (
	"context"
	"fmt"
	"html"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/dom"
)

// FrontendWait is how long an interactive figure (ExploreDescent, StepThrough) waits for the
// browser to answer before it decides that no one is looking: a notebook run by nbclient
// (kernel exec, an HTML export) executes no JavaScript, so the answer never comes. The figure
// then shows its default frame and returns.
var FrontendWait = 5 * time.Second

// The widget operations, as variables so that tests can play the browser's part.
var (
	runJS         = dom.TransientJavascript
	listenStrings = func(address string) (<-chan string, func()) {
		c := comms.Listen[string](address).WithBuffer(64)
		return c.C, c.Close
	}
)

// slider is a range input sending integer positions min..max; the browser shows the value
// position*scale next to it with digits decimals.
type slider struct {
	name, label   string
	min, max, pos int
	scale         float64
	digits        int
}

// button sends its click count; a button with once set is disabled after its first click and
// then reads "clicked".
type button struct {
	name, label string
	once        bool
	clicked     string
}

// event is one message from the browser: a slider's new position or a button's click count.
type event struct {
	name  string
	value int
}

// controls is a row of sliders and buttons in the notebook, wired to the running cell through
// GoNB's comms (the gonb_comm object GoNB installs in the browser).
type controls struct {
	htmlID, address string
	sliders         []slider
	buttons         []button
}

func newControls(name string, sliders []slider, buttons []button) *controls {
	id := "nnbook_" + name + "_" + uniqueID()
	return &controls{htmlID: id, address: "/nnbook/" + id, sliders: sliders, buttons: buttons}
}

// html returns the row of controls. Every element has an id derived from htmlID and a
// data-name, so that tests and browser scripts find them: <htmlID>-<name>.
func (c *controls) html() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div id="%s" class="nnbook-controls" style="display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center;font:13px sans-serif;margin:4px 0">`, c.htmlID)
	for _, s := range c.sliders {
		id := c.htmlID + "-" + s.name
		fmt.Fprintf(&b, `<label>%s <input type="range" id="%s" data-name="%s" data-scale="%g" data-digits="%d" min="%d" max="%d" value="%d" style="vertical-align:middle"/> <output id="%s-value">%s</output></label>`,
			html.EscapeString(s.label), id, s.name, s.scale, s.digits, s.min, s.max, s.pos, id, s.format(s.pos))
	}
	for _, bt := range c.buttons {
		once := ""
		if bt.once {
			once = ` data-clicked="` + html.EscapeString(bt.clicked) + `"`
		}
		fmt.Fprintf(&b, `<button id="%s-%s" data-name="%s"%s>%s</button>`, c.htmlID, bt.name, bt.name, once, html.EscapeString(bt.label))
	}
	b.WriteString(`</div>`)
	return b.String()
}

func (s slider) format(pos int) string { return fmt.Sprintf("%.*f", s.digits, float64(pos)*s.scale) }

// script returns the JavaScript that sends every slider move and button click to address as
// the string "<name> <value>", and "alive 1" once it runs: the sign that a browser is there.
// One address per row of controls: GoNB injects its comms script once per address listened to.
func (c *controls) script() string {
	return fmt.Sprintf(`(() => {
  const comm = globalThis?.gonb_comm;
  const root = document.getElementById(%[1]q);
  if (!comm || !root) { console.error("nnbook: no gonb_comm or no controls %[1]s"); return; }
  const addr = %[2]q;
  root.querySelectorAll("input[type=range]").forEach(el => {
    const out = document.getElementById(el.id + "-value");
    el.addEventListener("input", () => {
      out.textContent = (el.value * parseFloat(el.dataset.scale)).toFixed(parseInt(el.dataset.digits));
      el.setAttribute("value", el.value);
      comm.send(addr, el.dataset.name + " " + el.value);
    });
  });
  root.querySelectorAll("button").forEach(b => {
    let clicks = 0;
    b.addEventListener("click", () => {
      comm.send(addr, b.dataset.name + " " + (++clicks));
      if (b.dataset.clicked) { b.disabled = true; b.textContent = b.dataset.clicked; }
    });
  });
  comm.send(addr, "alive 1");
})();`, c.htmlID, c.address)
}

// listen subscribes to the controls' address and turns its messages into events; a message
// that is not "<name> <integer>" is dropped.
func (c *controls) listen() (<-chan event, func()) {
	in, stop := listenStrings(c.address)
	out := make(chan event, 64)
	go func() {
		defer close(out)
		for msg := range in {
			name, v, ok := strings.Cut(msg, " ")
			n, err := strconv.Atoi(v)
			if ok && err == nil {
				out <- event{name: name, value: n}
			}
		}
	}()
	return out, stop
}

// interactive is a figure redrawn in place as the user moves controls: frame draws the current
// state, handle applies an event to the state (and reports whether the user is done).
type interactive struct {
	name     string
	controls *controls
	frame    func() (*Figure, error)
	handle   func(event) (done bool)
}

// run shows the controls and the frame, then redraws the frame after each event until the
// "done" button, ctx's end or GoNB's interrupt (SIGINT); it then removes the controls and
// displays the last frame for good, so that the saved notebook keeps it. Outside a notebook it
// shows the frame once (Figure.Show). When no browser answers within FrontendWait (a
// headless run), it shows the frame at the defaults and returns without waiting further; when
// the notebook is known to run headless (notebook.Headless, set by kernel exec), it does so at
// once.
func (it *interactive) run(ctx context.Context) error {
	// Outside a notebook, or in one no browser will answer (kernel exec): the default frame, for
	// good, without opening GoNB's comms, whose kernel side alone waits 3 s for a browser.
	if !inNotebook() || headless() {
		f, err := it.frame()
		if err != nil {
			return err
		}
		return f.Show()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	c := it.controls
	picID := c.htmlID + "-picture"
	// png draws the current frame as PNG bytes, for the live picture (framePNG) and the final
	// display (PNG).
	png := func(final bool) ([]byte, error) {
		f, err := it.frame()
		if err != nil {
			return nil, err
		}
		if final {
			return f.PNG()
		}
		return f.framePNG()
	}
	draw := func() error {
		b, err := png(false)
		if err != nil {
			return err
		}
		updateHTML(picID, fmt.Sprintf(`<div id="%s-frame">%s</div>`, c.htmlID, pngHTML(b)))
		return nil
	}
	finish := func() error {
		updateHTML(c.htmlID, "")
		updateHTML(picID, "")
		b, err := png(true)
		if err != nil {
			return err
		}
		displayPNG(b)
		return nil
	}
	events, closeAll := c.listen()
	defer closeAll()
	updateHTML(c.htmlID, c.html())
	if err := draw(); err != nil {
		return err
	}
	runJS(c.script())

	// Any message proves a browser is there; until one comes, FrontendWait runs.
	timeout := time.NewTimer(FrontendWait)
	defer timeout.Stop()
	for {
		var ev event
		select {
		case ev = <-events:
			timeout.Stop()
			if ev.name == "" { // the comms channel closed
				return finish()
			}
		case <-timeout.C:
			return finish() // no browser: the default frame, for good
		case <-ctx.Done():
			return finish()
		}
		if ev.name == "alive" {
			continue
		}
		done := it.handle(ev)
	drain: // a dragged slider sends many positions: apply all that wait, draw once
		for !done {
			select {
			case ev = <-events:
				done = ev.name == "" || ev.name != "alive" && it.handle(ev)
			default:
				break drain
			}
		}
		if done {
			return finish()
		}
		if err := draw(); err != nil {
			return err
		}
	}
}
