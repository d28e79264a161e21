package schema

import (
	"encoding/json"
	"slices"
)

// Dialect is the "$schema" of a standalone document: JSON Schema 2020-12,
// the dialect OpenAPI 3.1 uses.
const Dialect = "https://json-schema.org/draft/2020-12/schema"

// Schema is a JSON Schema 2020-12 document or subschema. It marshals with
// encoding/json; absent keywords are nil or zero and vanish from the
// output. The zero Schema marshals as {}, which accepts any value.
type Schema struct {
	Schema      string `json:"$schema,omitempty"`
	Ref         string `json:"$ref,omitempty"`
	Description string `json:"description,omitempty"`

	Type             Types  `json:"type,omitempty"`
	Format           string `json:"format,omitempty"`
	ContentEncoding  string `json:"contentEncoding,omitempty"`
	ContentMediaType string `json:"contentMediaType,omitempty"`
	Enum             []any  `json:"enum,omitempty"`
	Const            any    `json:"const,omitempty"`

	Properties           map[string]*Schema `json:"properties,omitempty"`
	Required             []string           `json:"required,omitempty"` // in field order
	AdditionalProperties *Schema            `json:"additionalProperties,omitempty"`
	MinProperties        *int               `json:"minProperties,omitempty"`
	MaxProperties        *int               `json:"maxProperties,omitempty"`

	Items       *Schema `json:"items,omitempty"`
	MinItems    *int    `json:"minItems,omitempty"`
	MaxItems    *int    `json:"maxItems,omitempty"`
	UniqueItems bool    `json:"uniqueItems,omitempty"`

	MinLength *int   `json:"minLength,omitempty"`
	MaxLength *int   `json:"maxLength,omitempty"`
	Pattern   string `json:"pattern,omitempty"`

	// Bounds are float64: integers beyond ±2^53 lose precision.
	Minimum          *float64 `json:"minimum,omitempty"`
	ExclusiveMinimum *float64 `json:"exclusiveMinimum,omitempty"`
	Maximum          *float64 `json:"maximum,omitempty"`
	ExclusiveMaximum *float64 `json:"exclusiveMaximum,omitempty"`

	AnyOf    []*Schema          `json:"anyOf,omitempty"`
	Default  any                `json:"default,omitempty"`
	Examples []any              `json:"examples,omitempty"`
	Defs     map[string]*Schema `json:"$defs,omitempty"`
}

// Types is the "type" keyword: one JSON type, or several when a value may
// be one of them (["string", "null"] for a nullable string). One type
// marshals as a plain string.
type Types []string

// Has reports whether name is one of the types.
func (ts Types) Has(name string) bool { return slices.Contains(ts, name) }

// MarshalJSON writes one type as a string and several as an array.
func (ts Types) MarshalJSON() ([]byte, error) {
	if len(ts) == 1 {
		return json.Marshal(ts[0])
	}
	return json.Marshal([]string(ts))
}

// UnmarshalJSON reads a string or an array of strings; null leaves ts as
// it is.
func (ts *Types) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*ts = Types{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(ts))
}

// Describer is implemented by a type that knows its own schema better than
// its Go shape tells, such as a type with a MarshalJSON method. A Registry
// calls JSONSchema on a zero value and uses a copy of the result, adding
// what a field says about it: its description, the validate rules its Go
// kind takes, and null for a pointer.
type Describer interface {
	JSONSchema() *Schema
}
