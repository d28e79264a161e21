package panther_test

import (
	"bytes"
	"encoding/json"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/panther-go/panther"

// tiers is DESIGN.md §3 as code: a package imports only from lower tiers,
// never from its own. A new package must be added here first.
var tiers = map[string]int{
	"schema": 0, "internal/jsonplan": 0, "store": 0, "db": 0, "task": 0, "openapi/ui": 0, "auth/password": 0,
	"validate": 1, "store/memory": 1, "store/redis": 1, "store/storetest": 1,
	"db/sqlite": 1, "db/postgres": 1, "db/dbtest": 1,
	"":         2, // the root package, panther
	"auth/jwt": 3, "auth/users": 3, "permission": 3, "middleware": 3, "openapi": 3, "crud": 3, "ws": 3, "metrics": 3,
	"panthertest": 4, "cli": 4,
	"cmd/panther": 5, "openapi/ui/uibundle": 5, // commands
}

// owners names the one package through which each third-party library
// enters the module (DESIGN.md §3, §6). Test files may import the
// test-only libraries; no other file imports any of these.
var owners = map[string]string{
	"github.com/go-playground/validator/v10": "validate",
	"github.com/redis/go-redis/v9":           "store/redis",
	"modernc.org/sqlite":                     "db/sqlite",
	"github.com/jackc/pgx/v5":                "db/postgres",
	"github.com/golang-jwt/jwt/v5":           "auth/jwt",
	"github.com/coder/websocket":             "ws",
	"github.com/swaggest/swgui":              "openapi/ui",
	"github.com/prometheus/client_golang":    "metrics",
	"golang.org/x/crypto":                    "auth/password",
	"golang.org/x/term":                      "cli",         // createuser reads the password without echo
	"github.com/getkin/kin-openapi":          "panthertest", // the contract check; otherwise tests only
}

// rootLinks is all the root package may link besides the standard
// library, as the README says: schema, validate (with
// go-playground/validator), the store contract, the in-memory store, the
// task runner and its own JSON decoding plans.
var rootLinks = []string{"schema", "store", "store/memory", "task", "validate", "internal/jsonplan"}

func TestImportTiers(t *testing.T) {
	for pkg, imports := range packageImports(t) {
		tier, ok := tiers[pkg]
		if !ok {
			t.Errorf("package %q is not in the tier table of deps_test.go; add it where DESIGN.md §3 places it", display(pkg))
			continue
		}
		for _, imp := range imports {
			switch {
			case imp == module || strings.HasPrefix(imp, module+"/"):
				dep := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
				depTier, known := tiers[dep]
				if known && depTier >= tier {
					t.Errorf("%s (tier %d) imports %s (tier %d); imports must point to lower tiers", display(pkg), tier, display(dep), depTier)
				}
			case isThirdParty(imp):
				if owner, ok := ownerOf(imp); !ok || owner != pkg {
					t.Errorf("%s imports %s; third-party libraries enter only through their owner package (%q)", display(pkg), imp, owner)
				}
			}
		}
	}
}

// packageImports maps each package directory of the module (outside
// examples/, bench/ and testdata) to the imports of its non-test files.
func packageImports(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "examples" || name == "bench" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(p))
		if pkg == "." {
			pkg = ""
		}
		for _, spec := range f.Imports {
			imp, _ := strconv.Unquote(spec.Path.Value)
			if !slices.Contains(out[pkg], imp) {
				out[pkg] = append(out[pkg], imp)
			}
		}
		if _, ok := out[pkg]; !ok {
			out[pkg] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 2 {
		t.Fatalf("found %d packages; is the test running in the module root?", len(out))
	}
	return out
}

func isThirdParty(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return strings.Contains(first, ".")
}

func ownerOf(imp string) (string, bool) {
	for lib, owner := range owners {
		if imp == lib || strings.HasPrefix(imp, lib+"/") {
			return owner, true
		}
	}
	return "", false
}

func display(pkg string) string {
	if pkg == "" {
		return "panther (root)"
	}
	return path.Join("panther", pkg)
}

// listed is `go list -deps` of every package of the module: each
// package's whole dependency closure, not only its direct imports.
type listed struct {
	ImportPath string
	Deps       []string
	Module     *struct{ Path string }
	Standard   bool
}

func listDeps(t *testing.T) map[string]listed {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-json=ImportPath,Deps,Module,Standard", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	all := map[string]listed{}
	for dec := json.NewDecoder(bytes.NewReader(out)); dec.More(); {
		var p listed
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		all[p.ImportPath] = p
	}
	return all
}

// Every third-party package a module package links arrives through the
// owner of its library, and the root links only what the README says.
func TestDependencyClosure(t *testing.T) {
	all := listDeps(t)
	ownerPkgs := map[string]bool{}
	for _, o := range owners {
		ownerPkgs[module+"/"+o] = true
	}
	for path, p := range all {
		if p.Module == nil || p.Module.Path != module || strings.Contains(path, "/examples/") {
			continue
		}
		pkg := strings.TrimPrefix(strings.TrimPrefix(path, module), "/")
		if _, ok := tiers[pkg]; !ok {
			t.Errorf("package %q is not in the tier table of deps_test.go", display(pkg))
		}
		// The owners this package links, itself included.
		var via []string
		for _, d := range append([]string{path}, p.Deps...) {
			if ownerPkgs[d] {
				via = append(via, d)
			}
		}
		for _, d := range p.Deps {
			dp := all[d]
			if dp.Standard || (dp.Module != nil && dp.Module.Path == module) {
				continue
			}
			if !slices.ContainsFunc(via, func(o string) bool { return o == d || slices.Contains(all[o].Deps, d) }) {
				t.Errorf("%s links %s, which no owner package it links brings in", display(pkg), d)
			}
		}
	}
	root := all[module]
	for _, d := range root.Deps {
		dp := all[d]
		switch {
		case dp.Standard:
		case dp.Module != nil && dp.Module.Path == module:
			if !slices.Contains(rootLinks, strings.TrimPrefix(d, module+"/")) {
				t.Errorf("the root package links %s; the README says it links only %v and the standard library", d, rootLinks)
			}
		case !slices.Contains(all[module+"/validate"].Deps, d):
			t.Errorf("the root package links %s, which is not go-playground/validator's", d)
		}
	}
}

// TestNoThirdPartySourceCommitted keeps vendored code out of the module.
func TestNoThirdPartySourceCommitted(t *testing.T) {
	for _, dir := range []string{"vendor", "third_party", "node_modules"} {
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%s/ exists; dependencies come through go.mod or npm at build time", dir)
		}
	}
}
