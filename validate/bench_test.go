package validate_test

import (
	"reflect"
	"testing"

	"github.com/panther-go/panther/validate"
)

type noteIn struct {
	Title string   `json:"title" validate:"required,min=1,max=100"`
	Body  string   `json:"body,omitempty" validate:"max=2000"`
	Tags  []string `json:"tags,omitempty" validate:"max=5,dive,min=1,max=20"`
}

func BenchmarkValidateNoteIn(b *testing.B) {
	v := validate.New()
	in := &noteIn{Title: "milk", Body: "two litres", Tags: []string{"shop", "food"}}
	b.ReportAllocs()
	for b.Loop() {
		if errs := v.Struct(in); errs != nil {
			b.Fatal(errs)
		}
	}
}

func BenchmarkValidateNoteInFailing(b *testing.B) {
	v := validate.New()
	in := &noteIn{Tags: []string{""}}
	b.ReportAllocs()
	for b.Loop() {
		if errs := v.Struct(in); len(errs) != 2 {
			b.Fatal(errs)
		}
	}
}

func BenchmarkPlanNoteIn(b *testing.B) {
	p, ok := validate.CompileStruct(reflect.TypeFor[noteIn]())
	if !ok {
		b.Fatal("noteIn does not compile")
	}
	in := reflect.ValueOf(&noteIn{Title: "milk", Body: "two litres", Tags: []string{"shop", "food"}}).Elem()
	b.ReportAllocs()
	for b.Loop() {
		if errs := p.Check(in); errs != nil {
			b.Fatal(errs)
		}
	}
}

func BenchmarkPlanNoteInFailing(b *testing.B) {
	p, ok := validate.CompileStruct(reflect.TypeFor[noteIn]())
	if !ok {
		b.Fatal("noteIn does not compile")
	}
	in := reflect.ValueOf(&noteIn{Tags: []string{""}}).Elem()
	b.ReportAllocs()
	for b.Loop() {
		if errs := p.Check(in); len(errs) != 2 {
			b.Fatal(errs)
		}
	}
}
