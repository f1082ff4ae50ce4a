// Package display shows HTML in the output of the running GoNB cell, for nn's Fit progress. It
// does not import GoNB's gonbui: gonbui's own imports (a UUID package that brings net and
// database/sql, klog, text/template: some 90 packages) made every cell that uses nn link them,
// 0.1 s of a cell's 0.3 s link, in cells that show nothing but text. So this package speaks
// GoNB's pipe protocol itself, for the three things Fit's progress needs: an HTML block
// redrawn in place, a final block kept in the notebook, and the wait until GoNB has taken it.
//
// A cell's program must have one writer on GoNB's pipe (GoNB reads it as one gob stream), so
// the first call decides, once per process, who writes:
//
//   - a Backend given to Use before main (package viz gives gonbui's functions): every call
//     goes to it, so nn's progress and viz's figures share gonbui's stream;
//   - else, when gonbui is linked all the same (a cell that imports it itself), nobody:
//     Available is false and Fit shows its text progress on standard output instead;
//   - else this package's own writer.
//
// Outside a notebook (no GONB_PIPE) Available is false and every function does nothing.
package display

import (
	"encoding/gob"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"github.com/nnbook/nnbook/internal/notebook"
)

// Backend is a writer of the cell's output that a package linking gonbui hands to Use.
type Backend struct {
	UpdateHTML func(id, html string) // the block id shows html, in place
	HTML       func(html string)     // a block kept in the notebook, returning once GoNB has it
	UniqueID   func() string         // an id no other block of the notebook uses
}

var (
	used    *Backend // set by Use, read after main starts
	decided sync.Once
	active  *Backend // nil: nothing is shown
)

// Use makes b the writer of every later call. It must be called before main starts (from a
// package's init), before any call of this package.
func Use(b Backend) { used = &b }

// Available reports whether HTML reaches the cell: the program runs in a GoNB notebook and
// has a writer on its pipe (see the package comment).
func Available() bool { return backend() != nil }

// UpdateHTML replaces the content of the cell's output block id (created on first use) by
// html: a block redrawn in place.
func UpdateHTML(id, html string) {
	if b := backend(); b != nil {
		b.UpdateHTML(id, html)
	}
}

// HTML displays html in the cell for good: it stays in the saved notebook. It returns once
// GoNB has taken it: GoNB stops reading a cell's output when its program ends, so a block
// displayed just before the end could otherwise be lost.
func HTML(html string) {
	if b := backend(); b != nil {
		b.HTML(html)
	}
}

// UniqueID returns an id for UpdateHTML that no other block of the notebook uses.
func UniqueID() string {
	if b := backend(); b != nil {
		return b.UniqueID()
	}
	return randomID()
}

func backend() *Backend {
	decided.Do(func() { active = decide(os.Getenv(notebook.EnvPipe), os.Getenv(pipeBackEnv)) })
	return active
}

// decide returns the writer of a program whose GoNB pipes are pipe and back ("" outside a
// notebook).
func decide(pipe, back string) *Backend {
	switch {
	case pipe == "":
		return nil
	case used != nil:
		return used
	case !registerWire():
		return nil // gonbui is linked but gave no Backend: two writers would break GoNB's stream
	}
	p := &gonbPipe{pipe: pipe, back: back, acks: map[int]chan struct{}{}}
	return &Backend{UpdateHTML: p.updateHTML, HTML: p.html, UniqueID: randomID}
}

func randomID() string { return fmt.Sprintf("%016x", rand.Uint64()) }

// GoNB's protocol (package github.com/janpfeifer/gonb/gonbui/protocol of GoNB v0.11.4, whose
// kernel go.mod pins): the cell's program writes gob-encoded DisplayData values to the FIFO
// named by $GONB_PIPE, and reads gob-encoded CommValue values from the one named by
// $GONB_PIPE_BACK. gob matches struct fields by name, so the types below are read as GoNB's;
// only a CommValue inside DisplayData's map travels under its registered name.
const (
	pipeBackEnv   = "GONB_PIPE_BACK"
	mimeHTML      = "text/html"
	mimeCommValue = "gonb/comm_value"
	syncAddress   = "#gonbui/sync"
	syncAck       = "#gonbui/sync_ack"
	commValueName = "github.com/janpfeifer/gonb/gonbui/protocol.CommValue"
)

type displayData struct {
	Data      map[string]any
	Metadata  map[string]any
	DisplayID string
}

type commValue struct {
	Address string
	Request bool
	Value   any
}

// registerWire registers commValue under protocol's name for CommValue, and the other types
// protocol registers for comm values, so that they can be read and written. It reports false
// when protocol, hence gonbui, is linked: it registered that name first (package inits run
// before main), and gob refuses a second type under it.
func registerWire() (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	gob.RegisterName(commValueName, commValue{})
	for _, v := range []any{[]int{}, []float64{}, []string{}, map[string]int{}, map[string]float64{}, map[string]string{}} {
		gob.Register(v)
	}
	return true
}

// syncTimeout bounds the wait for GoNB's acknowledgement, so that a broken pipe cannot hang a
// cell.
var syncTimeout = 30 * time.Second

// gonbPipe is this package's writer on GoNB's pipes, opened on first use as gonbui opens them:
// the pipe to GoNB, then the one back, with a goroutine reading the acknowledgements.
type gonbPipe struct {
	pipe, back string

	mu     sync.Mutex
	opened bool
	err    error // the first failure: nothing is written after it
	w      *os.File
	enc    *gob.Encoder
	next   int
	acks   map[int]chan struct{}
}

func (p *gonbPipe) updateHTML(id, html string) {
	p.send(&displayData{Data: map[string]any{mimeHTML: html}, DisplayID: id})
}

func (p *gonbPipe) html(html string) {
	p.send(&displayData{Data: map[string]any{mimeHTML: html}})
	p.sync()
}

// send writes d to GoNB, opening the pipes first if needed.
func (p *gonbPipe) send(d *displayData) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sendLocked(d)
}

func (p *gonbPipe) sendLocked(d *displayData) {
	if !p.opened {
		p.opened = true
		p.err = p.openLocked()
	}
	if p.err != nil {
		return
	}
	if err := p.enc.Encode(d); err != nil {
		p.err = fmt.Errorf("writing to GoNB's pipe %s: %w", p.pipe, err)
		p.w.Close()
	}
}

func (p *gonbPipe) openLocked() error {
	w, err := os.OpenFile(p.pipe, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	r, err := os.OpenFile(p.back, os.O_RDONLY, 0)
	if err != nil {
		w.Close()
		return err
	}
	p.w, p.enc = w, gob.NewEncoder(w)
	go p.readAcks(gob.NewDecoder(r))
	return nil
}

// readAcks delivers GoNB's acknowledgements of sync requests until the pipe back ends.
func (p *gonbPipe) readAcks(dec *gob.Decoder) {
	for {
		var v commValue
		if err := dec.Decode(&v); err != nil {
			return
		}
		id, ok := v.Value.(int)
		if v.Address != syncAck || !ok {
			continue // a comm value for gonbui's widgets, which this program has none of
		}
		p.mu.Lock()
		if c := p.acks[id]; c != nil {
			close(c)
			delete(p.acks, id)
		}
		p.mu.Unlock()
	}
}

// sync returns once GoNB has read everything written before it (it acknowledges a sync
// request in the order of the stream), or after syncTimeout.
func (p *gonbPipe) sync() {
	p.mu.Lock()
	id := p.next
	p.next++
	c := make(chan struct{})
	p.acks[id] = c
	p.sendLocked(&displayData{Data: map[string]any{mimeCommValue: commValue{Address: syncAddress, Value: id}}})
	failed := p.err != nil
	p.mu.Unlock()
	if failed {
		return
	}
	select {
	case <-c:
	case <-time.After(syncTimeout):
	}
}
