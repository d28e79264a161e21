package ws_test

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/panther-go/panther"
	"github.com/panther-go/panther/store/redis"
	"github.com/panther-go/panther/ws"
)

// Two instances sharing one Redis: a connection held by one is reached by
// id from the other, a broadcast from either reaches every member of the
// room on both, once, and an id neither holds is ErrNoConnection.
func TestAcrossInstances(t *testing.T) {
	url := os.Getenv("PANTHER_TEST_REDIS")
	if url == "" {
		t.Skip("PANTHER_TEST_REDIS is not set")
	}
	prefix := "wstest-" + time.Now().Format("150405.000000000") + ":"
	instance := func() *server {
		st, err := redis.Open(url, redis.Options{Prefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return newServer(t, panther.Config{Store: st})
	}
	a, b := instance(), instance()
	onA, idA := connect(t, a.url+"/rooms/lobby/", "alice")
	onB, idB := connect(t, b.url+"/rooms/lobby/", "bob")

	if err := b.hub.Send(t.Context(), idA, "from b"); err != nil {
		t.Fatal(err)
	}
	if got := read(t, onA); got != "from b" {
		t.Errorf("sent by id from the other instance: %q", got)
	}
	if err := a.hub.Send(t.Context(), "01ARZ3NDEKTSV4RRFFQ69G5FAV", "x"); !errors.Is(err, ws.ErrNoConnection) {
		t.Errorf("an id neither holds: %v, want ErrNoConnection", err)
	}

	// alice, on a, talks to the lobby: bob, on b, hears it once, and so
	// does she.
	write(t, onA, websocket.MessageText, "hi all")
	for _, c := range []*websocket.Conn{onA, onB} {
		if got := read(t, c); got != `{"from":"alice","text":"hi all"}` {
			t.Errorf("broadcast: %s", got)
		}
	}
	write(t, onB, websocket.MessageText, "second")
	for _, c := range []*websocket.Conn{onA, onB} {
		if got := read(t, c); got != `{"from":"bob","text":"second"}` {
			t.Errorf("after the first broadcast: %s, want it once and this next", got)
		}
	}

	if err := a.hub.Close(t.Context(), idB, 4002, "from a"); err != nil {
		t.Fatal(err)
	}
	if code := closeStatus(t, onB); code != 4002 {
		t.Errorf("closed from the other instance with %d, want 4002", code)
	}
	waitFor(t, func() bool { return b.hub.Connections() == 0 })
	if err := a.hub.Send(t.Context(), idB, "x"); !errors.Is(err, ws.ErrNoConnection) {
		t.Errorf("Send to a closed connection on the other instance: %v, want ErrNoConnection", err)
	}
}
