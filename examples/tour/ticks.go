package main

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/task"
)

// The tour's periodic task counts its runs in the app's store, so with
// several instances on one Redis the count grows once per period in all.

const ticksKey = "tour:ticks"

// tickTask increments the counter every period; the store is the app's,
// reached once the app exists.
func tickTask(period time.Duration, app **panther.App) task.Task {
	return task.Task{
		Name:     "tick",
		Schedule: task.Schedule{Every: period},
		Run: func(ctx context.Context) error {
			_, err := (*app).Store().Incr(ctx, ticksKey, 0)
			return err
		},
	}
}

// Ticks is what /tasks/ticks/ answers.
type Ticks struct {
	Ticks int64 `json:"ticks"`
}

func ticks(r *panther.Request) (any, error) {
	v, err := r.Store().Get(r.Context(), ticksKey)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return Ticks{}, nil
	case err != nil:
		return nil, panther.NewError(http.StatusServiceUnavailable, "Service Unavailable")
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return nil, err
	}
	return Ticks{Ticks: n}, nil
}
