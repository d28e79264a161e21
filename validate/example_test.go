package validate_test

import (
	"fmt"
	"maps"
	"reflect"
	"slices"

	"github.com/panther-go/panther/validate"
)

func Example() {
	type NoteIn struct {
		Title string   `json:"title" validate:"required,min=1,max=100"`
		Tags  []string `json:"tags" validate:"max=5,dive,min=1,max=20"`
	}
	v := validate.New()
	errs := v.Struct(NoteIn{Tags: []string{"go", ""}})
	for _, path := range slices.Sorted(maps.Keys(errs)) {
		fmt.Printf("%s: %s\n", path, errs[path])
	}
	// Output:
	// tags.1: must be at least 1 character
	// title: is required
}

func ExampleCompileStruct() {
	type NoteIn struct {
		Title string   `json:"title" validate:"required,min=1,max=100"`
		Tags  []string `json:"tags" validate:"max=5,dive,min=1,max=20"`
	}
	// At registration: compile once, or keep using Struct when it cannot.
	plan, ok := validate.CompileStruct(reflect.TypeFor[NoteIn]())
	fmt.Println("compiled:", ok)

	// Per request: the same answers as Struct, without its cost.
	in := NoteIn{Title: "milk", Tags: []string{"shop", ""}}
	errs := plan.Check(reflect.ValueOf(&in).Elem())
	for _, path := range slices.Sorted(maps.Keys(errs)) {
		fmt.Printf("%s: %s\n", path, errs[path])
	}
	fmt.Println(plan.Check(reflect.ValueOf(NoteIn{Title: "milk"})) == nil)
	// Output:
	// compiled: true
	// tags.1: must be at least 1 character
	// true
}
