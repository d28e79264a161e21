package jsonplan

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// encoded is what a json.Encoder without HTML escaping writes for v, less
// its newline, as the framework writes bodies.
func encoded(t *testing.T, v any) (string, bool) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", false
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), true
}

// encodeBoth fails the test when Append takes v and writes other bytes
// than encoding/json, or takes a value encoding/json refuses.
func encodeBoth(t *testing.T, v any) (taken bool) {
	t.Helper()
	got, ok := Append([]byte("prefix"), v)
	want, valid := encoded(t, v)
	if !ok {
		if string(got) != "prefix" {
			t.Fatalf("Append(%#v) refused but changed b to %q", v, got)
		}
		return false
	}
	if !valid {
		t.Fatalf("Append(%#v) = %q, which encoding/json refuses", v, got)
	}
	if string(got) != "prefix"+want {
		t.Fatalf("Append(%#v)\n got %s\nwant %s", v, got[len("prefix"):], want)
	}
	return true
}

type out struct {
	ID     int        `json:"id"`
	Title  string     `json:"title"`
	Body   string     `json:"body,omitempty"`
	Tags   []string   `json:"tags,omitempty"`
	Score  float64    `json:"score"`
	Ratio  float32    `json:"ratio,omitempty"`
	OK     bool       `json:"ok,omitempty"`
	Next   *out2      `json:"next,omitempty"`
	Items  []out2     `json:"items"`
	Count  uint8      `json:"count,omitempty"`
	Ptr    *int       `json:"ptr"`
	At     time.Time  `json:"at"`
	Seen   *time.Time `json:"seen,omitempty"`
	NoTag  int8
	Skip   string `json:"-"`
	hidden string
}

type out2 struct {
	Name string  `json:"name"`
	Vals []int64 `json:"vals"`
}

func TestAppendTakes(t *testing.T) {
	seven := 7
	for _, v := range []any{
		out{ID: 1, Title: "milk", Body: "two litres", Tags: []string{"shop", "food"}},
		&out{Title: "a<b>&c \"q\" \\ \n\r\t\b\f \x01 \x7f caf\u00e9 \u2028\u2029 \xff end", Tags: []string{}},
		out{Score: 1e21, Ratio: 1e-7, OK: true, Next: &out2{Name: "n"}, Items: []out2{{Vals: []int64{-1, 0, math.MaxInt64}}}, Count: 255, Ptr: &seven},
		out{Score: 1e-7, Ratio: 3.4e38, NoTag: -128, Skip: "x", hidden: "y"},
		out{Score: 123456789.125, Ratio: 0.1},
		out{Score: -0.0, Items: []out2{}},
		(*out)(nil),
		out2{},
	} {
		if !encodeBoth(t, v) {
			t.Errorf("Append left %#v to encoding/json", v)
		}
	}
}

func TestAppendLeaves(t *testing.T) {
	type withMap struct {
		M map[string]int `json:"m"`
	}
	type withZero struct {
		A int `json:"a,omitzero"`
	}
	type withString struct {
		A int `json:"a,string"`
	}
	type embedded struct{ out2 }
	type withAny struct {
		A any `json:"a"`
	}
	type tree struct {
		Kids []tree `json:"kids"`
	}
	for _, v := range []any{
		map[string]int{"a": 1}, []out2{}, "x", 5, nil, withMap{}, withZero{}, withString{}, embedded{},
		withAny{}, tree{}, out{Score: math.NaN()}, out{Score: math.Inf(1)},
		json.RawMessage(`{}`), struct {
			B []byte `json:"b"`
		}{},
	} {
		if encodeBoth(t, v) {
			t.Errorf("Append took %#v; encoding/json should encode it", v)
		}
	}
}

// FuzzAppend is the differential test of encoding: strings, floats and
// whole values decoded from the fuzzer's bytes encode to the bytes
// encoding/json writes.
func FuzzAppend(f *testing.F) {
	f.Add(`{"id":1,"title":"milk","tags":["a"],"score":1.5,"items":[{"name":"x","vals":[1]}]}`, 1.0, float32(1), int64(1764774245), int64(120000000), int32(3600))
	f.Add("caf\u00e9 \u2028 \xff \x00 <>&", 1e-7, float32(1e21), int64(253402300799), int64(999999999), int32(-86399))
	f.Add(`{"next":{"name":"\u2029"},"ratio":1e-8,"count":3}`, 1e21, float32(-0.000001), int64(-62135596801), int64(0), int32(86400))
	f.Fuzz(func(t *testing.T, s string, x float64, y float32, sec, nsec int64, offset int32) {
		at := time.Unix(sec, nsec).In(time.FixedZone("", int(offset)))
		encodeBoth(t, out{Title: s, Body: s, Tags: []string{s}, Score: x, Ratio: y, At: at, Seen: &at})
		var v out
		if json.Unmarshal([]byte(s), &v) == nil {
			encodeBoth(t, v)
			encodeBoth(t, &v)
		}
	})
}

func BenchmarkAppend(b *testing.B) {
	v := out{ID: 1, Title: "milk", Body: "two litres", Tags: []string{"shop", "food"}}
	b.Run("plan", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 512)
		for b.Loop() {
			buf, _ = Append(buf[:0], v)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		for b.Loop() {
			buf.Reset()
			if err := enc.Encode(v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// A program that makes types at run time fills the cache at maxEncoders;
// values of types after that go to encoding/json, compiled never.
func TestEncodersBounded(t *testing.T) {
	t.Cleanup(func() { encoders.Store(nil) })
	encoders.Store(nil)
	made := func(i int) any {
		typ := reflect.StructOf([]reflect.StructField{{Name: "F" + strconv.Itoa(i), Type: reflect.TypeFor[int](), Tag: `json:"f"`}})
		return reflect.New(typ).Elem().Interface()
	}
	for i := range maxEncoders {
		if _, ok := Append(nil, made(i)); !ok {
			t.Fatalf("type %d not encoded by a plan before the cache is full", i)
		}
	}
	if _, ok := Append(nil, made(maxEncoders)); ok {
		t.Errorf("a type past maxEncoders was encoded by a plan; it should go to encoding/json")
	}
	if n := len(*encoders.Load()); n != maxEncoders {
		t.Errorf("the cache holds %d types, want %d", n, maxEncoders)
	}
}

// TestEfaceLayout holds Append's reading of interface values to what the
// runtime does; were it to change, Append would leave every value to
// encoding/json, and this test says why.
func TestEfaceLayout(t *testing.T) {
	if !efaceHolds {
		t.Fatal("interface values are not laid out as eface says; Append encodes nothing")
	}
}

// A struct no bigger than a pointer with a pointer in it may be held in an
// interface's data word: Append leaves such values to encoding/json, and
// takes pointers to them.
func TestAppendHeldInPlace(t *testing.T) {
	type onePointer struct {
		P *int `json:"p"`
	}
	type nested struct {
		In onePointer `json:"in"`
	}
	type oneInt struct {
		N int `json:"n"`
	}
	seven := 7
	for _, v := range []any{onePointer{&seven}, onePointer{}, nested{onePointer{&seven}}} {
		if encodeBoth(t, v) {
			t.Errorf("Append took %#v, which an interface may hold in place", v)
		}
	}
	for _, v := range []any{&onePointer{&seven}, &nested{}, oneInt{7}, &oneInt{8}} {
		if !encodeBoth(t, v) {
			t.Errorf("Append left %#v to encoding/json", v)
		}
	}
}

// A time.Time is written as its MarshalJSON writes it, and left to
// encoding/json, which answers MarshalJSON's error, where that refuses it.
func TestAppendTime(t *testing.T) {
	type stamped struct {
		At   time.Time  `json:"at"`
		Seen *time.Time `json:"seen,omitempty"`
		Zero time.Time  `json:"zero,omitempty"` // a struct: never empty
	}
	oslo := time.FixedZone("Oslo", 3600)
	now := time.Date(2026, 12, 3, 15, 4, 5, 120000000, oslo)
	for _, v := range []any{
		stamped{At: now, Seen: &now},
		stamped{At: now.UTC()},
		&stamped{At: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)},
		stamped{At: time.Date(0, 1, 1, 0, 0, 0, 1, time.FixedZone("", -(23*3600+59*60)))},
		stamped{At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3600+30))}, // the seconds are not written
	} {
		if !encodeBoth(t, v) {
			t.Errorf("Append left %#v to encoding/json", v)
		}
	}
	for _, at := range []time.Time{
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600)),
	} {
		if encodeBoth(t, stamped{At: at}) {
			t.Errorf("Append took %v, which Time.MarshalJSON refuses", at)
		}
	}
}

// omitempty omits a float that equals 0, as encoding/json does: -0 too.
func TestAppendNegativeZero(t *testing.T) {
	type floats struct {
		A float64 `json:"a,omitempty"`
		B float32 `json:"b,omitempty"`
		C float64 `json:"c"`
	}
	negZero := math.Copysign(0, -1)
	v := floats{A: negZero, B: float32(negZero), C: negZero}
	if !encodeBoth(t, v) {
		t.Fatalf("Append left %#v to encoding/json", v)
	}
	if got, _ := Append(nil, v); string(got) != `{"c":-0}` {
		t.Errorf("Append = %s, want {\"c\":-0}", got)
	}
}
