package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // /debug/pprof/ on the stats mux, to see where a server spends
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/panther-go/panther"
	"github.com/panther-go/panther/store/redis"
	"github.com/panther-go/panther/ws"
)

// message is what a broadcast sends: 64 bytes of JSON.
var message = []byte(`{"from":"bench","text":"` + string(make([]byte, 0)) + `a message of some 64 bytes"}`)

func serveMode(mode, redisURL string) error {
	var h http.Handler
	var count func() int
	switch mode {
	case "panther":
		var err error
		if h, count, err = pantherServer(redisURL); err != nil {
			return err
		}
	case "gorilla":
		h, count = gorillaServer()
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}
	mux := http.NewServeMux()
	mux.Handle("/", h)
	mux.Handle("/debug/", http.DefaultServeMux)
	mux.HandleFunc("/stats/", func(w http.ResponseWriter, r *http.Request) {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		json.NewEncoder(w).Encode(stats{Conns: count(), HeapInuse: m.HeapInuse, StackInuse: m.StackInuse, Goroutines: runtime.NumGoroutine()})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Println(ln.Addr())
	return http.Serve(ln, mux)
}

// pantherServer is package ws: every connection joins "all"; POST
// /broadcast/?n= broadcasts n messages to it; one that asks ?hello=1 is
// sent its id, and POST /send/?id= sends it the time in nanoseconds,
// through the store on Redis with -redis.
func pantherServer(redisURL string) (http.Handler, func() int, error) {
	cfg := panther.Config{Logger: slog.New(slog.DiscardHandler), Throttle: &panther.Throttle{Rate: 1 << 30, Duration: time.Hour}}
	if redisURL != "" {
		st, err := redis.Open(redisURL, redis.Options{Prefix: "wsload:"})
		if err != nil {
			return nil, nil, err
		}
		cfg.Store = st
	}
	app := panther.New(cfg)
	hub := ws.NewHub(app)
	app.Handle("ws/", hub.API(ws.Config{SendQueue: sendQueue, OnConnect: func(c *ws.Conn) error {
		c.Join("all")
		if c.Query("hello") != "" {
			return c.Send(c.ID())
		}
		return nil
	}}))
	app.Handle("broadcast/", panther.API{Methods: []string{http.MethodPost}, Handler: func(r *panther.Request) (any, error) {
		n, _ := strconv.Atoi(r.Query("n"))
		for range n {
			if err := hub.Broadcast(context.Background(), "all", json.RawMessage(message)); err != nil {
				return nil, err
			}
		}
		return nil, nil
	}})
	app.Handle("send/", panther.API{Methods: []string{http.MethodPost}, Handler: func(r *panther.Request) (any, error) {
		return nil, hub.Send(r.Context(), r.Query("id"), strconv.FormatInt(time.Now().UnixNano(), 10))
	}})
	return app, hub.Connections, nil
}

// gorillaServer is the hub of gorilla/websocket's chat example, written
// out: a reader per connection and a writer with a bounded queue and a
// ping ticker; a client whose queue is full is dropped.
func gorillaServer() (http.Handler, func() int) {
	type client struct {
		conn *websocket.Conn
		send chan []byte
	}
	var mu sync.Mutex
	clients := map[*client]struct{}{}
	upgrader := websocket.Upgrader{}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws/", func(w http.ResponseWriter, r *http.Request) {
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		c := &client{conn: conn, send: make(chan []byte, sendQueue)}
		mu.Lock()
		clients[c] = struct{}{}
		mu.Unlock()
		go func() { // the writer
			ping := time.NewTicker(30 * time.Second)
			defer ping.Stop()
			for {
				select {
				case m, ok := <-c.send:
					if !ok {
						conn.WriteMessage(websocket.CloseMessage, nil)
						return
					}
					conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
					if err := conn.WriteMessage(websocket.TextMessage, m); err != nil {
						return
					}
				case <-ping.C:
					conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
					if err := conn.WriteMessage(websocket.PingMessage, nil); err != nil {
						return
					}
				}
			}
		}()
		conn.SetReadLimit(64 << 10)
		for { // the reader
			if _, _, err := conn.ReadMessage(); err != nil {
				break
			}
		}
		mu.Lock()
		if _, ok := clients[c]; ok {
			delete(clients, c)
			close(c.send)
		}
		mu.Unlock()
		conn.Close()
	})
	mux.HandleFunc("/broadcast/", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		for range n {
			mu.Lock()
			for c := range clients {
				select {
				case c.send <- message:
				default:
					delete(clients, c)
					close(c.send)
				}
			}
			mu.Unlock()
		}
	})
	return mux, func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(clients)
	}
}
