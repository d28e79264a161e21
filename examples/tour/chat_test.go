package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/panther-go/panther/panthertest"
)

// tourServer serves a tour app over TCP, as websockets need.
func tourServer(t *testing.T, o options) (*httptest.Server, *panthertest.Client) {
	t.Helper()
	app := testApp(t, o)
	srv := httptest.NewServer(app)
	t.Cleanup(func() {
		app.RunShutdown(context.Background())
		srv.Close()
	})
	return srv, newClient(t, app)
}

func wsURL(srv *httptest.Server, path string) string {
	return "ws" + strings.TrimPrefix(srv.URL, "http") + path
}

func wsDial(t *testing.T, url string, opts *websocket.DialOptions) *websocket.Conn {
	t.Helper()
	c, res, err := websocket.Dial(t.Context(), url, opts)
	if err != nil {
		code := 0
		if res != nil {
			code = res.StatusCode
		}
		t.Fatalf("dial %s: %v (%d)", url, err, code)
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}

func wsRead(t *testing.T, c *websocket.Conn) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, data, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return string(data)
}

func TestEchoSocket(t *testing.T) {
	srv, c := tourServer(t, options{})
	c.Get("/ws/echo/").WantStatus(http.StatusUpgradeRequired).
		WantBody(`{"detail":"This service requires use of the WebSocket protocol."}`)
	conn := wsDial(t, wsURL(srv, "/ws/echo/"), nil)
	conn.Write(t.Context(), websocket.MessageText, []byte("hello"))
	if got := wsRead(t, conn); got != "hello" {
		t.Errorf("echo = %q", got)
	}
}

// TestChat: members of a room hear each other, with their usernames; the
// admin reaches one connection by id; refusals come before the upgrade.
// With PANTHER_TEST_REDIS, the members are on two instances sharing it.
func TestChat(t *testing.T) {
	one, c := tourServer(t, options{})
	two := one // without Redis, each instance has its own store
	if url := os.Getenv("PANTHER_TEST_REDIS"); url != "" {
		one, c = tourServer(t, options{redis: url})
		two, _ = tourServer(t, options{redis: url})
	}
	alice := loginPair(t, c, "alice", "alice-pass").Access
	bob := loginPair(t, c, "bob", "bob-pass").Access
	admin := loginPair(t, c, "admin", "admin-pass").Access
	room := "room-" + time.Now().Format("150405.000000000") // nothing of another run

	if _, res, err := websocket.Dial(t.Context(), wsURL(one, "/ws/chat/"+room+"/"), nil); err == nil || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("without a token: %v %v; want 401 before the upgrade", err, res)
	}
	// The token in the query, and as the subprotocols a browser sends.
	a := wsDial(t, wsURL(one, "/ws/chat/"+room+"/?authorization="+alice), nil)
	b := wsDial(t, wsURL(two, "/ws/chat/"+room+"/"), &websocket.DialOptions{Subprotocols: []string{"bearer", bob}})
	var hello struct {
		ID string `json:"connection_id"`
	}
	json.Unmarshal([]byte(wsRead(t, a)), &hello)
	wsRead(t, b)
	if hello.ID == "" {
		t.Fatal("no connection id on connect")
	}

	a.Write(t.Context(), websocket.MessageText, []byte("hi bob"))
	for _, conn := range []*websocket.Conn{a, b} {
		if got := wsRead(t, conn); got != `{"from":"alice","text":"hi bob"}` {
			t.Errorf("the room heard %s", got)
		}
	}

	// The admin API, asked on the other instance, reaches alice on hers.
	send := func(token, id string) *panthertest.Response {
		return c.WithToken(token).Post("/ws/connections/"+id+"/messages/", map[string]string{"text": "from the top"})
	}
	res, err := http.DefaultClient.Do(post(t, two.URL+"/ws/connections/"+hello.ID+"/messages/", admin, `{"text":"from the top"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusAccepted || strings.TrimSpace(string(body)) != `{"delivered":true}` {
		t.Errorf("admin send: %d %s", res.StatusCode, body)
	}
	if got := wsRead(t, a); got != `{"from":"admin","text":"from the top"}` {
		t.Errorf("alice got %s", got)
	}
	send(admin, "01ARZ3NDEKTSV4RRFFQ69G5FAV").WantStatus(http.StatusNotFound).WantBody(`{"detail":"No Such Connection"}`)
	send(alice, hello.ID).WantStatus(http.StatusForbidden)
	c.Post("/ws/connections/"+hello.ID+"/messages/", map[string]string{"text": "x"}).WantStatus(http.StatusUnauthorized)
	send(admin, hello.ID).WantStatus(http.StatusAccepted) // and the body rules:
	c.WithToken(admin).Post("/ws/connections/"+hello.ID+"/messages/", map[string]string{}).
		WantStatus(http.StatusBadRequest).WantBody(`{"text":"is required"}`)
}

func post(t *testing.T, url, token, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

// The chat page is HTML, as the document says (the client checks it).
func TestChatPage(t *testing.T) {
	c := client(t)
	res := c.Get("/chat/?room=lobby&token=x").WantStatus(http.StatusOK).WantHeader("Content-Type", "text/html; charset=utf-8")
	if !strings.Contains(res.Text(), `new WebSocket(url, ["bearer", token])`) {
		t.Errorf("the page does not open the chat:\n%s", res.Text())
	}
}
