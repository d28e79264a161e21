package main

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os/exec"
	"strings"
	"sync/atomic"
	"time"
)

// The chaos scenario's phases.
const (
	before = iota
	outage
	after
	phaseCount
)

var phaseNames = [phaseCount]string{"before", "outage", "after"}

// chaosRoutes take turns in the chaos load: each uses the store — the
// cache, the global throttle's counter, the revocation check.
var chaosRoutes = []int{routeTime, routeHello, routeMe}

// chaosRun is the chaos load's accounting, shared by its workers. Times
// are UnixNano; 0 is not yet.
type chaosRun struct {
	m         *mix
	turn      atomic.Int64
	tallies   [phaseCount][routeCount]tally
	start     time.Time
	seconds   []tally                  // by the second in which requests were due
	killedAt  atomic.Int64             // when Redis was killed
	readyAt   atomic.Int64             // when Redis answered again
	recovered [routeCount]atomic.Int64 // each route's first sign of recovery
	bad5xx    atomic.Int64             // 5xx but the 503s of GET /me/ once Redis was killed
	late503   atomic.Int64             // 503s on GET /me/ sent after it had recovered
}

// phaseAt is the phase a request due at t belongs to.
func (c *chaosRun) phaseAt(t time.Time) int {
	switch ns := t.UnixNano(); {
	case c.readyAt.Load() != 0 && ns >= c.readyAt.Load():
		return after
	case c.killedAt.Load() != 0 && ns >= c.killedAt.Load():
		return outage
	}
	return before
}

// fire sends the next request of the turn and counts it in the phase in
// which it was due.
func (c *chaosRun) fire(due time.Time) {
	route := chaosRoutes[c.turn.Add(1)%int64(len(chaosRoutes))]
	began := time.Now()
	_, a := c.m.do(route)
	done := time.Now()
	c.tallies[c.phaseAt(due)][route].record(a.status, done.Sub(due))
	if i := int(due.Sub(c.start) / time.Second); i < len(c.seconds) {
		c.seconds[i].record(a.status, done.Sub(due))
	}
	failsClosed := route == routeMe && c.killedAt.Load() != 0 && done.UnixNano() >= c.killedAt.Load()
	if a.status >= 500 && !(failsClosed && a.status == http.StatusServiceUnavailable) {
		c.bad5xx.Add(1)
	}
	ready := c.readyAt.Load()
	if ready == 0 || began.UnixNano() < ready {
		return
	}
	if rec := c.recovered[route].Load(); route == routeMe && a.status == http.StatusServiceUnavailable && rec != 0 && began.UnixNano() > rec {
		c.late503.Add(1)
	}
	if recoveredBy(route, a) {
		c.recovered[route].CompareAndSwap(0, done.UnixNano())
	}
}

// recoveredBy tells whether a shows route using the store again: /me/
// authenticated (its revocation check answered), /time/ a cache hit,
// /hello/x/ counted by the throttle (its X-RateLimit headers are sent
// only then).
func recoveredBy(route int, a answer) bool {
	if !is2xx(a.status) {
		return false
	}
	switch route {
	case routeTime:
		return a.header.Get("X-Cache") == "HIT"
	case routeHello:
		return a.header.Get("X-Ratelimit-Remaining") != ""
	}
	return true
}

// chaos loads the tour on a private Redis, which it kills and restarts.
func chaos(e *env) (bool, error) {
	o := e.o
	if _, err := exec.LookPath(o.redisServer); err != nil {
		return false, fmt.Errorf("%s: %w (apt-get install -y redis-server)", o.redisServer, err)
	}
	r, err := startRedis(e)
	if err != nil {
		return false, err
	}
	defer func() { r.proc.kill() }()
	t, err := startTour(e, r.url())
	if err != nil {
		return false, err
	}
	defer t.kill()
	token, err := t.login()
	if err != nil {
		return false, err
	}
	secs := int((o.before+o.outage+o.after)/time.Second) + 30 // and the restart
	c := &chaosRun{m: newMix(t, token, 64), start: time.Now(), seconds: make([]tally, secs)}
	var starts [phaseCount + 1]time.Time
	ctx, cancel := context.WithCancel(context.Background())
	loaded := make(chan struct{})
	go func() { openLoop(ctx, o.chaosRate, 64, c.fire); close(loaded) }()

	starts[before] = c.start
	log.Printf("chaos: load at %.0f req/s; Redis on port %d killed in %v", o.chaosRate, r.port, o.before)
	time.Sleep(o.before)
	starts[outage] = time.Now()
	c.killedAt.Store(starts[outage].UnixNano())
	r.proc.kill()
	time.Sleep(o.outage)
	log.Printf("chaos: restarting Redis")
	restart := time.Now()
	if err := r.start(); err != nil {
		cancel()
		<-loaded
		return false, err
	}
	starts[after] = time.Now()
	c.readyAt.Store(starts[after].UnixNano())
	restartTook := starts[after].Sub(restart)
	time.Sleep(o.after)
	cancel()
	<-loaded
	starts[phaseCount] = time.Now()

	e.rep.settings("tour", "-throttle "+noThrottle+", -redis "+r.url()+" (a private redis-server --save \"\" --appendonly no), alice's access token",
		"load", fmt.Sprintf("open loop at %.0f req/s, 64 workers, in turn: %s", o.chaosRate, chaosNames()),
		"phases", fmt.Sprintf("before %v; outage: Redis SIGKILLed, down %v, restarted on the same port (answered PING %v after the start); after %v",
			o.before, o.outage, restartTook.Round(time.Millisecond), o.after),
		"tour's log", fmt.Sprintf("%d error records%s", t.log.errorCount(), firstRecords(t.log.errorRecords())),
		"pinning", pinning(o))
	c.printPhases(e.rep, starts)
	c.printTimeline(e.rep, starts)
	checks := c.checks(o)
	checks = append(checks, t.finish(e.rep)...)
	return e.rep.checks(checks), nil
}

// firstRecords lists error records for a table cell, the first few.
func firstRecords(recs []string) string {
	if len(recs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(", the first:")
	for _, r := range recs {
		b.WriteString(" `" + strings.ReplaceAll(r, "|", "/") + "`")
	}
	return b.String()
}

func chaosNames() string {
	var names []string
	for _, r := range chaosRoutes {
		names = append(names, routeNames[r])
	}
	return strings.Join(names, ", ")
}

// printPhases writes a row per phase and route, and one per phase.
func (c *chaosRun) printPhases(r *report, starts [phaseCount + 1]time.Time) {
	var rows [][]string
	for ph := range phaseCount {
		d := starts[ph+1].Sub(starts[ph])
		for _, route := range chaosRoutes {
			rows = append(rows, latencyRow(phaseNames[ph]+": "+routeNames[route], &c.tallies[ph][route], d))
		}
		rows = append(rows, latencyRow("**"+phaseNames[ph]+": all**", sum(c.tallies[ph][:]), d))
	}
	r.printf("Per phase (a request counts in the phase in which it was due; latency from then):\n\n")
	r.table(latencyHeader, latencyAlign, rows)
}

// printTimeline writes a row per second of the load.
func (c *chaosRun) printTimeline(r *report, starts [phaseCount + 1]time.Time) {
	var rows [][]string
	for i := range c.seconds {
		at := c.start.Add(time.Duration(i) * time.Second)
		if c.seconds[i].count() == 0 || !at.Before(starts[phaseCount]) {
			break
		}
		rows = append(rows, latencyRow(fmt.Sprintf("%d s (%s)", i, phaseNames[c.phaseAt(at)]), &c.seconds[i], time.Second))
	}
	r.printf("By second (when due; the phase is that of the second's start):\n\n")
	r.table(latencyHeader, latencyAlign, rows)
}

// checks are the scenario's bounds on what the load saw.
func (c *chaosRun) checks(o options) []check {
	var unexpected int64
	for ph := range phaseCount {
		for _, route := range chaosRoutes {
			unexpected += c.tallies[ph][route].where(func(s int) bool { return s < 500 && !is2xx(s) })
		}
	}
	out := sum(c.tallies[outage][:])
	// An outage must cost nothing: its p99 stays within the bound, or within
	// the p99 of the same load while Redis was up, whichever is larger — on
	// a loaded machine the baseline itself can pass the bound.
	baseline := sum(c.tallies[before][:])
	bound := max(o.outageP99, baseline.lat.quantile(0.99))
	checks := []check{
		{name: "5xx", bound: "none but 503 on GET /me/ (fails closed) once Redis is killed",
			measured: thousands(c.bad5xx.Load()), ok: c.bad5xx.Load() == 0},
		{name: "other failures", bound: "no transport error or 4xx; no 503 on /me/ once recovered",
			measured: fmt.Sprintf("%s, %s late 503", thousands(unexpected), thousands(c.late503.Load())),
			ok:       unexpected == 0 && c.late503.Load() == 0},
		{name: "outage p99", bound: "≤ " + o.outageP99.String() + ", or the p99 before the outage (" + ms(baseline.lat.quantile(0.99)) + ")", measured: ms(out.lat.quantile(0.99)),
			ok: out.count() > 0 && out.lat.quantile(0.99) <= bound},
	}
	ready := c.readyAt.Load()
	for _, r := range []struct {
		route int
		what  string
	}{{routeMe, "revocation check (GET /me/ 2xx)"}, {routeTime, "cache (GET /time/ HIT)"}, {routeHello, "throttle (GET /hello/x/ counted)"}} {
		ch := check{name: "recovery: " + r.what, bound: "≤ " + o.recovery.String() + " after Redis answers", measured: "never"}
		if at := c.recovered[r.route].Load(); at != 0 {
			d := time.Duration(at - ready)
			ch.measured, ch.ok = ms(d), d <= o.recovery
		}
		checks = append(checks, ch)
	}
	return checks
}
