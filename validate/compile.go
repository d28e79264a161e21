package validate

import (
	"cmp"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
)

// Check is one field's rules compiled: it returns "" when the value
// passes, else the message Struct would report for the field.
type Check func(v reflect.Value) string

// Compile compiles the `validate` tag of a field whose type is a string, a
// bool, a number, a slice of anything (whose rules count its items) or a
// pointer to one, when every rule is one of required, omitempty (first, as
// the validator honours it nowhere else), min, max, len, eq, ne, gt, gte,
// lt, lte and oneof. Its Check reports exactly what Struct reports for the
// field, without the validator library's work per call. ok is false for
// anything else, including a parameter the validator would read
// differently or panic on: validate such fields with Struct.
func Compile(f reflect.StructField) (check Check, ok bool) {
	tag, has := f.Tag.Lookup("validate")
	if !has || tag == "" || tag == "-" {
		return func(reflect.Value) string { return "" }, true
	}
	if !plainTag(tag) {
		return nil, false
	}
	c, ok := compileChain(strings.Split(tag, ","), f.Type)
	if !ok {
		return nil, false
	}
	return c.check, true
}

// plainTag reports whether a tag has no "or" (|) and none of the escapes
// (0x2C for a comma, 0x7C for a pipe) the validator rewrites in parameters.
func plainTag(tag string) bool {
	return !strings.Contains(tag, "|") && !strings.Contains(tag, "0x2C") && !strings.Contains(tag, "0x7C")
}

// chain is a run of rules compiled for one type, in the order the
// validator applies them; the first to fail gives the message.
type chain struct {
	ptr   bool // the value is a pointer to what the rules measure
	omit  bool // a leading omitempty: an empty value skips the rules
	rules []rule
}

// rule is one compiled rule.
type rule struct {
	message string
	pass    func(v reflect.Value) bool // nil for required, which the chain checks
}

// compileChain compiles the rules in parts for values of type t.
func compileChain(parts []string, t reflect.Type) (*chain, bool) {
	c := &chain{}
	if valuer(t) {
		return nil, false
	}
	if t.Kind() == reflect.Pointer {
		c.ptr, t = true, t.Elem()
		if valuer(t) {
			return nil, false
		}
	}
	if !measurable(t.Kind()) {
		return nil, false
	}
	for i, part := range parts {
		name, param, hasParam := strings.Cut(part, "=")
		var r rule
		ok := false
		switch name {
		case "omitempty":
			// Later in a tag, omitempty stops the rules only after the ones
			// before it ran; that order is not worth compiling.
			if i > 0 || hasParam {
				return nil, false
			}
			c.omit = true
			continue
		case "required":
			r, ok = rule{message: messages["required"]}, !hasParam
		case "min", "max", "len", "eq", "ne", "gt", "gte", "lt", "lte":
			r, ok = sizeRule(name, param, t)
		case "oneof":
			r, ok = oneOfRule(param, t)
		}
		if !ok {
			return nil, false // dive, formats, cross-field rules…: the validator's own
		}
		c.rules = append(c.rules, r)
	}
	return c, true
}

// check returns "" when v passes the chain, else the failing rule's
// message.
func (c *chain) check(v reflect.Value) string {
	if c.ptr {
		if v.IsNil() {
			if c.omit || len(c.rules) == 0 {
				return ""
			}
			return c.rules[0].message // the validator reports a nil pointer under its first rule
		}
		v = v.Elem()
	}
	if c.omit && !present(v, c.ptr) {
		return ""
	}
	for i := range c.rules {
		r := &c.rules[i]
		if r.pass == nil {
			if !present(v, c.ptr) {
				return r.message
			}
		} else if !r.pass(v) {
			return r.message
		}
	}
	return ""
}

// present is the validator's test for required and omitempty: a slice
// must not be nil; any other value must be set behind a pointer, or not
// zero.
func present(v reflect.Value, viaPointer bool) bool {
	if v.Kind() == reflect.Slice {
		return !v.IsNil()
	}
	return viaPointer || !v.IsZero()
}

// valuerType is the validator's interface for a type that hands it
// another value to check.
var valuerType = reflect.TypeFor[validator.Valuer]()

// valuer reports whether values of type t, or pointers to them, hand the
// validator another value to check in their place.
func valuer(t reflect.Type) bool {
	return t.Implements(valuerType) || t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(valuerType)
}

// measurable reports whether Compile has rules for values of kind k.
func measurable(k reflect.Kind) bool {
	return k == reflect.String || k == reflect.Bool || k == reflect.Slice || integer(k) || unsigned(k) ||
		k == reflect.Float32 || k == reflect.Float64
}

// integer reports whether k is a signed integer kind.
func integer(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Int64
}

// unsigned reports whether k is an unsigned integer kind (not uintptr).
func unsigned(k reflect.Kind) bool {
	return k >= reflect.Uint && k <= reflect.Uint64
}

// sizeRule builds min, max, len, eq, ne, gt, gte, lt or lte for values of
// type t, reading param as the validator does, with the message Message
// gives it.
func sizeRule(name, param string, t reflect.Type) (rule, bool) {
	kind := t.Kind()
	msg, ok := sizeMessage(name, param, kind)
	if !ok || kind == reflect.Bool {
		return rule{}, false
	}
	r := rule{message: msg}
	switch {
	case kind == reflect.String && (name == "eq" || name == "ne"):
		want := name == "eq"
		r.pass = func(v reflect.Value) bool { return (v.String() == param) == want }
	case kind == reflect.String:
		n, err := strconv.ParseInt(param, 0, 64)
		ok = err == nil
		c := compare(name, n)
		r.pass = func(v reflect.Value) bool { return c(int64(utf8.RuneCountInString(v.String()))) }
	case kind == reflect.Slice:
		n, err := strconv.ParseInt(param, 0, 64)
		ok = err == nil
		c := compare(name, n)
		r.pass = func(v reflect.Value) bool { return c(int64(v.Len())) }
	case integer(kind):
		var n int64
		n, ok = intParam(t, param)
		c := compare(name, n)
		r.pass = func(v reflect.Value) bool { return c(v.Int()) }
	case unsigned(kind):
		n, err := strconv.ParseUint(param, 0, 64)
		ok = err == nil
		c := compare(name, n)
		r.pass = func(v reflect.Value) bool { return c(v.Uint()) }
	default: // a float32 limit is rounded to a float32, as the validator does
		n, err := strconv.ParseFloat(param, t.Bits())
		ok = err == nil
		c := compare(name, n)
		r.pass = func(v reflect.Value) bool { return c(v.Float()) }
	}
	return r, ok
}

// intParam reads a limit for an integer field: for a time.Duration, a
// duration ("1m") or else a count of nanoseconds; for others an integer in
// Go syntax ("10", "0x10", "1_000").
func intParam(t reflect.Type, param string) (int64, bool) {
	if t == reflect.TypeFor[time.Duration]() {
		if d, err := time.ParseDuration(param); err == nil {
			return int64(d), true
		}
	}
	n, err := strconv.ParseInt(param, 0, 64)
	return n, err == nil
}

// compare is the test a size rule makes of a measure against its limit.
func compare[T cmp.Ordered](name string, limit T) func(got T) bool {
	switch name {
	case "min", "gte":
		return func(got T) bool { return got >= limit }
	case "max", "lte":
		return func(got T) bool { return got <= limit }
	case "gt":
		return func(got T) bool { return got > limit }
	case "lt":
		return func(got T) bool { return got < limit }
	case "ne":
		return func(got T) bool { return got != limit }
	}
	return func(got T) bool { return got == limit } // len, eq
}

// oneOfRule builds oneof for a string or an integer. The validator
// compares an integer's decimal form with each value, so "01" never
// matches; and it splits the values as strings.Fields does only when
// they are unquoted and separated by plain spaces.
func oneOfRule(param string, t reflect.Type) (rule, bool) {
	kind := t.Kind()
	values := strings.Fields(param)
	if len(values) == 0 || strings.ContainsFunc(param, oddSpace) ||
		!(kind == reflect.String || integer(kind) || unsigned(kind)) {
		return rule{}, false
	}
	r := rule{message: "must be one of: " + strings.Join(values, ", ")}
	switch {
	case kind == reflect.String:
		r.pass = func(v reflect.Value) bool { return slices.Contains(values, v.String()) }
	case integer(kind):
		var nums []int64
		for _, s := range values {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil && strconv.FormatInt(n, 10) == s {
				nums = append(nums, n)
			}
		}
		r.pass = func(v reflect.Value) bool { return slices.Contains(nums, v.Int()) }
	default:
		var nums []uint64
		for _, s := range values {
			if n, err := strconv.ParseUint(s, 10, 64); err == nil && strconv.FormatUint(n, 10) == s {
				nums = append(nums, n)
			}
		}
		r.pass = func(v reflect.Value) bool { return slices.Contains(nums, v.Uint()) }
	}
	return r, true
}

// oddSpace reports a rune on which the validator and strings.Fields
// split oneof's values differently: a quote, or a space other than ' '.
func oddSpace(r rune) bool {
	return r == '\'' || r != ' ' && unicode.IsSpace(r)
}
