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

// target is one of issue 7's targets and how this run measured it.
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
	full := r.sameRound("Full", "panther", "Full", "fiber")
	ts = append(ts, target{"Full (memory): Panther req/s ≥ Fiber's in the same round",
		fmt.Sprintf("%.2f× Fiber (Panther %s, Fiber %s req/s)", full, num(r.loadStat("Full", "panther").rps), num(r.loadStat("Full", "fiber").rps)),
		verdict(full >= 1, full)})
	best, bestName := math.Inf(1), ""
	for _, fw := range r.o.frameworks {
		if v := r.bench("Full", fw).ns; fw != "panther" && v < best {
			best, bestName = v, fw
		}
	}
	pns := r.bench("Full", "panther").ns
	ts = append(ts, target{"Full in process: Panther ns/op ≤ half the best peer's",
		fmt.Sprintf("%s ns/op vs %s's %s (%.2f× it)", num(pns), bestName, num(best), pns/best),
		verdict(pns <= best/2, pns/best)})
	for _, sc := range []string{"Hello", "PathParam"} {
		ratio := r.loadStat(sc, "panther").ratio
		ts = append(ts, target{sc + ": Panther req/s ≥ 0.95× net/http", fmt.Sprintf("%.2f×", ratio), verdict(ratio >= 0.95, ratio)})
		pa, na := r.bench(sc, "panther").allocs, r.bench(sc, "nethttp").allocs
		ts = append(ts, target{sc + ": Panther allocs/op ≤ net/http's + 1",
			fmt.Sprintf("%s vs %s", num(pa), num(na)), verdict(pa <= na+1, pa-na)})
	}
	cached := r.sameRound("Cached", "panther", "Hello", "nethttp")
	ts = append(ts, target{"Cached hit: Panther req/s ≥ 1.0× net/http's Hello",
		fmt.Sprintf("%.2f×", cached), verdict(cached >= 1, cached)})
	th, he := r.bench("Throttle", "panther"), r.bench("Hello", "panther")
	ts = append(ts, target{"Throttle check (memory) ≤ 200 ns, 0 allocs",
		fmt.Sprintf("≈ %s ns and %s allocs: Panther's Throttle minus its Hello in process (the step with its three X-RateLimit headers)",
			num(th.ns-he.ns), num(th.allocs-he.allocs)),
		verdict(th.ns-he.ns <= 200 && th.allocs-he.allocs <= 0, th.ns-he.ns)})
	fr, fm := r.bench("FullRedis", "panther"), r.bench("Full", "panther")
	ts = append(ts, target{"Full pipeline with Redis: cost per request",
		fmt.Sprintf("+%s ns and +%s allocs over memory in process (two Redis round trips per request — revocation GET and throttle script — which on one pinned CPU is mostly waiting); %s req/s under load (%.2f× net/http's hand-written go-redis); see the sweep by clients",
			num(fr.ns-fm.ns), num(fr.allocs-fm.allocs), num(r.loadStat("FullRedis", "panther").rps), r.loadStat("FullRedis", "panther").ratio),
		"stated"})
	return ts
}

func (r *report) writeTargets(p func(string, ...any)) {
	p("## Issue 7's targets, from this run\n\n| target | measured | verdict |\n|---|---|---|\n")
	for _, t := range r.targets() {
		p("| %s | %s | %s |\n", t.what, t.measured, t.verdict)
	}
	p("\n")
}
