package main

import (
	"math"
	"slices"
	"time"
)

// median of xs; NaN for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

func medianOf[T any](xs []T, f func(T) float64) float64 {
	vals := make([]float64, len(xs))
	for i, x := range xs {
		vals[i] = f(x)
	}
	return median(vals)
}

// loadStat is one scenario and framework's summary over the rounds.
type loadStat struct {
	rps, ratio   float64 // median req/s; median of the per-round ratios to the baseline
	p50, p99     time.Duration
	rssKiB       int64 // the largest VmHWM of the rounds
	non2xx, errs int64
	rounds       int
}

// summarize reduces sc's samples for fw against the baseline's samples of
// the same rounds.
func summarize(samples, base []sample) loadStat {
	st := loadStat{rounds: len(samples)}
	if len(samples) == 0 {
		st.rps, st.ratio = math.NaN(), math.NaN()
		return st
	}
	st.rps = medianOf(samples, func(s sample) float64 { return s.rps })
	st.p50 = time.Duration(medianOf(samples, func(s sample) float64 { return float64(s.p50) }))
	st.p99 = time.Duration(medianOf(samples, func(s sample) float64 { return float64(s.p99) }))
	var ratios []float64
	for i, s := range samples {
		st.rssKiB = max(st.rssKiB, s.rssKiB)
		st.non2xx += s.non2xx
		st.errs += s.errors
		if i < len(base) && base[i].rps > 0 {
			ratios = append(ratios, s.rps/base[i].rps)
		}
	}
	st.ratio = median(ratios)
	return st
}

// benchSummary is the medians of the in-process samples.
func benchSummary(xs []benchStat) benchStat {
	return benchStat{
		ns:     medianOf(xs, func(s benchStat) float64 { return s.ns }),
		bytes:  medianOf(xs, func(s benchStat) float64 { return s.bytes }),
		allocs: medianOf(xs, func(s benchStat) float64 { return s.allocs }),
	}
}
