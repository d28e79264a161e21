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
	b.mergeForms()
	b.sharedResponses()
	b.sharedHeaders()
	if len(c.Schemas) == 0 {
		c.Schemas = nil
	}
	if reflect.ValueOf(*c).IsZero() {
		b.doc.Components = nil
	}
}

// mergeForms adds the form schemas of the request bodies. Where a type
// reads the same as a form as in JSON (no `form` tag differs), the form
// bodies share its JSON definition; a definition that differs, or refers
// to one that differs, is added as NAME.form (no Go type's name holds a
// '.'), and the form bodies refer to that.
func (b *builder) mergeForms() {
	forms, shared := b.form.Defs(), b.doc.Components.Schemas
	differ := map[string]bool{}
	for name, def := range forms {
		if !sameJSON(def, shared[name]) {
			differ[name] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for name, def := range forms {
			if !differ[name] && refersTo(def, differ) {
				differ[name], changed = true, true
			}
		}
	}
	rename := func(s *schema.Schema) {
		walk(s, func(s *schema.Schema) {
			if name, ok := strings.CutPrefix(s.Ref, refPrefix); ok && differ[name] {
				s.Ref = refPrefix + name + ".form"
			}
		})
	}
	for name := range differ {
		rename(forms[name])
		shared[name+".form"] = forms[name]
	}
	for _, s := range b.formUses {
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
