package panther

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// cachedResponse is a captured response: what a hit replays.
type cachedResponse struct {
	status int
	header http.Header
	body   []byte
}

// The bounds of what the cache keeps: a body larger than maxCachedBody is
// sent but not kept, and an endpoint's memo of decoded entries holds at
// most maxDecodedEntries entries and maxDecodedBytes bytes.
const (
	maxCachedBody     = 1 << 20
	maxDecodedEntries = 1024
	maxDecodedBytes   = 4 << 20
)

// storable reports whether a response may be kept: a 2xx without
// Set-Cookie that its handler did not mark no-store, no-cache or private,
// and that does not vary on everything.
func storable(status int, h http.Header) bool {
	if status < 200 || status > 299 || len(h["Set-Cookie"]) > 0 {
		return false
	}
	for _, v := range h["Cache-Control"] {
		for d := range strings.SplitSeq(v, ",") {
			name, _, _ := strings.Cut(strings.TrimSpace(d), "=")
			if strings.EqualFold(name, "no-store") || strings.EqualFold(name, "no-cache") || strings.EqualFold(name, "private") {
				return false
			}
		}
	}
	_, ok := varyNames(h)
	return ok
}

// replay writes a kept response with X-Cache: state. Its header values
// are copies (from hv where it has room), so nothing it carries is shared
// with another response.
func (c *cachedResponse) replay(w http.ResponseWriter, hv *headerValues, state string) {
	h := w.Header()
	for k, vs := range c.header {
		if len(vs) == 1 {
			h[k] = hv.one(vs[0])
		} else {
			h[k] = slices.Clone(vs)
		}
	}
	h["X-Cache"] = hv.one(state)
	w.WriteHeader(c.status)
	w.Write(c.body)
}

// setCacheState labels a response the cache did not answer from a kept
// entry: MISS when it will keep it, BYPASS when it will not.
func setCacheState(w http.ResponseWriter, hv *headerValues, state string) http.ResponseWriter {
	w.Header()["X-Cache"] = hv.one(state)
	return w
}

// Store values are laid out as: status, header count, then each header
// name and value count and values, then the body — lengths as uvarints. A
// value whose status is 0 is a vary record: the header names the
// response at this key varies on, whose variants live at variantKey.

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

func encodeVary(names []string) []byte {
	b := binary.AppendUvarint(nil, 0)
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, n := range names {
		b = appendString(b, n)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errCorrupt = errors.New("panther: corrupt cache entry")

// decodeVary returns the names of a vary record, or false for a response.
func decodeVary(b []byte) ([]string, bool) {
	if len(b) == 0 || b[0] != 0 {
		return nil, false
	}
	r := bytes.NewReader(b[1:])
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(len(b)) {
		return nil, false
	}
	names := make([]string, n)
	for i := range names {
		if names[i], err = readString(r); err != nil {
			return nil, false
		}
	}
	return names, true
}

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

// decodedHit is a kept entry decoded for replay, used only while the store
// holds the same bytes it was decoded from: the store stays the one source
// of truth.
type decodedHit struct {
	raw []byte
	res *cachedResponse
}

// decode returns the response in data, the value of key, from the memo
// when it was decoded before.
func (ep *endpoint) decode(key string, data []byte) *cachedResponse {
	if e, ok := ep.cached.decoded.get(key); ok && bytes.Equal(e.raw, data) {
		return e.res
	}
	res, err := decodeCached(data)
	if err != nil {
		return nil
	}
	// The body aliases data; the header strings are copies of about its size.
	ep.cached.decoded.put(key, decodedHit{raw: data, res: res}, len(key)+2*len(data))
	return res
}

// recorder captures the response of the call that fills an entry while
// passing it on to that call's own client, so the first caller is served
// as it is written, streams included. It keeps at most maxCachedBody bytes.
type recorder struct {
	w           http.ResponseWriter
	hv          *headerValues
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
	keep        bool // decided when the header is written; false once the body passes maxCachedBody
}

func newRecorder(w http.ResponseWriter, hv *headerValues) *recorder {
	return &recorder{w: w, hv: hv, header: http.Header{}, status: http.StatusOK}
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.wroteHeader {
		return
	}
	r.status, r.wroteHeader = code, true
	h := r.w.Header()
	for k, vs := range r.header {
		h[k] = vs // the handler's own values, made for this response
	}
	n, err := strconv.ParseInt(r.header.Get("Content-Length"), 10, 64)
	knownTooBig := err == nil && n > maxCachedBody // not even buffered
	r.keep = !knownTooBig && storable(code, r.header)
	state := "BYPASS"
	if r.keep {
		state = "MISS"
	}
	h["X-Cache"] = r.hv.one(state)
	r.w.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	if !r.wroteHeader {
		r.WriteHeader(http.StatusOK)
	}
	if r.keep {
		if r.body.Len()+len(p) > maxCachedBody {
			r.keep = false
			r.body = bytes.Buffer{}
		} else {
			r.body.Write(p)
		}
	}
	return r.w.Write(p)
}

// Unwrap lets http.ResponseController flush a stream and set deadlines.
func (r *recorder) Unwrap() http.ResponseWriter { return r.w }

// response is what was captured, or nil when it cannot be kept.
func (r *recorder) response() *cachedResponse {
	if !r.keep {
		return nil
	}
	// A copy of the header: the one sent is the client's, and a middleware
	// may still change it while waiters replay this.
	return &cachedResponse{status: r.status, header: r.header.Clone(), body: r.body.Bytes()}
}
