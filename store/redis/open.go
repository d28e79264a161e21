package redis

import (
	"context"
	"fmt"
	"net"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Open is New without the ping: it parses url and makes the store, and the
// first call — or Ping — finds out whether Redis is there. A panther.App
// given it in Config.Store pings it when it starts serving.
func Open(url string, opts Options) (*Store, error) {
	o, err := goredis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("store/redis: %w", err)
	}
	// Let the context's deadline, not go-redis's fixed 3 s read timeout,
	// bound each call.
	o.ContextTimeoutEnabled = true
	// A refused connection is an answer: dial once, and let the pool's
	// background redial find the server when it is back, rather than retry
	// five times inside every call while Redis is down.
	if o.DialerRetries == 0 {
		o.DialerRetries = 1
	}
	// Once as many dials have failed as the pool holds connections,
	// go-redis stops dialing and probes once a second, so calls would go on
	// failing for up to a second after Redis is back. A failed dial is
	// reported through the connection instead, so every call can find
	// Redis back at once; a panther.App's circuit breaker is what keeps
	// calls off a Redis that is down.
	o.Dialer = reportingDialer(goredis.NewDialer(o))
	// Retry a failed command once and at once — the pooled connection it
	// took may have been closed by the server — but never sleep in a call.
	if o.MaxRetries == 0 {
		o.MaxRetries = 1
	}
	if o.MinRetryBackoff == 0 && o.MaxRetryBackoff == 0 {
		o.MinRetryBackoff, o.MaxRetryBackoff = -1, -1
	}
	return newStore(goredis.NewClient(o), opts, true), nil
}

type dialFunc = func(ctx context.Context, network, addr string) (net.Conn, error)

// reportingDialer dials with dial, and turns a failure into a connection
// whose every use fails with it.
func reportingDialer(dial dialFunc) dialFunc {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if err != nil {
			return failedConn{dialError{err}}, nil
		}
		return c, nil
	}
}

// dialError keeps the whole text of a failed dial ("dial tcp …: connect:
// connection refused"); go-redis shortens a *net.OpError from a write.
type dialError struct{ err error }

func (e dialError) Error() string { return e.err.Error() }
func (e dialError) Unwrap() error { return e.err }

// failedConn is a connection that could not be made.
type failedConn struct{ err error }

func (c failedConn) Read([]byte) (int, error)         { return 0, c.err }
func (c failedConn) Write([]byte) (int, error)        { return 0, c.err }
func (c failedConn) Close() error                     { return nil }
func (c failedConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c failedConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (c failedConn) SetDeadline(time.Time) error      { return nil }
func (c failedConn) SetReadDeadline(time.Time) error  { return nil }
func (c failedConn) SetWriteDeadline(time.Time) error { return nil }
