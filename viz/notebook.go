package viz

import (
	"encoding/base64"

	"github.com/janpfeifer/gonb/gonbui"

	"github.com/nnbook/nnbook/internal/notebook"
	"github.com/nnbook/nnbook/internal/notebook/display"
)

// The notebook operations of this package, as variables so that tests can record them
// without a GoNB kernel. Outside a notebook gonbui's functions do nothing.
//
// A display waits (gonbui.Sync) until GoNB has taken the output: GoNB stops reading a cell's
// messages when its program ends, so a picture shown just before the end of a cell could
// otherwise be lost, as happened now and then to a cell's last figure under load.
var (
	inNotebook  = func() bool { return gonbui.IsNotebook }
	headless    = notebook.Headless // no browser (kernel exec): widgets show their picture at once
	updateHTML  = gonbui.UpdateHTML
	displayHTML = gonbuiHTML
	displayPNG  = func(png []byte) { gonbui.DisplayPng(png); gonbui.Sync() } // an image/png output
	uniqueID    = gonbui.UniqueId
)

// viz writes to the cell through gonbui, and so must nn's Fit progress when viz is in the
// program: GoNB reads one stream from a cell.
func init() {
	display.Use(display.Backend{
		UpdateHTML: gonbui.UpdateHTML,
		HTML:       gonbuiHTML,
		UniqueID:   gonbui.UniqueId,
	})
}

// gonbuiHTML displays html for good and waits until GoNB has it.
func gonbuiHTML(html string) { gonbui.DisplayHTML(html); gonbui.Sync() }

// pngHTML returns an <img> element showing the PNG inline, for UpdateHTML blocks (which
// take HTML only).
func pngHTML(png []byte) string {
	return `<img src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(png) + `"/>`
}
