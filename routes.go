package panther

import (
	"reflect"
	"slices"
	"strings"
	"time"
)

// RouteInfo describes one registered API as its declaration says: what
// package openapi, or any tool, reads to document the app.
type RouteInfo struct {
	Pattern       string        // the route, "notes/<id>/"; "/" for the root
	Path          string        // the same in OpenAPI's form, "/notes/{id}/"
	PathVars      []string      // the path variables, in path order
	Methods       []string      // the declared verbs, in GET, POST, PUT, PATCH, DELETE order
	Auth          AuthMode      // whether it authenticates, and whether anonymous requests pass
	Authenticator Authenticator // nil when the API does not authenticate
	Permissions   []Permission
	Throttle      *Throttle     // the throttle in force (the API's or the app's); nil for none
	Cache         time.Duration // 0 when not cached
	Input         reflect.Type  // the Input struct type; nil without
	StrictInput   bool          // Input rejects unknown fields
	MaxBodyBytes  int64         // the body limit of an Input
	Output        reflect.Type  // the Output struct type; nil without
	OutputSchema  *OutputSchema
	Docs          Docs
}

// SecurityScheme describes how an Authenticator reads credentials, for
// the OpenAPI document's components.securitySchemes.
type SecurityScheme struct {
	Name         string // its key in the document, such as "bearer"
	Type         string // "http" or "apiKey"
	Scheme       string // for "http": "bearer"
	BearerFormat string // for "http" bearer: "JWT"
	In           string // for "apiKey": "header", "query" or "cookie"
	Param        string // for "apiKey": the header, query parameter or cookie name
	Description  string
}

// SecuritySchemer is implemented by an Authenticator that can say how
// clients present credentials to it.
type SecuritySchemer interface {
	SecuritySchemes() []SecurityScheme
}

// Routes lists the registered APIs, sorted by pattern; those whose Docs
// are Hidden, and Mounts, are left out.
func (a *App) Routes() []RouteInfo {
	var out []RouteInfo
	a.root.walk(func(ep *endpoint) { out = append(out, ep.info()) })
	slices.SortFunc(out, func(x, y RouteInfo) int { return strings.Compare(x.Pattern, y.Pattern) })
	return out
}

func (n *node) walk(visit func(*endpoint)) {
	if n.ep != nil && !n.ep.docs.Hidden {
		visit(n.ep)
	}
	for _, c := range n.static {
		c.walk(visit)
	}
	if n.param != nil {
		n.param.walk(visit)
	}
}

func (ep *endpoint) info() RouteInfo {
	ri := RouteInfo{
		Pattern:       ep.pattern,
		Path:          openAPIPath(ep.pattern),
		PathVars:      slices.Clone(ep.names),
		Auth:          ep.authMode,
		Authenticator: ep.auth,
		Permissions:   slices.Clone(ep.permissions),
		Throttle:      ep.throttle,
		Cache:         ep.cache,
		Output:        ep.output,
		OutputSchema:  ep.schema,
		Docs:          ep.docs,
	}
	for i, h := range ep.handlers {
		if h != nil {
			ri.Methods = append(ri.Methods, verbs[i])
		}
	}
	if ep.input != nil {
		ri.Input, ri.StrictInput, ri.MaxBodyBytes = ep.input.typ, ep.input.strict, ep.maxBody
	}
	return ri
}

// openAPIPath turns "notes/<id>/" into "/notes/{id}/".
func openAPIPath(pattern string) string {
	if pattern == "/" {
		return "/"
	}
	segs := strings.Split(strings.TrimSuffix(pattern, "/"), "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "<") {
			segs[i] = "{" + s[1:len(s)-1] + "}"
		}
	}
	return "/" + strings.Join(segs, "/") + "/"
}
