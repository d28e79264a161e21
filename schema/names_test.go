package schema_test

import (
	"maps"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/panther-go/panther/schema"
	"github.com/panther-go/panther/schema/testdata/other"
)

// componentName is what OpenAPI allows as a key of components.schemas.
var componentName = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

func localA() reflect.Type {
	type Local struct{ A int }
	return reflect.TypeFor[Local]()
}

func localB() reflect.Type {
	type Local struct{ B int }
	return reflect.TypeFor[Local]()
}

func TestDefinitionNames(t *testing.T) {
	tests := []struct {
		name  string
		types []reflect.Type
		want  []string
	}{
		{"a type's own name", []reflect.Type{reflect.TypeFor[Point]()}, []string{"Point"}},
		{"types it uses", []reflect.Type{reflect.TypeFor[NoteOut]()}, []string{"NoteIn", "NoteOut"}},
		{"one name in two packages", []reflect.Type{reflect.TypeFor[Note](), reflect.TypeFor[other.Note]()},
			[]string{"other_Note", "schema_test_Note"}},
		{"a clash leaves other names short", []reflect.Type{reflect.TypeFor[Both](), reflect.TypeFor[Point]()},
			[]string{"Both", "Point", "other_Note", "schema_test_Note"}},
		{"generic", []reflect.Type{reflect.TypeFor[Page[Point]]()}, []string{"Page_Point", "Point"}},
		{"two type arguments", []reflect.Type{reflect.TypeFor[Pair[string, int]]()}, []string{"Pair_string_int"}},
		{"composite type argument", []reflect.Type{reflect.TypeFor[Page[map[string]*Point]]()},
			[]string{"Page_map_string_Point", "Point"}},
		{"generic clash", []reflect.Type{reflect.TypeFor[Page[Note]](), reflect.TypeFor[Page[other.Note]]()},
			[]string{"other_Note", "schema_test_Note", "schema_test_Page_other_Note", "schema_test_Page_schema_test_Note"}},
		{"local types of one package", []reflect.Type{localA(), localB()}, []string{"Local", "Local_2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := schema.NewRegistry(schema.Options{})
			for _, typ := range tt.types {
				r.Schema(typ)
			}
			got := slices.Sorted(maps.Keys(r.Defs()))
			if !slices.Equal(got, tt.want) {
				t.Errorf("definitions %q, want %q", got, tt.want)
			}
			for _, name := range got {
				if !componentName.MatchString(name) {
					t.Errorf("%q is not a valid OpenAPI component name", name)
				}
			}
		})
	}
}

// TestNamesIgnoreOrder describes clashing types in both orders: each type
// gets the same name either way, and the references handed out before the
// clash follow the rename.
func TestNamesIgnoreOrder(t *testing.T) {
	mine, theirs := reflect.TypeFor[Note](), reflect.TypeFor[other.Note]()
	tests := []struct {
		name  string
		order []reflect.Type
	}{
		{"mine first", []reflect.Type{mine, theirs}},
		{"theirs first", []reflect.Type{theirs, mine}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := schema.NewRegistry(schema.Options{})
			refs := map[reflect.Type]*schema.Schema{}
			for _, typ := range tt.order {
				refs[typ] = r.Schema(typ)
			}
			want := map[reflect.Type]string{mine: "#/$defs/schema_test_Note", theirs: "#/$defs/other_Note"}
			for typ, ref := range refs {
				if ref.Ref != want[typ] {
					t.Errorf("%v: $ref %q, want %q", typ, ref.Ref, want[typ])
				}
			}
		})
	}
}

func TestRecursion(t *testing.T) {
	tests := []struct {
		name string
		typ  reflect.Type
		path func(def *schema.Schema) *schema.Schema
		want string
	}{
		{"slice of itself", reflect.TypeFor[Tree](), func(d *schema.Schema) *schema.Schema {
			return d.Properties["children"].Items
		}, "#/$defs/Tree"},
		{"pointer to itself", reflect.TypeFor[Node](), func(d *schema.Schema) *schema.Schema {
			return d.Properties["next"].AnyOf[0]
		}, "#/$defs/Node"},
		{"through another type", reflect.TypeFor[Ping](), func(d *schema.Schema) *schema.Schema {
			return d.Properties["pong"].AnyOf[0]
		}, "#/$defs/Pong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := object(t, schema.Options{}, tt.typ)
			if got := tt.path(def).Ref; got != tt.want {
				t.Errorf("$ref %q, want %q", got, tt.want)
			}
		})
	}
}
