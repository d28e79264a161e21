package main

import (
	"context"
	"fmt"
	"log"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// hostile sends distinct, heavily padded URLs to the cached route, so
// that every request is a miss the cache would keep, while a probe checks
// that other clients are still served.
func hostile(e *env) (bool, error) {
	o := e.o
	if o.padMin < 1 || o.padMax < o.padMin {
		return false, fmt.Errorf("-pad-min %d and -pad-max %d: want 1 ≤ min ≤ max", o.padMin, o.padMax)
	}
	boundKiB := int64(o.storeMiB+o.memoMiB+o.slack) << 10
	abortKiB := int64(o.abortMiB) << 10
	if abortKiB == 0 {
		abortKiB = 4 * boundKiB
	}
	t, err := startTour(e, "")
	if err != nil {
		return false, err
	}
	defer t.kill()

	baselineFor := 3 * time.Second
	log.Printf("hostile: probe alone for %v", baselineFor)
	var baseline, during tally
	pr := newProbe(t, o.probeRate)
	ctx, cancel := context.WithTimeout(context.Background(), baselineFor)
	pr.run(ctx, &baseline)
	cancel()

	log.Printf("hostile: %d padded requests on %d connections", o.requests, o.hostileConns)
	s := sampleRSS(t.child, 100*time.Millisecond, abortKiB)
	ctx, cancel = context.WithCancel(context.Background())
	probed := make(chan struct{})
	go func() { pr.run(ctx, &during); close(probed) }()
	a := attack(t, o, s.over)
	cancel()
	<-probed
	time.Sleep(time.Second) // what the tour holds once the attack is over
	samples := s.stop()

	aborted := "no"
	if closed(s.over) {
		aborted = fmt.Sprintf("**yes**, VmRSS passed %s after %s requests", mib(abortKiB), thousands(a.res.count()))
	}
	e.rep.settings("tour", "-throttle "+noThrottle+", in-memory store",
		"attack", fmt.Sprintf("%s × anonymous GET /time/?u=<n>&pad=<%s–%s random letters>, each URL distinct, %d connections",
			thousands(int64(o.requests)), size(o.padMin), size(o.padMax), o.hostileConns),
		"budget", fmt.Sprintf("store %d MiB (store/memory Options.MaxBytes default) + memos %d MiB (API.Cache, Throttle; -memo-mib) + %d MiB = **%s**",
			o.storeMiB, o.memoMiB, o.slack, mib(boundKiB)),
		"probe", fmt.Sprintf("GET /hello/x/ open loop at %.0f/s on connections of its own; alone for %v first", o.probeRate, baselineFor),
		"RSS", fmt.Sprintf("VmRSS every 100 ms; the attack stops early past %s (-abort-mib)", mib(abortKiB)),
		"pinning", pinning(o))
	e.rep.printf("Attack:\n\n")
	e.rep.table(append(latencyHeader, "query MB/s"), latencyAlign+"r",
		[][]string{append(latencyRow("GET /time/?u=…&pad=…", &a.res, a.took), fmt.Sprintf("%.0f", float64(a.bytes)/1e6/a.took.Seconds()))})
	e.rep.printf("Probe, GET /hello/x/:\n\n")
	e.rep.table(latencyHeader, latencyAlign, [][]string{
		latencyRow("alone", &baseline, baselineFor),
		latencyRow("during the attack", &during, a.took),
	})
	first, last := kibAt(samples, 0), kibAt(samples, len(samples)-1)
	e.rep.table([]string{"VmRSS before", "largest", "1 s after", "samples", "aborted"}, "rrrrl",
		[][]string{{mib(first), mib(s.peak.Load()), mib(last), strconv.Itoa(len(samples)), aborted}})

	checks := []check{
		{name: "memory bounded", bound: "largest VmRSS < " + mib(boundKiB), measured: mib(s.peak.Load()), ok: s.peak.Load() < boundKiB && !closed(s.over)},
		{name: "probe served", bound: "every probe 2xx", measured: thousands(baseline.where(not2xx)+during.where(not2xx)) + " failed",
			ok: baseline.where(not2xx)+during.where(not2xx) == 0 && during.count() > 0},
	}
	checks = append(checks, t.finish(e.rep)...)
	return e.rep.checks(checks), nil
}

func kibAt(samples []rssSample, i int) int64 {
	if i < 0 || i >= len(samples) {
		return 0
	}
	return samples[i].kib
}

func size(n int) string {
	if n >= 1<<10 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// attacked is what the attack measured.
type attacked struct {
	res   tally
	took  time.Duration
	bytes int64 // query bytes sent
}

// attack sends the padded requests from o.hostileConns goroutines, until
// all are sent or stop closes.
func attack(t *tour, o options, stop <-chan struct{}) *attacked {
	letters := make([]byte, o.padMax)
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	for i := range letters {
		letters[i] = alphabet[rand.IntN(len(alphabet))]
	}
	pad := string(letters)
	client := newClient(t.addr, o.hostileConns)
	a := &attacked{}
	var next, sent atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range o.hostileConns {
		wg.Go(func() {
			for i := next.Add(1); i <= int64(o.requests); i = next.Add(1) {
				select {
				case <-stop:
					return
				default:
				}
				n := o.padMin + rand.IntN(o.padMax-o.padMin+1)
				off := rand.IntN(o.padMax - n + 1)
				query := "u=" + strconv.FormatInt(i, 10) + "&pad=" + pad[off:off+n]
				req := wire(t.addr, http.MethodGet, "/time/?"+query, "")
				began := time.Now()
				res := client.do(req, false)
				a.res.record(res.status, time.Since(began))
				sent.Add(int64(len(query)))
			}
		})
	}
	wg.Wait()
	a.took, a.bytes = time.Since(start), sent.Load()
	client.close()
	return a
}

// probe is a well-behaved client on connections of its own.
type probe struct {
	client *client
	req    []byte
	perSec float64
}

func newProbe(t *tour, perSec float64) *probe {
	return &probe{client: newClient(t.addr, 8), req: wire(t.addr, http.MethodGet, "/hello/x/", ""), perSec: perSec}
}

// run sends GET /hello/x/ open loop until ctx is done, counting into tl.
func (p *probe) run(ctx context.Context, tl *tally) {
	openLoop(ctx, p.perSec, 8, func(due time.Time) {
		tl.record(p.client.do(p.req, false).status, time.Since(due))
	})
}
