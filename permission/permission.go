// Package permission holds the built-in permissions and their
// combinators. Each is a panther.Permission for an API's Permissions:
//
//	panther.API{Auth: panther.AuthRequired, Permissions: []panther.Permission{permission.IsAdmin{}}, …}
//
// Unlike Python Panther's AdminPermission, every built-in denies an
// anonymous request (one whose API has no Auth, or whose authenticator
// found nobody).
package permission

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/panther-go/panther"
)

// Admin is implemented by a user type that knows whether it is an admin.
type Admin interface {
	IsAdmin() bool
}

// IsAuthenticated allows requests with a user.
type IsAuthenticated struct{}

// Allow reports whether r has a user.
func (IsAuthenticated) Allow(r *panther.Request) (bool, error) { return r.User() != nil, nil }

// IsAdmin allows requests whose user implements Admin and is one.
type IsAdmin struct{}

// Allow reports whether r's user is an admin.
func (IsAdmin) Allow(r *panther.Request) (bool, error) {
	a, ok := r.User().(Admin)
	return ok && a.IsAdmin(), nil
}

// IsAuthenticatedOrReadOnly allows reads (GET, HEAD, OPTIONS) from anyone
// and everything else from requests with a user. It belongs on an API with
// Auth: panther.AuthOptional, where an anonymous read passes and an
// anonymous write is 401.
type IsAuthenticatedOrReadOnly struct{}

// Allow reports whether r reads or has a user.
func (IsAuthenticatedOrReadOnly) Allow(r *panther.Request) (bool, error) {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true, nil
	}
	return r.User() != nil, nil
}

// ReadOnly allows reads (GET, HEAD, OPTIONS) and nothing else: combined,
// Any(ReadOnly{}, IsAdmin{}) lets anyone read and only admins write.
type ReadOnly struct{}

// Allow reports whether r reads.
func (ReadOnly) Allow(r *panther.Request) (bool, error) {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true, nil
	}
	return false, nil
}

var (
	_ panther.Permission = ReadOnly{}
	_ panther.Permission = IsAuthenticated{}
	_ panther.Permission = IsAdmin{}
	_ panther.Permission = IsAuthenticatedOrReadOnly{}
)

// All allows a request every one of ps allows, asking in order and
// stopping at the first denial or error. All() allows everything.
func All(ps ...panther.Permission) panther.Permission { return allOf(ps) }

// Any allows a request one of ps allows, asking in order and stopping at
// the first that allows or errs. Any() allows nothing.
func Any(ps ...panther.Permission) panther.Permission { return anyOf(ps) }

// Not allows what p denies and denies what it allows; p's errors pass
// through.
func Not(p panther.Permission) panther.Permission { return not{p} }

// The combinators are types that say what they combine (String), for the
// OpenAPI document's descriptions.
type (
	allOf []panther.Permission
	anyOf []panther.Permission
	not   struct{ p panther.Permission }
)

func (ps allOf) Allow(r *panther.Request) (bool, error) {
	for _, p := range ps {
		if ok, err := p.Allow(r); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

func (ps anyOf) Allow(r *panther.Request) (bool, error) {
	for _, p := range ps {
		if ok, err := p.Allow(r); err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

func (n not) Allow(r *panther.Request) (bool, error) {
	ok, err := n.p.Allow(r)
	return !ok && err == nil, err
}

func (ps allOf) String() string { return "all of (" + names(ps) + ")" }
func (ps anyOf) String() string { return "any of (" + names(ps) + ")" }
func (n not) String() string    { return "not " + name(n.p) }

// name is what a permission is called in the OpenAPI document: its
// String, else its type's name without the package ("IsAdmin"), else "a
// permission function".
func name(p panther.Permission) string {
	if s, ok := p.(fmt.Stringer); ok {
		return s.String()
	}
	t := reflect.TypeOf(p)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Name() == "" || t.Kind() == reflect.Func {
		return "a permission function"
	}
	return t.Name()
}

func names(ps []panther.Permission) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = name(p)
	}
	return strings.Join(out, ", ")
}
