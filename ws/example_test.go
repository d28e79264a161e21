package ws_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/coder/websocket"
	"github.com/panther-go/panther"
	"github.com/panther-go/panther/ws"
)

// An echo: the hub is the app's, the route sits beside the others, and a
// client talks to it with any websocket library.
func Example() {
	app := panther.New(panther.Config{})
	hub := ws.NewHub(app)
	app.Handle("echo/", hub.API(ws.Config{
		OnMessage: func(c *ws.Conn, m ws.Message) error { return c.Send("you said: " + m.Text()) },
	}))
	srv := httptest.NewServer(app)
	defer srv.Close()
	defer app.RunShutdown(context.Background())

	ctx := context.Background()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/echo/", nil)
	if err != nil {
		panic(err)
	}
	defer c.CloseNow()
	c.Write(ctx, websocket.MessageText, []byte("hello"))
	_, reply, _ := c.Read(ctx)
	fmt.Println(string(reply))
	// Output: you said: hello
}

// Send reaches a connection by id from any handler — or task, or another
// instance sharing the store; an id nobody holds is ErrNoConnection.
func ExampleHub_Send() {
	app := panther.New(panther.Config{})
	hub := ws.NewHub(app)
	err := hub.Send(context.Background(), "01ARZ3NDEKTSV4RRFFQ69G5FAV", map[string]string{"text": "hi"})
	fmt.Println(err)
	// Output: ws: no instance holds this connection
}
