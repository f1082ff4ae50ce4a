// Command chaptermlp trains the MNIST network of Deep Learning with Python, chapter 2, with nn's
// public API, and prints the figures the peer benchmarks in shared/bench/peers print, so that
// compare.sh can set them side by side: 784 → Dense(512, relu) → Dense(10, softmax), rmsprop,
// sparse categorical crossentropy, batches of 128, 5 epochs.
//
//	go run ./nn/internal/cmd/chaptermlp [--epochs 5] [--batch-size 128] [--hidden 512] [--seed 0] [--threads 2] [--data-dir DIR]
//
// It writes one JSON line per epoch, {"peer":"nnbook","epoch","seconds","loss","acc","cpu_seconds"},
// where seconds is the wall time of the epoch inside Fit (shuffle, batch gather, forward, backward,
// RMSprop, loss and accuracy bookkeeping), loss and acc are the means Keras prints, and
// cpu_seconds is the CPU time the process spent in the epoch, summed over its threads; then
// {"peer":"nnbook","test_loss","test_acc","train_seconds","peak_rss_mib"}, with the peak resident
// set size from getrusage's ru_maxrss, as the Python peers report it. --seed seeds both the
// initial weights (the model's Seed) and the shuffling (FitConfig.Seed); --threads sets
// GOMAXPROCS; --cpuprofile writes a CPU profile of Fit; --hidden sets the units of the hidden layer (the peers' --hidden, for scaling.sh).
//
// Peak RSS: the images are scaled to float32 in [0, 1] a thousand rows at a time, into one
// tensor, so that the uint8 images, their float32 copy and float32 temporaries of the whole set
// (x.AsType(Float32), then DivScalar(255)) are not all alive at once (the result is the same);
// the uint8 training images are dropped, and their memory returned to the OS, before the test
// images are scaled. The garbage collector keeps its defaults otherwise.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/nnbook/nnbook/nn"
	"github.com/nnbook/nnbook/nn/datasets/mnist"
	"github.com/nnbook/nnbook/nn/tensor"
)

func main() {
	epochs := flag.Int("epochs", 5, "passes over the training set")
	batchSize := flag.Int("batch-size", 128, "samples per gradient update")
	hidden := flag.Int("hidden", 512, "units of the hidden Dense layer (the recipe: 512)")
	seed := flag.Uint64("seed", 0, "seed of the initial weights and of the shuffling")
	threads := flag.Int("threads", 2, "GOMAXPROCS: goroutines running Go code at once")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the training (Fit) to this file, for go tool pprof")
	dataDir := flag.String("data-dir", "", "folder with the four MNIST files (default: nn/datasets/mnist's cache or the Go module)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("chaptermlp: ")
	runtime.GOMAXPROCS(*threads)

	var trainImages, trainLabels, testImages, testLabels *tensor.Tensor
	var err error
	if *dataDir != "" {
		trainImages, trainLabels, testImages, testLabels, err = mnist.LoadDataFrom(*dataDir)
	} else {
		trainImages, trainLabels, testImages, testLabels, err = mnist.LoadData()
	}
	if err != nil {
		log.Fatal(err)
	}
	x := scale(trainImages)
	trainImages = nil    // the uint8 training images are not needed any more:
	debug.FreeOSMemory() // give their pages back before the test images take more
	xTest := scale(testImages)
	testImages = nil

	model := nn.NewSequential(
		&nn.Dense{Units: *hidden, Activation: nn.ReLU},
		&nn.Dense{Units: 10, Activation: nn.Softmax},
	)
	model.Seed = *seed
	model.MustCompile(nn.CompileConfig{Optimizer: &nn.RMSprop{}, Loss: nn.SparseCategoricalCrossentropy{}, Metrics: []nn.Metric{nn.Accuracy{}}})
	model.MustBuild(28 * 28) // the weights exist before the first epoch's clock starts

	var start time.Time
	var startCPU float64
	trainSeconds := 0.0
	timer := nn.CallbackFuncs{
		EpochBegin: func(int) { start, startCPU = time.Now(), cpuSeconds() },
		EpochEnd: func(epoch int, logs nn.Logs) {
			s := time.Since(start).Seconds()
			trainSeconds += s
			emit(epochLine{"nnbook", epoch + 1, round4(s), round4(logs["loss"]), round4(logs["accuracy"]), round4(cpuSeconds() - startCPU)})
		},
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer f.Close()
	}
	if _, err := model.Fit(x, trainLabels, nn.FitConfig{Epochs: *epochs, BatchSize: *batchSize, Seed: *seed,
		Silent: true, Callbacks: []nn.Callback{timer}}); err != nil {
		log.Fatal(err)
	}
	pprof.StopCPUProfile()
	ev, err := model.Evaluate(xTest, testLabels)
	if err != nil {
		log.Fatal(err)
	}
	emit(finalLine{"nnbook", round4(ev.Loss), round4(ev.Accuracy()), round4(trainSeconds), round4(peakRSSMiB())})
}

// scale returns images (n, 28, 28) uint8 as (n, 784) float32 / 255, the book's
// images.reshape((n, 28*28)).astype("float32") / 255, converted in slices of rows.
func scale(images *tensor.Tensor) *tensor.Tensor {
	n := images.Dim(0)
	flat := images.Reshape(n, 28*28)
	x := tensor.New(tensor.Float32, n, 28*28)
	dst := tensor.Storage[float32](x) // x's own storage
	const rows = 1024                 // 3 MiB of float32 per temporary
	for lo := 0; lo < n; lo += rows {
		hi := min(lo+rows, n)
		part := flat.Slice(tensor.R(lo, hi)).AsType(tensor.Float32).DivScalar(255)
		copy(dst[lo*28*28:hi*28*28], tensor.Storage[float32](part))
		// Collect the two temporaries now: left to the garbage collector's default pace
		// (GOGC=100), they would pile up to the size of x before a collection, raising the
		// peak RSS by ~200 MiB.
		runtime.GC()
	}
	return x
}

// peakRSSMiB returns the process's peak resident set size (ru_maxrss, KiB on Linux) in MiB.
func peakRSSMiB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Maxrss) / 1024
}

// cpuSeconds returns the CPU time (user and system, all threads) the process has used so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// epochLine and finalLine are the JSON lines of the peers' common.emit, in their field order.
type epochLine struct {
	Peer    string  `json:"peer"`
	Epoch   int     `json:"epoch"`
	Seconds float64 `json:"seconds"`
	Loss    float64 `json:"loss"`
	Acc     float64 `json:"acc"`
	CPU     float64 `json:"cpu_seconds"` // CPU time of the epoch, all threads (scaling.sh's cpu_peer.py adds it to the peers' lines)
}

type finalLine struct {
	Peer         string  `json:"peer"`
	TestLoss     float64 `json:"test_loss"`
	TestAcc      float64 `json:"test_acc"`
	TrainSeconds float64 `json:"train_seconds"`
	PeakRSSMiB   float64 `json:"peak_rss_mib"`
}

// round4 rounds to 4 decimals, as common.emit does.
func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }

// emit prints v as one JSON line.
func emit(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
}
