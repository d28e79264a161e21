package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// openLoop calls fire perSec times a second, from workers goroutines,
// until ctx is done, then waits for the calls in flight. Each call gets
// the time it was due: a latency counted from then includes the wait of
// a request the server fell behind on (no coordinated omission). When
// every worker is busy, arrivals queue; openLoop returns how many were
// due.
func openLoop(ctx context.Context, perSec float64, workers int, fire func(due time.Time)) int64 {
	jobs := make(chan time.Time, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for due := range jobs {
				fire(due)
			}
		})
	}
	start := time.Now()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	var n int64
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-tick.C:
		}
		// Request n is due at n/perSec: send every one due by now.
		for due := int64(time.Since(start).Seconds()*perSec) + 1; n < due; n++ {
			select {
			case jobs <- start.Add(time.Duration(float64(n) / perSec * 1e9)):
			case <-ctx.Done():
				break loop
			}
		}
	}
	close(jobs)
	wg.Wait()
	return n
}

// closedLoop calls fire from conns goroutines, each again as soon as the
// last call returns, until ctx is done.
func closedLoop(ctx context.Context, conns int, fire func()) {
	var wg sync.WaitGroup
	for range conns {
		wg.Go(func() {
			for ctx.Err() == nil {
				fire()
			}
		})
	}
	wg.Wait()
}

// rssSample is the tour's VmRSS at a time since sampling began.
type rssSample struct {
	at  time.Duration
	kib int64
}

// sampler reads a child's VmRSS periodically; over closes when a sample
// passes the limit (0: no limit).
type sampler struct {
	stopc, done chan struct{}
	over        chan struct{}
	samples     []rssSample
	peak        atomic.Int64
}

func sampleRSS(c *child, every time.Duration, limitKiB int64) *sampler {
	s := &sampler{stopc: make(chan struct{}), done: make(chan struct{}), over: make(chan struct{})}
	start := time.Now()
	take := func() {
		kib, err := c.rssKiB()
		if err != nil {
			return // the process is gone; the scenario's survival check says so
		}
		s.samples = append(s.samples, rssSample{at: time.Since(start), kib: kib})
		if kib > s.peak.Load() {
			s.peak.Store(kib)
		}
		if limitKiB > 0 && kib > limitKiB && !closed(s.over) {
			close(s.over)
		}
	}
	go func() {
		defer close(s.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		take()
		for {
			select {
			case <-s.stopc:
				take()
				return
			case <-tick.C:
				take()
			}
		}
	}()
	return s
}

// stop takes a last sample and returns them all.
func (s *sampler) stop() []rssSample {
	close(s.stopc)
	<-s.done
	return s.samples
}

func closed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
