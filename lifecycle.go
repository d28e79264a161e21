package panther

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

// Hook runs at startup or shutdown: Python Panther's events.
type Hook func(ctx context.Context) error

// OnStartup adds a hook that Serve runs, in the order added, before it
// accepts the first request. The first hook to fail stops the start, and
// Serve returns its error without running the shutdown hooks: a process
// that failed to start exits, and the operating system reclaims the rest.
func (a *App) OnStartup(h Hook) { a.startup = append(a.startup, h) }

// OnShutdown adds a hook that Serve runs, in the order added, after the
// last request has finished. Every hook runs; their errors are joined.
func (a *App) OnShutdown(h Hook) { a.shutdown = append(a.shutdown, h) }

// RunStartup pings the store when Config.Redis or Config.Store is set,
// then runs the startup hooks, for an app served by a server of your own.
// It stops at the first error and returns it.
func (a *App) RunStartup(ctx context.Context) error {
	if err := a.pingStore(ctx); err != nil {
		return err
	}
	for i, h := range a.startup {
		if err := h(ctx); err != nil {
			return fmt.Errorf("panther: startup hook %d: %w", i, err)
		}
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
// serves requests from ln until ctx is done. It then stops accepting, lets
// in-flight requests finish for up to Config.ShutdownTimeout, runs the
// shutdown hooks and returns. It returns nil after a clean shutdown.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	if err := a.RunStartup(ctx); err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           a,
		ReadHeaderTimeout: a.cfg.ReadHeaderTimeout,
		ErrorLog:          slog.NewLogLogger(a.logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	a.logger.Info("panther: listening on http://" + ln.Addr().String())

	var errs []error
	select {
	case err := <-served: // the listener failed
		errs = append(errs, fmt.Errorf("panther: %w", err))
	case <-ctx.Done():
		a.logger.Info("panther: shutting down", "grace", a.cfg.ShutdownTimeout)
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.ShutdownTimeout)
		if err := srv.Shutdown(sctx); err != nil {
			errs = append(errs, fmt.Errorf("panther: requests still running after %v: %w", a.cfg.ShutdownTimeout, err))
			srv.Close()
		}
		cancel()
		<-served
	}
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.ShutdownTimeout)
	defer cancel()
	if err := a.RunShutdown(hctx); err != nil {
		errs = append(errs, err)
	}
	if err := a.Close(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
