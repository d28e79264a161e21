package panther_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

// capturedLog collects an app's JSON log records; it is safe for the
// concurrent writes of a real server.
type capturedLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *capturedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *capturedLog) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// records decodes every record written so far.
func (l *capturedLog) records(t *testing.T) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var recs []map[string]any
	dec := json.NewDecoder(bytes.NewReader(l.buf.Bytes()))
	for {
		var rec map[string]any
		if err := dec.Decode(&rec); err == io.EOF {
			return recs
		} else if err != nil {
			t.Fatalf("log is not JSON lines (%v): %s", err, l.buf.Bytes())
		}
		recs = append(recs, rec)
	}
}

// errorRecords are the records at level ERROR.
func (l *capturedLog) errorRecords(t *testing.T) []map[string]any {
	t.Helper()
	var errs []map[string]any
	for _, rec := range l.records(t) {
		if rec["level"] == "ERROR" {
			errs = append(errs, rec)
		}
	}
	return errs
}

// wantError fails unless exactly one ERROR record was logged, for method
// and path, with an error containing cause. It returns the error text.
func (l *capturedLog) wantError(t *testing.T, method, path, cause string) string {
	t.Helper()
	errs := l.errorRecords(t)
	if len(errs) != 1 {
		t.Fatalf("got %d ERROR records, want 1; log:\n%v", len(errs), l.records(t))
	}
	rec := errs[0]
	text, _ := rec["error"].(string)
	if rec["method"] != method || rec["path"] != path || !strings.Contains(text, cause) {
		t.Errorf("ERROR record %v, want method %q, path %q and an error containing %q", rec, method, path, cause)
	}
	return text
}

func (l *capturedLog) wantNoErrors(t *testing.T) {
	t.Helper()
	if errs := l.errorRecords(t); len(errs) > 0 {
		t.Errorf("got ERROR records %v, want none", errs)
	}
}

func failWith(err error) panther.HandlerFunc {
	return func(*panther.Request) (any, error) { return nil, err }
}

func TestErrorFamily(t *testing.T) {
	tests := []struct {
		name       string
		err        *panther.Error
		wantStatus int
		wantBody   string
	}{
		{"BadRequest", panther.NewError(http.StatusBadRequest, ""), 400, `{"detail":"Bad Request"}`},
		{"BadRequest custom", panther.NewError(http.StatusBadRequest, "title is too long"), 400, `{"detail":"title is too long"}`},
		{"AuthenticationError", panther.NewError(http.StatusUnauthorized, ""), 401, `{"detail":"Authentication Error"}`},
		{"AuthenticationError custom", panther.NewError(http.StatusUnauthorized, "token expired"), 401, `{"detail":"token expired"}`},
		{"PermissionDenied", panther.NewError(http.StatusForbidden, ""), 403, `{"detail":"Permission Denied"}`},
		{"PermissionDenied custom", panther.NewError(http.StatusForbidden, "admins only"), 403, `{"detail":"admins only"}`},
		{"NotFound", panther.NewError(http.StatusNotFound, ""), 404, `{"detail":"Not Found"}`},
		{"NotFound custom", panther.NewError(http.StatusNotFound, "no such note"), 404, `{"detail":"no such note"}`},
		{"MethodNotAllowed", panther.NewError(http.StatusMethodNotAllowed, ""), 405, `{"detail":"Method Not Allowed"}`},
		{"MethodNotAllowed custom", panther.NewError(http.StatusMethodNotAllowed, "read only"), 405, `{"detail":"read only"}`},
		{"UnsupportedMediaType", panther.NewError(http.StatusUnsupportedMediaType, ""), 415, `{"detail":"Unsupported Media Type"}`},
		{"UnsupportedMediaType custom", panther.NewError(http.StatusUnsupportedMediaType, "send JSON"), 415, `{"detail":"send JSON"}`},
		{"UnprocessableEntity", panther.NewError(http.StatusUnprocessableEntity, ""), 422, `{"detail":"Unprocessable Entity"}`},
		{"UnprocessableEntity custom", panther.NewError(http.StatusUnprocessableEntity, "JSON Decode Error"), 422, `{"detail":"JSON Decode Error"}`},
		{"TooManyRequests", panther.NewError(http.StatusTooManyRequests, ""), 429, `{"detail":"Too Many Requests"}`},
		{"TooManyRequests custom", panther.NewError(http.StatusTooManyRequests, "slow down"), 429, `{"detail":"slow down"}`},
		{"InternalServerError", panther.NewError(http.StatusInternalServerError, ""), 500, `{"detail":"Internal Server Error"}`},
		{"InternalServerError custom", panther.NewError(http.StatusInternalServerError, "maintenance"), 500, `{"detail":"maintenance"}`},
		{"empty custom detail", panther.NewError(http.StatusNotFound, ""), 404, `{"detail":"Not Found"}`},
		{"detail with quotes and markup", panther.NewError(http.StatusBadRequest, `say "<hi>"`), 400, `{"detail":"say \"<hi>\""}`},
		{"NewError", panther.NewError(http.StatusConflict, "already exists"), 409, `{"detail":"already exists"}`},
		{"NewError without detail", panther.NewError(http.StatusTeapot, ""), 418, `{"detail":"I'm a teapot"}`},
		{"NewError static detail", panther.NewError(http.StatusGone, "Not Found"), 410, `{"detail":"Not Found"}`},
		{"zero Error", &panther.Error{}, 500, `{"detail":"Internal Server Error"}`},
		{"Error without detail", &panther.Error{Status: http.StatusServiceUnavailable}, 503, `{"detail":"Service Unavailable"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lg := &capturedLog{}
			res := handlerClient(t, lg, failWith(tt.err)).Get("/r/")
			res.WantStatus(tt.wantStatus).WantBody(tt.wantBody)
			wantHeaders(t, res, http.Header{
				"Content-Type":   {"application/json"},
				"Content-Length": {fmt.Sprint(len(tt.wantBody))},
			})
			// A 500 is a failure and logged; any other status, 503 included,
			// is an answer the code chose.
			if tt.wantStatus == http.StatusInternalServerError {
				lg.wantError(t, "GET", "/r/", tt.err.Error())
			} else {
				lg.wantNoErrors(t)
			}
		})
	}
}

func TestErrorHeaderAndWrapping(t *testing.T) {
	retry := &panther.Error{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"3"}, "X-Ratelimit-Limit": {"10"}}}
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantBody   string
		wantHeader http.Header
	}{
		{"Header reaches the response", retry, 429, `{"detail":"Too Many Requests"}`, http.Header{"Retry-After": {"3"}, "X-Ratelimit-Limit": {"10"}}},
		{"wrapped", fmt.Errorf("loading note 7: %w", panther.NewError(http.StatusNotFound, "")), 404, `{"detail":"Not Found"}`, nil},
		{"wrapped twice with header", fmt.Errorf("a: %w", fmt.Errorf("b: %w", retry)), 429, `{"detail":"Too Many Requests"}`, http.Header{"Retry-After": {"3"}, "X-Ratelimit-Limit": {"10"}}},
		{"joined", errors.Join(errors.New("context"), panther.NewError(http.StatusForbidden, "")), 403, `{"detail":"Permission Denied"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lg := &capturedLog{}
			res := handlerClient(t, lg, failWith(tt.err)).Get("/r/")
			res.WantStatus(tt.wantStatus).WantBody(tt.wantBody)
			want := http.Header{"Content-Type": {"application/json"}, "Content-Length": {fmt.Sprint(len(tt.wantBody))}}
			for k, v := range tt.wantHeader {
				want[k] = v
			}
			wantHeaders(t, res, want)
			lg.wantNoErrors(t)
		})
	}
}

func TestUnknownError(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantCause string
	}{
		{"plain error", errors.New("db: password=hunter2 rejected"), "db: password=hunter2 rejected"},
		{"wrapped plain error", fmt.Errorf("saving: %w", io.ErrUnexpectedEOF), "saving: unexpected EOF"},
		{"nil *Error in an error", (*panther.Error)(nil), "nil *Error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lg := &capturedLog{}
			res := handlerClient(t, lg, failWith(tt.err)).Post("/r/?x=1", nil)
			res.WantStatus(500).WantBody(`{"detail":"Internal Server Error"}`)
			if strings.Contains(res.Text(), "hunter2") || strings.Contains(res.Text(), "EOF") {
				t.Errorf("body %s reveals the error's text", res.Body)
			}
			if text := lg.wantError(t, "POST", "/r/", tt.wantCause); strings.Contains(text, "goroutine ") {
				t.Errorf("logged error %q has a stack: the error was taken for a panic", text)
			}
		})
	}
}

func TestPanics(t *testing.T) {
	panicking := func(v any) panther.Middleware {
		return func(http.Handler) http.Handler {
			return http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(v) })
		}
	}
	ok := func(*panther.Request) (any, error) { return "ok", nil }
	tests := []struct {
		name      string
		cfg       panther.Config
		wantCause string
	}{
		{"handler", panther.Config{URLs: panther.URLs{"p/": panther.API{
			Handler: func(*panther.Request) (any, error) { panic("handler kaboom") },
		}}}, "handler kaboom"},
		{"handler error value", panther.Config{URLs: panther.URLs{"p/": panther.API{
			Handler: func(*panther.Request) (any, error) { panic(errors.New("handler error kaboom")) },
		}}}, "handler error kaboom"},
		{"handler runtime error", panther.Config{URLs: panther.URLs{"p/": panther.API{
			Handler: func(r *panther.Request) (any, error) { var m map[string]int; m[r.Method]++; return nil, nil },
		}}}, "assignment to entry in nil map"},
		{"per-API middleware", panther.Config{URLs: panther.URLs{"p/": panther.API{
			Middlewares: []panther.Middleware{panicking("api middleware kaboom")},
			Handler:     ok,
		}}}, "api middleware kaboom"},
		{"global middleware", panther.Config{
			Middlewares: []panther.Middleware{panicking("global middleware kaboom")},
			URLs:        panther.URLs{"p/": panther.API{Handler: ok}},
		}, "global middleware kaboom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lg := &capturedLog{}
			tt.cfg.Logger = lg.logger()
			res := panthertest.New(t, panther.New(tt.cfg)).Get("/p/")
			res.WantStatus(500).WantBody(`{"detail":"Internal Server Error"}`)
			text := lg.wantError(t, "GET", "/p/", tt.wantCause)
			if !strings.Contains(text, "goroutine ") || !strings.Contains(text, ".go:") {
				t.Errorf("logged error %q has no stack", text)
			}
		})
	}
}

func TestAbortHandlerPanic(t *testing.T) {
	abort := func(*panther.Request) (any, error) { panic(http.ErrAbortHandler) }
	abortMW := func(http.Handler) http.Handler {
		return http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })
	}
	ok := func(*panther.Request) (any, error) { return "ok", nil }
	tests := []struct {
		name string
		cfg  panther.Config
	}{
		{"handler", panther.Config{URLs: panther.URLs{"a/": panther.API{Handler: abort}}}},
		{"per-API middleware", panther.Config{URLs: panther.URLs{"a/": panther.API{Handler: ok, Middlewares: []panther.Middleware{abortMW}}}}},
		{"global middleware", panther.Config{URLs: panther.URLs{"a/": panther.API{Handler: ok}}, Middlewares: []panther.Middleware{abortMW}}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" in process", func(t *testing.T) {
			lg := &capturedLog{}
			tt.cfg.Logger = lg.logger()
			app := panther.New(tt.cfg)
			rec := httptest.NewRecorder()
			func() {
				defer func() {
					if v := recover(); v != http.ErrAbortHandler {
						t.Errorf("ServeHTTP panicked with %v, want http.ErrAbortHandler", v)
					}
				}()
				app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/a/", nil))
			}()
			if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
				t.Errorf("recorder got status %d and body %q, want nothing written", rec.Code, rec.Body)
			}
			lg.wantNoErrors(t)
		})
		t.Run(tt.name+" over the network", func(t *testing.T) {
			tt.cfg.Logger = (&capturedLog{}).logger()
			srv := httptest.NewServer(panther.New(tt.cfg))
			defer srv.Close()
			res, err := srv.Client().Get(srv.URL + "/a/")
			if err == nil {
				res.Body.Close()
				t.Fatalf("GET /a/ answered %s, want a connection error", res.Status)
			}
		})
	}
}

func TestWriteError(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantBody   string
		wantHeader http.Header
	}{
		{"Error", panther.NewError(http.StatusNotFound, ""), 404, `{"detail":"Not Found"}`, nil},
		{"custom detail", panther.NewError(http.StatusBadRequest, "bad id"), 400, `{"detail":"bad id"}`, nil},
		{"with header", &panther.Error{Status: 405, Header: http.Header{"Allow": {"GET, HEAD, OPTIONS"}}}, 405, `{"detail":"Method Not Allowed"}`, http.Header{"Allow": {"GET, HEAD, OPTIONS"}}},
		{"wrapped", fmt.Errorf("x: %w", panther.NewError(http.StatusUnauthorized, "")), 401, `{"detail":"Authentication Error"}`, nil},
		{"unknown", errors.New("secret cause"), 500, `{"detail":"Internal Server Error"}`, nil},
		{"wrapped unknown", fmt.Errorf("x: %w", io.EOF), 500, `{"detail":"Internal Server Error"}`, nil},
		{"nil *Error", (*panther.Error)(nil), 500, `{"detail":"Internal Server Error"}`, nil},
		{"nil", nil, 500, `{"detail":"Internal Server Error"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			panther.WriteError(rec, tt.err)
			if rec.Code != tt.wantStatus || rec.Body.String() != tt.wantBody {
				t.Errorf("got %d %s, want %d %s", rec.Code, rec.Body, tt.wantStatus, tt.wantBody)
			}
			want := http.Header{"Content-Type": {"application/json"}, "Content-Length": {fmt.Sprint(len(tt.wantBody))}}
			for k, v := range tt.wantHeader {
				want[k] = v
			}
			if got := rec.Header(); !reflect.DeepEqual(got, want) {
				t.Errorf("headers\n got %v\nwant %v", got, want)
			}
		})
	}
}

// String is everything logged so far.
func (l *capturedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// statusErr is an error that knows its status, as package db's do.
type statusErr struct {
	code int
	text string
}

func (e statusErr) Error() string   { return e.text }
func (e statusErr) HTTPStatus() int { return e.code }

func TestHTTPStatuser(t *testing.T) {
	for _, tc := range []struct {
		err    error
		status int
		body   string
	}{
		{statusErr{404, "Book Does Not Exist"}, 404, `{"detail":"Book Does Not Exist"}`},
		{fmt.Errorf("loading: %w", statusErr{409, "Book with this title already exists"}), 409, `{"detail":"Book with this title already exists"}`},
		{statusErr{503, "pool exhausted: 10.0.0.3"}, 500, `{"detail":"Internal Server Error"}`}, // never a 5xx's text
	} {
		w := httptest.NewRecorder()
		panther.WriteError(w, tc.err)
		if w.Code != tc.status || strings.TrimSpace(w.Body.String()) != tc.body {
			t.Errorf("%v: %d %s, want %d %s", tc.err, w.Code, w.Body, tc.status, tc.body)
		}
	}
}

// Headers given as map literals, which need not be canonical, are sent
// canonical, so clients and recorders find them.
func TestErrorHeadersAreCanonical(t *testing.T) {
	w := httptest.NewRecorder()
	panther.WriteError(w, &panther.Error{Status: 401, Header: http.Header{"WWW-Authenticate": {"Bearer"}}})
	if got := w.Result().Header.Get("WWW-Authenticate"); got != "Bearer" {
		t.Errorf("WWW-Authenticate %q, want Bearer; header %v", got, w.Header())
	}
}
