package schema

import (
	"encoding/json"
	"reflect"
	"strings"
)

// object describes struct type t: each property with its schema, and the
// properties the validate tags require, in field order. A field whose type
// has no JSON form is left out.
func (r *Registry) object(t reflect.Type) *Schema {
	s := &Schema{Type: Types{"object"}}
	for _, f := range fields(t, r.tag()) {
		levels := parseRules(f.sf.Tag.Get("validate"))
		p, err := r.describe(f.sf.Type, levels)
		if err != nil {
			continue
		}
		if f.quoted {
			p = quoted(p)
		}
		annotate(p, f.sf.Tag)
		if s.Properties == nil {
			s.Properties = map[string]*Schema{}
		}
		s.Properties[f.name] = p
		switch {
		case f.optional:
		case r.opts.Output && !omitted(f.sf, r.tag()):
			s.Required = append(s.Required, f.name)
		case !r.opts.Output && len(levels) > 0 && has(levels[0], "required"):
			s.Required = append(s.Required, f.name)
		}
	}
	return s
}

// omitted reports whether encoding/json may leave the field out: its tag
// says omitempty or omitzero.
func omitted(f reflect.StructField, key string) bool {
	_, opts, _ := strings.Cut(f.Tag.Get(key), ",")
	for o := range strings.SplitSeq(opts, ",") {
		if o == "omitempty" || o == "omitzero" {
			return true
		}
	}
	return false
}

// annotate adds a field's `doc` tag as its description and its `example`
// tag as its one example: the text itself for a string, else the text read
// as JSON (an example that is not valid JSON is left out).
func annotate(s *Schema, tag reflect.StructTag) {
	if doc := tag.Get("doc"); doc != "" {
		s.Description = doc
	}
	ex, ok := tag.Lookup("example")
	if !ok {
		return
	}
	if s.Type.Has("string") {
		s.Examples = []any{ex}
		return
	}
	var v any
	if json.Unmarshal([]byte(ex), &v) == nil {
		s.Examples = []any{v}
	}
}
