package main

import (
	"context"
	"net"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// quietListener accepts nothing until closed: Serve runs the tasks while
// the test calls the app in process.
type quietListener struct {
	once sync.Once
	done chan struct{}
}

func (l *quietListener) Accept() (net.Conn, error) { <-l.done; return nil, net.ErrClosed }
func (l *quietListener) Close() error              { l.once.Do(func() { close(l.done) }); return nil }
func (l *quietListener) Addr() net.Addr            { return &net.TCPAddr{} }

func TestTicks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := testApp(t, options{tick: 2 * time.Second})
		c := newClient(t, app)
		c.Get("/tasks/ticks/").WantStatus(200).WantBody(`{"ticks":0}`) // not serving yet: no task runs
		ctx, cancel := context.WithCancel(context.Background())
		served := make(chan error)
		go func() { served <- app.Serve(ctx, &quietListener{done: make(chan struct{})}) }()
		time.Sleep(5 * time.Second)
		c.Get("/tasks/ticks").WantBody(`{"ticks":2}`)
		cancel()
		if err := <-served; err != nil {
			t.Errorf("Serve = %v", err)
		}
	})
}
