package schema

import (
	"reflect"
	"strconv"
	"time"
)

// measure is what size rules such as min and max measure for a value.
type measure int

const (
	none    measure = iota // the rules do not apply
	runes                  // a string's length
	items                  // an array's items
	entries                // a map's entries
	value                  // a number itself
	truth                  // a bool (eq only)
)

// measureOf tells how the validator measures a value of kind t, provided
// the schema agrees: a time.Time, a []byte or a ",string" number is not
// what its Go kind suggests on the wire, and no rule is added to it.
func measureOf(s *Schema, t reflect.Type) measure {
	switch k := t.Kind(); {
	case k == reflect.String && s.Type.Has("string"):
		return runes
	case (k == reflect.Slice || k == reflect.Array) && s.Type.Has("array"):
		return items
	case k == reflect.Map && s.Type.Has("object"):
		return entries
	case k == reflect.Bool && s.Type.Has("boolean"):
		return truth
	case isNumeric(k) && (s.Type.Has("integer") || s.Type.Has("number")):
		return value
	}
	return none
}

// constrain adds the validate rules of one level to s, the schema of t
// (not a pointer; ptr says whether the field was one).
func constrain(s *Schema, t reflect.Type, rules []rule, ptr bool) {
	m := measureOf(s, t)
	if m == none {
		return
	}
	for _, ru := range rules {
		apply(s, t, m, ru)
	}
	// required fails the empty string, but not a pointer to one
	if m == runes && !ptr && has(rules, "required") && (s.MinLength == nil || *s.MinLength < 1) {
		s.MinLength = intPtr(1)
	}
}

// apply adds one rule; a rule it does not know, or whose parameter does not
// parse, adds nothing.
func apply(s *Schema, t reflect.Type, m measure, ru rule) {
	switch ru.name {
	case "min", "gte":
		lower(s, t, m, ru.param, false)
	case "max", "lte":
		upper(s, t, m, ru.param, false)
	case "gt":
		lower(s, t, m, ru.param, true)
	case "lt":
		upper(s, t, m, ru.param, true)
	case "len":
		lower(s, t, m, ru.param, false)
		upper(s, t, m, ru.param, false)
	case "eq":
		equal(s, t, m, ru.param)
	case "oneof":
		s.Enum = enum(t, m, ru.param)
	case "unique":
		s.UniqueItems = s.UniqueItems || m == items && ru.param == ""
	default:
		if m == runes {
			text(s, ru)
		}
	}
}

// lower sets the least size or value the rule allows.
func lower(s *Schema, t reflect.Type, m measure, param string, exclusive bool) {
	if m == value {
		if f, ok := number(t, param); ok && exclusive {
			s.ExclusiveMinimum = &f
		} else if ok {
			s.Minimum = &f
		}
		return
	}
	n, err := strconv.ParseInt(param, 0, 64)
	if err != nil {
		return
	}
	if exclusive {
		n++
	}
	setSize(s, m, true, int(n))
}

// upper sets the greatest size or value the rule allows.
func upper(s *Schema, t reflect.Type, m measure, param string, exclusive bool) {
	if m == value {
		if f, ok := number(t, param); ok && exclusive {
			s.ExclusiveMaximum = &f
		} else if ok {
			s.Maximum = &f
		}
		return
	}
	n, err := strconv.ParseInt(param, 0, 64)
	if err != nil {
		return
	}
	if exclusive {
		n--
	}
	setSize(s, m, false, int(n))
}

// setSize sets the least (or greatest) size of measure m to n.
func setSize(s *Schema, m measure, least bool, n int) {
	p := intPtr(max(n, 0))
	switch {
	case m == items && least:
		s.MinItems = p
	case m == items:
		s.MaxItems = p
	case m == entries && least:
		s.MinProperties = p
	case m == entries:
		s.MaxProperties = p
	case least:
		s.MinLength = p
	default:
		s.MaxLength = p
	}
}

// equal is eq: a fixed value for strings, numbers and bools, a fixed size
// for arrays and maps.
func equal(s *Schema, t reflect.Type, m measure, param string) {
	switch m {
	case runes:
		s.Const = param
	case value:
		if f, ok := number(t, param); ok {
			s.Const = f
		}
	case truth:
		if b, err := strconv.ParseBool(param); err == nil {
			s.Const = b
		}
	default:
		lower(s, t, m, param, false)
		upper(s, t, m, param, false)
	}
}

// isNumeric reports whether k is an integer or float kind; reflect declares
// them in one run, from Int to Float64.
func isNumeric(k reflect.Kind) bool {
	return reflect.Int <= k && k <= reflect.Float64
}

// number parses a bound the way the validator does for a value of kind t:
// integers in any base Go accepts, durations as "1h30m" or nanoseconds.
func number(t reflect.Type, param string) (float64, bool) {
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(param, 64)
		return f, err == nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := strconv.ParseUint(param, 0, 64)
		return float64(n), err == nil
	}
	if t == durationType {
		if d, err := time.ParseDuration(param); err == nil {
			return float64(d), true
		}
	}
	n, err := strconv.ParseInt(param, 0, 64)
	return float64(n), err == nil
}
