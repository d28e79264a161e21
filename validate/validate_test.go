package validate_test

import (
	"maps"
	"reflect"
	"testing"

	"github.com/panther-go/panther/validate"
)

type address struct {
	City string `json:"city" validate:"required"`
}

type person struct {
	Name     string            `json:"name" validate:"required,min=2,max=5"`
	Email    string            `json:"email,omitempty" validate:"omitempty,email"`
	Age      int               `json:"age" validate:"gte=0,lte=130"`
	Score    float64           `json:"score" validate:"gt=0,lt=1"`
	Tags     []string          `json:"tags" validate:"max=2,dive,min=1,max=3"`
	Role     string            `json:"role" validate:"oneof=admin user"`
	Site     string            `json:"site" validate:"omitempty,url"`
	ID       string            `json:"id" validate:"omitempty,uuid"`
	Born     string            `json:"born" validate:"omitempty,datetime=2006-01-02"`
	Code     string            `json:"code" validate:"omitempty,len=3"`
	Address  address           `json:"address"`
	Homes    []address         `json:"homes" validate:"dive"`
	Meta     map[string]string `json:"meta" validate:"dive,max=2"`
	Nick     *string           `json:"nick" validate:"omitempty,min=3"`
	Form     string            `form:"form_name" validate:"omitempty,alpha"`
	GoName   string            `validate:"omitempty,alphanum"`
	Hidden   string            `json:"-"`
	Exactly1 []int             `json:"exactly1" validate:"omitempty,len=1"`
}

func valid() person {
	return person{Name: "Ali", Age: 30, Score: 0.5, Role: "user", Address: address{City: "Tehran"}}
}

func TestStruct(t *testing.T) {
	v := validate.New()
	short := "ab"
	tests := []struct {
		name   string
		change func(p *person)
		want   validate.Errors
	}{
		{"valid", func(*person) {}, nil},
		{"required", func(p *person) { p.Name = "" }, validate.Errors{"name": "is required"}},
		{"string min", func(p *person) { p.Name = "A" }, validate.Errors{"name": "must be at least 2 characters"}},
		{"string max", func(p *person) { p.Name = "Alexander" }, validate.Errors{"name": "must be at most 5 characters"}},
		{"email", func(p *person) { p.Email = "nope" }, validate.Errors{"email": "must be a valid email address"}},
		{"number gte and lte", func(p *person) { p.Age = 131 }, validate.Errors{"age": "must be at most 130"}},
		{"number gt", func(p *person) { p.Score = 0 }, validate.Errors{"score": "must be more than 0"}},
		{"number lt", func(p *person) { p.Score = 1 }, validate.Errors{"score": "must be less than 1"}},
		{"items max", func(p *person) { p.Tags = []string{"a", "b", "c"} }, validate.Errors{"tags": "must have at most 2 items"}},
		{"item rule by index", func(p *person) { p.Tags = []string{"a", "long"} }, validate.Errors{"tags.1": "must be at most 3 characters"}},
		{"empty item", func(p *person) { p.Tags = []string{""} }, validate.Errors{"tags.0": "must be at least 1 character"}},
		{"oneof", func(p *person) { p.Role = "root" }, validate.Errors{"role": "must be one of: admin, user"}},
		{"url", func(p *person) { p.Site = "not a url" }, validate.Errors{"site": "must be a valid URL"}},
		{"uuid", func(p *person) { p.ID = "123" }, validate.Errors{"id": "must be a valid UUID"}},
		{"datetime", func(p *person) { p.Born = "1990/01/01" }, validate.Errors{"born": "must be a date and time in the format 2006-01-02"}},
		{"string len", func(p *person) { p.Code = "ab" }, validate.Errors{"code": "must be exactly 3 characters"}},
		{"items len, singular", func(p *person) { p.Exactly1 = []int{1, 2} }, validate.Errors{"exactly1": "must have exactly 1 item"}},
		{"nested struct", func(p *person) { p.Address.City = "" }, validate.Errors{"address.city": "is required"}},
		{"struct in a slice", func(p *person) { p.Homes = []address{{City: "x"}, {}} }, validate.Errors{"homes.1.city": "is required"}},
		{"map value", func(p *person) { p.Meta = map[string]string{"lang": "english"} }, validate.Errors{"meta.lang": "must be at most 2 characters"}},
		{"pointer", func(p *person) { p.Nick = &short }, validate.Errors{"nick": "must be at least 3 characters"}},
		{"form tag names the field", func(p *person) { p.Form = "a1" }, validate.Errors{"form_name": "must contain only letters"}},
		{"Go name without tags", func(p *person) { p.GoName = "a-b" }, validate.Errors{"GoName": "must contain only letters and digits"}},
		{"several failures", func(p *person) { p.Name = ""; p.Role = "x"; p.Address.City = "" }, validate.Errors{
			"name": "is required", "role": "must be one of: admin, user", "address.city": "is required",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid()
			tt.change(&p)
			if got := v.Struct(&p); !maps.Equal(got, tt.want) {
				t.Errorf("Struct() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStructNotAStruct(t *testing.T) {
	if got := validate.New().Struct(42); len(got) != 1 || got[""] == "" {
		t.Errorf("Struct(42) = %v, want one error under \"\"", got)
	}
}

func TestPath(t *testing.T) {
	for ns, want := range map[string]string{
		"NoteIn.title":      "title",
		"NoteIn.tags[3]":    "tags.3",
		"User.address.city": "address.city",
		"Doc.meta[lang]":    "meta.lang",
		"A.b[0].c[1][2]":    "b.0.c.1.2",
		"NoRoot":            "",
	} {
		if got := validate.Path(ns); got != want {
			t.Errorf("Path(%q) = %q, want %q", ns, got, want)
		}
	}
}

func TestFieldName(t *testing.T) {
	type s struct {
		A string `json:"a,omitempty"`
		B string `json:",omitempty" form:"b"`
		C string `form:"c"`
		D string
		E string `json:"-"`
		F string `json:"-," form:"f"`
	}
	typ := reflect.TypeFor[s]()
	want := []string{"a", "b", "c", "D", "", "-"}
	for i, w := range want {
		if got := validate.FieldName(typ.Field(i)); got != w {
			t.Errorf("FieldName(%s) = %q, want %q", typ.Field(i).Name, got, w)
		}
	}
}

// Fields of an embedded struct without a name of its own report under
// their own names, as encoding/json flattens them; a named one nests.
func TestEmbeddedPaths(t *testing.T) {
	type inner struct {
		Year int `json:"year" validate:"min=1450"`
	}
	type Named struct {
		City string `json:"city" validate:"required"`
	}
	type outer struct {
		inner
		Named `json:"address"`
		Tags  []inner `json:"tags" validate:"dive"`
	}
	got := validate.New().Struct(&outer{Tags: []inner{{Year: 2000}, {Year: 1}}})
	want := validate.Errors{"year": "must be at least 1450", "address.city": "is required", "tags.1.year": "must be at least 1450"}
	if !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
