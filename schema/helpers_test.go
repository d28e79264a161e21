package schema_test

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/panther-go/panther/schema"
)

// property describes a struct with one field, f, of type typ and the given
// tags, and returns the field's schema as compact JSON and whether the
// struct requires it.
func property(t *testing.T, typ reflect.Type, tags string) (string, bool) {
	t.Helper()
	st := reflect.StructOf([]reflect.StructField{{
		Name: "F",
		Type: typ,
		Tag:  reflect.StructTag(`json:"f" ` + tags),
	}})
	s := schema.NewRegistry(schema.Options{}).Schema(st)
	p, ok := s.Properties["f"]
	if !ok {
		t.Fatalf("field of type %v with tags %s: no property", typ, tags)
	}
	return compact(t, p), slices.Contains(s.Required, "f")
}

func compact(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return string(b)
}

// object describes the struct type typ and returns its object schema:
// its definition when it is named.
func object(t *testing.T, opts schema.Options, typ reflect.Type) *schema.Schema {
	t.Helper()
	r := schema.NewRegistry(opts)
	s := r.Schema(typ)
	if s.Ref == "" {
		return s
	}
	def, ok := r.Defs()[typ.Name()]
	if !ok {
		t.Fatalf("no definition named %s among %v", typ.Name(), slices.Collect(maps.Keys(r.Defs())))
	}
	return def
}
