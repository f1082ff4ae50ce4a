package tensor

import (
	"math"
	"strconv"
	"strings"
)

// NumPy's number formatting for printing arrays (numpy/_core/arrayprint.py with the default print
// options: precision 8, floatmode "maxprec", suppress False). One formatter is built per array from
// the elements that will be shown, so that every element gets the same width:
//
//   - integers are right-aligned to the widest of the largest and smallest;
//   - floats print the shortest digits that read back as the same float32 or float64, rounded to
//     at most 8 digits after the point, trailing zeros removed but the point kept ("12.", "0.5");
//     the integer parts are right-aligned and the fractions left-aligned, so points line up;
//   - floats switch to scientific notation ("1.e-05") when a non-zero magnitude is at least 1e8 or
//     below 1e-4, or the largest is more than 1000 times the smallest; then every mantissa gets as
//     many digits as the longest needs (more digits of the exact value, not zeros).

// precision is NumPy's default print precision: digits after the decimal point.
const precision = 8

// intFormat right-aligns integers to a common width.
type intFormat struct{ width int }

func newIntFormat(vals []int64) intFormat {
	w := 0
	for _, v := range vals {
		w = max(w, len(strconv.FormatInt(v, 10)))
	}
	return intFormat{w}
}

func (f intFormat) format(v int64) string {
	s := strconv.FormatInt(v, 10)
	return strings.Repeat(" ", max(f.width-len(s), 0)) + s
}

// floatFormat is NumPy's FloatingFormat for one array.
type floatFormat struct {
	bits              int  // 32 or 64: the shortest digits are those of this size
	exp               bool // scientific notation
	padLeft, padRight int  // widths of the integer part and of the fraction (+ exponent)
	digits            int  // in scientific notation, digits after the point of every mantissa
	expSize           int  // in scientific notation, digits of every exponent
}

func newFloatFormat(vals []float64, bits int) floatFormat {
	f := floatFormat{bits: bits}
	var finite []float64
	maxAbs, minAbs := 0.0, math.Inf(1)
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		finite = append(finite, v)
		if a := math.Abs(v); a != 0 {
			maxAbs, minAbs = max(maxAbs, a), min(minAbs, a)
		}
	}
	if maxAbs > 0 {
		ratio := maxAbs / minAbs
		lo, hi := 0.0001, 1e8
		if bits == 32 { // NumPy compares in the array's own precision
			ratio = float64(float32(maxAbs) / float32(minAbs))
			lo, hi = float64(float32(lo)), float64(float32(hi))
		}
		f.exp = maxAbs >= hi || minAbs < lo || ratio > 1000
	}
	for _, v := range finite {
		if f.exp {
			mant, exp := sciDigits(v, bits, precision)
			in, frac, _ := strings.Cut(mant, ".")
			f.padLeft = max(f.padLeft, len(in))
			f.digits = max(f.digits, len(frac))
			f.expSize = max(f.expSize, len(exp)-1)
		} else {
			in, frac, _ := strings.Cut(posDigits(v, bits, precision), ".")
			f.padLeft = max(f.padLeft, len(in))
			f.padRight = max(f.padRight, len(frac))
		}
	}
	if f.exp {
		f.padRight = f.expSize + 2 + f.digits
	}
	if len(finite) != len(vals) { // room for nan, inf, -inf
		neginf := 0
		for _, v := range vals {
			if math.IsInf(v, -1) {
				neginf = 1
			}
		}
		off := f.padRight + 1
		f.padLeft = max(f.padLeft, 3-off, 3+neginf-off)
	}
	return f
}

func (f floatFormat) format(v float64) string {
	var s string
	switch {
	case math.IsNaN(v):
		s = "nan"
	case math.IsInf(v, 1):
		s = "inf"
	case math.IsInf(v, -1):
		s = "-inf"
	case f.exp:
		mant, exp := sciDigits(v, f.bits, precision)
		in, frac, _ := strings.Cut(mant, ".")
		if len(frac) < f.digits {
			// NumPy's min_digits: more digits of the exact value, not zeros (they differ for
			// float32: 7.099782e-04 widens to 7.0997822e-04).
			mant, exp, _ = strings.Cut(strconv.FormatFloat(v, 'e', f.digits, 64), "e")
			in, frac, _ = strings.Cut(mant, ".")
		}
		sign, ed := exp[:1], exp[1:]
		ed = strings.Repeat("0", max(f.expSize-len(ed), 0)) + ed
		return pad(in, f.padLeft) + "." + frac + "e" + sign + ed
	default:
		in, frac, _ := strings.Cut(posDigits(v, f.bits, precision), ".")
		return pad(in, f.padLeft) + "." + frac + strings.Repeat(" ", max(f.padRight-len(frac), 0))
	}
	return pad(s, f.padLeft+f.padRight+1)
}

// pad right-aligns s in width w.
func pad(s string, w int) string { return strings.Repeat(" ", max(w-len(s), 0)) + s }

// posDigits returns v in positional notation with the shortest digits that identify it among
// floats of the given bit size, rounded to at most prec digits after the point, trailing zeros
// removed and the point kept: "12.", "0.5", "-0.33333333". The integer part is always exact.
func posDigits(v float64, bits, prec int) string {
	s := strconv.FormatFloat(v, 'f', -1, bits)
	if i := strings.IndexByte(s, '.'); i < 0 {
		// NumPy prints every digit up to the units exactly: float32 86845888 is "86845888.",
		// although "86845890" is the shortest that reads back.
		return strconv.FormatFloat(v, 'f', 0, 64) + "."
	} else if len(s)-i-1 <= prec {
		return s
	}
	return strings.TrimRight(strconv.FormatFloat(v, 'f', prec, 64), "0")
}

// sciDigits returns v in scientific notation as posDigits does in positional notation, split
// into mantissa ("1.", "-2.5") and signed exponent ("-05", "+100").
func sciDigits(v float64, bits, prec int) (mant, exp string) {
	s := strconv.FormatFloat(v, 'e', -1, bits)
	mant, exp, _ = strings.Cut(s, "e")
	in, frac, _ := strings.Cut(mant, ".")
	if len(frac) > prec {
		mant, exp, _ = strings.Cut(strconv.FormatFloat(v, 'e', prec, 64), "e")
		in, frac, _ = strings.Cut(mant, ".")
		frac = strings.TrimRight(frac, "0")
	}
	return in + "." + frac, exp
}

// scalarString formats a float as NumPy's str of a float scalar (print of a rank-0 array): the
// shortest digits, positional with at least one digit after the point when 1e-4 <= |v| < 1e16
// ("12.0", "0.5"), else scientific without trailing zeros ("1e-05", "1.5e+16").
func scalarString(v float64, bits int) string {
	switch a := math.Abs(v); {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	case a == 0 || (a >= 1e-4 && a < 1e16):
		s := strconv.FormatFloat(v, 'f', -1, bits)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	return strconv.FormatFloat(v, 'e', -1, bits)
}
