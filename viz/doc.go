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
//   - Digits: a grid of images with their labels (figure 2.1); given predictions, every image
//     shows its prediction ("true 7, pred 7") and misclassified ones get a red frame and the
//     red title "true 5, pred 3".
//   - History: loss and accuracy per epoch, training as dots and validation as a line, as the
//     book's listings 4.9 and 4.10 (figures 4.4 and 4.5), plus the loss of every batch.
//   - LiveLoss: an nn.Callback redrawing the loss curve in place while Fit runs in GoNB, with
//     a "stop training" button that ends Fit after the current batch (StopRequested).
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
//     (section 2.4.4); no Graphviz needed. A crossentropy gets a box for the labels it reads;
//     the fused softmax-crossentropy is drawn as what it is, reading the logits, with a dashed
//     arrow from the softmax output it stands for.
//   - DescentExplorer and ExploreDescent: the 1-D and 2-D descent pictures for any learning
//     rate, momentum and starting point; in GoNB, sliders redraw them in place (2.4.3).
//   - TrainingStep and StepThrough: the chapter's smallest network, w·x + b against y_true,
//     trained one phase at a time (forward pass, loss, backward pass, update) with the values
//     and gradients that nn/autodiff computes written on the graph; in GoNB, a button advances
//     it (2.4.4).
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
// # Widgets: sliders and buttons driven by the running cell
//
// ExploreDescent, StepThrough and LiveLoss's stop button are HTML controls whose clicks reach
// the Go program of the running cell through GoNB's comms (the gonb_comm channel behind
// github.com/janpfeifer/gonb/gonbui/widgets); the cell redraws its picture with the same Go
// code the tests cover, and replaces it in place (gonbui.UpdateHTML). GoNB's other mode, a
// cell compiled to WebAssembly and run in the browser, was not chosen: it would ship nnbook,
// gonum/plot and its fonts to the browser as a multi-megabyte module built for GOOS=js, whose
// pictures live only in the page's DOM, so neither the saved notebook nor its HTML export
// would hold any of them; and outside JupyterLab's live session it shows nothing at all.
// A cell-driven widget ends by displaying its last picture as an ordinary image/png output,
// which the notebook saves and every export shows.
//
// The price is that the cell keeps running while its controls are live: the "done" button
// (or the kernel's interrupt) ends it, leaving the last picture. viz writes its own small
// controls rather than using gonbui/widgets, whose Done waits for the browser forever: each
// row of controls sends "alive" when its script runs, and when nothing arrives within
// FrontendWait (5 s) — a notebook executed by nbclient (kernel exec, nbconvert) runs no
// JavaScript — the cell shows the picture at the chapter's defaults and returns. `go run
// ./kernel exec` says so beforehand (NNBOOK_HEADLESS=1): its cells show that picture at once,
// without opening GoNB's comms at all, and LiveLoss draws only its final frame (no live
// frames nobody sees, no stop button). The stop button
// never waits: with no browser nobody clicks it. A page reloaded on a running kernel
// may fail to reconnect gonb_comm ("comm_open_ack not received in time" in the browser's
// console); the widgets then fall back to the static picture, and restarting the kernel
// restores them.
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
