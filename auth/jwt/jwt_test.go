package jwt_test

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/jwt"
	"github.com/panther-go/panther/panthertest"
	"github.com/panther-go/panther/store/memory"
)

// Real time here (subtests cannot run in a synctest bubble): the margins
// around the 30 s leeway are 10 s wide.
func TestTokenFailures(t *testing.T) {
	{
		rsa := rsaKey(t)
		a := newAuth(t, jwt.Config{})
		app := tokenApp(t, a, nil)
		c := panthertest.New(t, app)
		good := login(t, a, "1")
		parts := strings.Split(good.AccessToken, ".")
		now := time.Now().Unix()
		claims := func(over map[string]any) map[string]any {
			m := map[string]any{"sub": "1", "token_type": "access", "iat": now, "nbf": now, "exp": now + 3600, "jti": "x"}
			for k, v := range over {
				m[k] = v
			}
			return m
		}
		hs := func(cl map[string]any, key []byte) string {
			s, err := gojwt.NewWithClaims(gojwt.SigningMethodHS256, gojwt.MapClaims(cl)).SignedString(key)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		rsTok, _ := gojwt.NewWithClaims(gojwt.SigningMethodRS256, gojwt.MapClaims(claims(nil))).SignedString(rsa)
		pubDER, _ := x509.MarshalPKIXPublicKey(&rsa.PublicKey)
		pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
		rsAuth := newAuth(t, jwt.Config{PrivateKey: rsa})
		rsApp := panthertest.New(t, tokenApp(t, rsAuth, nil))

		revoked := login(t, a, "1")
		c.WithToken(revoked.AccessToken).Post("/logout", nil).WantStatus(200)
		reused := login(t, a, "1")
		c.WithToken(reused.RefreshToken).Post("/refresh", nil).WantStatus(200)

		tests := []struct {
			name   string
			client *panthertest.Client
			path   string
			auth   string // the Authorization header; "" sends none
		}{
			{"missing header", c, "/me", ""},
			{"wrong keyword", c, "/me", "Token " + good.AccessToken},
			{"one part", c, "/me", "Bearer"},
			{"three parts", c, "/me", "Bearer " + good.AccessToken + " extra"},
			{"bad base64", c, "/me", "Bearer " + parts[0] + ".!!!." + parts[2]},
			{"bad JSON", c, "/me", "Bearer " + parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte("{not json")) + "." + parts[2]},
			{"two segments", c, "/me", "Bearer " + parts[0] + "." + parts[1]},
			{"alg none", c, "/me", "Bearer " + forge(map[string]any{"alg": "none", "typ": "JWT"}, claims(nil), "")},
			{"HS256 token against RS256", rsApp, "/me", "Bearer " + good.AccessToken},
			{"RS256 token against HS256", c, "/me", "Bearer " + rsTok},
			{"HS256 signed with the RSA public key", rsApp, "/me", "Bearer " + hs(claims(nil), pubPEM)},
			{"wrong key", c, "/me", "Bearer " + hs(claims(nil), []byte("another key that is long enough, truly"))},
			{"tampered claims", c, "/me", "Bearer " + parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"2","token_type":"access"}`)) + "." + parts[2]},
			{"expired", c, "/me", "Bearer " + hs(claims(map[string]any{"exp": now - 40}), secret)},
			{"no exp", c, "/me", "Bearer " + hs(claims(map[string]any{"exp": nil}), secret)},
			{"not yet valid", c, "/me", "Bearer " + hs(claims(map[string]any{"nbf": now + 40}), secret)},
			{"issued in the future", c, "/me", "Bearer " + hs(claims(map[string]any{"iat": now + 40}), secret)},
			{"refresh used as access", c, "/me", "Bearer " + good.RefreshToken},
			{"access used to refresh", c, "/refresh", "Bearer " + good.AccessToken},
			{"no token type", c, "/me", "Bearer " + hs(claims(map[string]any{"token_type": nil}), secret)},
			{"no subject", c, "/me", "Bearer " + hs(claims(map[string]any{"sub": nil}), secret)},
			{"revoked", c, "/me", "Bearer " + revoked.AccessToken},
			{"reused refresh", c, "/refresh", "Bearer " + reused.RefreshToken},
			{"oversized", c, "/me", "Bearer " + strings.Repeat("a", 8<<10+1)},
			{"unknown user", c, "/me", "Bearer " + hs(claims(map[string]any{"sub": "404"}), secret)},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				client := tt.client
				if tt.auth != "" {
					client = client.WithHeader("Authorization", tt.auth)
				}
				res := client.Request(http.MethodPost, tt.path, nil)
				if tt.path == "/me" {
					res = client.Get(tt.path)
				}
				want401(t, res)
			})
		}
		// Within the leeway, the same kinds of token pass.
		c.WithToken(hs(claims(map[string]any{"exp": now - 20}), secret)).Get("/me").WantStatus(200)
		c.WithToken(hs(claims(map[string]any{"nbf": now + 20}), secret)).Get("/me").WantStatus(200)
		c.WithToken(good.AccessToken).Get("/me").WantStatus(200).WantBody(`{"id":"1","admin":false}`)
		c.WithHeader("Authorization", "bEaReR "+good.AccessToken).Get("/me").WantStatus(200)
		c.WithToken(good.AccessToken).Get("/open").WantStatus(200).WantBody("true") // no Auth: no user
	}
}

func TestLifetimes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAuth(t, jwt.Config{AccessLifetime: time.Hour, RefreshLifetime: 2 * time.Hour, Leeway: time.Second})
		c := panthertest.New(t, tokenApp(t, a, nil))
		tok := login(t, a, "1")
		time.Sleep(time.Hour + time.Second - time.Nanosecond)
		c.WithToken(tok.AccessToken).Get("/me").WantStatus(200) // within the leeway
		time.Sleep(time.Nanosecond)
		want401(t, c.WithToken(tok.AccessToken).Get("/me"))
		var fresh jwt.Tokens
		c.WithToken(tok.RefreshToken).Post("/refresh", nil).WantStatus(200).JSON(&fresh)
		c.WithToken(fresh.AccessToken).Get("/me").WantStatus(200)
		time.Sleep(2*time.Hour + 2*time.Second)
		want401(t, c.WithToken(fresh.RefreshToken).Post("/refresh", nil))
	})
}

func TestDefaults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAuth(t, jwt.Config{})
		c := panthertest.New(t, tokenApp(t, a, nil))
		tok := login(t, a, "1")
		time.Sleep(24*time.Hour + 30*time.Second - time.Nanosecond) // the lifetime plus the leeway
		c.WithToken(tok.AccessToken).Get("/me").WantStatus(200)
		time.Sleep(time.Nanosecond)
		want401(t, c.WithToken(tok.AccessToken).Get("/me"))
		c.WithToken(tok.RefreshToken).Post("/refresh", nil).WantStatus(200)
	})
}

func TestRefreshAndLogout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAuth(t, jwt.Config{})
		c := panthertest.New(t, tokenApp(t, a, nil))
		first := login(t, a, "2")
		var second jwt.Tokens
		c.WithToken(first.RefreshToken).Post("/refresh", nil).WantStatus(200).JSON(&second)
		if second.AccessToken == "" || second.AccessToken == first.AccessToken || second.RefreshToken == first.RefreshToken {
			t.Fatalf("refresh gave %+v after %+v", second, first)
		}
		c.WithToken(second.AccessToken).Get("/me").WantStatus(200).WantBody(`{"id":"2","admin":true}`)
		want401(t, c.WithToken(first.RefreshToken).Post("/refresh", nil))
		c.WithToken(first.AccessToken).Get("/me").WantStatus(200) // refreshing does not log out

		c.WithToken(second.AccessToken).Post("/logout", nil).WantStatus(200).WantBody("")
		want401(t, c.WithToken(second.AccessToken).Get("/me"))
		want401(t, c.WithToken(second.AccessToken).Post("/logout", nil))
		c.Post("/revoke", map[string]string{"token": second.RefreshToken}).WantStatus(200)
		want401(t, c.WithToken(second.RefreshToken).Post("/refresh", nil))
		c.Post("/revoke", map[string]string{"token": "not a token"}).WantStatus(200) // nothing to revoke
	})
}

// Of concurrent refreshes with one token exactly one wins.
func TestConcurrentRefresh(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAuth(t, jwt.Config{})
		app := tokenApp(t, a, nil)
		tok := login(t, a, "1")
		var mu sync.Mutex
		statuses := map[int]int{}
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				res := panthertest.New(t, app).WithToken(tok.RefreshToken).Post("/refresh", nil)
				mu.Lock()
				statuses[res.Status]++
				mu.Unlock()
			})
		}
		wg.Wait()
		if statuses[200] != 1 || statuses[401] != 49 {
			t.Errorf("statuses %v, want one 200 and 49 401s", statuses)
		}
	})
}

func TestSources(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAuth(t, jwt.Config{Sources: []jwt.Source{jwt.Cookie, jwt.Query, jwt.Header}})
		c := panthertest.New(t, tokenApp(t, a, nil))
		tok := login(t, a, "1")
		c.Get("/me?authorization=" + tok.AccessToken).WantStatus(200)
		c.WithHeader("Cookie", "access_token="+tok.AccessToken).Get("/me").WantStatus(200)
		c.WithToken(tok.AccessToken).Get("/me").WantStatus(200)
		c.WithHeader("Cookie", "refresh_token="+tok.RefreshToken).Post("/refresh", nil).WantStatus(200)
		want401(t, c.WithHeader("Cookie", "refresh_token="+tok.RefreshToken).Get("/me"))

		headerOnly := newAuth(t, jwt.Config{})
		h := panthertest.New(t, tokenApp(t, headerOnly, nil))
		want401(t, h.Get("/me?authorization="+login(t, headerOnly, "1").AccessToken))

		var names []string
		for _, s := range a.SecuritySchemes() {
			names = append(names, s.Name+":"+s.Type+":"+s.In+s.Scheme)
		}
		if got := strings.Join(names, " "); got != "cookie:apiKey:cookie query:apiKey:query bearer:http:bearer" {
			t.Errorf("SecuritySchemes = %s", got)
		}
	})
}

func TestKeyPairs(t *testing.T) {
	for name, cfg := range map[string]jwt.Config{
		"RS256": {PrivateKey: rsaKey(t)},
		"ES256": {PrivateKey: ecKey(t)},
		"EdDSA": {PrivateKey: edKey(t)},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				a := newAuth(t, cfg)
				c := panthertest.New(t, tokenApp(t, a, nil))
				tok := login(t, a, "1")
				header, _ := base64.RawURLEncoding.DecodeString(strings.Split(tok.AccessToken, ".")[0])
				if !strings.Contains(string(header), `"alg":"`+name+`"`) {
					t.Errorf("header %s", header)
				}
				c.WithToken(tok.AccessToken).Get("/me").WantStatus(200)
				// A verifier with the public key alone accepts it and cannot sign.
				verifier := newAuth(t, jwt.Config{PublicKey: cfg.PrivateKey.Public()})
				panthertest.New(t, tokenApp(t, verifier, nil)).WithToken(tok.AccessToken).Get("/me").WantStatus(200)
				if _, err := verifier.Login(users["1"]); err == nil {
					t.Error("a verifier without a private key issued tokens")
				}
			})
		})
	}
}

func TestConfigErrors(t *testing.T) {
	small := rsaKey(t)
	small.N.SetInt64(3) // a 2-bit modulus: what matters is that New measures it
	for name, tt := range map[string]struct {
		cfg  jwt.Config
		want string
	}{
		"no LoadUser":  {jwt.Config{Key: secret}, "LoadUser is required"},
		"no key":       {jwt.Config{LoadUser: loadUser}, "no key"},
		"short key":    {jwt.Config{Key: []byte("short"), LoadUser: loadUser}, "needs at least 32"},
		"both kinds":   {jwt.Config{Key: secret, PrivateKey: edKey(t), LoadUser: loadUser}, "not both"},
		"small RSA":    {jwt.Config{PublicKey: &small.PublicKey, LoadUser: loadUser}, "at least 2048"},
		"bad source":   {jwt.Config{Key: secret, LoadUser: loadUser, Sources: []jwt.Source{7}}, "unknown source"},
		"unknown type": {jwt.Config{PublicKey: "pem text", LoadUser: loadUser}, "not supported"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := jwt.New(tt.cfg); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// A store that fails makes tokens unverifiable: 503, never a 500, and
// never a revoked token let in.
func TestStoreDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := memory.New(memory.Options{})
		a := newAuth(t, jwt.Config{})
		c := panthertest.New(t, tokenApp(t, a, st))
		tok := login(t, a, "1")
		c.WithToken(tok.AccessToken).Get("/me").WantStatus(200)
		st.Close()
		c.WithToken(tok.AccessToken).Get("/me").WantStatus(503).WantBody(`{"detail":"Service Unavailable"}`)
		c.WithToken(tok.RefreshToken).Post("/refresh", nil).WantStatus(503)
	})
}

func TestUserOnRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAuth(t, jwt.Config{})
		var seen panther.User
		app := panther.New(panther.Config{Authenticator: a, URLs: panther.URLs{
			"x": panther.API{Auth: panther.AuthRequired, Handler: func(r *panther.Request) (any, error) { seen = r.User(); return nil, nil }},
		}})
		defer app.Close()
		panthertest.New(t, app).WithToken(login(t, a, "2").AccessToken).Get("/x").WantStatus(200)
		if u, ok := seen.(*user); !ok || u.ID != "2" {
			t.Errorf("r.User() = %#v", seen)
		}
	})
}
