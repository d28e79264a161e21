package panther

import (
	"reflect"
	"slices"
	"strings"
)

// RouteInfo describes one registered API as its declaration says: what
// package openapi, or any tool, reads to document the app.
type RouteInfo struct {
	Pattern  string   // the route, "notes/<id>/"; "/" for the root
	Path     string   // the same in OpenAPI's form, "/notes/{id}/"
	PathVars []string // the path variables, in path order

	// API is the declaration the route runs, as registered but normalized:
	// every method's handler is in its Operation, Auth is AuthRequired where
	// an Authenticator implies it, and Authenticator, Throttle and
	// MaxBodyBytes are the ones in force (nil for none).
	API API

	// Operations are the declared methods, in GET, POST, PUT, PATCH,
	// DELETE order, each as the pipeline runs it.
	Operations []OperationInfo
}

// OperationInfo describes one method of a route.
type OperationInfo struct {
	Method      string
	Input       reflect.Type // the Input struct type; nil without
	StrictInput bool         // the Input rejects unknown JSON fields
	Body        bool         // requests carry the Input's body fields
	Params      []ParamInfo  // the Input's parameters, in field order
	Output      reflect.Type // the type of the success body; nil when undeclared
	Media       string       // the content type of a body that is not JSON (Output: panther.Media(…)); "" for JSON
	Status      int          // the success status
	Docs        Docs         // the API's, with the Operation's own
}

// ParamInfo describes one parameter of an Input.
type ParamInfo struct {
	Name       string // its name: the path variable, query parameter, header or cookie
	In         string // "path", "query", "header" or "cookie"
	Field      reflect.StructField
	Default    string // the `default` tag
	HasDefault bool
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
	if n.ep != nil && !n.ep.decl.Docs.Hidden {
		visit(n.ep)
	}
	for _, c := range n.kids {
		c.walk(visit)
	}
	if n.param != nil {
		n.param.walk(visit)
	}
}

func (ep *endpoint) info() RouteInfo {
	ri := RouteInfo{
		Pattern:  ep.pattern,
		Path:     openAPIPath(ep.pattern),
		PathVars: slices.Clone(ep.names),
		API:      ep.decl,
	}
	for i := range ep.ops {
		op := &ep.ops[i]
		if op.handler == nil {
			continue
		}
		oi := OperationInfo{Method: verbs[i], Output: op.output, Media: op.media, Status: op.status, Docs: op.docs}
		if in := op.input; in != nil {
			oi.Input, oi.StrictInput, oi.Body = in.typ, in.strict, in.body && readsBody(i)
			for _, p := range in.params {
				oi.Params = append(oi.Params, ParamInfo{Name: p.name, In: p.in, Field: p.field, Default: p.defRaw, HasDefault: p.def.IsValid()})
			}
		}
		ri.Operations = append(ri.Operations, oi)
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
