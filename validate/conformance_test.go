package validate_test

import (
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/panther-go/panther/validate"
)

// A plan is only as good as its agreement with the validator, so these
// tests run the validator itself as the oracle: one struct type per tag
// and field type, built with reflect.StructOf, checked both ways on edge
// values.

// kind is a field type, its edge values and the tags it must compile.
type kind struct {
	typ    reflect.Type
	values []reflect.Value
	tags   []string
}

var (
	stringValues = []any{"", "a", "ab", "abc", "abcd", "é", "éé", "ééé", "éééé", "日本語", "red", "x", " ", "\xff\xfe"}
	intValues    = []any{0, 1, 2, 3, 4, -1, -2, -3, 9, 10, 11, math.MinInt64, math.MaxInt64}
	uintValues   = []any{0, 1, 2, 3, 4, 9, 10, 11, uint64(math.MaxUint64)}
	floatValues  = []any{0.0, math.Copysign(0, -1), 0.1, 0.5, 1.0, 1.5, 2.9999, 3.0, 3.0001, -1.0, 10.0, math.NaN(), math.Inf(1), math.Inf(-1)}
	boolValues   = []any{false, true}
)

// valuesOf converts raw to values of type t, leaving out what does not fit.
func valuesOf(t reflect.Type, raw []any) []reflect.Value {
	var out []reflect.Value
	for _, r := range raw {
		v := reflect.New(t).Elem()
		rv := reflect.ValueOf(r)
		switch {
		case v.CanInt() && rv.CanInt() && !v.OverflowInt(rv.Int()):
			v.SetInt(rv.Int())
		case v.CanUint() && rv.CanInt() && rv.Int() >= 0:
			v.SetUint(uint64(rv.Int()))
		case v.CanUint() && rv.CanUint() && !v.OverflowUint(rv.Uint()):
			v.SetUint(rv.Uint())
		case v.CanFloat() && rv.CanFloat():
			v.SetFloat(rv.Float())
		case rv.Type() == t:
			v.Set(rv)
		default:
			continue
		}
		out = append(out, v)
	}
	return out
}

// slicesOf builds nil, empty and filled slices of type t from items.
func slicesOf(t reflect.Type, items []reflect.Value) []reflect.Value {
	out := []reflect.Value{reflect.Zero(t), reflect.MakeSlice(t, 0, 0)}
	for n := 1; n <= 4; n++ {
		for start := 0; start+n <= len(items); start += n {
			s := reflect.MakeSlice(t, n, n)
			for i := range n {
				s.Index(i).Set(items[start+i])
			}
			out = append(out, s)
		}
	}
	return out
}

// pointersTo is nil, then a pointer to each value.
func pointersTo(t reflect.Type, values []reflect.Value) []reflect.Value {
	out := []reflect.Value{reflect.Zero(reflect.PointerTo(t))}
	for _, v := range values {
		p := reflect.New(t)
		p.Elem().Set(v)
		out = append(out, p)
	}
	return out
}

// withRules is each rule with each of its parameters, alone, after
// omitempty and after required, and the pairs that bound a range.
func withRules(params map[string][]string) []string {
	tags := []string{"required", "omitempty", "omitempty,required"}
	for _, name := range []string{"min", "max", "len", "eq", "ne", "gt", "gte", "lt", "lte", "oneof"} {
		for _, p := range params[name] {
			r := name + "=" + p
			tags = append(tags, r, "omitempty,"+r, "required,"+r)
		}
	}
	for _, lo := range params["min"] {
		for _, hi := range params["max"] {
			tags = append(tags, "min="+lo+",max="+hi, "omitempty,min="+lo+",max="+hi, "gt="+lo+",lt="+hi)
		}
	}
	return tags
}

var (
	lengthParams = map[string][]string{
		"min": {"0", "1", "3"}, "max": {"0", "2", "3"}, "len": {"0", "1", "3"},
		"eq": {"0", "2"}, "ne": {"0", "2"}, "gt": {"0", "2"}, "gte": {"1", "0x3"}, "lt": {"1", "3"}, "lte": {"2", "1_0"},
	}
	stringParams = merge(lengthParams, map[string][]string{
		"eq": {"", "a", "é", "abc"}, "ne": {"", "a", "ééé"}, "oneof": {"red green blue", "a é", " x  abc ", "é"},
	})
	intParams = map[string][]string{
		"min": {"-1", "0", "3"}, "max": {"0", "3", "10"}, "len": {"3", "-2"}, "eq": {"0", "-1", "0x3"},
		"ne": {"0", "3"}, "gt": {"-3", "2"}, "gte": {"1", "010"}, "lt": {"3", "-1"}, "lte": {"10", "1_0"},
		"oneof": {"1 2 3", "-1 0 1", "01 2", "+1 3", "-0 4", "9223372036854775807"},
	}
	uintParams = map[string][]string{
		"min": {"0", "3"}, "max": {"0", "3", "10"}, "len": {"3"}, "eq": {"0", "0x3"},
		"ne": {"0", "3"}, "gt": {"2"}, "gte": {"1", "0b11"}, "lt": {"3"}, "lte": {"10"},
		"oneof": {"0 1 3", "01 2", "-1 2", "18446744073709551615"},
	}
	floatParams = map[string][]string{
		"min": {"0", "0.1", "-1"}, "max": {"0.1", "3", "1e1"}, "len": {"1.5"}, "eq": {"0", "0.1", "NaN"},
		"ne": {"0", "3", "NaN"}, "gt": {"0.1", "2.9999"}, "gte": {"0.5", "-Inf"}, "lt": {"3.0001", "Inf"}, "lte": {"0.1", "3"},
	}
	boolParams = map[string][]string{}
)

// merge is a with b's entries over it.
func merge(a, b map[string][]string) map[string][]string {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}

// kinds are the field types Compile accepts, each with its edge values
// and tags.
func kinds() []kind {
	str := reflect.TypeFor[string]()
	scalars := []kind{
		{typ: str, values: valuesOf(str, stringValues), tags: withRules(stringParams)},
		{typ: reflect.TypeFor[bool](), values: valuesOf(reflect.TypeFor[bool](), boolValues), tags: withRules(boolParams)},
	}
	for _, t := range []reflect.Type{reflect.TypeFor[int](), reflect.TypeFor[int8](), reflect.TypeFor[int16](), reflect.TypeFor[int32](), reflect.TypeFor[int64]()} {
		scalars = append(scalars, kind{typ: t, values: valuesOf(t, intValues), tags: withRules(intParams)})
	}
	for _, t := range []reflect.Type{reflect.TypeFor[uint](), reflect.TypeFor[uint8](), reflect.TypeFor[uint16](), reflect.TypeFor[uint32](), reflect.TypeFor[uint64]()} {
		scalars = append(scalars, kind{typ: t, values: valuesOf(t, uintValues), tags: withRules(uintParams)})
	}
	for _, t := range []reflect.Type{reflect.TypeFor[float32](), reflect.TypeFor[float64]()} {
		scalars = append(scalars, kind{typ: t, values: valuesOf(t, floatValues), tags: withRules(floatParams)})
	}
	dur := reflect.TypeFor[time.Duration]()
	scalars = append(scalars, kind{
		typ:    dur,
		values: valuesOf(dur, []any{0, 1, 999, int64(time.Second), int64(time.Minute), -1}),
		tags:   []string{"min=1s", "max=1m", "gt=0", "lt=1000", "eq=1s", "ne=1ms", "omitempty,gte=1s"},
	})
	slices := []kind{
		{typ: reflect.TypeFor[[]string](), values: slicesOf(reflect.TypeFor[[]string](), valuesOf(str, stringValues)), tags: withRules(lengthParams)},
		{typ: reflect.TypeFor[[]int](), values: slicesOf(reflect.TypeFor[[]int](), valuesOf(reflect.TypeFor[int](), intValues)), tags: withRules(lengthParams)},
	}
	all := append(scalars, slices...)
	for _, k := range append(scalars, slices...) {
		all = append(all, kind{typ: reflect.PointerTo(k.typ), values: pointersTo(k.typ, k.values), tags: k.tags})
	}
	return all
}

// oneField is a struct type with one field F, on the wire "f", of type t
// with validate tag tag.
func oneField(t reflect.Type, tag string) reflect.Type {
	return reflect.StructOf([]reflect.StructField{{
		Name: "F", Type: t, Tag: reflect.StructTag(`json:"f" validate:` + strconv.Quote(tag)),
	}})
}

// agree checks that p reports for x, a pointer to a struct, what Struct
// reports, on an addressable value and a copy.
func agree(t *testing.T, v *validate.Validator, p *validate.Plan, x reflect.Value, what string) {
	t.Helper()
	want, panicked := structOf(v, x.Interface())
	if panicked != nil {
		t.Errorf("%s: the plan compiled, but Struct panics: %v", what, panicked)
		return
	}
	if got := p.Check(x.Elem()); !maps.Equal(got, want) {
		t.Errorf("%s: Check = %v, Struct = %v", what, got, want)
	}
	if got := p.Check(reflect.ValueOf(x.Elem().Interface())); !maps.Equal(got, want) {
		t.Errorf("%s: Check of a copy = %v, Struct = %v", what, got, want)
	}
}

// structOf is Struct's answer for x, or what it panicked with.
func structOf(v *validate.Validator, x any) (errs validate.Errors, panicked any) {
	defer func() { panicked = recover() }()
	return v.Struct(x), nil
}

// checkTag compiles a one-field struct with tag and compares it with
// Struct on every value; it reports whether the tag compiled.
func checkTag(t *testing.T, v *validate.Validator, ft reflect.Type, tag string, values []reflect.Value) bool {
	t.Helper()
	st := oneField(ft, tag)
	p, ok := validate.CompileStruct(st)
	if !ok {
		return false
	}
	for _, val := range values {
		x := reflect.New(st)
		x.Elem().Field(0).Set(val)
		agree(t, v, p, x, fmt.Sprintf("%s %q = %s", ft, tag, show(val)))
	}
	return true
}

// show prints a value, following pointers.
func show(v reflect.Value) string {
	switch {
	case v.Kind() == reflect.Pointer && v.IsNil():
		return "nil"
	case v.Kind() == reflect.Pointer:
		return "&" + show(v.Elem())
	case v.Kind() == reflect.Slice && v.IsNil():
		return "nil"
	}
	return fmt.Sprintf("%#v", v.Interface())
}

func TestConformanceRules(t *testing.T) {
	v := validate.New()
	for _, k := range kinds() {
		for _, tag := range k.tags {
			if !checkTag(t, v, k.typ, tag, k.values) {
				t.Errorf("%s %q does not compile", k.typ, tag)
			}
		}
	}
}

// diveTags are tags for slices whose items carry rules, built from the
// item rules in itemTags.
func diveTags(itemTags []string) []string {
	tags := []string{"dive", "omitempty,dive", "required,dive", "required,dive,required", "max=2,dive,required"}
	for _, it := range itemTags {
		tags = append(tags, "dive,"+it, "max=2,dive,"+it, "omitempty,dive,"+it, "required,min=2,dive,"+it)
		if !strings.HasPrefix(it, "omitempty") {
			tags = append(tags, "min=1,dive,omitempty,"+it)
		}
	}
	return tags
}

func TestConformanceDive(t *testing.T) {
	v := validate.New()
	str, num := reflect.TypeFor[string](), reflect.TypeFor[int]()
	cases := []struct {
		slice reflect.Type
		items []reflect.Value
		tags  []string
	}{
		{reflect.TypeFor[[]string](), valuesOf(str, stringValues), withRules(stringParams)},
		{reflect.TypeFor[[]int](), valuesOf(num, intValues), withRules(intParams)},
		{reflect.TypeFor[[]*string](), pointersTo(str, valuesOf(str, stringValues[:6])), withRules(stringParams)},
		{reflect.TypeFor[[]float32](), valuesOf(reflect.TypeFor[float32](), floatValues), withRules(floatParams)},
		{reflect.TypeFor[[]bool](), valuesOf(reflect.TypeFor[bool](), boolValues), withRules(boolParams)},
	}
	for _, c := range cases {
		values := slicesOf(c.slice, c.items)
		for _, tag := range diveTags(c.tags) {
			if !checkTag(t, v, c.slice, tag, values) {
				t.Errorf("%s %q does not compile", c.slice, tag)
			}
		}
	}
}

// The validator reads these tags differently from a plain reading, panics
// on them, or they are beyond Compile: they must not compile.
func TestConformanceRefuses(t *testing.T) {
	cases := map[reflect.Type][]string{
		reflect.TypeFor[string](): {
			"min=1,omitempty", "required,omitempty", "omitempty=x", "required=x", "min=1.5", "min=", "min", "len=-",
			"oneof=", "oneof='a b' c", "oneof=a\vb", "oneof=a\u00a0b", "eq=a|b", "min=1|max=2", "eq=0x2C", "oneof=0x7C",
			"min=1,,max=2", "min=1,", " min=1", "email", "eqfield=G", "required_if=G 1", "nosuch", "dive", "omitnil",
			"omitzero", "isdefault", "keys", "structonly",
		},
		reflect.TypeFor[int]():           {"min=1.5", "max=1e3", "oneof=", "eq=x", "min=99999999999999999999", "min=1s"},
		reflect.TypeFor[uint]():          {"min=-1", "max=+1"},
		reflect.TypeFor[float64]():       {"oneof=1 2", "min=1e400", "min=0x", "eq=abc"},
		reflect.TypeFor[float32]():       {"max=1e39"},
		reflect.TypeFor[bool]():          {"eq=true", "ne=false", "min=1", "oneof=true false"},
		reflect.TypeFor[[]string]():      {"oneof=a", "dive,dive", "dive,keys,min=1,endkeys", "min=1.0"},
		reflect.TypeFor[*[]string]():     {"dive,min=1"},
		reflect.TypeFor[[][]string]():    {"dive,min=1"},
		reflect.TypeFor[[]*[]string]():   {"dive,min=1"},
		reflect.TypeFor[[]map[int]int](): {"dive,min=1"},
		reflect.TypeFor[[]address]():     {"dive", "dive,required"},
		reflect.TypeFor[[3]string]():     {"dive,min=1", "len=3"},
		reflect.TypeFor[**int]():         {"required"},
		reflect.TypeFor[map[string]int](): {
			"min=1", "dive,min=1",
		},
		reflect.TypeFor[any]():       {"required"},
		reflect.TypeFor[address]():   {"required"},
		reflect.TypeFor[*address]():  {"required", "omitempty"},
		reflect.TypeFor[time.Time](): {"required"},
		reflect.TypeFor[lens]():      {"min=1"},
	}
	for typ, tags := range cases {
		for _, tag := range tags {
			if _, ok := validate.CompileStruct(oneField(typ, tag)); ok {
				t.Errorf("%s %q compiled; it is the validator's", typ, tag)
			}
		}
	}
}

// lens hands the validator another value to check.
type lens string

func (l lens) ValidatorValue() any { return strings.ToUpper(string(l)) }

// FuzzPlan compares Check with Struct on NoteIn values made of the
// fuzzer's strings.
func FuzzPlan(f *testing.F) {
	f.Add("milk", "two litres", "shop", "food", 2)
	f.Add("", "", "", "", 1)
	f.Add(strings.Repeat("é", 100), strings.Repeat("x", 2001), strings.Repeat("日", 20), strings.Repeat("日", 21), 6)
	f.Add("\xff", "\x00", "a,b", "|", -3)
	v := validate.New()
	p, ok := validate.CompileStruct(reflect.TypeFor[noteIn]())
	if !ok {
		f.Fatal("noteIn does not compile")
	}
	f.Fuzz(func(t *testing.T, title, body, tag1, tag2 string, n int) {
		in := noteIn{Title: title, Body: body}
		if n >= 0 {
			items := []string{tag1, tag2, title, body, "", tag1 + tag2, tag2}
			in.Tags = items[:n%(len(items)+1)]
		}
		agree(t, v, p, reflect.ValueOf(&in), "noteIn") // the fuzzer reports the input
	})
}

// FuzzPlanTag compares Check with Struct on fields of several types under
// one tag of the fuzzer's: whatever compiles must agree, and must not be a
// tag the validator panics on.
func FuzzPlanTag(f *testing.F) {
	for _, tag := range []string{"required,min=1,max=3", "omitempty,oneof=a 1 é", "max=2,dive,min=1", "eq=", "gte=0x1,lt=3"} {
		f.Add(tag, "ab", int64(2))
	}
	v := validate.New()
	types := []reflect.Type{
		reflect.TypeFor[string](), reflect.TypeFor[int8](), reflect.TypeFor[uint](), reflect.TypeFor[float32](),
		reflect.TypeFor[*string](), reflect.TypeFor[[]string](), reflect.TypeFor[[]int](),
	}
	f.Fuzz(func(t *testing.T, tag, s string, n int64) {
		for _, ft := range types {
			values := []reflect.Value{reflect.Zero(ft)}
			switch e := ft; e.Kind() {
			case reflect.Slice:
				values = append(values, slicesOf(ft, append(valuesOf(e.Elem(), []any{s, n, ""}), valuesOf(e.Elem(), []any{0, n})...))...)
			case reflect.Pointer:
				values = append(values, pointersTo(e.Elem(), valuesOf(e.Elem(), []any{s, ""}))...)
			default:
				values = append(values, valuesOf(ft, []any{s, n, float64(n) / 10})...)
			}
			checkTag(t, v, ft, tag, values)
		}
	})
}

// TestConformanceDocumented takes every `validate` tag the README and the
// examples show and checks it, on each field type it fits, both ways: it
// must compile, and the plan must report what Struct reports.
func TestConformanceDocumented(t *testing.T) {
	tagRE := regexp.MustCompile("validate:\\\\?\"([^\"\\\\]*)\\\\?\"")
	tags := map[string]bool{}
	files, _ := filepath.Glob("../examples/*/*.go")
	for _, name := range append(files, "../README.md") {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range tagRE.FindAllStringSubmatch(string(b), -1) {
			tags[m[1]] = true
		}
	}
	if len(tags) < 10 {
		t.Fatalf("found %d documented tags; the pattern no longer reads the docs", len(tags))
	}
	v := validate.New()
	byType := map[reflect.Type][]reflect.Value{}
	for _, k := range kinds() {
		byType[k.typ] = k.values
	}
	fits := func(tag string) []reflect.Type {
		if strings.Contains(tag, "dive") {
			return []reflect.Type{reflect.TypeFor[[]string]()}
		}
		return []reflect.Type{reflect.TypeFor[string](), reflect.TypeFor[*string](), reflect.TypeFor[int](), reflect.TypeFor[*int](), reflect.TypeFor[[]string]()}
	}
	for tag := range tags {
		for _, ft := range fits(tag) {
			values := byType[ft]
			if strings.Contains(tag, "dive") {
				values = slicesOf(ft, valuesOf(reflect.TypeFor[string](), stringValues))
			}
			if !checkTag(t, v, ft, tag, values) {
				t.Errorf("the documented %s %q does not compile", ft, tag)
			}
		}
	}
}
