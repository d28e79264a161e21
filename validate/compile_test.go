package validate_test

import (
	"reflect"
	"testing"

	"github.com/panther-go/panther/validate"
)

// The compiled checks must say what Struct says, value for value.
func TestCompileAgreesWithStruct(t *testing.T) {
	type fields struct {
		A int      `validate:"min=1,max=100"`
		B string   `validate:"required,min=2,max=5"`
		C string   `validate:"omitempty,oneof=red green blue"`
		D *int     `validate:"required,min=0,max=5000"`
		E *int     `validate:"min=3"`
		F *string  `validate:"omitempty,len=2"`
		G []string `validate:"max=2"`
		H []int    `validate:"required,min=1"`
		I uint8    `validate:"gt=2,lt=10"`
		J float64  `validate:"gte=0.5,lte=1.5"`
		K string   `validate:"eq=x"`
		L int      `validate:"ne=7"`
		M bool     `validate:"required"`
		N int      `validate:"oneof=1 2 3"`
		O string   `validate:"len=3"`
		P int      `validate:"required"`
		Q []string `validate:"omitempty,min=2"`
		R string
	}
	ip := func(n int) *int { return &n }
	sp := func(s string) *string { return &s }
	values := []fields{
		{},
		{A: 1, B: "ab", C: "red", D: ip(0), E: ip(3), F: sp("ok"), G: []string{"a"}, H: []int{1}, I: 3, J: 1, K: "x", L: 1, M: true, N: 2, O: "abc", P: 1, Q: []string{"a", "b"}},
		{A: 101, B: "abcdef", C: "pink", D: ip(5001), E: ip(2), F: sp("abc"), G: []string{"a", "b", "c"}, H: []int{}, I: 10, J: 2, K: "y", L: 7, N: 4, O: "ab", Q: []string{"a"}},
		{A: -5, B: "é", D: ip(-1), F: sp(""), I: 2, J: 0.49, O: "äöü"},
		{B: "ééééé", G: []string{}, H: nil, J: 1.5, N: 1},
	}
	v := validate.New()
	typ := reflect.TypeFor[fields]()
	for i, val := range values {
		want := v.Struct(&val)
		rv := reflect.ValueOf(val)
		for j := range typ.NumField() {
			f := typ.Field(j)
			check, ok := validate.Compile(f)
			if !ok {
				t.Fatalf("%s %q does not compile", f.Name, f.Tag.Get("validate"))
			}
			got := check(rv.Field(j))
			if got != want[f.Name] {
				t.Errorf("value %d field %s (%q): compiled %q, Struct %q", i, f.Name, f.Tag.Get("validate"), got, want[f.Name])
			}
		}
	}
}

func TestCompileRefuses(t *testing.T) {
	type fields struct {
		A []string `validate:"max=2,dive,min=1"`
		B string   `validate:"email"`
		C string   `validate:"min=1|eq=x"`
		D struct{} `validate:"required"`
		E bool     `validate:"eq=true"`
		F string   `validate:"min=abc"`
	}
	typ := reflect.TypeFor[fields]()
	for j := range typ.NumField() {
		if _, ok := validate.Compile(typ.Field(j)); ok {
			t.Errorf("%s %q compiled; it is the validator's", typ.Field(j).Name, typ.Field(j).Tag.Get("validate"))
		}
	}
}
