package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func runPanther(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestUsage(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Usage:"},
		{[]string{"nosuch"}, 2, `unknown command "nosuch"`},
		{[]string{"new"}, 2, "want one NAME"},
		{[]string{"new", "a", "b"}, 2, "want one NAME"},
		{[]string{"new", "-replace", t.TempDir(), "demo", "-module", "example.com/x"}, 1, "is not a checkout of"}, // flags after the name are read
		{[]string{"new", "-nosuch", "demo"}, 2, "flag provided but not defined: -nosuch"},
		{[]string{"new", "Not A Name"}, 2, "is not a project name"},
		{[]string{"new", "-module", "has space", "demo"}, 2, "is not a module path"},
		{[]string{"new", "-replace", t.TempDir(), "demo"}, 1, "is not a checkout of github.com/panther-go/panther"},
	} {
		code, _, stderr := runPanther(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("panther %q: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("refused commands wrote %v", entries)
	}
	// A go.mod that cannot be tidied: nothing is left behind, so the
	// command can be rerun.
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOPROXY", "off")
	if code, _, stderr := runPanther(t, "new", "offline"); code != 1 || !strings.Contains(stderr, "nothing was left in offline") {
		t.Errorf("new without a reachable framework: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat("offline"); !os.IsNotExist(err) {
		t.Errorf("a failed new left its directory: %v", err)
	}
	os.Mkdir("taken", 0o755)
	if code, _, stderr := runPanther(t, "new", "-no-tidy", "taken"); code != 1 || !strings.Contains(stderr, "taken already exists") {
		t.Errorf("new into an existing directory: exit %d, stderr %q", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runPanther(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "panther ") || !strings.Contains(stdout, "go1.") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}

// TestNew writes a project with the local framework, then runs its tests,
// builds it, serves it and runs its commands, as a new user would.
func TestNew(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated project")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	code, stdout, stderr := runPanther(t, "new", "-module", "example.com/demo", "-replace", repo, "demo")
	if code != 0 {
		t.Fatalf("panther new: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "cd demo\n    go run .") {
		t.Errorf("panther new printed %q; want the next commands", stdout)
	}
	project := filepath.Join(dir, "demo")
	for _, name := range []string{"go.mod", "go.sum", "main.go", "apis.go", "apis_test.go", "README.md", ".gitignore"} {
		if _, err := os.Stat(filepath.Join(project, name)); err != nil {
			t.Errorf("the project has no %s: %v", name, err)
		}
	}
	gomod, _ := os.ReadFile(filepath.Join(project, "go.mod"))
	if !strings.HasPrefix(string(gomod), "module example.com/demo\n") || !strings.Contains(string(gomod), "replace github.com/panther-go/panther => "+repo) {
		t.Errorf("go.mod:\n%s", gomod)
	}
	readme, _ := os.ReadFile(filepath.Join(project, "README.md"))
	if lines := strings.Split(string(readme), "\n"); len(lines) < 4 || !strings.Contains(lines[2], "go run .") || !strings.Contains(lines[3], "go test ./...") {
		t.Errorf("the README's first commands are not go run . and go test ./...:\n%s", readme)
	}

	goCmd := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = project
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	goCmd("vet", "./...")
	if out := goCmd("test", "./..."); !strings.Contains(out, "ok  \texample.com/demo") {
		t.Errorf("go test ./... in the project:\n%s", out)
	}
	if out, _ := exec.Command("gofmt", "-l", project).CombinedOutput(); len(out) != 0 {
		t.Errorf("gofmt would rewrite %s", out)
	}
	bin := filepath.Join(t.TempDir(), "demo")
	goCmd("build", "-o", bin, ".")

	command := func(args ...string) (int, string) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = project
		out, _ := cmd.CombinedOutput()
		return cmd.ProcessState.ExitCode(), string(out)
	}
	if code, out := command("routes"); code != 0 || !strings.Contains(out, "/notes/<id>/") {
		t.Errorf("demo routes: exit %d\n%s", code, out)
	}
	if code, out := command("check"); code != 0 || !strings.Contains(out, "database: ok") {
		t.Errorf("demo check: exit %d\n%s", code, out)
	}
	if code, _ := command("nosuch"); code != 2 {
		t.Errorf("demo nosuch: exit %d; want 2", code)
	}

	// Serve: the first request works on a fresh directory.
	srv := exec.Command(bin, "-addr", "127.0.0.1:0")
	srv.Dir = project
	logs, err := srv.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	base := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(logs)
		for sc.Scan() {
			if _, addr, ok := strings.Cut(sc.Text(), "listening on "); ok {
				base <- strings.Trim(addr, `"`)
			}
		}
	}()
	var url string
	select {
	case url = <-base:
	case <-time.After(30 * time.Second): // a process's log, not a clock under test
		t.Fatal("the project did not say it listens")
	}
	res, err := http.Post(url+"/notes/", "application/json", strings.NewReader(`{"text":"first"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || string(body) != `{"id":1,"text":"first"}` {
		t.Errorf("POST /notes/: %d %s", res.StatusCode, body)
	}
	res, err = http.Get(url + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET /readyz: %d", res.StatusCode)
	}
	srv.Process.Signal(syscall.SIGTERM)
	if err := srv.Wait(); err != nil {
		t.Errorf("the project after SIGTERM: %v; want exit 0", err)
	}
	if _, err := os.Stat(filepath.Join(project, "demo.db")); err != nil {
		t.Errorf("serving made no demo.db: %v", err)
	}
}
