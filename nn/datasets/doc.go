// Package datasets is the home of the book's datasets, one subpackage each, loaded as Keras's
// keras.datasets loaders do:
//
//   - mnist: the MNIST handwritten digits, mnist.LoadData().
//
// The file formats they share live elsewhere: nn/idx reads and writes the IDX format of MNIST.
package datasets
