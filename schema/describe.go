package schema

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"
)

var (
	timeType      = reflect.TypeFor[time.Time]()
	durationType  = reflect.TypeFor[time.Duration]()
	numberType    = reflect.TypeFor[json.Number]()
	marshalerType = reflect.TypeFor[json.Marshaler]()
	textType      = reflect.TypeFor[encoding.TextMarshaler]()
	describerType = reflect.TypeFor[Describer]()
)

// describe returns the schema of t constrained by the validate rules in
// levels: levels[0] applies to t itself, levels[1] to its elements (after
// the first "dive"), and so on. Pointers make the schema nullable unless
// the rules reject nil, as the validator does.
func (r *Registry) describe(t reflect.Type, levels [][]rule) (*Schema, error) {
	base, ptr := t, false
	for base.Kind() == reflect.Pointer {
		base, ptr = base.Elem(), true
	}
	var here []rule
	if len(levels) > 0 {
		here, levels = levels[0], levels[1:]
	}
	s, err := r.bare(base, levels)
	if err != nil {
		return nil, err
	}
	constrain(s, base, here, ptr)
	if ptr && acceptsNil(here, len(levels) > 0) {
		s = nullable(s)
	}
	return s, nil
}

// bare returns the schema of t, which is not a pointer, from its type
// alone; inner are the validate levels for its elements.
func (r *Registry) bare(t reflect.Type, inner [][]rule) (*Schema, error) {
	switch {
	case t.Kind() == reflect.Interface:
		return &Schema{}, nil // any value, whatever its methods
	case implements(t, describerType):
		return described(t), nil
	case t == timeType:
		return &Schema{Type: Types{"string"}, Format: "date-time"}, nil
	case t == numberType:
		return &Schema{Type: Types{"number"}}, nil
	case implements(t, marshalerType):
		return &Schema{}, nil // MarshalJSON may write anything
	case implements(t, textType):
		return &Schema{Type: Types{"string"}}, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return &Schema{Type: Types{"boolean"}}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return integer(t.Kind()), nil
	case reflect.Float32:
		return &Schema{Type: Types{"number"}, Format: "float"}, nil
	case reflect.Float64:
		return &Schema{Type: Types{"number"}, Format: "double"}, nil
	case reflect.String:
		return &Schema{Type: Types{"string"}}, nil
	case reflect.Slice, reflect.Array:
		return r.array(t, inner)
	case reflect.Map:
		return r.dict(t, inner)
	case reflect.Struct:
		if t.Name() == "" {
			return r.object(t), nil
		}
		return r.ref(t), nil
	}
	return nil, fmt.Errorf("%v has no JSON form", t)
}

// array describes slices and arrays. A byte slice is a base64 string, as
// encoding/json writes it; a Go array has exactly its length of items.
func (r *Registry) array(t reflect.Type, inner [][]rule) (*Schema, error) {
	if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 &&
		!implements(t.Elem(), marshalerType) && !implements(t.Elem(), textType) {
		return &Schema{Type: Types{"string"}, ContentEncoding: "base64"}, nil
	}
	items, err := r.describe(t.Elem(), inner)
	if err != nil {
		return nil, err
	}
	s := &Schema{Type: Types{"array"}, Items: items}
	if t.Kind() == reflect.Array {
		s.MinItems, s.MaxItems = intPtr(t.Len()), intPtr(t.Len())
	}
	return s, nil
}

// dict describes a map as an object whose values all have one schema.
// Keys are strings on the wire, whatever their Go type.
func (r *Registry) dict(t reflect.Type, inner [][]rule) (*Schema, error) {
	switch t.Key().Kind() {
	case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
	default:
		if !implements(t.Key(), textType) {
			return nil, errors.New("map keys must be strings, integers or encoding.TextMarshalers")
		}
	}
	values, err := r.describe(t.Elem(), inner)
	if err != nil {
		return nil, err
	}
	return &Schema{Type: Types{"object"}, AdditionalProperties: values}, nil
}

// integer describes an integer kind: its OpenAPI format where one exists,
// and the bounds of the small kinds, which encoding/json enforces.
func integer(k reflect.Kind) *Schema {
	s := &Schema{Type: Types{"integer"}}
	switch k {
	case reflect.Int8:
		s.Minimum, s.Maximum = floatPtr(-1<<7), floatPtr(1<<7-1)
	case reflect.Int16:
		s.Minimum, s.Maximum = floatPtr(-1<<15), floatPtr(1<<15-1)
	case reflect.Int32:
		s.Format = "int32"
	case reflect.Int64:
		s.Format = "int64"
	case reflect.Uint8:
		s.Minimum, s.Maximum = floatPtr(0), floatPtr(1<<8-1)
	case reflect.Uint16:
		s.Minimum, s.Maximum = floatPtr(0), floatPtr(1<<16-1)
	case reflect.Uint32:
		s.Minimum, s.Maximum = floatPtr(0), floatPtr(1<<32-1)
	case reflect.Uint, reflect.Uint64, reflect.Uintptr:
		s.Minimum = floatPtr(0)
	}
	return s
}

// described is a copy of the schema t gives itself, so that constraints
// added to it do not leak into the value its JSONSchema method returns.
func described(t reflect.Type) *Schema {
	s := reflect.New(t).Interface().(Describer).JSONSchema()
	if s == nil {
		return &Schema{}
	}
	c := *s
	return &c
}

// implements reports whether t or *t has the methods of iface, as
// encoding/json checks for its marshalers.
func implements(t, iface reflect.Type) bool {
	return t.Implements(iface) || reflect.PointerTo(t).Implements(iface)
}

func intPtr(n int) *int { return &n }

func floatPtr(f float64) *float64 { return &f }
