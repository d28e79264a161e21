package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/pb33f/libopenapi"

	"github.com/panther-go/panther/openapi"
)

var update = flag.Bool("update", false, "rewrite testdata/openapi.golden.json with the tour's document")

const golden = "testdata/openapi.golden.json"

// tourDocument is the tour's OpenAPI document as -openapi prints it.
func tourDocument(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := printOpenAPI(&b, testApp(t, options{})); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The document is reviewed: any change to it shows in the golden file's
// diff. Run go test ./examples/tour -run OpenAPIGolden -update to accept
// one.
func TestOpenAPIGolden(t *testing.T) {
	got := tourDocument(t)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the tour's document differs from %s; review the change and rerun with -update:\n%s", golden, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first lines where two texts part.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		if i >= len(w) || i >= len(g) || w[i] != g[i] {
			lo, hi := max(0, i-3), i+4
			return "want:\n" + strings.Join(w[lo:min(hi, len(w))], "\n") + "\ngot:\n" + strings.Join(g[lo:min(hi, len(g))], "\n")
		}
	}
	return ""
}

func TestOpenAPIKinValidates(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(tourDocument(t))
	if err != nil {
		t.Fatalf("kin-openapi cannot load the document: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("kin-openapi reads OpenAPI %s, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("kin-openapi finds the document invalid: %v", err)
	}
	if got := doc.Paths.Len(); got < 12 {
		t.Errorf("kin-openapi reads %d paths, want the tour's 12 or more", got)
	}
}

func TestOpenAPILibopenapiValidates(t *testing.T) {
	doc, err := libopenapi.NewDocument(tourDocument(t))
	if err != nil {
		t.Fatalf("libopenapi cannot read the document: %v", err)
	}
	if v := doc.GetVersion(); v != "3.1.0" {
		t.Fatalf("libopenapi reads version %q, want 3.1.0", v)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatalf("libopenapi cannot build the v3 model: %v", err)
	}
	if errs := model.Index.GetReferenceIndexErrors(); len(errs) > 0 {
		t.Errorf("libopenapi finds reference errors: %v", errs)
	}
	ops := 0
	for path, item := range model.Model.Paths.PathItems.FromOldest() {
		for method, op := range item.GetOperations().FromOldest() {
			ops++
			for code, res := range op.Responses.Codes.FromOldest() {
				if res.Content == nil {
					continue
				}
				for mt, media := range res.Content.FromOldest() {
					if media.Schema == nil {
						continue
					}
					if _, err := media.Schema.BuildSchema(); err != nil {
						t.Errorf("%s %s: response %s %s: %v", method, path, code, mt, err)
					}
				}
			}
			if op.RequestBody != nil {
				for mt, media := range op.RequestBody.Content.FromOldest() {
					if _, err := media.Schema.BuildSchema(); err != nil {
						t.Errorf("%s %s: request body %s: %v", method, path, mt, err)
					}
				}
			}
		}
	}
	if ops < 15 {
		t.Errorf("libopenapi reads %d operations, want the tour's 15 or more", ops)
	}
}

// The document describes every route of shared/TOUR.md with what its
// declaration implies.
func TestOpenAPIDescribesTheTour(t *testing.T) {
	var doc openAPIView
	if err := json.Unmarshal(tourDocument(t), &doc); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path     string
		methods  []string
		statuses []string // in every operation of the path
		secured  bool
	}{
		{"/hello/{name}", []string{"get"}, []string{"200", "404", "429", "500"}, false},
		{"/auth/login", []string{"post"}, []string{"200", "400", "413", "415", "422", "429"}, false},
		{"/auth/refresh", []string{"post"}, []string{"200", "401"}, true},
		{"/auth/logout", []string{"post"}, []string{"200", "401"}, true},
		{"/me", []string{"get"}, []string{"200", "401"}, true},
		{"/admin/stats", []string{"get"}, []string{"200", "401", "403", "429"}, true},
		{"/notes", []string{"get", "post"}, []string{"401", "429"}, true},
		{"/notes/{id}", []string{"delete", "get", "put"}, []string{"401", "404"}, true}, // DELETE is 204, the others 200
		{"/limited", []string{"get"}, []string{"200", "429"}, false},
		{"/time", []string{"get"}, []string{"200"}, false},
		{"/trace", []string{"get"}, []string{"200"}, false},
		{"/slow", []string{"get"}, []string{"200"}, false},
	} {
		item, ok := doc.Paths[tc.path]
		if !ok {
			t.Errorf("%s is not in the document", tc.path)
			continue
		}
		var methods []string
		for m := range item {
			if m == "parameters" {
				continue
			}
			methods = append(methods, m)
			var op operationView
			json.Unmarshal(item[m], &op)
			for _, s := range tc.statuses {
				if _, ok := op.Responses[s]; !ok {
					t.Errorf("%s %s: no %s response", m, tc.path, s)
				}
			}
			if got := len(op.Security) > 0 && len(op.Security[0]) > 0; got != tc.secured { // security: [] is public
				t.Errorf("%s %s: secured %v, want %v", m, tc.path, got, tc.secured)
			}
		}
		slices.Sort(methods)
		if !slices.Equal(methods, tc.methods) {
			t.Errorf("%s: methods %v, want %v", tc.path, methods, tc.methods)
		}
	}
	if _, ok := doc.Paths["/openapi.json"]; ok {
		t.Error("the document describes /openapi.json, which is Hidden")
	}
	var timeGet operationView
	json.Unmarshal(doc.Paths["/time"]["get"], &timeGet)
	if _, ok := timeGet.Responses["200"].Headers["X-Cache"]; !ok {
		t.Error("GET /time (cached) does not document X-Cache")
	}
}

type openAPIView struct {
	Paths map[string]map[string]json.RawMessage `json:"paths"`
}

type operationView struct {
	Responses map[string]struct {
		Headers map[string]any `json:"headers"`
	} `json:"responses"`
	Security []map[string][]string `json:"security"`
}

// /openapi.json serves what -openapi prints, and each docs page answers.
func TestOpenAPIServed(t *testing.T) {
	c := client(t)
	want := tourDocument(t)
	c.Get("/openapi.json").WantStatus(http.StatusOK).WantHeader("Content-Type", "application/json").WantBody(string(want))
	for _, page := range []string{"/docs/", "/redoc/", "/scalar/"} {
		c.Get(page).WantStatus(http.StatusOK).WantHeader("Content-Type", "text/html; charset=utf-8")
	}
	c.Get("/docs/swagger-ui-bundle.js").WantStatus(http.StatusOK)
}

func TestOpenAPIFlag(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tour binary")
	}
	bin := filepath.Join(t.TempDir(), "tour")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "-openapi", "-db", "sqlite::memory:")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("tour -openapi: %v\n%s", err, stderr.Bytes())
	}
	var doc openapi.Document
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil || doc.OpenAPI != openapi.Version || len(doc.Paths) == 0 {
		t.Errorf("tour -openapi printed %.200q (%v); want the OpenAPI document", stdout.String(), err)
	}
}

// oapiCodegen is the client generator the client test runs, pinned; its
// generated code needs the runtime module below.
const (
	oapiCodegen    = "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2"
	oapiRuntime    = "github.com/oapi-codegen/runtime v1.9.0"
	clientProgram  = "testdata/client/main.go.txt"
	clientModule   = "module tourclient\n\ngo 1.26\n\nrequire " + oapiRuntime + "\n"
	networkFailure = `dial tcp|lookup .*(no such host|server misbehaving)|i/o timeout|connection refused|network is unreachable|GOPROXY=off|TLS handshake timeout`
)

// A client that no one here wrote speaks the tour's API: oapi-codegen
// generates it from the document, in a module of its own (it never enters
// ours), and a small program logs in as alice, creates a note and lists
// the notes against the running tour.
func TestOpenAPIClient(t *testing.T) {
	if testing.Short() {
		t.Skip("fetches and runs oapi-codegen")
	}
	dir := t.TempDir()
	program, err := os.ReadFile(clientProgram)
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string][]byte{
		"openapi.json": tourDocument(t),
		"go.mod":       []byte(clientModule),
		"main.go":      program,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gen := goCommand(t, dir, "run", oapiCodegen, "-generate", "types,client", "-package", "client", "-o", "client/client.gen.go", "openapi.json")
	if out, err := gen.CombinedOutput(); err != nil {
		if regexp.MustCompile(networkFailure).Match(out) {
			t.Skipf("oapi-codegen cannot be fetched (offline?): %s", out)
		}
		t.Fatalf("oapi-codegen: %v\n%s", err, out)
	}
	srv := httptest.NewServer(testApp(t, options{}))
	defer srv.Close()
	out, err := goCommand(t, dir, "run", ".", srv.URL).CombinedOutput()
	if err != nil {
		if regexp.MustCompile(networkFailure).Match(out) {
			t.Skipf("the client's runtime module cannot be fetched (offline?): %s", out)
		}
		t.Fatalf("the generated client failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "alice created note 1 and listed 1 note") || !strings.Contains(string(out), "admin created, listed and deleted a book; alice logged out") {
		t.Errorf("the generated client said %q", out)
	}
}

// goCommand runs the go tool in dir, outside our module, filling the
// client module's go.sum as it goes.
func goCommand(t *testing.T, dir string, args ...string) *exec.Cmd {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod -buildvcs=false")
	return cmd
}

// The docs pages work in a real browser with no internet access: Debian's
// headless Chromium opens each on the running tour, with every host but
// 127.0.0.1 made unresolvable, and the rendered page must list every path
// of the document; Chromium's network log must show no request of the
// page's to any other host. Screenshots go to $PANTHER_ARTIFACTS (or a
// panther-artifacts folder in the temporary directory).
func TestDocsInBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	var doc openAPIView
	if err := json.Unmarshal(tourDocument(t), &doc); err != nil {
		t.Fatal(err)
	}
	var (
		mu     sync.Mutex
		served []string
	)
	app := testApp(t, options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		served = append(served, r.URL.Path)
		mu.Unlock()
		app.ServeHTTP(w, r)
	}))
	defer srv.Close()
	artifacts := cmpOr(os.Getenv("PANTHER_ARTIFACTS"), filepath.Join(os.TempDir(), "panther-artifacts"))
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, page := range []struct{ name, path, asset string }{
		{"swagger-ui", "/docs/", "/docs/swagger-ui-bundle.js"},
		{"redoc", "/redoc/", "/redoc/redoc-"},
		{"scalar", "/scalar/", "/scalar/scalar-"},
	} {
		t.Run(page.name, func(t *testing.T) {
			c := client(t)
			if body := c.Get(page.path).Body; bytes.Contains(body, []byte("cdn.jsdelivr.net")) {
				if os.Getenv("CI") != "" {
					t.Fatalf("%s loads its bundle from a CDN; .ci/run must run go generate ./openapi/ui first", page.path)
				}
				t.Skipf("%s loads its bundle from a CDN until go generate ./openapi/ui runs", page.path)
			}
			// The pages render progressively; on a loaded machine one may dump
			// its DOM before it has rendered every operation, so a page gets
			// three tries to show them all. A page that cannot load fails all.
			var text string
			var netlog []byte
			var missing []string
			for try := 0; try < 3; try++ {
				var dom []byte
				dom, netlog = runChromium(t, chromium, srv.URL+page.path, "--dump-dom")
				text, missing = pageText(string(dom)), nil
				for path := range doc.Paths {
					if !strings.Contains(text, path) {
						missing = append(missing, path)
					}
				}
				if len(missing) == 0 {
					break
				}
				t.Logf("try %d: %s does not list %v yet", try+1, page.path, missing)
			}
			for _, path := range missing {
				t.Errorf("%s does not list %s", page.path, path)
			}
			if !strings.Contains(text, "Log in") {
				t.Errorf("%s does not show the summary of POST /auth/login/ (Log in)", page.path)
			}
			checkNetLog(t, netlog, srv.URL)
			mu.Lock()
			fetched := slices.ContainsFunc(served, func(p string) bool { return strings.HasPrefix(p, page.asset) })
			mu.Unlock()
			if !fetched {
				t.Errorf("the server never served %s…", page.asset)
			}
			shot := filepath.Join(artifacts, "docs-"+page.name+".png")
			runChromium(t, chromium, srv.URL+page.path, "--screenshot="+shot, "--hide-scrollbars")
			if info, err := os.Stat(shot); err != nil || info.Size() == 0 {
				t.Errorf("no screenshot at %s: %v", shot, err)
			}
			t.Logf("screenshot: %s", shot)
		})
	}
}

// chromiumPath is Debian's Chromium, or skips the test without it (or
// with -short); in CI, which installs it, its absence fails the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it (apt-get install chromium)")
		}
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	return chromium
}

// runChromium opens url in a fresh headless Chromium that can resolve no
// host but 127.0.0.1, lets the page run for up to 15 s of virtual time
// (longer while requests are pending) and returns its output with the
// network log.
func runChromium(t *testing.T, chromium, url string, mode ...string) (stdout, netlog []byte) {
	t.Helper()
	dir := t.TempDir()
	logPath := filepath.Join(dir, "netlog.json")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--disable-quic", "--user-data-dir=" + filepath.Join(dir, "profile"),
		"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
		"--log-net-log=" + logPath, "--virtual-time-budget=120000", "--window-size=1280,8000", // tall enough that the pages render every operation, not only those in view
	}, mode...)
	var out, errs bytes.Buffer
	cmd := exec.CommandContext(ctx, chromium, append(args, url)...)
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", url, err, errs.Bytes())
	}
	netlog, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("chromium wrote no network log: %v", err)
	}
	return out.Bytes(), netlog
}

var (
	scriptsAndStyles = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>`)
	tags             = regexp.MustCompile(`<[^>]*>`)
)

// pageText is the text a DOM shows, tags removed (so a path broken up by
// <wbr> or spans reads whole).
func pageText(dom string) string {
	text := tags.ReplaceAllString(scriptsAndStyles.ReplaceAllString(dom, ""), "")
	return strings.ReplaceAll(html.UnescapeString(text), "\u200b", "")
}

// checkNetLog fails the test for any request the page (initiator origin)
// sent to a host other than origin's. Chromium's own background requests
// (no initiator origin) fail to resolve and are only logged.
func checkNetLog(t *testing.T, raw []byte, origin string) {
	t.Helper()
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int `json:"type"`
			Params struct {
				URL       string `json:"url"`
				Initiator string `json:"initiator"`
			} `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(raw, &log); err != nil {
		t.Fatalf("reading chromium's network log: %v", err)
	}
	start, ok := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		t.Fatal("chromium's network log names no URL_REQUEST_START_JOB events")
	}
	own := 0
	for _, e := range log.Events {
		if e.Type != start || e.Params.URL == "" {
			continue
		}
		u, err := url.Parse(e.Params.URL)
		local := err == nil && u.Hostname() == "127.0.0.1"
		switch {
		case e.Params.Initiator == origin && local:
			own++
		case e.Params.Initiator == origin:
			t.Errorf("the page requested %s, outside the server", e.Params.URL)
		case !local:
			t.Logf("chromium's own request, not the page's (initiator %q): %.80s", e.Params.Initiator, e.Params.URL)
		}
	}
	if own == 0 {
		t.Errorf("the network log shows no request of the page's to %s; is it read right?", origin)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
