package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestKeptSections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "RESULTS.md")
	old := "# Benchmark results\n\n## Hello\n\nold figures\n\n## Hardening\n\nsoak\n\n### chaos\n\nkept\n\n" +
		"## Database (package db)\n\nwriters\n\n## CRUD list (package crud), in process\n\nstale\n"
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "## Hardening\n\nsoak\n\n### chaos\n\nkept\n\n## Database (package db)\n\nwriters\n"
	if got := keptSections(path); got != want {
		t.Errorf("keptSections =\n%q\nwant\n%q", got, want)
	}
	if got := keptSections(filepath.Join(t.TempDir(), "none.md")); got != "" {
		t.Errorf("keptSections of no file = %q", got)
	}
}
