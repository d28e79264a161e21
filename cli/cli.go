// Package cli gives an app's binary its commands with one call in main:
// serve (the default), routes, openapi, createuser, migrate and check.
//
//	func main() {
//		var dbURL string
//		cli.Main(cli.Program{
//			Name: "demo",
//			Flags: func(fs *flag.FlagSet) {
//				fs.StringVar(&dbURL, "db", cli.Env("DEMO_DB", "sqlite:demo.db"), "the database [DEMO_DB]")
//			},
//			Build: func(ctx context.Context) (*cli.Project, error) {
//				d, err := db.Open(ctx, dbURL, db.Options{})
//				if err != nil {
//					return nil, err
//				}
//				accounts := users.New(d, password.Params{})
//				app := panther.New(panther.Config{DB: d, URLs: urls(accounts)})
//				return &cli.Project{App: app, Users: accounts}, nil
//			},
//		})
//	}
//
// The command comes first and its flags after it: "demo migrate -db
// sqlite:other.db"; with no command, or a flag first, the command is
// serve. The app's own flags (Program.Flags) are on every command, so
// Build sees them parsed. Every server setting is a flag of serve with an
// environment variable beside it: -addr [PANTHER_ADDR],
// -read-timeout [PANTHER_READ_TIMEOUT] and so on; a flag beats its
// variable, and a setting given by neither keeps the app's Config.Server.
//
// Exit codes: 0 done; 1 the command failed, with the reason on stderr; 2
// the command line is wrong (an unknown command or flag), with the usage
// on stderr.
//
// The flags are the standard library's package flag: the commands are
// few and each has a handful of flags, which is what it does well.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/users"
	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/openapi"
)

// Program is an app's command line.
type Program struct {
	// Name is the binary's name in the usage. Default: the base name of
	// os.Args[0].
	Name string

	// Flags adds the app's own flags, such as its database URL, to the
	// command's flag set; Build reads them once they are parsed. Env gives
	// a flag's default from an environment variable.
	Flags func(fs *flag.FlagSet)

	// Build makes the app once the flags are parsed. Every command but
	// help calls it; a panic in it (panther.New panics on a configuration
	// mistake) is reported like an error, exit 1. Required.
	Build func(ctx context.Context) (*Project, error)

	// Addr is serve's default -addr. Default: "127.0.0.1:8000".
	Addr string
}

// Project is what Build makes: the app and what the commands act on
// besides it.
type Project struct {
	App *panther.App

	// Users is the user model createuser adds to; nil when the app has
	// none. Its table is migrated with Tables.
	Users *users.Users

	// Tables are what migrate (and serve, unless -migrate=false) creates
	// or completes on the app's database, Config.DB, with AutoMigrate.
	Tables []db.Schema

	// OpenAPI is what the openapi command builds the document with.
	OpenAPI openapi.Config
}

// Main runs the command os.Args names, serving until SIGINT or SIGTERM,
// and exits with its code.
func Main(p Program) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := p.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Run runs the command args name (os.Args[1:] in Main) and returns the
// exit code. Serve stops when ctx is done. Tests call it with buffers.
func (p Program) Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if p.Build == nil {
		fmt.Fprintln(stderr, "cli: Program.Build is nil; give it the function that makes the app")
		return 1
	}
	if p.Name == "" {
		p.Name = filepath.Base(os.Args[0])
	}
	name, rest := "serve", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, rest = args[0], args[1:]
	}
	if name == "help" {
		p.usage(stdout)
		return 0
	}
	cmd, ok := commandNamed(name)
	if !ok {
		fmt.Fprintf(stderr, "%s: unknown command %q\n\n", p.Name, name)
		p.usage(stderr)
		return 2
	}
	r := &run{p: p, stdin: stdin, stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet(p.Name+" "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s %s\n\n%s\n\nFlags:\n", p.Name, cmd.synopsis(), strings.ReplaceAll(cmd.help, "APP", p.Name))
		fs.PrintDefaults()
	}
	if p.Flags != nil {
		p.Flags(fs)
	}
	bind := cmd.flags(r, fs)
	// Flags may follow the arguments too: createuser alice -admin.
	var positional []string
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2 // flag has printed the error and the usage
		}
		if fs.NArg() == 0 {
			break
		}
		positional, rest = append(positional, fs.Arg(0)), fs.Args()[1:]
	}
	if err := bind(fs); err != nil {
		fmt.Fprintf(stderr, "%s %s: %v\n", p.Name, cmd.name, err)
		return 2
	}
	if len(positional) != cmd.args {
		if len(positional) > 0 && cmd.name == "serve" && len(args) > 0 && strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(stderr, "%s: unexpected %q: a command comes first, as in \"%s %s %s\"\n\n", p.Name, positional[0], p.Name, positional[0], strings.Join(slices.DeleteFunc(slices.Clone(args), func(a string) bool { return a == positional[0] }), " "))
		} else {
			fmt.Fprintf(stderr, "%s %s: want %s\n\n", p.Name, cmd.name, cmd.synopsis())
		}
		fs.Usage()
		return 2
	}
	r.args = positional
	if err := r.build(ctx); err != nil {
		fmt.Fprintf(stderr, "%s %s: %v\n", p.Name, cmd.name, err)
		return 1
	}
	err := cmd.run(ctx, r)
	if cmd.name != "serve" { // Serve ends the app itself
		err = errors.Join(err, r.end(ctx))
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s %s: %v\n", p.Name, cmd.name, err)
		return 1
	}
	return 0
}

func (p Program) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s [command] [flags]\n\nCommands:\n", p.Name)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-11s %s\n\nWith no command, or a flag first, the command is serve. Run \"%s COMMAND -h\" for a command's flags.\n", "help", "print this", p.Name)
}

// Env is the environment variable key when it is set, else fallback: a
// flag's default that the environment may change.
func Env(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}

// run is one command's run: what Build made and where the command writes.
type run struct {
	p              Program
	project        *Project
	args           []string
	stdin          io.Reader
	stdout, stderr io.Writer

	serve *serveOptions // serve's flags
	admin bool          // createuser's -admin
}

// build calls Program.Build, turning its panic into an error.
func (r *run) build(ctx context.Context) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%v", v)
		}
	}()
	pr, err := r.p.Build(ctx)
	if err != nil {
		return err
	}
	if pr == nil || pr.App == nil {
		return errors.New("Build returned no app; return a *cli.Project with App set")
	}
	r.project = pr
	return nil
}

// end finishes the app as Serve would: its shutdown hooks, then Close.
func (r *run) end(ctx context.Context) error {
	app := r.project.App
	return errors.Join(app.RunShutdown(context.WithoutCancel(ctx)), app.Close())
}

// database is the app's *db.DB, for the commands that need one.
func (r *run) database() (*db.DB, error) {
	d, ok := r.project.App.DB().(*db.DB)
	if !ok || d == nil {
		return nil, errors.New("the app has no database: give panther.Config.DB a *db.DB (db.Open)")
	}
	return d, nil
}

// tables are the project's tables, the user model's first.
func (r *run) tables() []db.Schema {
	var all []db.Schema
	if r.project.Users != nil {
		all = append(all, r.project.Users.Table())
	}
	return append(all, r.project.Tables...)
}

// migrate creates or completes the project's tables, and says which.
func (r *run) migrate(ctx context.Context) error {
	tables := r.tables()
	if len(tables) == 0 {
		return nil
	}
	d, err := r.database()
	if err != nil {
		return err
	}
	return d.AutoMigrate(ctx, tables...)
}
