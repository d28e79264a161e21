package panther

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"net/http"
	"net/url"
	"sync"

	"github.com/panther-go/panther/store"
)

// The response cache: steps 6 (lookup) and 8 (store). A cached API's GET
// responses are kept per client and URL — path plus the query with its
// parameters sorted — for exactly the API's Cache duration. Only 2xx
// responses without Set-Cookie are kept. Concurrent misses for one key call
// the endpoint once; the others wait for its answer. A store failure
// bypasses the cache and is logged. Authentication, permissions and
// throttling run before a hit.

// cachedResponse is a captured response: what a hit replays.
type cachedResponse struct {
	status int
	header http.Header
	body   []byte
}

// serveCached runs steps 6 to 8 for a GET of a cached API: it replays a
// hit, or runs next, captures its response, stores it and replays it.
func (ep *endpoint) serveCached(w http.ResponseWriter, r *Request, next func(http.ResponseWriter)) {
	kind, id := ep.app.client(r, nil)
	key := ep.cacheKeys.key(cacheKeyID{kind, id, r.URL.Path, r.URL.RawQuery})
	ctx := r.Context()
	if data, err := ep.app.storeFor().Get(ctx, key); err == nil {
		if res := ep.decoded.get(key, data); res != nil {
			res.replay(w, hitValue)
			return
		}
	} else if !isNotFound(err) {
		ep.app.storeFailed(r.Request, "the response cache", err)
		next(cacheMiss(w))
		return
	}
	res, err := ep.flights.do(ctx, key, func() *cachedResponse {
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next(rec)
		res := &cachedResponse{status: rec.status, header: rec.header, body: rec.body.Bytes()}
		if res.status >= 200 && res.status < 300 && len(res.header["Set-Cookie"]) == 0 {
			if err := ep.app.storeFor().Set(context.WithoutCancel(ctx), key, res.encode(), ep.cache); err != nil {
				ep.app.storeFailed(r.Request, "the response cache", err)
			}
		}
		return res
	})
	if err != nil { // this request's client left while another request filled the key
		return
	}
	res.replay(w, missValue)
}

// cacheKeys remembers the store keys of recent requests, so a client
// asking again for a URL makes no new key string.
type cacheKeys struct {
	mu   sync.RWMutex
	keys map[cacheKeyID]string
}

type cacheKeyID struct{ kind, id, path, query string }

const maxCacheKeys = 10_000

func (c *cacheKeys) key(id cacheKeyID) string {
	c.mu.RLock()
	k, ok := c.keys[id]
	c.mu.RUnlock()
	if ok {
		return k
	}
	k = "cache:" + id.kind + id.id + ":" + cacheURL(&url.URL{Path: id.path, RawQuery: id.query})
	c.mu.Lock()
	if c.keys == nil || len(c.keys) >= maxCacheKeys {
		c.keys = make(map[cacheKeyID]string) // full: start afresh
	}
	c.keys[id] = k
	c.mu.Unlock()
	return k
}

var (
	hitValue  = []string{"HIT"}
	missValue = []string{"MISS"}
)

// decodedHits remembers the decoded form of an endpoint's recent cache
// entries, so a hit replays precomputed headers and body instead of
// decoding them again. An entry is used only while the store holds the
// same bytes it was decoded from; the store stays the one source of truth.
type decodedHits struct {
	mu      sync.RWMutex
	entries map[string]decodedHit
}

type decodedHit struct {
	raw []byte
	res *cachedResponse
}

const maxDecodedHits = 1024

func (d *decodedHits) get(key string, data []byte) *cachedResponse {
	d.mu.RLock()
	e, ok := d.entries[key]
	d.mu.RUnlock()
	if ok && bytes.Equal(e.raw, data) {
		return e.res
	}
	res, err := decodeCached(data)
	if err != nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.entries == nil {
		d.entries = make(map[string]decodedHit)
	}
	if len(d.entries) >= maxDecodedHits {
		clear(d.entries) // rare: this many live keys on one endpoint; start afresh
	}
	d.entries[key] = decodedHit{raw: data, res: res}
	return res
}

func cacheMiss(w http.ResponseWriter) http.ResponseWriter {
	w.Header()["X-Cache"] = missValue
	return w
}

// cacheURL is the path without its edge slashes (which routing ignores)
// and the query with its parameters sorted by name, so ?a=1&b=2 and
// ?b=2&a=1 share an entry.
func cacheURL(u *url.URL) string {
	path := trimSlashes(u.Path)
	if u.RawQuery == "" {
		return path
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return path + "?" + u.RawQuery
	}
	return path + "?" + q.Encode() // Encode sorts by key
}

func (c *cachedResponse) replay(w http.ResponseWriter, state []string) {
	if c == nil { // the call that filled the key panicked
		WriteError(w, InternalServerError())
		return
	}
	h := w.Header()
	for k, vs := range c.header {
		h[k] = vs
	}
	h["X-Cache"] = state
	w.WriteHeader(c.status)
	w.Write(c.body)
}

// encode lays a response out as: status, header count, then each header
// name and value count and values, then the body — lengths as uvarints.
func (c *cachedResponse) encode() []byte {
	b := binary.AppendUvarint(nil, uint64(c.status))
	b = binary.AppendUvarint(b, uint64(len(c.header)))
	for k, vs := range c.header {
		b = appendString(b, k)
		b = binary.AppendUvarint(b, uint64(len(vs)))
		for _, v := range vs {
			b = appendString(b, v)
		}
	}
	return append(b, c.body...)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errCorrupt = errors.New("panther: corrupt cache entry")

func decodeCached(b []byte) (*cachedResponse, error) {
	r := bytes.NewReader(b)
	status, err := binary.ReadUvarint(r)
	if err != nil || status < 100 || status > 999 {
		return nil, errCorrupt
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(len(b)) {
		return nil, errCorrupt
	}
	c := &cachedResponse{status: int(status), header: make(http.Header, n)}
	for range n {
		k, err := readString(r)
		if err != nil {
			return nil, err
		}
		count, err := binary.ReadUvarint(r)
		if err != nil || count > uint64(len(b)) {
			return nil, errCorrupt
		}
		vs := make([]string, count)
		for i := range vs {
			if vs[i], err = readString(r); err != nil {
				return nil, err
			}
		}
		c.header[k] = vs
	}
	c.body = b[len(b)-r.Len():]
	return c, nil
}

func readString(r *bytes.Reader) (string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(r.Len()) {
		return "", errCorrupt
	}
	s := make([]byte, n)
	r.Read(s)
	return string(s), nil
}

// recorder captures a response for the cache.
type recorder struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = code, true
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wroteHeader = true
	return r.body.Write(p)
}

// flights lets concurrent misses for one key share one endpoint call.
type flights struct {
	mu    sync.Mutex
	calls map[string]*flight
}

type flight struct {
	done chan struct{}
	res  *cachedResponse
}

// do runs fill once for concurrent callers of key. A caller whose context
// ends stops waiting; the call itself goes on for the others.
func (f *flights) do(ctx context.Context, key string, fill func() *cachedResponse) (*cachedResponse, error) {
	f.mu.Lock()
	if c, ok := f.calls[key]; ok {
		f.mu.Unlock()
		select {
		case <-c.done:
			return c.res, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if f.calls == nil {
		f.calls = map[string]*flight{}
	}
	c := &flight{done: make(chan struct{})}
	f.calls[key] = c
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		delete(f.calls, key)
		f.mu.Unlock()
		close(c.done)
	}()
	c.res = fill()
	return c.res, nil
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
