// Package scenario lists the benchmark's scenarios: the request each one
// measures, what every server must answer, and the error cases the
// equivalence test also checks.
package scenario

import (
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/panther-go/panther/bench/internal/token"
	"github.com/panther-go/panther/bench/servers"
)

// Request is one HTTP request.
type Request struct {
	Method string
	Path   string
	Header map[string]string
	Body   string
}

// Case is a request and the answer every server must give: the status
// and, for a 2xx, the JSON body (compared as a value).
type Case struct {
	Name string
	Request
	Status int
	Want   string
	Text   bool // Want is a text/plain body, compared byte for byte
}

// Scenario is one measured request.
type Scenario struct {
	Name   string // Plaintext, Hello, PathParam, Validate, Auth, Throttle, Full, Cached, FullRedis
	Redis  bool   // the server stores its state in Redis
	Case          // the measured request
	Errors []Case // error answers the servers must agree on
}

// Names are the scenarios in report order.
var Names = []string{"Plaintext", "Hello", "PathParam", "Validate", "Auth", "Throttle", "Full", "Cached", "FullRedis"}

const (
	validNote = `{"title":"Milk","body":"Buy two litres","tags":["home","food"]}`
	wantNote  = `{"id":1,"title":"Milk","body":"Buy two litres","tags":["home","food"]}`
)

// List returns the scenarios with tokens for user signed with secret,
// valid for a day.
func List(secret []byte, user string) []Scenario {
	bearer := func(sub string) map[string]string {
		return map[string]string{"Authorization": "Bearer " + token.Sign(secret, sub, time.Now().Add(24*time.Hour))}
	}
	good := bearer(user)
	badTokens := []Case{
		{Name: "no token", Status: http.StatusUnauthorized},
		{Name: "not a JWT", Status: http.StatusUnauthorized, Request: Request{Header: map[string]string{"Authorization": "Bearer abc.def.ghi"}}},
		{Name: "basic scheme", Status: http.StatusUnauthorized, Request: Request{Header: map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}}},
		{Name: "expired", Status: http.StatusUnauthorized, Request: Request{Header: map[string]string{
			"Authorization": "Bearer " + token.Sign(secret, user, time.Now().Add(-time.Hour))}}},
		{Name: "other secret", Status: http.StatusUnauthorized, Request: Request{Header: map[string]string{
			"Authorization": "Bearer " + token.Sign([]byte("another-secret-of-thirty-two-bytes!!"), user, time.Now().Add(time.Hour))}}},
		{Name: "alg none", Status: http.StatusUnauthorized, Request: Request{Header: map[string]string{"Authorization": "Bearer " + unsigned(user)}}},
	}
	badNotes := []Case{
		{Name: "no title", Status: http.StatusBadRequest, Request: Request{Body: `{"body":"x"}`}},
		{Name: "empty title", Status: http.StatusBadRequest, Request: Request{Body: `{"title":""}`}},
		{Name: "long title", Status: http.StatusBadRequest, Request: Request{Body: `{"title":"` + strings.Repeat("t", 101) + `"}`}},
		{Name: "long body", Status: http.StatusBadRequest, Request: Request{Body: `{"title":"t","body":"` + strings.Repeat("b", 2001) + `"}`}},
		{Name: "six tags", Status: http.StatusBadRequest, Request: Request{Body: `{"title":"t","tags":["a","b","c","d","e","f"]}`}},
		{Name: "long tag", Status: http.StatusBadRequest, Request: Request{Body: `{"title":"t","tags":["` + strings.Repeat("g", 21) + `"]}`}},
		{Name: "empty tag", Status: http.StatusBadRequest, Request: Request{Body: `{"title":"t","tags":[""]}`}},
	}
	full := func(redis bool, name string) Scenario {
		s := Scenario{Name: name, Redis: redis, Case: Case{
			Request: post("/full", good, validNote), Status: http.StatusCreated, Want: wantNote,
		}}
		s.Errors = append(s.Errors, with(badTokens, post("/full", nil, validNote))...)
		s.Errors = append(s.Errors, with(badNotes, post("/full", good, ""))...)
		s.Errors = append(s.Errors, Case{Name: "banned", Request: post("/full", bearer(servers.Banned), validNote), Status: http.StatusForbidden})
		return s
	}
	return []Scenario{
		{Name: "Plaintext", Case: Case{Request: get("/plaintext", nil), Status: 200, Want: "Hello, World!", Text: true}},
		{Name: "Hello", Case: Case{Request: get("/hello", nil), Status: 200, Want: `{"message":"Hello, World!"}`}},
		{Name: "PathParam", Case: Case{Request: get("/users/42", nil), Status: 200, Want: `{"id":"42"}`}},
		{Name: "Validate", Case: Case{Request: post("/notes", nil, validNote), Status: 201, Want: wantNote},
			Errors: with(badNotes, post("/notes", nil, ""))},
		{Name: "Auth", Case: Case{Request: get("/me", good), Status: 200, Want: `{"user":"` + user + `"}`},
			Errors: with(badTokens, get("/me", nil))},
		{Name: "Throttle", Case: Case{Request: get("/throttled", nil), Status: 200, Want: `{"ok":true}`}},
		full(false, "Full"),
		{Name: "Cached", Case: Case{Request: get("/cached", nil), Status: 200, Want: `{"ok":true}`}},
		full(true, "FullRedis"),
	}
}

func get(path string, header map[string]string) Request {
	return Request{Method: http.MethodGet, Path: path, Header: header}
}

func post(path string, header map[string]string, body string) Request {
	h := map[string]string{"Content-Type": "application/json"}
	for k, v := range header {
		h[k] = v
	}
	return Request{Method: http.MethodPost, Path: path, Header: h, Body: body}
}

// with gives each case base's method and path, and base's headers and body
// where the case has none of its own.
func with(cases []Case, base Request) []Case {
	out := make([]Case, len(cases))
	for i, c := range cases {
		r := base
		r.Header = map[string]string{}
		for k, v := range base.Header {
			r.Header[k] = v
		}
		for k, v := range c.Header {
			r.Header[k] = v
		}
		if c.Body != "" {
			r.Body = c.Body
		}
		c.Request = r
		out[i] = c
	}
	return out
}

// unsigned is an "alg":"none" token for sub, which every server must refuse.
func unsigned(sub string) string {
	t := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.RegisteredClaims{Subject: sub, ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour))})
	s, _ := t.SignedString(jwt.UnsafeAllowNoneSignatureType)
	return s
}

// Find returns the scenario called name.
func Find(list []Scenario, name string) (Scenario, bool) {
	for _, s := range list {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}
