package memory

import "time"

// sweepBatch is how many expired entries the janitor frees per lock hold.
const sweepBatch = 256

// clean frees expired entries every interval until Close, so keys that
// are written once and never read again (throttle windows) do not sit
// in memory until eviction pushes them out.
func (s *Store) clean(interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-tick.C:
			s.sweep()
		}
	}
}

func (s *Store) sweep() {
	now := s.now()
	for i := range s.shards {
		for s.shards[i].sweep(now, sweepBatch) {
		}
	}
}
