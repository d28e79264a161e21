package redis

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"
)

// diagnoseWait bounds the extra dial diagnose makes after a failed ping.
const diagnoseWait = 200 * time.Millisecond

// diagnose explains why New's ping failed. go-redis retries a refused
// dial until the deadline and then reports only "context deadline
// exceeded" (or the read's i/o timeout), so when that is the error, one
// plain dial tells a Redis that
// is not listening (the dial's own error) from one that accepts but does
// not answer.
func diagnose(network, addr string, timeout time.Duration, err error) error {
	var netErr net.Error
	if !errors.Is(err, context.DeadlineExceeded) && !(errors.As(err, &netErr) && netErr.Timeout()) {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), diagnoseWait)
	defer cancel()
	conn, dialErr := (&net.Dialer{}).DialContext(ctx, network, addr)
	if dialErr != nil {
		return dialErr
	}
	conn.Close()
	return fmt.Errorf("connected, but no answer within %v: %w", timeout, err)
}
