package main

import (
	"fmt"
	"log"
	"slices"
	"time"

	"github.com/panther-go/panther/bench/scenario"
	"github.com/panther-go/panther/bench/servers"
)

// load runs the warm-up and the rounds.
type load struct {
	o     options
	bin   string // the benchserver binary
	dir   string // for wrk's scripts
	turns int    // turns so far: each gets its own token subject
}

// sample is one measured turn.
type sample struct {
	rps      float64
	p50, p99 time.Duration
	rssKiB   int64
	non2xx   int64
	errors   int64 // wrk's socket errors
}

// loadResults holds the samples by scenario, framework and round.
type loadResults map[string]map[string][]sample

// run measures the warm-up round (discarded), then the rounds.
func (l *load) run() (loadResults, error) {
	res := loadResults{}
	total := len(l.o.scenarios) * len(l.o.frameworks)
	log.Printf("warm-up: %d turns of %v", total, l.o.warmup)
	if _, err := l.round(-1, l.o.warmup); err != nil {
		return nil, err
	}
	for round := range l.o.rounds {
		log.Printf("round %d of %d: %d turns of %v", round+1, l.o.rounds, total, l.o.duration)
		got, err := l.round(round, l.o.duration)
		if err != nil {
			return nil, err
		}
		for sc, byFw := range got {
			if res[sc] == nil {
				res[sc] = map[string][]sample{}
			}
			for fw, s := range byFw {
				res[sc][fw] = append(res[sc][fw], s)
			}
		}
	}
	return res, nil
}

// round gives every framework a turn at every scenario; the frameworks'
// order rotates with the round (and the scenario), so none always runs
// first or right after a particular other.
func (l *load) round(round int, d time.Duration) (map[string]map[string]sample, error) {
	out := map[string]map[string]sample{}
	for si, name := range l.o.scenarios {
		out[name] = map[string]sample{}
		order := rotate(l.o.frameworks, max(round, 0)+si)
		for _, fw := range order {
			s, err := l.turn(name, fw, d, l.o.connections)
			if err != nil {
				return nil, fmt.Errorf("%s on %s: %w", name, fw, err)
			}
			if round >= 0 {
				log.Printf("  %-9s %-8s %9.0f req/s  p50 %-8v p99 %-8v rss %d KiB", name, fw, s.rps, s.p50, s.p99, s.rssKiB)
			}
			out[name][fw] = s
		}
	}
	return out, nil
}

func rotate(list []string, by int) []string {
	n := len(list)
	out := make([]string, n)
	for i := range list {
		out[i] = list[(i+by)%n]
	}
	return out
}

// turn measures one scenario on one freshly started server.
func (l *load) turn(name, fw string, d time.Duration, conns int) (sample, error) {
	l.turns++
	// A subject of its own per turn: counters kept in Redis never carry
	// over from one turn to the next.
	user := fmt.Sprintf("load-%d-%d", time.Now().Unix(), l.turns)
	sc, _ := scenario.Find(scenario.List(servers.DefaultSecret, user), name)
	cfg := servers.Config{}
	if sc.Redis {
		cfg.Redis = l.o.redis
	}
	srv, err := startServer(l.bin, fw, cfg)
	if err != nil {
		return sample{}, err
	}
	defer srv.stop()
	if err := srv.check(sc.Case); err != nil {
		return sample{}, err
	}
	script, err := writeScript(l.dir, sc.Request)
	if err != nil {
		return sample{}, err
	}
	s, err := runWrk(srv.url(sc.Path), script, conns, d)
	if err != nil {
		return sample{}, err
	}
	s.rssKiB = srv.peakRSS()
	return s, srv.alive()
}

// scalePoint is one run of the Redis sweep.
type scalePoint struct {
	conns int
	sample
}

// Connection counts of the Redis sweep.
var sweepConns = []int{1, 4, 16, 64, 256}

// redisSweep runs the Redis scenario once per connection count for the
// baseline and Panther: how its cost scales with concurrent clients.
func (l *load) redisSweep() (map[string][]scalePoint, error) {
	out := map[string][]scalePoint{}
	if !slices.Contains(l.o.scenarios, "FullRedis") {
		return out, nil
	}
	for _, fw := range []string{"nethttp", "panther"} {
		if !slices.Contains(l.o.frameworks, fw) {
			continue
		}
		for _, c := range sweepConns {
			s, err := l.turn("FullRedis", fw, l.o.duration, c)
			if err != nil {
				return nil, fmt.Errorf("FullRedis sweep on %s with %d connections: %w", fw, c, err)
			}
			log.Printf("  sweep %-8s c=%-3d %9.0f req/s  p50 %-8v p99 %v", fw, c, s.rps, s.p50, s.p99)
			out[fw] = append(out[fw], scalePoint{c, s})
		}
	}
	return out, nil
}
