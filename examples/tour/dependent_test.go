package main

import (
	"bufio"
	"context"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// dependentMain is a project's whole program: an app whose docs pages
// take the bundles uibundle wrote into the project's own module.
const dependentMain = `package main

import (
	"fmt"
	"net"
	"net/http"

	"example.com/dependent/docsui"
	"github.com/panther-go/panther"
	"github.com/panther-go/panther/openapi"
)

func main() {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"hello/<name>/": panther.API{Methods: []string{http.MethodGet}, Handler: func(r *panther.Request) (any, error) {
			return map[string]string{"message": "Hello, " + r.PathVar("name") + "!"}, nil
		}},
	}})
	openapi.Mount(app, openapi.Config{Title: "Dependent", Bundles: docsui.FS})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	fmt.Println("http://" + ln.Addr().String())
	http.Serve(ln, app)
}
`

// The docs pages work offline for a project that depends on this module,
// not only inside it: a throwaway module outside the repository, which
// requires a copy of this module without the bundles go generate fetches
// here, runs the uibundle command, and serves Swagger UI, Redoc and Scalar
// from its binary; headless Chromium, able to resolve 127.0.0.1 only,
// renders each page, and its network log shows no request elsewhere.
func TestDocsOfflineForADependent(t *testing.T) {
	chromium := chromiumPath(t)
	npmBin(t) // npm, for uibundle
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	module := filepath.Join(dir, "panther")
	copyModule(t, root, module)
	project := filepath.Join(dir, "dependent")
	if err := os.MkdirAll(project, 0o755); err != nil {
		t.Fatal(err)
	}
	gomod := "module example.com/dependent\n\ngo 1.26\n\nrequire github.com/panther-go/panther v0.0.0\n\nreplace github.com/panther-go/panther => " + module + "\n"
	os.WriteFile(filepath.Join(project, "go.mod"), []byte(gomod), 0o644)
	os.WriteFile(filepath.Join(project, "main.go"), []byte(dependentMain), 0o644)
	if out, err := goCommand(t, project, "mod", "tidy").CombinedOutput(); err != nil {
		// main.go imports docsui, which uibundle writes next; tidy's
		// complaint about it is expected, a network failure is not.
		if regexp.MustCompile(networkFailure).Match(out) {
			t.Skipf("the modules cannot be fetched (offline?): %s", out)
		}
	}
	if out, err := goCommand(t, project, "run", "github.com/panther-go/panther/openapi/ui/uibundle", "-o", "docsui").CombinedOutput(); err != nil {
		t.Fatalf("uibundle: %v\n%s", err, out)
	}
	bin := filepath.Join(dir, "server")
	if out, err := goCommand(t, project, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building the dependent: %v\n%s", err, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv := exec.CommandContext(ctx, bin)
	stdout, _ := srv.StdoutPipe()
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); srv.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	base := strings.TrimSpace(line)
	for _, page := range []string{"/docs/", "/redoc/", "/scalar/"} {
		res, err := http.Get(base + page)
		if err != nil {
			t.Fatal(err)
		}
		html, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || strings.Contains(string(html), "cdn.jsdelivr.net") {
			t.Errorf("%s: %d, and it loads from a CDN: %v", page, res.StatusCode, strings.Contains(string(html), "cdn.jsdelivr.net"))
			continue
		}
		var text string
		var netlog []byte
		for try := 0; try < 3 && !strings.Contains(text, "/hello/{name}"); try++ {
			var dom []byte
			dom, netlog = runChromium(t, chromium, base+page, "--dump-dom")
			text = pageText(string(dom))
		}
		if !strings.Contains(text, "/hello/{name}") {
			t.Errorf("%s does not show /hello/{name}", page)
		}
		checkNetLog(t, netlog, base)
	}
}

// copyModule copies the module at src to dst, as a dependent would get
// it: the Go and embedded files, without the bundles go generate fetched
// into openapi/ui/npm, the benchmarks and the examples.
func copyModule(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			switch rel {
			case ".git", "bench", "examples", "node_modules":
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if strings.HasSuffix(rel, ".js.gz") || strings.HasSuffix(rel, ".test") || strings.HasSuffix(rel, ".db") || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
