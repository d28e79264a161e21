package panther_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/task"
)

// Work left for after the response runs once the response is written,
// with a context that outlives the request; a panic in it is logged and
// harms nothing.
func TestAfterResponse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := &capturedLog{}
		var order []string
		var mu sync.Mutex
		note := func(s string) { mu.Lock(); order = append(order, s); mu.Unlock() }
		app := panther.New(panther.Config{Logger: log.logger(), URLs: panther.URLs{
			"signup/": panther.API{Handler: func(r *panther.Request) (any, error) {
				r.AfterResponse(func(ctx context.Context) error {
					time.Sleep(time.Second)
					if ctx.Err() != nil {
						note("mail: context ended with the request")
						return ctx.Err()
					}
					note("mail sent")
					return nil
				})
				r.AfterResponse(func(context.Context) error { panic("boom") })
				note("handler")
				return "welcome", nil
			}},
		}})
		ctx, cancel := context.WithCancel(context.Background())
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("POST", "/signup/", nil).WithContext(ctx))
		note("response " + w.Body.String())
		cancel() // the client is gone; the work is not
		synctest.Wait()
		time.Sleep(2 * time.Second)
		mu.Lock()
		got := strings.Join(order, "; ")
		mu.Unlock()
		if want := `handler; response "welcome"; mail sent`; got != want {
			t.Errorf("order %q, want %q", got, want)
		}
		if !strings.Contains(log.String(), `"msg":"task: panic","task":"after POST signup/","panic":"boom"`) {
			t.Errorf("the panic was not logged:\n%s", log)
		}
		app.Close()
	})
}

// Past MaxBackground the request flushes its response, then waits for
// room: the work slows the client's connection down instead of piling up.
func TestAfterResponseBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var started atomic.Int64
		app := panther.New(panther.Config{MaxBackground: 1, URLs: panther.URLs{
			"job/": panther.API{Handler: func(r *panther.Request) (any, error) {
				r.AfterResponse(func(context.Context) error { started.Add(1); <-release; return nil })
				return "queued", nil
			}},
		}})
		defer app.Close()
		app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/job/", nil))
		second := httptest.NewRecorder()
		served := make(chan struct{})
		go func() {
			app.ServeHTTP(second, httptest.NewRequest("POST", "/job/", nil))
			close(served)
		}()
		synctest.Wait()
		select {
		case <-served:
			t.Fatal("the second request did not wait for room")
		default:
		}
		if !second.Flushed || started.Load() != 1 {
			t.Errorf("while waiting: flushed %v, %d started; want its response flushed and 1 started", second.Flushed, started.Load())
		}
		close(release)
		<-served
		synctest.Wait()
		if started.Load() != 2 {
			t.Errorf("%d started, want 2", started.Load())
		}
	})
}

// Serve runs Config.Tasks on their schedules and stops them at shutdown;
// a run that outlives the grace is cut, logged and makes Serve fail.
func TestServeRunsTasks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := &capturedLog{}
		var ticks atomic.Int64
		stuck := make(chan struct{})
		defer close(stuck)
		app := panther.New(panther.Config{
			Logger: log.logger(),
			Server: panther.ServerConfig{ShutdownTimeout: 5 * time.Second},
			Tasks: []task.Task{
				{Name: "tick", Schedule: task.Schedule{Every: time.Second}, Run: func(context.Context) error {
					ticks.Add(1)
					return nil
				}},
				{Name: "stuck", Schedule: task.Schedule{Every: 3 * time.Second, Runs: 1}, Run: func(context.Context) error {
					<-stuck // ignores its context
					return nil
				}},
			},
		})
		ctx, cancel := context.WithCancel(context.Background())
		errc := serveAsync(ctx, app, newPipeListener())
		time.Sleep(3500 * time.Millisecond)
		cancel()
		start := time.Now()
		err := <-errc
		if err == nil || !strings.Contains(err.Error(), "tasks still running after 5s: [stuck]") || time.Since(start) != 5*time.Second {
			t.Errorf("Serve = %v after %v; want the stuck task named, after the 5s grace", err, time.Since(start))
		}
		if n := ticks.Load(); n != 3 {
			t.Errorf("tick ran %d times in 3.5 s, want 3", n)
		}
		if !strings.Contains(log.String(), `"msg":"panther: shutdown cut tasks still running after the grace","grace":5000000000,"tasks":["stuck"]`) {
			t.Errorf("the cut was not logged:\n%s", log)
		}
	})
}

func TestConfigTasksBad(t *testing.T) {
	got := panicMessage(func() {
		panther.New(panther.Config{Tasks: []task.Task{{Name: "nightly", Schedule: task.Schedule{At: "25:00"}, Run: func(context.Context) error { return nil }}}})
	})
	want := `panther: Config.Tasks: task "nightly": Schedule: At "25:00" is not a time of day`
	if !strings.HasPrefix(got, want) {
		t.Errorf("panic %q, want it to start %q", got, want)
	}
}
