// Package password hashes passwords for user stores with argon2id
// (golang.org/x/crypto/argon2) and checks them in constant time. Hashes are
// PHC strings that carry their own parameters and salt:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>
//
// so parameters can be raised later without breaking stored hashes.
//
// Hash and Check run at most GOMAXPROCS at once in the process, the rest
// waiting their turn: each costs CPU and, by default, 19 MiB, so more at
// once than there are CPUs adds memory and no throughput — and a burst of
// anonymous logins with wrong passwords must not exhaust memory.
package password

import (
	"cmp"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's costs. The zero value gives OWASP's
// recommendation: 19 MiB, 2 passes, 1 thread, a 32-byte key and a 16-byte
// salt; a field left zero takes its value from there.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	KeyLen  uint32 // bytes
	SaltLen uint32 // bytes
}

func (p Params) orDefault() Params {
	if p == (Params{}) {
		return Params{Memory: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32, SaltLen: 16}
	}
	// A field left out takes its default: a zero key or salt length, or
	// zero passes, is no hash at all.
	p.Memory = cmp.Or(p.Memory, 19*1024)
	p.Time = cmp.Or(p.Time, 2)
	p.Threads = cmp.Or(p.Threads, 1)
	p.KeyLen = cmp.Or(p.KeyLen, 32)
	p.SaltLen = cmp.Or(p.SaltLen, 16)
	return p
}

// slots bound the hashes computed at once, process-wide; see the package
// doc.
var slots = make(chan struct{}, runtime.GOMAXPROCS(0))

// idKey is argon2.IDKey, waiting for a slot first.
func idKey(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
	slots <- struct{}{}
	defer func() { <-slots }()
	return argon2.IDKey(password, salt, time, memory, threads, keyLen)
}

// ErrMalformed is returned by Check for a stored hash it cannot read.
var ErrMalformed = errors.New("password: malformed hash")

// Hash returns the PHC string of password under p.
func Hash(password string, p Params) (string, error) {
	p = p.orDefault()
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := idKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Check reports whether password matches hash, comparing in constant time.
// A hash it cannot read is ErrMalformed.
func Check(hash, password string) (bool, error) {
	p, salt, key, err := decode(hash)
	if err != nil {
		return false, err
	}
	got := idKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

func decode(hash string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, ErrMalformed
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, ErrMalformed
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil ||
		p.Memory == 0 || p.Memory > 4<<20 || p.Time == 0 || p.Time > 100 || p.Threads == 0 {
		return p, nil, nil, ErrMalformed
	}
	enc := base64.RawStdEncoding
	if salt, err = enc.DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, ErrMalformed
	}
	if key, err = enc.DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > 128 {
		return p, nil, nil, ErrMalformed
	}
	return p, salt, key, nil
}
