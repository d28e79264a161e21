package schema_test

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/panther-go/panther/schema"
)

type NoteIn struct {
	Title string   `json:"title" validate:"required,min=1,max=100"`
	Body  string   `json:"body,omitempty" validate:"max=2000"`
	Tags  []string `json:"tags,omitempty" validate:"max=5,dive,min=1,max=20"`
}

func ExampleFor() {
	b, _ := json.MarshalIndent(schema.For[NoteIn](), "", "  ")
	fmt.Println(string(b))
	// Output:
	// {
	//   "$schema": "https://json-schema.org/draft/2020-12/schema",
	//   "$ref": "#/$defs/NoteIn",
	//   "$defs": {
	//     "NoteIn": {
	//       "type": "object",
	//       "properties": {
	//         "body": {
	//           "type": "string",
	//           "maxLength": 2000
	//         },
	//         "tags": {
	//           "type": "array",
	//           "items": {
	//             "type": "string",
	//             "minLength": 1,
	//             "maxLength": 20
	//           },
	//           "maxItems": 5
	//         },
	//         "title": {
	//           "type": "string",
	//           "minLength": 1,
	//           "maxLength": 100
	//         }
	//       },
	//       "required": [
	//         "title"
	//       ]
	//     }
	//   }
	// }
}

type NoteOut struct {
	ID     int64   `json:"id"`
	Note   NoteIn  `json:"note"`
	Parent *NoteIn `json:"parent"`
}

// An OpenAPI document keeps its schemas under components: one Registry
// describes every body, and its definitions become components.schemas.
func ExampleRegistry() {
	r := schema.NewRegistry(schema.Options{RefPrefix: "#/components/schemas/"})
	out := r.Schema(reflect.TypeFor[NoteOut]())
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
	def, _ := json.Marshal(r.Defs()["NoteOut"])
	fmt.Println(string(def))
	fmt.Println(len(r.Defs()), "definitions")
	// Output:
	// {"$ref":"#/components/schemas/NoteOut"}
	// {"type":"object","properties":{"id":{"type":"integer","format":"int64"},"note":{"$ref":"#/components/schemas/NoteIn"},"parent":{"anyOf":[{"$ref":"#/components/schemas/NoteIn"},{"type":"null"}]}}}
	// 2 definitions
}
