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
	addr string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("tour", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.addr, "addr", envOr("PANTHER_ADDR", "127.0.0.1:8000"), "listen address [PANTHER_ADDR]")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q; see -help", fs.Args())
	}
	return o, nil
}

func run(args []string, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	return newApp(logger).ListenAndServe(o.addr)
}

func envOr(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}
