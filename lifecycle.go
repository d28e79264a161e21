package panther

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Hook runs at startup or shutdown: Python Panther's events.
type Hook func(ctx context.Context) error

// OnStartup adds a hook that Serve runs, in the order added, before it
// accepts the first request. The first hook to fail stops the start, and
// Serve returns its error without running the shutdown hooks, after
// closing what the app made for itself (see Close).
func (a *App) OnStartup(h Hook) { a.startup = append(a.startup, h) }

// OnShutdown adds a hook that Serve runs, in the order added, after the
// last request has finished. Every hook runs; their errors are joined.
func (a *App) OnShutdown(h Hook) { a.shutdown = append(a.shutdown, h) }

// Database is what Config.DB holds: a *db.DB, or anything the app can
// ping at start and close at the end.
type Database interface {
	Ping(ctx context.Context) error
	Close() error
}

// DB is Config.DB, nil without one.
func (a *App) DB() Database { return a.cfg.DB }

// RunStartup pings the store when Config.Store is set and the database
// when Config.DB is, then runs the startup hooks, for an app served by a
// server of your own. It stops at the first error and returns it.
func (a *App) RunStartup(ctx context.Context) error {
	if err := a.pingStore(ctx); err != nil {
		return err
	}
	if a.cfg.DB != nil {
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := a.cfg.DB.Ping(pctx)
		cancel()
		if err != nil {
			return fmt.Errorf("panther: the database cannot be reached (Config.DB): %w", err)
		}
	}
	for i, h := range a.startup {
		if err := h(ctx); err != nil {
			return fmt.Errorf("panther: startup hook %d: %w", i, err)
		}
	}
	return nil
}

// pingStore is the first startup step of an app with a store of its
// caller's: a store it cannot reach stops the start.
func (a *App) pingStore(ctx context.Context) error {
	if a.cfg.Store == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := a.cfg.Store.Ping(ctx); err != nil {
		return fmt.Errorf("panther: the store cannot be reached (Config.Store): %w; is the server running, and is the URL right?", err)
	}
	return nil
}

// RunShutdown runs every shutdown hook and returns their errors joined.
func (a *App) RunShutdown(ctx context.Context) error {
	var errs []error
	for i, h := range a.shutdown {
		if err := h(ctx); err != nil {
			errs = append(errs, fmt.Errorf("panther: shutdown hook %d: %w", i, err))
		}
	}
	return errors.Join(errs...)
}

// ListenAndServe listens on addr and serves until SIGINT or SIGTERM, then
// shuts down gracefully (see Serve).
func (a *App) ListenAndServe(addr string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("panther: %w", err)
	}
	return a.Serve(ctx, ln)
}

// Serve runs the startup hooks, logs "listening on" with the address, and
// serves requests from ln until ctx is done, with the timeouts of
// Config.Server. It then stops accepting, closes idle connections and
// those still sending headers, cuts clients that make no progress on a
// body or a response within a second, and lets the handlers that are
// running finish for up to Config.Server.ShutdownTimeout; it logs what it
// cut. It then runs the shutdown hooks, closes the app's store and
// returns nil after a clean shutdown: every handler finished.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	if err := a.RunStartup(ctx); err != nil {
		ln.Close()
		a.Close()
		return err
	}
	a.runner.Start()
	srv, ln, cs := a.newServer(ctx, ln)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	a.logger.Info("panther: listening on http://" + ln.Addr().String())

	grace := a.cfg.Server.ShutdownTimeout
	var errs []error
	select {
	case err := <-served: // the listener failed
		errs = append(errs, fmt.Errorf("panther: %w", err))
	case <-ctx.Done():
		if err := a.stop(srv, cs, grace); err != nil {
			errs = append(errs, err)
		}
		<-served
	}
	hctx, cancel := withGrace(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := a.RunShutdown(hctx); err != nil {
		errs = append(errs, err)
	}
	if err := a.Close(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// stop shuts srv down gracefully within grace and logs what it cut:
// the tasks' schedules end, requests finish, then the context of tasks and
// background work is cancelled and what is still running gets the rest of
// the grace.
func (a *App) stop(srv *http.Server, cs *conns, grace time.Duration) error {
	a.logger.Info("panther: shutting down", "grace", grace)
	sctx, cancel := withGrace(context.Background(), grace)
	defer cancel()
	a.runner.StopSchedules()
	err := a.stopServer(sctx, srv, cs, grace)
	a.tasksStopped = true
	if cut := a.runner.Stop(sctx); cut != nil {
		a.logger.Error("panther: shutdown cut tasks still running after the grace", "grace", grace, "tasks", cut)
		err = errors.Join(err, fmt.Errorf("panther: tasks still running after %v: %v", grace, cut))
	}
	return err
}

func (a *App) stopServer(sctx context.Context, srv *http.Server, cs *conns, grace time.Duration) error {
	cutBefore := cs.cut.Load()
	done := make(chan error, 1)
	go func() { done <- srv.Shutdown(sctx) }()
	if headers, bodies := cs.cutStragglers(); headers+bodies > 0 {
		a.logger.Info("panther: shutdown closed connections still sending a request",
			"headers", headers, "bodies_given_1s", bodies)
	}
	err := <-done
	if n := cs.cut.Load() - cutBefore; n > 0 {
		a.logger.Info("panther: shutdown cut responses their clients were not reading", "responses", n)
	}
	if err == nil {
		a.logger.Info("panther: shutdown complete: every handler finished")
		return nil
	}
	running := cs.active()
	srv.Close()
	a.logger.Error("panther: shutdown cut requests still running after the grace", "grace", grace, "requests", running)
	return fmt.Errorf("panther: requests still running after %v: %w", grace, err)
}

// withGrace is ctx with a timeout of grace, or none when grace < 0.
func withGrace(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	if grace < 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, grace)
}
