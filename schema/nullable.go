package schema

import "slices"

// nullable returns s widened to accept null: "null" joins its type (and
// its enum, which would reject null otherwise); a reference becomes
// {"anyOf": [{"$ref": …}, {"type": "null"}]}, the form OpenAPI 3.1 tools
// read as a nullable reference. A schema with no type accepts null already.
func nullable(s *Schema) *Schema {
	switch {
	case s.Ref != "":
		return &Schema{AnyOf: []*Schema{s, {Type: Types{"null"}}}}
	case len(s.Type) == 0 || s.Type.Has("null"):
		return s
	}
	s.Type = append(slices.Clip(s.Type), "null")
	if s.Const != nil {
		s.Enum, s.Const = []any{s.Const}, nil
	}
	if s.Enum != nil {
		s.Enum = append(slices.Clip(s.Enum), nil)
	}
	return s
}

// quoted is the schema of a field with the json ",string" option: a
// string holding the value's JSON, null still allowed for a pointer.
// Rules on the value are not carried over: they would measure the string.
func quoted(s *Schema) *Schema {
	q := &Schema{Type: Types{"string"}}
	if s.Type.Has("null") {
		q.Type = append(q.Type, "null")
	}
	return q
}
