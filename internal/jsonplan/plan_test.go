package jsonplan

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

type noteIn struct {
	Title string   `json:"title"`
	Body  string   `json:"body,omitempty"`
	Tags  []string `json:"tags,omitempty"`
}

type color string

type address struct {
	City string `json:"city"`
	Zip  *int   `json:"zip"`
}

// order has every shape the plan decodes.
type order struct {
	ID       int64     `json:"id"`
	Small    int8      `json:"small"`
	Count    uint16    `json:"count"`
	Big      uint64    `json:"big"`
	Price    float64   `json:"price"`
	Ratio    float32   `json:"ratio"`
	Paid     bool      `json:"paid"`
	Color    color     `json:"color"`
	Note     *string   `json:"note"`
	Lines    []line    `json:"lines"`
	Scores   []float64 `json:"scores"`
	Flags    []*bool   `json:"flags"`
	Address  address   `json:"address"`
	Billing  *address  `json:"billing"`
	Matrix   [][]int   `json:"matrix"`
	NoTag    string
	Dash     string `json:"-,"`
	Skipped  string `json:"-"`
	internal string // encoding/json ignores it, and so must the plan
}

type line struct {
	SKU string `json:"sku"`
	Qty int    `json:"qty"`
}

// decodeBoth decodes data with the plan and, when the plan takes it, with
// encoding/json too, and fails the test if the two differ.
func decodeBoth[T any](t *testing.T, data []byte) (ok bool) {
	t.Helper()
	p, compiled := Compile(reflect.TypeFor[T]())
	if !compiled {
		t.Fatalf("Compile(%T) = false", *new(T))
	}
	got := new(T)
	if !p.Decode(data, reflect.ValueOf(got)) {
		return false
	}
	want := new(T)
	if err := json.Unmarshal(data, want); err != nil {
		t.Fatalf("the plan decoded %q, which encoding/json refuses: %v", data, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: the plan gives %+v, encoding/json %+v", data, got, want)
	}
	strict := json.NewDecoder(bytes.NewReader(data))
	strict.DisallowUnknownFields()
	if err := strict.Decode(new(T)); err != nil {
		t.Fatalf("the plan decoded %q, which a strict encoding/json decoder refuses: %v", data, err)
	}
	return true
}

func TestDecodeTakes(t *testing.T) {
	for _, body := range []string{
		`{"title":"milk","body":"two litres","tags":["shop","food"]}`,
		` { "title" : "milk" , "tags" : [ ] } `,
		"{\n\t\"title\":\"caf\u00e9 \u65e5\u672c \U0001F600\"\r\n}",
		`{"title":"a \"quoted\" \\ back\/slash\b\f\n\r\t"}`,
		`{}`,
		`{"title":null,"body":null,"tags":null}`,
		`{"tags":["a",null,"b"]}`,
	} {
		if !decodeBoth[noteIn](t, []byte(body)) {
			t.Errorf("the plan left %s to encoding/json", body)
		}
	}
	for _, body := range []string{
		`{"id":-9007199254740993,"small":-128,"count":65535,"big":999999999999999999,"price":-1.5e-7,"ratio":3.4e38,"paid":true}`,
		`{"color":"red","note":"n","NoTag":"x","-":"dash","lines":[{"sku":"a","qty":2},{"qty":0},null]}`,
		`{"scores":[0,-0,1.25,1E3,2e+2,5e-1],"flags":[true,false,null],"address":{"city":"Oslo","zip":1234}}`,
		`{"billing":{"city":"Bergen","zip":null},"matrix":[[1,2],[],[3]],"id":-0}`,
		`{"billing":null,"note":null,"address":null,"lines":[]}`,
	} {
		if !decodeBoth[order](t, []byte(body)) {
			t.Errorf("the plan left %s to encoding/json", body)
		}
	}
}

// TestDecodeLeaves lists what the plan hands to encoding/json, each with
// the reason encoding/json answers differently from a plain reading.
func TestDecodeLeaves(t *testing.T) {
	for name, body := range map[string]string{
		"case-insensitive key":   `{"TITLE":"a"}`,
		"duplicate key":          `{"title":"a","title":"b"}`,
		"unknown key":            `{"title":"a","extra":1}`,
		"invalid UTF-8":          "{\"title\":\"\xff\"}",
		"invalid UTF-8 escaped":  "{\"title\":\"\\n\xff\"}",
		"unicode escape":         `{"title":"\u00e9"}`,
		"lone surrogate":         `{"title":"\ud800"}`,
		"escaped key":            `{"t\u0069tle":"a"}`,
		"control character":      "{\"title\":\"a\tb\"}",
		"invalid escape":         `{"title":"\x"}`,
		"number for a string":    `{"title":1}`,
		"string for an array":    `{"tags":"a"}`,
		"object for a string":    `{"title":{}}`,
		"nested array":           `{"tags":[["a"]]}`,
		"trailing garbage":       `{} x`,
		"second value":           `{}{}`,
		"top-level array":        `[]`,
		"top-level string":       `"x"`,
		"unterminated":           `{"title":"a"`,
		"unterminated string":    `{"title":"a`,
		"missing colon":          `{"title" "a"}`,
		"trailing comma":         `{"title":"a",}`,
		"trailing comma (array)": `{"tags":["a",]}`,
		"bad literal":            `{"title":nul}`,
		"empty":                  ``,
	} {
		t.Run(name, func(t *testing.T) {
			if decodeBoth[noteIn](t, []byte(body)) {
				t.Errorf("the plan decoded %q; encoding/json should", body)
			}
		})
	}
	for name, body := range map[string]string{
		"big integer":        `{"id":99999999999999999999}`,
		"19 digits":          `{"id":1000000000000000000}`,
		"int8 overflow":      `{"small":128}`,
		"negative uint":      `{"count":-1}`,
		"negative zero uint": `{"count":-0}`,
		"fraction for int":   `{"id":1.0}`,
		"exponent for int":   `{"id":1e2}`,
		"float overflow":     `{"price":1e400}`,
		"float32 overflow":   `{"ratio":3.5e38}`,
		"leading zero":       `{"id":01}`,
		"bare minus":         `{"id":-}`,
		"dot without digits": `{"price":1.}`,
		"plus sign":          `{"id":+1}`,
		"bool as string":     `{"paid":"true"}`,
		"unexported key":     `{"internal":"x"}`,
		"skipped key":        `{"Skipped":"x"}`,
	} {
		t.Run(name, func(t *testing.T) {
			if decodeBoth[order](t, []byte(body)) {
				t.Errorf("the plan decoded %q; encoding/json should", body)
			}
		})
	}
}

func TestCompileRefuses(t *testing.T) {
	type embedded struct{ noteIn }
	type withMap struct {
		M map[string]string `json:"m"`
	}
	type withAny struct {
		A any `json:"a"`
	}
	type withBytes struct {
		B []byte `json:"b"`
	}
	type withTime struct {
		T time.Time `json:"t"`
	}
	type withString struct {
		N int `json:"n,string"`
	}
	type twice struct {
		A string `json:"X"`
		X string // named X too
	}
	type odd struct {
		A string `json:"a b"`
	}
	type tree struct {
		Kids []tree `json:"kids"`
	}
	type raw struct {
		R json.RawMessage `json:"r"`
	}
	var wide []reflect.StructField // more fields than Decode tracks
	for i := range maxFields + 1 {
		wide = append(wide, reflect.StructField{Name: "F" + strconv.Itoa(i), Type: reflect.TypeFor[int]()})
	}
	wideValue := reflect.New(reflect.StructOf(wide)).Elem().Interface()
	for _, v := range []any{embedded{}, withMap{}, withAny{}, withBytes{}, withTime{}, withString{}, twice{}, odd{}, tree{}, raw{}, 5, wideValue} {
		if _, ok := Compile(reflect.TypeOf(v)); ok {
			t.Errorf("Compile(%T) = true; it must leave the type to encoding/json", v)
		}
	}
}

func TestDecodeKeepsNoReference(t *testing.T) {
	p, _ := Compile(reflect.TypeFor[noteIn]())
	for _, size := range []int{10, sharedLimit + 1} {
		body := []byte(`{"title":"` + strings.Repeat("a", size) + `","tags":["b"]}`)
		var n noteIn
		if !p.Decode(body, reflect.ValueOf(&n)) {
			t.Fatalf("Decode(%d bytes) = false", len(body))
		}
		for i := range body {
			body[i] = 'x'
		}
		if n.Title != strings.Repeat("a", size) || n.Tags[0] != "b" {
			t.Errorf("%d bytes: the value changed with the buffer", size)
		}
	}
}

// FuzzDecode is the differential test: whatever the bytes, when the plan
// decodes them, encoding/json decodes them to the same value without an
// error, strict or not.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"title":"milk","body":"two litres","tags":["shop","food"]}`,
		`{"title":"a\nb","tags":[null]}`, `{"id":12,"price":1.5e3,"lines":[{"sku":"x"}],"billing":{"zip":1}}`,
		`{"matrix":[[1],[2,3]],"flags":[true],"count":7,"ratio":-0.5}`, `{"TITLE":"x"}`, "{\"title\":\"\xff\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeBoth[noteIn](t, data)
		decodeBoth[order](t, data)
	})
}

// Decode refuses a value that is not a pointer to the plan's type, rather
// than write through it.
func TestDecodeWrongValue(t *testing.T) {
	p, _ := Compile(reflect.TypeFor[noteIn]())
	body := []byte(`{"title":"milk"}`)
	for _, v := range []reflect.Value{
		reflect.ValueOf(new(order)), reflect.ValueOf((*noteIn)(nil)), reflect.ValueOf(new(*noteIn)),
	} {
		if p.Decode(body, v) {
			t.Errorf("Decode into %s took it", v.Type())
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	body := []byte(`{"title":"milk","body":"two litres","tags":["shop","food"]}`)
	p, _ := Compile(reflect.TypeFor[noteIn]())
	b.Run("plan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !p.Decode(body, reflect.ValueOf(new(noteIn))) {
				b.Fatal("not decoded")
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := json.Unmarshal(body, new(noteIn)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
