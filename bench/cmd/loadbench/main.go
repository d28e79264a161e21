// Command loadbench is the benchmark's one command: it builds the servers,
// load-tests each with wrk over loopback (the server pinned to CPU 0, wrk
// to CPU 1), runs the in-process benchmarks, then cmd/crudload (package
// crud on SQLite and PostgreSQL) and cmd/wsload (package ws), and writes
// RESULTS.md and the charts in results/. Run it inside the bench module:
//
//	go run ./cmd/loadbench          # the full run: a warm-up, then 5 rounds of 5 s per scenario and framework
//	go run ./cmd/loadbench -quick   # a short run of a few scenarios, written to results/quick/
//
// Every round gives each framework a turn per scenario, in an order that
// rotates from round to round, each turn on a freshly started server
// process; the report gives per scenario and framework the median req/s,
// p50 and p99 latency, peak RSS (VmHWM), and the median of the per-round
// ratio to hand-written net/http.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/panther-go/panther/bench/frameworks"
	"github.com/panther-go/panther/bench/scenario"
)

// options are the run's settings.
type options struct {
	quick       bool
	duration    time.Duration // one measured wrk run
	warmup      time.Duration // one warm-up wrk run
	rounds      int
	connections int
	frameworks  []string
	scenarios   []string
	out         string // where RESULTS.md and results/*.png go
	benchtime   string // in-process -benchtime
	count       int    // in-process -count
	redis       string
	postgres    string // for crudload's PostgreSQL run; "" for none
	inProcess   bool
	extras      bool // also crudload and wsload
}

func main() {
	log.SetFlags(log.Ltime)
	o := parseFlags()
	if err := run(o); err != nil {
		log.Fatal("loadbench: ", err)
	}
}

func parseFlags() options {
	var o options
	var fws, scs string
	flag.BoolVar(&o.quick, "quick", false, "a short development run: 1 round of 2 s, a few scenarios, output in results/quick/")
	flag.DurationVar(&o.duration, "d", 5*time.Second, "duration of each measured wrk run")
	flag.DurationVar(&o.warmup, "warmup", 2*time.Second, "duration of each wrk run of the warm-up round")
	flag.IntVar(&o.rounds, "rounds", 5, "measured rounds")
	flag.IntVar(&o.connections, "c", 64, "wrk connections")
	flag.StringVar(&fws, "frameworks", "", "comma-separated frameworks; default all")
	flag.StringVar(&scs, "scenarios", "", "comma-separated scenarios; default all")
	flag.StringVar(&o.out, "out", ".", "directory for RESULTS.md and results/")
	flag.StringVar(&o.benchtime, "benchtime", "0.3s", "-benchtime of the in-process benchmarks")
	flag.IntVar(&o.count, "count", 5, "-count of the in-process benchmarks (medians are reported)")
	flag.StringVar(&o.redis, "redis", "", "Redis URL for the Redis scenario; default $PANTHER_TEST_REDIS, else redis://127.0.0.1:6379/0")
	flag.BoolVar(&o.inProcess, "inprocess", true, "also run the in-process benchmarks")
	flag.BoolVar(&o.extras, "extras", true, "also run cmd/crudload (SQLite, and PostgreSQL when one answers) and cmd/wsload")
	flag.StringVar(&o.postgres, "postgres", "", "PostgreSQL URL for crudload; default $PANTHER_TEST_POSTGRES, else the local server's test database when it answers")
	flag.Parse()
	if o.quick {
		set := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
		defaults := map[string]func(){
			"d":         func() { o.duration = 2 * time.Second },
			"warmup":    func() { o.warmup = time.Second },
			"rounds":    func() { o.rounds = 1 },
			"scenarios": func() { scs = "Hello,Full,Cached,FullRedis" },
			"out":       func() { o.out = filepath.Join("results", "quick") },
			"benchtime": func() { o.benchtime = "2000x" },
			"count":     func() { o.count = 1 },
		}
		for name, apply := range defaults {
			if !set[name] {
				apply()
			}
		}
	}
	o.frameworks = pick(fws, names(frameworks.All()))
	o.scenarios = pick(scs, scenario.Names)
	if o.redis == "" {
		o.redis = os.Getenv("PANTHER_TEST_REDIS")
	}
	if o.redis == "" {
		o.redis = "redis://127.0.0.1:6379/0"
	}
	if o.postgres == "" {
		o.postgres = os.Getenv("PANTHER_TEST_POSTGRES")
	}
	if o.postgres == "" && exec.Command("pg_isready", "-q", "-h", "127.0.0.1").Run() == nil {
		o.postgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	return o
}

func names(fws []frameworks.Framework) []string {
	var out []string
	for _, f := range fws {
		out = append(out, f.Name)
	}
	return out
}

// pick is the comma-separated list, else all; it exits on an unknown name.
func pick(list string, all []string) []string {
	if list == "" {
		return all
	}
	var out []string
	for _, n := range strings.Split(list, ",") {
		found := false
		for _, a := range all {
			if strings.EqualFold(a, strings.TrimSpace(n)) {
				out, found = append(out, a), true
			}
		}
		if !found {
			log.Fatalf("loadbench: unknown name %q; choose from %s", n, strings.Join(all, ", "))
		}
	}
	return out
}

func run(o options) error {
	if _, err := os.Stat("go.mod"); err != nil || !isBenchModule() {
		return fmt.Errorf("run me inside the bench module: cd bench && go run ./cmd/loadbench")
	}
	started := time.Now()
	if err := ensureTools(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(o.out, "results"), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "loadbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "benchserver")
	log.Printf("building the servers")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/benchserver").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	testBin, err := buildInProcess(tmp)
	if err != nil {
		return err
	}
	redisOK := ensureRedis(o.redis)
	if !redisOK {
		log.Printf("Redis at %s cannot be reached: the FullRedis scenario is left out", o.redis)
		o.scenarios = without(o.scenarios, "FullRedis")
	}
	l := &load{o: o, bin: bin, dir: tmp}
	results, err := l.run()
	if err != nil {
		return err
	}
	log.Printf("Redis sweep: connections %v", sweepConns)
	sweep, err := l.redisSweep()
	if err != nil {
		return err
	}
	var inproc inProcess
	if o.inProcess {
		if inproc, err = runInProcess(o, testBin, redisOK); err != nil {
			return err
		}
	}
	var extras []section
	if o.extras {
		if extras, err = runExtras(o, tmp, o.extraRuns(redisOK)); err != nil {
			return err
		}
	}
	r := &report{o: o, load: results, sweep: sweep, inproc: inproc, started: started, finished: time.Now(), redisOK: redisOK, extras: extras}
	if err := r.charts(); err != nil {
		return err
	}
	if err := r.write(); err != nil {
		return err
	}
	log.Printf("wrote %s", filepath.Join(o.out, "RESULTS.md"))
	return nil
}

func isBenchModule() bool {
	b, err := os.ReadFile("go.mod")
	return err == nil && strings.HasPrefix(string(b), "module github.com/panther-go/panther/bench\n")
}

func without(list []string, name string) []string {
	var out []string
	for _, s := range list {
		if s != name {
			out = append(out, s)
		}
	}
	return out
}
