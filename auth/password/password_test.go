package password_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/panther-go/panther/auth/password"
)

// cheap keeps the tests fast; the format is the same.
var cheap = password.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

func TestHashAndCheck(t *testing.T) {
	h, err := password.Hash("s3cret", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q is not a PHC argon2id string", h)
	}
	for pw, want := range map[string]bool{"s3cret": true, "s3cret ": false, "S3cret": false, "": false} {
		if ok, err := password.Check(h, pw); ok != want || err != nil {
			t.Errorf("Check(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	h2, _ := password.Hash("s3cret", cheap)
	if h2 == h {
		t.Error("two hashes of one password are equal; the salt is not random")
	}
}

func TestDefaultParams(t *testing.T) {
	h, err := password.Hash("pw", password.Params{})
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("Hash with zero Params = %q, %v", h, err)
	}
	if ok, err := password.Check(h, "pw"); !ok || err != nil {
		t.Errorf("Check = %v, %v", ok, err)
	}
}

func TestCheckMalformed(t *testing.T) {
	good, _ := password.Hash("pw", cheap)
	parts := strings.Split(good, "$")
	for name, h := range map[string]string{
		"empty":            "",
		"bcrypt":           "$2a$10$abcdefghijklmnopqrstuv",
		"argon2i":          strings.Replace(good, "argon2id", "argon2i", 1),
		"other version":    strings.Replace(good, "v=19", "v=16", 1),
		"huge memory":      strings.Replace(good, "m=64", "m=99999999", 1),
		"zero time":        strings.Replace(good, "t=1", "t=0", 1),
		"bad salt":         strings.Join([]string{"", parts[1], parts[2], parts[3], "!!", parts[5]}, "$"),
		"short key":        strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "AAAA"}, "$"),
		"missing segments": strings.Join(parts[:4], "$"),
	} {
		if ok, err := password.Check(h, "pw"); ok || !errors.Is(err, password.ErrMalformed) {
			t.Errorf("%s: Check = %v, %v; want ErrMalformed", name, ok, err)
		}
	}
}

func Example() {
	hash, _ := password.Hash("alice-pass", password.Params{})
	ok, _ := password.Check(hash, "alice-pass")
	wrong, _ := password.Check(hash, "guess")
	fmt.Println(ok, wrong)
	// Output: true false
}
