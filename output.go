package panther

import (
	"fmt"
	"reflect"
)

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
func (ep *endpoint) shape(t reflect.Type, data any) (any, error) {
	switch v := data.(type) {
	case nil, Text, HTML:
		return data, nil
	case Response:
		if _, _, text := textOf(v.Data); text || v.body != nil || v.Data == nil {
			return v, nil
		}
		shaped, err := ep.shape(t, v.Data)
		v.Data = shaped
		return v, err
	case *Response:
		if v == nil {
			return nil, nil
		}
		cp := *v
		return ep.shape(t, cp)
	}
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
