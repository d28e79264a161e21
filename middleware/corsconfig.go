package middleware

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults of CORSOptions.
const (
	defaultCORSMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
	defaultCORSMaxAge  = 10 * time.Minute
)

// newCORS checks opts and precomputes the header values. A mistake here is
// a programmer's, made once at start-up, so it panics.
func newCORS(opts CORSOptions) *cors {
	checkOrigins(opts.AllowOrigins)
	checkTokens("AllowMethods", opts.AllowMethods, "PATCH")
	checkTokens("AllowHeaders", opts.AllowHeaders, "Content-Type")
	checkTokens("ExposeHeaders", opts.ExposeHeaders, "X-Request-ID")
	if opts.AllowCredentials && isStar(opts.ExposeHeaders) {
		panic(`panther: CORS: ExposeHeaders "*" does not work with AllowCredentials, where browsers read it as a header named "*"; list the headers to expose`)
	}
	c := &cors{
		anyOrigin:   isStar(opts.AllowOrigins),
		origins:     make(map[string]bool, len(opts.AllowOrigins)),
		credentials: opts.AllowCredentials,
		methods:     strings.Join(opts.AllowMethods, ", "),
		headers:     strings.Join(opts.AllowHeaders, ", "),
		expose:      strings.Join(opts.ExposeHeaders, ", "),
		maxAge:      maxAgeSeconds(opts.MaxAge),
	}
	for _, o := range opts.AllowOrigins {
		if o != "*" { // browsers never send it, and it must never be echoed
			c.origins[o] = true
		}
	}
	if len(opts.AllowMethods) == 0 {
		c.methods = defaultCORSMethods
	}
	if c.credentials { // browsers read "*" literally with credentials: echo instead
		if c.methods == "*" {
			c.methods = ""
		}
		if c.headers == "*" {
			c.headers = ""
		}
	}
	return c
}

func isStar(list []string) bool { return len(list) == 1 && list[0] == "*" }

func maxAgeSeconds(d time.Duration) string {
	switch {
	case d == 0:
		d = defaultCORSMaxAge
	case d < 0:
		d = 0
	}
	return strconv.FormatInt(int64(d/time.Second), 10)
}

func checkOrigins(origins []string) {
	for i, o := range origins {
		if problem := originProblem(o, len(origins)); problem != "" {
			panic(fmt.Sprintf("panther: CORS: AllowOrigins[%d] %q %s", i, o, problem))
		}
	}
}

// originProblem says what is wrong with o as an entry of a list of n
// origins, and how to fix it; "" means nothing.
func originProblem(o string, n int) string {
	switch o {
	case "*":
		if n > 1 {
			return `is beside other origins; "*" alone allows every origin`
		}
		return ""
	case "":
		return `is empty; give an origin such as "https://app.example.com"`
	case "null":
		return `is the origin shared by every sandboxed document and file: page; allow "*" if the API is public`
	}
	u, err := url.Parse(o)
	if err != nil || u.Scheme == "" || u.Hostname() == "" || u.Opaque != "" {
		return `is not an origin; write scheme and host, such as "https://app.example.com"`
	}
	fixed := strings.ToLower(u.Scheme + "://" + u.Host)
	switch {
	case strings.Contains(u.Host, "*"):
		return "has a wildcard; list each origin exactly"
	case u.Port() != "" && u.Port() == defaultPort(u.Scheme):
		fixed = strings.TrimSuffix(fixed, ":"+u.Port())
		return fmt.Sprintf("has its scheme's default port, which browsers leave out; write %q", fixed)
	case o != fixed:
		return fmt.Sprintf("is not an origin as browsers send it: no path, no trailing slash, lower case; write %q", fixed)
	}
	return ""
}

func defaultPort(scheme string) string {
	switch scheme {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

// checkTokens panics on an entry that cannot be a method or header name;
// example is a valid one, for the message.
func checkTokens(field string, list []string, example string) {
	for i, v := range list {
		switch {
		case v == "*" && len(list) > 1:
			panic(fmt.Sprintf(`panther: CORS: %s[%d] "*" is beside other names; "*" alone means any`, field, i))
		case v == "*":
		case !isToken(v):
			panic(fmt.Sprintf("panther: CORS: %s[%d] %q is not a valid name; give one name per entry, such as %q", field, i, v, example))
		}
	}
}

// isToken reports whether s is an RFC 9110 token, the syntax of method and
// header names.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}
