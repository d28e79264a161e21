package main

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// extra is a measuring command of this module that prints Markdown: its
// output becomes a section of RESULTS.md.
type extra struct {
	title string   // the section's heading
	intro string   // what it measures and how
	cmd   string   // the package, ./cmd/…
	args  []string // after the command's name
}

// section is an extra's result.
type section struct {
	title, intro, command, body string
}

// extras are the capabilities measured by their own commands: crud on
// SQLite, and on PostgreSQL when one answers; ws's fan-out and idle
// memory, and its delivery across instances on Redis.
func (o options) extraRuns(redisOK bool) []extra {
	rounds, d := strconv.Itoa(o.rounds), o.duration.String()
	crud := "Each server runs in its own process pinned to CPU 0, loaded by `wrk -t1 -c32` on CPU 1, the servers in turn within each round, over 10,000 rows " +
		"indexed on (author, year). The hand-written servers are net/http + database/sql handlers running the same statements on the same pool and writing " +
		"the same JSON (`go test` in bench checks the answers are equal)."
	out := []extra{{
		title: "CRUD under load on SQLite (package crud)",
		intro: crud,
		cmd:   "./cmd/crudload",
		args:  []string{"-rounds", rounds, "-duration", d},
	}}
	if o.postgres != "" {
		out = append(out, extra{
			title: "CRUD under load on PostgreSQL (package crud)",
			intro: crud,
			cmd:   "./cmd/crudload",
			args:  []string{"-rounds", rounds, "-duration", d, "-db", o.postgres},
		})
	}
	ws := extra{
		title: "Websockets (package ws)",
		intro: "Each server runs in its own process pinned to CPU 0; the clients run in the measuring process on CPU 1, as raw connections that count frames, " +
			"so the client is not what is measured. The yardstick is a hand-written gorilla/websocket hub after its chat example: a reader and a writer " +
			"goroutine per connection, a bounded queue, a ping ticker, one frame and one write per message.",
		cmd:  "./cmd/wsload",
		args: []string{"-rounds", strconv.Itoa(min(o.rounds, 3))},
	}
	if redisOK {
		ws.args = append(ws.args, "-redis", o.redis)
	}
	return append(out, ws)
}

// runExtras builds and runs each extra, wsload's clients on CPU 1.
func runExtras(o options, dir string, extras []extra) ([]section, error) {
	var out []section
	for _, e := range extras {
		bin := filepath.Join(dir, filepath.Base(e.cmd))
		if b, err := exec.Command("go", "build", "-o", bin, e.cmd).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build %s: %v\n%s", e.cmd, err, b)
		}
		log.Printf("%s: %s %s", e.title, e.cmd, strings.Join(e.args, " "))
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		cmd := exec.CommandContext(ctx, "taskset", append([]string{"-c", "1", bin}, e.args...)...)
		var stdout bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
		err := cmd.Run()
		cancel()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", e.cmd, err)
		}
		command := "go run " + e.cmd + " " + strings.Join(e.args, " ")
		out = append(out, section{title: e.title, intro: e.intro, command: command, body: strings.TrimSpace(stdout.String())})
	}
	return out, nil
}

func (r *report) writeExtras(p func(string, ...any)) {
	for _, s := range r.extras {
		p("## %s\n\n`%s` (run by this command). %s\n\n%s\n\n", s.title, s.command, s.intro, s.body)
	}
}
