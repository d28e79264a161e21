// Package schema turns Go types into JSON Schema 2020-12, the dialect of
// OpenAPI 3.1, from the same struct tags that decode and validate them: a
// request or response body is a Go struct whose `json` tags (or `form`
// tags) name its fields on the wire and whose `validate` tags
// (go-playground/validator v10) constrain them. Describing the struct
// instead of writing its schema by hand keeps the documentation from
// drifting away from validation.
//
// For returns a standalone document. A Registry describes many types for
// one OpenAPI document: each named struct type becomes one definition,
// referred to by "$ref" wherever it is used.
//
// # Go types
//
//	bool                         {"type": "boolean"}
//	int, uint, uintptr           {"type": "integer"}, unsigned ones with "minimum": 0
//	int8, int16, uint8…uint32    also their bounds, which encoding/json enforces
//	int32, int64                 also "format": "int32", "int64"
//	float32, float64             {"type": "number", "format": "float"}, "double"
//	string                       {"type": "string"}
//	[]byte                       {"type": "string", "contentEncoding": "base64"}
//	[]T                          {"type": "array", "items": T}
//	[N]T                         also "minItems" and "maxItems": N
//	map[K]V                      {"type": "object", "additionalProperties": V}
//	                             (K a string, an integer or a TextMarshaler)
//	struct                       {"type": "object", "properties": …, "required": …}
//	named struct                 {"$ref": RefPrefix + name}, defined once
//	*T                           T, nullable (see below)
//	interface types, any         {} (any value)
//	time.Time                    {"type": "string", "format": "date-time"}
//	time.Duration                {"type": "integer", "format": "int64"} (nanoseconds)
//	json.Number                  {"type": "number"}
//	json.Marshaler               {} (json.RawMessage too): MarshalJSON may write anything
//	encoding.TextMarshaler       {"type": "string"}
//	Describer                    what its JSONSchema method returns
//
// A url.URL is a struct to encoding/json, and is described as one: carry
// URLs as strings with `validate:"url"`. Channels, functions, complex
// numbers and unsafe pointers have no JSON form: a struct field of such a
// type is left out, and Registry.Schema panics when asked for one.
//
// # Fields
//
// Fields are named and flattened as encoding/json does: the tag names a
// field (`json:"title,omitempty"`), the Go name is used when it does not,
// `json:"-"` and unexported fields are left out, and the fields of an
// embedded struct (or pointer to struct) without a tag name join its
// parent's, the shallowest winning a name clash. The ",string" option
// makes a scalar field a string. With Options.Tag set to "form", the
// `form` tag names fields, then the `json` tag, then the Go name.
//
// A `doc:"…"` tag becomes the description and an `example:"…"` tag the one
// example: the text for a string, the text read as JSON for anything else.
//
// # Validate tags
//
// A property is listed as required only when its tag says `required`;
// `omitempty` on the json tag does not make a field optional. (With
// Options.Output, for what a server writes, it is the other way round:
// every property encoding/json always writes is required.) A
// required string also gets "minLength": 1, since the validator rejects ""
// there. The rules apply by the Go kind of the field, as the validator's
// do:
//
//	min, max, len         strings: minLength, maxLength (len sets both)
//	                      slices, arrays: minItems, maxItems
//	                      maps: minProperties, maxProperties
//	                      numbers: minimum, maximum (len sets both)
//	gt, gte, lt, lte      numbers: exclusiveMinimum, minimum, exclusiveMaximum, maximum
//	                      sizes: as min and max, gt=3 giving 4 and lt=3 giving 2
//	eq                    strings, numbers, bools: const; sizes: as len
//	oneof=a b 'c d'       enum, typed by kind: strings, or integers
//	email                 format email
//	url, uri, http_url    format uri
//	uuid, uuid4, …        format uuid
//	datetime=layout       format date-time for RFC 3339 layouts (and none given),
//	                      date for 2006-01-02, none for other layouts
//	ipv4, ipv6            format ipv4, ipv6 ("ip" accepts both and gets no format)
//	hostname, fqdn        format hostname
//	alpha, alphanum,      pattern, the validator's own regular expression
//	numeric, number
//	unique                uniqueItems (slices and arrays; not unique=Field)
//	dive                  the rules after it apply to the items (or map values)
//
// Rules the table does not list are ignored, as are the key rules
// ("keys,…,endkeys") and alternatives ("email|url"): a schema never fails
// to build because of a tag. Durations take "1h30m" or nanoseconds,
// integers any base Go reads ("0x10"), as the validator does. Rules do not
// reach a value whose wire form differs from its Go kind (a time.Time, a
// []byte, a ",string" field, a json.Number).
//
// Where JSON Schema cannot say what the validator does, the schema is
// looser or stricter on the zero value: `omitempty` (which lets "" or 0
// through any rule) is ignored, and "required" on a number or bool (which
// rejects 0 or false) only lists the field as required.
//
// # Pointers and null
//
// A pointer field is optional and nullable: its type gains "null" ("type":
// ["string", "null"], with null added to any enum), and a reference
// becomes {"anyOf": [{"$ref": …}, {"type": "null"}]}. As in the validator,
// a nil pointer fails every rule unless the tag starts with `omitempty`
// (or omitnil, or a conditional rule such as required_if), so a pointer
// whose tag has other rules (`validate:"min=1"`, or "required") is not
// nullable; write `validate:"omitempty,min=1"` for an optional one. Fields
// promoted from an embedded pointer are never required, since the
// validator skips them when that pointer is nil. Slices and maps are not
// nullable, though encoding/json writes a nil one as null: return empty
// ones, or use a pointer.
//
// # Definition names
//
// A named struct type is defined under its Go name: Note, and Page_Note
// for the generic Page[Note] (characters outside [A-Za-z0-9_] become "_").
// When two types share a name, both are prefixed with the last element of
// their package path (tour_Note, billing_Note); if that is still shared,
// with the whole path (example_com_app_tour_Note). Names depend only on
// the set of types described, not on their order, so a Registry renames a
// definition — and updates the "$ref"s it handed out — when a clashing
// type arrives. Recursive types refer to their own definition.
package schema
