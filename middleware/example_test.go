package middleware_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/middleware"
)

// exampleLogger logs JSON to stdout without the attributes that change from
// run to run.
func exampleLogger(drop ...string) *slog.Logger {
	return slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			for _, k := range append(drop, slog.TimeKey) {
				if a.Key == k {
					return slog.Attr{}
				}
			}
			return a
		},
	}))
}

func ExampleRecover() {
	h := middleware.Recover(exampleLogger("stack"))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("nil map")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/notes/", nil))
	fmt.Println(rec.Code, rec.Body)
	// Output:
	// {"level":"ERROR","msg":"panic","method":"GET","path":"/notes/","panic":"nil map"}
	// 500 {"detail":"Internal Server Error"}
}

func ExampleRequestID() {
	h := middleware.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("handler sees", panther.RequestIDFrom(r.Context()))
	}))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-Request-ID", "checkout-7f3a")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println("response carries", rec.Header().Get("X-Request-ID"))

	// An ID that is not sane is replaced by a random one.
	req.Header.Set("X-Request-ID", "<script>")
	rec = httptest.NewRecorder()
	middleware.RequestID(http.NotFoundHandler()).ServeHTTP(rec, req)
	fmt.Println("replaced:", len(rec.Header().Get("X-Request-ID")), "hex digits")
	// Output:
	// handler sees checkout-7f3a
	// response carries checkout-7f3a
	// replaced: 32 hex digits
}

func ExampleAccessLog() {
	log := middleware.AccessLog(exampleLogger("duration"))
	h := middleware.RequestID(log(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panther.WriteError(w, panther.NewError(http.StatusUnauthorized, ""))
	})))
	req := httptest.NewRequest(http.MethodGet, "/me/", nil)
	req.Header.Set("X-Request-ID", "req-1")
	h.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	// {"level":"INFO","msg":"request","method":"GET","path":"/me/","client":"192.0.2.1","status":401,"bytes":33,"request_id":"req-1"}
}

func ExampleCORS() {
	cors := middleware.CORS(middleware.CORSOptions{
		AllowOrigins:  []string{"http://localhost:3000"},
		ExposeHeaders: []string{"X-Request-ID"},
	})
	h := cors(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"ok":true}`)
	}))
	show := func(method string, header ...string) {
		req := httptest.NewRequest(method, "/notes/", nil)
		for i := 0; i < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(method, rec.Code)
		for _, k := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
			"Access-Control-Allow-Headers", "Access-Control-Max-Age", "Access-Control-Expose-Headers", "Vary"} {
			if v := rec.Header().Values(k); v != nil {
				fmt.Printf("  %s: %s\n", k, strings.Join(v, ", "))
			}
		}
	}
	show("OPTIONS", "Origin", "http://localhost:3000",
		"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
	show("POST", "Origin", "http://localhost:3000")
	show("POST", "Origin", "http://evil.example")
	// Output:
	// OPTIONS 204
	//   Access-Control-Allow-Origin: http://localhost:3000
	//   Access-Control-Allow-Methods: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS
	//   Access-Control-Allow-Headers: content-type
	//   Access-Control-Max-Age: 600
	//   Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
	// POST 200
	//   Access-Control-Allow-Origin: http://localhost:3000
	//   Access-Control-Expose-Headers: X-Request-ID
	//   Vary: Origin
	// POST 200
	//   Vary: Origin
}

func ExampleTimeout() {
	timeout := middleware.Timeout(50 * time.Millisecond)
	slow := timeout(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // the work that takes too long gives up here
		io.WriteString(w, "too late")
	}))
	fast := timeout(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"ok":true}`)
	}))
	for _, h := range []http.Handler{fast, slow} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		fmt.Println(rec.Code, rec.Body)
	}
	// Output:
	// 200 {"ok":true}
	// 503 {"detail":"Service Unavailable"}
}

// The global middlewares of a panther.App, in the recommended order.
func Example_app() {
	app := panther.New(panther.Config{
		Middlewares: []panther.Middleware{
			middleware.RequestID,
			middleware.CORS(middleware.CORSOptions{AllowOrigins: []string{"http://localhost:3000"}}),
			middleware.AccessLog(slog.New(slog.DiscardHandler)),
		},
	})
	req := httptest.NewRequest(http.MethodGet, "/missing/", nil)
	req.Header.Set("Origin", "http://localhost:3000")
	req.Header.Set("X-Request-ID", "req-9")
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body)
	fmt.Println(rec.Header().Get("Access-Control-Allow-Origin"), rec.Header().Get("X-Request-ID"))
	// Output:
	// 404 {"detail":"Not Found"}
	// http://localhost:3000 req-9
}
