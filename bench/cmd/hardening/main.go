// Command hardening load-tests the tour (examples/tour) for the failures
// a benchmark does not show: memory that grows, memory an attacker can
// fill, and a store that goes away. Run it inside the bench module:
//
//	go run ./cmd/hardening -short                     # all three scenarios, ≤ 60 s each
//	go run ./cmd/hardening -scenario soak             # one scenario, full length
//	go run ./cmd/hardening -short -scenario hostile,chaos
//	go run ./cmd/hardening -results RESULTS.md        # all, full length (≈ 14 min), kept in RESULTS.md
//
// Scenarios:
//
//   - soak: a closed-loop burst measures the peak req/s of a mix of
//     authenticated GET /me/, POST /notes/ (each note deleted again),
//     cached GET /time/ and GET /hello/x/; then an open-loop load at 80 %
//     of it runs for 10 min (short: 30 s) while the tour's VmRSS is sampled
//     every 10 s (short: 2 s). Pass: no error and no non-2xx, and the RSS
//     samples after the first 20 % of the run within 10 % of each other.
//   - hostile: 100,000 (short: 10,000) anonymous GET /time/?u=<n>&pad=<4–200
//     KB>, each URL distinct, from 48 connections, while a probe sends 50
//     GET /hello/x/ a second on connections of its own. Pass: the tour's
//     largest VmRSS under the store's budget + the cache memo's budget +
//     64 MiB, the probe answered throughout.
//   - chaos: the tour on a private redis-server, which is killed (SIGKILL)
//     after 5 s (short; full 20 s) of load, left down as long, restarted on
//     the same port, and loaded as long again, at 2,000 req/s of
//     GET /time/, GET /hello/x/ and GET /me/ in turn. Pass: no 5xx but 503 on
//     GET /me/ (the revocation check fails closed), outage p99 ≤ 5 ms or
//     ≤ the p99 of the same load before the outage, whichever is larger, the
//     revocation check, the cache and the throttle working again within
//     1 s of Redis answering.
//
// Every scenario starts a fresh tour process (built once with go build),
// with -throttle 1000000000/1s so that the global throttle counts every
// request in the store but never refuses one. With two CPUs or more the
// tour is pinned to CPU 0 and this command (and redis-server) to CPU 1.
// Each scenario prints markdown tables to stdout (progress goes to
// stderr; -results FILE also writes them as FILE's "## Hardening"
// section) and ends with its checks; the command exits 1 when a check
// fails, 2 when it could not run. It never leaves a process behind: its
// children are ended on every exit, SIGINT and SIGTERM included.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// options are the run's settings; -short changes the defaults of those
// not given.
type options struct {
	scenarios []string
	short     bool
	pin       bool // tour on CPU 0, this command on CPU 1
	tourBin   string
	results   string // a RESULTS.md whose Hardening section to write

	// soak
	soakFor, peakFor, rssEvery time.Duration
	conns                      int
	fraction, warmup, flat     float64

	// hostile
	requests, hostileConns   int
	padMin, padMax           int
	storeMiB, memoMiB, slack int
	probeRate                float64
	abortMiB                 int

	// chaos
	chaosRate             float64
	before, outage, after time.Duration
	outageP99, recovery   time.Duration
	redisServer           string
}

var scenarioNames = []string{"soak", "hostile", "chaos"}

func main() {
	log.SetFlags(log.Ltime)
	log.SetPrefix("hardening: ")
	o := parseFlags()
	if o.pin {
		pinSelf() // returns only when already pinned, or when it cannot pin
	}
	os.Exit(run(o))
}

func parseFlags() options {
	var o options
	var scs string
	flag.StringVar(&scs, "scenario", strings.Join(scenarioNames, ","), "comma-separated scenarios: soak, hostile, chaos")
	flag.BoolVar(&o.short, "short", false, "the short versions, for CI: ≤ 60 s per scenario")
	flag.BoolVar(&o.pin, "pin", runtime.NumCPU() >= 2, "pin the tour to CPU 0 and this command to CPU 1 (taskset)")
	flag.StringVar(&o.results, "results", "", "also write the report as the \"## Hardening\" section of this file (RESULTS.md), replacing the one there")
	flag.StringVar(&o.tourBin, "tour", "", "a tour binary to run; default: go build ../examples/tour into a temporary directory")

	flag.DurationVar(&o.soakFor, "soak-for", 10*time.Minute, "soak: how long the open-loop load runs (short: 30s)")
	flag.DurationVar(&o.peakFor, "peak-for", 10*time.Second, "soak: the closed-loop burst that measures the peak (short: 3s)")
	flag.DurationVar(&o.rssEvery, "rss-every", 10*time.Second, "soak: how often VmRSS is sampled (short: 2s)")
	flag.IntVar(&o.conns, "c", 64, "soak: connections of the burst, and workers of the open-loop load")
	flag.Float64Var(&o.fraction, "fraction", 0.8, "soak: the open-loop rate as a fraction of the measured peak")
	flag.Float64Var(&o.warmup, "warmup", 0.2, "soak: the fraction of the run before the RSS samples that are compared")
	flag.Float64Var(&o.flat, "flat", 0.10, "soak: the largest allowed spread of those samples, (max-min)/min")

	flag.IntVar(&o.requests, "requests", 100_000, "hostile: how many distinct padded requests (short: 10000)")
	flag.IntVar(&o.hostileConns, "hostile-c", 48, "hostile: attacking connections")
	flag.IntVar(&o.padMin, "pad-min", 4<<10, "hostile: the smallest pad, bytes")
	flag.IntVar(&o.padMax, "pad-max", 60<<10, "hostile: the largest pad, bytes; the tour refuses headers over 64 KiB with 431 (panther.ServerConfig.MaxHeaderBytes) before the app sees them")
	flag.IntVar(&o.storeMiB, "store-mib", 64, "hostile: the in-memory store's budget, MiB (store/memory Options.MaxBytes default)")
	flag.IntVar(&o.memoMiB, "memo-mib", 6, "hostile: what the tour keeps beside the store, MiB: its one cached API's memos (1 MiB of keys, 4 MiB of decoded entries; API.Cache) and a throttle window's keys (1 MiB; Throttle)")
	flag.IntVar(&o.slack, "slack-mib", 64, "hostile: what the process may hold beyond those budgets, MiB")
	flag.Float64Var(&o.probeRate, "probe-rate", 50, "hostile: probe requests a second (GET /hello/x/)")
	flag.IntVar(&o.abortMiB, "abort-mib", 0, "hostile: stop the attack when VmRSS passes this, MiB; default 4 × the bound")

	flag.Float64Var(&o.chaosRate, "chaos-rate", 2000, "chaos: open-loop requests a second")
	flag.DurationVar(&o.before, "before", 20*time.Second, "chaos: load before Redis is killed (short: 5s)")
	flag.DurationVar(&o.outage, "outage", 20*time.Second, "chaos: how long Redis stays down (short: 5s)")
	flag.DurationVar(&o.after, "after", 20*time.Second, "chaos: load after Redis answers again (short: 5s)")
	flag.DurationVar(&o.outageP99, "outage-p99", 5*time.Millisecond, "chaos: the largest allowed p99 latency during the outage")
	flag.DurationVar(&o.recovery, "recovery", time.Second, "chaos: the longest allowed recovery after Redis answers again")
	flag.StringVar(&o.redisServer, "redis-server", "redis-server", "chaos: the redis-server binary")
	flag.Parse()
	if flag.NArg() > 0 {
		log.Printf("unexpected arguments %q; see -help", flag.Args())
		os.Exit(2)
	}
	if os.Getenv(pinnedEnv) != "" {
		o.pin = true // the re-executed process sees one CPU only
	}
	if o.short {
		shortDefaults(&o)
	}
	o.scenarios = pick(scs)
	return o
}

// shortDefaults gives the flags not set on the command line their -short
// values.
func shortDefaults(o *options) {
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	defaults := map[string]func(){
		"soak-for":  func() { o.soakFor = 30 * time.Second },
		"peak-for":  func() { o.peakFor = 3 * time.Second },
		"rss-every": func() { o.rssEvery = 2 * time.Second },
		"requests":  func() { o.requests = 10_000 },
		"before":    func() { o.before = 5 * time.Second },
		"outage":    func() { o.outage = 5 * time.Second },
		"after":     func() { o.after = 5 * time.Second },
	}
	for name, apply := range defaults {
		if !set[name] {
			apply()
		}
	}
}

// pick is the comma-separated scenarios; it exits on an unknown one.
func pick(list string) []string {
	var out []string
	for _, n := range strings.Split(list, ",") {
		n = strings.ToLower(strings.TrimSpace(n))
		if !contains(scenarioNames, n) {
			log.Printf("unknown scenario %q; choose from %s", n, strings.Join(scenarioNames, ", "))
			os.Exit(2)
		}
		out = append(out, n)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// pinnedEnv marks the process that pinSelf has re-executed.
const pinnedEnv = "PANTHER_HARDENING_PINNED"

// pinSelf re-executes this command under taskset -c 1, so that the load
// it makes never competes with the tour for CPU 0. It returns when the
// process is pinned already or taskset is missing.
func pinSelf() {
	if os.Getenv(pinnedEnv) != "" {
		return
	}
	taskset, err := exec.LookPath("taskset")
	if err != nil {
		log.Printf("taskset is missing (apt-get install -y util-linux): running unpinned")
		return
	}
	self, err := os.Executable()
	if err != nil {
		log.Printf("cannot pin: %v", err)
		return
	}
	args := append([]string{"taskset", "-c", "1", self}, os.Args[1:]...)
	env := append(os.Environ(), pinnedEnv+"=1")
	log.Printf("cannot pin: %v", syscall.Exec(taskset, args, env))
}

// run runs the scenarios and returns the exit code: 0 when every check
// passed, 1 when one failed, 2 when a scenario could not run.
func run(o options) int {
	if !isBenchModule() {
		log.Printf("run me inside the bench module: cd bench && go run ./cmd/hardening")
		return 2
	}
	tmp, err := os.MkdirTemp("", "hardening-")
	if err != nil {
		log.Print(err)
		return 2
	}
	p := newProcs()
	defer os.RemoveAll(tmp)
	defer p.killAll()
	go func() { // on SIGINT or SIGTERM: end the children, then exit
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
		s := <-sig
		log.Printf("%v: stopping the children", s)
		p.killAll()
		os.RemoveAll(tmp)
		os.Exit(130)
	}()
	built := o.tourBin == ""
	if built {
		if o.tourBin, err = buildTour(tmp); err != nil {
			log.Print(err)
			return 2
		}
	}
	var section strings.Builder
	rep := &report{w: os.Stdout}
	if o.results != "" {
		rep.w = io.MultiWriter(os.Stdout, &section)
	}
	header(rep, o, built)
	e := &env{o: o, procs: p, rep: rep}
	code := 0
	for _, name := range o.scenarios {
		code = max(code, runOne(e, name))
		p.killAll() // nothing outlives its scenario
	}
	if o.results != "" {
		if err := writeSection(o.results, section.String()); err != nil {
			log.Print(err)
			return 2
		}
		log.Printf("wrote the Hardening section of %s", o.results)
	}
	return code
}

// runOne runs a scenario under its heading and returns its exit code.
func runOne(e *env, name string) int {
	started := time.Now()
	log.Printf("scenario %s", name)
	title := name
	if e.o.short {
		title += " (short)"
	}
	e.rep.printf("### %s\n\n", title)
	ok, err := runScenario(name, e)
	took := time.Since(started).Round(time.Second)
	log.Printf("scenario %s took %v", name, took)
	switch {
	case err != nil:
		log.Printf("%s: %v", name, err)
		e.rep.printf("**could not run**: %v\n\n", err)
		return 2
	case !ok:
		e.rep.printf("Took %v.\n\n", took)
		return 1
	}
	e.rep.printf("Took %v.\n\n", took)
	return 0
}

// env is what every scenario gets.
type env struct {
	o     options
	procs *procs
	rep   *report
}

// runScenario runs one scenario, which prints its tables and reports
// whether its checks passed.
func runScenario(name string, e *env) (bool, error) {
	switch name {
	case "soak":
		return soak(e)
	case "hostile":
		return hostile(e)
	default:
		return chaos(e)
	}
}

func isBenchModule() bool {
	b, err := os.ReadFile("go.mod")
	return err == nil && strings.HasPrefix(string(b), "module github.com/panther-go/panther/bench\n")
}

// buildTour builds examples/tour in the main module, once.
func buildTour(dir string) (string, error) {
	bin := dir + "/tour"
	log.Printf("building the tour")
	cmd := exec.Command("go", "build", "-o", bin, "./examples/tour")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./examples/tour: %v\n%s", err, out)
	}
	return bin, nil
}
