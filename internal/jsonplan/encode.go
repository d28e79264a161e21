package jsonplan

import (
	"math"
	"reflect"
	"strconv"
	"sync"
	"unicode/utf8"
)

// Append appends the JSON encoding of v to b, byte for byte what a
// json.Encoder with SetEscapeHTML(false) writes but for its newline, when
// v's type is one the plans encode: a struct, or a pointer to one, of
// strings, numbers, booleans, slices of them, nested structs and pointers
// to those, named by `json` tags with omitempty or none. Otherwise, or for
// a value encoding/json refuses (a NaN), ok is false and b is returned
// unchanged: encode v with encoding/json.
func Append(b []byte, v any) (out []byte, ok bool) {
	n := encoderFor(reflect.TypeOf(v))
	if n == nil {
		return b, false
	}
	out, ok = appendValue(b, n, reflect.ValueOf(v))
	if !ok {
		return b, false
	}
	return out, true
}

// encoders holds each type's encoding plan, nil for a type left to
// encoding/json. A program has a bounded number of types; one that makes
// types at run time (reflect.StructOf) stops being remembered at
// maxEncoders, and its values go to encoding/json.
var (
	encoders     sync.Map // reflect.Type → *node
	encoderCount struct {
		sync.Mutex
		n int
	}
)

const maxEncoders = 4096

func encoderFor(t reflect.Type) *node {
	if t == nil {
		return nil
	}
	if n, ok := encoders.Load(t); ok {
		return n.(*node)
	}
	encoderCount.Lock()
	full := encoderCount.n >= maxEncoders
	encoderCount.Unlock()
	if full {
		return nil
	}
	var n *node
	if k := t.Kind(); k == reflect.Struct || k == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		if c, ok := compile(t, writing, map[reflect.Type]bool{}); ok {
			n = c
		}
	}
	encoderCount.Lock()
	defer encoderCount.Unlock()
	if _, loaded := encoders.LoadOrStore(t, n); !loaded {
		encoderCount.n++
	}
	return n
}

func appendValue(b []byte, n *node, v reflect.Value) ([]byte, bool) {
	switch n.kind {
	case reflect.String:
		return appendString(b, v.String()), true
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.AppendUint(b, v.Uint(), 10), true
	case reflect.Float32, reflect.Float64:
		return appendFloat(b, v.Float(), n.bits)
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, "null"...), true
		}
		return appendValue(b, n.elem, v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return append(b, "null"...), true
		}
		b = append(b, '[')
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendValue(b, n.elem, v.Index(i)); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	case reflect.Struct:
		b = append(b, '{')
		first := true
		for i := range n.fields {
			f := &n.fields[i]
			fv := v.Field(f.index)
			if f.omitEmpty && isEmpty(fv) {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, f.key...)
			var ok bool
			if b, ok = appendValue(b, f.node, fv); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	}
	return b, false
}

// isEmpty is omitempty's test for the kinds the plans encode.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String, reflect.Slice:
		return v.Len() == 0
	case reflect.Pointer:
		return v.IsNil()
	case reflect.Struct:
		return false
	}
	return v.IsZero()
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
