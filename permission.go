package panther

import (
	"fmt"
	"net/http"
	"reflect"
)

// Permission decides whether a request may reach the endpoint. Allow
// returns false to deny with 403 {"detail":"Permission Denied"}, or an
// error to answer with that error instead (a 404 that hides a resource's
// existence, say).
type Permission interface {
	Allow(r *Request) (bool, error)
}

// PermissionName is how documents and tools name p: its String
// (permission.Any and the other combinators say what they combine), else
// its type's name without the package, IsAdmin; a function or an unnamed
// type is "a permission function".
func PermissionName(p Permission) string {
	if s, ok := p.(fmt.Stringer); ok {
		return s.String()
	}
	t := reflect.TypeOf(p)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Name() == "" || t.Kind() == reflect.Func {
		return "a permission function"
	}
	return t.Name()
}

// PermissionFunc adapts a function to Permission.
type PermissionFunc func(r *Request) (bool, error)

// Allow calls f(r).
func (f PermissionFunc) Allow(r *Request) (bool, error) { return f(r) }

// checkPermissions is step 3: permissions run in declared order, after
// authentication; the first denial stops the request. On an API with
// AuthOptional a denied anonymous request is 401, as the authenticator
// would have answered it under AuthRequired.
func (ep *endpoint) checkPermissions(r *Request) error {
	for _, p := range ep.decl.Permissions {
		ok, err := p.Allow(r)
		if err != nil {
			return err
		}
		if !ok {
			if r.user == nil && ep.decl.Auth == AuthOptional {
				return r.anonymousRefused()
			}
			return NewError(http.StatusForbidden, "")
		}
	}
	return nil
}

func (r *Request) anonymousRefused() error {
	if r.rare != nil && r.rare.challenge != nil {
		return r.rare.challenge
	}
	return NewError(http.StatusUnauthorized, "")
}
