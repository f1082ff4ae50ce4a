// Package idx reads and writes the IDX file format, the simple container in which LeCun, Cortes
// and Burges published MNIST (train-images-idx3-ubyte, train-labels-idx1-ubyte, ...) and which
// other datasets (Fashion-MNIST, EMNIST, KMNIST) reuse.
//
// # The format
//
// An IDX file is a header followed by the elements, all big-endian:
//
//	bytes 0-1   0x00 0x00                      the magic number's zero half
//	byte  2     type code                      0x08 uint8, 0x09 int8, 0x0B int16,
//	                                           0x0C int32, 0x0D float32, 0x0E float64
//	byte  3     rank                           the number of dimensions, e.g. 3 for images
//	next 4*rank one uint32 size per dimension  outermost first, e.g. 60000, 28, 28
//	the rest    the elements in row-major order, each of the type's size
//
// So the training images of MNIST start 00 00 08 03 0000ea60 0000001c 0000001c (60000×28×28
// unsigned bytes) and the labels 00 00 08 01 0000ea60 (60000 unsigned bytes). Files are often
// gzip-compressed; Read and ReadFile recognise gzip by its magic bytes 1f 8b and decompress it.
//
// # Arrays
//
// Read returns an *Array: its Shape and its elements in Data, a slice whose element type follows
// the type code ([]uint8 for 0x08 ... []float64 for 0x0E). Array.Tensor converts it to a
// *tensor.Tensor: uint8, float32 and float64 data are wrapped without copying; int8, int16 and
// int32 data, which the tensor package has no dtype for, are widened to Int64.
// Parse decodes an IDX file already in memory and, for uint8 data, returns a Data slice that
// shares the input's bytes, so a file read with one os.ReadFile becomes a tensor without a copy.
//
// # Errors and limits
//
// Malformed input is a returned *Error that names the problem and, for ReadFile, the file: bad
// magic bytes (the bytes seen and those expected), an unknown type code, a rank of 0 or above
// MaxRank, dimensions whose product overflows or exceeds the element limit, truncated data (how
// many bytes were expected and how many were found) and trailing data after the last element.
// Trailing data is an error, not ignored: an IDX file has no room for it, so extra bytes mean
// a wrong or corrupted file, and rejecting them keeps reading and writing exact inverses.
//
// Nothing is allocated from a header's sizes before they are checked: against
// Decoder.MaxElements (2^31 elements by default), against the file size for uncompressed files,
// and, for streams and gzip data whose length is unknown, by growing the buffer only as data
// actually arrives. Read never panics, whatever its input.
//
// Write produces the uncompressed encoding; WriteFile gzips when the name ends in ".gz".
package idx
