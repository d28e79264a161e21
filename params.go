package panther

import (
	"fmt"

	"github.com/panther-go/panther/schema"
	"github.com/panther-go/panther/validate"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
)

// param is one parameter field of an Input, compiled at registration.
type param struct {
	name   string // its wire name, as the tag gives it
	header string // for a header, its canonical form
	in     string // "path", "query", "header" or "cookie"
	index  []int
	field  reflect.StructField
	set    setter
	check  validate.Check // its rules, compiled; nil when the validator checks them
	def    reflect.Value  // the default, converted; invalid for none
	defRaw string
	pathAt int // the path variable's place in the route
}

// params finds the parameter fields of Input type t and the first body
// field, "" when it has none.
func params(pattern, where string, t reflect.Type) (ps []param, bodyField string) {
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() {
			continue
		}
		in, name, ok := schema.ParamTag(f)
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
		p := param{name: name, in: in, index: f.Index, field: f, set: newSetter(f.Type)}
		if p.check, ok = validate.Compile(f); !ok {
			p.check = nil
		}
		if p.set.parse == nil {
			panic(fmt.Sprintf("%s: a %s parameter cannot be a %s; use a string, a number, a bool, a time.Time, a time.Duration, an encoding.TextUnmarshaler, a pointer to one or a slice of them", what, in, f.Type))
		}
		p.header = http.CanonicalHeaderKey(name)
		if raw, ok := f.Tag.Lookup("default"); ok {
			if in == "path" {
				panic(fmt.Sprintf("%s: a path parameter is always present, so it has no default", what))
			}
			p.def, p.defRaw = reflect.New(f.Type).Elem(), raw
			if err := p.set.set(p.def, raw, []string{raw}); err != nil {
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

// setter sets a parameter field from its values: a scalar, or a pointer
// to one, from the last; a slice from them all.
type setter struct {
	parse func(reflect.Value, string) error // of one value; nil for a type a parameter cannot carry
	ptr   bool                              // the field is a pointer to the parsed type
	slice reflect.Type                      // the field's slice type; nil for a scalar
}

func newSetter(t reflect.Type) setter {
	switch {
	case scalar(t) != nil:
		return setter{parse: scalar(t)}
	case t.Kind() == reflect.Pointer && scalar(t.Elem()) != nil:
		return setter{parse: scalar(t.Elem()), ptr: true}
	case t.Kind() == reflect.Slice && scalar(t.Elem()) != nil:
		return setter{parse: scalar(t.Elem()), slice: t}
	}
	return setter{}
}

// set sets v from last, the last value, or, for a slice, from values.
func (s setter) set(v reflect.Value, last string, values []string) error {
	switch {
	case s.slice != nil:
		out := reflect.MakeSlice(s.slice, len(values), len(values))
		for i, raw := range values {
			if err := s.parse(out.Index(i), raw); err != nil {
				return err
			}
		}
		v.Set(out)
		return nil
	case s.ptr:
		v.Set(reflect.New(v.Type().Elem()))
		v = v.Elem()
	}
	return s.parse(v, last)
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
// Values that do not convert are 400, keyed by the parameter's name; so
// are those that break their compiled rules, when check is set.
func (p *inputPlan) bindParams(r *Request, v reflect.Value, check bool) error {
	var errs ValidationError
	for i := range p.params {
		q := &p.params[i]
		field := v.FieldByIndex(q.index)
		last, values, found, bad := q.values(r)
		switch {
		case bad:
			errs = errs.add(q.name, "is not a valid query value (bad %-escape)")
			continue
		case !found, last == "" && q.set.slice == nil: // a blank value is an absent one
			if q.def.IsValid() {
				field.Set(q.def)
			} else {
				field.SetZero()
			}
		default:
			if err := q.set.set(field, last, values); err != nil {
				errs = errs.add(q.name, err.Error())
				continue
			}
		}
		if check {
			if msg := q.check(field); msg != "" {
				errs = errs.add(q.name, msg)
			}
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

// values are the parameter's values in r: the last, and, for a slice,
// all of them. A query value that cannot be unescaped is bad.
func (q *param) values(r *Request) (last string, all []string, found, bad bool) {
	switch q.in {
	case "path":
		return r.values[q.pathAt], nil, true, false
	case "query":
		if q.set.slice != nil {
			all, bad = queryValues(r.URL.RawQuery, q.name)
			if len(all) > 0 {
				last = all[len(all)-1]
			}
			return last, all, len(all) > 0, bad
		}
		last, found, bad = queryValue(r.URL.RawQuery, q.name)
		return last, nil, found, bad
	case "header":
		all = r.Header[q.header]
	default:
		for _, c := range r.CookiesNamed(q.name) {
			all = append(all, c.Value)
		}
	}
	if len(all) == 0 {
		return "", nil, false, false
	}
	return all[len(all)-1], all, true, false
}

// queryValue finds the last value of name in a raw query without building
// url.Values: a value without escapes is a substring of the query, so it
// costs no allocation.
func queryValue(raw, name string) (value string, found, bad bool) {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		key, v, _ := strings.Cut(pair, "=")
		if !queryKey(key, name) {
			continue
		}
		value, found = v, true
	}
	if !found || !escaped(value) {
		return value, found, false
	}
	value, err := url.QueryUnescape(value)
	return value, true, err != nil
}

// queryValues lists every value of name in a raw query.
func queryValues(raw, name string) (out []string, bad bool) {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		key, value, _ := strings.Cut(pair, "=")
		if !queryKey(key, name) {
			continue
		}
		if escaped(value) {
			v, err := url.QueryUnescape(value)
			if err != nil {
				return nil, true
			}
			value = v
		}
		out = append(out, value)
	}
	return out, false
}

// queryKey reports whether a raw query key is name.
func queryKey(key, name string) bool {
	if key == name {
		return true
	}
	if !escaped(key) {
		return false
	}
	k, err := url.QueryUnescape(key)
	return err == nil && k == name
}

// escaped reports whether a query part holds a %-escape or a '+'.
func escaped(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' || s[i] == '+' {
			return true
		}
	}
	return false
}
