package main

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
	"sync/atomic"
	"time"
)

// hist is a latency histogram that many goroutines add to without a
// lock: buckets of 1/64 of a power of two (≤ 1.6 % wide) over any
// duration, so a 10-minute soak keeps no samples.
type hist struct {
	counts   [histBuckets]atomic.Int64
	n, maxNS atomic.Int64
}

const (
	subBits     = 6
	subBuckets  = 1 << subBits
	histBuckets = (64 - subBits) * subBuckets
)

func bucketOf(ns int64) int {
	if ns < subBuckets {
		return int(max(ns, 0))
	}
	e := bits.Len64(uint64(ns)) - subBits - 1 // ns>>e is in [64, 128)
	return e*subBuckets + int(ns>>e)
}

// valueOf is the middle of bucket i, in ns.
func valueOf(i int) int64 {
	if i < 2*subBuckets {
		return int64(i)
	}
	e := i/subBuckets - 1
	return int64(i-e*subBuckets)<<e + 1<<e/2
}

func (h *hist) add(d time.Duration) {
	ns := int64(d)
	h.counts[bucketOf(ns)].Add(1)
	h.n.Add(1)
	for m := h.maxNS.Load(); ns > m && !h.maxNS.CompareAndSwap(m, ns); m = h.maxNS.Load() {
	}
}

func (h *hist) merge(o *hist) {
	for i := range o.counts {
		if n := o.counts[i].Load(); n > 0 {
			h.counts[i].Add(n)
		}
	}
	h.n.Add(o.n.Load())
	for m := h.maxNS.Load(); o.maxNS.Load() > m && !h.maxNS.CompareAndSwap(m, o.maxNS.Load()); m = h.maxNS.Load() {
	}
}

// quantile is the q-quantile (0 < q ≤ 1); 0 for an empty histogram.
func (h *hist) quantile(q float64) time.Duration {
	n := h.n.Load()
	if n == 0 {
		return 0
	}
	rank := max(int64(math.Ceil(q*float64(n))), 1)
	var seen int64
	for i := range h.counts {
		if seen += h.counts[i].Load(); seen >= rank {
			return time.Duration(min(valueOf(i), h.maxNS.Load()))
		}
	}
	return h.max()
}

func (h *hist) max() time.Duration { return time.Duration(h.maxNS.Load()) }

// tally counts one group of requests: their latencies and statuses.
// Status 0 counts transport errors (refused, reset, timed out).
type tally struct {
	lat    hist
	status [600]atomic.Int64
}

func (t *tally) record(status int, d time.Duration) {
	if status < 0 || status >= len(t.status) {
		status = 0
	}
	t.status[status].Add(1)
	t.lat.add(d)
}

func (t *tally) merge(o *tally) {
	t.lat.merge(&o.lat)
	for i := range o.status {
		t.status[i].Add(o.status[i].Load())
	}
}

func (t *tally) count() int64 { return t.lat.n.Load() }

// where counts the requests whose status satisfies f (0: transport error).
func (t *tally) where(f func(status int) bool) int64 {
	var n int64
	for i := range t.status {
		if f(i) {
			n += t.status[i].Load()
		}
	}
	return n
}

func is2xx(s int) bool   { return s >= 200 && s < 300 }
func not2xx(s int) bool  { return !is2xx(s) }
func isError(s int) bool { return s == 0 }

// statuses lists the counts by status, such as "200 × 1,234, 503 × 5,
// error × 2".
func (t *tally) statuses() string {
	var parts []string
	for i := 1; i <= len(t.status); i++ { // 0, the errors, last
		if n := t.status[i%len(t.status)].Load(); n > 0 {
			name := "error"
			if i < len(t.status) {
				name = fmt.Sprint(i)
			}
			parts = append(parts, name+" × "+thousands(n))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// thousands writes n with comma separators.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ms writes a duration in milliseconds.
func ms(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.3f s", d.Seconds())
	case d >= 100*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.2f ms", float64(d)/1e6)
}

func mib(kib int64) string { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }

func rate(n int64, d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	return thousands(int64(math.Round(float64(n) / d.Seconds())))
}
