package main

import (
	"slices"
	"testing"
)

// TestImportPaths: the paths of GoNB's main.go as the shim's importpaths reads them, sorted and
// once each, from an import block and from single import lines, named and blank ones included.
func TestImportPaths(t *testing.T) {
	src := `package main

import "os"
import m "math"

import (
	"fmt"
	. "strings"
	_ "embed"

	"github.com/nnbook/nnbook/nn" // a comment "with quotes"
	"fmt"
)

var s = "import \"not/this\""

func main() {}
`
	want := []string{"embed", "fmt", "github.com/nnbook/nnbook/nn", "math", "os", "strings"}
	if got := importPaths([]byte(src)); !slices.Equal(got, want) {
		t.Errorf("importPaths = %q, want %q", got, want)
	}
}
