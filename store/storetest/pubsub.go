package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/panther-go/panther/store"
)

// deliveryWait bounds how long a case waits for a message or for a
// subscription to close; in a bubble it passes instantly once everything
// else is blocked.
const deliveryWait = 5 * time.Second

func pubsubCases() []testCase {
	return []testCase{
		{"Subscribe receives messages in order", func(t *testing.T, e env) {
			ch := mustSubscribe(t, t.Context(), e.s, "news")
			for _, m := range []string{"one", "two", "three"} {
				mustPublish(t, e.s, "news", m)
			}
			for _, want := range []string{"one", "two", "three"} {
				wantMessage(t, ch, want)
			}
		}},
		{"Subscribe two subscribers both receive", func(t *testing.T, e env) {
			a := mustSubscribe(t, t.Context(), e.s, "news")
			b := mustSubscribe(t, t.Context(), e.s, "news")
			mustPublish(t, e.s, "news", "hello")
			wantMessage(t, a, "hello")
			wantMessage(t, b, "hello")
		}},
		{"Subscribe misses earlier messages and other channels", func(t *testing.T, e env) {
			mustPublish(t, e.s, "news", "early")
			ch := mustSubscribe(t, t.Context(), e.s, "news")
			mustPublish(t, e.s, "other", "elsewhere")
			mustPublish(t, e.s, "news", "late")
			wantMessage(t, ch, "late")
		}},
		{"Publish copies the message", func(t *testing.T, e env) {
			ch := mustSubscribe(t, t.Context(), e.s, "news")
			msg := []byte("original")
			if err := e.s.Publish(t.Context(), "news", msg); err != nil {
				t.Fatal(err)
			}
			copy(msg, "MUTATED!")
			wantMessage(t, ch, "original")
		}},
		{"Publish without subscribers", func(t *testing.T, e env) {
			mustPublish(t, e.s, "nobody", "hello")
		}},
		{"Subscribe ends when its context is done", func(t *testing.T, e env) {
			ctx, cancel := context.WithCancel(t.Context())
			ch := mustSubscribe(t, ctx, e.s, "news")
			cancel()
			wantClosed(t, ch)
		}},
		{"Close ends every subscription", func(t *testing.T, e env) {
			a := mustSubscribe(t, t.Context(), e.s, "news")
			b := mustSubscribe(t, t.Context(), e.s, "other")
			if err := e.s.Close(); err != nil {
				t.Fatalf("Close = %v", err)
			}
			wantClosed(t, a)
			wantClosed(t, b)
		}},
	}
}

func mustSubscribe(t *testing.T, ctx context.Context, s store.Store, channel string) <-chan []byte {
	t.Helper()
	ch, err := s.Subscribe(ctx, channel)
	if err != nil {
		t.Fatalf("Subscribe(%q) = %v", channel, err)
	}
	return ch
}

func mustPublish(t *testing.T, s store.Store, channel, msg string) {
	t.Helper()
	if err := s.Publish(t.Context(), channel, []byte(msg)); err != nil {
		t.Fatalf("Publish(%q, %q) = %v", channel, msg, err)
	}
}

func wantMessage(t *testing.T, ch <-chan []byte, want string) {
	t.Helper()
	select {
	case got, ok := <-ch:
		if !ok || string(got) != want {
			t.Fatalf("received %q (open: %v), want %q", got, ok, want)
		}
	case <-time.After(deliveryWait):
		t.Fatalf("no message within %v, want %q", deliveryWait, want)
	}
}

// wantClosed drains ch until it is closed.
func wantClosed(t *testing.T, ch <-chan []byte) {
	t.Helper()
	timeout := time.After(deliveryWait)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatalf("subscription still open %v after it should have ended", deliveryWait)
		}
	}
}
