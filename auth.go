package panther

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
)

// User is whom a request speaks for once authenticated. Any user type of
// yours fits: it needs a stable id (for throttling and caching per user,
// and for tokens). A user that also has IsAdmin() bool is an admin when it
// answers true (see package permission).
type User interface {
	UserID() string
}

// Authenticator finds the user a request speaks for. It returns an *Error
// (usually a 401, with its WWW-Authenticate header) when the
// request's credentials are missing or wrong; any other error is a failure
// of its own, answered 500 and logged. When the request carries no
// credentials at all, the error is or wraps ErrNoCredentials — or the
// Authenticator returns a nil User and a nil error — so that an API with
// AuthOptional goes on anonymous; with AuthRequired, ErrNoCredentials on
// its own is answered with the standard 401.
type Authenticator interface {
	Authenticate(r *Request) (User, error)
}

// ErrNoCredentials is wrapped by an Authenticator's error for a request
// with no credentials at all, as opposed to wrong or expired ones.
var ErrNoCredentials = errors.New("panther: no credentials")

// AuthMode says whether an API authenticates its requests.
type AuthMode uint8

const (
	// NoAuth, the zero value: the API does not authenticate, and
	// Request.User is nil.
	NoAuth AuthMode = iota

	// AuthRequired: a request without valid credentials is 401
	// {"detail":"Authentication Error"}. Python Panther's auth=True.
	AuthRequired

	// AuthOptional: a request with credentials is authenticated as with
	// AuthRequired, wrong or expired ones are 401, and one without any goes
	// on with a nil User. A permission that then denies the anonymous
	// request answers that 401, not 403: signing in would help.
	AuthOptional
)

func (m AuthMode) String() string {
	switch m {
	case NoAuth:
		return "none"
	case AuthRequired:
		return "required"
	case AuthOptional:
		return "optional"
	}
	return fmt.Sprintf("AuthMode(%d)", uint8(m))
}

// AuthenticatorFunc adapts a function to Authenticator.
type AuthenticatorFunc func(r *Request) (User, error)

// Authenticate calls f(r).
func (f AuthenticatorFunc) Authenticate(r *Request) (User, error) { return f(r) }

// User is whom the request authenticated as, or nil for an API without
// Auth and an anonymous request to one with AuthOptional.
func (r *Request) User() User { return r.user }

// authenticator resolves an API's authentication at registration: its own
// Authenticator (which implies AuthRequired unless Auth says optional),
// else Config.Authenticator when Auth is set.
func (ep *endpoint) authenticator(mode AuthMode, own Authenticator) (Authenticator, AuthMode) {
	if mode > AuthOptional {
		panic(fmt.Sprintf("panther: route %q: Auth is %v; use panther.AuthRequired, panther.AuthOptional or leave it unset", ep.pattern, mode))
	}
	if own != nil {
		return own, max(mode, AuthRequired)
	}
	if mode == NoAuth {
		return nil, NoAuth
	}
	if ep.app.cfg.Authenticator == nil {
		panic(fmt.Sprintf("panther: route %q: Auth is %v but there is no authenticator; set Config.Authenticator (such as a jwt.Authenticator) or the API's Authenticator", ep.pattern, mode))
	}
	return ep.app.cfg.Authenticator, mode
}

// authenticate is step 2: an API with Auth gets its user from the
// authenticator, or answers 401 {"detail":"Authentication Error"} — but
// with AuthOptional a request without credentials goes on anonymous.
func (ep *endpoint) authenticate(r *Request) error {
	if ep.decl.Authenticator == nil {
		return nil
	}
	user, err := ep.decl.Authenticator.Authenticate(r)
	if err == nil && user != nil {
		r.user = user
		return nil
	}
	return ep.unauthenticated(r, err)
}

// unauthenticated is authenticate's answer for a request without a user.
// Apart, so the success path does not allocate the *Error that
// errors.As needs.
func (ep *endpoint) unauthenticated(r *Request, err error) error {
	var answer *Error
	switch {
	case ep.decl.Auth == AuthOptional && (err == nil || errors.Is(err, ErrNoCredentials)):
		r.rareState().challenge = err // what a permission that needs a user answers
		return nil
	case err == nil, errors.Is(err, ErrNoCredentials) && !errors.As(err, &answer):
		// No user, or "no credentials" bare: the standard 401.
		err = NewError(http.StatusUnauthorized, "")
		fallthrough
	case errors.As(err, &answer):
		ep.app.logger.LogAttrs(r.Context(), slog.LevelDebug, "panther: authentication failed",
			slog.String("path", r.URL.Path), slog.Any("error", err))
		return err
	}
	return err
}
