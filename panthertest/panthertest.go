// Package panthertest is an in-process test client for Panther apps and any
// other http.Handler: requests go straight to ServeHTTP, with no network,
// and every failure is reported on the test that made the client.
//
//	c := panthertest.New(t, app)
//	res := c.Post("/notes/", map[string]any{"title": "milk"})
//	res.WantStatus(http.StatusCreated)
//	var note Note
//	res.JSON(&note)
package panthertest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/panther-go/panther"
)

// RemoteAddr is the client address of every request, as in Python
// Panther's test client.
const RemoteAddr = "127.0.0.1:8585"

// Client sends requests to a handler in process.
type Client struct {
	t       testing.TB
	handler http.Handler

	// Header is sent with every request.
	Header http.Header

	contract *Contract // see WithContract
}

// New returns a client for h that reports to t. When h is a
// *panther.App, New also closes it when t ends (with t.Cleanup), so the
// in-memory store the app made for itself does not outlive the test; a store given in Config.Store stays the test's to
// close. The app is closed even if other clients or tests still use it,
// so share an app only within the test that made the client.
func New(t testing.TB, h http.Handler) *Client {
	if app, ok := h.(*panther.App); ok {
		t.Cleanup(func() {
			if err := app.Close(); err != nil {
				t.Errorf("panthertest: closing the app: %v", err)
			}
		})
	}
	return &Client{t: t, handler: h, Header: http.Header{}}
}

// WithHeader returns a copy of c that also sends the header key: value.
func (c *Client) WithHeader(key, value string) *Client {
	cp := *c
	cp.Header = c.Header.Clone()
	cp.Header.Set(key, value)
	return &cp
}

// WithToken returns a copy of c that sends "Authorization: Bearer token".
func (c *Client) WithToken(token string) *Client {
	return c.WithHeader("Authorization", "Bearer "+token)
}

// Get sends a GET request.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	return c.Request(http.MethodGet, path, nil)
}

// Head sends a HEAD request.
func (c *Client) Head(path string) *Response {
	c.t.Helper()
	return c.Request(http.MethodHead, path, nil)
}

// Options sends an OPTIONS request.
func (c *Client) Options(path string) *Response {
	c.t.Helper()
	return c.Request(http.MethodOptions, path, nil)
}

// Post sends a POST request with body (see Request).
func (c *Client) Post(path string, body any) *Response {
	c.t.Helper()
	return c.Request(http.MethodPost, path, body)
}

// Put sends a PUT request with body (see Request).
func (c *Client) Put(path string, body any) *Response {
	c.t.Helper()
	return c.Request(http.MethodPut, path, body)
}

// Patch sends a PATCH request with body (see Request).
func (c *Client) Patch(path string, body any) *Response {
	c.t.Helper()
	return c.Request(http.MethodPatch, path, body)
}

// Delete sends a DELETE request.
func (c *Client) Delete(path string) *Response {
	c.t.Helper()
	return c.Request(http.MethodDelete, path, nil)
}

// Request sends a request with method to path (which may carry a query
// string; a missing leading slash is added), with the client's Header. A
// nil body sends none; []byte, string and io.Reader are sent as they are;
// anything else is encoded as JSON with Content-Type application/json,
// unless the client's Header names another.
func (c *Client) Request(method, path string, body any) *Response {
	c.t.Helper()
	var (
		reader      io.Reader
		contentType string
	)
	switch b := body.(type) {
	case nil:
	case []byte:
		reader = bytes.NewReader(b)
	case string:
		reader = strings.NewReader(b)
	case io.Reader:
		reader = b
	default:
		data, err := json.Marshal(b)
		if err != nil {
			c.t.Fatalf("panthertest: encoding the %s %s body: %v", method, path, err)
		}
		reader, contentType = bytes.NewReader(data), "application/json"
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	req := httptest.NewRequest(method, path, reader)
	req.RemoteAddr = RemoteAddr
	for k, vs := range c.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	if contentType != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", contentType)
	}
	return c.Do(req)
}

// Do sends req as it is.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	var reqBody []byte
	if c.contract != nil && req.Body != nil { // kept for the contract's check
		var err error
		if reqBody, err = io.ReadAll(req.Body); err != nil {
			c.t.Fatalf("panthertest: reading the %s %s body: %v", req.Method, req.URL, err)
		}
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, req)
	res := rec.Result()
	out := &Response{t: c.t, Method: req.Method, Path: req.URL.RequestURI(), Status: res.StatusCode, Header: res.Header, Body: rec.Body.Bytes()}
	if c.contract != nil {
		if err := c.contract.check(req, reqBody, out.Status, out.Header, out.Body); err != nil {
			c.t.Errorf("%s %s: contract: %v", req.Method, out.Path, err)
		}
	}
	return out
}

// Response is what the handler answered.
type Response struct {
	t testing.TB

	Method, Path string // of the request, for messages
	Status       int
	Header       http.Header
	Body         []byte
}

// Text is the body as a string.
func (r *Response) Text() string { return string(r.Body) }

// JSON decodes the body into v, failing the test if it is not JSON.
func (r *Response) JSON(v any) {
	r.t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		r.t.Fatalf("%s %s: body is not JSON (%v): %q", r.Method, r.Path, err, r.Body)
	}
}

// Detail is the "detail" of an error body, or "" when there is none.
func (r *Response) Detail() string {
	var body struct {
		Detail string `json:"detail"`
	}
	json.Unmarshal(r.Body, &body)
	return body.Detail
}

// WantStatus fails the test, showing the body, unless the status is want.
func (r *Response) WantStatus(want int) *Response {
	r.t.Helper()
	if r.Status != want {
		r.t.Fatalf("%s %s: status %d, want %d; body %s", r.Method, r.Path, r.Status, want, r.Body)
	}
	return r
}

// WantBody fails the test unless the body is exactly want.
func (r *Response) WantBody(want string) *Response {
	r.t.Helper()
	if string(r.Body) != want {
		r.t.Errorf("%s %s: body %s, want %s", r.Method, r.Path, r.Body, want)
	}
	return r
}

// WantHeader fails the test unless the header key is exactly want.
func (r *Response) WantHeader(key, want string) *Response {
	r.t.Helper()
	if got := r.Header.Get(key); got != want {
		r.t.Errorf("%s %s: header %s = %q, want %q", r.Method, r.Path, key, got, want)
	}
	return r
}
