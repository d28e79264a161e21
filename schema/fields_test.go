package schema_test

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/panther-go/panther/schema"
)

type Inner struct {
	Deep string `json:"deep"`
}

type Left struct{ Inner }

type Right struct{ Inner }

// twice embeds Inner twice at one depth, through Left and Right:
// encoding/json writes neither copy of deep. It is built with reflect, as
// go vet rightly flags such a struct in source.
var twice = reflect.StructOf([]reflect.StructField{
	{Name: "Left", Type: reflect.TypeFor[Left](), Anonymous: true},
	{Name: "Right", Type: reflect.TypeFor[Right](), Anonymous: true},
})

// Shadow embeds Inner directly and through Left: the shallower one wins.
type Shadow struct {
	Inner
	Left
}

type Tagged struct {
	Name string
}

// Prefer has two untagged Names at one depth, and a tagged one, which wins.
type Prefer struct {
	Tagged
	Other
}

type Other struct {
	Name string `json:"Name"`
}

// TestPropertiesMatchEncodingJSON checks the property names against the
// keys encoding/json writes for the same value.
func TestPropertiesMatchEncodingJSON(t *testing.T) {
	tests := []struct {
		name  string
		value any
	}{
		{"every kind", Kinds{}},
		{"embedded structs", Embedding{Audit: &Audit{}, Owner: &Owner{}}},
		{"embedded twice at one depth", reflect.New(twice).Elem().Interface()},
		{"shallower embedding wins", Shadow{}},
		{"tagged field wins", Prefer{}},
		{"validate tags", Rules{}},
		{"pointers", Nullable{}},
		{"generics", Feeds{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.value)
			if err != nil {
				t.Fatal(err)
			}
			var keys map[string]any
			if err := json.Unmarshal(b, &keys); err != nil {
				t.Fatal(err)
			}
			obj := object(t, schema.Options{}, reflect.TypeOf(tt.value))
			got, want := slices.Sorted(maps.Keys(obj.Properties)), slices.Sorted(maps.Keys(keys))
			if !slices.Equal(got, want) {
				t.Errorf("properties %q, encoding/json writes %q", got, want)
			}
		})
	}
}

func TestFieldNames(t *testing.T) {
	type fields struct {
		Tagged    string `json:"tagged"`
		Untagged  string
		OmitEmpty string `json:",omitempty"`
		Dash      string `json:"-"`
		DashComma string `json:"-,"`
		Invalid   string `json:"a\\b"`
		unexp     string
		Formed    string `form:"formed" json:"jsoned"`
		NoForm    string `form:"-" json:"noForm"`
		FormComma string `form:",omitempty" json:"fallback"`
	}
	_ = fields{}.unexp
	tests := []struct {
		name string
		tag  string
		want []string
	}{
		{"json", "", []string{"-", "Invalid", "OmitEmpty", "Untagged", "fallback", "jsoned", "noForm", "tagged"}},
		{"form", "form", []string{"-", "Invalid", "OmitEmpty", "Untagged", "fallback", "formed", "tagged"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := object(t, schema.Options{Tag: tt.tag}, reflect.TypeFor[fields]())
			if got := slices.Sorted(maps.Keys(s.Properties)); !slices.Equal(got, tt.want) {
				t.Errorf("Tag %q: properties %q, want %q", tt.tag, got, tt.want)
			}
		})
	}
}

func TestStringOption(t *testing.T) {
	tests := []struct {
		name string
		typ  reflect.Type
		tags string
		want string
	}{
		{"int", reflect.TypeFor[int](), `json:"f,string" validate:"min=1"`, `{"type":"string"}`},
		{"bool", reflect.TypeFor[bool](), `json:"f,string"`, `{"type":"string"}`},
		{"pointer", reflect.TypeFor[*float64](), `json:"f,omitempty,string"`, `{"type":["string","null"]}`},
		{"slice is not quoted", reflect.TypeFor[[]int](), `json:"f,string"`, `{"type":"array","items":{"type":"integer"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := reflect.StructOf([]reflect.StructField{{Name: "F", Type: tt.typ, Tag: reflect.StructTag(tt.tags)}})
			s := schema.NewRegistry(schema.Options{}).Schema(st)
			if got := compact(t, s.Properties["f"]); got != tt.want {
				t.Errorf("%v `%s`\n got: %s\nwant: %s", tt.typ, tt.tags, got, tt.want)
			}
		})
	}
}

func TestEmbeddedRequired(t *testing.T) {
	got := object(t, schema.Options{}, reflect.TypeFor[Embedding]()).Required
	// Base.ID is promoted and required; Audit.By is not: *Audit may be nil,
	// and the validator then skips its fields. *Owner may not.
	if want := []string{"id", "owner", "name"}; !slices.Equal(got, want) {
		t.Errorf("required = %q, want %q", got, want)
	}
}

func TestRequiredInFieldOrder(t *testing.T) {
	type ordered struct {
		Z string `json:"z" validate:"required"`
		A string `json:"a" validate:"required"`
		M string `json:"m"`
		B *int   `json:"b" validate:"required"`
	}
	s := object(t, schema.Options{}, reflect.TypeFor[ordered]())
	if want := []string{"z", "a", "b"}; !slices.Equal(s.Required, want) {
		t.Errorf("required = %q, want %q", s.Required, want)
	}
}

// With Output, a property is required when encoding/json always writes
// it — whatever its validate tag — and not when it may be left out.
func TestOutputRequired(t *testing.T) {
	type out struct {
		ID      int64   `json:"id"`
		Note    *string `json:"note"`           // written, as null or a string
		Tags    []int   `json:"tags,omitempty"` // may be left out
		When    string  `json:"when,omitzero"`  // may be left out
		Checked string  `json:"checked" validate:"required"`
		Secret  string  `json:"-"`
	}
	s := object(t, schema.Options{Output: true}, reflect.TypeFor[out]())
	if want := []string{"id", "note", "checked"}; !slices.Equal(s.Required, want) {
		t.Errorf("output required = %q, want %q", s.Required, want)
	}
	if got := object(t, schema.Options{}, reflect.TypeFor[out]()).Required; !slices.Equal(got, []string{"checked"}) {
		t.Errorf("input required = %q, want only what validate requires", got)
	}
	// An embedded pointer may be nil: its fields may be missing.
	if got := object(t, schema.Options{Output: true}, reflect.TypeFor[Embedding]()).Required; slices.Contains(got, "by") {
		t.Errorf("output required %q has a field of a nil-able embedded pointer", got)
	}
}
