package schema

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// Options says how a Registry writes schemas. The zero value writes
// standalone JSON Schema documents from `json` tags.
type Options struct {
	// RefPrefix is prepended to a definition's name in "$ref". Default
	// "#/$defs/"; an OpenAPI document uses "#/components/schemas/".
	RefPrefix string

	// Tag is the struct tag that names fields. Default "json". Any other
	// tag ("form") falls back to the json tag, then to the Go field name,
	// as Panther's form binder does.
	Tag string

	// Output describes values a server writes rather than reads: a
	// property encoding/json always writes — no omitempty or omitzero, not
	// inside an embedded pointer that may be nil — is required, whatever
	// its validate tag, so a generated client need not treat it as
	// optional.
	Output bool
}

// Registry describes Go types and remembers the named struct types it met,
// so each becomes one reusable definition that every use refers to. The
// zero value is ready to use, with the default Options.
//
// A definition's name can change when a later type with the same name
// arrives (see the package documentation); the Registry then rewrites
// every "$ref" it handed out. Marshal schemas after the last call to
// Schema. A Registry is not safe for concurrent use: build one while
// registering routes, not per request.
type Registry struct {
	opts  Options
	defs  map[reflect.Type]*Schema   // the definition of each named struct
	order []reflect.Type             // defs' keys, in the order they were met
	names map[reflect.Type]string    // each definition's current name
	refs  map[reflect.Type][]*Schema // every {"$ref"} handed out, for renames
}

// NewRegistry returns an empty Registry writing schemas with opts.
func NewRegistry(opts Options) *Registry {
	return &Registry{opts: opts}
}

// For returns a standalone document describing T: the schema of T with
// "$schema" set to Dialect and "$defs" holding the named struct types it
// uses.
func For[T any]() *Schema {
	var r Registry
	s := r.Schema(reflect.TypeFor[T]())
	s.Schema = Dialect
	s.Defs = r.Defs()
	return s
}

// Schema returns the schema of t. A named struct type gives {"$ref": …}
// and its definition is recorded for Defs; every other type is described
// inline. Schema panics for a type encoding/json cannot marshal (a
// channel, a function, a complex number, an unsafe pointer, a map with
// unsupported keys), since asking for its schema is a programmer error.
func (r *Registry) Schema(t reflect.Type) *Schema {
	s, err := r.describe(t, nil)
	if err != nil {
		panic(fmt.Sprintf("schema: cannot describe %v: %v; describe a type encoding/json can marshal, or leave the field out with `json:\"-\"`", t, err))
	}
	return s
}

// Field describes one struct field as its own value, with its validate
// rules, its doc and example tags and, from its `default` tag read as the
// field's type, its default: the schema of a request parameter. It panics
// as Schema does.
func (r *Registry) Field(f reflect.StructField) *Schema {
	s, err := r.describe(f.Type, parseRules(f.Tag.Get("validate")))
	if err != nil {
		panic(fmt.Sprintf("schema: cannot describe field %s %v: %v", f.Name, f.Type, err))
	}
	annotate(s, f.Tag)
	if def, ok := f.Tag.Lookup("default"); ok {
		s.Default = def
		var v any
		if !s.Type.Has("string") && json.Unmarshal([]byte(def), &v) == nil {
			s.Default = v
		}
	}
	return s
}

// Defs returns the definitions recorded so far, by name. The schemas are
// the Registry's own: later calls may complete them, so read them after
// the last call to Schema.
func (r *Registry) Defs() map[string]*Schema {
	out := make(map[string]*Schema, len(r.defs))
	for t, s := range r.defs {
		out[r.names[t]] = s
	}
	return out
}

// ref returns {"$ref": …} for the named struct type t, describing t first
// if it is new. The definition is registered before it is described, so a
// recursive type refers to itself instead of recursing forever.
func (r *Registry) ref(t reflect.Type) *Schema {
	if r.defs == nil {
		r.defs = map[reflect.Type]*Schema{}
		r.names = map[reflect.Type]string{}
		r.refs = map[reflect.Type][]*Schema{}
	}
	if _, ok := r.defs[t]; !ok {
		def := &Schema{}
		r.defs[t] = def
		r.order = append(r.order, t)
		r.rename()
		*def = *r.object(t)
	}
	s := &Schema{Ref: r.prefix() + r.names[t]}
	r.refs[t] = append(r.refs[t], s)
	return s
}

// rename gives every definition its name among all definitions known now,
// and points the references handed out so far at the new names.
func (r *Registry) rename() {
	for t, name := range defNames(r.order) {
		if r.names[t] == name {
			continue
		}
		r.names[t] = name
		for _, s := range r.refs[t] {
			s.Ref = r.prefix() + name
		}
	}
}

func (r *Registry) prefix() string {
	if r.opts.RefPrefix == "" {
		return "#/$defs/"
	}
	return r.opts.RefPrefix
}

func (r *Registry) tag() string {
	if r.opts.Tag == "" {
		return "json"
	}
	return r.opts.Tag
}
