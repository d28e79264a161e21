package panther

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

// BenchmarkThrottleCheck is the throttle check alone — window, key, one
// atomic increment in the in-memory store — for a client already seen in
// the window.
func BenchmarkThrottleCheck(b *testing.B) {
	a := New(Config{URLs: URLs{"x": API{Throttle: &Throttle{Rate: 1 << 40, Duration: time.Hour}, Handler: func(*Request) (any, error) { return nil, nil }}}})
	defer a.Close()
	hr := httptest.NewRequest(http.MethodGet, "/x", nil)
	ep, vals := a.root.match(hr.URL, nil)
	r := &Request{Request: hr, app: a, ep: ep, values: vals}
	now := time.Now()
	ep.count(r, now)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ep.count(r, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkThrottleStep is step 4 with its headers, for a client under
// a rate small enough for the X-RateLimit-Remaining table.
func BenchmarkThrottleStep(b *testing.B) {
	a := New(Config{URLs: URLs{"x": API{Throttle: &Throttle{Rate: 100, Duration: time.Hour}, Handler: func(*Request) (any, error) { return nil, nil }}}})
	defer a.Close()
	hr := httptest.NewRequest(http.MethodGet, "/x", nil)
	ep, vals := a.root.match(hr.URL, nil)
	h := http.Header{}
	w := &headerOnly{h}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%50 == 0 { // a new client every 50 requests keeps the count under the rate
			n := i / 50
			hr.RemoteAddr = netip.AddrFrom4([4]byte{10, byte(n >> 16), byte(n >> 8), byte(n)}).String() + ":1"
		}
		r := Request{Request: hr, app: a, ep: ep, values: vals}
		if err := ep.throttleRequest(w, &r); err != nil {
			b.Fatal(err)
		}
	}
}

type headerOnly struct{ h http.Header }

func (w *headerOnly) Header() http.Header       { return w.h }
func (*headerOnly) Write(p []byte) (int, error) { return len(p), nil }
func (*headerOnly) WriteHeader(int)             {}
