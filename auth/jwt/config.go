package jwt

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"errors"
	"fmt"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"

	"github.com/panther-go/panther"
)

// Source is where a request's token may be.
type Source int

const (
	// Header is "Authorization: Bearer <token>": the keyword in any case,
	// exactly two parts.
	Header Source = iota
	// Query is the query parameter "authorization", with no keyword.
	Query
	// Cookie is the cookie "access_token" (and "refresh_token" for
	// Refresher).
	Cookie
)

// Config configures an Authenticator. Each field's comment gives its
// default; LoadUser and a key are required.
type Config struct {
	// Key signs and verifies HS256 tokens; at least 32 bytes. Set either
	// Key or PrivateKey/PublicKey.
	Key []byte

	// PrivateKey signs RS256 (*rsa.PrivateKey), ES256 (*ecdsa.PrivateKey on
	// P-256) or EdDSA (ed25519.PrivateKey) tokens. Nil for an instance that
	// only verifies.
	PrivateKey crypto.Signer

	// PublicKey verifies them. Default: PrivateKey's public key.
	PublicKey crypto.PublicKey

	// AccessLifetime is how long an access token is valid. Default: 24 h.
	AccessLifetime time.Duration

	// RefreshLifetime is how long a refresh token is valid. Default: 48 h.
	RefreshLifetime time.Duration

	// Leeway forgives clock skew between servers when checking exp, nbf
	// and iat. Default: 30 s.
	Leeway time.Duration

	// Sources are where tokens are looked for, in order. Default: Header.
	Sources []Source

	// LoadUser finds the user a token names; it returns nil for a user
	// that no longer exists (401), and an error only when it fails (500).
	LoadUser func(ctx context.Context, id string) (panther.User, error)

	// Issuer, when set, is written to tokens as iss and required of them.
	Issuer string
}

// maxTokenBytes bounds what is parsed at all: real tokens are a few
// hundred bytes.
const maxTokenBytes = 8 << 10

func (c Config) withDefaults() (Config, error) {
	if c.LoadUser == nil {
		return c, errors.New("jwt: Config.LoadUser is required: a func(ctx, id) (panther.User, error) that finds a token's user")
	}
	c.AccessLifetime = orDuration(c.AccessLifetime, 24*time.Hour)
	c.RefreshLifetime = orDuration(c.RefreshLifetime, 48*time.Hour)
	c.Leeway = orDuration(c.Leeway, 30*time.Second)
	if len(c.Sources) == 0 {
		c.Sources = []Source{Header}
	}
	for _, s := range c.Sources {
		if s < Header || s > Cookie {
			return c, fmt.Errorf("jwt: Config.Sources has an unknown source %d; use jwt.Header, jwt.Query or jwt.Cookie", s)
		}
	}
	return c, nil
}

func orDuration(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// keys picks the one algorithm the configuration allows, with its keys.
func (c Config) keys() (method gojwt.SigningMethod, sign, verify any, err error) {
	switch {
	case c.Key != nil && (c.PrivateKey != nil || c.PublicKey != nil):
		return nil, nil, nil, errors.New("jwt: set Config.Key (HS256) or a key pair, not both")
	case c.Key != nil:
		if len(c.Key) < 32 {
			return nil, nil, nil, fmt.Errorf("jwt: Config.Key has %d bytes; HS256 needs at least 32 (generate one with `openssl rand -base64 48`)", len(c.Key))
		}
		return gojwt.SigningMethodHS256, c.Key, c.Key, nil
	}
	pub := c.PublicKey
	if pub == nil && c.PrivateKey != nil {
		pub = c.PrivateKey.Public()
	}
	switch k := pub.(type) {
	case nil:
		return nil, nil, nil, errors.New("jwt: no key; set Config.Key (HS256, at least 32 bytes) or Config.PrivateKey/PublicKey (RS256, ES256, EdDSA)")
	case *rsa.PublicKey:
		if k.N.BitLen() < 2048 {
			return nil, nil, nil, fmt.Errorf("jwt: the RSA key has %d bits; RS256 needs at least 2048", k.N.BitLen())
		}
		method = gojwt.SigningMethodRS256
	case *ecdsa.PublicKey:
		if k.Curve.Params().Name != "P-256" {
			return nil, nil, nil, fmt.Errorf("jwt: the ECDSA key is on %s; ES256 needs P-256", k.Curve.Params().Name)
		}
		method = gojwt.SigningMethodES256
	case ed25519.PublicKey:
		method = gojwt.SigningMethodEdDSA
	default:
		return nil, nil, nil, fmt.Errorf("jwt: keys of type %T are not supported; use RSA, ECDSA P-256 or Ed25519", pub)
	}
	var signer any
	if c.PrivateKey != nil {
		signer = c.PrivateKey
	}
	return method, signer, pub, nil
}
