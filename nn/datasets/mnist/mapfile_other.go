//go:build !unix

package mnist

// readRaw returns the size bytes of the file at path, which must be exactly that long, and a
// function that releases them (nothing to do here: they are read into memory; on Unix they are
// mapped).
func readRaw(path string, size int64) (b []byte, release func(), err error) {
	f, err := openRaw(path, size)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	b, err = readAll(f, size)
	return b, func() {}, err
}
