// Command fetch puts MNIST into the cache that mnist.LoadData reads, verifies every file by its
// SHA-256 and prints where the files are:
//
//	go run ./nn/datasets/mnist/cmd/fetch [-dir DIR]
//
// Without -dir the cache is $NNBOOK_MNIST_DIR, else nnbook/mnist under the user cache directory.
// It exits with status 1, printing what was tried, when the files cannot be fetched.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/nnbook/nnbook/nn/datasets/mnist"
	_ "github.com/nnbook/nnbook/nn/datasets/mnist/mirrors" // LoadData may download over HTTPS
)

func main() {
	dir := flag.String("dir", "", "cache directory (default $"+mnist.EnvDir+", else the user cache directory)")
	flag.Parse()
	l := &mnist.Loader{Dir: *dir}
	files, err := l.Fetch()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	where := *dir
	if where == "" {
		where, _ = mnist.CacheDir()
	}
	fmt.Printf("MNIST is in %s (verified by SHA-256)\n", where)
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	for _, f := range files {
		if f.Path != "" {
			info, err := os.Stat(f.Path)
			size := int64(-1)
			if err == nil {
				size = info.Size()
			}
			fmt.Fprintf(w, "  %s\t%d bytes\tsha256 %s\tok (from %s)\n", filepath.Base(f.Path), size, f.SHA256, f.Source)
		}
		fmt.Fprintf(w, "  %s\t%d bytes\tsha256 %s\tok\n", filepath.Base(f.RawPath), f.RawSize, f.RawSHA256)
	}
	w.Flush()
}
