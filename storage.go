package panther

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/memory"
)

// storage is the app's store: Config.Store, or an in-memory store made on
// first use — behind a circuit breaker, so an outage fails fast.
type storage struct {
	once sync.Once
	s    store.Store // as configured; nil until made when in memory
	own  bool        // the app made s, so the app closes it
	b    *breaker
}

// storeFor returns the app's store, making the in-memory one on first use.
func (a *App) storeFor() *breaker {
	a.storage.once.Do(func() {
		if a.storage.s == nil {
			a.storage.s, a.storage.own = memory.New(memory.Options{}), true
		}
		a.storage.b = &breaker{Store: a.storage.s, logger: a.logger, app: a}
	})
	return a.storage.b
}

// Close releases what the app made for itself after serving: it cancels
// the context of background work (Request.AfterResponse, tasks) and waits
// for it up to Config.Server.ShutdownTimeout, then closes Config.DB and
// the app's in-memory store. Serve calls it; an app served otherwise calls
// it when done. A store given in Config.Store is the caller's to close.
func (a *App) Close() error {
	if !a.tasksStopped { // Serve has stopped them, within its grace
		ctx, cancel := withGrace(context.Background(), a.cfg.Server.ShutdownTimeout)
		defer cancel()
		if cut := a.runner.Stop(ctx); cut != nil {
			a.logger.Error("panther: Close cut background work still running", "tasks", cut)
		}
	}
	var errs []error
	if a.cfg.DB != nil && !a.dbClosed {
		a.dbClosed = true
		if err := a.cfg.DB.Close(); err != nil {
			errs = append(errs, fmt.Errorf("panther: closing Config.DB: %w", err))
		}
	}
	if a.storage.own && a.storage.s != nil {
		errs = append(errs, a.storage.s.Close())
	}
	return errors.Join(errs...)
}

// Store is the app's store — Config.Store or the in-memory default — for plug-ins that keep state beside the
// framework's own, such as token revocation in auth/jwt. It fails fast
// while the store is down (see the package doc's "Stores").
func (r *Request) Store() store.Store { return r.app.storeFor() }
