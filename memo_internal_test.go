package panther

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestMemoBounds(t *testing.T) {
	m := newMemo[int, string](100, 10_000)
	for i := range 1000 {
		m.put(i, "v", 200)
		if len(m.entries) > 100 || m.bytes > 10_000 {
			t.Fatalf("after %d puts: %d entries, %d bytes; bounds are 100 and 10000", i+1, len(m.entries), m.bytes)
		}
		if _, ok := m.get(i); !ok {
			t.Fatalf("put %d and did not get it back", i)
		}
	}
	m.put(-1, "huge", 2600) // more than a quarter of the bound: not kept
	if _, ok := m.get(-1); ok {
		t.Error("a pair over a quarter of the byte bound was kept")
	}
}

// An attacker sending a new long query every time costs the cache's
// memos no more than their bounds.
func TestCacheMemosBoundedUnderDistinctQueries(t *testing.T) {
	app := New(Config{URLs: URLs{"time": API{Cache: time.Minute, Handler: func(r *Request) (any, error) {
		return "now", nil
	}}}})
	defer app.Close()
	ep, _ := app.root.match(httptest.NewRequest("GET", "/time", nil).URL, nil)
	pad := strings.Repeat("p", 3500) // under maxCacheURL: cached, under a hashed key
	for i := range 5000 {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", fmt.Sprintf("/time?u=%d&pad=%s", i, pad), nil))
		if w.Code != 200 {
			t.Fatalf("request %d: %d", i, w.Code)
		}
	}
	if b := ep.cached.keys.bytes; b > maxKeyMemoBytes {
		t.Errorf("the key memo holds %d bytes, over its bound %d", b, maxKeyMemoBytes)
	}
	if b := ep.cached.decoded.bytes; b > maxDecodedBytes {
		t.Errorf("the decoded memo holds %d bytes, over its bound %d", b, maxDecodedBytes)
	}
	for k := range ep.cached.decoded.entries {
		if len(k) > 100 {
			t.Errorf("a store key of %d bytes: a long query must be hashed", len(k))
			break
		}
	}
}
