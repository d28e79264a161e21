package schema_test

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/panther-go/panther/schema"
)

type Blob []byte

type Stamp struct{ unix int64 }

// Stamp has its MarshalJSON on the pointer, as many types do.
func (s *Stamp) MarshalJSON() ([]byte, error) { return json.Marshal(s.unix) }

func TestKinds(t *testing.T) {
	tests := []struct {
		name string
		typ  reflect.Type
		want string
	}{
		{"bool", reflect.TypeFor[bool](), `{"type":"boolean"}`},
		{"int", reflect.TypeFor[int](), `{"type":"integer"}`},
		{"int8", reflect.TypeFor[int8](), `{"type":"integer","minimum":-128,"maximum":127}`},
		{"int32", reflect.TypeFor[int32](), `{"type":"integer","format":"int32"}`},
		{"int64", reflect.TypeFor[int64](), `{"type":"integer","format":"int64"}`},
		{"uint", reflect.TypeFor[uint](), `{"type":"integer","minimum":0}`},
		{"uint8", reflect.TypeFor[uint8](), `{"type":"integer","minimum":0,"maximum":255}`},
		{"uint64", reflect.TypeFor[uint64](), `{"type":"integer","minimum":0}`},
		{"float32", reflect.TypeFor[float32](), `{"type":"number","format":"float"}`},
		{"float64", reflect.TypeFor[float64](), `{"type":"number","format":"double"}`},
		{"string", reflect.TypeFor[string](), `{"type":"string"}`},
		{"named string", reflect.TypeFor[Color](), `{"type":"string"}`},
		{"byte slice is base64", reflect.TypeFor[[]byte](), `{"type":"string","contentEncoding":"base64"}`},
		{"named byte slice is base64", reflect.TypeFor[Blob](), `{"type":"string","contentEncoding":"base64"}`},
		{"byte array is an array", reflect.TypeFor[[2]byte](), `{"type":"array","items":{"type":"integer","minimum":0,"maximum":255},"minItems":2,"maxItems":2}`},
		{"slice", reflect.TypeFor[[]string](), `{"type":"array","items":{"type":"string"}}`},
		{"array", reflect.TypeFor[[3]bool](), `{"type":"array","items":{"type":"boolean"},"minItems":3,"maxItems":3}`},
		{"map", reflect.TypeFor[map[string]int](), `{"type":"object","additionalProperties":{"type":"integer"}}`},
		{"map with integer keys", reflect.TypeFor[map[uint16]string](), `{"type":"object","additionalProperties":{"type":"string"}}`},
		{"map with text keys", reflect.TypeFor[map[netip.Addr]bool](), `{"type":"object","additionalProperties":{"type":"boolean"}}`},
		{"any", reflect.TypeFor[any](), `{}`},
		{"interface", reflect.TypeFor[fmt.Stringer](), `{}`},
		{"time", reflect.TypeFor[time.Time](), `{"type":"string","format":"date-time"}`},
		{"duration", reflect.TypeFor[time.Duration](), `{"type":"integer","format":"int64"}`},
		{"raw message", reflect.TypeFor[json.RawMessage](), `{}`},
		{"json number", reflect.TypeFor[json.Number](), `{"type":"number"}`},
		{"text marshaler", reflect.TypeFor[netip.Addr](), `{"type":"string"}`},
		{"json marshaler", reflect.TypeFor[Celsius](), `{}`},
		{"json marshaler on the pointer", reflect.TypeFor[Stamp](), `{}`},
		{"describer", reflect.TypeFor[Money](), `{"type":"string","pattern":"^[0-9]+\\.[0-9]{2}$"}`},
		{"anonymous struct", reflect.TypeFor[struct {
			A int `json:"a"`
		}](), `{"type":"object","properties":{"a":{"type":"integer"}}}`},
		{"empty struct", reflect.TypeFor[struct{}](), `{"type":"object"}`},
		{"named struct", reflect.TypeFor[Point](), `{"$ref":"#/$defs/Point"}`},
		{"url is a struct to encoding/json", reflect.TypeFor[url.URL](), `{"$ref":"#/$defs/URL"}`},
		{"pointer", reflect.TypeFor[*int](), `{"type":["integer","null"]}`},
		{"pointer to pointer", reflect.TypeFor[**string](), `{"type":["string","null"]}`},
		{"pointer to struct", reflect.TypeFor[*Point](), `{"anyOf":[{"$ref":"#/$defs/Point"},{"type":"null"}]}`},
		{"pointer to any", reflect.TypeFor[*any](), `{}`},
		{"slice of pointers", reflect.TypeFor[[]*bool](), `{"type":"array","items":{"type":["boolean","null"]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := compact(t, schema.NewRegistry(schema.Options{}).Schema(tt.typ))
			if got != tt.want {
				t.Errorf("Schema(%v)\n got: %s\nwant: %s", tt.typ, got, tt.want)
			}
		})
	}
}

func TestUnsupportedPanics(t *testing.T) {
	tests := []struct {
		name string
		typ  reflect.Type
		want string
	}{
		{"channel", reflect.TypeFor[chan int](), "schema: cannot describe chan int: chan int has no JSON form"},
		{"function", reflect.TypeFor[func()](), "schema: cannot describe func(): func() has no JSON form"},
		{"complex", reflect.TypeFor[complex128](), "schema: cannot describe complex128: complex128 has no JSON form"},
		{"unsafe pointer", reflect.TypeFor[unsafe.Pointer](), "schema: cannot describe unsafe.Pointer: unsafe.Pointer has no JSON form"},
		{"slice of channels", reflect.TypeFor[[]chan int](), "schema: cannot describe []chan int: chan int has no JSON form"},
		{"pointer to function", reflect.TypeFor[*func()](), "schema: cannot describe *func(): func() has no JSON form"},
		{"map with struct keys", reflect.TypeFor[map[Point]int](), "schema: cannot describe map[schema_test.Point]int: map keys must be strings, integers or encoding.TextMarshalers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, tt.want) {
					t.Errorf("Schema(%v) panicked with %q, want it to start with %q", tt.typ, msg, tt.want)
				}
			}()
			schema.NewRegistry(schema.Options{}).Schema(tt.typ)
		})
	}
}

// Money describes itself (a decimal string); the schema it returns is
// shared.
type Money string

var moneySchema = &schema.Schema{Type: schema.Types{"string"}, Pattern: `^[0-9]+\.[0-9]{2}$`}

func (Money) JSONSchema() *schema.Schema { return moneySchema }

func TestDescriberIsCopied(t *testing.T) {
	got, _ := property(t, reflect.TypeFor[*Money](), `doc:"The price." validate:"omitempty,oneof=1.00 2.00"`)
	want := `{"description":"The price.","type":["string","null"],"enum":["1.00","2.00",null],"pattern":"^[0-9]+\\.[0-9]{2}$"}`
	if got != want {
		t.Errorf("field of type *Money\n got: %s\nwant: %s", got, want)
	}
	if after := compact(t, moneySchema); after != `{"type":"string","pattern":"^[0-9]+\\.[0-9]{2}$"}` {
		t.Errorf("the schema Money.JSONSchema returns was changed to %s", after)
	}
}
