// Package hook connects package mnist to the HTTPS downloader of package mnist/mirrors, so
// that mnist itself does not import net/http.
package hook

import "context"

// Get fetches url and returns at most limit bytes of the answer's body; it is nil until
// package mnist/mirrors is linked into the program. When the body cannot be read to its end
// it returns the bytes read so far (non-nil) with the error.
var Get func(ctx context.Context, url string, limit int64) ([]byte, error)
