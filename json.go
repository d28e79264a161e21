package panther

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"github.com/panther-go/panther/internal/jsonplan"
)

// The JSON codec: every body the framework encodes goes through encodeJSON
// and every Input body through decodeJSON. Both take jsonplan's compiled
// plans for the types they cover, which write and read exactly what
// encoding/json does (its differential fuzz tests check it), and
// encoding/json for the rest.

type jsonBuffer struct {
	buf   bytes.Buffer
	enc   *json.Encoder
	plain []byte // jsonplan's output
}

var jsonBuffers = sync.Pool{New: func() any {
	b := new(jsonBuffer)
	b.enc = json.NewEncoder(&b.buf)
	b.enc.SetEscapeHTML(false)
	return b
}}

// maxPooledBuffer keeps one huge response from pinning its buffer forever.
const maxPooledBuffer = 64 << 10

// encodeJSON encodes v compactly, without a trailing newline, into a pooled
// buffer; b.release gives the buffer back, after which body is invalid.
func encodeJSON(v any) (body []byte, b *jsonBuffer, err error) {
	b = jsonBuffers.Get().(*jsonBuffer)
	if out, ok := jsonplan.Append(b.plain[:0], v); ok {
		b.plain = out
		return out, b, nil
	}
	b.buf.Reset()
	if err := b.enc.Encode(v); err != nil {
		b.release()
		return nil, nil, err
	}
	body = b.buf.Bytes()
	return body[:len(body)-1], b, nil // without Encode's newline
}

func (b *jsonBuffer) release() {
	if b.buf.Cap() <= maxPooledBuffer && cap(b.plain) <= maxPooledBuffer {
		jsonBuffers.Put(b)
	}
}

// writeJSON encodes v and writes it with status. An encoding failure is a
// programmer error in the handler's data: it becomes a 500.
func writeJSON(w http.ResponseWriter, hv *headerValues, status int, v any) error {
	return writeJSONAs(w, hv, status, jsonContentType, v)
}

// writeJSONAs is writeJSON labelling the body contentType, such as
// application/problem+json. The 500 of a failed encoding is plain JSON.
func writeJSONAs(w http.ResponseWriter, hv *headerValues, status int, contentType string, v any) error {
	body, buf, err := encodeJSON(v)
	if err != nil {
		writeRaw(w, hv, http.StatusInternalServerError, internalErrorBody)
		return err
	}
	writeRawAs(w, hv, status, contentType, body)
	buf.release()
	return nil
}

// writeRaw writes an already encoded JSON body.
func writeRaw(w http.ResponseWriter, hv *headerValues, status int, body []byte) {
	writeRawAs(w, hv, status, jsonContentType, body)
}

// writeRawAs is writeRaw labelling the body contentType.
func writeRawAs(w http.ResponseWriter, hv *headerValues, status int, contentType string, body []byte) {
	if startBody(w, hv, status, contentType, len(body)) && len(body) > 0 {
		w.Write(body)
	}
}

// startBody labels a body of length bytes contentType and writes status.
// It reports false for a status that has no body (1xx, 204, 304), whose
// answer carries no headers describing one.
func startBody(w http.ResponseWriter, hv *headerValues, status int, contentType string, length int) bool {
	h := w.Header()
	if !bodyAllowed(status) {
		delete(h, "Content-Type")
		delete(h, "Content-Length")
		w.WriteHeader(status)
		return false
	}
	if hv == nil {
		hv = new(headerValues)
	}
	h["Content-Type"] = hv.one(contentType)
	h["Content-Length"] = hv.one(contentLength(length))
	w.WriteHeader(status)
	return true
}

const jsonContentType = "application/json"

// headerValues hands out one-element header values backed by an array of
// its own, so no response shares a header slice with another — a
// middleware may edit its values in place — and those of a Request, which
// holds one, cost no allocation.
type headerValues struct {
	arr [5]string
	n   int
}

func (hv *headerValues) one(v string) []string {
	if hv.n == len(hv.arr) {
		return []string{v}
	}
	hv.arr[hv.n] = v
	hv.n++
	return hv.arr[hv.n-1 : hv.n : hv.n]
}

// bodyAllowed reports whether a response with status may carry a body.
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// unmarshalJSON decodes data into v.
func unmarshalJSON(data []byte, v any) error { return json.Unmarshal(data, v) }

// contentLengths are the Content-Length values of small bodies, made once
// so the usual response formats none. Read only.
var contentLengths = func() []string {
	t := make([]string, 2048)
	for i := range t {
		t[i] = strconv.Itoa(i)
	}
	return t
}()

func contentLength(n int) string {
	if n < len(contentLengths) {
		return contentLengths[n]
	}
	return strconv.Itoa(n)
}
