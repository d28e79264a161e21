package validate

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Plan is a struct type's `validate` tags compiled by CompileStruct. It is
// immutable and safe for concurrent use.
type Plan struct {
	steps []step
}

// step checks one field, at any depth of nesting.
type step struct {
	index []int  // the field's index sequence from the root, for FieldByIndex
	key   string // its JSON path
	self  *chain // the rules on the field; before dive, for a slice
	each  *chain // the rules after dive, for each item; nil without dive
}

// CompileStruct compiles the rules of struct type t when Compile accepts
// every one of them, so that Plan.Check reports exactly what Struct
// reports, without the validator library's work per call. Beyond Compile's
// fields it follows dive on a slice of strings, numbers or bools (or
// pointers to them), nested and embedded structs without a tag of their
// own, and skips what the validator never looks into (unexported fields,
// `validate:"-"`, types without rules). ok is false for any other shape or
// rule: validate such types with Struct.
func CompileStruct(t reflect.Type) (p *Plan, ok bool) {
	if t == nil || t.Kind() != reflect.Struct || t.ConvertibleTo(timeType) || valuer(t) {
		return nil, false
	}
	p = &Plan{}
	if !p.addStruct(t, nil, "") {
		return nil, false
	}
	return p, true
}

// Check validates v, a struct value of the type the plan was compiled for,
// and returns nil when it passes; it allocates nothing then.
func (p *Plan) Check(v reflect.Value) Errors {
	var errs Errors
	for i := range p.steps {
		s := &p.steps[i]
		f := v.FieldByIndex(s.index)
		if msg := s.self.check(f); msg != "" {
			errs = add(errs, s.key, msg)
			continue // the validator does not look at the items of a failed slice
		}
		if s.each == nil {
			continue
		}
		for j := range f.Len() {
			if msg := s.each.check(f.Index(j)); msg != "" {
				errs = add(errs, s.key+"."+strconv.Itoa(j), msg)
			}
		}
	}
	return errs
}

// add records a failure unless its path has one already, as Struct keeps
// the first.
func add(errs Errors, key, msg string) Errors {
	if errs == nil {
		errs = Errors{}
	}
	if _, seen := errs[key]; !seen {
		errs[key] = msg
	}
	return errs
}

// timeType is the struct the validator treats as a value, not as fields.
var timeType = reflect.TypeFor[time.Time]()

// addStruct adds steps for the fields of struct type t, found at index
// from the root, whose paths start with prefix. It visits the fields in
// the validator's order, so that the first failure of a path is the same.
func (p *Plan) addStruct(t reflect.Type, index []int, prefix string) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.Anonymous && !f.IsExported() {
			continue // the validator never sees it, tag or not
		}
		tag := f.Tag.Get("validate")
		if tag == "-" || tag == "" && inert(f.Type, nil) {
			continue
		}
		at := append(slices.Clip(index), i)
		var ok bool
		switch {
		case tag == "":
			ok = p.addNested(f, at, prefix)
		case f.Anonymous:
			ok = false
		default:
			ok = p.addField(f, at, prefix, tag)
		}
		if !ok {
			return false
		}
	}
	return true
}

// addNested adds the fields of a struct field without a tag: under its
// own name, or, embedded without a json name, flattened into its parent
// as encoding/json and wirePath have it.
func (p *Plan) addNested(f reflect.StructField, index []int, prefix string) bool {
	if f.Type.Kind() != reflect.Struct || valuer(f.Type) {
		return false // pointers and interfaces, nil or not, are the validator's
	}
	if f.Anonymous && jsonName(f) == "" {
		return p.addStruct(f.Type, index, prefix)
	}
	name := FieldName(f)
	if name == "" {
		return false
	}
	return p.addStruct(f.Type, index, prefix+name+".")
}

// addField adds a field with a tag of its own.
func (p *Plan) addField(f reflect.StructField, index []int, prefix, tag string) bool {
	name := FieldName(f)
	if name == "" || !plainTag(tag) {
		return false
	}
	s := step{index: index, key: prefix + name}
	parts := strings.Split(tag, ",")
	before, after, dive := parts, []string(nil), slices.Index(parts, "dive")
	if dive >= 0 {
		before, after = parts[:dive], parts[dive+1:]
		if f.Type.Kind() != reflect.Slice || !diveable(f.Type.Elem()) {
			return false
		}
	}
	var ok bool
	if s.self, ok = compileChain(before, f.Type); !ok {
		return false
	}
	if dive >= 0 {
		if s.each, ok = compileChain(after, f.Type.Elem()); !ok {
			return false
		}
	}
	p.steps = append(p.steps, s)
	return true
}

// diveable reports whether dive into items of type t is compiled: a
// string, a number or a bool, or a pointer to one.
func diveable(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return measurable(t.Kind()) && t.Kind() != reflect.Slice
}

// inert reports whether the validator finds nothing to check in a field of
// type t that has no tag: no struct inside it, at any depth of pointers,
// has a rule. Slices and maps are inert, as the validator looks into their
// items only for dive; interfaces are not, as they may hold anything.
// seen holds the structs being looked at, for recursive types.
func inert(t reflect.Type, seen map[reflect.Type]bool) bool {
	if valuer(t) {
		return false
	}
	switch t.Kind() {
	case reflect.Pointer:
		return inert(t.Elem(), seen)
	case reflect.Interface:
		return false
	case reflect.Struct:
	default:
		return true
	}
	if t.ConvertibleTo(timeType) || seen[t] {
		return true
	}
	if seen == nil {
		seen = map[reflect.Type]bool{}
	}
	seen[t] = true
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.Anonymous && !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("validate")
		if tag == "-" {
			continue
		}
		if tag != "" || !inert(f.Type, seen) {
			return false
		}
	}
	return true
}
