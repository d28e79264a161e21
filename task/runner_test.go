package task_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther/store/memory"
	"github.com/panther-go/panther/store/redis"
	"github.com/panther-go/panther/task"
)

// logBuffer is a logger's output, safe to read while runs write.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

// runs records when a task ran.
type runs struct {
	mu    sync.Mutex
	times []time.Time
}

func (r *runs) add() {
	r.mu.Lock()
	r.times = append(r.times, time.Now())
	r.mu.Unlock()
}

func (r *runs) offsets(start time.Time) []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []time.Duration
	for _, t := range r.times {
		out = append(out, t.Sub(start))
	}
	return out
}

func newRunner(t *testing.T, tasks []task.Task, opts task.Options) *task.Runner {
	t.Helper()
	r, err := task.New(tasks, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func seconds(n ...int) []time.Duration {
	var out []time.Duration
	for _, s := range n {
		out = append(out, time.Duration(s)*time.Second)
	}
	return out
}

func TestRunnerRunsOnItsSlots(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got runs
		r := newRunner(t, []task.Task{{
			Name:     "three",
			Schedule: task.Schedule{Every: 2 * time.Second, Runs: 3},
			Run:      func(context.Context) error { got.add(); return nil },
		}}, task.Options{})
		start := time.Now() // 2000-01-01 00:00:00 UTC in the bubble: a slot
		r.Start()
		time.Sleep(time.Minute)
		if want := seconds(2, 4, 6); !slices.Equal(got.offsets(start), want) {
			t.Errorf("ran at %v, want %v", got.offsets(start), want)
		}
		if cut := r.Stop(context.Background()); cut != nil {
			t.Errorf("Stop cut %v", cut)
		}
	})
}

// A run still going when the next slot comes makes that slot skip, and
// the log says so; the task never runs twice at once.
func TestRunnerSkipsWhileRunning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got runs
		log := &logBuffer{}
		r := newRunner(t, []task.Task{{
			Name:     "slow",
			Schedule: task.Schedule{Every: time.Second},
			Run: func(context.Context) error {
				got.add()
				time.Sleep(2500 * time.Millisecond)
				return nil
			},
		}}, task.Options{Logger: log.logger()})
		start := time.Now()
		r.Start()
		time.Sleep(7500 * time.Millisecond)
		r.Stop(context.Background())
		if want := seconds(1, 4, 7); !slices.Equal(got.offsets(start), want) {
			t.Errorf("ran at %v, want %v", got.offsets(start), want)
		}
		if n := strings.Count(log.String(), "the previous run is still going; this slot is skipped"); n != 4 {
			t.Errorf("%d skips logged, want 4 (slots 2, 3, 5, 6):\n%s", n, log)
		}
	})
}

// Daily at 02:30 in New York, across the start of summer time (2 April
// 2000, when 02:30 does not exist) and its end (29 October 2000).
func TestRunnerAtInAZone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ny, err := time.LoadLocation("America/New_York")
		if err != nil {
			t.Fatal(err)
		}
		var got runs
		r := newRunner(t, []task.Task{{
			Name:     "nightly",
			Schedule: task.Schedule{At: "02:30", Zone: "America/New_York"},
			Run:      func(context.Context) error { got.add(); return nil },
		}}, task.Options{})
		r.Start()
		time.Sleep(366 * 24 * time.Hour)
		r.Stop(context.Background())
		days := map[string]string{}
		for _, at := range got.times {
			local := at.In(ny)
			day := local.Format("2006-01-02")
			if days[day] != "" {
				t.Errorf("two runs on %s: %s and %s", day, days[day], local.Format("15:04:05"))
			}
			days[day] = local.Format("15:04:05")
		}
		if len(days) != 366 {
			t.Errorf("runs on %d days, want 366", len(days))
		}
		for day, clock := range days {
			want := "02:30:00"
			if day == "2000-04-02" {
				want = "03:00:00" // the clock jumps from 02:00 to 03:00
			}
			if clock != want {
				t.Errorf("ran at %s on %s, want %s", clock, day, want)
			}
		}
	})
}

func TestRunnerOnWeekdays(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got runs
		r := newRunner(t, []task.Task{{
			Name:     "report",
			Schedule: task.Schedule{On: []time.Weekday{time.Monday, time.Friday}, At: "09:00", Runs: 4},
			Run:      func(context.Context) error { got.add(); return nil },
		}}, task.Options{})
		r.Start()
		time.Sleep(30 * 24 * time.Hour)
		r.Stop(context.Background())
		var when []string
		for _, at := range got.times {
			when = append(when, at.Format("Mon 2006-01-02 15:04"))
		}
		want := []string{"Mon 2000-01-03 09:00", "Fri 2000-01-07 09:00", "Mon 2000-01-10 09:00", "Fri 2000-01-14 09:00"}
		if !slices.Equal(when, want) {
			t.Errorf("ran %q, want %q", when, want)
		}
	})
}

// Stop cancels the runs' context and waits for them within its own; a run
// that ignores the cancellation is reported as cut.
func TestRunnerStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRunner(t, []task.Task{
			{Name: "polite", Schedule: task.Schedule{Every: time.Second}, Run: func(ctx context.Context) error {
				<-ctx.Done()
				time.Sleep(time.Second) // tidies up
				return nil
			}},
			{Name: "stubborn", Schedule: task.Schedule{Every: time.Second}, Run: func(ctx context.Context) error {
				time.Sleep(time.Hour)
				return nil
			}},
		}, task.Options{Logger: slog.New(slog.DiscardHandler)})
		r.Start()
		time.Sleep(1500 * time.Millisecond)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		start := time.Now()
		cut := r.Stop(ctx)
		if !slices.Equal(cut, []string{"stubborn"}) || time.Since(start) != 10*time.Second {
			t.Errorf("Stop = %v after %v, want [stubborn] after the 10s grace", cut, time.Since(start))
		}
		if r.Go("late", func(context.Context) error { return nil }) {
			t.Error("Go after Stop started a function")
		}
		time.Sleep(time.Hour) // let the stubborn run end inside the bubble
	})
}

// Instances sharing a store run each slot once between them, and one
// whose run hangs does not keep the others from the next slots.
func TestRunnerOnceAcrossInstances(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := memory.New(memory.Options{})
		defer st.Close()
		var mu sync.Mutex
		ran := map[string][]time.Duration{}
		start := time.Now()
		instance := func(name string, hang bool) *task.Runner {
			return newRunner(t, []task.Task{{
				Name:     "tick",
				Schedule: task.Schedule{Every: time.Second},
				Run: func(ctx context.Context) error {
					mu.Lock()
					ran[name] = append(ran[name], time.Since(start))
					mu.Unlock()
					if hang {
						<-ctx.Done() // as good as dead until stopped
					}
					return nil
				},
			}}, task.Options{Store: st, Logger: slog.New(slog.DiscardHandler)})
		}
		a, b := instance("a", true), instance("b", false)
		a.Start()
		time.Sleep(time.Second + time.Millisecond) // a alone claims the first slot, and hangs in it
		synctest.Wait()
		b.Start()
		time.Sleep(4 * time.Second)
		a.Stop(context.Background())
		b.Stop(context.Background())
		all := append(slices.Clone(ran["a"]), ran["b"]...)
		slices.Sort(all)
		if want := seconds(1, 2, 3, 4, 5); !slices.Equal(all, want) {
			t.Errorf("slots run %v (a %v, b %v), want each of %v once", all, ran["a"], ran["b"], want)
		}
		if len(ran["a"]) != 1 {
			t.Errorf("the hung instance ran %v, want only its first slot", ran["a"])
		}
	})
}

// Go runs at most MaxBackground functions at once; GoWait waits for room;
// a panic is recovered and logged with its stack.
func TestRunnerGo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := &logBuffer{}
		r := newRunner(t, nil, task.Options{MaxBackground: 2, Logger: log.logger()})
		release := make(chan struct{})
		block := func(context.Context) error { <-release; return nil }
		if !r.Go("one", block) || !r.Go("two", block) {
			t.Fatal("Go refused with room")
		}
		if r.Go("three", block) {
			t.Error("Go started a third function past MaxBackground 2")
		}
		waited := make(chan bool)
		go func() {
			waited <- r.GoWait(context.Background(), "four", func(context.Context) error { panic("boom") })
		}()
		synctest.Wait()
		select {
		case <-waited:
			t.Fatal("GoWait did not wait for room")
		default:
		}
		close(release)
		if !<-waited {
			t.Error("GoWait did not start the function once there was room")
		}
		r.GoWait(context.Background(), "failing", func(context.Context) error { return errors.New("no mail server") })
		if cut := r.Stop(context.Background()); cut != nil {
			t.Errorf("Stop cut %v", cut)
		}
		got := log.String()
		for _, want := range []string{`msg="task: panic" task=four panic=boom stack=`, `msg="task: failed" task=failing error="no mail server"`} {
			if !strings.Contains(got, want) {
				t.Errorf("log lacks %s:\n%s", want, got)
			}
		}
	})
}

func TestNewRefusesBadTasks(t *testing.T) {
	run := func(context.Context) error { return nil }
	every := task.Schedule{Every: time.Minute}
	tests := []struct {
		tasks []task.Task
		want  string
	}{
		{[]task.Task{{Schedule: every, Run: run}}, "task 0 has no Name"},
		{[]task.Task{{Name: "a", Schedule: every, Run: run}, {Name: "a", Schedule: every, Run: run}}, `task "a" is declared twice`},
		{[]task.Task{{Name: "a", Schedule: every}}, `task "a" has no Run func`},
		{[]task.Task{{Name: "a", Run: run}}, `task "a": Schedule: the schedule is empty`},
		{[]task.Task{{Name: "a", Schedule: task.Schedule{At: "24:00"}, Run: run}}, `task "a": Schedule: At "24:00" is not a time of day`},
	}
	for _, tt := range tests {
		if _, err := task.New(tt.tasks, task.Options{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New: %v, want an error containing %q", err, tt.want)
		}
	}
}

// Two instances on a real Redis run each slot of a task once between them.
func TestRunnerOnceOnRedis(t *testing.T) {
	url := os.Getenv("PANTHER_TEST_REDIS")
	if url == "" {
		t.Skip("PANTHER_TEST_REDIS not set")
	}
	st, err := redis.New(t.Context(), url, redis.Options{Prefix: "panther-test:" + t.Name() + ":" + time.Now().Format("150405.000000") + ":"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var mu sync.Mutex
	slots := map[int64]int{}
	instance := func() *task.Runner {
		return newRunner(t, []task.Task{{
			Name:     "tick",
			Schedule: task.Schedule{Every: time.Second},
			Run: func(context.Context) error {
				mu.Lock()
				slots[time.Now().Round(500*time.Millisecond).Unix()]++
				mu.Unlock()
				return nil
			},
		}}, task.Options{Store: st})
	}
	a, b := instance(), instance()
	a.Start()
	b.Start()
	time.Sleep(3500 * time.Millisecond) // real time: Redis runs outside any fake clock
	a.Stop(context.Background())
	b.Stop(context.Background())
	mu.Lock()
	defer mu.Unlock()
	if len(slots) < 3 {
		t.Errorf("%d slots run in 3.5 s, want at least 3: %v", len(slots), slots)
	}
	for slot, n := range slots {
		if n != 1 {
			t.Errorf("slot %d ran %d times across the two instances, want once", slot, n)
		}
	}
}

// failingCounter fails while down is set.
type failingCounter struct {
	mu   sync.Mutex
	down bool
	n    map[string]int64
}

func (c *failingCounter) Incr(_ context.Context, key string, _ time.Duration) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.down {
		return 0, errors.New("connection refused")
	}
	if c.n == nil {
		c.n = map[string]int64{}
	}
	c.n[key]++
	return c.n[key], nil
}

// While the store cannot be reached, slots are skipped — no two instances
// may run one — and that is logged once, not once a slot.
func TestRunnerStoreDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := &logBuffer{}
		st := &failingCounter{down: true}
		var got runs
		r := newRunner(t, []task.Task{{
			Name:     "tick",
			Schedule: task.Schedule{Every: time.Second},
			Run:      func(context.Context) error { got.add(); return nil },
		}}, task.Options{Store: st, Logger: log.logger()})
		start := time.Now()
		r.Start()
		time.Sleep(3500 * time.Millisecond)
		st.mu.Lock()
		st.down = false
		st.mu.Unlock()
		time.Sleep(2 * time.Second)
		r.Stop(context.Background())
		if want := seconds(4, 5); !slices.Equal(got.offsets(start), want) {
			t.Errorf("ran at %v, want %v: the slots while the store was down are skipped", got.offsets(start), want)
		}
		out := log.String()
		if strings.Count(out, "cannot claim slots") != 1 || strings.Count(out, "claiming slots again") != 1 {
			t.Errorf("want the failure and the recovery logged once each:\n%s", out)
		}
	})
}
