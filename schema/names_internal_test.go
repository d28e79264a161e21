package schema

import (
	"reflect"
	"testing"
)

type box[T any] struct{ V T }

type item struct{}

func TestTypeNameLevels(t *testing.T) {
	typ := reflect.TypeFor[box[map[string]*item]]()
	tests := []struct {
		name  string
		level int
		want  string
	}{
		{"short", short, "box_map_string_item"},
		{"qualified", qualified, "schema_box_map_string_schema_item"},
		{"full", full, "github_com_panther_go_panther_schema_box_map_string_github_com_panther_go_panther_schema_item"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := typeName(typ, tt.level); got != tt.want {
				t.Errorf("typeName(%v, %d) = %q, want %q", typ, tt.level, got, tt.want)
			}
		})
	}
}

func TestLastElem(t *testing.T) {
	tests := []struct {
		name, path, want string
	}{
		{"plain", "example.com/app/tour", "tour"},
		{"major version", "example.com/app/tour/v2", "tour"},
		{"one element", "main", "main"},
		{"v alone is a name", "example.com/v", "v"},
		{"version-like name", "example.com/v2x", "v2x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lastElem(tt.path); got != tt.want {
				t.Errorf("lastElem(%q) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}
