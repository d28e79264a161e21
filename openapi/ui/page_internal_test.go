package ui

import (
	"strings"
	"testing"
)

// A page whose bundle go generate has not fetched loads the pinned CDN
// file, checked against its integrity hash, and says so.
func TestCDNFallback(t *testing.T) {
	missing := pin{Name: "missing", Package: "@scope/missing", Version: "1.2.3", File: "dist/x.js", Integrity: "sha384-abc"}
	p := npmPage(Config{}, "/missing/", missing, scalarPage)
	const url = "https://cdn.jsdelivr.net/npm/@scope/missing@1.2.3/dist/x.js"
	if p.Offline() || len(p.CDN()) != 1 || p.CDN()[0] != url {
		t.Errorf("Offline %v, CDN %v; want the pinned CDN file", p.Offline(), p.CDN())
	}
	if html := string(p.html); !strings.Contains(html, `src="`+url+`" integrity="sha384-abc" crossorigin="anonymous"`) {
		t.Errorf("the page does not load the CDN file with its integrity:\n%s", html)
	}
	if !strings.Contains(p.csp, "script-src 'self' 'unsafe-inline' "+url+";") {
		t.Errorf("Content-Security-Policy %q does not allow the CDN file", p.csp)
	}
}
