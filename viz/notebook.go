package viz

import (
	"encoding/base64"

	"github.com/janpfeifer/gonb/gonbui"
)

// The notebook operations of this package, as variables so that tests can record them
// without a GoNB kernel. Outside a notebook gonbui's functions do nothing.
var (
	inNotebook  = func() bool { return gonbui.IsNotebook }
	updateHTML  = gonbui.UpdateHTML
	displayHTML = gonbui.DisplayHTML
	displayPNG  = gonbui.DisplayPng // DisplayPNG's non-deprecated name: an image/png output
	uniqueID    = gonbui.UniqueId
)

// pngHTML returns an <img> element showing the PNG inline, for UpdateHTML blocks (which
// take HTML only).
func pngHTML(png []byte) string {
	return `<img src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(png) + `"/>`
}
