package jwt

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/store"
)

// The token types, in the token_type claim.
const (
	access  = "access"
	refresh = "refresh"
)

// claims are what our tokens carry, decoded into a struct, never a map.
type claims struct {
	gojwt.RegisteredClaims
	TokenType string `json:"token_type"`

	revokedKey string // where a revocation of this token is kept; set once verified
}

// Tokens are what Login and Refresh issue.
type Tokens struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

// Authenticator verifies and issues tokens. It is a panther.Authenticator
// for access tokens; Refresher gives one for refresh tokens. Safe for
// concurrent use.
type Authenticator struct {
	cfg    Config
	method gojwt.SigningMethod
	sign   any
	verify any
	parser *gojwt.Parser
	cache  verified
}

var (
	_ panther.Authenticator   = (*Authenticator)(nil)
	_ panther.SecuritySchemer = (*Authenticator)(nil)
)

// New checks cfg and returns an Authenticator, or an error that says what
// to fix.
func New(cfg Config) (*Authenticator, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	method, sign, verify, err := cfg.keys()
	if err != nil {
		return nil, err
	}
	opts := []gojwt.ParserOption{
		gojwt.WithValidMethods([]string{method.Alg()}), // pinned: no "none", no confusion
		gojwt.WithLeeway(cfg.Leeway),
		gojwt.WithExpirationRequired(),
		gojwt.WithIssuedAt(),
	}
	if cfg.Issuer != "" {
		opts = append(opts, gojwt.WithIssuer(cfg.Issuer))
	}
	return &Authenticator{cfg: cfg, method: method, sign: sign, verify: verify, parser: gojwt.NewParser(opts...)}, nil
}

// Authenticate finds the user of the request's access token.
func (a *Authenticator) Authenticate(r *panther.Request) (panther.User, error) {
	return a.authenticate(r, access)
}

// Refresher returns an authenticator that accepts refresh tokens only, for
// the route that calls Refresh.
func (a *Authenticator) Refresher() panther.Authenticator { return refresher{a} }

// refresher accepts refresh tokens, and says so in the OpenAPI document.
type refresher struct{ a *Authenticator }

func (r refresher) Authenticate(req *panther.Request) (panther.User, error) {
	return r.a.authenticate(req, refresh)
}

func (r refresher) SecuritySchemes() []panther.SecurityScheme {
	return []panther.SecurityScheme{{Name: "refresh", Type: "http", Scheme: "bearer", BearerFormat: "JWT",
		Description: "A refresh token from the login route, as Authorization: Bearer <token>; it works once."}}
}

func (a *Authenticator) authenticate(r *panther.Request, kind string) (panther.User, error) {
	c, err := a.verified(r, kind)
	if err != nil {
		return nil, err
	}
	if err := a.checkRevoked(r, c); err != nil {
		return nil, err
	}
	user, err := a.cfg.LoadUser(r.Context(), c.Subject)
	switch {
	case err != nil:
		return nil, fmt.Errorf("jwt: loading user %q: %w", c.Subject, err)
	case user == nil:
		return nil, fail("user %q not found", c.Subject)
	}
	return user, nil
}

// verified extracts the request's token of kind and checks it.
func (a *Authenticator) verified(r *panther.Request, kind string) (*claims, error) {
	token, err := a.extract(r, kind)
	if err != nil {
		return nil, err
	}
	return a.parse(token, kind)
}

func (a *Authenticator) parse(token, kind string) (*claims, error) {
	if len(token) > maxTokenBytes {
		return nil, fail("token of %d bytes is over the %d-byte limit", len(token), maxTokenBytes)
	}
	if c := a.cache.get(token, kind, time.Now()); c != nil {
		return c, nil
	}
	var c claims
	if _, err := a.parser.ParseWithClaims(token, &c, a.key); err != nil {
		return nil, fail("%v", err)
	}
	switch {
	case c.TokenType != kind:
		return nil, fail("a %q token where %q is required", c.TokenType, kind)
	case c.Subject == "":
		return nil, fail("token without sub")
	case c.ID == "":
		return nil, fail("token without jti")
	}
	c.revokedKey = revokedKey(c.ID)
	a.cache.put(token, &c, a.cfg.Leeway)
	return &c, nil
}

func (a *Authenticator) key(*gojwt.Token) (any, error) { return a.verify, nil }

// extract finds the token in the configured sources, in order.
func (a *Authenticator) extract(r *panther.Request, kind string) (string, error) {
	for _, s := range a.cfg.Sources {
		switch s {
		case Header:
			var h string
			if vs := r.Header["Authorization"]; len(vs) > 0 { // Header.Get, without canonicalizing a canonical key
				h = vs[0]
			}
			if h == "" {
				continue
			}
			keyword, token, ok := strings.Cut(strings.TrimSpace(h), " ")
			token = trimBlank(token)
			// IndexByte twice scans a token faster than ContainsAny once.
			if !ok || token == "" || strings.IndexByte(token, ' ') >= 0 || strings.IndexByte(token, '\t') >= 0 {
				return "", fail("Authorization header must have 2 parts: %q", h)
			}
			if !strings.EqualFold(keyword, "Bearer") {
				return "", fail("Authorization keyword %q is not Bearer", keyword)
			}
			return token, nil
		case Query:
			if t := r.Query("authorization"); t != "" {
				return t, nil
			}
		case Cookie:
			name := "access_token"
			if kind == refresh {
				name = "refresh_token"
			}
			if c, err := r.Cookie(name); err == nil && c.Value != "" {
				return c.Value, nil
			}
		}
	}
	return "", noToken
}

// trimBlank drops the spaces and tabs that lead s.
func trimBlank(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}

// noToken is the 401 of a request without any token; it wraps
// panther.ErrNoCredentials, so an API with panther.AuthOptional goes on
// anonymous.
var noToken = fmt.Errorf("%w: %w", panther.ErrNoCredentials, fail("no token in the request"))

// Login issues an access and a refresh token for user.
func (a *Authenticator) Login(user panther.User) (Tokens, error) {
	if a.sign == nil {
		return Tokens{}, errors.New("jwt: this Authenticator has no private key; it only verifies")
	}
	now := time.Now()
	acc, err := a.issue(user.UserID(), access, now, a.cfg.AccessLifetime)
	if err != nil {
		return Tokens{}, err
	}
	ref, err := a.issue(user.UserID(), refresh, now, a.cfg.RefreshLifetime)
	if err != nil {
		return Tokens{}, err
	}
	return Tokens{AccessToken: acc, RefreshToken: ref}, nil
}

func (a *Authenticator) issue(sub, kind string, now time.Time, life time.Duration) (string, error) {
	id := make([]byte, 16)
	rand.Read(id)
	c := claims{TokenType: kind, RegisteredClaims: gojwt.RegisteredClaims{
		Subject:   sub,
		Issuer:    a.cfg.Issuer,
		IssuedAt:  gojwt.NewNumericDate(now),
		NotBefore: gojwt.NewNumericDate(now),
		ExpiresAt: gojwt.NewNumericDate(now.Add(life)),
		ID:        base64.RawURLEncoding.EncodeToString(id),
	}}
	return gojwt.NewWithClaims(a.method, c).SignedString(a.sign)
}

// Refresh, on a route authenticated by Refresher, revokes the request's
// refresh token and issues a new pair for its user. Of concurrent refreshes
// with one token, exactly one succeeds; the others, and any later reuse,
// are 401.
func (a *Authenticator) Refresh(r *panther.Request) (Tokens, error) {
	c, err := a.verified(r, refresh)
	if err != nil {
		return Tokens{}, err
	}
	n, err := r.Store().Incr(r.Context(), c.revokedKey, ttl(c))
	if err != nil {
		return Tokens{}, storeDown(err)
	}
	if n > 1 {
		return Tokens{}, fail("refresh token %s reused", c.ID)
	}
	user := r.User()
	if user == nil || user.UserID() != c.Subject {
		if user, err = a.cfg.LoadUser(r.Context(), c.Subject); err != nil || user == nil {
			return Tokens{}, fail("user %q not found", c.Subject)
		}
	}
	return a.Login(user)
}

// Logout revokes the access token of the request.
func (a *Authenticator) Logout(r *panther.Request) error {
	c, err := a.verified(r, access)
	if err != nil {
		return err
	}
	return a.revoke(r, c)
}

// Revoke revokes token — an access or a refresh token this Authenticator
// issued — so it is refused from now on. An invalid or expired token needs
// no revoking: it is refused already, and Revoke returns nil.
func (a *Authenticator) Revoke(r *panther.Request, token string) error {
	for _, kind := range []string{refresh, access} {
		if c, err := a.parse(token, kind); err == nil {
			return a.revoke(r, c)
		}
	}
	return nil
}

func (a *Authenticator) revoke(r *panther.Request, c *claims) error {
	if err := r.Store().Set(r.Context(), c.revokedKey, []byte("1"), ttl(c)); err != nil {
		return storeDown(err)
	}
	return nil
}

func (a *Authenticator) checkRevoked(r *panther.Request, c *claims) error {
	_, err := r.Store().Get(r.Context(), c.revokedKey)
	switch {
	case err == nil:
		return fail("token %s is revoked", c.ID)
	case errors.Is(err, store.ErrNotFound):
		return nil
	}
	return storeDown(err)
}

func revokedKey(jti string) string { return "jwt:revoked:" + jti }

// ttl keeps a revocation until the token expires, and a little past the
// leeway a verifier grants.
func ttl(c *claims) time.Duration {
	return time.Until(c.ExpiresAt.Time) + time.Minute
}

// fail is the 401 every token failure answers; the reason stays in the
// error's text for the log.
func fail(format string, args ...any) error {
	return fmt.Errorf("jwt: "+format+": %w", append(args, &panther.Error{
		Status: http.StatusUnauthorized, Detail: "Authentication Error",
		Header: http.Header{"Www-Authenticate": {"Bearer"}},
	})...)
}

// storeDown refuses a token whose revocation cannot be checked: failing
// open would let a logged-out token in.
func storeDown(err error) error {
	return fmt.Errorf("jwt: the revocation store failed: %v: %w", err,
		panther.NewError(http.StatusServiceUnavailable, "Service Unavailable"))
}

// SecuritySchemes describes the token sources for the OpenAPI document.
func (a *Authenticator) SecuritySchemes() []panther.SecurityScheme {
	var out []panther.SecurityScheme
	for _, s := range a.cfg.Sources {
		switch s {
		case Header:
			out = append(out, panther.SecurityScheme{Name: "bearer", Type: "http", Scheme: "bearer", BearerFormat: "JWT",
				Description: "An access token from the login route, as Authorization: Bearer <token>."})
		case Query:
			out = append(out, panther.SecurityScheme{Name: "query", Type: "apiKey", In: "query", Param: "authorization",
				Description: "An access token in the authorization query parameter."})
		case Cookie:
			out = append(out, panther.SecurityScheme{Name: "cookie", Type: "apiKey", In: "cookie", Param: "access_token",
				Description: "An access token in the access_token cookie."})
		}
	}
	return out
}
