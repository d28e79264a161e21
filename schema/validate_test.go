package schema_test

import (
	"reflect"
	"testing"
	"time"
)

func TestValidateTags(t *testing.T) {
	var (
		str      = reflect.TypeFor[string]()
		integer  = reflect.TypeFor[int]()
		unsigned = reflect.TypeFor[uint]()
		float    = reflect.TypeFor[float64]()
		strs     = reflect.TypeFor[[]string]()
		dict     = reflect.TypeFor[map[string]int]()
	)
	tests := []struct {
		name     string
		typ      reflect.Type
		validate string
		want     string
		required bool
	}{
		{"no rules", str, ``, `{"type":"string"}`, false},
		{"required", integer, `required`, `{"type":"integer"}`, true},
		{"required string is not empty", str, `required`, `{"type":"string","minLength":1}`, true},
		{"required string keeps a larger min", str, `required,min=3`, `{"type":"string","minLength":3}`, true},
		{"required slice", strs, `required`, `{"type":"array","items":{"type":"string"}}`, true},
		{"omitempty is ignored", str, `omitempty,max=3`, `{"type":"string","maxLength":3}`, false},
		{"string min max", str, `min=1,max=100`, `{"type":"string","minLength":1,"maxLength":100}`, false},
		{"string len", str, `len=6`, `{"type":"string","minLength":6,"maxLength":6}`, false},
		{"string gt lt", str, `gt=3,lt=10`, `{"type":"string","minLength":4,"maxLength":9}`, false},
		{"string gte lte", str, `gte=3,lte=10`, `{"type":"string","minLength":3,"maxLength":10}`, false},
		{"string lt=0 is clamped", str, `lt=0`, `{"type":"string","maxLength":0}`, false},
		{"string eq", str, `eq=note`, `{"type":"string","const":"note"}`, false},
		{"hex length", str, `max=0x10`, `{"type":"string","maxLength":16}`, false},
		{"int min max", integer, `min=1,max=10`, `{"type":"integer","minimum":1,"maximum":10}`, false},
		{"int gt lt", integer, `gt=0,lt=10`, `{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":10}`, false},
		{"int gte lte", integer, `gte=-5,lte=5`, `{"type":"integer","minimum":-5,"maximum":5}`, false},
		{"int len", integer, `len=3`, `{"type":"integer","minimum":3,"maximum":3}`, false},
		{"int eq", integer, `eq=7`, `{"type":"integer","const":7}`, false},
		{"uint bound replaces 0", unsigned, `min=1`, `{"type":"integer","minimum":1}`, false},
		{"float bounds", float, `gt=0.5,lte=99.9`, `{"type":"number","format":"double","exclusiveMinimum":0.5,"maximum":99.9}`, false},
		{"duration bounds", reflect.TypeFor[time.Duration](), `min=1ms,max=1000`, `{"type":"integer","format":"int64","minimum":1000000,"maximum":1000}`, false},
		{"bool eq", reflect.TypeFor[bool](), `eq=true`, `{"type":"boolean","const":true}`, false},
		{"bad bound is ignored", integer, `min=ten`, `{"type":"integer"}`, false},
		{"slice min max", strs, `min=1,max=5`, `{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":5}`, false},
		{"slice gt", strs, `gt=1`, `{"type":"array","items":{"type":"string"},"minItems":2}`, false},
		{"slice eq", strs, `eq=2`, `{"type":"array","items":{"type":"string"},"minItems":2,"maxItems":2}`, false},
		{"slice unique", strs, `unique`, `{"type":"array","items":{"type":"string"},"uniqueItems":true}`, false},
		{"unique by field is not uniqueItems", reflect.TypeFor[[]Point](), `unique=X`, `{"type":"array","items":{"$ref":"#/$defs/Point"}}`, false},
		{"array len", reflect.TypeFor[[4]int](), `len=4`, `{"type":"array","items":{"type":"integer"},"minItems":4,"maxItems":4}`, false},
		{"map min max", dict, `min=1,max=3`, `{"type":"object","additionalProperties":{"type":"integer"},"minProperties":1,"maxProperties":3}`, false},
		{"oneof strings", str, `oneof=red green`, `{"type":"string","enum":["red","green"]}`, false},
		{"oneof quoted", str, `oneof='light blue' red`, `{"type":"string","enum":["light blue","red"]}`, false},
		{"oneof ints", integer, `oneof=1 2 -3`, `{"type":"integer","enum":[1,2,-3]}`, false},
		{"oneof ints skips what never matches", integer, `oneof=1 01 x`, `{"type":"integer","enum":[1]}`, false},
		{"oneof uints", unsigned, `oneof=5 -1`, `{"type":"integer","enum":[5],"minimum":0}`, false},
		{"oneof floats has no enum", float, `oneof=1.5 2`, `{"type":"number","format":"double"}`, false},
		{"email", str, `email`, `{"type":"string","format":"email"}`, false},
		{"url", str, `url`, `{"type":"string","format":"uri"}`, false},
		{"uri", str, `uri`, `{"type":"string","format":"uri"}`, false},
		{"http_url", str, `http_url`, `{"type":"string","format":"uri"}`, false},
		{"uuid", str, `uuid`, `{"type":"string","format":"uuid"}`, false},
		{"uuid4", str, `uuid4`, `{"type":"string","format":"uuid"}`, false},
		{"uuid_rfc4122", str, `uuid_rfc4122`, `{"type":"string","format":"uuid"}`, false},
		{"datetime", str, `datetime`, `{"type":"string","format":"date-time"}`, false},
		{"datetime RFC 3339", str, `datetime=2006-01-02T15:04:05Z07:00`, `{"type":"string","format":"date-time"}`, false},
		{"datetime date", str, `datetime=2006-01-02`, `{"type":"string","format":"date"}`, false},
		{"datetime other layout", str, `datetime=02/01/2006`, `{"type":"string"}`, false},
		{"ip", str, `ip`, `{"type":"string"}`, false},
		{"ipv4", str, `ipv4`, `{"type":"string","format":"ipv4"}`, false},
		{"ipv6", str, `ipv6`, `{"type":"string","format":"ipv6"}`, false},
		{"hostname", str, `hostname`, `{"type":"string","format":"hostname"}`, false},
		{"alpha", str, `alpha`, `{"type":"string","pattern":"^[a-zA-Z]+$"}`, false},
		{"alphanum", str, `alphanum`, `{"type":"string","pattern":"^[a-zA-Z0-9]+$"}`, false},
		{"numeric", str, `numeric`, `{"type":"string","pattern":"^[-+]?[0-9]+(?:\\.[0-9]+)?$"}`, false},
		{"string rules skip numbers", integer, `email,alpha`, `{"type":"integer"}`, false},
		{"dive", strs, `max=5,dive,min=1,max=20`, `{"type":"array","items":{"type":"string","minLength":1,"maxLength":20},"maxItems":5}`, false},
		{"dive twice", reflect.TypeFor[[][]int](), `dive,max=3,dive,min=0,max=9`, `{"type":"array","items":{"type":"array","items":{"type":"integer","minimum":0,"maximum":9},"maxItems":3}}`, false},
		{"dive into map values", dict, `dive,gt=0`, `{"type":"object","additionalProperties":{"type":"integer","exclusiveMinimum":0}}`, false},
		{"keys are ignored", dict, `dive,keys,max=2,endkeys,lt=9`, `{"type":"object","additionalProperties":{"type":"integer","exclusiveMaximum":9}}`, false},
		{"dive oneof", strs, `dive,oneof=a b`, `{"type":"array","items":{"type":"string","enum":["a","b"]}}`, false},
		{"required inside dive: items not empty", strs, `dive,required`, `{"type":"array","items":{"type":"string","minLength":1}}`, false},
		{"alternatives are ignored", str, `email|url`, `{"type":"string"}`, false},
		{"unknown rules are ignored", str, `boolean,foo=bar,startswith=x`, `{"type":"string"}`, false},
		{"dash skips validation", str, `-`, `{"type":"string"}`, false},
		{"escaped comma", str, `oneof=a0x2Cb c`, `{"type":"string","enum":["a,b","c"]}`, false},
		{"time ignores size rules", reflect.TypeFor[time.Time](), `min=1,gt=0`, `{"type":"string","format":"date-time"}`, false},
		{"bytes ignore size rules", reflect.TypeFor[[]byte](), `max=10`, `{"type":"string","contentEncoding":"base64"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, required := property(t, tt.typ, `validate:"`+tt.validate+`"`)
			if got != tt.want {
				t.Errorf("%v `validate:%q`\n got: %s\nwant: %s", tt.typ, tt.validate, got, tt.want)
			}
			if required != tt.required {
				t.Errorf("%v `validate:%q`: required = %v, want %v", tt.typ, tt.validate, required, tt.required)
			}
		})
	}
}

func TestPointers(t *testing.T) {
	tests := []struct {
		name     string
		typ      reflect.Type
		validate string
		want     string
		required bool
	}{
		{"no rules: nullable, optional", reflect.TypeFor[*string](), ``, `{"type":["string","null"]}`, false},
		{"omitempty keeps null", reflect.TypeFor[*int](), `omitempty,min=1`, `{"type":["integer","null"],"minimum":1}`, false},
		{"omitnil keeps null", reflect.TypeFor[*int](), `omitnil,max=1`, `{"type":["integer","null"],"maximum":1}`, false},
		{"a rule rejects nil", reflect.TypeFor[*int](), `min=1`, `{"type":"integer","minimum":1}`, false},
		{"required rejects nil", reflect.TypeFor[*string](), `required`, `{"type":"string"}`, true},
		{"conditional rule keeps null", reflect.TypeFor[*string](), `required_if=Other x`, `{"type":["string","null"]}`, false},
		{"dive rejects nil", reflect.TypeFor[*[]int](), `dive,min=1`, `{"type":"array","items":{"type":"integer","minimum":1}}`, false},
		{"null joins the enum", reflect.TypeFor[*string](), `omitempty,oneof=a b`, `{"type":["string","null"],"enum":["a","b",null]}`, false},
		{"const becomes an enum with null", reflect.TypeFor[*int](), `omitempty,eq=3`, `{"type":["integer","null"],"enum":[3,null]}`, false},
		{"reference", reflect.TypeFor[*Point](), ``, `{"anyOf":[{"$ref":"#/$defs/Point"},{"type":"null"}]}`, false},
		{"required reference", reflect.TypeFor[*Point](), `required`, `{"$ref":"#/$defs/Point"}`, true},
		{"items", reflect.TypeFor[[]*int](), ``, `{"type":"array","items":{"type":["integer","null"]}}`, false},
		{"items with rules", reflect.TypeFor[[]*int](), `dive,min=1`, `{"type":"array","items":{"type":"integer","minimum":1}}`, false},
		{"items with omitempty", reflect.TypeFor[[]*int](), `dive,omitempty,min=1`, `{"type":"array","items":{"type":["integer","null"],"minimum":1}}`, false},
		{"time", reflect.TypeFor[*time.Time](), ``, `{"type":["string","null"],"format":"date-time"}`, false},
		{"any stays any", reflect.TypeFor[*any](), ``, `{}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, required := property(t, tt.typ, `validate:"`+tt.validate+`"`)
			if got != tt.want {
				t.Errorf("%v `validate:%q`\n got: %s\nwant: %s", tt.typ, tt.validate, got, tt.want)
			}
			if required != tt.required {
				t.Errorf("%v `validate:%q`: required = %v, want %v", tt.typ, tt.validate, required, tt.required)
			}
		})
	}
}
