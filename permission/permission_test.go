package permission_test

import (
	"errors"
	"fmt"
	"log/slog"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
	"github.com/panther-go/panther/permission"
)

type member struct {
	id    string
	admin bool
}

func (m member) UserID() string { return m.id }
func (m member) IsAdmin() bool  { return m.admin }

// plain is a user type without IsAdmin.
type plain string

func (p plain) UserID() string { return string(p) }

var (
	yes    = panther.PermissionFunc(func(*panther.Request) (bool, error) { return true, nil })
	no     = panther.PermissionFunc(func(*panther.Request) (bool, error) { return false, nil })
	broken = panther.PermissionFunc(func(*panther.Request) (bool, error) { return false, errors.New("down") })
)

// run asks p about a request by user with method and returns the status.
func run(t *testing.T, p panther.Permission, user panther.User, method string) int {
	t.Helper()
	auth := panther.AuthenticatorFunc(func(*panther.Request) (panther.User, error) { return user, nil })
	api := panther.API{Permissions: []panther.Permission{p}, Handler: func(*panther.Request) (any, error) { return nil, nil }}
	if user != nil {
		api.Authenticator = auth
	}
	app := panther.New(panther.Config{Logger: slog.New(slog.DiscardHandler), URLs: panther.URLs{"x": api}})
	return panthertest.New(t, app).Request(method, "/x", nil).Status
}

func TestBuiltins(t *testing.T) {
	admin, user := member{"1", true}, member{"2", false}
	tests := []struct {
		name   string
		p      panther.Permission
		user   panther.User
		method string
		want   int
	}{
		{"IsAuthenticated: anonymous", permission.IsAuthenticated{}, nil, "GET", 403},
		{"IsAuthenticated: user", permission.IsAuthenticated{}, user, "GET", 200},
		{"IsAdmin: anonymous", permission.IsAdmin{}, nil, "GET", 403},
		{"IsAdmin: user", permission.IsAdmin{}, user, "GET", 403},
		{"IsAdmin: admin", permission.IsAdmin{}, admin, "GET", 200},
		{"IsAdmin: a user type without IsAdmin", permission.IsAdmin{}, plain("3"), "GET", 403},
		{"ReadOnly: anonymous GET", permission.IsAuthenticatedOrReadOnly{}, nil, "GET", 200},
		{"ReadOnly: anonymous HEAD", permission.IsAuthenticatedOrReadOnly{}, nil, "HEAD", 200},
		{"ReadOnly: anonymous POST", permission.IsAuthenticatedOrReadOnly{}, nil, "POST", 403},
		{"ReadOnly: anonymous DELETE", permission.IsAuthenticatedOrReadOnly{}, nil, "DELETE", 403},
		{"ReadOnly: user POST", permission.IsAuthenticatedOrReadOnly{}, user, "POST", 200},
		{"All: all allow", permission.All(yes, permission.IsAuthenticated{}), user, "GET", 200},
		{"All: one denies", permission.All(yes, no, broken), user, "GET", 403},
		{"All: an error", permission.All(yes, broken), user, "GET", 500},
		{"All of none", permission.All(), nil, "GET", 200},
		{"Any: one allows", permission.Any(no, permission.IsAdmin{}, broken), admin, "GET", 200},
		{"Any: none allows", permission.Any(no, permission.IsAdmin{}), user, "GET", 403},
		{"Any: an error first", permission.Any(no, broken, yes), user, "GET", 500},
		{"Any of none", permission.Any(), admin, "GET", 403},
		{"Not: allows", permission.Not(permission.IsAdmin{}), user, "GET", 200},
		{"Not: denies", permission.Not(permission.IsAdmin{}), admin, "GET", 403},
		{"Not: an error stays one", permission.Not(broken), user, "GET", 500},
		{"nested", permission.Any(permission.IsAdmin{}, permission.All(permission.IsAuthenticated{}, permission.Not(no))), user, "GET", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := run(t, tt.p, tt.user, tt.method); got != tt.want {
				t.Errorf("status %d, want %d", got, tt.want)
			}
		})
	}
}

func Example() {
	editorOrAdmin := permission.Any(permission.IsAdmin{}, panther.PermissionFunc(func(r *panther.Request) (bool, error) {
		return r.Header.Get("X-Editor") == "yes", nil
	}))
	auth := panther.AuthenticatorFunc(func(r *panther.Request) (panther.User, error) {
		return member{id: r.Header.Get("X-User"), admin: r.Header.Get("X-User") == "root"}, nil
	})
	app := panther.New(panther.Config{Authenticator: auth, URLs: panther.URLs{
		"drafts/": panther.API{Auth: panther.AuthRequired, Permissions: []panther.Permission{editorOrAdmin}, Handler: func(*panther.Request) (any, error) {
			return "drafts", nil
		}},
	}})
	c := panthertest.New(&testing.T{}, app)
	fmt.Println(c.WithHeader("X-User", "root").Get("/drafts/").Status)
	fmt.Println(c.WithHeader("X-User", "ann").WithHeader("X-Editor", "yes").Get("/drafts/").Status)
	fmt.Println(c.WithHeader("X-User", "bob").Get("/drafts/").Status)
	// Output:
	// 200
	// 200
	// 403
}

// With panther.AuthOptional, IsAuthenticatedOrReadOnly does what it says:
// anyone reads, a signed-in user writes, and an anonymous write is 401.
func TestReadOnlyWithOptionalAuth(t *testing.T) {
	auth := panther.AuthenticatorFunc(func(r *panther.Request) (panther.User, error) {
		if name := r.Header.Get("X-User"); name != "" {
			return plain(name), nil
		}
		return nil, nil // no credentials
	})
	app := panther.New(panther.Config{Authenticator: auth, URLs: panther.URLs{
		"books": panther.API{Auth: panther.AuthOptional, Permissions: []panther.Permission{permission.IsAuthenticatedOrReadOnly{}},
			Handler: func(*panther.Request) (any, error) { return "ok", nil }},
	}})
	defer app.Close()
	c := panthertest.New(t, app)
	c.Get("/books").WantStatus(200)
	c.Post("/books", nil).WantStatus(401)
	c.WithHeader("X-User", "ann").Post("/books", nil).WantStatus(200)
}

// The combinators say what they combine, for the OpenAPI document.
func TestCombinatorNames(t *testing.T) {
	custom := panther.PermissionFunc(func(*panther.Request) (bool, error) { return true, nil })
	for _, tc := range []struct {
		p    panther.Permission
		want string
	}{
		{permission.Any(permission.ReadOnly{}, permission.IsAdmin{}), "any of (ReadOnly, IsAdmin)"},
		{permission.Not(permission.All(permission.IsAuthenticated{}, custom)), "not all of (IsAuthenticated, a permission function)"},
	} {
		if got := fmt.Sprint(tc.p); got != tc.want {
			t.Errorf("%s, want %s", got, tc.want)
		}
	}
}
