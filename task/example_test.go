package task_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/panther-go/panther/task"
)

// A task every 10 minutes and a report on Mondays at 09:00 in Berlin; a
// panther.App takes the same values in Config.Tasks and runs them while
// it serves.
func ExampleNew() {
	r, err := task.New([]task.Task{
		{
			Name:     "prune-sessions",
			Schedule: task.Schedule{Every: 10 * time.Minute},
			Run:      func(ctx context.Context) error { return nil },
		},
		{
			Name:     "weekly-report",
			Schedule: task.Schedule{On: []time.Weekday{time.Monday}, At: "09:00", Zone: "Europe/Berlin"},
			Run:      func(ctx context.Context) error { return nil },
		},
	}, task.Options{})
	if err != nil {
		log.Fatal(err)
	}
	r.Start()
	defer r.Stop(context.Background())

	// Background work with a context that outlives the caller.
	done := make(chan struct{})
	r.Go("welcome-mail", func(ctx context.Context) error {
		defer close(done)
		fmt.Println("sending the welcome mail")
		return nil
	})
	<-done
	// Output: sending the welcome mail
}

// An impossible schedule is an error that says how to fix it.
func ExampleSchedule_invalid() {
	_, err := task.New([]task.Task{{
		Name:     "nightly",
		Schedule: task.Schedule{Every: time.Hour, At: "03:00"},
		Run:      func(context.Context) error { return nil },
	}}, task.Options{})
	fmt.Println(err)
	// Output: task "nightly": Schedule: Every 1h0m0s is not whole days, which a schedule with At or On needs; drop At and On to run every 1h0m0s
}
