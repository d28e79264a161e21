package panther

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Request is one HTTP request on its way through the pipeline. It embeds
// the *http.Request, so Method, Header, Cookie, Context and the rest of
// net/http are there as usual; it adds the route's path variables, the
// query parameters Panther's way and the client's IP. Each request has its
// own Request: nothing here is shared between concurrent requests.
type Request struct {
	*http.Request

	app    *App
	ep     *endpoint
	outer  *http.Request // the request ServeHTTP was given, when Request is a copy of it
	values []string      // path variable values, in the order of ep.names
	inline [3]string     // backing store for values, so routing does not allocate (3 keeps a Request in the 256-byte size class)
	query  url.Values
	client string
	input  any // *T of the operation's Input, once validated
	user   User
	hv     headerValues // backing store for response header values
	rare   *rareState   // what few requests need, made when first needed
}

// rareState is the part of a request that most requests never use, kept
// apart so that every Request stays small.
type rareState struct {
	// challenge is the authenticator's 401 for an anonymous request on an
	// API with AuthOptional.
	challenge error
	fault     error // a programmer error found while serving, such as Input of the wrong type
	after     []func(context.Context) error
}

func (r *Request) rareState() *rareState {
	if r.rare == nil {
		r.rare = new(rareState)
	}
	return r.rare
}

// Path is the request's path, without the query string.
func (r *Request) Path() string { return r.URL.Path }

// Route is the route the request matched, such as "notes/<id>/".
func (r *Request) Route() string { return r.ep.pattern }

// PathVar is the value of the path variable name, or "" when the route
// has no such variable.
func (r *Request) PathVar(name string) string {
	v, _ := r.pathVar(name)
	return v
}

func (r *Request) pathVar(name string) (string, error) {
	for i, n := range r.ep.names {
		if n == name {
			return r.values[i], nil
		}
	}
	return "", fmt.Errorf("panther: route %q has no path variable <%s>", r.ep.pattern, name)
}

// PathInt is the path variable name as an int. A value that is not an int
// is 400 {"detail":"Path variable `abc` is not `int`"}.
func (r *Request) PathInt(name string) (int, error) {
	v, err := r.pathVar(name)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, pathVarError(v, "int")
	}
	return n, nil
}

// PathInt64 is the path variable name as an int64, with PathInt's errors.
func (r *Request) PathInt64(name string) (int64, error) {
	v, err := r.pathVar(name)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, pathVarError(v, "int")
	}
	return n, nil
}

// PathBool is the path variable name as a bool: true or 1, false or 0, in
// any case. Anything else is 400 {"detail":"Path variable `abc` is not `bool`"}.
func (r *Request) PathBool(name string) (bool, error) {
	v, err := r.pathVar(name)
	if err != nil {
		return false, err
	}
	switch strings.ToLower(v) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, pathVarError(v, "bool")
}

func pathVarError(value, kind string) *Error {
	return NewError(http.StatusBadRequest, "Path variable `"+value+"` is not `"+kind+"`")
}

// Query is the query parameter name; when it is repeated the last value
// wins, as in Python Panther. Use URL.Query() for every value.
func (r *Request) Query(name string) string {
	if r.query == nil {
		r.query = r.URL.Query()
	}
	vs := r.query[name]
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1]
}

// ClientIP is the client's address: the socket's peer, or, when that peer
// is one of Config.TrustedProxies, the nearest untrusted address in
// X-Forwarded-For.
func (r *Request) ClientIP() string {
	if r.client == "" {
		r.client = r.app.clientIP(r.Request)
	}
	return r.client
}
