package ipynb_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/nnbook/nnbook/kernel/internal/ipynb"
)

func TestMultiline(t *testing.T) {
	for raw, want := range map[string]string{
		`"a\nb"`:          "a\nb",
		`["a\n", "b"]`:    "a\nb",
		`[]`:              "",
		`null`:            "",
		`{"not": "text"}`: "",
	} {
		if got := ipynb.Multiline(json.RawMessage(raw)); got != want {
			t.Errorf("Multiline(%s) = %q, want %q", raw, got, want)
		}
	}
}

func ExampleMultiline() {
	fmt.Printf("%q\n", ipynb.Multiline(json.RawMessage(`["import \"fmt\"\n", "fmt.Println(1)"]`)))
	// Output: "import \"fmt\"\nfmt.Println(1)"
}
