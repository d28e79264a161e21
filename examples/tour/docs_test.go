package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

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
		{"/hello/{name}/", []string{"get"}, []string{"200", "404", "429", "500"}, false},
		{"/auth/login/", []string{"post"}, []string{"200", "400", "413", "415", "422", "429"}, false},
		{"/auth/refresh/", []string{"post"}, []string{"200", "401"}, true},
		{"/auth/logout/", []string{"post"}, []string{"200", "401"}, true},
		{"/me/", []string{"get"}, []string{"200", "401"}, true},
		{"/admin/stats/", []string{"get"}, []string{"200", "401", "403", "429"}, true},
		{"/notes/", []string{"get", "post"}, []string{"401", "429"}, true},
		{"/notes/{id}/", []string{"delete", "get", "put"}, []string{"200", "401", "404"}, true},
		{"/limited/", []string{"get"}, []string{"200", "429"}, false},
		{"/time/", []string{"get"}, []string{"200"}, false},
		{"/trace/", []string{"get"}, []string{"200"}, false},
		{"/slow/", []string{"get"}, []string{"200"}, false},
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
			if got := len(op.Security) > 0; got != tc.secured {
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
	json.Unmarshal(doc.Paths["/time/"]["get"], &timeGet)
	if _, ok := timeGet.Responses["200"].Headers["X-Cache"]; !ok {
		t.Error("GET /time/ (cached) does not document X-Cache")
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
	cmd := exec.Command(bin, "-openapi", "-addr", "127.0.0.1:1")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("tour -openapi: %v\n%s", err, stderr.Bytes())
	}
	var doc openapi.Document
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil || doc.OpenAPI != openapi.Version || len(doc.Paths) == 0 {
		t.Errorf("tour -openapi printed %.200q (%v); want the OpenAPI document", stdout.String(), err)
	}
}
