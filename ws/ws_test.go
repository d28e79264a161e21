package ws_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/panther-go/panther"
	"github.com/panther-go/panther/ws"
)

type user string

func (u user) UserID() string { return string(u) }

// bearer authenticates "Authorization: Bearer <name>" as that user.
var bearer = panther.AuthenticatorFunc(func(r *panther.Request) (panther.User, error) {
	name, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return nil, fmt.Errorf("%w: %w", panther.NewError(http.StatusUnauthorized, ""), panther.ErrNoCredentials)
	}
	if name == "bad" {
		return nil, panther.NewError(http.StatusUnauthorized, "")
	}
	return user(name), nil
})

// server is an app with the routes the tests use, served over TCP.
type server struct {
	app  *panther.App
	hub  *ws.Hub
	url  string
	http *httptest.Server

	mu     sync.Mutex
	closed []string // ids whose OnClose ran
}

func newServer(t *testing.T, cfg panther.Config) *server {
	t.Helper()
	cfg.Logger = cmpLogger(cfg.Logger)
	if testing.Verbose() {
		cfg.Logger = slog.Default()
	}
	cfg.Authenticator = bearer
	s := &server{app: panther.New(cfg)}
	s.hub = ws.NewHub(s.app)
	onClose := func(c *ws.Conn) {
		s.mu.Lock()
		s.closed = append(s.closed, c.ID())
		s.mu.Unlock()
	}
	s.app.Handle("echo/", s.hub.API(ws.Config{
		OnMessage: func(c *ws.Conn, m ws.Message) error {
			if m.Binary {
				return c.Send(m.Data)
			}
			return c.Send(m.Text())
		},
		OnClose: onClose,
	}))
	s.app.Handle("rooms/<room>/", s.hub.API(ws.Config{
		API: panther.API{Auth: panther.AuthRequired},
		OnConnect: func(c *ws.Conn) error {
			c.Join(c.PathVar("room"))
			return c.Send(map[string]string{"connection_id": c.ID(), "user": c.User().UserID()})
		},
		OnMessage: func(c *ws.Conn, m ws.Message) error {
			switch m.Text() {
			case "panic":
				panic("a handler bug")
			case "fail":
				return errors.New("a handler error")
			case "go away":
				return &ws.CloseError{Code: 4000, Reason: "asked to"}
			}
			return s.hub.Broadcast(c.Context(), c.PathVar("room"), map[string]string{"from": c.User().UserID(), "text": m.Text()})
		},
		OnClose: onClose,
	}))
	s.app.Handle("small/", s.hub.API(ws.Config{ReadLimit: 16, OnMessage: func(c *ws.Conn, m ws.Message) error { return c.Send("ok") }}))
	s.app.Handle("throttled/", s.hub.API(ws.Config{API: panther.API{Throttle: &panther.Throttle{Rate: 1, Duration: time.Hour}}}))
	s.app.Handle("cors/", s.hub.API(ws.Config{Origins: []string{"*.example.com", "https://app.test"}}))
	s.http = httptest.NewServer(s.app)
	s.url = "ws" + strings.TrimPrefix(s.http.URL, "http")
	t.Cleanup(func() {
		s.app.RunShutdown(context.Background())
		s.http.Close()
		s.app.Close()
	})
	return s
}

func cmpLogger(l *slog.Logger) *slog.Logger {
	if l != nil {
		return l
	}
	return slog.New(slog.DiscardHandler)
}

func dial(t *testing.T, url string, opts *websocket.DialOptions) *websocket.Conn {
	t.Helper()
	c, res, err := websocket.Dial(t.Context(), url, opts)
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		t.Fatalf("dial %s: %v (status %d)", url, err, status)
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}

func withToken(name string) *websocket.DialOptions {
	return &websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + name}}}
}

func read(t *testing.T, c *websocket.Conn) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, data, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return string(data)
}

// closeStatus reads until the connection ends and returns its close code.
func closeStatus(t *testing.T, c *websocket.Conn) websocket.StatusCode {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for {
		if _, _, err := c.Read(ctx); err != nil {
			return websocket.CloseStatus(err)
		}
	}
}

func write(t *testing.T, c *websocket.Conn, typ websocket.MessageType, s string) {
	t.Helper()
	if err := c.Write(t.Context(), typ, []byte(s)); err != nil {
		t.Fatalf("write: %v", err)
	}
}

// TestRefusedBeforeTheUpgrade: every refusal is a plain HTTP answer with
// a JSON body, before any socket is accepted.
func TestRefusedBeforeTheUpgrade(t *testing.T) {
	s := newServer(t, panther.Config{})
	upgrade := func(h http.Header) http.Header {
		base := http.Header{"Connection": {"Upgrade"}, "Upgrade": {"websocket"}, "Sec-Websocket-Version": {"13"},
			"Sec-Websocket-Key": {"dGhlIHNhbXBsZSBub25jZQ=="}}
		for k, v := range h {
			base[k] = v
		}
		return base
	}
	for _, tc := range []struct {
		name, path string
		header     http.Header
		status     int
		body       string
	}{
		{"plain HTTP", "/echo/", nil, 426, `{"detail":"This service requires use of the WebSocket protocol."}`},
		{"no key", "/echo/", upgrade(http.Header{"Sec-Websocket-Key": nil}), 400, `{"detail":"Sec-WebSocket-Key must be 16 bytes in base64"}`},
		{"a short key", "/echo/", upgrade(http.Header{"Sec-Websocket-Key": {"c2hvcnQ="}}), 400, `{"detail":"Sec-WebSocket-Key must be 16 bytes in base64"}`},
		{"version 8", "/echo/", upgrade(http.Header{"Sec-Websocket-Version": {"8"}}), 400, `{"detail":"Sec-WebSocket-Version must be 13"}`},
		{"no token", "/rooms/a/", upgrade(nil), 401, `{"detail":"Authentication Error"}`},
		{"a bad token", "/rooms/a/", upgrade(http.Header{"Authorization": {"Bearer bad"}}), 401, `{"detail":"Authentication Error"}`},
		{"another site", "/echo/", upgrade(http.Header{"Origin": {"https://evil.test"}}), 403, `{"detail":"This Origin may not open a websocket here"}`},
		{"not allowed here", "/cors/", upgrade(http.Header{"Origin": {"http://app.test"}}), 403, `{"detail":"This Origin may not open a websocket here"}`},
		{"POST", "/echo/", nil, 405, `{"detail":"Method Not Allowed"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			method := http.MethodGet
			if tc.name == "POST" {
				method = http.MethodPost
			}
			req, _ := http.NewRequest(method, s.http.URL+tc.path, nil)
			req.Header = tc.header
			if req.Header == nil {
				req.Header = http.Header{}
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.status || strings.TrimSpace(string(body)) != tc.body {
				t.Errorf("%d %s, want %d %s", res.StatusCode, body, tc.status, tc.body)
			}
			if tc.status == 426 && res.Header.Get("Upgrade") != "websocket" {
				t.Errorf("426 without Upgrade: websocket: %v", res.Header)
			}
		})
	}
	t.Run("throttled", func(t *testing.T) {
		dial(t, s.url+"/throttled/", nil)
		_, res, err := websocket.Dial(t.Context(), s.url+"/throttled/", nil)
		if err == nil || res == nil || res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("a second upgrade past the rate: %v, %v; want 429", err, res)
		}
	})
	t.Run("allowed origins", func(t *testing.T) {
		for _, origin := range []string{s.http.URL, "https://chat.example.com", "https://app.test"} {
			dial(t, s.url+"/cors/", &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {origin}}}).CloseNow()
		}
	})
}

func TestEcho(t *testing.T) {
	s := newServer(t, panther.Config{})
	c := dial(t, s.url+"/echo/", nil)
	write(t, c, websocket.MessageText, "héllo")
	if got := read(t, c); got != "héllo" {
		t.Errorf("echo = %q", got)
	}
	write(t, c, websocket.MessageBinary, "\x00\xff")
	typ, data, err := c.Read(t.Context())
	if err != nil || typ != websocket.MessageBinary || string(data) != "\x00\xff" {
		t.Errorf("binary echo = %v %q %v", typ, data, err)
	}
	c.Close(websocket.StatusNormalClosure, "")
}

// Browsers cannot set headers: the token may come in the query or as the
// subprotocols "bearer, <token>", and then "bearer" is the one accepted.
func TestTokenSources(t *testing.T) {
	s := newServer(t, panther.Config{})
	q := dial(t, s.url+"/rooms/a/?authorization=alice", nil)
	if got := read(t, q); !strings.Contains(got, `"user":"alice"`) {
		t.Errorf("with ?authorization=: %s", got)
	}
	p := dial(t, s.url+"/rooms/a/", &websocket.DialOptions{Subprotocols: []string{"bearer", "bob"}})
	if got := read(t, p); !strings.Contains(got, `"user":"bob"`) {
		t.Errorf("with the subprotocols: %s", got)
	}
	if p.Subprotocol() != "bearer" {
		t.Errorf("subprotocol %q, want bearer", p.Subprotocol())
	}
}

type hello struct {
	ID   string `json:"connection_id"`
	User string `json:"user"`
}

func connect(t *testing.T, url, name string) (*websocket.Conn, string) {
	t.Helper()
	c := dial(t, url, withToken(name))
	var h hello
	if err := jsonUnmarshal(read(t, c), &h); err != nil || h.ID == "" {
		t.Fatalf("the first message is not the connection id: %v", err)
	}
	return c, h.ID
}

// TestAddressing: a connection is reached by id from anywhere in the app,
// and an id nobody holds is ErrNoConnection.
func TestAddressing(t *testing.T) {
	s := newServer(t, panther.Config{})
	c, id := connect(t, s.url+"/rooms/a/", "alice")
	if err := s.hub.Send(t.Context(), id, map[string]string{"from": "admin", "text": "hi"}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, c); got != `{"from":"admin","text":"hi"}` {
		t.Errorf("sent by id: %s", got)
	}
	if err := s.hub.Send(t.Context(), "01ARZ3NDEKTSV4RRFFQ69G5FAV", "x"); !errors.Is(err, ws.ErrNoConnection) {
		t.Errorf("Send to an unknown id = %v, want ErrNoConnection", err)
	}
	if err := s.hub.Close(t.Context(), "nobody", 1000, ""); !errors.Is(err, ws.ErrNoConnection) {
		t.Errorf("Close of an unknown id = %v, want ErrNoConnection", err)
	}
	s.hub.Send(t.Context(), id, "last words")
	if err := s.hub.Close(t.Context(), id, 4001, "bye"); err != nil {
		t.Fatal(err)
	}
	if got := read(t, c); got != "last words" {
		t.Errorf("the message queued before Close = %q", got)
	}
	if code := closeStatus(t, c); code != 4001 {
		t.Errorf("closed with %d, want 4001", code)
	}
	waitFor(t, func() bool { return s.hub.Connections() == 0 })
	if err := s.hub.Send(t.Context(), id, "x"); !errors.Is(err, ws.ErrNoConnection) {
		t.Errorf("Send after the close = %v, want ErrNoConnection", err)
	}
}

// TestRooms: a broadcast reaches every member of its room once, and no
// one else.
func TestRooms(t *testing.T) {
	s := newServer(t, panther.Config{})
	a1, _ := connect(t, s.url+"/rooms/a/", "alice")
	a2, _ := connect(t, s.url+"/rooms/a/", "bob")
	b, _ := connect(t, s.url+"/rooms/b/", "carol")
	write(t, a1, websocket.MessageText, "hello a")
	for _, c := range []*websocket.Conn{a1, a2} {
		if got := read(t, c); got != `{"from":"alice","text":"hello a"}` {
			t.Errorf("room a got %s", got)
		}
	}
	write(t, b, websocket.MessageText, "hello b")
	if got := read(t, b); got != `{"from":"carol","text":"hello b"}` {
		t.Errorf("room b got %s", got)
	}
	// Nothing more for room a: the next thing it sees is its own.
	write(t, a2, websocket.MessageText, "again")
	for _, c := range []*websocket.Conn{a1, a2} {
		if got := read(t, c); got != `{"from":"bob","text":"again"}` {
			t.Errorf("room a got %s, want only its own messages, once", got)
		}
	}
}

// TestBadMessages: over the read limit is 1009, invalid UTF-8 1007, a
// panic or an error in a callback 1011 for that connection only, and a
// CloseError its own code.
func TestBadMessages(t *testing.T) {
	s := newServer(t, panther.Config{})
	small := dial(t, s.url+"/small/", nil)
	write(t, small, websocket.MessageText, "short")
	if got := read(t, small); got != "ok" {
		t.Fatalf("got %q", got)
	}
	write(t, small, websocket.MessageText, strings.Repeat("x", 17))
	if code := closeStatus(t, small); code != websocket.StatusMessageTooBig {
		t.Errorf("over the read limit: %d, want 1009", code)
	}
	utf := dial(t, s.url+"/echo/", nil)
	write(t, utf, websocket.MessageText, "\xff\xfe")
	if code := closeStatus(t, utf); code != websocket.StatusInvalidFramePayloadData {
		t.Errorf("invalid UTF-8: %d, want 1007", code)
	}
	bystander, _ := connect(t, s.url+"/rooms/z/", "zed")
	for msg, want := range map[string]websocket.StatusCode{"panic": 1011, "fail": 1011, "go away": 4000} {
		c, _ := connect(t, s.url+"/rooms/"+strings.ReplaceAll(msg, " ", "-")+"/", "alice")
		write(t, c, websocket.MessageText, msg)
		if code := closeStatus(t, c); code != want {
			t.Errorf("%q: closed with %d, want %d", msg, code, want)
		}
	}
	write(t, bystander, websocket.MessageText, "still here")
	if got := read(t, bystander); got != `{"from":"zed","text":"still here"}` {
		t.Errorf("another connection after the failures: %s", got)
	}
}

// TestShutdown: the app's shutdown closes every connection with 1001 and
// waits for their OnClose.
func TestShutdown(t *testing.T) {
	s := newServer(t, panther.Config{})
	var conns []*websocket.Conn
	for _, name := range []string{"a", "b", "c"} {
		c, _ := connect(t, s.url+"/rooms/r/", name)
		conns = append(conns, c)
	}
	echo := dial(t, s.url+"/echo/", nil)
	done := make(chan error, 1)
	go func() { done <- s.app.RunShutdown(t.Context()) }()
	for _, c := range append(conns, echo) {
		if code := closeStatus(t, c); code != websocket.StatusGoingAway {
			t.Errorf("closed with %d, want 1001", code)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	n := len(s.closed)
	s.mu.Unlock()
	if n != 4 || s.hub.Connections() != 0 {
		t.Errorf("after the shutdown: %d OnClose ran, %d connections left; want 4 and 0", n, s.hub.Connections())
	}
	if _, res, err := websocket.Dial(t.Context(), s.url+"/echo/", nil); err == nil || res == nil || res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("an upgrade after the shutdown: %v %v; want 503", err, res)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
		time.Sleep(time.Millisecond)
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
