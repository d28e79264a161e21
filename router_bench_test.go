package panther

import (
	"fmt"
	"net/url"
	"testing"
)

func benchRouter() *App {
	a := New(Config{})
	h := API{Handler: func(*Request) (any, error) { return nil, nil }}
	for _, p := range []string{
		"", "hello/", "users/", "users/me/", "users/<id>/", "users/<id>/orders/<order>/",
		"admin/stats/", "admin/users/", "notes/", "notes/<id>/", "static/a/b/c/d/",
	} {
		a.Handle(p, h)
	}
	return a
}

func benchLookup(b *testing.B, path string, wantVars int) {
	a := benchRouter()
	u := &url.URL{Path: path}
	var r Request
	b.ReportAllocs()
	for b.Loop() {
		ep, vals := a.root.match(u, r.inline[:0])
		if ep == nil || len(vals) != wantVars {
			b.Fatalf("%s: endpoint %v, %d values", path, ep, len(vals))
		}
	}
}

func BenchmarkRouterStatic(b *testing.B)     { benchLookup(b, "/admin/stats/", 0) }
func BenchmarkRouterStaticDeep(b *testing.B) { benchLookup(b, "/static/a/b/c/d/", 0) }
func BenchmarkRouterOneVar(b *testing.B)     { benchLookup(b, "/users/42/", 1) }
func BenchmarkRouterTwoVars(b *testing.B)    { benchLookup(b, "/users/42/orders/7", 2) }
func BenchmarkRouterBacktrack(b *testing.B)  { benchLookup(b, "/users/me/orders/7/", 2) }
func BenchmarkRouterRoot(b *testing.B)       { benchLookup(b, "/", 0) }
func BenchmarkRouterNotFound(b *testing.B) {
	a := benchRouter()
	u := &url.URL{Path: "/users/42/nothing/here/"}
	var r Request
	b.ReportAllocs()
	for b.Loop() {
		if ep, _ := a.root.match(u, r.inline[:0]); ep != nil {
			b.Fatal("found a route")
		}
	}
}

// TestRouterDoesNotAllocate holds the benchmarks' promise in the test run.
func TestRouterDoesNotAllocate(t *testing.T) {
	a := benchRouter()
	for _, path := range []string{"/admin/stats/", "/users/42/", "/users/42/orders/7", "/nope/"} {
		u := &url.URL{Path: path}
		var r Request
		if n := testing.AllocsPerRun(100, func() { a.root.match(u, r.inline[:0]) }); n != 0 {
			t.Errorf("routing %s: %v allocations, want 0", path, n)
		}
	}
}

// TestRouterManySiblings routes among more static siblings than a node
// scans, which it then finds through its map, before and after the map
// is made.
func TestRouterManySiblings(t *testing.T) {
	a := New(Config{})
	h := API{Handler: func(*Request) (any, error) { return nil, nil }}
	a.Handle("<id>/", h)
	for i := range 2 * scanMax {
		a.Handle(fmt.Sprintf("s%d/", i), h)
		for j := 0; j <= i; j++ {
			path := fmt.Sprintf("/s%d/", j)
			if ep, _ := a.root.match(&url.URL{Path: path}, nil); ep == nil || ep.pattern != path[1:] {
				t.Fatalf("with %d siblings, %s routes to %v", i+1, path, ep)
			}
		}
		if ep, vals := a.root.match(&url.URL{Path: "/s99/"}, nil); ep == nil || ep.pattern != "<id>/" || vals[0] != "s99" {
			t.Fatalf("with %d siblings, /s99/ routes to %v %v", i+1, ep, vals)
		}
	}
}
