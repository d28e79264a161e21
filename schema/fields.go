package schema

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
	"unicode"
)

// field is one property of an object: a struct field, or a field promoted
// from an embedded struct.
type field struct {
	name     string
	tagged   bool // the name came from a tag
	quoted   bool // the json ",string" option applies
	optional bool // reached through an embedded pointer that may be nil
	index    []int
	sf       reflect.StructField
}

// fields lists the properties of struct type t as encoding/json sees them,
// in field order: embedded structs without a tag name are flattened into
// their parent, and of several fields with one name the shallowest wins,
// then the tagged one; a tie at the same depth hides them all.
func fields(t reflect.Type, key string) []field {
	var found []field
	type embedded struct {
		t        reflect.Type
		index    []int
		optional bool
	}
	next := []embedded{{t: t}}
	visited := map[reflect.Type]bool{}
	for len(next) > 0 {
		current := next
		next = nil
		count := map[reflect.Type]int{}
		for _, e := range current {
			count[e.t]++
		}
		for _, e := range current {
			if visited[e.t] {
				continue
			}
			visited[e.t] = true
			for i := range e.t.NumField() {
				sf := e.t.Field(i)
				f, ok := property(sf, key)
				if !ok {
					continue
				}
				f.index = append(slices.Clone(e.index), i)
				f.optional = e.optional
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if f.tagged || !sf.Anonymous || ft.Kind() != reflect.Struct {
					found = append(found, f)
					if count[e.t] > 1 { // embedded twice at this depth: both copies hide each other
						found = append(found, f)
					}
					continue
				}
				next = append(next, embedded{t: ft, index: f.index, optional: e.optional || mayBeNil(sf)})
			}
		}
	}
	return dominant(found)
}

// mayBeNil reports whether an embedded field is a pointer the validator
// lets be nil, skipping the fields it promotes.
func mayBeNil(sf reflect.StructField) bool {
	levels := parseRules(sf.Tag.Get("validate"))
	var here []rule
	if len(levels) > 0 {
		here = levels[0]
	}
	return sf.Type.Kind() == reflect.Pointer && acceptsNil(here, len(levels) > 1)
}

// dominant keeps, for each name, the field encoding/json would write, and
// returns them in field order.
func dominant(all []field) []field {
	slices.SortStableFunc(all, func(a, b field) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a.index), len(b.index)); c != 0 {
			return c
		}
		if a.tagged != b.tagged {
			if a.tagged {
				return -1
			}
			return 1
		}
		return slices.Compare(a.index, b.index)
	})
	var out []field
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].name == all[i].name {
			j++
		}
		group := all[i:j]
		if len(group) == 1 || len(group[0].index) < len(group[1].index) || group[0].tagged != group[1].tagged {
			out = append(out, group[0])
		}
		i = j
	}
	slices.SortFunc(out, func(a, b field) int { return slices.Compare(a.index, b.index) })
	return out
}

// paramTags mark the fields of a Panther Input that are request
// parameters rather than body properties.
var paramTags = [...]string{"path", "query", "header", "cookie"}

// ParamTag reports where a struct field of a Panther Input is a request
// parameter — "path", "query", "header" or "cookie" — and its name there;
// ok is false for a body field. Schemas leave parameters out of objects.
func ParamTag(f reflect.StructField) (in, name string, ok bool) {
	for _, tag := range paramTags {
		if name, ok := f.Tag.Lookup(tag); ok {
			name, _, _ = strings.Cut(name, ",")
			return tag, name, true
		}
	}
	return "", "", false
}

// property reads sf's wire name from its tags; ok is false for a field the
// wire never sees: unexported, tagged "-", or a parameter.
func property(sf reflect.StructField, key string) (f field, ok bool) {
	if sf.Anonymous {
		t := sf.Type
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if !sf.IsExported() && t.Kind() != reflect.Struct {
			return field{}, false
		}
	} else if !sf.IsExported() {
		return field{}, false
	}
	if _, _, param := ParamTag(sf); param {
		return field{}, false // a parameter, not part of a body
	}
	keys := []string{key}
	if key != "json" {
		keys = append(keys, "json")
	}
	for _, k := range keys {
		tag, found := sf.Tag.Lookup(k)
		if !found {
			continue
		}
		if tag == "-" {
			return field{}, false
		}
		name, opts, _ := strings.Cut(tag, ",")
		if k == "json" && hasOption(opts, "string") && quotable(sf.Type) {
			f.quoted = true
		}
		if validName(name) {
			f.name, f.tagged = name, true
			break
		}
	}
	if f.name == "" {
		f.name = sf.Name
	}
	f.sf = sf
	return f, true
}

// quotable reports whether the ",string" option applies to a field of
// type t: encoding/json honours it for scalars and pointers to them only.
func quotable(t reflect.Type) bool {
	if t.Name() == "" && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

func hasOption(opts, name string) bool {
	for o := range strings.SplitSeq(opts, ",") {
		if o == name {
			return true
		}
	}
	return false
}

// validName reports whether encoding/json accepts name from a tag; it
// ignores other names and uses the Go field name instead.
func validName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}
