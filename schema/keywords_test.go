package schema_test

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/panther-go/panther/schema"
)

// keywords are the JSON Schema 2020-12 keywords, by vocabulary.
var keywords = strings.Fields(`
	$schema $id $ref $anchor $dynamicRef $dynamicAnchor $vocabulary $comment $defs
	prefixItems items contains additionalProperties properties patternProperties
	dependentSchemas propertyNames if then else allOf anyOf oneOf not
	unevaluatedItems unevaluatedProperties
	type const enum multipleOf maximum exclusiveMaximum minimum exclusiveMinimum
	maxLength minLength pattern maxItems minItems uniqueItems maxContains minContains
	maxProperties minProperties required dependentRequired
	title description default deprecated readOnly writeOnly examples
	format contentEncoding contentMediaType contentSchema`)

// formats are JSON Schema's formats and the ones OpenAPI 3.1 adds.
var knownFormats = strings.Fields(`date-time date time duration email idn-email hostname
	idn-hostname ipv4 ipv6 uri uri-reference iri iri-reference uuid uri-template
	json-pointer relative-json-pointer regex int32 int64 float double password`)

var jsonTypes = []string{"null", "boolean", "object", "array", "number", "string", "integer"}

// TestKeywords checks that every golden document has the shape of JSON
// Schema 2020-12: known keywords, values of the right JSON type, and
// references that resolve.
func TestKeywords(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.name, func(t *testing.T) {
			for _, err := range check(t, marshal(t, g.doc()), g.prefix) {
				t.Error(err)
			}
		})
	}
}

// TestKeywordsCheck makes sure check rejects what it should, so that
// TestKeywords passing means something.
func TestKeywordsCheck(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"misspelled keyword", `{"minimun": 1}`, `unknown keyword "minimun"`},
		{"nested misspelling", `{"properties": {"a": {"items": {"maxItem": 1}}}}`, `/properties/a/items: unknown keyword "maxItem"`},
		{"unknown type", `{"type": "int"}`, `unknown type "int"`},
		{"type array of non-strings", `{"type": [1]}`, `type is [1]`},
		{"negative length", `{"minLength": -1}`, `minLength is -1`},
		{"fractional count", `{"maxItems": 1.5}`, `maxItems is 1.5`},
		{"string bound", `{"minimum": "1"}`, `minimum is "1"`},
		{"required not in properties", `{"properties": {}, "required": ["a"]}`, `required "a" is not a property`},
		{"dangling ref", `{"$ref": "#/$defs/Nope"}`, `$ref "#/$defs/Nope" resolves to nothing`},
		{"foreign ref", `{"$ref": "other.json#/Nope"}`, `$ref "other.json#/Nope" does not start with`},
		{"unknown format", `{"format": "e-mail"}`, `unknown format "e-mail"`},
		{"bad pattern", `{"pattern": "("}`, `pattern "("`},
		{"empty enum", `{"enum": []}`, `enum is empty`},
		{"anyOf not an array", `{"anyOf": {}}`, `anyOf is not an array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := check(t, []byte(tt.doc), "#/$defs/")
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.want) {
				t.Errorf("check(%s) = %v, want one error containing %q", tt.doc, errs, tt.want)
			}
		})
	}
}

// TestSchemaFieldsAreKeywords checks the Schema type's own spelling.
func TestSchemaFieldsAreKeywords(t *testing.T) {
	for f := range reflect.TypeFor[schema.Schema]().Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !slices.Contains(keywords, name) {
			t.Errorf("Schema.%s marshals as %q, which is not a JSON Schema 2020-12 keyword", f.Name, name)
		}
	}
}

// check walks a marshalled document and lists what is not JSON Schema.
func check(t *testing.T, doc []byte, prefix string) []error {
	t.Helper()
	var root any
	if err := json.Unmarshal(doc, &root); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	defs, _ := root.(map[string]any)["$defs"].(map[string]any)
	c := &checker{prefix: prefix, defs: defs}
	c.schema("", root)
	return c.errs
}

type checker struct {
	prefix string
	defs   map[string]any
	errs   []error
}

func (c *checker) fail(path, format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%s: %s", "/"+strings.TrimPrefix(path, "/"), fmt.Sprintf(format, args...)))
}

// schema checks one schema, a boolean or an object, and its subschemas.
func (c *checker) schema(path string, v any) {
	if _, ok := v.(bool); ok {
		return
	}
	obj, ok := v.(map[string]any)
	if !ok {
		c.fail(path, "a schema is an object or a boolean, not %v", v)
		return
	}
	for key, val := range obj {
		at := path + "/" + key
		if !slices.Contains(keywords, key) {
			c.fail(path, "unknown keyword %q", key)
			continue
		}
		c.value(at, key, val, obj)
	}
}

// value checks one keyword's value.
func (c *checker) value(at, key string, val any, obj map[string]any) {
	switch key {
	case "properties", "patternProperties", "$defs", "dependentSchemas":
		m, ok := val.(map[string]any)
		if !ok {
			c.fail(at, "%s is not an object", key)
		}
		for name, sub := range m {
			c.schema(at+"/"+name, sub)
		}
	case "items", "additionalProperties", "contains", "propertyNames", "if", "then", "else",
		"not", "unevaluatedItems", "unevaluatedProperties", "contentSchema":
		c.schema(at, val)
	case "prefixItems", "allOf", "anyOf", "oneOf":
		list, ok := val.([]any)
		if !ok || len(list) == 0 {
			c.fail(at, "%s is not an array of schemas", key)
		}
		for i, sub := range list {
			c.schema(fmt.Sprintf("%s/%d", at, i), sub)
		}
	default:
		c.scalar(at, key, val, obj)
	}
}

// scalar checks a keyword whose value is not a schema.
func (c *checker) scalar(at, key string, val any, obj map[string]any) {
	switch key {
	case "type":
		c.types(at, val)
	case "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minContains", "maxContains":
		if n, ok := val.(float64); !ok || n < 0 || n != math.Trunc(n) {
			c.fail(at, "%s is %s, not a non-negative integer", key, js(val))
		}
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf":
		if _, ok := val.(float64); !ok {
			c.fail(at, "%s is %s, not a number", key, js(val))
		}
	case "uniqueItems", "deprecated", "readOnly", "writeOnly":
		if _, ok := val.(bool); !ok {
			c.fail(at, "%s is %s, not a boolean", key, js(val))
		}
	case "enum", "examples":
		if list, ok := val.([]any); !ok || len(list) == 0 && key == "enum" {
			c.fail(at, "%s is empty or not an array", key)
		}
	case "required":
		c.required(at, val, obj)
	case "$ref":
		c.ref(at, val)
	case "format":
		if s, _ := val.(string); !slices.Contains(knownFormats, s) {
			c.fail(at, "unknown format %s", js(val))
		}
	case "pattern":
		if s, ok := val.(string); !ok || regexp.MustCompile(`\(\?[a-zA-Z]`).MatchString(s) || !compiles(s) {
			c.fail(at, "pattern %s is not a regular expression both Go and ECMA 262 read", js(val))
		}
	case "$schema", "description", "title", "contentEncoding", "contentMediaType", "$comment", "$id", "$anchor":
		if _, ok := val.(string); !ok {
			c.fail(at, "%s is %s, not a string", key, js(val))
		}
	}
}

func (c *checker) types(at string, val any) {
	names := []any{val}
	if list, ok := val.([]any); ok {
		names = list
	}
	for _, n := range names {
		s, ok := n.(string)
		if !ok {
			c.fail(at, "type is %s, not a type name or a list of them", js(val))
			return
		}
		if !slices.Contains(jsonTypes, s) {
			c.fail(at, "unknown type %q", s)
		}
	}
}

func (c *checker) required(at string, val any, obj map[string]any) {
	list, ok := val.([]any)
	if !ok {
		c.fail(at, "required is not an array")
		return
	}
	props, _ := obj["properties"].(map[string]any)
	for _, n := range list {
		if _, ok := props[n.(string)]; !ok {
			c.fail(at, "required %q is not a property", n)
		}
	}
}

func (c *checker) ref(at string, val any) {
	s, _ := val.(string)
	name, ok := strings.CutPrefix(s, c.prefix)
	if !ok {
		c.fail(at, "$ref %q does not start with %q", s, c.prefix)
		return
	}
	if _, ok := c.defs[name]; !ok {
		c.fail(at, "$ref %q resolves to nothing in $defs", s)
	}
}

func compiles(pattern string) bool {
	_, err := regexp.Compile(pattern)
	return err == nil
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
