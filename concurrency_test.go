package panther_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"sync"
	"testing"

	"github.com/panther-go/panther"
)

type echoCtxKey struct{}

// stampContext is a per-API middleware that stores a value derived from
// this request alone in its context.
func stampContext(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stamp := "mw:" + r.Header.Get("X-Client")
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), echoCtxKey{}, stamp)))
	})
}

// requestEcho is what the handlers send back: everything they read from
// their request.
type requestEcho struct {
	ID      int    `json:"id"`
	Var     string `json:"var"`
	Query   string `json:"query"`
	Header  string `json:"header"`
	Context string `json:"context"`
	Method  string `json:"method"`
}

func echoRequest(r *panther.Request) (any, error) {
	id, err := r.PathInt("id")
	if err != nil {
		return nil, err
	}
	runtime.Gosched() // let other requests interleave between reads
	stamp, _ := r.Context().Value(echoCtxKey{}).(string)
	return requestEcho{
		ID:      id,
		Var:     r.PathVar("id"),
		Query:   r.Query("q"),
		Header:  r.Header.Get("X-Client"),
		Context: stamp,
		Method:  r.Method,
	}, nil
}

// echoAPI is the struct style: one value serves every request.
type echoAPI struct {
	panther.API
	prefix string // shared, read-only
}

func (a *echoAPI) Get(r *panther.Request) (any, error) { return echoRequest(r) }

func (a *echoAPI) Put(r *panther.Request) (any, error) {
	res, err := echoRequest(r)
	if e, ok := res.(requestEcho); ok {
		e.Query = a.prefix + e.Query
		res = e
	}
	return res, err
}

func TestConcurrentRequestsKeepTheirOwnState(t *testing.T) {
	app := panther.New(panther.Config{
		Logger: (&capturedLog{}).logger(),
		URLs: panther.URLs{
			"fn/<id>/": panther.API{
				Methods:     []string{http.MethodGet, http.MethodPost},
				Middlewares: []panther.Middleware{stampContext},
				Handler:     echoRequest,
			},
			"gen/<id>/": &echoAPI{
				API:    panther.API{Middlewares: []panther.Middleware{stampContext}},
				prefix: "put:",
			},
		},
	})
	srv := httptest.NewServer(app)
	defer srv.Close()
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 100

	tests := []struct {
		name, method, route, queryPrefix string
	}{
		{"function API", http.MethodGet, "fn", ""},
		{"function API POST", http.MethodPost, "fn", ""},
		{"struct API", http.MethodGet, "gen", ""},
		{"struct API PUT", http.MethodPut, "gen", "put:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const clients = 100
			var wg sync.WaitGroup
			for i := range clients {
				wg.Go(func() {
					q := fmt.Sprintf("query %d & more", i)
					want := requestEcho{
						ID:      i,
						Var:     fmt.Sprint(i),
						Query:   tt.queryPrefix + q,
						Header:  fmt.Sprint("client-", i),
						Context: fmt.Sprint("mw:client-", i),
						Method:  tt.method,
					}
					target := fmt.Sprintf("%s/%s/%d/?q=%s", srv.URL, tt.route, i, url.QueryEscape(q))
					got, err := doEcho(client, tt.method, target, want.Header)
					if err != nil {
						t.Errorf("client %d: %v", i, err)
						return
					}
					if got != want {
						t.Errorf("client %d got %+v, want %+v", i, got, want)
					}
				})
			}
			wg.Wait()
		})
	}
}

func doEcho(client *http.Client, method, target, clientID string) (requestEcho, error) {
	var got requestEcho
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		return got, err
	}
	req.Header.Set("X-Client", clientID)
	res, err := client.Do(req)
	if err != nil {
		return got, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return got, fmt.Errorf("%s %s: status %d", method, target, res.StatusCode)
	}
	return got, json.NewDecoder(res.Body).Decode(&got)
}
