package jwt_test

import (
	"crypto/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/panther-go/panther/auth/jwt"
	"github.com/panther-go/panther/panthertest"
	"github.com/panther-go/panther/store/redis"
)

// A token made by another JWT implementation — Node's jsonwebtoken, from
// npm — with the same key and claims is accepted: we speak standard JWT.
func TestNodeJSONWebToken(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed")
	}
	dir := t.TempDir()
	install := exec.Command(npm, "install", "--no-audit", "--no-fund", "--silent", "jsonwebtoken@9")
	install.Dir = dir
	if out, err := install.CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("npm install jsonwebtoken: %v\n%s", err, out)
		}
		t.Skipf("npm install jsonwebtoken failed (offline?): %v", err)
	}
	script := filepath.Join(dir, "sign.js")
	os.WriteFile(script, []byte(`
const jwt = require("jsonwebtoken");
process.stdout.write(jwt.sign(
  { sub: "1", token_type: "access", jti: "node-1" },
  process.argv[2],
  { algorithm: "HS256", expiresIn: "1h", notBefore: 0 }));
`), 0o644)
	out, err := exec.Command(node, script, string(secret)).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	a := newAuth(t, jwt.Config{})
	c := panthertest.New(t, tokenApp(t, a, nil))
	c.WithToken(strings.TrimSpace(string(out))).Get("/me").WantStatus(200).WantBody(`{"id":"1","admin":false}`)
}

// Revocation holds across two instances sharing Redis.
func TestRevocationAcrossInstances(t *testing.T) {
	url := os.Getenv("PANTHER_TEST_REDIS")
	if url == "" {
		t.Skip("PANTHER_TEST_REDIS not set")
	}
	prefix := "panther-test:jwt:" + rand.Text()[:10] + ":"
	newInstance := func() *panthertest.Client {
		st, err := redis.New(t.Context(), url, redis.Options{Prefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return panthertest.New(t, tokenApp(t, newAuth(t, jwt.Config{}), st))
	}
	one, two := newInstance(), newInstance()
	tok := login(t, newAuth(t, jwt.Config{}), "1")
	two.WithToken(tok.AccessToken).Get("/me").WantStatus(200)
	one.WithToken(tok.AccessToken).Post("/logout", nil).WantStatus(200)
	want401(t, two.WithToken(tok.AccessToken).Get("/me"))

	one.WithToken(tok.RefreshToken).Post("/refresh", nil).WantStatus(200)
	want401(t, two.WithToken(tok.RefreshToken).Post("/refresh", nil))

}
