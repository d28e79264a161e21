package jsonplan_test

import (
	"fmt"
	"reflect"

	"github.com/panther-go/panther/internal/jsonplan"
)

func Example() {
	type NoteIn struct {
		Title string   `json:"title"`
		Tags  []string `json:"tags,omitempty"`
	}
	plan, ok := jsonplan.Compile(reflect.TypeFor[NoteIn]())
	fmt.Println("compiled:", ok)

	var in NoteIn
	fmt.Println(plan.Decode([]byte(`{"title":"milk","tags":["shop"]}`), reflect.ValueOf(&in)), in)
	// A key in other case is encoding/json's to match: the plan gives up.
	fmt.Println(plan.Decode([]byte(`{"Title":"milk"}`), reflect.ValueOf(new(NoteIn))))

	out, ok := jsonplan.Append(nil, in)
	fmt.Println(string(out), ok)
	// Output:
	// compiled: true
	// true {milk [shop]}
	// false
	// {"title":"milk","tags":["shop"]} true
}
