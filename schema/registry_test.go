package schema_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/panther-go/panther/schema"
)

func TestRegistryZeroValue(t *testing.T) {
	var r schema.Registry
	if got, want := compact(t, r.Schema(reflect.TypeFor[[]Point]())), `{"type":"array","items":{"$ref":"#/$defs/Point"}}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if _, ok := r.Defs()["Point"]; !ok {
		t.Errorf("Defs() = %v, want Point defined", r.Defs())
	}
}

func TestRegistryDefinesOnce(t *testing.T) {
	r := schema.NewRegistry(schema.Options{})
	first := r.Schema(reflect.TypeFor[Point]())
	def := r.Defs()["Point"]
	second := r.Schema(reflect.TypeFor[*Point]())
	if len(r.Defs()) != 1 || r.Defs()["Point"] != def {
		t.Errorf("describing Point twice changed its definition: %v", r.Defs())
	}
	if first == second.AnyOf[0] {
		t.Error("two uses share one $ref schema; a field's description would leak into the other")
	}
}

func TestRefPrefix(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		want   string
	}{
		{"default", "", "#/$defs/Point"},
		{"OpenAPI", "#/components/schemas/", "#/components/schemas/Point"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := schema.NewRegistry(schema.Options{RefPrefix: tt.prefix}).Schema(reflect.TypeFor[Point]())
			if s.Ref != tt.want {
				t.Errorf("$ref %q, want %q", s.Ref, tt.want)
			}
		})
	}
}

func TestForTopLevel(t *testing.T) {
	tests := []struct {
		name string
		doc  *schema.Schema
		want string
	}{
		{"scalar", schema.For[int](), `{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer"}`},
		{"pointer", schema.For[*Point](), `{"$schema":"https://json-schema.org/draft/2020-12/schema","anyOf":[{"$ref":"#/$defs/Point"},{"type":"null"}],"$defs":{"Point":{"type":"object","properties":{"x":{"type":"number","format":"double"},"y":{"type":"number","format":"double"}}}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := compact(t, tt.doc); got != tt.want {
				t.Errorf("\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

func TestTypesJSON(t *testing.T) {
	tests := []struct {
		name  string
		types schema.Types
		json  string
	}{
		{"one type is a string", schema.Types{"string"}, `"string"`},
		{"several are an array", schema.Types{"string", "null"}, `["string","null"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := compact(t, tt.types); got != tt.json {
				t.Errorf("Marshal(%q) = %s, want %s", tt.types, got, tt.json)
			}
			var back schema.Types
			if err := json.Unmarshal([]byte(tt.json), &back); err != nil || !reflect.DeepEqual(back, tt.types) {
				t.Errorf("Unmarshal(%s) = %q, %v; want %q", tt.json, back, err, tt.types)
			}
		})
	}
}

// TestRoundTrip reads each golden document into a Schema and writes it
// again, unchanged: no keyword the package writes is lost on the way back.
func TestRoundTrip(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.name, func(t *testing.T) {
			want := marshal(t, g.doc())
			var s schema.Schema
			if err := json.Unmarshal(want, &s); err != nil {
				t.Fatal(err)
			}
			if got := marshal(t, &s); string(got) != string(want) {
				t.Errorf("round trip changed the document:\n%s", lineDiff(string(got), string(want)))
			}
		})
	}
}
