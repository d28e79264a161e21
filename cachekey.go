package panther

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
)

// The response cache's keys. A key is the client (the user, else the
// client IP), the path without its edge slashes and the query with its
// parameters sorted. A URL longer than maxPlainURL is hashed into the key,
// so no key holds an unbounded client string; one longer than maxCacheURL
// is not cached at all, since even sorting it costs more than a hit saves.

const (
	maxPlainURL = 128
	maxCacheURL = 4 << 10

	// The bounds of an endpoint's memo of keys.
	maxKeyMemoEntries = 10_000
	maxKeyMemoBytes   = 1 << 20
)

type cacheKeyID struct{ gen, kind, id, path, query string }

// cacheable reports whether r may be answered from the cache: its URL is
// not too long, and it carries no credentials the API does not check (see
// shared).
func (ep *endpoint) cacheable(r *Request) bool {
	return len(r.URL.Path)+len(r.URL.RawQuery) <= maxCacheURL && ep.shared(r)
}

// cacheKey is the store key of r's cached response under the cache
// group's generation gen ("" without a group).
func (ep *endpoint) cacheKey(r *Request, gen string) string {
	u := r.URL
	kind, id := ep.app.client(r, nil)
	if len(u.Path)+len(u.RawQuery) > maxPlainURL { // hashed, and not worth remembering
		return gen + cacheURLKey(kind+id, u)
	}
	ki := cacheKeyID{gen, kind, id, u.Path, u.RawQuery}
	if k, ok := ep.cached.keys.get(ki); ok {
		return k
	}
	k := gen + cacheURLKey(kind+id, u)
	ep.cached.keys.put(ki, k, len(gen)+len(kind)+len(id)+len(u.Path)+len(u.RawQuery)+len(k))
	return k
}

// shared reports whether r may be answered from the cache and its answer
// kept. For an authenticated request the key is the user, so yes. For an
// anonymous one, a request with Authorization or Cookie may get an answer
// made for those credentials — the handler may read them itself — and a
// shared cache must not serve it to whoever else has the same IP (RFC 9111
// §3.5), unless the API says its answers do not depend on them
// (CachePublic).
func (ep *endpoint) shared(r *Request) bool {
	if r.user != nil || ep.decl.CachePublic {
		return true
	}
	h := r.Header
	return len(h["Authorization"]) == 0 && len(h["Cookie"]) == 0
}

// cacheURLKey is "cache:<client>:<path>?<sorted query>", or with the URL
// part hashed, "cache#<client>:<hash>", when it is long.
func cacheURLKey(client string, u *url.URL) string {
	s := cacheURL(u)
	if len(s) <= maxPlainURL {
		return "cache:" + client + ":" + s
	}
	return "cache#" + client + ":" + hashString(s)
}

// cacheURL is the path without its edge slashes (which routing ignores)
// and the query with its parameters sorted by name, so ?a=1&b=2 and
// ?b=2&a=1 share an entry.
func cacheURL(u *url.URL) string {
	path := trimSlashes(u.EscapedPath())
	if u.RawQuery == "" {
		return path
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return path + "?" + u.RawQuery
	}
	return path + "?" + q.Encode() // Encode sorts by key
}

// hashString is a collision-resistant digest of s, short enough for a key:
// 128 bits of SHA-256, so no client can craft a URL or header whose entry
// lands on another's.
func hashString(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.RawURLEncoding.EncodeToString(sum[:16])
}

// varyNames are the request headers a response's Vary names, canonical,
// sorted and without repeats; ok is false for "Vary: *", which no request
// can match.
func varyNames(h http.Header) (names []string, ok bool) {
	for _, v := range h["Vary"] {
		for name := range strings.SplitSeq(v, ",") {
			name = strings.TrimSpace(name)
			switch name {
			case "":
				continue
			case "*":
				return nil, false
			}
			names = append(names, textproto.CanonicalMIMEHeaderKey(name))
		}
	}
	slices.Sort(names)
	return slices.Compact(names), true
}

// variantKey is the key of the variant of base that a request with header
// h gets, for a response that varies on names.
func variantKey(base string, names []string, h http.Header) string {
	var b strings.Builder
	for _, name := range names {
		b.WriteString(name)
		for _, v := range h[name] {
			b.WriteByte(0)
			b.WriteString(v)
		}
		b.WriteByte(1)
	}
	return base + "|" + hashString(b.String())
}
