package panther_test

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

// headerIs allows requests whose header key equals value.
type headerIs struct{ key, value string }

func (p headerIs) Allow(r *panther.Request) (bool, error) { return r.Header.Get(p.key) == p.value, nil }

var _ panther.Permission = headerIs{}

func TestPermissions(t *testing.T) {
	var trace []string
	record := func(name string, ok bool, err error) panther.Permission {
		return panther.PermissionFunc(func(*panther.Request) (bool, error) {
			trace = append(trace, name)
			return ok, err
		})
	}
	hidden := panther.NewError(http.StatusNotFound, "")
	app := panther.New(panther.Config{Logger: slog.New(slog.DiscardHandler), URLs: panther.URLs{
		"open":   panther.API{Handler: methodName},
		"allow":  panther.API{Permissions: []panther.Permission{record("a", true, nil), record("b", true, nil)}, Handler: methodName},
		"deny":   panther.API{Permissions: []panther.Permission{record("a", true, nil), record("b", false, nil), record("c", true, nil)}, Handler: methodName},
		"hide":   panther.API{Permissions: []panther.Permission{record("a", true, nil), record("b", false, hidden), record("c", true, nil)}, Handler: methodName},
		"broken": panther.API{Permissions: []panther.Permission{record("a", false, errors.New("database down"))}, Handler: methodName},
		"header": &noteAPI{API: panther.API{Permissions: []panther.Permission{headerIs{"X-Role", "editor"}}}},
	}})
	c := panthertest.New(t, app)
	tests := []struct {
		name, path string
		header     string
		status     int
		body       string
		trace      string
	}{
		{"no permissions", "/open", "", http.StatusOK, `"GET"`, ""},
		{"all allow, in order", "/allow", "", http.StatusOK, `"GET"`, "a,b"},
		{"first denial stops", "/deny", "", http.StatusForbidden, `{"detail":"Permission Denied"}`, "a,b"},
		{"an *Error answers itself", "/hide", "", http.StatusNotFound, `{"detail":"Not Found"}`, "a,b"},
		{"an unknown error is a 500", "/broken", "", http.StatusInternalServerError, `{"detail":"Internal Server Error"}`, "a"},
		{"struct API allowed", "/header/", "editor", http.StatusOK, `"get "`, ""},
		{"struct API denied", "/header/", "viewer", http.StatusForbidden, `{"detail":"Permission Denied"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			trace = nil
			c.WithHeader("X-Role", tt.header).Get(tt.path).WantStatus(tt.status).WantBody(tt.body)
			if got := strings.Join(trace, ","); got != tt.trace {
				t.Errorf("permissions ran %q, want %q", got, tt.trace)
			}
		})
	}
}
