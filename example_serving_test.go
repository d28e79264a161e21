package panther_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/panther-go/panther"
)

// A cached API without Auth keys its entries by client IP, so a request
// carrying credentials bypasses the cache unless the API says its answers
// ignore them (CachePublic).
func ExampleAPI_cache() {
	calls := 0
	app := panther.New(panther.Config{URLs: panther.URLs{
		"news/": panther.API{
			Methods: []string{http.MethodGet},
			Cache:   time.Minute,
			Handler: func(r *panther.Request) (any, error) {
				calls++
				return map[string]int{"edition": calls}, nil
			},
		},
	}})
	defer app.Close()
	get := func(header, value string) {
		req := httptest.NewRequest(http.MethodGet, "/news/", nil)
		if header != "" {
			req.Header.Set(header, value)
		}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, req)
		fmt.Println(w.Header().Get("X-Cache"), w.Body.String())
	}
	get("", "")
	get("", "")
	get("Cookie", "session=alice")
	// Output:
	// MISS {"edition":1}
	// HIT {"edition":1}
	// BYPASS {"edition":2}
}

// Serve's timeouts live in Config.Server; each zero field takes a safe
// default, and a negative one turns that timeout off.
func ExampleServerConfig() {
	app := panther.New(panther.Config{
		Logger: slog.New(slog.DiscardHandler),
		Server: panther.ServerConfig{
			ReadTimeout:     2 * time.Minute, // this app takes large uploads
			ShutdownTimeout: 30 * time.Second,
		},
		URLs: panther.URLs{"ping/": panther.API{Handler: func(*panther.Request) (any, error) { return "pong", nil }}},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error)
	go func() { served <- app.Serve(ctx, ln) }()

	if res, err := http.Get("http://" + ln.Addr().String() + "/ping/"); err != nil {
		fmt.Println(err)
	} else {
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		fmt.Println(res.Status, string(body))
	}
	stop() // as SIGTERM does for ListenAndServe
	fmt.Println("Serve returned", <-served)
	// Output:
	// 200 OK "pong"
	// Serve returned <nil>
}

// Work for after the response runs in the background once the response
// is written, with a context that outlives the request.
func ExampleRequest_AfterResponse() {
	sent := make(chan string, 1)
	app := panther.New(panther.Config{URLs: panther.URLs{
		"signup/": panther.API{
			Methods: []string{http.MethodPost},
			Handler: func(r *panther.Request) (any, error) {
				r.AfterResponse(func(ctx context.Context) error {
					sent <- "welcome mail sent"
					return nil
				})
				return panther.Response{Status: http.StatusCreated, Data: map[string]string{"user": "ann"}}, nil
			},
		},
	}})
	defer app.Close()
	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/signup/", nil))
	fmt.Println(w.Code, w.Body.String())
	fmt.Println(<-sent)
	// Output:
	// 201 {"user":"ann"}
	// welcome mail sent
}

// Text and HTML are answered as they are; as a Response's Data they take
// its status and headers, a Content-Type among them.
func ExampleText() {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"ping/": panther.API{Handler: func(*panther.Request) (any, error) {
			return panther.Text("pong"), nil
		}},
		"report.csv": panther.API{Handler: func(*panther.Request) (any, error) {
			return panther.Response{
				Status: http.StatusCreated,
				Header: http.Header{"Content-Type": {"text/csv"}},
				Data:   panther.Text("id,title\n1,milk\n"),
			}, nil
		}},
	}})
	for _, path := range []string{"/ping/", "/report.csv"} {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		fmt.Printf("%d %s %q\n", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	// Output:
	// 200 text/plain; charset=utf-8 "pong"
	// 201 text/csv "id,title\n1,milk\n"
}
