// Package jsonplan decodes a JSON object into a struct by a plan compiled
// once per type, for the shapes request bodies usually have: strings,
// numbers, booleans, slices of them, nested structs and pointers to any of
// those, named by `json` tags.
//
// It decodes only what it can decode exactly as encoding/json would. On
// anything else — an unknown or differently cased key, a duplicate key, a
// value of the wrong kind, an escape it leaves to encoding/json, invalid
// UTF-8, a number out of range, anything after the object — Decode reports
// false, and the caller decodes the same bytes with encoding/json into a
// fresh value, which gives the value or the error encoding/json gives. So
// the plan changes how fast a body is read, never what it reads to.
package jsonplan

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"time"
	"unsafe"
)

// Plan decodes JSON objects into one struct type.
type Plan struct {
	root *node
	ptr  reflect.Type // *T of the root's T: what Decode writes into
}

// node is how the plans read or write one Go type.
//
// The plans read and write values through unsafe pointers at the offsets
// the type's reflect.StructField gives, each to a value of the node's own
// type, so no reflect.Value is made per field.
type node struct {
	kind   reflect.Kind
	typ    reflect.Type
	size   uintptr // the type's, which picks the width of an int or float
	elem   *node   // a slice's element, a pointer's target
	fields []field // a struct's
	time   bool    // a time.Time, which the writing plans write as its MarshalJSON does
}

// field is a struct field by its JSON name.
type field struct {
	name      string
	key       string  // `"name":`, as encoding writes it
	offset    uintptr // from the struct's start
	omitEmpty bool
	node      *node
}

// maxFields bounds a struct's fields, so Decode tracks the keys it has
// seen in one word; a wider struct goes to encoding/json both ways.
const maxFields = 64

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	jsonMarshaler   = reflect.TypeFor[json.Marshaler]()
	textMarshaler   = reflect.TypeFor[encoding.TextMarshaler]()
)

// way is which way a plan goes: the methods that take a type out of its
// hands, and the tag options it reads as encoding/json does.
type way struct {
	methods [2]reflect.Type
	options map[string]bool // the options it takes; any other refuses the field's type
	times   bool            // it writes time.Time itself
}

var (
	reading = way{methods: [2]reflect.Type{jsonUnmarshaler, textUnmarshaler}, options: map[string]bool{"omitempty": true, "omitzero": true}}
	writing = way{methods: [2]reflect.Type{jsonMarshaler, textMarshaler}, options: map[string]bool{"omitempty": true}, times: true}

	timeType = reflect.TypeFor[time.Time]()
)

// Compile builds the plan for t, a struct type. ok is false when t holds a
// shape the plan does not decode — a map, an interface, []byte, an
// embedded struct, a `,string` option, a type with its own UnmarshalJSON or
// UnmarshalText, a recursive type, or two fields with one name — and every
// body then goes to encoding/json.
func Compile(t reflect.Type) (p *Plan, ok bool) {
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	n, ok := compile(t, reading, map[reflect.Type]bool{})
	if !ok {
		return nil, false
	}
	return &Plan{root: n, ptr: reflect.PointerTo(t)}, true
}

// compile builds the node of t for w; open holds the types being built,
// so a recursive type is refused.
func compile(t reflect.Type, w way, open map[reflect.Type]bool) (*node, bool) {
	if w.times && t == timeType {
		return &node{kind: reflect.Struct, typ: t, size: t.Size(), time: true}, true
	}
	if w.times && t.Kind() == reflect.Pointer && t.Elem() == timeType { // its MarshalJSON is Time's
		elem, _ := compile(timeType, w, open)
		return &node{kind: reflect.Pointer, typ: t, size: t.Size(), elem: elem}, true
	}
	for _, m := range w.methods {
		if t.Implements(m) || reflect.PointerTo(t).Implements(m) {
			return nil, false
		}
	}
	n := &node{kind: t.Kind(), typ: t, size: t.Size()}
	switch t.Kind() {
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return n, true
	case reflect.Slice, reflect.Pointer, reflect.Struct:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 || open[t] { // []byte is base64
			return nil, false
		}
		open[t] = true
		defer delete(open, t)
		if t.Kind() == reflect.Struct {
			return n, compileFields(n, t, w, open)
		}
		elem, ok := compile(t.Elem(), w, open)
		n.elem = elem
		return n, ok
	}
	return nil, false
}

func compileFields(n *node, t reflect.Type, w way, open map[reflect.Type]bool) bool {
	seen := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			return false // embedded fields: encoding/json's promotion rules
		}
		if !f.IsExported() {
			continue
		}
		tag, hasTag := f.Tag.Lookup("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		omitEmpty := false
		for opt := range strings.SplitSeq(opts, ",") {
			if opt != "" && !w.options[opt] {
				return false // string, and what a later Go adds
			}
			omitEmpty = omitEmpty || opt == "omitempty"
		}
		if !hasTag || name == "" {
			name = f.Name
		}
		if !plainName(name) || seen[name] {
			return false
		}
		seen[name] = true
		fn, ok := compile(f.Type, w, open)
		if !ok {
			return false
		}
		n.fields = append(n.fields, field{name: name, key: `"` + name + `":`, offset: f.Offset, omitEmpty: omitEmpty, node: fn})
	}
	return len(n.fields) <= maxFields
}

// plainName reports whether a JSON name is letters, digits, '_' and '-',
// which encoding/json takes as written.
func plainName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return s != ""
}

// The unsafe reads and writes of the plans, by the node's kind and size.

func setInt(p unsafe.Pointer, size uintptr, i int64) {
	switch size {
	case 1:
		*(*int8)(p) = int8(i)
	case 2:
		*(*int16)(p) = int16(i)
	case 4:
		*(*int32)(p) = int32(i)
	default:
		*(*int64)(p) = i
	}
}

func getInt(p unsafe.Pointer, size uintptr) int64 {
	switch size {
	case 1:
		return int64(*(*int8)(p))
	case 2:
		return int64(*(*int16)(p))
	case 4:
		return int64(*(*int32)(p))
	}
	return *(*int64)(p)
}

func setUint(p unsafe.Pointer, size uintptr, u uint64) {
	switch size {
	case 1:
		*(*uint8)(p) = uint8(u)
	case 2:
		*(*uint16)(p) = uint16(u)
	case 4:
		*(*uint32)(p) = uint32(u)
	default:
		*(*uint64)(p) = u
	}
}

func getUint(p unsafe.Pointer, size uintptr) uint64 {
	switch size {
	case 1:
		return uint64(*(*uint8)(p))
	case 2:
		return uint64(*(*uint16)(p))
	case 4:
		return uint64(*(*uint32)(p))
	}
	return *(*uint64)(p)
}

func getFloat(p unsafe.Pointer, size uintptr) float64 {
	if size == 4 {
		return float64(*(*float32)(p))
	}
	return *(*float64)(p)
}

// intFits reports whether i fits a signed integer of size bytes.
func intFits(i int64, size uintptr) bool {
	if size >= 8 {
		return true
	}
	bits := size * 8
	return -1<<(bits-1) <= i && i < 1<<(bits-1)
}

// uintFits reports whether u fits an unsigned integer of size bytes.
func uintFits(u uint64, size uintptr) bool {
	return size >= 8 || u < 1<<(size*8)
}

// sliceAt reads the slice at p, of any element type, as its elements'
// address, its length and whether it is nil.
func sliceAt(p unsafe.Pointer) (data unsafe.Pointer, length int, isNil bool) {
	s := *(*[]byte)(p) // every slice has the one layout; only its header is read
	return unsafe.Pointer(unsafe.SliceData(s)), len(s), s == nil
}

// slice is v, a pointer to a slice of the node's type, as a reflect.Value,
// which grows it and knows where its elements are.
func (n *node) slice(p unsafe.Pointer) reflect.Value {
	return reflect.NewAt(n.typ, p).Elem()
}
