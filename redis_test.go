package panther_test

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/redis"
	"github.com/panther-go/panther/task"
)

// testRedis is the Redis of the service tests, or a skip.
func testRedis(t *testing.T) string {
	t.Helper()
	url := os.Getenv("PANTHER_TEST_REDIS")
	if url == "" {
		t.Skip("PANTHER_TEST_REDIS not set")
	}
	return url
}

// redisStore is a store on url under a prefix of this test's own.
func redisStore(t *testing.T, url, prefix string) *redis.Store {
	t.Helper()
	s, err := redis.New(t.Context(), url, redis.Options{Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Two instances of an app on one Redis count one throttle and share one
// cache, exactly.
func TestRedisSharedAcrossInstances(t *testing.T) {
	url := testRedis(t)
	prefix := "panther-test:" + rand.Text()[:12] + ":"
	var calls atomic.Int64
	newInstance := func() *panther.App {
		return panther.New(panther.Config{Store: redisStore(t, url, prefix), URLs: panther.URLs{
			"limited": panther.API{Throttle: &panther.Throttle{Rate: 100, Duration: 24 * time.Hour}, Handler: okHandler},
			"cached": panther.API{Cache: time.Minute, Handler: func(*panther.Request) (any, error) {
				return calls.Add(1), nil
			}},
		}})
	}
	apps := []*panther.App{newInstance(), newInstance()}

	for attempt := 0; ; attempt++ {
		day := time.Now().UTC().YearDay()
		var passed, refused atomic.Int64
		var wg sync.WaitGroup
		for i := range 1000 {
			wg.Go(func() {
				w := httptest.NewRecorder()
				req := httptest.NewRequest("GET", "/limited", nil)
				req.RemoteAddr = "192.0.2." + strconv.Itoa(attempt+1) + ":1"
				apps[i%2].ServeHTTP(w, req)
				switch w.Code {
				case 200:
					passed.Add(1)
				case 429:
					refused.Add(1)
				}
			})
		}
		wg.Wait()
		if time.Now().UTC().YearDay() != day && attempt == 0 {
			continue // the burst straddled the daily window's end; try once more
		}
		if passed.Load() != 100 || refused.Load() != 900 {
			t.Errorf("%d passed and %d refused of 1000 at a rate of 100 across two instances", passed.Load(), refused.Load())
		}
		break
	}

	a, b := panthertest.New(t, apps[0]), panthertest.New(t, apps[1])
	a.Get("/cached").WantStatus(200).WantHeader("X-Cache", "MISS").WantBody("1")
	b.Get("/cached").WantStatus(200).WantHeader("X-Cache", "HIT").WantBody("1")
	if calls.Load() != 1 {
		t.Errorf("%d endpoint calls across the instances, want 1", calls.Load())
	}
}

// privateRedis runs a redis-server of the test's own on a free port.
type privateRedis struct {
	t    *testing.T
	port int
	cmd  *exec.Cmd
}

func startPrivateRedis(t *testing.T, port int) *privateRedis {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("redis-server is missing in CI: %v", err)
		}
		t.Skip("redis-server is not installed")
	}
	if port == 0 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port = ln.Addr().(*net.TCPAddr).Port
		ln.Close()
	}
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &privateRedis{t: t, port: port, cmd: cmd}
	t.Cleanup(p.stop)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if c, err := net.Dial("tcp", p.addr()); err == nil {
			c.Close()
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server on port %d did not start", port)
		}
		time.Sleep(20 * time.Millisecond) // polling a process we started; no clock to fake
	}
}

func (p *privateRedis) addr() string { return "127.0.0.1:" + strconv.Itoa(p.port) }
func (p *privateRedis) url() string  { return "redis://" + p.addr() + "/0" }

func (p *privateRedis) stop() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Kill()
		p.cmd.Wait()
	}
}

// When Redis goes away mid-run nobody gets a 500: throttling lets requests
// through (or answers 503 when told to fail closed), the cache is
// bypassed, the breaker stops calling Redis for all but a probe now and
// then, and the outage is logged once per app, not per request. When
// Redis comes back, so do both, and the recovery is logged.
func TestRedisOutage(t *testing.T) {
	testRedis(t) // a service test: it runs where the Redis tests run
	server := startPrivateRedis(t, 0)
	var log strings.Builder
	var logMu sync.Mutex
	var calls atomic.Int64
	newApp := func(failClosed bool) (*panther.App, *countingStore) {
		st, err := redis.Open(server.url(), redis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		counted := &countingStore{Store: st}
		t.Cleanup(func() { st.Close() })
		app := panther.New(panther.Config{
			Store:  counted,
			Logger: slog.New(slog.NewTextHandler(lockedWriter{&logMu, &log}, nil)),
			URLs: panther.URLs{
				"limited": panther.API{Throttle: &panther.Throttle{Rate: 2, Duration: time.Hour, FailClosed: failClosed}, Handler: okHandler},
				"cached": panther.API{Cache: time.Hour, Handler: func(*panther.Request) (any, error) {
					return calls.Add(1), nil
				}},
			},
		})
		if err := app.RunStartup(t.Context()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { app.Close() })
		return app, counted
	}
	open, openCalls := newApp(false)
	closed, _ := newApp(true)
	c, cc := panthertest.New(t, open), panthertest.New(t, closed)
	c.Get("/cached").WantHeader("X-Cache", "MISS")
	c.Get("/cached").WantHeader("X-Cache", "HIT")
	c.Get("/limited").WantStatus(200).WantHeader("X-RateLimit-Remaining", "1")

	server.stop()
	before := openCalls.n.Load()
	const requests = 50
	for range requests {
		c.Get("/limited").WantStatus(200).WantHeader("X-RateLimit-Limit", "")
		c.Get("/cached").WantStatus(200).WantHeader("X-Cache", "BYPASS")
		cc.Get("/limited").WantStatus(503).WantBody(`{"detail":"Service Unavailable"}`)
	}
	if calls.Load() != 1+requests {
		t.Errorf("%d endpoint calls; with the cache bypassed, want %d", calls.Load(), 1+requests)
	}
	// The first failure opens the breaker; after it only probes reach
	// Redis, the first after 25 ms and then ever more rarely: far fewer
	// than the 100 calls the requests would make without it.
	if n := openCalls.n.Load() - before; n > 10 {
		t.Errorf("%d store calls during the outage for %d requests; the breaker should let only probes through", n, 2*requests)
	}
	logMu.Lock()
	logged := log.String()
	logMu.Unlock()
	if n := strings.Count(logged, "the store failed"); n != 2 || strings.Contains(logged, "request failed") {
		t.Errorf("the outage was logged %d times, want once per app, and no failed request:\n%s", n, logged)
	}

	restarted := startPrivateRedis(t, server.port)
	defer restarted.stop()
	// Each app's client redials; the breaker probes at most 500 ms apart.
	eventually(t, func() bool {
		return c.Get("/limited").Header.Get("X-RateLimit-Remaining") == "1" // counting anew: the restarted Redis is empty
	})
	eventually(t, func() bool {
		return cc.Do(getFrom("192.0.2.9:1", "/limited")).Status == http.StatusOK // its own client
	})
	c.Get("/limited").WantStatus(200).WantHeader("X-RateLimit-Remaining", "0")
	c.Get("/limited").WantStatus(429)
	c.Get("/cached").WantHeader("X-Cache", "MISS")
	c.Get("/cached").WantHeader("X-Cache", "HIT")
	logMu.Lock()
	logged = log.String()
	logMu.Unlock()
	if n := strings.Count(logged, "the store recovered"); n != 2 {
		t.Errorf("the recovery was logged %d times, want once per app:\n%s", n, logged)
	}
}

// countingStore counts the calls that reach a store.
type countingStore struct {
	store.Store
	n atomic.Int64
}

func (s *countingStore) Get(ctx context.Context, key string) ([]byte, error) {
	s.n.Add(1)
	return s.Store.Get(ctx, key)
}

func (s *countingStore) Set(ctx context.Context, key string, v []byte, ttl time.Duration) error {
	s.n.Add(1)
	return s.Store.Set(ctx, key, v, ttl)
}

func (s *countingStore) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	s.n.Add(1)
	return s.Store.Incr(ctx, key, ttl)
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestRedisUnreachableFailsStart(t *testing.T) {
	st, err := redis.Open("redis://127.0.0.1:1/0", redis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	app := panther.New(panther.Config{Store: st, Logger: slog.New(slog.DiscardHandler)})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = app.Serve(ctx, ln)
	if err == nil || !strings.Contains(err.Error(), "panther: the store cannot be reached (Config.Store): ") || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Errorf("Serve = %v, want an error saying the store at 127.0.0.1:1 cannot be reached", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String()); err == nil {
		t.Error("the app serves although its store is unreachable")
	}
}

// eventually polls ok until it holds, for at most 10 s: for a real
// server's reconnect, which no fake clock can hurry.
func eventually(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); {
		if time.Now().After(deadline) {
			t.Fatal("the app did not recover within 10 s of Redis coming back")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Two instances of an app on one Redis run each slot of a task once
// between them.
func TestRedisTaskOncePerSlot(t *testing.T) {
	url := testRedis(t)
	prefix := "panther-test:" + t.Name() + ":" + strconv.FormatInt(time.Now().UnixNano(), 36) + ":"
	var mu sync.Mutex
	slots := map[int64]int{}
	tick := task.Task{Name: "tick", Schedule: task.Schedule{Every: time.Second}, Run: func(context.Context) error {
		mu.Lock()
		slots[time.Now().Round(500*time.Millisecond).Unix()]++
		mu.Unlock()
		return nil
	}}
	ctx, cancel := context.WithCancel(context.Background())
	var served []<-chan error
	for range 2 {
		app := panther.New(panther.Config{Store: redisStore(t, url, prefix), Tasks: []task.Task{tick}, Logger: slog.New(slog.DiscardHandler)})
		served = append(served, serveAsync(ctx, app, listenLocal(t)))
	}
	time.Sleep(3500 * time.Millisecond) // real time: a real Redis runs on no fake clock
	cancel()
	for _, errc := range served {
		if err := serveResult(t, errc); err != nil {
			t.Error(err)
		}
	}
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
