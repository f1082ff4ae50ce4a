package gemm

// view is a read-only strided matrix: element (i, j) is data[i*rs+j*cs].
// A row-major matrix X with stride ld is view{X, ld, 1}; its transpose is
// view{X, 1, ld}, so transposes cost nothing until packing reads them.
type view struct {
	data   []float32
	rs, cs int
}

// t returns the transpose of v.
func (v view) t() view { return view{v.data, v.cs, v.rs} }

// packA copies the mr×kc block of a at (i0, p0) into dst as one micro-panel
// of height MR: dst[p*MR+r] = a(i0+r, p0+p), rows mr..MR-1 zero.
// The kernel reads it k step by k step, MR consecutive floats each.
//
// dst[p*MR+r] = a(i0+r, p0+p) = aᵀ(p0+p, i0+r): packing A is packing the
// block of its transpose as a micro-panel of B of width MR.
func packA(dst []float32, a view, i0, mr, p0, kc, MR int) {
	packB(dst, a.t(), p0, kc, i0, mr, MR, nil)
}

// transposer transposes n×n blocks: fn sets dst[p*ldd+j] = src[j*lds+p]
// for j, p < n.
type transposer struct {
	n  int
	fn func(dst []float32, ldd int, src []float32, lds int)
}

// packB copies the kc×nr block of b at (p0, j0) into dst as one micro-panel
// of width w: dst[p*w+j] = b(p0+p, j0+j), columns nr..w-1 zero. A transposed
// B goes through tr's n×n blocks if tr is not nil.
func packB(dst []float32, b view, p0, kc, j0, nr, w int, tr *transposer) {
	dst = dst[:kc*w]
	switch {
	case b.cs == 1: // op(B) rows are contiguous: copy runs of nr.
		for p := 0; p < kc; p++ {
			d := dst[p*w : p*w+w]
			copy(d[:nr], b.data[(p0+p)*b.rs+j0:])
			clear(d[nr:])
		}
		return
	case b.rs == 1: // op(B) columns are contiguous (B transposed).
		j := 0
		if tr != nil {
			for n := tr.n; j+n <= nr; j += n {
				p := 0
				for ; p+n <= kc; p += n {
					tr.fn(dst[p*w+j:], w, b.data[(j0+j)*b.cs+p0+p:], b.cs)
				}
				for ; p < kc; p++ {
					for jj := j; jj < j+n; jj++ {
						dst[p*w+jj] = b.data[(j0+jj)*b.cs+p0+p]
					}
				}
			}
		}
		for ; j < nr; j++ { // scatter each remaining column
			col := b.data[(j0+j)*b.cs+p0:]
			col = col[:kc]
			for p, x := range col {
				dst[p*w+j] = x
			}
		}
	default:
		for j := 0; j < nr; j++ {
			for p := 0; p < kc; p++ {
				dst[p*w+j] = b.data[(p0+p)*b.rs+(j0+j)*b.cs]
			}
		}
	}
	if nr < w {
		for p := 0; p < kc; p++ {
			clear(dst[p*w+nr : p*w+w])
		}
	}
}
