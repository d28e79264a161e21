// Command tour is the runnable tour of Panther for Go: every feature of the
// framework on a small notes service. Run it with
//
//	go run ./examples/tour
//
// and follow README.md beside this file with curl.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/password"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "tour:", err)
		}
		os.Exit(2)
	}
}

// options are the tour's flags; each has an environment variable too.
type options struct {
	addr       string
	redis      string
	db         string // the database URL; empty: sqlite:tour.db
	secret     string
	throttle   *panther.Throttle
	tick       time.Duration   // the period of the tick task
	hashParams password.Params // zero: the defaults
	openapi    bool            // print the OpenAPI document and exit
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("tour", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.addr, "addr", envOr("PANTHER_ADDR", "127.0.0.1:8000"), "listen address [PANTHER_ADDR]")
	fs.StringVar(&o.db, "db", envOr("PANTHER_DB", "sqlite:tour.db"), "the database: sqlite:PATH, sqlite::memory: or postgres://…; the seeded users live there and are created when missing [PANTHER_DB]")
	fs.StringVar(&o.redis, "redis", envOr("PANTHER_REDIS", ""), "Redis URL such as redis://127.0.0.1:6379/0 for throttle counters, cached responses and revoked tokens shared by instances [PANTHER_REDIS]")
	fs.StringVar(&o.secret, "secret", envOr("PANTHER_SECRET", ""), "JWT signing key, at least 32 bytes; empty means a development key, with a warning [PANTHER_SECRET]")
	fs.BoolVar(&o.openapi, "openapi", false, "print the OpenAPI document to stdout and exit")
	throttle := fs.String("throttle", envOr("PANTHER_THROTTLE", "1000/1m"), "the global default throttle, RATE/DURATION [PANTHER_THROTTLE]")
	tick := fs.String("tick", envOr("PANTHER_TICK", "1s"), "the period of the tour's periodic task, whole seconds [PANTHER_TICK]")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q; see -help", fs.Args())
	}
	t, err := parseThrottle(*throttle)
	if err != nil {
		return o, fmt.Errorf("-throttle: %w", err)
	}
	o.throttle = t
	if o.tick, err = time.ParseDuration(*tick); err != nil || o.tick < time.Second || o.tick%time.Second != 0 {
		return o, fmt.Errorf("-tick: %q is not a period of whole seconds, such as 1s or 1m", *tick)
	}
	return o, nil
}

// parseThrottle reads RATE/DURATION, such as 1000/1m or 5/10s.
func parseThrottle(s string) (*panther.Throttle, error) {
	rate, window, ok := strings.Cut(s, "/")
	n, err := strconv.Atoi(rate)
	if !ok || err != nil || n < 0 {
		return nil, fmt.Errorf("%q is not RATE/DURATION, such as 1000/1m", s)
	}
	d, err := time.ParseDuration(window)
	if err != nil || d < time.Second || d%time.Second != 0 {
		return nil, fmt.Errorf("%q: the duration must be whole seconds, such as 10s or 1m", s)
	}
	return &panther.Throttle{Rate: n, Duration: d}, nil
}

func run(args []string, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	app, err := newApp(logger, o)
	if err != nil {
		return err
	}
	if o.openapi {
		return printOpenAPI(os.Stdout, app)
	}
	return app.ListenAndServe(o.addr)
}

func envOr(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}
