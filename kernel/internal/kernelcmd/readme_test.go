package kernelcmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// TestReadmeFirstTaste builds README's "A first taste" program against this
// checkout, so that the README keeps up with nn's API.
func TestReadmeFirstTaste(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## A first taste\n\n```go\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no \"A first taste\" section with a go code block")
	}
	// A directory whose name starts with a dot: inside the module, ignored by ./... .
	dir, err := os.MkdirTemp(root, ".readme-taste-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.WriteFile(filepath.Join(dir, "main.go"), m[1], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"vet", "./" + filepath.Base(dir)}, {"build", "-o", os.DevNull, "./" + filepath.Base(dir)}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go %v of README's first taste: %v\n%s", args, err, out)
		}
	}
}
