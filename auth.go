package panther

import (
	"errors"
	"fmt"
	"log/slog"
)

// User is whom a request speaks for once authenticated. Any user type of
// yours fits: it needs a stable id (for throttling and caching per user,
// and for tokens). A user that also has IsAdmin() bool is an admin when it
// answers true (see package permission).
type User interface {
	UserID() string
}

// Authenticator finds the user a request speaks for. It returns an *Error
// (usually AuthenticationError, with its WWW-Authenticate header) when the
// request's credentials are missing or wrong; any other error is a failure
// of its own, answered 500 and logged.
type Authenticator interface {
	Authenticate(r *Request) (User, error)
}

// AuthenticatorFunc adapts a function to Authenticator.
type AuthenticatorFunc func(r *Request) (User, error)

// Authenticate calls f(r).
func (f AuthenticatorFunc) Authenticate(r *Request) (User, error) { return f(r) }

// User is whom the request authenticated as, or nil for an API without
// Auth.
func (r *Request) User() User { return r.user }

// authenticator resolves an API's authentication at registration: its own
// Authenticator, else Config.Authentication when Auth is set.
func (ep *endpoint) authenticator(auth bool, own Authenticator) Authenticator {
	if own != nil {
		return own
	}
	if !auth {
		return nil
	}
	if ep.app.cfg.Authentication == nil {
		panic(fmt.Sprintf("panther: route %q: Auth is set but there is no authenticator; set Config.Authentication (such as a jwt.Authenticator) or the API's Authenticator", ep.pattern))
	}
	return ep.app.cfg.Authentication
}

// authenticate is step 2: an API with Auth gets its user from the
// authenticator, or answers 401 {"detail":"Authentication Error"}.
func (ep *endpoint) authenticate(r *Request) error {
	if ep.auth == nil {
		return nil
	}
	user, err := ep.auth.Authenticate(r)
	var answer *Error
	switch {
	case err == nil && user != nil:
		r.user = user
		return nil
	case err == nil:
		err = AuthenticationError()
		fallthrough
	case errors.As(err, &answer):
		ep.app.logger.LogAttrs(r.Context(), slog.LevelDebug, "panther: authentication failed",
			slog.String("path", r.URL.Path), slog.Any("error", err))
		return err
	}
	return err
}
