package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The tools from npm, pinned: the two linters, and openapi-typescript
// with the TypeScript compiler that checks what it writes.
var npmTools = []string{"@redocly/cli@2.77.0", "@stoplight/spectral-cli@6.16.3", "openapi-typescript@7.13.0", "typescript@5.9.3"}

// npmBin installs npmTools once per set of versions, in the user's cache,
// and returns the folder of their commands. Without npm the test skips,
// except in CI, which must run it.
func npmBin(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("installs tools from npm")
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("npm is not installed; .ci/run installs it (apt-get install npm)")
		}
		t.Skip("npm is not installed")
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	sum := sha256.Sum256([]byte(strings.Join(npmTools, " ")))
	dir := filepath.Join(cache, "panther-tour-npm", hex.EncodeToString(sum[:8]))
	bin := filepath.Join(dir, "node_modules", ".bin")
	if _, err := os.Stat(filepath.Join(bin, "tsc")); err == nil {
		return bin
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"panther-tour-tools","private":true}`), 0o644)
	cmd := exec.Command(npm, append([]string{"install", "--no-audit", "--no-fund", "--loglevel=error"}, npmTools...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("npm install: %v\n%s", err, out)
		}
		t.Skipf("npm install failed (offline?): %v\n%s", err, out)
	}
	return bin
}

// tourDocumentFile writes the tour's document to a file for the tools.
func tourDocumentFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(path, tourDocument(t), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runTool(t *testing.T, name string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// Two third-party linters pass the tour's document with nothing to say:
// Redocly CLI's recommended rules and Spectral's spectral:oas, with the
// rules each turns off in testdata/lint, each with its reason.
func TestDocumentLint(t *testing.T) {
	bin := npmBin(t)
	doc := tourDocumentFile(t)
	out, err := runTool(t, filepath.Join(bin, "redocly"), "lint", "--config", "testdata/lint/redocly.yaml", "--format", "summary", doc)
	if err != nil || strings.Contains(out, "warning ") {
		t.Errorf("redocly lint (recommended): %v\n%s", err, out)
	}
	out, err = runTool(t, filepath.Join(bin, "spectral"), "lint", "--ruleset", "testdata/lint/spectral.yaml", "--fail-severity", "hint", doc)
	if err != nil {
		t.Errorf("spectral lint (spectral:oas): %v\n%s", err, out)
	}
}

// A TypeScript client's types, written by openapi-typescript from the
// tour's document, serve a small program that tsc --strict accepts.
func TestTypeScriptTypes(t *testing.T) {
	bin := npmBin(t)
	doc := tourDocumentFile(t)
	dir := t.TempDir()
	if out, err := runTool(t, filepath.Join(bin, "openapi-typescript"), doc, "-o", filepath.Join(dir, "api.d.ts")); err != nil {
		t.Fatalf("openapi-typescript: %v\n%s", err, out)
	}
	usage, err := os.ReadFile("testdata/ts/usage.ts")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "usage.ts"), usage, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runTool(t, filepath.Join(bin, "tsc"), "--noEmit", "--strict", "--target", "es2020", "--module", "es2020",
		"--moduleResolution", "bundler", filepath.Join(dir, "usage.ts"))
	if err != nil {
		t.Errorf("tsc --strict on a program using the generated types: %v\n%s", err, out)
	}
}
