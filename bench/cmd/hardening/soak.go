package main

import (
	"context"
	"fmt"
	"log"
	"strings"
	"sync/atomic"
	"time"
)

// soak measures the mix's peak with a closed-loop burst, then loads the
// tour open-loop at a fraction of it, sampling VmRSS.
func soak(e *env) (bool, error) {
	o := e.o
	t, err := startTour(e, "")
	if err != nil {
		return false, err
	}
	defer t.kill()
	token, err := t.login()
	if err != nil {
		return false, err
	}
	m := newMix(t, token, o.conns)

	log.Printf("soak: closed-loop burst of %v on %d connections", o.peakFor, o.conns)
	var burst [routeCount]tally
	var turn atomic.Int64
	ctx, cancel := context.WithTimeout(context.Background(), o.peakFor)
	start, cpu := time.Now(), meterCPU(t.pid())
	closedLoop(ctx, o.conns, func() {
		began := time.Now()
		r, a := m.do(int(turn.Add(1) % routeCount))
		burst[r].record(a.status, time.Since(began))
	})
	cancel()
	burstFor, burstCPU := time.Since(start), cpu.String()
	peak := float64(sum(burst[:]).count()) / burstFor.Seconds()
	target := o.fraction * peak

	log.Printf("soak: peak %.0f req/s; open loop at %.0f req/s for %v", peak, target, o.soakFor)
	var load [routeCount]tally
	s := sampleRSS(t.child, o.rssEvery, 0)
	ctx, cancel = context.WithTimeout(context.Background(), o.soakFor)
	start, cpu = time.Now(), meterCPU(t.pid())
	sent := openLoop(ctx, target, o.conns, func(due time.Time) {
		r, a := m.do(int(turn.Add(1) % routeCount))
		load[r].record(a.status, time.Since(due))
	})
	cancel()
	loadFor, loadCPU := time.Since(start), cpu.String()
	samples := s.stop()

	e.rep.settings("tour", "-throttle "+noThrottle+", in-memory store, alice's access token",
		"mix", "in turn: "+strings.Join(routeNames[:], ", ")+" (each note created is deleted)",
		"peak", fmt.Sprintf("closed loop, %d connections, %v: **%s req/s**", o.conns, burstFor.Round(time.Millisecond), rate(sum(burst[:]).count(), burstFor)),
		"load", fmt.Sprintf("open loop at %.0f %% of the peak = %.0f req/s, %d workers, %v; latency counted from when each request was due", 100*o.fraction, target, o.conns, loadFor.Round(time.Second)),
		"CPU used", "burst: "+burstCPU+"; load: "+loadCPU,
		"RSS", fmt.Sprintf("VmRSS every %v; compared after the first %.0f %% of the load", o.rssEvery, 100*o.warmup),
		"pinning", pinning(o))
	e.rep.printf("Peak burst (closed loop):\n\n")
	e.rep.routes(burst[:], burstFor)
	e.rep.printf("Load (open loop):\n\n")
	e.rep.routes(load[:], loadFor)

	checks := []check{
		{name: "errors", bound: "0 transport errors or non-2xx", measured: thousands(sum(burst[:]).where(not2xx) + sum(load[:]).where(not2xx))},
		{name: "load held", bound: fmt.Sprintf("≥ 95 %% of %.0f req/s", target), measured: rate(sent, loadFor) + " req/s",
			ok: float64(sent)/loadFor.Seconds() >= 0.95*target},
		rssFlat(e.rep, samples, o),
	}
	checks[0].ok = checks[0].measured == "0"
	checks = append(checks, logged(t))
	checks = append(checks, t.finish(e.rep)...)
	return e.rep.checks(checks), nil
}

// rssFlat compares the samples taken after the warm-up, printing them.
func rssFlat(r *report, samples []rssSample, o options) check {
	cut := time.Duration(o.warmup * float64(o.soakFor))
	var all []string
	after, lo, hi := 0, int64(-1), int64(0)
	for _, s := range samples {
		all = append(all, fmt.Sprintf("%.1f", float64(s.kib)/1024))
		if s.at < cut {
			continue
		}
		after++
		if lo < 0 || s.kib < lo {
			lo = s.kib
		}
		hi = max(hi, s.kib)
	}
	r.printf("VmRSS samples (MiB, every %v from the start of the load): %s\n\n", o.rssEvery, strings.Join(all, " "))
	c := check{name: "RSS flat after warm-up", bound: fmt.Sprintf("(max − min) / min ≤ %.0f %%", 100*o.flat)}
	if after < 2 {
		c.measured = fmt.Sprintf("%d samples after %v: too few", after, cut)
		return c
	}
	spread := float64(hi-lo) / float64(lo)
	c.measured = fmt.Sprintf("%s – %s over %d samples: %.1f %%", mib(lo), mib(hi), after, 100*spread)
	c.ok = spread <= o.flat
	return c
}

// routes writes one row per route that saw requests, and the total.
func (r *report) routes(ts []tally, d time.Duration) {
	var rows [][]string
	for i := range ts {
		if ts[i].count() > 0 {
			rows = append(rows, latencyRow(routeNames[i], &ts[i], d))
		}
	}
	rows = append(rows, latencyRow("**all**", sum(ts), d))
	r.table(latencyHeader, latencyAlign, rows)
}

func sum(ts []tally) *tally {
	var all tally
	for i := range ts {
		all.merge(&ts[i])
	}
	return &all
}

// logged checks that the tour logged no error record.
func logged(t *tour) check {
	n := t.log.errorCount()
	return check{name: "tour's log", bound: "no level=ERROR record", measured: fmt.Sprintf("%d error records", n), ok: n == 0}
}

func pinning(o options) string {
	if o.pin {
		return "tour on CPU 0, this command (and redis-server) on CPU 1 (taskset)"
	}
	return "none"
}
