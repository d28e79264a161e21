package panther

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// The shapes the differential test reads: plain fields, a nested struct,
// pointers, dive, numbers of several kinds, a strict type.
type planNote struct {
	Title string   `json:"title" validate:"required,min=1,max=100"`
	Body  string   `json:"body,omitempty" validate:"max=2000"`
	Tags  []string `json:"tags,omitempty" validate:"max=5,dive,min=1,max=20"`
}

type planOrder struct {
	ID      int64     `json:"id" validate:"gte=0"`
	Count   uint8     `json:"count" validate:"lte=10"`
	Price   float64   `json:"price" validate:"gt=0"`
	Paid    bool      `json:"paid"`
	Nick    *string   `json:"nick" validate:"omitempty,min=3"`
	Kind    string    `json:"kind" validate:"omitempty,oneof=a b"`
	Scores  []int     `json:"scores" validate:"dive,min=0,max=9"`
	Address planAddr  `json:"address"`
	Lines   []planAdd `json:"lines"`
}

type planAddr struct {
	City string `json:"city" validate:"required"`
}

type planAdd struct {
	SKU string `json:"sku"`
}

type planStrict struct {
	Name string `json:"name" validate:"required"`
}

func (planStrict) DisallowUnknownFields() bool { return true }

// FuzzPlansMatchLibraries is the input step's differential test: for any
// body, decoding and validating by the compiled plans gives the value and
// the answer that encoding/json and the validator library give alone.
func FuzzPlansMatchLibraries(f *testing.F) {
	for _, seed := range []string{
		`{"title":"milk","body":"two litres","tags":["shop","food"]}`, `{"title":""}`, `{"tags":["","x","a","b","c","d"]}`,
		`{"TITLE":"a"}`, `{"title":"a","title":"b"}`, "{\"title\":\"\xff\"}", `{"title":"\u00e9"}`, `{"title":5}`, `[]`, `{} x`,
		`{"id":-1,"count":11,"price":0,"nick":"ab","kind":"c","scores":[10,-1],"address":{},"lines":[{"sku":"x"}]}`,
		`{"id":99999999999999999999,"price":1e400,"count":-0}`, `{"name":"a","extra":1}`, `{"name":""}`, `null`, ``,
	} {
		f.Add([]byte(seed))
	}
	a := New(Config{})
	plans := []*inputPlan{
		a.inputPlan("notes", "Input", planNote{}),
		a.inputPlan("orders", "Input", planOrder{}),
		a.inputPlan("strict", "Input", planStrict{}),
	}
	for _, p := range plans {
		if p.json == nil || p.rules == nil {
			t := p.typ
			f.Fatalf("%s: the plans do not cover it (json %v, rules %v); the test needs types they cover", t, p.json != nil, p.rules != nil)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, planned := range plans {
			libraries := *planned
			libraries.json, libraries.rules = nil, nil
			gotV, gotErr := a.readPlanned(planned, body)
			wantV, wantErr := a.readPlanned(&libraries, body)
			if answer(gotErr) != answer(wantErr) {
				t.Fatalf("%s %q: the plans answer %s, the libraries %s", planned.typ, body, answer(gotErr), answer(wantErr))
			}
			if wantErr == nil && !reflect.DeepEqual(gotV.Interface(), wantV.Interface()) {
				t.Fatalf("%s %q: the plans read %+v, the libraries %+v", planned.typ, body, gotV.Elem(), wantV.Elem())
			}
		}
	})
}

// readPlanned is the input step's decoding and validation of body by p.
func (a *App) readPlanned(p *inputPlan, body []byte) (reflect.Value, error) {
	v := reflect.New(p.typ)
	if err := decodeJSON(bytes.NewReader(body), 1<<20, v, p); err != nil {
		return v, err
	}
	return v, a.check(p, v)
}

// answer is what the client would be told: the status and the body.
func answer(err error) string {
	if err == nil {
		return "nothing"
	}
	var ve ValidationError
	if errors.As(err, &ve) {
		return fmt.Sprintf("400 %v", map[string]string(ve))
	}
	var e *Error
	if errors.As(err, &e) {
		return fmt.Sprintf("%d %s", e.Status, e.Detail)
	}
	if errors.Is(err, errEmptyBody) {
		return "empty body"
	}
	return "other: " + err.Error()
}
