package schema

import (
	"reflect"
	"strconv"
	"strings"
)

// Definition names, from shortest to longest. Each level renders every
// identifier in the type's name (a generic type's arguments included):
const (
	short     = iota // Note, Page_Note
	qualified        // tour_Note, tour_Page_tour_Note: the package's last path element
	full             // example_com_app_tour_Note: the whole import path
)

// defNames names each type: at its shortest level unless another type has
// the same name, in which case all of them move up a level, and again if
// need be. Types that no level tells apart (local types of one package,
// whose reflect names are alike) are numbered "_2", "_3"… in the order
// given. The names depend only on the set of types, except for that last
// resort.
func defNames(types []reflect.Type) map[reflect.Type]string {
	level := map[reflect.Type]int{}
	for {
		names, groups := render(types, level)
		moved := false
		for _, group := range groups {
			if !distinct(group) {
				continue
			}
			for _, t := range group {
				if level[t] < full {
					level[t]++
					moved = true
				}
			}
		}
		if !moved {
			return numbered(names, groups)
		}
	}
}

// distinct reports whether a longer name would tell some of the group's
// types apart: local types of one package never are.
func distinct(group []reflect.Type) bool {
	for _, t := range group[1:] {
		if typeName(t, full) != typeName(group[0], full) {
			return true
		}
	}
	return false
}

// render names each type at its level and groups the types by name.
func render(types []reflect.Type, level map[reflect.Type]int) (map[reflect.Type]string, map[string][]reflect.Type) {
	names := map[reflect.Type]string{}
	groups := map[string][]reflect.Type{}
	for _, t := range types {
		n := typeName(t, level[t])
		names[t] = n
		groups[n] = append(groups[n], t)
	}
	return names, groups
}

// numbered suffixes the types of each group that still shares a name.
func numbered(names map[reflect.Type]string, groups map[string][]reflect.Type) map[reflect.Type]string {
	for name, group := range groups {
		for i, t := range group[1:] {
			names[t] = name + "_" + strconv.Itoa(i+2)
		}
	}
	return names
}

// typeName renders t's name at a level: its words joined by "_", each
// qualified identifier ("example.com/app/tour.Note", as reflect writes
// generic arguments) shortened as the level says, and every character an
// OpenAPI component name cannot hold turned into "_".
func typeName(t reflect.Type, level int) string {
	var parts []string
	for _, w := range words(t.PkgPath() + "." + t.Name()) {
		parts = append(parts, qualify(w, level))
	}
	return sanitize(strings.Join(parts, "_"))
}

// words splits a type name into identifiers, qualified or not:
// "a/tour.Page[map[string]a/tour.Note]" gives "a/tour.Page", "map",
// "string", "a/tour.Note".
func words(name string) []string {
	return strings.FieldsFunc(name, func(c rune) bool {
		return strings.ContainsRune("[]*,(){}; \"\\", c)
	})
}

// qualify renders one identifier at a level.
func qualify(word string, level int) string {
	i := strings.LastIndexByte(word, '.')
	if i < 0 {
		return word
	}
	path, ident := word[:i], word[i+1:]
	switch level {
	case short:
		return ident
	case qualified:
		return lastElem(path) + "_" + ident
	}
	return path + "_" + ident
}

// lastElem is the last element of an import path, skipping a major
// version suffix: "example.com/app/tour/v2" gives "tour".
func lastElem(path string) string {
	elems := strings.Split(path, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		return elems[len(elems)-2]
	}
	return last
}

// sanitize keeps ASCII letters, digits and "_", and turns anything else
// into "_", so the name matches OpenAPI's ^[a-zA-Z0-9._-]+$ and reads as
// an identifier in generated code.
func sanitize(name string) string {
	return strings.Map(func(c rune) rune {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' {
			return c
		}
		return '_'
	}, name)
}
