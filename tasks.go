package panther

import (
	"context"
	"net/http"
	"time"

	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/task"
)

// The app's tasks: Config.Tasks run on their schedules while Serve
// serves, each slot once across the instances sharing the app's store;
// Request.AfterResponse runs work once the response is written. Both get
// a context that ends at shutdown, when running work gets the shutdown
// grace to finish.

// newRunner makes the app's task runner from Config.Tasks.
func (a *App) newRunner() *task.Runner {
	r, err := task.New(a.cfg.Tasks, task.Options{
		Logger:        a.logger,
		Store:         appCounter{a},
		MaxBackground: a.cfg.MaxBackground,
		Observe:       a.noteTask,
	})
	if err != nil {
		panic("panther: Config.Tasks: " + err.Error())
	}
	return r
}

// appCounter claims task slots in the app's store, made when first used.
type appCounter struct{ a *App }

func (c appCounter) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	return c.a.storeFor().Incr(ctx, key, ttl)
}

// AfterResponse runs f once this request's response is written, in the
// background, with a context that outlives the request and is cancelled
// when the app shuts down; a panic or an error f returns is logged. At
// most Config.MaxBackground such functions run at once; past that, the
// request flushes its response and waits for room, so the work slows
// clients down rather than piling up. Python Panther has no such thing;
// FastAPI calls it BackgroundTasks.
func (r *Request) AfterResponse(f func(ctx context.Context) error) {
	r.rareState().after = append(r.rareState().after, f)
}

// runAfter starts what the handler left for after the response.
func (a *App) runAfter(w http.ResponseWriter, r *Request) {
	name := "after " + r.Method + " " + r.ep.pattern // the route, not the path: a bounded set, for metrics
	for _, f := range r.rare.after {
		if a.runner.Go(name, f) {
			continue
		}
		http.NewResponseController(w).Flush() // the client has its answer while this waits
		a.runner.GoWait(context.WithoutCancel(r.Context()), name, f)
	}
	r.rare.after = nil
}

// Store is the app's store — Config.Store or the in-memory default — behind the app's circuit breaker, for tasks
// and other code outside a request.
func (a *App) Store() store.Store { return a.storeFor() }
