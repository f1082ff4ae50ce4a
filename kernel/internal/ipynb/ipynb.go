// Package ipynb holds what the kernel's commands and their tests both need to read Jupyter
// notebook files (nbformat 4).
package ipynb

import (
	"encoding/json"
	"strings"
)

// Multiline decodes nbformat's "string or list of strings" (a cell's source, a stream's text, a
// display's data): the list is joined as it is, its strings keeping their own newlines; anything
// else is "".
func Multiline(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []string
	_ = json.Unmarshal(raw, &parts)
	return strings.Join(parts, "")
}
