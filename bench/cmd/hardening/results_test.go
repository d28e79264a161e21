package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteSection(t *testing.T) {
	const section = "## Hardening\n\nnew\n"
	for _, tc := range []struct {
		name, before, want string
	}{
		{"no file", "", section},
		{"appended", "# R\n\n## Hello\n\nx\n", "# R\n\n## Hello\n\nx\n\n" + section},
		{"replaced at the end", "# R\n\n## Hardening\n\nold\n\n### soak\n\nold\n", "# R\n\n" + section},
		{"replaced in the middle", "# R\n\n## Hardening\n\nold\n\n## Next\n\ny\n", "# R\n\n" + section + "\n## Next\n\ny\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "RESULTS.md")
			if tc.before != "" {
				if err := os.WriteFile(path, []byte(tc.before), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := writeSection(path, section); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(path)
			if string(got) != tc.want {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}
