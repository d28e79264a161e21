// Package limit is the hand-written fixed-window throttle the peer servers
// share: Rate requests per Window per client, counted in process (a mutex
// and a map) or in Redis (one INCR script per request).
package limit

import (
	"context"
	"strconv"
	"time"
)

// Counter counts a client's requests in the window that began at start.
type Counter interface {
	Incr(ctx context.Context, client string, start time.Time, window time.Duration) (int64, error)
}

// Limiter decides whether a request passes.
type Limiter struct {
	Rate    int64
	Window  time.Duration
	Counter Counter
}

// Result is a decision and what the X-RateLimit-* headers say about it.
type Result struct {
	OK        bool
	Limit     string // X-RateLimit-Limit
	Remaining string // X-RateLimit-Remaining
	Reset     string // X-RateLimit-Reset, Unix seconds
}

// Allow counts one request of client. A counter failure lets the request
// pass (fail open, as Panther does by default) and is returned.
func (l *Limiter) Allow(ctx context.Context, client string) (Result, error) {
	now := time.Now()
	secs := int64(l.Window / time.Second)
	start := time.Unix(now.Unix()-now.Unix()%secs, 0)
	n, err := l.Counter.Incr(ctx, client, start, l.Window)
	if err != nil {
		return Result{OK: true}, err
	}
	return Result{
		OK:        n <= l.Rate,
		Limit:     strconv.FormatInt(l.Rate, 10),
		Remaining: strconv.FormatInt(max(0, l.Rate-n), 10),
		Reset:     strconv.FormatInt(start.Unix()+secs, 10),
	}, nil
}
