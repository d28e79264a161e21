package middleware_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/panther-go/panther/middleware"
)

func TestCORSInvalidOptions(t *testing.T) {
	tests := []struct {
		name string
		opts middleware.CORSOptions
		want string // in the panic message
	}{
		{"trailing slash", middleware.CORSOptions{AllowOrigins: []string{"http://x.com/"}}, `write "http://x.com"`},
		{"path", middleware.CORSOptions{AllowOrigins: []string{"https://x.com/app"}}, `write "https://x.com"`},
		{"query", middleware.CORSOptions{AllowOrigins: []string{"https://x.com?a=1"}}, `write "https://x.com"`},
		{"upper case", middleware.CORSOptions{AllowOrigins: []string{"https://X.com"}}, `write "https://x.com"`},
		{"default port", middleware.CORSOptions{AllowOrigins: []string{"https://x.com:443"}}, `write "https://x.com"`},
		{"default port of IPv6", middleware.CORSOptions{AllowOrigins: []string{"http://[::1]:80"}}, `write "http://[::1]"`},
		{"empty origin", middleware.CORSOptions{AllowOrigins: []string{""}}, "AllowOrigins[0] \"\" is empty"},
		{"no scheme", middleware.CORSOptions{AllowOrigins: []string{"x.com"}}, "is not an origin"},
		{"host and port without scheme", middleware.CORSOptions{AllowOrigins: []string{"localhost:3000"}}, "is not an origin"},
		{"wildcard subdomain", middleware.CORSOptions{AllowOrigins: []string{"https://*.x.com"}}, "wildcard"},
		{"null origin", middleware.CORSOptions{AllowOrigins: []string{"null"}}, "sandboxed"},
		{"star beside origins", middleware.CORSOptions{AllowOrigins: []string{"http://a.com", "*"}}, `AllowOrigins[1] "*" is beside other origins`},
		{"empty method", middleware.CORSOptions{AllowMethods: []string{""}}, "AllowMethods[0]"},
		{"methods in one entry", middleware.CORSOptions{AllowMethods: []string{"GET, POST"}}, "one name per entry"},
		{"star beside methods", middleware.CORSOptions{AllowMethods: []string{"GET", "*"}}, `AllowMethods[1] "*"`},
		{"header with a space", middleware.CORSOptions{AllowHeaders: []string{"X Token"}}, "AllowHeaders[0]"},
		{"empty exposed header", middleware.CORSOptions{ExposeHeaders: []string{"X-A", ""}}, "ExposeHeaders[1]"},
		{"expose star with credentials", middleware.CORSOptions{ExposeHeaders: []string{"*"}, AllowCredentials: true}, "list the headers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := panicMessage(func() { middleware.CORS(tt.opts) })
			if !strings.HasPrefix(msg, "panther: CORS: ") || !strings.Contains(msg, tt.want) {
				t.Errorf("panic %q, want one starting \"panther: CORS: \" containing %q", msg, tt.want)
			}
		})
	}
}

func TestCORSValidOptions(t *testing.T) {
	tests := []struct {
		name string
		opts middleware.CORSOptions
	}{
		{"zero", middleware.CORSOptions{}},
		{"localhost with port", middleware.CORSOptions{AllowOrigins: []string{"http://localhost:3000"}}},
		{"IPv6 with port", middleware.CORSOptions{AllowOrigins: []string{"https://[::1]:8443"}}},
		{"custom scheme", middleware.CORSOptions{AllowOrigins: []string{"app://desktop"}}},
		{"everything", middleware.CORSOptions{
			AllowOrigins: []string{"https://a.example.com", "https://b.example.com"}, AllowMethods: []string{"GET", "PROPFIND"},
			AllowHeaders: []string{"Content-Type", "Authorization"}, AllowCredentials: true,
			ExposeHeaders: []string{"X-Total"}, MaxAge: time.Hour,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if msg := panicMessage(func() { middleware.CORS(tt.opts) }); msg != "" {
				t.Errorf("panic %q, want none", msg)
			}
		})
	}
}

// panicMessage runs f and returns what it panicked with, or "".
func panicMessage(f func()) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg = fmt.Sprint(v)
		}
	}()
	f()
	return ""
}
