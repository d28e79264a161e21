package middleware

import (
	"cmp"
	"net/http"
	"strings"
	"time"
)

// CORSOptions configures CORS. The zero value allows no cross-origin access:
// browsers keep every cross-origin response from scripts. Each field's
// comment gives its default.
type CORSOptions struct {
	// AllowOrigins are the origins whose scripts may read responses, exactly
	// as browsers send them in the Origin header: scheme, host, and the port
	// unless it is the scheme's default, in lower case, with no path and no
	// trailing slash ("https://app.example.com", "http://localhost:3000").
	// "*" alone allows every origin. Default: none.
	AllowOrigins []string

	// AllowMethods answer a preflight's Access-Control-Request-Method in
	// Access-Control-Allow-Methods. "*" alone means any method; with
	// AllowCredentials, where browsers read "*" literally, the requested
	// method is echoed instead. Default: GET, HEAD, POST, PUT, PATCH,
	// DELETE, OPTIONS — every method a panther.App answers.
	AllowMethods []string

	// AllowHeaders answer a preflight's Access-Control-Request-Headers in
	// Access-Control-Allow-Headers. "*" alone means any header except
	// Authorization, which the Fetch standard requires to be listed by
	// name; with AllowCredentials the requested headers are echoed instead.
	// Default: the requested headers are echoed, so any header is allowed,
	// Authorization included.
	AllowHeaders []string

	// AllowCredentials sends Access-Control-Allow-Credentials: true to
	// allowed origins, letting them send cookies and HTTP authentication
	// and read the answers. Then "*" in AllowOrigins echoes the request's
	// origin instead — any site may act as its visitors, so list origins
	// unless that is meant — and never the shared "null" origin of
	// sandboxed documents. Default: false.
	AllowCredentials bool

	// ExposeHeaders are the response headers, beyond the CORS-safelisted
	// ones, that scripts of allowed origins may read, listed in
	// Access-Control-Expose-Headers on actual responses. "*" alone exposes
	// all, and cannot be combined with AllowCredentials. Default: none.
	ExposeHeaders []string

	// MaxAge is how long browsers may cache a preflight's answer, sent in
	// whole seconds in Access-Control-Max-Age; browsers cap it (Chromium at
	// 2 hours, Firefox at 24). Default (0): 10 minutes. Negative: 0 is sent,
	// so every request that needs a preflight gets a fresh one.
	MaxAge time.Duration
}

// CORS answers preflights and labels responses for cross-origin requests as
// the Fetch standard specifies; the browser, not the server, then enforces
// the policy. Every response gets Vary: Origin, added to existing Vary
// values, so caches keep the answers for different origins apart.
//
// A request without an Origin header passes through unchanged but for
// Vary. One from an allowed origin gets Access-Control-Allow-Origin (and
// Allow-Credentials and Expose-Headers as configured), set before the rest
// of the chain runs, so error responses — a 401, a 404 — carry them too.
// One from another origin passes through without them: the app answers,
// the browser withholds the answer from the script.
//
// A preflight — OPTIONS with both Origin and Access-Control-Request-Method
// — is answered by CORS itself with 204: with the Allow-* and Max-Age
// headers for an allowed origin, with none for another, which the browser
// reads as a refusal. Any other OPTIONS request goes to the app.
//
// Invalid options panic, with a message that says how to fix them.
func CORS(opts CORSOptions) func(http.Handler) http.Handler {
	c := newCORS(opts)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if isPreflight(r) {
				c.preflight(w, r)
				return
			}
			c.label(w.Header(), r)
			next.ServeHTTP(w, r)
		})
	}
}

// cors is CORSOptions checked and turned into header values.
type cors struct {
	anyOrigin   bool
	origins     map[string]bool
	credentials bool
	methods     string // empty: echo the requested method
	headers     string // empty: echo the requested headers
	expose      string
	maxAge      string
}

func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions &&
		r.Header.Get("Origin") != "" &&
		r.Header.Get("Access-Control-Request-Method") != ""
}

// preflight answers a preflight request; the app never sees it.
func (c *cors) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Add("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
	if origin := c.allowedOrigin(r.Header.Get("Origin")); origin != "" {
		c.setOrigin(h, origin)
		h.Set("Access-Control-Allow-Methods", cmp.Or(c.methods, r.Header.Get("Access-Control-Request-Method")))
		requested := strings.Join(r.Header.Values("Access-Control-Request-Headers"), ", ")
		if headers := cmp.Or(c.headers, requested); headers != "" {
			h.Set("Access-Control-Allow-Headers", headers)
		}
		h.Set("Access-Control-Max-Age", c.maxAge)
	}
	w.WriteHeader(http.StatusNoContent)
}

// label adds the headers of an actual (not preflight) response.
func (c *cors) label(h http.Header, r *http.Request) {
	h.Add("Vary", "Origin")
	origin := c.allowedOrigin(r.Header.Get("Origin"))
	if origin == "" {
		return
	}
	c.setOrigin(h, origin)
	if c.expose != "" {
		h.Set("Access-Control-Expose-Headers", c.expose)
	}
}

func (c *cors) setOrigin(h http.Header, origin string) {
	h.Set("Access-Control-Allow-Origin", origin)
	if c.credentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
}

// allowedOrigin returns the Access-Control-Allow-Origin value for origin,
// or "" when origin may not read the response.
func (c *cors) allowedOrigin(origin string) string {
	switch {
	case origin == "":
		return ""
	case c.origins[origin]:
		return origin
	case !c.anyOrigin:
		return ""
	case !c.credentials:
		return "*"
	case origin == "null", origin == "*": // the sandboxed documents' shared origin; not an origin
		return ""
	default:
		return origin // browsers refuse "*" with credentials
	}
}
