package nn

import (
	"encoding/binary"
	"math/rand/v2"
)

// newStream returns the random stream nn draws from for one purpose under a seed: the initial
// weights of layer index ("layer"), or the batch order of Fit ("shuffle"). It is math/rand/v2's
// ChaCha8 (the generator behind Go's top-level functions) keyed by the seed, the purpose and the
// index, so each seed, layer and purpose gets its own stream and nearby seeds give unrelated
// streams, as NumPy's SeedSequence does by hashing its seeds.
func newStream(seed uint64, purpose string, index uint64) *rand.Rand {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[0:8], seed)
	binary.LittleEndian.PutUint64(key[8:16], index)
	copy(key[16:], "nnbook/"+purpose) // at most 16 bytes: the purposes are short
	return rand.New(rand.NewChaCha8(key))
}
