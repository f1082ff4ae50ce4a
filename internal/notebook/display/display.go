// Package display shows HTML in the output of the running GoNB cell, through gonbui: it is
// the only package under nn that imports GoNB (see package notebook for why it is separate).
// Outside a notebook every function does nothing.
package display

import "github.com/janpfeifer/gonb/gonbui"

// UpdateHTML replaces the content of the cell's output block id (created on first use) by
// html: a block redrawn in place.
func UpdateHTML(id, html string) { gonbui.UpdateHTML(id, html) }

// HTML displays html in the cell for good: it stays in the saved notebook. It returns once
// GoNB has taken it (gonbui.Sync): GoNB stops reading a cell's output when its program ends,
// so a block displayed just before the end could otherwise be lost.
func HTML(html string) {
	gonbui.DisplayHTML(html)
	gonbui.Sync()
}

// UniqueID returns an id for UpdateHTML that no other block of the notebook uses.
func UniqueID() string { return gonbui.UniqueId() }
