package panther

import "testing"

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"report.pdf":          "report.pdf",
		"../../etc/passwd":    "passwd",
		`..\..\windows\x.ini`: "x.ini",
		"/abs/path/a.txt":     "a.txt",
		"..":                  "upload",
		".hidden":             "hidden",
		"":                    "upload",
		"dir/":                "upload",
		"a\x00b\nc.txt":       "abc.txt",
		"C:evil.txt":          "Cevil.txt",
		" spaced .txt ":       "spaced .txt",
	} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}
