package panther

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
)

// paramTags are the struct tags that make an Input field a parameter, in
// the order they are looked for.
var paramTags = [...]string{"path", "query", "header", "cookie"}

// param is one parameter field of an Input, compiled at registration.
type param struct {
	name   string // its wire name, as the tag gives it
	header string // for a header, its canonical form
	in     string // "path", "query", "header" or "cookie"
	index  []int
	field  reflect.StructField
	set    func(v reflect.Value, values []string) error
	def    reflect.Value // the default, converted; invalid for none
	defRaw string
	pathAt int // the path variable's place in the route
}

// ParamIn reports where a struct field is a parameter — "path", "query",
// "header" or "cookie" — and its name there; ok is false for a body field.
func ParamIn(f reflect.StructField) (in, name string, ok bool) {
	for _, tag := range paramTags {
		if name, ok := f.Tag.Lookup(tag); ok {
			name, _, _ = strings.Cut(name, ",")
			return tag, name, true
		}
	}
	return "", "", false
}

// params finds the parameter fields of Input type t and the first body
// field, "" when it has none.
func params(pattern, where string, t reflect.Type) (ps []param, bodyField string) {
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() {
			continue
		}
		in, name, ok := ParamIn(f)
		if !ok {
			if !f.Anonymous && bodyField == "" && jsonVisible(f) {
				bodyField = f.Name
			}
			continue
		}
		what := fmt.Sprintf("panther: route %q: %s %s field %s", pattern, where, t, f.Name)
		if name == "" {
			panic(fmt.Sprintf("%s: the %s tag has no name; write `%s:\"name\"`", what, in, in))
		}
		p := param{name: name, in: in, index: f.Index, field: f, set: paramSetter(f.Type)}
		if p.set == nil {
			panic(fmt.Sprintf("%s: a %s parameter cannot be a %s; use a string, a number, a bool, a time.Time, a time.Duration, an encoding.TextUnmarshaler, a pointer to one or a slice of them", what, in, f.Type))
		}
		p.header = http.CanonicalHeaderKey(name)
		if raw, ok := f.Tag.Lookup("default"); ok {
			if in == "path" {
				panic(fmt.Sprintf("%s: a path parameter is always present, so it has no default", what))
			}
			p.def, p.defRaw = reflect.New(f.Type).Elem(), raw
			if err := p.set(p.def, []string{raw}); err != nil {
				panic(fmt.Sprintf("%s: default %q %v", what, raw, err))
			}
		}
		for _, q := range ps {
			if q.in == in && (q.name == p.name || in == "header" && q.header == p.header) {
				panic(fmt.Sprintf("%s: %s parameter %q is declared twice (also by %s)", what, in, name, q.field.Name))
			}
		}
		ps = append(ps, p)
	}
	return ps, bodyField
}

// jsonVisible reports whether encoding/json reads a field.
func jsonVisible(f reflect.StructField) bool {
	return f.Tag.Get("json") != "-"
}

// paramSetter returns how to set a field of type t from a parameter's
// values (the last one wins, a slice takes them all), or nil for a type
// a parameter cannot carry.
func paramSetter(t reflect.Type) func(reflect.Value, []string) error {
	switch {
	case scalar(t) != nil:
		parse := scalar(t)
		return func(v reflect.Value, values []string) error { return parse(v, values[len(values)-1]) }
	case t.Kind() == reflect.Pointer && scalar(t.Elem()) != nil:
		parse := scalar(t.Elem())
		return func(v reflect.Value, values []string) error {
			v.Set(reflect.New(t.Elem()))
			return parse(v.Elem(), values[len(values)-1])
		}
	case t.Kind() == reflect.Slice && scalar(t.Elem()) != nil:
		parse := scalar(t.Elem())
		return func(v reflect.Value, values []string) error {
			s := reflect.MakeSlice(t, len(values), len(values))
			for i, raw := range values {
				if err := parse(s.Index(i), raw); err != nil {
					return err
				}
			}
			v.Set(s)
			return nil
		}
	}
	return nil
}

// checkPath ties the plan's path parameters to the route's variables.
func (p *inputPlan) checkPath(pattern string, names []string) {
	for i := range p.params {
		q := &p.params[i]
		if q.in != "path" {
			continue
		}
		q.pathAt = slices.Index(names, q.name)
		if q.pathAt < 0 {
			vars := "none"
			if len(names) > 0 {
				vars = "<" + strings.Join(names, ">, <") + ">"
			}
			panic(fmt.Sprintf("panther: route %q: Input %s field %s reads path variable <%s>, which the route does not have (its variables: %s)", pattern, p.typ, q.field.Name, q.name, vars))
		}
	}
}

// bindParams sets every parameter field of v from the request: its value,
// else its default, else the zero value — so a body can never set one.
// Values that do not convert are 400, keyed by the parameter's name.
func (p *inputPlan) bindParams(r *Request, v reflect.Value) error {
	var errs ValidationError
	var one [1]string
	for i := range p.params {
		q := &p.params[i]
		field := v.FieldByIndex(q.index)
		values, bad := q.values(r, one[:0])
		switch {
		case bad:
			errs = errs.add(q.name, "is not a valid query value (bad %-escape)")
			continue
		case len(values) == 1 && values[0] == "" && q.field.Type.Kind() != reflect.Slice:
			values = nil // a blank value is an absent one
		}
		switch {
		case len(values) == 0 && q.def.IsValid():
			field.Set(q.def)
			continue
		case len(values) == 0:
			field.SetZero()
			continue
		}
		if err := q.set(field, values); err != nil {
			errs = errs.add(q.name, err.Error())
		}
	}
	if errs != nil {
		return errs
	}
	return nil
}

func (e ValidationError) add(key, message string) ValidationError {
	if e == nil {
		e = ValidationError{}
	}
	if _, seen := e[key]; !seen {
		e[key] = message
	}
	return e
}

// values are the parameter's values in r; one is room for a single value.
// A query value that cannot be unescaped is bad.
func (q *param) values(r *Request, one []string) (values []string, bad bool) {
	switch q.in {
	case "path":
		return append(one, r.values[q.pathAt]), false
	case "query":
		return queryValues(r.URL.RawQuery, q.name, one, q.field.Type.Kind() == reflect.Slice)
	case "header":
		return r.Header[q.header], false
	default:
		for _, c := range r.CookiesNamed(q.name) {
			one = append(one, c.Value)
		}
		return one, false
	}
}

// queryValues finds the values of name in a raw query without building
// url.Values: a value without escapes is a substring of the query, so a
// scalar parameter costs no allocation. Without all, only the last value is
// kept, as Request.Query does.
func queryValues(raw, name string, out []string, all bool) ([]string, bool) {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		key, value, _ := strings.Cut(pair, "=")
		if key != name {
			if !strings.ContainsAny(key, "%+") {
				continue
			}
			k, err := url.QueryUnescape(key)
			if err != nil || k != name {
				continue
			}
		}
		if strings.ContainsAny(value, "%+") {
			v, err := url.QueryUnescape(value)
			if err != nil {
				return nil, true
			}
			value = v
		}
		if all || len(out) == 0 {
			out = append(out, value)
		} else {
			out[0] = value
		}
	}
	return out, false
}
