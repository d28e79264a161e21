package ui_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/panther-go/panther/openapi/ui"
)

func get(t *testing.T, h http.Handler, path string, header ...string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var links = regexp.MustCompile(`(?:src|href)="([^"]+)"`)

func TestPages(t *testing.T) {
	for _, tc := range []struct {
		name string
		page *ui.Page
		base string
	}{
		{"swagger", ui.Swagger(ui.Config{}), "/docs/"},
		{"redoc", ui.Redoc(ui.Config{}), "/redoc/"},
		{"scalar", ui.Scalar(ui.Config{}), "/scalar/"},
		{"custom", ui.Swagger(ui.Config{Path: "api/docs", SpecURL: "/api/openapi.json", Title: "Notes API", Origins: []string{"https://api.example.com"}}), "/api/docs/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{tc.base, strings.TrimSuffix(tc.base, "/")} {
				res := get(t, tc.page, path)
				if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
					t.Fatalf("GET %s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
				}
			}
			res := get(t, tc.page, tc.base)
			csp := res.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "img-src 'self' data: blob:") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			html := body(t, res)
			if tc.name == "custom" {
				if !strings.Contains(html, "<title>Notes API</title>") || !strings.Contains(html, `url: "\/api\/openapi.json"`) && !strings.Contains(html, `url: "/api/openapi.json"`) {
					t.Errorf("the page does not show its Config:\n%s", html)
				}
				if !strings.Contains(csp, "connect-src 'self' https://api.example.com") {
					t.Errorf("Content-Security-Policy %q does not let the page call its Origins", csp)
				}
			}
			for _, m := range links.FindAllStringSubmatch(html, -1) {
				link := m[1]
				switch {
				case link == "data:,":
				case strings.HasPrefix(link, "https://cdn.jsdelivr.net/npm/"):
					if tc.page.Offline() {
						t.Errorf("an offline page loads %s", link)
					}
				case strings.HasPrefix(link, tc.base):
					if res := get(t, tc.page, link); res.StatusCode != http.StatusOK {
						t.Errorf("GET %s: %d", link, res.StatusCode)
					}
				default:
					t.Errorf("the page loads %s, neither below %s nor a pinned CDN file", link, tc.base)
				}
			}
			if res := get(t, tc.page, tc.base+"missing.js"); res.StatusCode != http.StatusNotFound || body(t, res) != `{"detail":"Not Found"}` {
				t.Errorf("GET a missing asset: %d", res.StatusCode)
			}
			if res := get(t, tc.page, "/elsewhere/"); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET a path outside the page: %d", res.StatusCode)
			}
		})
	}
}

func TestAssetsGzipAndCaching(t *testing.T) {
	page := ui.Swagger(ui.Config{})
	zipped := get(t, page, "/docs/swagger-ui.css", "Accept-Encoding", "gzip, deflate")
	if zipped.Header.Get("Content-Encoding") != "gzip" || zipped.Header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("headers %v, want gzip for a client that takes it", zipped.Header)
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	plain := get(t, page, "/docs/swagger-ui.css", "Accept-Encoding", "gzip;q=0")
	if plain.Header.Get("Content-Encoding") != "" || body(t, plain) != string(unzipped) || len(unzipped) == 0 {
		t.Error("a client that refuses gzip does not get the same content, decoded")
	}
	etag := zipped.Header.Get("ETag")
	for _, enc := range []string{"gzip", ""} {
		if res := get(t, page, "/docs/swagger-ui.css", "Accept-Encoding", enc, "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match with Accept-Encoding %q: %d, want 304", enc, res.StatusCode)
		}
	}
	if res := get(t, page, "/docs/favicon-32x32.png"); res.Header.Get("Content-Type") != "image/png" || res.Header.Get("Content-Encoding") != "" {
		t.Errorf("favicon: %v", res.Header)
	}
}

// The bundles go generate fetched are the files the pins name, byte for
// byte; in CI, where .ci/run fetches them, they must be there.
func TestBundlesMatchPins(t *testing.T) {
	raw, err := os.ReadFile("npm.json")
	if err != nil {
		t.Fatal(err)
	}
	var pins []struct{ Name, Version, Integrity string }
	if err := json.Unmarshal(raw, &pins); err != nil {
		t.Fatal(err)
	}
	for _, p := range pins {
		gz, err := os.ReadFile("npm/" + p.Name + "-" + p.Version + ".js.gz")
		if err != nil {
			if os.Getenv("CI") != "" {
				t.Errorf("%s %s is not fetched; .ci/run must run go generate ./openapi/ui: %v", p.Name, p.Version, err)
			}
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		bundle, _ := io.ReadAll(zr)
		sum := sha512.Sum384(bundle)
		if got := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); got != p.Integrity {
			t.Errorf("%s %s: integrity %s, npm.json pins %s; rerun go generate ./openapi/ui", p.Name, p.Version, got, p.Integrity)
		}
	}
	if os.Getenv("CI") != "" && (!ui.Redoc(ui.Config{}).Offline() || !ui.Scalar(ui.Config{}).Offline()) {
		t.Error("in CI the Redoc and Scalar pages must be offline")
	}
}

// Config.Bundles, as the uibundle command writes them into a project's
// own module, serve Redoc and Scalar from the binary, ahead of what go
// generate may have fetched here.
func TestBundlesOfYourOwn(t *testing.T) {
	var pins []struct{ Name, Version string }
	if err := json.Unmarshal(ui.Pins(), &pins); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, p := range pins {
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		io.WriteString(zw, "/* "+p.Name+" of your own */")
		zw.Close()
		fsys[p.Name+"-"+p.Version+".js.gz"] = &fstest.MapFile{Data: gz.Bytes()}
	}
	for _, p := range pins {
		page := map[string]func(ui.Config) *ui.Page{"redoc": ui.Redoc, "scalar": ui.Scalar}[p.Name](ui.Config{Bundles: fsys})
		if !page.Offline() || len(page.CDN()) > 0 {
			t.Errorf("%s with Bundles loads %v from outside", p.Name, page.CDN())
		}
		w := httptest.NewRecorder()
		page.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/"+p.Name+"/", nil))
		script := "/" + p.Name + "/" + p.Name + "-" + p.Version + ".js"
		if !strings.Contains(w.Body.String(), script) || strings.Contains(w.Body.String(), "cdn.jsdelivr.net") {
			t.Errorf("%s page does not load %s from the server:\n%s", p.Name, script, w.Body)
		}
		w = httptest.NewRecorder()
		page.ServeHTTP(w, httptest.NewRequest(http.MethodGet, script, nil))
		if w.Code != http.StatusOK || w.Body.String() != "/* "+p.Name+" of your own */" {
			t.Errorf("%s: %d %q, want the bundle from Config.Bundles", script, w.Code, w.Body)
		}
	}
}
