package panthertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Contract checks requests and responses against an OpenAPI document, so
// that what an app does and what its document says cannot drift apart
// unnoticed. Build one with NewContract and give it to a client with
// WithContract.
type Contract struct {
	router routers.Router
	skip   []string // path prefixes the document leaves out
}

// NewContract reads doc, an OpenAPI document in JSON, and fails t when it
// is not valid. Requests to paths under skip — the docs pages and the
// document itself, Mounts: what the document leaves out on purpose — are
// not checked.
func NewContract(t testingTB, doc []byte, skip ...string) *Contract {
	t.Helper()
	registerDecoders()
	loader := openapi3.NewLoader()
	d, err := loader.LoadFromData(doc)
	if err != nil {
		t.Fatalf("panthertest: the contract's document cannot be read: %v", err)
	}
	if err := d.Validate(loader.Context); err != nil {
		t.Fatalf("panthertest: the contract's document is not valid: %v", err)
	}
	d.Servers = nil // every request is checked as if sent to the document's own host
	r, err := legacy.NewRouter(d)
	if err != nil {
		t.Fatalf("panthertest: routing the contract's document: %v", err)
	}
	return &Contract{router: r, skip: skip}
}

// testingTB is what NewContract needs of a testing.TB.
type testingTB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// WithContract returns a copy of c that checks every request and its
// response against ct. It fails the test when:
//
//   - a response has a status, content type, header or body the document
//     does not describe for that operation;
//   - the app accepts (2xx) a request the document says is invalid;
//   - the app answers anything but 404 or 405 to a path or method the
//     document does not have.
//
// A request the document says is invalid may be refused with any 4xx:
// that is the refusal the test is after. HEAD and OPTIONS are not
// checked, nor are the paths NewContract was told to skip.
func (c *Client) WithContract(ct *Contract) *Client {
	cp := *c
	cp.contract = ct
	return &cp
}

var decodersOnce sync.Once

// registerDecoders teaches openapi3filter the media types Panther sends
// that it does not know: their bodies are checked as opaque.
func registerDecoders() {
	decodersOnce.Do(func() {
		for _, ct := range []string{"text/html", "application/x-ndjson", "text/event-stream", "image/png", "image/jpeg", "image/gif", "image/webp"} {
			if openapi3filter.RegisteredBodyDecoder(ct) == nil {
				openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
			}
		}
	})
}

// check is the contract's verdict on one exchange, or nil.
func (ct *Contract) check(req *http.Request, reqBody []byte, status int, header http.Header, body []byte) error {
	if req.Method == http.MethodHead || req.Method == http.MethodOptions {
		return nil
	}
	for _, p := range ct.skip {
		if strings.HasPrefix(req.URL.Path, p) {
			return nil
		}
	}
	// The router answers a path with or without its trailing slash, and
	// with doubled slashes; the document has one spelling.
	probe := req.Clone(context.Background())
	probe.Body = io.NopCloser(bytes.NewReader(reqBody))
	probe.URL = &url.URL{Path: req.URL.Path, RawQuery: req.URL.RawQuery}
	route, params, err := ct.find(probe)
	if err != nil {
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
			return nil
		}
		return fmt.Errorf("the document has no %s %s, but the app answered %d", req.Method, req.URL.Path, status)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true, SkipSettingDefaults: true}
	in := &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil && status >= 200 && status < 300 {
		return fmt.Errorf("the app accepted (%d) a request the document says is invalid: %v", status, err)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("the response (%d, %s) is not what the document says: %v", status, header.Get("Content-Type"), err)
	}
	return nil
}

// find is the document's operation for r, trying the path's other
// spellings.
func (ct *Contract) find(r *http.Request) (*routers.Route, map[string]string, error) {
	path := r.URL.Path
	for strings.Contains(path, "//") {
		path = strings.ReplaceAll(path, "//", "/")
	}
	var first error
	for _, p := range []string{path, strings.TrimSuffix(path, "/") + "/", strings.TrimSuffix(path, "/")} {
		r.URL.Path = p
		route, params, err := ct.router.FindRoute(r)
		if err == nil && slices.Contains(slices.Collect(maps.Values(params)), "") {
			err = routers.ErrPathNotFound // kin-openapi matches /notes/ to /notes/{id}/ with an empty id
		}
		if err == nil || errors.Is(err, routers.ErrMethodNotAllowed) {
			return route, params, err // the path is this spelling
		}
		if first == nil || !errors.Is(err, routers.ErrPathNotFound) {
			first = err
		}
	}
	return nil, nil, first
}
