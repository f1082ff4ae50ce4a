// Package viz draws the pictures of the chapter: MNIST digits, training curves, gradient
// descent with momentum, the geometry of tensor operations, and a few views beyond the book
// (first-layer weights, a confusion matrix, the gradient tape as a graph).
//
// Display is a leaf of nnbook: viz imports nn, but nothing in nn imports viz, gonum/plot or
// GoNB. A notebook cell calls viz on the values the rest of nnbook returns:
//
//	trainImages, _, _, _ := mnist.MustLoadData()
//	viz.MustShow(viz.Digit(trainImages.Index(4), "train_images[4]"))
//
// # What each function draws
//
//   - Digit: one image as plt.imshow(digit, cmap=plt.cm.binary) shows it, the book's figure 2.2
//     (listing 2.8): dark ink on white, row 0 at the top, ticks every 5 pixels, every pixel a
//     sharp square.
//   - Digits: a grid of images with their labels (figure 2.1); given predictions, misclassified
//     images get a red frame and the title "true 5, pred 3".
//   - History: loss and accuracy per epoch, training as dots and validation as a line, as the
//     book's listings 4.9 and 4.10 (figures 4.4 and 4.5), plus the loss of every batch.
//   - LiveLoss: an nn.Callback redrawing the loss curve in place while Fit runs in GoNB.
//   - GradientDescent and GradientDescent2D: plain SGD stopping in a local minimum and SGD with
//     momentum rolling into the global one, a marker per step, on a 1-D curve and on a 2-D
//     surface (figures 2.13 and 2.14, and the momentum pseudo-code of section 2.4.3). The
//     paths are computed by MomentumPath on LocalGlobalLoss, not drawn by hand.
//   - TensorGeometry: a letter F before and after translation, rotation, scaling, a linear and
//     an affine map and relu, the geometric interpretation of tensor operations (2.3.6).
//   - DenseWeights (beyond the book): the (784, 512) kernel of the first Dense layer as 512
//     images of 28×28 in a diverging colour map.
//   - ConfusionMatrix (beyond the book): counts of true class × predicted class, annotated.
//   - Graph and GraphOf (beyond the book): the nodes of an autodiff.Tape as boxes labelled with
//     op name and shape, in layers computed here, with arrows from inputs to results
//     (section 2.4.4); no Graphviz needed.
//
// Each returns a *Figure; those that take data also return an error for bad data (an empty
// history, a batch where one image is expected, labels and predictions of different lengths,
// NaN pixels), naming the problem. MustShow and Must keep notebook cells to one line.
//
// # Showing versus rendering
//
// A Figure is a value: a grid of gonum plots (Plots), an optional Title, a size (Width,
// Height in inches, DPI, default DefaultDPI = 100) and a Name, all exported fields with good
// defaults that may be changed before drawing. Rendering is separate from showing:
//
//   - PNG and SVG return the picture's bytes and need no notebook; Save writes them to a file.
//   - Show displays the figure: inside a GoNB notebook (gonbui.IsNotebook) it sends the PNG to
//     the cell with gonbui.DisplayPNG (DisplayPng), so the cell's output is an image/png; with Format "svg"
//     it sends inline SVG instead (SVG is garbled in untrusted notebooks, hence PNG by default).
//
// Every test of this package renders PNGs and compares them with golden images in
// testdata/golden, with a small per-pixel tolerance; go test ./viz -update rewrites them.
// gonum/plot embeds the Liberation fonts, so the pictures are the same on every machine.
//
// # Where files go outside GoNB
//
// Outside a notebook (a go run, a test, a terminal) Show writes OutputDir/<Name>.png and
// prints "saved <path>". OutputDir is "nnbook-plots" under the working directory, or the
// directory named by the environment variable NNBOOK_PLOTS. A second figure of the same name
// in one process is written as <Name>-2.png, and so on, rather than over the first.
//
// # Live plots and progress in GoNB
//
// GoNB runs each cell as a fresh process. LiveLoss follows the habit of GoMLX: it updates one
// output block of the cell in place with gonbui.UpdateHTML, at most four times a second
// (DefaultLiveInterval), and when training ends it clears that block and displays the final
// frame for good, so the saved notebook keeps it. Outside a notebook it shows nothing while
// training runs, then shows its final frame as Show does.
//
// Importing viz changes nothing in nn: Fit's progress bar is one HTML block of the cell in
// GoNB by nn's own choice, with or without viz.
//
// # Crisp images
//
// Digits, weights and confusion matrices are drawn nearest neighbour, never smoothed: on PNG
// canvases each screen pixel takes the colour of the image pixel under its centre, and the
// figure is sized so that every image pixel covers the same whole number of screen pixels
// (gonum's own Image plotter interpolates bilinearly). Changing a figure's Width, Height or
// Pad afterwards keeps the pixels sharp but may make some one screen pixel wider than
// others; changing DPI by a whole factor keeps them equal. As imshow, a greyscale image is scaled
// from its smallest value (white) to its largest (black).
package viz
