// Package token signs and verifies the HS256 bearer tokens of the
// benchmark with golang-jwt v5, the way a competent user of a framework
// without built-in JWT support writes it: claims decoded into a struct,
// the algorithm pinned, expiry required.
package token

import (
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Sign returns an HS256 token for sub that expires at exp.
func Sign(secret []byte, sub string, exp time.Time) string {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject:   sub,
		ExpiresAt: jwt.NewNumericDate(exp),
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

// Subject verifies the token of an Authorization header value
// ("Bearer <token>") and returns its sub claim.
func (v *Verifier) Subject(authorization string) (string, error) {
	raw, ok := strings.CutPrefix(authorization, "Bearer ")
	if !ok || raw == "" {
		return "", ErrInvalid
	}
	var c jwt.RegisteredClaims
	if _, err := v.parser.ParseWithClaims(raw, &c, v.key); err != nil || c.Subject == "" {
		return "", ErrInvalid
	}
	return c.Subject, nil
}
