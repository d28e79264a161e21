package openapi

import (
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/schema"
)

// operationResponses are the successful response and every error the
// declaration implies, as the pipeline answers them (DESIGN.md §2).
func (b *builder) operationResponses(ri panther.RouteInfo, oi panther.OperationInfo) map[string]*Response {
	status, body := oi.Status, b.success(oi)
	ok := &Response{Description: http.StatusText(status)}
	switch {
	case oi.Media != "" && status != http.StatusNoContent:
		ok.Content = map[string]*MediaType{oi.Media: {Schema: mediaSchema(oi.Media)}}
	case body != nil && status != http.StatusNoContent && status != http.StatusNotModified:
		ok.Content = map[string]*MediaType{"application/json": {Schema: body}}
	}
	if ri.API.Throttle != nil {
		ok.Headers = b.useHeaders(ok.Headers, "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
	}
	if ri.API.Cache > 0 && oi.Method == http.MethodGet {
		ok.Headers = b.useHeaders(ok.Headers, "X-Cache")
	}
	out := map[string]*Response{strconv.Itoa(status): ok}
	var errs []int
	switch {
	case oi.Body:
		errs = append(errs, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity)
	case oi.Input != nil:
		errs = append(errs, http.StatusBadRequest)
	}
	if ri.API.Authenticator != nil {
		errs = append(errs, http.StatusUnauthorized)
	}
	if len(ri.API.Permissions) > 0 {
		errs = append(errs, http.StatusForbidden)
	}
	if len(ri.PathVars) > 0 {
		// A handler that parses a path variable (PathInt) answers 400 for
		// one that does not parse, and 404 for one that names nothing.
		errs = append(errs, http.StatusBadRequest, http.StatusNotFound)
	}
	if t := ri.API.Throttle; t != nil {
		errs = append(errs, http.StatusTooManyRequests)
		if t.FailClosed { // the store is down: refused rather than let through
			errs = append(errs, http.StatusServiceUnavailable)
		}
	}
	errs = append(errs, oi.Docs.Errors...)
	errs = append(errs, http.StatusInternalServerError)
	slices.Sort(errs)
	for _, code := range slices.Compact(errs) {
		b.responses[code] = true
		out[strconv.Itoa(code)] = &Response{Ref: "#/components/responses/" + responseName(code)}
	}
	return out
}

// responseName names a shared error response after its status text:
// NotFound, TooManyRequests.
func responseName(code int) string {
	var name []byte
	upper := true
	for _, c := range []byte(http.StatusText(code)) {
		switch {
		case c == ' ' || c == '-':
			upper = true
		case upper && c >= 'a' && c <= 'z':
			name, upper = append(name, c-'a'+'A'), false
		default:
			name, upper = append(name, c), false
		}
	}
	return string(name)
}

// useHeaders adds references to the shared headers named to hs.
func (b *builder) useHeaders(hs map[string]*Header, names ...string) map[string]*Header {
	if hs == nil {
		hs = map[string]*Header{}
	}
	for _, n := range names {
		b.headers[n] = true
		hs[n] = &Header{Ref: "#/components/headers/" + n}
	}
	return hs
}

// sharedResponses adds the error responses the operations refer to, with
// the schemas of their bodies: {"detail": …} for all, and the flat field
// error object for 400. The two schemas take names no Go type can have
// when a body type already took theirs.
func (b *builder) sharedResponses() {
	if len(b.responses) == 0 {
		return
	}
	c := b.doc.Components
	detail := b.errorSchema("Detail", &schema.Schema{
		Type:       schema.Types{"object"},
		Properties: map[string]*schema.Schema{"detail": {Type: schema.Types{"string"}, Description: "What went wrong, for people."}},
		Required:   []string{"detail"},
	})
	c.Responses = map[string]*Response{}
	for code := range b.responses {
		desc, ok := errorDescriptions[code]
		if !ok {
			desc = http.StatusText(code) + "."
		}
		r := &Response{Description: desc, Content: map[string]*MediaType{"application/json": {Schema: detail}}}
		switch code {
		case http.StatusBadRequest:
			fields := b.errorSchema("ValidationError", &schema.Schema{
				Type:                 schema.Types{"object"},
				Description:          "The invalid fields by path (JSON names, list items by index: tags.3), each with what is wrong with it.",
				AdditionalProperties: &schema.Schema{Type: schema.Types{"string"}},
				Examples:             []any{map[string]string{"title": "is required"}},
			})
			r.Content["application/json"] = &MediaType{Schema: &schema.Schema{AnyOf: []*schema.Schema{fields, detail}}}
		case http.StatusUnauthorized:
			r.Headers = b.useHeaders(nil, "WWW-Authenticate")
		case http.StatusTooManyRequests:
			r.Headers = b.useHeaders(nil, "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
		}
		c.Responses[responseName(code)] = r
	}
}

var errorDescriptions = map[int]string{
	http.StatusBadRequest:            "The input is invalid: the fields that failed their rules, or a detail.",
	http.StatusUnauthorized:          "The request could not be authenticated.",
	http.StatusForbidden:             "A permission denied the request.",
	http.StatusNotFound:              "Nothing is found at this path.",
	http.StatusRequestEntityTooLarge: "The body is larger than the API accepts.",
	http.StatusUnsupportedMediaType:  "The body is not JSON, a URL-encoded form or a multipart form.",
	http.StatusUnprocessableEntity:   "The body is not valid JSON.",
	http.StatusTooManyRequests:       "The client made too many requests in this window; retry after Retry-After seconds.",
	http.StatusInternalServerError:   "The server failed; the cause is in its log.",
}

// errorSchema adds s to the shared schemas as name, or as panther.name
// when a body type is called name, and refers to it.
func (b *builder) errorSchema(name string, s *schema.Schema) *schema.Schema {
	schemas := b.doc.Components.Schemas
	if _, taken := schemas[name]; taken {
		name = "panther." + name
	}
	schemas[name] = s
	return &schema.Schema{Ref: refPrefix + name}
}

// sharedHeaders adds the headers the responses refer to.
func (b *builder) sharedHeaders() {
	if len(b.headers) == 0 {
		return
	}
	integer := func(desc string) *Header {
		return &Header{Description: desc, Schema: &schema.Schema{Type: schema.Types{"integer"}}}
	}
	all := map[string]*Header{
		"WWW-Authenticate":      {Description: "How to authenticate, when the authenticator says.", Schema: &schema.Schema{Type: schema.Types{"string"}}},
		"Retry-After":           {Description: "Seconds until the window ends.", Required: true, Schema: &schema.Schema{Type: schema.Types{"integer"}}},
		"X-RateLimit-Limit":     integer("Requests allowed per window."),
		"X-RateLimit-Remaining": integer("Requests left in this window."),
		"X-RateLimit-Reset":     integer("When the window ends, in Unix seconds."),
		"X-Cache":               {Description: "Whether the response came from the response cache (HIT), was kept for the next request (MISS), or neither (BYPASS).", Schema: &schema.Schema{Type: schema.Types{"string"}, Enum: []any{"HIT", "MISS", "BYPASS"}}},
	}
	b.doc.Components.Headers = map[string]*Header{}
	for name := range b.headers {
		b.doc.Components.Headers[name] = all[name]
	}
}

// mediaSchema is the body of a non-JSON answer: text for text/*, else
// binary, which 3.1 writes as a string of that media type.
func mediaSchema(media string) *schema.Schema {
	base, _, _ := mime.ParseMediaType(media)
	if strings.HasPrefix(base, "text/") {
		return &schema.Schema{Type: schema.Types{"string"}}
	}
	return &schema.Schema{Type: schema.Types{"string"}, ContentMediaType: base}
}
