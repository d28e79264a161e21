package openapi

import (
	"encoding/json"
	"reflect"
	"strings"

	"github.com/panther-go/panther/schema"
)

// finish completes the document once every route is in: the shared
// schemas, responses, headers and security schemes.
func (b *builder) finish() {
	c := b.doc.Components
	c.Schemas = b.json.Defs()
	b.merge(b.form.Defs(), b.formUses, ".form")
	b.merge(b.out.Defs(), b.outUses, ".output")
	b.sharedResponses()
	b.sharedHeaders()
	if len(c.Schemas) == 0 {
		c.Schemas = nil
	}
	if reflect.ValueOf(*c).IsZero() {
		b.doc.Components = nil
	}
}

// merge adds the definitions of another registry — the form bodies', or
// the responses' — to the document's. Where a type reads the same there as
// in the JSON request bodies, they share one definition; one that differs,
// or refers to one that differs, is added as NAME+suffix (".form",
// ".output": no Go type's name holds a '.'), and the schemas handed out
// (uses) refer to that. One the JSON bodies lack takes its plain name.
func (b *builder) merge(defs map[string]*schema.Schema, uses []*schema.Schema, suffix string) {
	shared := b.doc.Components.Schemas
	if shared == nil {
		shared = map[string]*schema.Schema{}
		b.doc.Components.Schemas = shared
	}
	differ := map[string]bool{}
	only := map[string]bool{} // not among the JSON bodies: the plain name is free
	for name, def := range defs {
		switch {
		case shared[name] == nil:
			only[name] = true
		case !sameJSON(def, shared[name]):
			differ[name] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for name, def := range defs {
			if !only[name] && !differ[name] && refersTo(def, differ) {
				differ[name], changed = true, true
			}
		}
	}
	rename := func(s *schema.Schema) {
		walk(s, func(s *schema.Schema) {
			if name, ok := strings.CutPrefix(s.Ref, refPrefix); ok && differ[name] {
				s.Ref = refPrefix + name + suffix
			}
		})
	}
	for name := range differ {
		rename(defs[name])
		shared[name+suffix] = defs[name]
	}
	for name := range only {
		rename(defs[name])
		shared[name] = defs[name]
	}
	for _, s := range uses {
		rename(s)
	}
}

func sameJSON(a, b *schema.Schema) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// refersTo reports whether s refers to a definition named in names.
func refersTo(s *schema.Schema, names map[string]bool) bool {
	found := false
	walk(s, func(s *schema.Schema) {
		if name, ok := strings.CutPrefix(s.Ref, refPrefix); ok && names[name] {
			found = true
		}
	})
	return found
}

// walk calls visit on s and every schema inside it.
func walk(s *schema.Schema, visit func(*schema.Schema)) {
	if s == nil {
		return
	}
	visit(s)
	for _, p := range s.Properties {
		walk(p, visit)
	}
	walk(s.AdditionalProperties, visit)
	walk(s.Items, visit)
	for _, a := range s.AnyOf {
		walk(a, visit)
	}
	for _, d := range s.Defs {
		walk(d, visit)
	}
}
