package viz

import (
	"image/color"
	"math"
)

// colormap maps t in [0, 1] to a colour; values outside are clamped.
type colormap []color.RGBA

// The colour maps, as matplotlib names them. Anchors are ColorBrewer's (RdBu, Blues) and
// matplotlib's viridis, interpolated linearly.
var (
	// binary: 0 white, 1 black, as plt.cm.binary: dark ink on white paper.
	binary = colormap{{255, 255, 255, 255}, {0, 0, 0, 255}}
	// blueRed (ColorBrewer RdBu reversed): 0 dark blue, 0.5 near white, 1 dark red. For signed
	// values scaled so that 0 maps to 0.5.
	blueRed = colormap{
		hex(0x053061), hex(0x2166ac), hex(0x4393c3), hex(0x92c5de), hex(0xd1e5f0), hex(0xf7f7f7),
		hex(0xfddbc7), hex(0xf4a582), hex(0xd6604d), hex(0xb2182b), hex(0x67001f),
	}
	// blues (ColorBrewer Blues): 0 near white, 1 dark blue. For counts.
	blues = colormap{
		hex(0xf7fbff), hex(0xdeebf7), hex(0xc6dbef), hex(0x9ecae1), hex(0x6baed6),
		hex(0x4292c6), hex(0x2171b5), hex(0x08519c), hex(0x08306b),
	}
	// viridis: 0 dark purple, 1 yellow. For loss levels.
	viridis = colormap{
		hex(0x440154), hex(0x482878), hex(0x3e4989), hex(0x31688e), hex(0x26828e),
		hex(0x1f9e89), hex(0x35b779), hex(0x6ece58), hex(0xb5de2b), hex(0xfde725),
	}
)

func hex(v uint32) color.RGBA {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
}

// At returns the colour at t.
func (m colormap) At(t float64) color.RGBA {
	if math.IsNaN(t) || t <= 0 {
		return m[0]
	}
	if t >= 1 {
		return m[len(m)-1]
	}
	x := t * float64(len(m)-1)
	i := int(x)
	f := x - float64(i)
	a, b := m[i], m[i+1]
	mix := func(u, v uint8) uint8 { return uint8(math.Round(float64(u) + f*(float64(v)-float64(u)))) }
	return color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 255}
}

// Named colours of the figures (matplotlib's tab10 blue, orange and red).
var (
	tabBlue   = hex(0x1f77b4)
	tabOrange = hex(0xff7f0e)
	tabRed    = hex(0xd62728)
)
