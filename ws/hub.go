package ws

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/store"
)

// ErrNoConnection is returned by Hub.Send and Hub.Close for a connection
// id that no instance sharing the store holds.
var ErrNoConnection = errors.New("ws: no instance holds this connection")

// The store's keys and channels: which instance holds a connection, the
// channel each instance hears its connections' messages on, and the one
// every instance hears rooms on.
const (
	connKeyPrefix    = "ws:conn:"
	instancePrefix   = "ws:instance:"
	roomsChannel     = "ws:rooms"
	registryTTL      = time.Minute
	registryInterval = registryTTL / 3
)

// Hub holds an app's websocket connections and reaches them by id and by
// room, on whichever instance sharing the app's store holds them. Make
// one per app with NewHub, before the app serves.
type Hub struct {
	app      *panther.App
	instance string

	mu       sync.Mutex
	conns    map[string]*Conn
	rooms    map[string]map[*Conn]struct{}
	started  bool
	closing  bool
	stop     context.CancelFunc
	handlers sync.WaitGroup
}

// NewHub is the hub of app's websockets. The app's shutdown closes every
// connection with 1001 and waits for their callbacks.
func NewHub(app *panther.App) *Hub {
	h := &Hub{app: app, instance: newID(), conns: map[string]*Conn{}, rooms: map[string]map[*Conn]struct{}{}}
	app.OnStartup(func(ctx context.Context) error { return h.start() })
	app.OnShutdown(h.Shutdown)
	return h
}

// start subscribes the hub to its instance's channel and to rooms, once;
// a failure is answered 503 and tried again by the next upgrade.
func (h *Hub) start() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closing {
		return panther.NewError(http.StatusServiceUnavailable, "The server is shutting down")
	}
	if h.started {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	st := h.app.Store()
	direct, err := st.Subscribe(ctx, instancePrefix+h.instance)
	if err == nil {
		var rooms <-chan []byte
		if rooms, err = st.Subscribe(ctx, roomsChannel); err == nil {
			h.started, h.stop = true, cancel
			go h.listen(direct)
			go h.listen(rooms)
			go h.refresh(ctx)
			return nil
		}
	}
	cancel()
	slog.Error("ws: cannot subscribe to the store", "error", err)
	return panther.NewError(http.StatusServiceUnavailable, "The store cannot be reached")
}

// envelope is a message between instances.
type envelope struct {
	From   string     `json:"from"`           // the instance that sent it
	To     string     `json:"to,omitempty"`   // a connection id
	Room   string     `json:"room,omitempty"` // or a room
	Close  bool       `json:"close,omitempty"`
	Code   StatusCode `json:"code,omitempty"`
	Reason string     `json:"reason,omitempty"`
	Binary bool       `json:"binary,omitempty"`
	Data   []byte     `json:"data,omitempty"`
}

// listen delivers what other instances send here.
func (h *Hub) listen(ch <-chan []byte) {
	for raw := range ch {
		var e envelope
		if err := json.Unmarshal(raw, &e); err != nil || e.From == h.instance && e.Room != "" {
			continue // not ours to read, or a room this instance served itself
		}
		m := outgoing{binary: e.Binary, data: e.Data}
		switch {
		case e.Room != "":
			h.toRoom(e.Room, m)
		case e.Close:
			if c := h.local(e.To); c != nil {
				c.Close(e.Code, e.Reason)
			}
		default:
			if c := h.local(e.To); c != nil {
				c.enqueue(m)
			}
		}
	}
}

// refresh keeps the store's record of the connections held here alive.
func (h *Hub) refresh(ctx context.Context) {
	t := time.NewTicker(registryInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		h.mu.Lock()
		ids := make([]string, 0, len(h.conns))
		for id := range h.conns {
			ids = append(ids, id)
		}
		h.mu.Unlock()
		st := h.app.Store()
		for _, id := range ids {
			st.Set(ctx, connKeyPrefix+id, []byte(h.instance), registryTTL)
		}
	}
}

func (h *Hub) local(id string) *Conn {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.conns[id]
}

// toConn gives connection id its message: to here, when this instance
// holds it, else as e to the instance the store says does.
func (h *Hub) toConn(ctx context.Context, id string, here func(*Conn) error, e envelope) error {
	if c := h.local(id); c != nil {
		return here(c)
	}
	where, err := h.app.Store().Get(ctx, connKeyPrefix+id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return ErrNoConnection
	case err != nil:
		return err
	case string(where) == h.instance: // our record of a connection that has just ended
		return ErrNoConnection
	}
	e.To = id
	return h.publish(ctx, instancePrefix+string(where), e)
}

// Send sends v to connection id, wherever it is held: a []byte as a binary
// message, a string as text, anything else as JSON text. It returns once
// the holding instance has it, or ErrNoConnection.
func (h *Hub) Send(ctx context.Context, id string, v any) error {
	m, err := encode(v)
	if err != nil {
		return err
	}
	return h.toConn(ctx, id, func(c *Conn) error { return c.enqueue(m) }, envelope{Binary: m.binary, Data: m.data})
}

// Close closes connection id, wherever it is held, with code and reason,
// after the messages already queued for it; or returns ErrNoConnection.
func (h *Hub) Close(ctx context.Context, id string, code StatusCode, reason string) error {
	return h.toConn(ctx, id, func(c *Conn) error { c.Close(code, reason); return nil }, envelope{Close: true, Code: code, Reason: reason})
}

// Broadcast sends v, encoded as Send does, to every member of room on
// every instance sharing the store, once each.
func (h *Hub) Broadcast(ctx context.Context, room string, v any) error {
	m, err := encode(v)
	if err != nil {
		return err
	}
	if room == "" {
		return errors.New("ws: Broadcast to an empty room name")
	}
	h.toRoom(room, m)
	return h.publish(ctx, roomsChannel, envelope{Room: room, Binary: m.binary, Data: m.data})
}

func (h *Hub) publish(ctx context.Context, channel string, e envelope) error {
	e.From = h.instance
	raw, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := h.app.Store().Publish(ctx, channel, raw); err != nil {
		return fmt.Errorf("ws: publishing to the store: %w", err)
	}
	return nil
}

// toRoom queues m for the room's members held here.
func (h *Hub) toRoom(room string, m outgoing) {
	h.mu.Lock()
	members := make([]*Conn, 0, len(h.rooms[room]))
	for c := range h.rooms[room] {
		members = append(members, c)
	}
	h.mu.Unlock()
	for _, c := range members {
		c.enqueue(m)
	}
}

// Connections is how many connections this instance holds.
func (h *Hub) Connections() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.conns)
}

// Shutdown closes every connection with 1001 and waits for their
// callbacks to return, or for ctx to end, when it drops what is left. New
// upgrades are refused with 503. The app's shutdown calls it.
func (h *Hub) Shutdown(ctx context.Context) error {
	h.mu.Lock()
	h.closing = true
	conns := make([]*Conn, 0, len(h.conns))
	for _, c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.Unlock()
	for _, c := range conns {
		c.Close(GoingAway, "the server is shutting down")
	}
	done := make(chan struct{})
	go func() { h.handlers.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		for _, c := range conns {
			c.ws.CloseNow()
		}
		<-done
		err = fmt.Errorf("ws: %d connections were cut at the end of the shutdown's grace", len(conns))
	}
	h.mu.Lock()
	if h.stop != nil {
		h.stop()
	}
	h.mu.Unlock()
	return err
}

// reserve counts a connection about to be accepted, so a shutdown that
// begins meanwhile waits for it, unless the hub is closing already.
func (h *Hub) reserve() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closing {
		return panther.NewError(http.StatusServiceUnavailable, "The server is shutting down")
	}
	h.handlers.Add(1)
	return nil
}

// add registers c, accepted on a reservation, here and in the store. A
// connection accepted while the hub began closing is closed with 1001,
// as the others are.
func (h *Hub) add(ctx context.Context, c *Conn) error {
	h.mu.Lock()
	h.conns[c.id] = c
	closing := h.closing
	h.mu.Unlock()
	h.app.NoteWebsocket(panther.RouteFrom(c.req.Context()), 1)
	if closing {
		c.Close(GoingAway, "the server is shutting down")
		return nil
	}
	if err := h.app.Store().Set(ctx, connKeyPrefix+c.id, []byte(h.instance), registryTTL); err != nil {
		return fmt.Errorf("ws: recording the connection in the store: %w", err)
	}
	return nil
}

// remove forgets c, here and in the store, and its rooms.
func (h *Hub) remove(c *Conn) {
	// The store first: once Connections no longer counts c, no instance
	// finds it there either.
	h.app.Store().Delete(context.WithoutCancel(c.ctx), connKeyPrefix+c.id)
	h.mu.Lock()
	delete(h.conns, c.id)
	for room := range c.rooms {
		h.leave(room, c)
	}
	h.mu.Unlock()
	h.app.NoteWebsocket(panther.RouteFrom(c.req.Context()), -1)
	h.handlers.Done()
}

func (h *Hub) join(room string, c *Conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.conns[c.id] != c {
		return // closed already
	}
	if h.rooms[room] == nil {
		h.rooms[room] = map[*Conn]struct{}{}
	}
	h.rooms[room][c] = struct{}{}
	c.rooms[room] = struct{}{}
}

// leave takes c out of room; h.mu is held.
func (h *Hub) leave(room string, c *Conn) {
	delete(h.rooms[room], c)
	if len(h.rooms[room]) == 0 {
		delete(h.rooms, room)
	}
	delete(c.rooms, room)
}

// newID is a connection or instance id: a ULID (48 bits of milliseconds,
// then 80 random bits, in Crockford's base 32), so ids sort by time.
func newID() string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	var b [16]byte
	ms := uint64(time.Now().UnixMilli())
	for i := range 6 {
		b[i] = byte(ms >> (40 - 8*i))
	}
	rand.Read(b[6:])
	// 128 bits as 26 base-32 digits, the first carrying 3 bits.
	var out [26]byte
	hi := uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 | uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7])
	lo := uint64(b[8])<<56 | uint64(b[9])<<48 | uint64(b[10])<<40 | uint64(b[11])<<32 | uint64(b[12])<<24 | uint64(b[13])<<16 | uint64(b[14])<<8 | uint64(b[15])
	for i := 25; i >= 0; i-- {
		out[i] = alphabet[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}
