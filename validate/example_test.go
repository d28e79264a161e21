package validate_test

import (
	"fmt"
	"maps"
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
