package panther

import (
	"fmt"
	"slices"
	"strings"
)

// A Route is what a URL points to: an API, a value whose type embeds API
// (struct-style), or nested URLs. Other types cannot be routes, so a
// forgotten embedding fails to compile rather than at start-up.
type Route interface{ isRoute() }

// URLs is Python Panther's nested URL map. Keys are path fragments, joined
// with "/" when nested; a fragment "<name>" is a path variable that matches
// one segment. Leading, trailing and repeated slashes in keys do not matter.
// An empty URLs value reserves its path: it answers 404 and keeps a path
// variable beside it from matching there.
//
//	panther.URLs{
//		"hello/<name>/": hello,
//		"admin/": panther.URLs{
//			"stats/": stats,
//		},
//	}
type URLs map[string]Route

func (URLs) isRoute() {}

// Handle registers route at path. A URLs route is mounted below path.
// Configuration mistakes — invalid characters, a nil route, a path
// registered twice, two different variable names at one level — panic with
// a message naming the path. Handle must be called before the app serves.
func (a *App) Handle(path string, route Route) {
	a.handle(path, route)
}

func (a *App) handle(path string, route Route) {
	if route == nil {
		panic(fmt.Sprintf("panther: route %q points to nil; give it a panther.API, a type that embeds panther.API, or panther.URLs", displayPath(path)))
	}
	urls, ok := route.(URLs)
	if !ok {
		a.register(path, newEndpoint(a, displayPath(path), pathNames(path), route))
		return
	}
	if len(urls) == 0 {
		a.register(path, nil)
		return
	}
	keys := make([]string, 0, len(urls))
	for k := range urls {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		a.handle(trimSlashes(path)+"/"+trimSlashes(k), urls[k])
	}
}

// register adds ep at path; a nil ep reserves the path.
func (a *App) register(path string, ep *endpoint) {
	pattern := displayPath(path)
	n := a.root
	var names []string
	for _, seg := range segments(path) {
		name, isVar, err := parseSegment(seg)
		if err != nil {
			panic(fmt.Sprintf("panther: route %q: %v", pattern, err))
		}
		if !isVar {
			n = n.child(seg)
			continue
		}
		if slices.Contains(names, name) {
			panic(fmt.Sprintf("panther: route %q: path variable <%s> appears twice; give each variable its own name", pattern, name))
		}
		names = append(names, name)
		if n.param == nil {
			n.param = &node{name: name, origin: pattern}
		} else if n.param.name != name {
			panic(fmt.Sprintf("panther: routes %q and %q put two path variables, <%s> and <%s>, at one level; use one name for both", n.param.origin, pattern, n.param.name, name))
		}
		n = n.param
	}
	if n.ep != nil || n.reserved {
		panic(fmt.Sprintf("panther: route %q is registered twice", pattern))
	}
	if ep == nil {
		n.reserved = true
		return
	}
	ep.names = names
	n.ep = ep
	if ep.decl.Mount != nil {
		n.mount = ep
	}
}

// pathNames are the path variables of path, in order; register checks
// the path itself.
func pathNames(path string) []string {
	var names []string
	for _, seg := range segments(path) {
		if name, isVar, err := parseSegment(seg); err == nil && isVar {
			names = append(names, name)
		}
	}
	return names
}

// segments splits a registered path, ignoring empty segments.
func segments(path string) []string {
	return strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
}

// displayPath is the canonical form of a route pattern: "notes/<id>/", or
// "/" for the root.
func displayPath(path string) string {
	segs := segments(path)
	if len(segs) == 0 {
		return "/"
	}
	return strings.Join(segs, "/") + "/"
}

// parseSegment tells a static segment from a "<name>" variable and rejects
// characters a route cannot hold.
func parseSegment(seg string) (name string, isVar bool, err error) {
	if strings.HasPrefix(seg, "<") && strings.HasSuffix(seg, ">") && len(seg) > 2 {
		name = seg[1 : len(seg)-1]
		for i, c := range name {
			if c == '_' || isLetter(c) || (i > 0 && isDigit(c)) {
				continue
			}
			return "", false, fmt.Errorf("path variable %q is not a valid name; use letters, digits and '_', starting with a letter or '_'", seg)
		}
		return name, true, nil
	}
	for _, c := range seg {
		if isLetter(c) || isDigit(c) || strings.ContainsRune("-._~", c) {
			continue
		}
		return "", false, fmt.Errorf("segment %q has the character %q, which a route cannot hold; use letters, digits, '-', '.', '_', '~' or a whole-segment <variable>", seg, c)
	}
	return "", false, nil
}

func isLetter(c rune) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c rune) bool  { return c >= '0' && c <= '9' }
