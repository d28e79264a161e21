package schema_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/panther-go/panther/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden is one document checked against testdata/<name>.json.
type golden struct {
	name   string
	prefix string // where its $refs point
	doc    func() *schema.Schema
}

var goldens = []golden{
	{"note", "#/$defs/", schema.For[NoteIn]},
	{"kinds", "#/$defs/", schema.For[Kinds]},
	{"validate", "#/$defs/", schema.For[Rules]},
	{"nullable", "#/$defs/", schema.For[Nullable]},
	{"embedded", "#/$defs/", schema.For[Embedding]},
	{"skipped", "#/$defs/", schema.For[Skipped]},
	{"collision", "#/$defs/", schema.For[Both]},
	{"generics", "#/$defs/", schema.For[Feeds]},
	{"recursion", "#/$defs/", schema.For[Forest]},
	{"annotations", "#/$defs/", schema.For[Documented]},
	{"list", "#/$defs/", schema.For[[]NoteIn]},
	{"form", "#/$defs/", func() *schema.Schema {
		return document(schema.Options{Tag: "form"}, reflect.TypeFor[Signup]())
	}},
	{"refprefix", "#/components/schemas/", func() *schema.Schema {
		return document(schema.Options{RefPrefix: "#/components/schemas/"}, reflect.TypeFor[NoteOut]())
	}},
}

// document describes t with a Registry and gathers its definitions.
func document(opts schema.Options, t reflect.Type) *schema.Schema {
	r := schema.NewRegistry(opts)
	s := r.Schema(t)
	s.Defs = r.Defs()
	return s
}

func TestGolden(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.name, func(t *testing.T) {
			checkGolden(t, g.name, marshal(t, g.doc()))
		})
	}
}

// TestGoldenFilesUsed keeps testdata free of files no case checks.
func TestGoldenFilesUsed(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		if !slices.ContainsFunc(goldens, func(g golden) bool { return g.name == name }) {
			t.Errorf("%s is checked by no golden case; remove it or add a case", f)
		}
	}
}

// marshal writes doc as the golden files hold it: indented by two spaces,
// ending in a newline.
func marshal(t *testing.T, doc *schema.Schema) []byte {
	t.Helper()
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return append(b, '\n')
}

// checkGolden compares got with testdata/<name>.json, or rewrites the file
// under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./schema -update` to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what the code produces now:\n%s\nrun `go test ./schema -update` if the change is intended", path, lineDiff(string(got), string(want)))
	}
}

// lineDiff is a line diff of want into got: "-" lines are only in the
// golden file, "+" lines only in the output, each with its line number
// there. It is a longest-common-subsequence diff, fine for golden files of
// a few hundred lines.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	// common[i][j] is the length of the longest common subsequence of
	// w[i:] and g[j:].
	common := make([][]int, len(w)+1)
	for i := range common {
		common[i] = make([]int, len(g)+1)
	}
	for i := len(w) - 1; i >= 0; i-- {
		for j := len(g) - 1; j >= 0; j-- {
			if w[i] == g[j] {
				common[i][j] = common[i+1][j+1] + 1
			} else {
				common[i][j] = max(common[i+1][j], common[i][j+1])
			}
		}
	}
	var b strings.Builder
	i, j := 0, 0
	for i < len(w) || j < len(g) {
		switch {
		case i < len(w) && j < len(g) && w[i] == g[j]:
			i, j = i+1, j+1
		case j < len(g) && (i == len(w) || common[i][j+1] >= common[i+1][j]):
			fmt.Fprintf(&b, "+ got  %4d: %s\n", j+1, g[j])
			j++
		default:
			fmt.Fprintf(&b, "- want %4d: %s\n", i+1, w[i])
			i++
		}
	}
	return b.String()
}
