package jwt

import (
	"strconv"
	"testing"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"
)

func TestVerifiedCache(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	c := &claims{TokenType: access, RegisteredClaims: gojwt.RegisteredClaims{
		NotBefore: gojwt.NewNumericDate(now), ExpiresAt: gojwt.NewNumericDate(now.Add(time.Hour)),
	}}
	var v verified
	v.put("tok", c, time.Second)
	for _, tt := range []struct {
		name string
		kind string
		at   time.Time
		hit  bool
	}{
		{"valid", access, now, true},
		{"at nbf minus the leeway", access, now.Add(-time.Second), true},
		{"before nbf and the leeway", access, now.Add(-time.Second - 1), false},
		{"last moment", access, now.Add(time.Hour + time.Second - 1), true},
		{"expired", access, now.Add(time.Hour + time.Second), false},
		{"other kind", refresh, now, false},
	} {
		if got := v.get("tok", tt.kind, tt.at) != nil; got != tt.hit {
			t.Errorf("%s: hit %v, want %v", tt.name, got, tt.hit)
		}
	}
	if v.get("other", access, now) != nil {
		t.Error("an unknown token hit")
	}
	for i := range 3 * maxVerified {
		v.put(strconv.Itoa(i), c, 0)
		if len(v.entries) > maxVerified {
			t.Fatalf("%d entries after %d puts; the bound is %d", len(v.entries), i+1, maxVerified)
		}
	}
}
