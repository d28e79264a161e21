package validate

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Check is one field's rules compiled: it returns "" when the value
// passes, else the message Struct would report for the field.
type Check func(v reflect.Value) string

// Compile compiles the `validate` tag of a field whose type is a string, a
// bool, a number, a slice of those (whose rules count its items) or a
// pointer to one, when every rule is one of required, omitempty, min, max,
// len, eq, ne, gt, gte, lt, lte and oneof. Its Check reports exactly what
// Struct reports for the field, without the validator library's work per
// call. ok is false for anything else: validate such fields with Struct.
func Compile(f reflect.StructField) (check Check, ok bool) {
	tag, has := f.Tag.Lookup("validate")
	if !has || tag == "" || tag == "-" {
		return func(reflect.Value) string { return "" }, true
	}
	t := f.Type
	ptr := t.Kind() == reflect.Pointer
	if ptr {
		t = t.Elem()
	}
	kind := t.Kind()
	if !measurable(kind) {
		return nil, false
	}
	var rules []rule
	omit := false
	for _, part := range strings.Split(tag, ",") {
		name, param, _ := strings.Cut(part, "=")
		switch name {
		case "omitempty":
			omit = true
			continue
		case "required":
		case "min", "max", "len", "eq", "ne", "gt", "gte", "lt", "lte":
			if kind == reflect.Bool {
				return nil, false
			}
		case "oneof":
			if kind == reflect.Bool || kind == reflect.Slice || kind == reflect.Float32 || kind == reflect.Float64 {
				return nil, false
			}
		default:
			return nil, false // dive, |, formats…: the validator's own
		}
		r, ok := compileRule(name, param, kind)
		if !ok {
			return nil, false
		}
		rules = append(rules, r)
	}
	if len(rules) == 0 {
		return func(reflect.Value) string { return "" }, true
	}
	return func(v reflect.Value) string {
		if ptr {
			if v.IsNil() {
				if omit {
					return ""
				}
				return rules[0].message // the validator reports a nil pointer under its first rule
			}
			v = v.Elem() // set, it is required enough; its value meets the other rules
		} else if omit && empty(v) {
			return ""
		}
		for _, r := range rules {
			switch {
			case r.pass != nil:
				if !r.pass(v) {
					return r.message
				}
			case !ptr && empty(v): // required
				return r.message
			}
		}
		return ""
	}, true
}

// empty is the validator's idea of a missing value: a nil slice, else the
// zero value.
func empty(v reflect.Value) bool {
	if v.Kind() == reflect.Slice {
		return v.IsNil()
	}
	return v.IsZero()
}

// rule is one compiled rule.
type rule struct {
	name    string
	message string
	pass    func(v reflect.Value) bool
}

func measurable(k reflect.Kind) bool {
	switch k {
	case reflect.String, reflect.Bool, reflect.Slice,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// compileRule builds one rule, with the message Message gives it.
func compileRule(name, param string, kind reflect.Kind) (rule, bool) {
	r := rule{name: name}
	if name == "required" {
		r.message = messages["required"]
		return r, true
	}
	if name == "oneof" {
		values := strings.Fields(param)
		if len(values) == 0 {
			return r, false
		}
		r.message = "must be one of: " + strings.Join(values, ", ")
		if kind == reflect.String {
			r.pass = func(v reflect.Value) bool { return slices.Contains(values, v.String()) }
			return r, true
		}
		nums := make([]float64, len(values))
		for i, s := range values {
			n, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return r, false
			}
			nums[i] = n
		}
		r.pass = func(v reflect.Value) bool { return slices.Contains(nums, number(v)) }
		return r, true
	}
	msg, ok := sizeMessage(name, param, kind)
	if !ok {
		return r, false
	}
	r.message = msg
	if kind == reflect.String && (name == "eq" || name == "ne") {
		want := name == "eq"
		r.pass = func(v reflect.Value) bool { return (v.String() == param) == want }
		return r, true
	}
	limit, err := strconv.ParseFloat(param, 64)
	if err != nil {
		return r, false
	}
	var cmp func(got float64) bool
	switch name {
	case "min", "gte":
		cmp = func(got float64) bool { return got >= limit }
	case "max", "lte":
		cmp = func(got float64) bool { return got <= limit }
	case "len", "eq":
		cmp = func(got float64) bool { return got == limit }
	case "ne":
		cmp = func(got float64) bool { return got != limit }
	case "gt":
		cmp = func(got float64) bool { return got > limit }
	case "lt":
		cmp = func(got float64) bool { return got < limit }
	}
	switch kind {
	case reflect.String:
		r.pass = func(v reflect.Value) bool { return cmp(float64(utf8.RuneCountInString(v.String()))) }
	case reflect.Slice:
		r.pass = func(v reflect.Value) bool { return cmp(float64(v.Len())) }
	default:
		r.pass = func(v reflect.Value) bool { return cmp(number(v)) }
	}
	return r, true
}

// number is a numeric value as a float64.
func number(v reflect.Value) float64 {
	switch {
	case v.CanInt():
		return float64(v.Int())
	case v.CanUint():
		return float64(v.Uint())
	}
	return v.Float()
}
