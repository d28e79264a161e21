package main

import (
	"errors"
	"net/http"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/users"
	"github.com/panther-go/panther/permission"
	"github.com/panther-go/panther/ws"
)

// addWebsockets adds the tour's websockets: an echo, a chat with rooms,
// an admin API that sends to one connection, wherever it is held, and
// the page that chats.
func addWebsockets(app *panther.App) {
	hub := ws.NewHub(app)
	app.Handle("ws/echo/", hub.API(ws.Config{
		API: panther.API{Docs: panther.Docs{Summary: "A websocket that echoes every text message", Tags: []string{"websockets"}}},
		OnMessage: func(c *ws.Conn, m ws.Message) error {
			if m.Binary {
				return c.Send(m.Data)
			}
			return c.Send(m.Text())
		},
	}))
	app.Handle("ws/chat/<room>/", hub.API(ws.Config{
		API: panther.API{
			Auth: panther.AuthRequired,
			Docs: panther.Docs{Summary: "A chat room: every text message reaches every member, on every instance", Tags: []string{"websockets"}},
		},
		OnConnect: func(c *ws.Conn) error {
			c.Join(c.PathVar("room"))
			return c.Send(map[string]string{"connection_id": c.ID()})
		},
		OnMessage: func(c *ws.Conn, m ws.Message) error {
			if m.Binary {
				return &ws.CloseError{Code: 1003, Reason: "the chat takes text"}
			}
			name := c.User().(*users.User).Username
			return hub.Broadcast(c.Context(), c.PathVar("room"), ChatMessage{From: name, Text: m.Text()})
		},
	}))
	app.Handle("ws/connections/<id>/messages/", panther.API{
		Auth:        panther.AuthRequired,
		Permissions: []panther.Permission{permission.IsAdmin{}},
		Docs: panther.Docs{Summary: "Send a message to one websocket connection, on whichever instance holds it", Tags: []string{"websockets"},
			Errors: []int{http.StatusNotFound}},
		Post: panther.Typed(func(r *panther.Request, in DirectIn) (Delivered, error) {
			err := hub.Send(r.Context(), in.ID, ChatMessage{From: "admin", Text: in.Text})
			if errors.Is(err, ws.ErrNoConnection) {
				return Delivered{}, panther.NewError(http.StatusNotFound, "No Such Connection")
			}
			return Delivered{Delivered: err == nil}, err
		}).WithStatus(http.StatusAccepted),
	})
	app.Handle("chat/", panther.API{
		Methods: []string{http.MethodGet},
		Output:  panther.Media("text/html; charset=utf-8"),
		Docs:    panther.Docs{Summary: "A page that chats in a room: /chat/?room=lobby&token=…", Tags: []string{"websockets"}},
		Handler: func(*panther.Request) (any, error) { return panther.HTML(chatPage), nil },
	})
}

// ChatMessage is what a chat member, or the admin, says.
type ChatMessage struct {
	From string `json:"from"`
	Text string `json:"text"`
}

// DirectIn is what POST /ws/connections/<id>/messages/ reads.
type DirectIn struct {
	ID   string `path:"id" doc:"the connection's id, as the chat sent it on connect"`
	Text string `json:"text" validate:"required,max=1000"`
}

// Delivered is its answer: the instance holding the connection has it.
type Delivered struct {
	Delivered bool `json:"delivered"`
}

// chatPage joins the room in its query with the token in its query, and
// shows what the room says. The token travels as the subprotocols
// "bearer, <token>", since a browser cannot set headers on a websocket.
const chatPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Panther chat</title>
<style>body{font:16px system-ui,sans-serif;max-width:40em;margin:2em auto}#log{list-style:none;padding:0}#log li{padding:.2em 0}</style>
</head>
<body>
<h1>Room <span id="room"></span></h1>
<p id="status">connecting…</p>
<ul id="log"></ul>
<form id="send"><input id="text" autocomplete="off" placeholder="Say something" required> <button>Send</button></form>
<script>
const q = new URLSearchParams(location.search);
const room = q.get("room") || "lobby";
document.getElementById("room").textContent = room;
const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/chat/" + encodeURIComponent(room) + "/";
const token = q.get("token");
const sock = token ? new WebSocket(url, ["bearer", token]) : new WebSocket(url);
const status = document.getElementById("status");
const log = document.getElementById("log");
sock.onmessage = (e) => {
  const m = JSON.parse(e.data);
  if (m.connection_id) { status.textContent = "connected as " + m.connection_id; status.dataset.id = m.connection_id; return; }
  const li = document.createElement("li");
  li.textContent = m.from + ": " + m.text;
  log.appendChild(li);
};
sock.onclose = (e) => { status.textContent = "closed (" + e.code + ")"; };
document.getElementById("send").onsubmit = (e) => {
  e.preventDefault();
  const input = document.getElementById("text");
  sock.send(input.value);
  input.value = "";
};
</script>
</body>
</html>
`
