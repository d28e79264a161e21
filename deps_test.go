package panther_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
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
	"schema": 0, "auth/password": 0, "store": 0, "db": 0, "pagination": 0, "openapi/ui": 0, "task": 0,
	"validate": 1, "store/memory": 1, "store/redis": 1, "store/storetest": 1,
	"db/sqlite": 1, "db/postgres": 1, "db/dbtest": 1,
	"":         2, // the root package, panther
	"auth/jwt": 3, "permission": 3, "middleware": 3, "openapi": 3, "crud": 3, "ws": 3,
	"panthertest": 4, "internal/cli": 4,
	"cmd/panther": 5,
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
	"github.com/spf13/cobra":                 "internal/cli",
	"golang.org/x/crypto":                    "auth/password",
}

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

// TestNoThirdPartySourceCommitted keeps vendored code out of the module.
func TestNoThirdPartySourceCommitted(t *testing.T) {
	for _, dir := range []string{"vendor", "third_party", "node_modules"} {
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%s/ exists; dependencies come through go.mod or npm at build time", dir)
		}
	}
}
