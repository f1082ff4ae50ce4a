package tensor

import "strings"

// Printing follows NumPy's array2string with the default print options: lines of at most 75
// characters, and arrays of more than 1000 elements summarised by showing only the first and last
// 3 entries of every axis longer than 6, with "..." between.

const (
	lineWidth = 75   // np.get_printoptions()["linewidth"]
	threshold = 1000 // arrays with more elements are summarised
	edgeItems = 3    // entries shown at each end of a summarised axis
)

// String formats t as NumPy's print(x): "[5 0 4 ... 5 6 8]", "[[0.1 0.2]\n [0.3 0.4]]", with
// nested brackets for each axis, a newline between rows and a blank line between the 2-D blocks of
// a 3-D tensor. Axes longer than 6 are elided to their first and last 3 when t has more than 1000
// elements (np.set_printoptions(threshold=1000, edgeitems=3) rules). Numbers use NumPy's formatting:
// "[12.  3.  6. 14.  7.]", "[ 0.5  12.25]", "[1.e-05 1.e+00]". A scalar prints as NumPy prints
// a scalar: "12", "12.0", "0.5".
func (t *Tensor) String() string {
	if len(t.shape) == 0 {
		switch d := t.data.(type) {
		case []float32:
			return scalarString(float64(d[t.offset]), 32)
		case []float64:
			return scalarString(d[t.offset], 64)
		}
		return newArrayPrinter(t, " ").elem(nil)
	}
	return t.array2string(" ", "", "")
}

// Repr formats t as NumPy's repr: "array([5, 0, 4, ..., 5, 6, 8], dtype=uint8)"; dtype is shown
// unless it is the default of its kind (int64, float64) or t is empty, as NumPy does, on the same
// line when it fits in 75 characters and else on the next. Unlike NumPy 2.2 and later, which add
// "shape=(60000,)" to summarised arrays, Repr prints them as the book shows them.
func (t *Tensor) Repr() string {
	const prefix = "array("
	s := prefix + t.array2string(", ", prefix, ")")
	var extras []string
	if t.Size() == 0 && !(len(t.shape) == 1 && t.shape[0] == 0) {
		extras = append(extras, "shape="+t.shape.String())
	}
	if (t.dtype != Int64 && t.dtype != Float64) || t.Size() == 0 {
		extras = append(extras, "dtype="+t.dtype.String())
	}
	if len(extras) == 0 {
		return s + ")"
	}
	s += ","
	extra := strings.Join(extras, ", ") + ")"
	last := len(s) - (strings.LastIndexByte(s, '\n') + 1)
	if last+len(extra)+1 > lineWidth {
		return s + "\n" + strings.Repeat(" ", len(prefix)) + extra
	}
	return s + " " + extra
}

// array2string is NumPy's array2string: the elements of t in nested brackets, separated by sep,
// with continuation lines indented to align after prefix; the last line leaves room for suffix.
func (t *Tensor) array2string(sep, prefix, suffix string) string {
	if t.Size() == 0 {
		return "[]"
	}
	p := newArrayPrinter(t, sep)
	return p.recurse(make([]int, 0, len(t.shape)), " "+strings.Repeat(" ", len(prefix)), lineWidth-len(suffix))
}

// arrayPrinter holds what NumPy's _formatArray needs: the tensor, the element formatter built from
// the shown elements, the separator and whether the tensor is summarised.
type arrayPrinter struct {
	t       *Tensor
	sep     string
	summary bool
	ints    intFormat
	floats  floatFormat
}

func newArrayPrinter(t *Tensor, sep string) *arrayPrinter {
	p := &arrayPrinter{t: t, sep: sep, summary: t.Size() > threshold}
	// The widths come from the elements that will be shown only.
	var fv []float64
	var iv []int64
	p.shown(make([]int, 0, len(t.shape)), func(idx []int) {
		switch d := t.data.(type) {
		case []uint8:
			iv = append(iv, int64(d[t.flatIndex("String", idx)]))
		case []int64:
			iv = append(iv, d[t.flatIndex("String", idx)])
		default:
			fv = append(fv, t.At(idx...))
		}
	})
	switch t.dtype {
	case Float32:
		p.floats = newFloatFormat(fv, 32)
	case Float64:
		p.floats = newFloatFormat(fv, 64)
	default:
		p.ints = newIntFormat(iv)
	}
	return p
}

// shown calls f with the index of every element that will be printed, in row-major order.
func (p *arrayPrinter) shown(idx []int, f func(idx []int)) {
	axis := len(idx)
	if axis == len(p.t.shape) {
		f(idx)
		return
	}
	d := p.t.shape[axis]
	for i := 0; i < d; i++ {
		if p.summary && d > 2*edgeItems && i == edgeItems {
			i = d - edgeItems
		}
		p.shown(append(idx, i), f)
	}
}

// elem formats the element at idx.
func (p *arrayPrinter) elem(idx []int) string {
	t := p.t
	switch d := t.data.(type) {
	case []uint8:
		return p.ints.format(int64(d[t.flatIndex("String", idx)]))
	case []int64:
		return p.ints.format(d[t.flatIndex("String", idx)])
	}
	return p.floats.format(t.At(idx...))
}

// recurse is NumPy's _formatArray recurser: it formats the sub-array at index, whose lines after
// the first start with hanging, in at most width characters.
func (p *arrayPrinter) recurse(index []int, hanging string, width int) string {
	axis := len(index)
	left := len(p.t.shape) - axis
	if left == 0 {
		return p.elem(index)
	}
	nextHanging, nextWidth := hanging+" ", width-1
	n := p.t.shape[axis]
	lead, trail := 0, n
	summary := p.summary && 2*edgeItems < n
	if summary {
		lead, trail = edgeItems, edgeItems
	}
	sub := func(i int) string { return p.recurse(append(index, i), nextHanging, nextWidth) }
	var s strings.Builder
	if left == 1 {
		elemWidth := width - max(len(strings.TrimRight(p.sep, " ")), 1)
		line := hanging
		for i := range lead {
			line = extendLine(&s, line, sub(i), elemWidth, hanging) + p.sep
		}
		if summary {
			line = extendLine(&s, line, "...", elemWidth, hanging) + p.sep
		}
		for i := trail; i > 1; i-- {
			line = extendLine(&s, line, sub(n-i), elemWidth, hanging) + p.sep
		}
		line = extendLine(&s, line, sub(n-1), elemWidth, hanging)
		s.WriteString(line)
	} else {
		lineSep := strings.TrimRight(p.sep, " ") + strings.Repeat("\n", left-1)
		for i := range lead {
			s.WriteString(hanging + sub(i) + lineSep)
		}
		if summary {
			s.WriteString(hanging + "..." + lineSep)
		}
		for i := trail; i > 1; i-- {
			s.WriteString(hanging + sub(n-i) + lineSep)
		}
		s.WriteString(hanging + sub(n-1))
	}
	return "[" + s.String()[len(hanging):] + "]"
}

// extendLine is NumPy's _extendLine: it appends word to line, first moving line to s and starting
// a new line with hanging when word would not fit in width (unless the line holds nothing yet).
func extendLine(s *strings.Builder, line, word string, width int, hanging string) string {
	if len(line)+len(word) > width && len(line) > len(hanging) {
		s.WriteString(strings.TrimRight(line, " ") + "\n")
		line = hanging
	}
	return line + word
}
