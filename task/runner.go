package task

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Task is work run on a schedule.
type Task struct {
	// Name names the task in the log and its slots in the store. Required,
	// and unique among a runner's tasks.
	Name string

	// Schedule says when it runs. Required.
	Schedule Schedule

	// Run is the work. Its context is cancelled when the runner stops; a
	// returned error and a panic are logged. Required.
	Run func(ctx context.Context) error

	// EveryInstance runs the task on every instance sharing the runner's
	// Store. By default a slot runs once across them: the first instance to
	// claim it in the store runs it.
	EveryInstance bool
}

// Counter is what a runner needs of a store to claim a slot once across
// instances; store.Store has it.
type Counter interface {
	Incr(ctx context.Context, key string, ttl time.Duration) (int64, error)
}

// Options configure a Runner. The zero value works.
type Options struct {
	// Logger receives runs that fail, panic, are skipped or are cut short.
	// Default: slog.Default().
	Logger *slog.Logger

	// Store is where instances claim slots, so that a task runs once per
	// slot across every instance sharing it. Default: none — every
	// instance runs every slot.
	Store Counter

	// MaxBackground bounds the functions given to Go that run at once.
	// Default: 64.
	MaxBackground int

	// Observe, when set, is called as each run returns — a task's or a
	// function given to Go — with its name, how long it took and what it
	// returned (a panic is an error saying so). For metrics. Default: none.
	Observe func(name string, elapsed time.Duration, err error)
}

// Runner runs periodic tasks from Start until Stop, and background
// functions given to Go. Make one with New; it is safe for concurrent use.
//
// A periodic task's next run time is computed from its schedule, never
// polled: a run starts at its slot however late the previous timer fired,
// and a run that is still going when its task's next slot comes makes
// that slot skip, with a log line, so one task never runs twice at once
// on one instance.
type Runner struct {
	logger  *slog.Logger
	store   Counter
	observe func(string, time.Duration, error)
	tasks   []*entry
	slots   chan struct{} // MaxBackground tokens

	ctx     context.Context // cancelled by Stop: what runs get
	cancel  context.CancelFunc
	started atomic.Bool
	stopped atomic.Bool

	schedulers sync.WaitGroup
	quit       chan struct{} // closed by Stop: schedulers end
	quitOnce   sync.Once

	mu      sync.Mutex
	running map[*run]struct{}
	done    sync.WaitGroup // every run, periodic or background
}

type entry struct {
	Task
	plan         *plan
	busy         atomic.Bool // a run of it is going on this instance
	claimFailing bool        // the last claim failed; only the scheduler goroutine touches it
}

// run is one call of a task's or a background function.
type run struct{ name string }

// New returns a runner of tasks, or an error naming the first task whose
// declaration cannot work and saying how to fix it.
func New(tasks []Task, opts Options) (*Runner, error) {
	ctx, cancel := context.WithCancel(context.Background())
	background := opts.MaxBackground
	if background <= 0 {
		background = 64
	}
	r := &Runner{
		logger:  opts.Logger,
		store:   opts.Store,
		observe: opts.Observe,
		slots:   make(chan struct{}, background),
		ctx:     ctx,
		cancel:  cancel,
		quit:    make(chan struct{}),
		running: map[*run]struct{}{},
	}
	if r.logger == nil {
		r.logger = slog.Default()
	}
	names := map[string]bool{}
	for i, t := range tasks {
		switch {
		case t.Name == "":
			return nil, fmt.Errorf("task %d has no Name; give it one, for the log and the store", i)
		case names[t.Name]:
			return nil, fmt.Errorf("task %q is declared twice; give each task its own Name", t.Name)
		case t.Run == nil:
			return nil, fmt.Errorf("task %q has no Run func", t.Name)
		}
		names[t.Name] = true
		p, err := t.Schedule.compile()
		if err != nil {
			return nil, fmt.Errorf("task %q: Schedule: %w", t.Name, err)
		}
		r.tasks = append(r.tasks, &entry{Task: t, plan: p})
	}
	return r, nil
}

// Start schedules the periodic tasks. A second call does nothing.
func (r *Runner) Start() {
	if r.stopped.Load() || r.started.Swap(true) {
		return
	}
	for _, e := range r.tasks {
		r.schedulers.Go(func() { r.schedule(e) })
	}
}

// schedule fires e at each of its slots until its runs are done or the
// runner stops.
func (r *Runner) schedule(e *entry) {
	slot := time.Now()
	for n := 0; e.plan.runs == 0 || n < e.plan.runs; n++ {
		slot = e.plan.next(slot)
		// A slot already past runs at once, so a late timer never loses
		// it; when the process was held up past several, the latest runs.
		for now := time.Now(); ; {
			later := e.plan.next(slot)
			if later.After(now) {
				break
			}
			slot = later
		}
		timer := time.NewTimer(time.Until(slot))
		select {
		case <-r.quit:
			timer.Stop()
			return
		case <-timer.C:
		}
		r.fire(e, slot)
	}
}

// fire runs e for slot, unless its previous run is still going or another
// instance has claimed the slot.
func (r *Runner) fire(e *entry, slot time.Time) {
	if e.busy.Load() {
		r.logger.Warn("task: the previous run is still going; this slot is skipped",
			"task", e.Name, "slot", slot)
		return
	}
	if r.store != nil && !e.EveryInstance && !r.claim(e, slot) {
		return
	}
	e.busy.Store(true)
	r.start(e.Name, func(ctx context.Context) error {
		defer e.busy.Store(false)
		return e.Run(ctx)
	})
}

// claim takes slot for this instance in the store. When the store fails
// the slot is skipped: running it could run it twice.
func (r *Runner) claim(e *entry, slot time.Time) bool {
	key := "task:" + e.Name + ":" + strconv.FormatInt(slot.Unix(), 10)
	// The claim outlives the slot long enough for every instance's timer
	// to have fired, and expires by itself: an instance that dies mid-run
	// blocks nothing.
	ttl := min(e.plan.every, time.Hour) + 10*time.Second
	n, err := r.store.Incr(r.ctx, key, ttl)
	switch {
	case err != nil && !e.claimFailing: // once per outage, not once per slot
		e.claimFailing = true
		r.logger.Error("task: cannot claim slots in the store; they are skipped until it answers, so that no two instances run one",
			"task", e.Name, "slot", slot, "error", err)
	case err == nil && e.claimFailing:
		e.claimFailing = false
		r.logger.Info("task: claiming slots again", "task", e.Name, "slot", slot)
	}
	return err == nil && n == 1
}

// Go runs f in the background with the runner's context — which outlives
// the call and ends at Stop — if fewer than MaxBackground functions are
// running, and reports whether it did. A panic in f is recovered and
// logged with its stack, as is an error it returns.
func (r *Runner) Go(name string, f func(ctx context.Context) error) bool {
	select {
	case r.slots <- struct{}{}:
	default:
		return false
	}
	return r.startHeld(name, f)
}

// GoWait is Go that waits for a free place first, or until ctx ends or the
// runner stops; it reports whether f was started.
func (r *Runner) GoWait(ctx context.Context, name string, f func(ctx context.Context) error) bool {
	select {
	case r.slots <- struct{}{}:
	case <-ctx.Done():
		return false
	case <-r.ctx.Done():
		return false
	}
	return r.startHeld(name, f)
}

func (r *Runner) startHeld(name string, f func(ctx context.Context) error) bool {
	ok := r.start(name, func(ctx context.Context) error {
		defer func() { <-r.slots }()
		return f(ctx)
	})
	if !ok {
		<-r.slots
	}
	return ok
}

// start runs f in its own goroutine, tracked until it returns; after Stop
// it refuses.
func (r *Runner) start(name string, f func(ctx context.Context) error) bool {
	ru := &run{name: name}
	r.mu.Lock()
	if r.stopped.Load() {
		r.mu.Unlock()
		r.logger.Warn("task: the runner has stopped; not run", "task", name)
		return false
	}
	r.running[ru] = struct{}{}
	r.done.Add(1)
	r.mu.Unlock()
	go func() {
		defer r.finish(ru)
		start := time.Now()
		var err error
		defer func() {
			if v := recover(); v != nil {
				r.logger.Error("task: panic", "task", name, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				err = fmt.Errorf("task: panic: %v", v)
			}
			if r.observe != nil {
				r.observe(name, time.Since(start), err)
			}
		}()
		if err = f(r.ctx); err != nil {
			r.logger.Error("task: failed", "task", name, "error", err)
		}
	}()
	return true
}

func (r *Runner) finish(ru *run) {
	r.mu.Lock()
	delete(r.running, ru)
	r.mu.Unlock()
	r.done.Done()
}

// StopSchedules ends the periodic tasks' schedules, so no new run starts;
// runs that are going go on. Stop does it too.
func (r *Runner) StopSchedules() {
	r.quitOnce.Do(func() { close(r.quit) })
	r.schedulers.Wait()
}

// Stop stops the schedules, cancels the context of every run and waits
// for them to return until ctx ends. It returns the names of the runs
// still going then, which the caller may log as cut; nil means every run
// finished. Go and GoWait refuse from then on.
func (r *Runner) Stop(ctx context.Context) []string {
	r.StopSchedules()
	r.mu.Lock()
	r.stopped.Store(true)
	r.mu.Unlock()
	r.cancel()
	finished := make(chan struct{})
	go func() {
		r.done.Wait()
		close(finished)
	}()
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var cut []string
	for ru := range r.running {
		cut = append(cut, ru.name)
	}
	slices.Sort(cut)
	return cut
}
