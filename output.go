package panther

import (
	"fmt"
	"net/http"
	"reflect"
)

// OutputSchema describes an API's successful response for the OpenAPI
// document: Python Panther's output_schema. It changes nothing on the wire;
// Output shapes the data.
type OutputSchema struct {
	// Model is a value of the response body's type, such as Note{} or
	// []Note{}; nil only with StatusCode 204.
	Model any

	// StatusCode is the status of a successful response. Default: 200.
	StatusCode int
}

func (s *OutputSchema) check(pattern string) {
	if s.Model == nil && s.StatusCode != http.StatusNoContent {
		panic(fmt.Sprintf("panther: route %q: OutputSchema.Model is nil; give a value of the response type, such as Note{}", pattern))
	}
	if s.StatusCode != 0 && (s.StatusCode < 100 || s.StatusCode > 599) {
		panic(fmt.Sprintf("panther: route %q: OutputSchema.StatusCode %d is not an HTTP status", pattern, s.StatusCode))
	}
}

// outputType is the struct type of an Output declaration, or nil.
func outputType(pattern, field string, v any) reflect.Type {
	if v == nil {
		return nil
	}
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("panther: route %q: %s is a %s; give a struct value such as NoteOut{}", pattern, field, reflect.TypeOf(v)))
	}
	return t
}

// shape passes what the handler returned through the Output type: a value
// (or each item of a list) is encoded to JSON and decoded into the type,
// so fields the type lacks are dropped. Non-JSON responses and nil pass
// through untouched.
func (ep *endpoint) shape(data any) (any, error) {
	switch v := data.(type) {
	case nil:
		return nil, nil
	case Response:
		if v.body != nil || v.Data == nil {
			return v, nil
		}
		shaped, err := ep.shape(v.Data)
		v.Data = shaped
		return v, err
	case *Response:
		if v == nil {
			return nil, nil
		}
		cp := *v
		return ep.shape(cp)
	}
	t := ep.output
	if k := reflect.TypeOf(data).Kind(); k == reflect.Slice || k == reflect.Array {
		t = reflect.SliceOf(t)
	}
	if reflect.TypeOf(data) == t {
		return data, nil
	}
	body, buf, err := encodeJSON(data)
	if err != nil {
		return nil, err
	}
	defer buf.release()
	out := reflect.New(t)
	if err := unmarshalJSON(body, out.Interface()); err != nil {
		return nil, fmt.Errorf("panther: route %q: shaping %T through Output %s: %w", ep.pattern, data, t, err)
	}
	return out.Elem().Interface(), nil
}

// checkDocs rejects Docs that name methods the API does not answer or
// statuses that are not errors.
func (ep *endpoint) checkDocs() {
	for m, s := range ep.docs.Outputs {
		if i := verbIndex(m); i < 0 || m == http.MethodHead || ep.handlers[i] == nil {
			panic(fmt.Sprintf("panther: route %q: Docs.Outputs names %q, which the API does not answer; use its methods in upper case", ep.pattern, m))
		}
		if s == nil {
			panic(fmt.Sprintf("panther: route %q: Docs.Outputs[%q] is nil", ep.pattern, m))
		}
		s.check(ep.pattern)
	}
	for _, code := range ep.docs.Errors {
		if code < 400 || code > 599 {
			panic(fmt.Sprintf("panther: route %q: Docs.Errors has %d, which is not an error status", ep.pattern, code))
		}
	}
}
