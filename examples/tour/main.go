// Command tour is the runnable tour of Panther for Go: every feature of the
// framework on a small notes service. Run it with
//
//	go run ./examples/tour
//
// and follow README.md beside this file with curl.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/password"
	"github.com/panther-go/panther/cli"
)

func main() {
	os.Args = append(os.Args[:1], openAPIAlias(os.Args[1:])...)
	cli.Main(program())
}

// openAPIAlias turns the -openapi flag of earlier tours into the openapi
// command.
func openAPIAlias(args []string) []string {
	i := slices.IndexFunc(args, func(a string) bool { return a == "-openapi" || a == "--openapi" })
	if i < 0 {
		return args
	}
	return append([]string{"openapi"}, slices.Delete(slices.Clone(args), i, i+1)...)
}

// options are the tour's own flags; each has an environment variable
// too. The server's (-addr and the timeouts) are package cli's.
type options struct {
	redis      string
	db         string // the database URL; empty: sqlite:tour.db
	secret     string
	throttle   *panther.Throttle
	tick       time.Duration   // the period of the tick task
	hashParams password.Params // zero: the defaults
}

// program is the tour's command line: package cli's commands, with the
// tour's flags on each.
func program() cli.Program {
	var o options
	var throttle, tick string
	return cli.Program{
		Name: "tour",
		Flags: func(fs *flag.FlagSet) {
			fs.StringVar(&o.db, "db", cli.Env("PANTHER_DB", "sqlite:tour.db"), "the database: sqlite:PATH, sqlite::memory: or postgres://…; the seeded users live there and are created when missing [PANTHER_DB]")
			fs.StringVar(&o.redis, "redis", cli.Env("PANTHER_REDIS", ""), "Redis URL such as redis://127.0.0.1:6379/0 for throttle counters, cached responses and revoked tokens shared by instances [PANTHER_REDIS]")
			fs.StringVar(&o.secret, "secret", cli.Env("PANTHER_SECRET", ""), "JWT signing key, at least 32 bytes; empty means a development key, with a warning [PANTHER_SECRET]")
			fs.StringVar(&throttle, "throttle", cli.Env("PANTHER_THROTTLE", "1000/1m"), "the global default throttle, RATE/DURATION [PANTHER_THROTTLE]")
			fs.StringVar(&tick, "tick", cli.Env("PANTHER_TICK", "1s"), "the period of the tour's periodic task, whole seconds [PANTHER_TICK]")
		},
		Build: func(ctx context.Context) (*cli.Project, error) {
			var err error
			if o.throttle, err = parseThrottle(throttle); err != nil {
				return nil, fmt.Errorf("-throttle: %w", err)
			}
			if o.tick, err = time.ParseDuration(tick); err != nil || o.tick < time.Second || o.tick%time.Second != 0 {
				return nil, fmt.Errorf("-tick: %q is not a period of whole seconds, such as 1s or 1m", tick)
			}
			return newProject(slog.New(slog.NewTextHandler(os.Stderr, nil)), o)
		},
	}
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
