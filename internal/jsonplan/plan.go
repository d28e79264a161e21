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
)

// Plan decodes JSON objects into one struct type.
type Plan struct {
	root *node
}

// node is how the plans read or write one Go type.
type node struct {
	kind   reflect.Kind
	typ    reflect.Type
	bits   int     // a float's
	elem   *node   // a slice's element, a pointer's target
	fields []field // a struct's
}

// field is a struct field by its JSON name.
type field struct {
	name      string
	key       string // `"name":`, as encoding writes it
	index     int
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
}

var (
	reading = way{methods: [2]reflect.Type{jsonUnmarshaler, textUnmarshaler}, options: map[string]bool{"omitempty": true, "omitzero": true}}
	writing = way{methods: [2]reflect.Type{jsonMarshaler, textMarshaler}, options: map[string]bool{"omitempty": true}}
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
	return &Plan{root: n}, true
}

// compile builds the node of t for w; open holds the types being built,
// so a recursive type is refused.
func compile(t reflect.Type, w way, open map[reflect.Type]bool) (*node, bool) {
	for _, m := range w.methods {
		if t.Implements(m) || reflect.PointerTo(t).Implements(m) {
			return nil, false
		}
	}
	n := &node{kind: t.Kind(), typ: t}
	switch t.Kind() {
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return n, true
	case reflect.Float32, reflect.Float64:
		n.bits = t.Bits()
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
		n.fields = append(n.fields, field{name: name, key: `"` + name + `":`, index: i, omitEmpty: omitEmpty, node: fn})
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
