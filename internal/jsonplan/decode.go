package jsonplan

import (
	"reflect"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// sharedLimit is the largest body whose strings share one copy of it: a
// small body costs one allocation for all its strings, and a string kept
// from it keeps at most this many bytes alive.
const sharedLimit = 8 << 10

// Decode decodes data, one JSON object and nothing after it but white
// space, into v, a pointer to a zero value of the plan's type. It returns
// false when it cannot decode data exactly as encoding/json.Unmarshal
// would; v is then partly written and must be thrown away. It keeps no
// reference to data.
func (p *Plan) Decode(data []byte, v reflect.Value) bool {
	if v.Type() != p.ptr || v.IsNil() {
		return false
	}
	d := decoder{data: data}
	if len(data) <= sharedLimit {
		d.src = string(data)
	}
	d.space()
	if !d.object(p.root, v.UnsafePointer()) {
		return false
	}
	d.space()
	return d.pos == len(d.data)
}

// decoder is one Decode's state.
type decoder struct {
	data []byte
	src  string // data as a string, when small enough to share
	pos  int
}

func (d *decoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// next is the byte after white space, 0 at the end.
func (d *decoder) next() byte {
	d.space()
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

// object decodes a JSON object into the struct at p.
func (d *decoder) object(n *node, p unsafe.Pointer) bool {
	if d.next() != '{' {
		return false
	}
	d.pos++
	if d.next() == '}' {
		d.pos++
		return true
	}
	var seen uint64
	for {
		if d.next() != '"' {
			return false
		}
		key, ok := d.key()
		if !ok {
			return false
		}
		i := n.lookup(key)
		if i < 0 || seen&(1<<i) != 0 {
			return false // unknown (or differently cased) keys and repeated ones: encoding/json's
		}
		seen |= 1 << i
		if d.next() != ':' {
			return false
		}
		d.pos++
		f := &n.fields[i]
		if !d.value(f.node, unsafe.Add(p, f.offset)) {
			return false
		}
		switch d.next() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return true
		default:
			return false
		}
	}
}

func (n *node) lookup(key []byte) int {
	for i := range n.fields {
		if n.fields[i].name == string(key) {
			return i
		}
	}
	return -1
}

// key reads a key without escapes, which is all a plain name can match.
func (d *decoder) key() ([]byte, bool) {
	start := d.pos + 1
	for i := start; i < len(d.data); i++ {
		switch c := d.data[i]; {
		case c == '"':
			d.pos = i + 1
			return d.data[start:i], true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return nil, false
		}
	}
	return nil, false
}

// value decodes one value into the zero value of n's type at p.
func (d *decoder) value(n *node, p unsafe.Pointer) bool {
	c := d.next()
	if c == 'n' {
		return d.literal("null") // null leaves a zero value as it is
	}
	switch n.kind {
	case reflect.String:
		if c != '"' {
			return false
		}
		s, ok := d.str()
		if ok {
			*(*string)(p) = s
		}
		return ok
	case reflect.Bool:
		switch c {
		case 't':
			*(*bool)(p) = true
			return d.literal("true")
		case 'f':
			return d.literal("false")
		}
		return false
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, _, ok := d.integer()
		if !ok || !intFits(i, n.size) {
			return false
		}
		setInt(p, n.size, i)
		return true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		i, neg, ok := d.integer() // encoding/json takes no "-0" for a uint
		if !ok || neg || !uintFits(uint64(i), n.size) {
			return false
		}
		setUint(p, n.size, uint64(i))
		return true
	case reflect.Float32:
		f, ok := d.float(32)
		if ok {
			*(*float32)(p) = float32(f)
		}
		return ok
	case reflect.Float64:
		f, ok := d.float(64)
		if ok {
			*(*float64)(p) = f
		}
		return ok
	case reflect.Slice:
		return d.array(n, p)
	case reflect.Pointer:
		target := reflect.New(n.elem.typ).UnsafePointer()
		*(*unsafe.Pointer)(p) = target
		return d.value(n.elem, target)
	case reflect.Struct:
		return d.object(n, p)
	}
	return false
}

func (d *decoder) literal(word string) bool {
	if len(d.data)-d.pos < len(word) || string(d.data[d.pos:d.pos+len(word)]) != word {
		return false
	}
	d.pos += len(word)
	return true
}

// array decodes a JSON array into the slice at p, nil before: [] is an
// empty slice that is not nil, as encoding/json makes it.
func (d *decoder) array(n *node, p unsafe.Pointer) bool {
	if d.next() != '[' {
		return false
	}
	d.pos++
	v := n.slice(p)
	v.Grow(4)
	if d.next() == ']' {
		d.pos++
		return true
	}
	for i := 0; ; i++ {
		if i == v.Cap() {
			v.Grow(1)
		}
		v.SetLen(i + 1)
		if !d.value(n.elem, unsafe.Add(v.UnsafePointer(), uintptr(i)*n.elem.size)) {
			return false
		}
		switch d.next() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return true
		default:
			return false
		}
	}
}

// str reads a string at d.pos. It takes the escapes \" \\ \/ \b \f \n \r
// \t; \u escapes and invalid UTF-8, which encoding/json rewrites, are left
// to it.
func (d *decoder) str() (string, bool) {
	start := d.pos + 1
	ascii := true
	for i := start; i < len(d.data); i++ {
		switch c := d.data[i]; {
		case c == '"':
			d.pos = i + 1
			if !ascii && !utf8.Valid(d.data[start:i]) {
				return "", false
			}
			if d.src != "" {
				return d.src[start:i], true
			}
			return string(d.data[start:i]), true
		case c == '\\':
			return d.escaped(start, i)
		case c < 0x20:
			return "", false
		case c >= 0x80:
			ascii = false
		}
	}
	return "", false
}

// escaped reads the rest of a string whose first escape is at i.
func (d *decoder) escaped(start, i int) (string, bool) {
	b := make([]byte, 0, i-start+16) // grown as it goes: not the rest of the body per string
	b = append(b, d.data[start:i]...)
	for i < len(d.data) {
		c := d.data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			if !utf8.Valid(b) {
				return "", false
			}
			return string(b), true
		case c == '\\':
			if i+1 == len(d.data) {
				return "", false
			}
			switch e := d.data[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			default: // \u, and invalid escapes
				return "", false
			}
			i += 2
			continue
		case c < 0x20:
			return "", false
		}
		b = append(b, c)
		i++
	}
	return "", false
}

// number reads a JSON number's text at d.pos, and whether it is an integer
// (no fraction, no exponent).
func (d *decoder) number() (start, end int, integer, ok bool) {
	start, i := d.pos, d.pos
	if i < len(d.data) && d.data[i] == '-' {
		i++
	}
	switch {
	case i < len(d.data) && d.data[i] == '0':
		i++
	case i < len(d.data) && '1' <= d.data[i] && d.data[i] <= '9':
		i = d.digits(i)
	default:
		return 0, 0, false, false
	}
	integer = true
	if i < len(d.data) && d.data[i] == '.' {
		integer = false
		if j := d.digits(i + 1); j > i+1 {
			i = j
		} else {
			return 0, 0, false, false
		}
	}
	if i < len(d.data) && (d.data[i] == 'e' || d.data[i] == 'E') {
		integer = false
		i++
		if i < len(d.data) && (d.data[i] == '+' || d.data[i] == '-') {
			i++
		}
		if j := d.digits(i); j > i {
			i = j
		} else {
			return 0, 0, false, false
		}
	}
	d.pos = i
	return start, i, integer, true
}

func (d *decoder) digits(i int) int {
	for i < len(d.data) && '0' <= d.data[i] && d.data[i] <= '9' {
		i++
	}
	return i
}

// integer reads an integer of at most 18 digits, which no int64 overflows;
// longer ones, fractions and exponents are encoding/json's to judge.
func (d *decoder) integer() (n int64, neg, ok bool) {
	start, end, integer, ok := d.number()
	if !ok || !integer {
		return 0, false, false
	}
	digits := d.data[start:end]
	neg = digits[0] == '-'
	if neg {
		digits = digits[1:]
	}
	if len(digits) > 18 {
		return 0, false, false
	}
	for _, c := range digits {
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, neg, true
}

func (d *decoder) float(bits int) (float64, bool) {
	start, end, _, ok := d.number()
	if !ok {
		return 0, false
	}
	var s string
	if d.src != "" {
		s = d.src[start:end]
	} else {
		s = string(d.data[start:end])
	}
	f, err := strconv.ParseFloat(s, bits)
	return f, err == nil
}
