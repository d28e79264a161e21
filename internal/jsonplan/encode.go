package jsonplan

import (
	"math"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
	"unsafe"
)

// Append appends the JSON encoding of v to b, byte for byte what a
// json.Encoder with SetEscapeHTML(false) writes but for its newline, when
// v's type is one the plans encode: a struct, or a pointer to one, of
// strings, numbers, booleans, time.Time, slices of them, nested structs and pointers
// to those, named by `json` tags with omitempty or none. Otherwise, or for
// a value encoding/json refuses (a NaN), ok is false and b is returned
// unchanged: encode v with encoding/json.
func Append(b []byte, v any) (out []byte, ok bool) {
	// An interface holds a pointer to its value, or, for a pointer, the
	// pointer itself; encoderFor compiles no struct an interface could
	// hold in place (one no bigger than a pointer, with a pointer in it).
	e := (*eface)(unsafe.Pointer(&v))
	n := encoderFor(uintptr(e.typ), reflect.TypeOf(v))
	if n == nil {
		return b, false
	}
	p := e.data
	if n.kind == reflect.Pointer {
		p = unsafe.Pointer(&e.data)
	}
	out, ok = appendValue(b, n, p)
	if !ok {
		return b, false
	}
	return out, true
}

// eface is the layout of an interface{} value, as the runtime has it.
type eface struct {
	typ, data unsafe.Pointer
}

// efaceHolds reports whether interfaces are laid out as eface says: a
// struct held by a pointer to it, a pointer held as itself. Were a Go
// release to change that, Append would refuse every value, and
// TestEfaceLayout fails.
var efaceHolds = func() bool {
	type pair struct{ a, b int }
	v := any(pair{1, 2})
	held := (*pair)((*eface)(unsafe.Pointer(&v)).data)
	x := new(int)
	w := any(x)
	return held.a == 1 && held.b == 2 && (*eface)(unsafe.Pointer(&w)).data == unsafe.Pointer(x)
}()

// heldInPlace reports whether an interface might hold a value of t, a
// struct, in its data word rather than by a pointer: only a struct no
// bigger than a pointer with a pointer in it can be.
func heldInPlace(t reflect.Type) bool {
	if t.Size() != unsafe.Sizeof(uintptr(0)) {
		return false
	}
	for i := range t.NumField() {
		switch f := t.Field(i).Type; f.Kind() {
		case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
			return true
		case reflect.Struct:
			if heldInPlace(f) {
				return true
			}
		case reflect.Array:
			return true // conservatively: an array of one pointer
		}
	}
	return false
}

// encoders holds each type's encoding plan, nil for a type left to
// encoding/json, by the address of the type an interface holds (a type
// lives as long as the program, and a uintptr key keeps the value Append
// is given from escaping to the heap): read without a lock,
// and copied whole on the rare write, when a type is first seen. A program
// has a bounded number of types; one that makes types at run time
// (reflect.StructOf) stops being remembered at maxEncoders, and its values
// go to encoding/json.
var (
	encoders   atomic.Pointer[map[uintptr]encoder]
	encodersMu sync.Mutex
)

const maxEncoders = 4096

// encoder is a type's entry in encoders: the type, which a hit checks, so
// no address can ever stand for another type, and its plan.
type encoder struct {
	typ  reflect.Type
	node *node
}

// encoderFor is the plan of the type at typ, t.
func encoderFor(typ uintptr, t reflect.Type) *node {
	if m := encoders.Load(); m != nil {
		if e, ok := (*m)[typ]; ok && e.typ == t {
			return e.node
		}
	}
	if t == nil || !efaceHolds {
		return nil
	}
	encodersMu.Lock()
	defer encodersMu.Unlock()
	var old map[uintptr]encoder
	if m := encoders.Load(); m != nil {
		old = *m
	}
	if e, ok := old[typ]; ok && e.typ == t {
		return e.node
	}
	if len(old) >= maxEncoders {
		return nil
	}
	var n *node
	if k := t.Kind(); k == reflect.Struct && !heldInPlace(t) || k == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		if c, ok := compile(t, writing, map[reflect.Type]bool{}); ok {
			n = c
		}
	}
	m := make(map[uintptr]encoder, len(old)+1)
	for k, v := range old {
		m[k] = v
	}
	m[typ] = encoder{t, n}
	encoders.Store(&m)
	return n
}

// appendValue appends the value of n's type at p.
func appendValue(b []byte, n *node, p unsafe.Pointer) ([]byte, bool) {
	switch n.kind {
	case reflect.String:
		return appendString(b, *(*string)(p)), true
	case reflect.Bool:
		return strconv.AppendBool(b, *(*bool)(p)), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, getInt(p, n.size), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.AppendUint(b, getUint(p, n.size), 10), true
	case reflect.Float32, reflect.Float64:
		return appendFloat(b, getFloat(p, n.size), int(n.size*8))
	case reflect.Pointer:
		target := *(*unsafe.Pointer)(p)
		if target == nil {
			return append(b, "null"...), true
		}
		return appendValue(b, n.elem, target)
	case reflect.Slice:
		data, length, isNil := sliceAt(p)
		if isNil {
			return append(b, "null"...), true
		}
		b = append(b, '[')
		for i := range length {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendValue(b, n.elem, unsafe.Add(data, uintptr(i)*n.elem.size)); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	case reflect.Struct:
		if n.time {
			return appendTime(b, *(*time.Time)(p))
		}
		b = append(b, '{')
		first := true
		for i := range n.fields {
			f := &n.fields[i]
			fp := unsafe.Add(p, f.offset)
			if f.omitEmpty && f.node.isEmpty(fp) {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, f.key...)
			var ok bool
			if b, ok = appendValue(b, f.node, fp); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	}
	return b, false
}

// isEmpty is encoding/json's omitempty test, for the value of n's type at
// p: a float is empty when it equals 0, so -0 is empty too.
func (n *node) isEmpty(p unsafe.Pointer) bool {
	switch n.kind {
	case reflect.String:
		return len(*(*string)(p)) == 0
	case reflect.Slice:
		_, length, _ := sliceAt(p)
		return length == 0
	case reflect.Pointer:
		return *(*unsafe.Pointer)(p) == nil
	case reflect.Bool:
		return !*(*bool)(p)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return getInt(p, n.size) == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return getUint(p, n.size) == 0
	case reflect.Float32, reflect.Float64:
		return getFloat(p, n.size) == 0
	}
	return false // a struct is never empty
}

// appendTime writes t as its MarshalJSON does: quoted RFC 3339 with
// nanoseconds, refusing, as it does, a year that is not 4 digits and a
// zone offset of 24 hours or more.
func appendTime(b []byte, t time.Time) ([]byte, bool) {
	start := len(b) + 1
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	switch {
	case b[start+len("9999")] != '-':
		return b, false
	case b[len(b)-1] != 'Z':
		sign, hour := b[len(b)-len("Z07:00")], b[len(b)-len("07:00"):]
		if '0' <= sign && sign <= '9' || 10*(hour[0]-'0')+(hour[1]-'0') >= 24 {
			return b, false
		}
	}
	return append(b, '"'), true
}

// appendFloat writes a float as encoding/json does: the shortest decimal
// that reads back to the same value, in exponent form below 1e-6 and from
// 1e21, with a one-digit negative exponent kept short.
func appendFloat(b []byte, f float64, bits int) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}

const hexDigits = "0123456789abcdef"

// appendString quotes s as encoding/json does without HTML escaping:
// invalid UTF-8 becomes \ufffd, and U+2028 and U+2029 are escaped so the
// text is also valid JavaScript.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
