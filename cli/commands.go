package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/openapi"
)

// command is one of the binary's commands.
type command struct {
	name, summary, help string
	argsUsage           string // the positional arguments in the usage, "USERNAME"
	args                int    // how many positional arguments it takes
	// flags adds the command's own flags to fs and returns what reads them
	// once fs is parsed; an error there is a usage error.
	flags func(r *run, fs *flag.FlagSet) func(fs *flag.FlagSet) error
	run   func(ctx context.Context, r *run) error
}

func (c *command) synopsis() string {
	s := c.name + " [flags]"
	if c.argsUsage != "" {
		s += " " + c.argsUsage
	}
	return s
}

func noFlags(*run, *flag.FlagSet) func(*flag.FlagSet) error {
	return func(*flag.FlagSet) error { return nil }
}

var commands []*command

func init() {
	commands = []*command{
		{name: "serve", summary: "serve the app until SIGINT or SIGTERM (the default)",
			help:  "Serve the app: create or complete its tables (unless -migrate=false), listen on -addr and serve until SIGINT or SIGTERM, then shut down gracefully. A server setting given by neither its flag nor its environment variable keeps the app's Config.Server.",
			flags: serveFlags, run: serve},
		{name: "routes", summary: "list the routes with what each enforces",
			help:  "Print a table of the routes: path, methods, authentication, permissions, throttle, cache, input and output.",
			flags: noFlags, run: routes},
		{name: "openapi", summary: "print the OpenAPI 3.1 document",
			help:  "Print the app's OpenAPI 3.1 document, as JSON, to stdout.",
			flags: noFlags, run: printOpenAPI},
		{name: "createuser", summary: "add a user to the app's user model",
			help:      "Add the user USERNAME. The password is read without echo when stdin is a terminal, else as the first line of stdin: echo \"$PASSWORD\" | APP createuser alice.",
			argsUsage: "USERNAME", args: 1, flags: createUserFlags, run: createUser},
		{name: "migrate", summary: "create the missing tables and columns",
			help:  "Create the app's tables that do not exist and add the columns they lack (db.AutoMigrate); nothing is renamed or dropped.",
			flags: noFlags, run: migrate},
		{name: "check", summary: "validate the configuration, reach the database and the store",
			help:  "Build the app and its OpenAPI document, then reach its database and its store; exit 1 with the reason when one fails.",
			flags: noFlags, run: check},
	}
}

func commandNamed(name string) (*command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return nil, false
}

// A setting is a server setting: a flag of serve with an environment
// variable beside it.
type setting struct {
	flag, env, help string
	apply           func(c *panther.ServerConfig, v string) error
}

var settings = []setting{
	{"read-header-timeout", "PANTHER_READ_HEADER_TIMEOUT", "bound on reading a request's headers (Config.Server.ReadHeaderTimeout)",
		duration(func(c *panther.ServerConfig, d time.Duration) { c.ReadHeaderTimeout = d })},
	{"read-timeout", "PANTHER_READ_TIMEOUT", "bound on reading a whole request (Config.Server.ReadTimeout)",
		duration(func(c *panther.ServerConfig, d time.Duration) { c.ReadTimeout = d })},
	{"write-timeout", "PANTHER_WRITE_TIMEOUT", "how long a client may take to accept each 64 KiB of a response (Config.Server.WriteTimeout)",
		duration(func(c *panther.ServerConfig, d time.Duration) { c.WriteTimeout = d })},
	{"idle-timeout", "PANTHER_IDLE_TIMEOUT", "how long a keep-alive connection may wait for its next request (Config.Server.IdleTimeout)",
		duration(func(c *panther.ServerConfig, d time.Duration) { c.IdleTimeout = d })},
	{"shutdown-timeout", "PANTHER_SHUTDOWN_TIMEOUT", "how long in-flight requests may finish at shutdown (Config.Server.ShutdownTimeout)",
		duration(func(c *panther.ServerConfig, d time.Duration) { c.ShutdownTimeout = d })},
	{"max-header-bytes", "PANTHER_MAX_HEADER_BYTES", "bound on a request's line and headers, in bytes (Config.Server.MaxHeaderBytes)",
		func(c *panther.ServerConfig, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return fmt.Errorf("%q is not a positive number of bytes, such as 65536", v)
			}
			c.MaxHeaderBytes = n
			return nil
		}},
}

func duration(set func(*panther.ServerConfig, time.Duration)) func(*panther.ServerConfig, string) error {
	return func(c *panther.ServerConfig, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%q is not a duration, such as 30s or 2m; a negative one turns the timeout off", v)
		}
		set(c, d)
		return nil
	}
}

// serveOptions are serve's flags, read.
type serveOptions struct {
	addr    string
	migrate bool
	server  []func(*panther.ServerConfig) error
}

func serveFlags(r *run, fs *flag.FlagSet) func(*flag.FlagSet) error {
	o := &serveOptions{}
	addr := r.p.Addr
	if addr == "" {
		addr = "127.0.0.1:8000"
	}
	fs.StringVar(&o.addr, "addr", Env("PANTHER_ADDR", addr), "the address to listen on [PANTHER_ADDR]")
	migrateDefault := Env("PANTHER_MIGRATE", "true")
	fs.BoolVar(&o.migrate, "migrate", true, "create or complete the app's tables before serving [PANTHER_MIGRATE]")
	raw := make([]*string, len(settings))
	for i, s := range settings {
		raw[i] = fs.String(s.flag, "", s.help+"; default: the app's ["+s.env+"]")
	}
	return func(fs *flag.FlagSet) error {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["migrate"] {
			b, err := strconv.ParseBool(migrateDefault)
			if err != nil {
				return fmt.Errorf("PANTHER_MIGRATE: %q is not true or false", migrateDefault)
			}
			o.migrate = b
		}
		for i, s := range settings {
			v, from := *raw[i], "-"+s.flag
			if !set[s.flag] {
				var ok bool
				if v, ok = os.LookupEnv(s.env); !ok {
					continue
				}
				from = s.env
			}
			c := panther.ServerConfig{}
			if err := s.apply(&c, v); err != nil {
				return fmt.Errorf("%s: %w", from, err)
			}
			o.server = append(o.server, func(c *panther.ServerConfig) error { return s.apply(c, v) })
		}
		r.serve = o
		return nil
	}
}

func serve(ctx context.Context, r *run) error {
	app := r.project.App
	o := r.serve
	if len(o.server) > 0 {
		c := app.Server()
		for _, apply := range o.server {
			if err := apply(&c); err != nil {
				return err
			}
		}
		app.SetServer(c)
	}
	if o.migrate {
		if err := r.migrate(ctx); err != nil {
			app.Close()
			return fmt.Errorf("migrating the tables: %w (or serve with -migrate=false)", err)
		}
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		app.Close()
		return fmt.Errorf("-addr: %w", err)
	}
	return app.Serve(ctx, ln)
}

func routes(_ context.Context, r *run) error {
	tw := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PATH\tMETHODS\tAUTH\tPERMISSIONS\tTHROTTLE\tCACHE\tINPUT\tOUTPUT")
	for _, ri := range r.project.App.Routes() {
		api := ri.API
		methods := make([]string, len(ri.Operations))
		for i, op := range ri.Operations {
			methods[i] = op.Method
		}
		perms := make([]string, len(api.Permissions))
		for i, p := range api.Permissions {
			perms[i] = panther.PermissionName(p)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			routePath(ri.Pattern), orDash(strings.Join(methods, ",")), authName(api.Auth), orDash(strings.Join(perms, ", ")),
			throttleName(api.Throttle), cacheName(api.Cache),
			perMethod(ri.Operations, inputName),
			perMethod(ri.Operations, outputName))
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func authName(m panther.AuthMode) string {
	switch m {
	case panther.AuthRequired:
		return "required"
	case panther.AuthOptional:
		return "optional"
	}
	return "-"
}

func throttleName(t *panther.Throttle) string {
	if t == nil || t.Rate == 0 {
		return "-"
	}
	return strconv.Itoa(t.Rate) + "/" + shortDuration(t.Duration)
}

func cacheName(d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	return shortDuration(d)
}

// shortDuration is d as people write it: 1m, not 1m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// perMethod is name of each operation: one value when they all agree,
// else "METHOD value" for each that has one.
func perMethod(ops []panther.OperationInfo, name func(panther.OperationInfo) string) string {
	if len(ops) == 0 {
		return "-"
	}
	same := true
	for _, op := range ops[1:] {
		same = same && name(op) == name(ops[0])
	}
	if same {
		return name(ops[0])
	}
	var parts []string
	for _, op := range ops {
		if n := name(op); n != "-" {
			parts = append(parts, op.Method+" "+n)
		}
	}
	return strings.Join(parts, ", ")
}

// routePath is the route as declared, from the root: /notes/<id>/.
func routePath(pattern string) string {
	if pattern == "/" {
		return pattern
	}
	return "/" + pattern
}

// inputName is the Input's type name; an unnamed one is its parameters,
// "query limit, skip".
func inputName(op panther.OperationInfo) string {
	if op.Input == nil || op.Input.Name() != "" || len(op.Params) == 0 {
		return typeName(op.Input)
	}
	var parts []string
	in := ""
	for _, p := range op.Params {
		if p.In != in {
			in = p.In
			parts = append(parts, in+" "+p.Name)
			continue
		}
		parts[len(parts)-1] += "," + p.Name
	}
	return strings.Join(parts, " ")
}

func outputName(op panther.OperationInfo) string {
	switch {
	case op.Media != "":
		return op.Media
	case op.Status == 204:
		return "204 no body"
	}
	return typeName(op.Output)
}

// qualifier is a package name before a type name, in reflect's spelling.
var qualifier = regexp.MustCompile(`[\w/.-]*\.`)

// typeName is t as its package writes it: Note, []Note, *Book.
func typeName(t reflect.Type) string {
	if t == nil {
		return "-"
	}
	return qualifier.ReplaceAllString(t.String(), "")
}

func printOpenAPI(_ context.Context, r *run) error {
	doc, err := openapi.Build(r.project.App, r.project.OpenAPI)
	if err != nil {
		return err
	}
	body, err := doc.JSON()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(r.stdout, "%s\n", body)
	return err
}

func createUserFlags(r *run, fs *flag.FlagSet) func(*flag.FlagSet) error {
	fs.BoolVar(&r.admin, "admin", false, "make the user an admin")
	return func(*flag.FlagSet) error { return nil }
}

func createUser(ctx context.Context, r *run) error {
	accounts := r.project.Users
	if accounts == nil {
		return errors.New("the app has no user model: set cli.Project.Users (package auth/users)")
	}
	d, err := r.database()
	if err != nil {
		return err
	}
	if err := d.AutoMigrate(ctx, accounts.Table()); err != nil {
		return err
	}
	name := r.args[0]
	taken := fmt.Errorf("the username %q is taken; nothing was changed", name)
	if ok, err := accounts.Table().Exists(ctx, db.Eq("username", name)); err != nil {
		return err
	} else if ok {
		return taken
	}
	pass, err := readPassword(r.stdin, r.stderr)
	if err != nil {
		return err
	}
	u, err := accounts.Create(ctx, name, pass, r.admin)
	if conflict := (*db.ConflictError)(nil); errors.As(err, &conflict) {
		return taken // created meanwhile
	}
	if err != nil {
		return err
	}
	kind := "user"
	if u.Admin {
		kind = "admin"
	}
	fmt.Fprintf(r.stdout, "created %s %q (id %d)\n", kind, u.Username, u.ID)
	return nil
}

// readPassword reads the password without echo, twice, from a terminal;
// else it is the first line of stdin.
func readPassword(stdin io.Reader, prompt io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(prompt, "Password: ")
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", err
		}
		fmt.Fprint(prompt, "Password (again): ")
		again, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", err
		}
		if string(first) != string(again) {
			return "", errors.New("the passwords differ; nothing was changed")
		}
		if len(first) == 0 {
			return "", errors.New("the password is empty; nothing was changed")
		}
		return string(first), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password: type it at a terminal, or give it as the first line of stdin; nothing was changed")
	}
	return line, nil
}

func migrate(ctx context.Context, r *run) error {
	tables := r.tables()
	if len(tables) == 0 {
		return errors.New("the app has no tables to migrate: list them in cli.Project.Tables")
	}
	if err := r.migrate(ctx); err != nil {
		return err
	}
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.Name()
	}
	fmt.Fprintf(r.stdout, "migrated: %s\n", strings.Join(names, ", "))
	return nil
}

func check(ctx context.Context, r *run) error {
	app := r.project.App
	if _, err := openapi.Build(app, r.project.OpenAPI); err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	fmt.Fprintf(r.stdout, "configuration: ok (%d routes)\n", len(app.Routes()))
	var failed []string
	for _, dep := range app.Dependencies() {
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := dep.Ping(pctx)
		cancel()
		if err != nil {
			failed = append(failed, dep.Name)
			fmt.Fprintf(r.stdout, "%s: %v\n", dep.Name, err)
			continue
		}
		fmt.Fprintf(r.stdout, "%s: ok\n", dep.Name)
	}
	if failed != nil {
		return fmt.Errorf("cannot reach the %s", strings.Join(failed, " and the "))
	}
	return nil
}
