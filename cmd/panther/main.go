// Command panther starts Panther for Go projects.
//
//	go run github.com/panther-go/panther/cmd/panther new demo
//	go run github.com/panther-go/panther/cmd/panther new -module example.com/demo -replace ../panther demo
//	go run github.com/panther-go/panther/cmd/panther version
//
// new writes ./NAME: go.mod, main.go (the app's commands, from package
// cli), apis.go (a notes resource on the embedded SQLite, health, the
// OpenAPI document), a test with package panthertest, a README and a
// .gitignore; then it runs go mod tidy there, so that go run . and
// go test ./... work at once. -replace points the framework at a local
// checkout instead of a published version.
package main

import (
	"bytes"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"text/template"
)

//go:embed skeleton
var skeleton embed.FS

// files are the skeleton's templates and where each is written.
var files = map[string]string{
	"go.mod.tmpl":       "go.mod",
	"main.go.tmpl":      "main.go",
	"apis.go.tmpl":      "apis.go",
	"apis_test.go.tmpl": "apis_test.go",
	"README.md.tmpl":    "README.md",
	"gitignore.tmpl":    ".gitignore",
}

const framework = "github.com/panther-go/panther"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `Usage:
  panther new [-module PATH] [-replace DIR] NAME   write a new project in ./NAME
  panther version                                  print the framework's version
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "new":
		return newProject(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintf(stdout, "panther %s %s\n", version(), runtime.Version())
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "panther: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// version is the framework's version in this binary: the module's own
// when it is the main module built from a tag, else the dependency's.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	if bi.Main.Path != framework {
		for _, dep := range bi.Deps {
			if dep.Path == framework {
				v = dep.Version
			}
		}
	}
	if v == "" || v == "(devel)" {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "(devel " + s.Value[:12] + ")"
			}
		}
		return "(devel)"
	}
	return v
}

// project is what the templates are filled with.
type project struct {
	Name, Module, Env, Go, Replace, Version string
}

var validName = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

func newProject(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("panther new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: panther new [-module PATH] [-replace DIR] NAME\n\nFlags:\n")
		fs.PrintDefaults()
	}
	module := fs.String("module", "", "the module path, such as example.com/demo (default: NAME)")
	replace := fs.String("replace", "", "a local checkout of "+framework+" for go.mod's replace, instead of a published version")
	noTidy := fs.Bool("no-tidy", false, "do not run go mod tidy in the new project")
	// Flags may follow the name too: panther new demo -module example.com/demo.
	var names []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		names, args = append(names, fs.Arg(0)), fs.Args()[1:]
	}
	if len(names) != 1 {
		fmt.Fprintf(stderr, "panther new: want one NAME, got %q\n\n", names)
		fs.Usage()
		return 2
	}
	p := project{Name: names[0], Module: *module, Go: goVersion()}
	if !validName.MatchString(p.Name) {
		fmt.Fprintf(stderr, "panther new: %q is not a project name: use lower-case letters, digits, - and _, starting with a letter\n", p.Name)
		return 2
	}
	if p.Module == "" {
		p.Module = p.Name
	}
	if strings.ContainsAny(p.Module, " \t\n\"'`\\") {
		fmt.Fprintf(stderr, "panther new: -module %q is not a module path, such as example.com/demo\n", p.Module)
		return 2
	}
	p.Env = strings.ToUpper(strings.NewReplacer("-", "_").Replace(p.Name))
	if *replace != "" {
		dir, err := filepath.Abs(*replace)
		if err == nil {
			_, err = os.Stat(filepath.Join(dir, "go.mod"))
		}
		if err != nil {
			fmt.Fprintf(stderr, "panther new: -replace %q is not a checkout of %s: %v\n", *replace, framework, err)
			return 1
		}
		p.Replace = dir
	} else if v := version(); strings.HasPrefix(v, "v") {
		p.Version = v
	}
	if _, err := os.Stat(p.Name); err == nil {
		fmt.Fprintf(stderr, "panther new: %s already exists; choose another name or remove it\n", p.Name)
		return 1
	}
	// A project half made is removed, so that the command can be run again.
	err := write(p)
	if err == nil && !*noTidy {
		err = tidy(p, stderr)
	}
	if err != nil {
		os.RemoveAll(p.Name)
		fmt.Fprintf(stderr, "panther new: %v; nothing was left in %s\n", err, p.Name)
		return 1
	}
	fmt.Fprintf(stdout, "created %s/ (module %s)\n\n    cd %s\n    go run .          # serves on http://127.0.0.1:8000\n    go test ./...\n", p.Name, p.Module, p.Name)
	return 0
}

// goVersion is this Go's language version, 1.26 for go1.26.8.
func goVersion() string {
	v := strings.TrimPrefix(runtime.Version(), "go")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return "1.26"
	}
	return parts[0] + "." + strings.TrimFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' })
}

// write fills the skeleton into ./NAME.
func write(p project) error {
	if err := os.Mkdir(p.Name, 0o755); err != nil {
		return err
	}
	return fs.WalkDir(skeleton, "skeleton", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name, ok := files[d.Name()]
		if !ok {
			return fmt.Errorf("the skeleton has %s, which files does not place", d.Name())
		}
		src, err := skeleton.ReadFile(path)
		if err != nil {
			return err
		}
		t, err := template.New(d.Name()).Parse(string(src))
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := t.Execute(&b, p); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(p.Name, name), b.Bytes(), 0o644)
	})
}

// tidy resolves the project's dependencies, writing go.sum.
func tidy(p project, stderr io.Writer) error {
	if p.Replace == "" && p.Version == "" {
		get := exec.Command("go", "get", framework+"@latest")
		get.Dir, get.Stdout, get.Stderr = p.Name, stderr, stderr
		if err := get.Run(); err != nil {
			return fmt.Errorf("go get %s@latest failed (%v); run panther new with -replace DIR, a local checkout", framework, err)
		}
	}
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir, cmd.Stdout, cmd.Stderr = p.Name, stderr, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go mod tidy failed (%v): see its message above", err)
	}
	return nil
}
