package redis_test

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/panther-go/panther/store/redis"
)

// TestNewFails checks New fails fast, within its Timeout, with a message
// that says what to check, whether Redis refuses the connection, accepts
// it and never answers, or the URL is wrong. It needs no Redis.
func TestNewFails(t *testing.T) {
	const timeout = 300 * time.Millisecond
	tests := []struct {
		name string
		url  string
		want []string
	}{
		{"connection refused", "redis://127.0.0.1:1/0", []string{
			"store/redis: cannot reach Redis at 127.0.0.1:1: dial tcp 127.0.0.1:1: ",
			"; is redis-server running, and is the URL right?",
		}},
		{"server never answers", "redis://" + silentServer(t) + "/0", []string{
			"store/redis: cannot reach Redis at 127.0.0.1:",
			": connected, but no answer within 300ms: ",
			"; is redis-server running, and is the URL right?",
		}},
		{"wrong scheme", "http://127.0.0.1:6379", []string{"store/redis: ", "scheme"}},
		{"wrong database", "redis://127.0.0.1:6379/x", []string{"store/redis: ", "database"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			s, err := redis.New(t.Context(), tt.url, redis.Options{Timeout: timeout})
			elapsed := time.Since(start)
			if err == nil {
				s.Close()
				t.Fatalf("New(%q) = nil error, want one", tt.url)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("New(%q) = %q, want it to contain %q", tt.url, err, w)
				}
			}
			if limit := timeout + 500*time.Millisecond; elapsed > limit {
				t.Errorf("New(%q) took %v, want under %v", tt.url, elapsed, limit)
			}
		})
	}
}

// silentServer listens on a free port, accepts connections and never
// answers, like a stuck Redis or a firewall that swallows packets after
// the handshake. It returns host:port.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	return ln.Addr().String()
}

// TestOpen checks Open makes a store without contacting Redis, and that
// the store's first call finds out, within the Timeout.
func TestOpen(t *testing.T) {
	const timeout = 300 * time.Millisecond
	s, err := redis.Open("redis://127.0.0.1:1/0", redis.Options{Timeout: timeout})
	if err != nil {
		t.Fatalf("Open = %v, want no error before any call", err)
	}
	defer s.Close()
	start := time.Now()
	if err := s.Ping(t.Context()); err == nil || time.Since(start) > timeout+500*time.Millisecond {
		t.Errorf("Ping = %v after %v; want an error within %v", err, time.Since(start), timeout)
	}
	if _, err := redis.Open("http://127.0.0.1:6379", redis.Options{}); err == nil {
		t.Error(`Open("http://…") = nil error, want the scheme refused`)
	}
}
