package main

import (
	"fmt"
	"math"
)

// sameRound is the median over rounds of a's req/s over b's in the same
// round.
func (r *report) sameRound(scA, fwA, scB, fwB string) float64 {
	a, b := r.load[scA][fwA], r.load[scB][fwB]
	var ratios []float64
	for i := range min(len(a), len(b)) {
		if b[i].rps > 0 {
			ratios = append(ratios, a[i].rps/b[i].rps)
		}
	}
	return median(ratios)
}

// target is one of the speed issue's targets and how this run measured
// it.
type target struct{ what, measured, verdict string }

func verdict(ok bool, v float64) string {
	switch {
	case math.IsNaN(v):
		return "not measured"
	case ok:
		return "met"
	}
	return "**not met**"
}

func (r *report) targets() []target {
	var ts []target
	for _, sc := range []string{"Full", "Auth"} {
		v := r.sameRound(sc, "panther", sc, "fiber")
		ts = append(ts, target{sc + ": Panther req/s ≥ 1.0× Fiber's in the same round",
			fmt.Sprintf("%.2f× Fiber (Panther %s, Fiber %s req/s)", v, num(r.loadStat(sc, "panther").rps), num(r.loadStat(sc, "fiber").rps)),
			verdict(v >= 1, v)})
	}
	for _, sc := range []string{"Plaintext", "Hello", "PathParam", "Validate", "Throttle"} {
		ratio := r.loadStat(sc, "panther").ratio
		ts = append(ts, target{sc + ": Panther req/s ≥ 0.97× hand-written net/http", fmt.Sprintf("%.2f×", ratio), verdict(ratio >= 0.97, ratio)})
	}
	full := r.bench("Full", "panther")
	ts = append(ts, target{"Full in process: ≤ 2.5 µs/op and ≤ 20 allocs/op",
		fmt.Sprintf("%s ns/op, %s allocs/op (Fiber %s ns/op, net/http %s)", num(full.ns), num(full.allocs), num(r.bench("Full", "fiber").ns), num(r.bench("Full", "nethttp").ns)),
		verdict(full.ns <= 2500 && full.allocs <= 20, full.ns)})
	fr := r.bench("FullRedis", "panther")
	ts = append(ts, target{"Full pipeline with Redis: cost per request",
		fmt.Sprintf("+%s ns and +%s allocs over memory in process (two Redis round trips per request — revocation GET and throttle script — which on one pinned CPU is mostly waiting); %s req/s under load (%.2f× net/http's hand-written go-redis); see the sweep by clients",
			num(fr.ns-full.ns), num(fr.allocs-full.allocs), num(r.loadStat("FullRedis", "panther").rps), r.loadStat("FullRedis", "panther").ratio),
		"stated"})
	return ts
}

func (r *report) writeTargets(p func(string, ...any)) {
	p("## The speed issue's targets, from this run\n\n| target | measured | verdict |\n|---|---|---|\n")
	for _, t := range r.targets() {
		p("| %s | %s | %s |\n", t.what, t.measured, t.verdict)
	}
	p("\n")
}
