package validate_test

import (
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
