package simd_test

import (
	"fmt"
	"sync"

	"github.com/nnbook/nnbook/nn/internal/simd"
)

// Split covers [0, n) exactly once, whatever the number of cores.
func ExampleSplit() {
	var mu sync.Mutex
	seen := make([]int, 1000)
	simd.Split(len(seen), func(lo, hi int) {
		mu.Lock()
		defer mu.Unlock()
		for i := lo; i < hi; i++ {
			seen[i]++
		}
	})
	once := 0
	for _, n := range seen {
		if n == 1 {
			once++
		}
	}
	fmt.Println(once, "of", len(seen), "indexes seen once")
	// Output: 1000 of 1000 indexes seen once
}
