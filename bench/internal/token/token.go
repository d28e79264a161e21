// Package token signs and verifies the HS256 bearer tokens of the
// benchmark with golang-jwt v5, the way a competent user of a framework
// without built-in JWT support writes it: claims decoded into a struct,
// the algorithm pinned, expiry required.
//
// Tokens carry sub and exp, plus what Panther's auth/jwt requires of an
// access token — iat, jti and token_type "access" — so one token serves
// every server. The peers verify it and check its jti against the
// revocation list (package revoked), as Panther does.
package token

import (
	"crypto/rand"
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Claims are the token's claims.
type Claims struct {
	jwt.RegisteredClaims
	TokenType string `json:"token_type"`
}

// Sign returns an HS256 access token for sub that expires at exp.
func Sign(secret []byte, sub string, exp time.Time) string {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   sub,
			ExpiresAt: jwt.NewNumericDate(exp),
			IssuedAt:  jwt.NewNumericDate(time.Now().Add(-time.Minute)),
			ID:        rand.Text(),
		},
		TokenType: "access",
	})
	s, err := t.SignedString(secret)
	if err != nil {
		panic(err) // HS256 with a []byte key cannot fail
	}
	return s
}

// ErrInvalid is any missing, malformed, expired or wrongly signed token.
var ErrInvalid = errors.New("token: invalid")

// Verifier checks tokens signed with one secret. It is safe for
// concurrent use.
type Verifier struct {
	parser *jwt.Parser
	key    jwt.Keyfunc
}

// NewVerifier returns a Verifier for secret.
func NewVerifier(secret []byte) *Verifier {
	return &Verifier{
		parser: jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired()),
		key:    func(*jwt.Token) (any, error) { return secret, nil },
	}
}

// Verify checks the token of an Authorization header value
// ("Bearer <token>") and returns its sub and jti claims.
func (v *Verifier) Verify(authorization string) (sub, jti string, err error) {
	raw, ok := strings.CutPrefix(authorization, "Bearer ")
	if !ok || raw == "" {
		return "", "", ErrInvalid
	}
	var c Claims
	if _, err := v.parser.ParseWithClaims(raw, &c, v.key); err != nil || c.Subject == "" {
		return "", "", ErrInvalid
	}
	return c.Subject, c.ID, nil
}
