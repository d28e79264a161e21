// Package metrics exposes an App's metrics in the Prometheus text format,
// through prometheus/client_golang, which enters the module here alone.
//
//	m := metrics.New(app, metrics.Options{})
//	app.Handle("metrics", m.API())
//
// New makes the app report to it (App.Observe); the API serves the scrape.
// The series, all labelled by route pattern ("notes/<id>/"), never by raw
// path, so ten thousand distinct URLs add no series:
//
//	panther_http_requests_total{route,method,status}        counter
//	panther_http_request_duration_seconds{route,method}     histogram
//	panther_throttled_total{route}                          counter: 429s (and 503s of a FailClosed throttle)
//	panther_cache_requests_total{route,result}              counter: result hit, miss or bypass
//	panther_store_errors_total                              counter: failed store calls
//	panther_store_breaker_open                              gauge: 1 while the store's circuit breaker is open
//	panther_database_errors_total                           counter: failed statements of Config.DB (a *db.DB)
//	panther_websocket_connections{route}                    gauge: open websocket connections
//	panther_task_runs_total{task,result}                    counter: result ok or error
//	panther_task_duration_seconds{task}                     histogram
//
// with Go's runtime and process collectors and, for a *db.DB, its pool's
// go_sql_* statistics. A request no route matched has route "(unmatched)";
// a method beyond the standard ones is "OTHER".
package metrics

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/db"
)

// Options configure the metrics. The zero value works.
type Options struct {
	// Registry receives the collectors. Default: a registry of its own,
	// with Go's runtime and process collectors.
	Registry *prometheus.Registry

	// Buckets are the request latency histogram's upper bounds, in
	// seconds. Default: 0.5 ms to 10 s, roughly doubling.
	Buckets []float64
}

// DefaultBuckets are the latency buckets without Options.Buckets, from
// half a millisecond, where a cached or refused request lands, to 10 s.
var DefaultBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// Metrics holds an app's collectors. Make one with New.
type Metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	throttled *prometheus.CounterVec
	cache     *prometheus.CounterVec
	storeErrs prometheus.Counter
	breaker   prometheus.Gauge
	sockets   *prometheus.GaugeVec
	taskRuns  *prometheus.CounterVec
	taskTime  *prometheus.HistogramVec

	// series memoizes the children of the request series per route,
	// method and status, so a request costs one map read, not a hash of
	// its labels.
	series sync.Map // seriesKey → *requestSeries
}

type seriesKey struct {
	route, method string
	status        int
}

type requestSeries struct {
	count   prometheus.Counter
	latency prometheus.Observer
}

// New returns the metrics of app and makes app report to them. Call it
// before the app serves.
func New(app *panther.App, opts Options) *Metrics {
	reg := opts.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	buckets := opts.Buckets
	if buckets == nil {
		buckets = DefaultBuckets
	}
	m := &Metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "panther_http_requests_total", Help: "Requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "panther_http_request_duration_seconds", Help: "How long requests took to answer, by route pattern and method.",
			Buckets: buckets,
		}, []string{"route", "method"}),
		throttled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "panther_throttled_total", Help: "Requests the throttle refused, by route pattern.",
		}, []string{"route"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "panther_cache_requests_total", Help: "Requests to cached APIs, by route pattern and result: hit, miss or bypass.",
		}, []string{"route", "result"}),
		storeErrs: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "panther_store_errors_total", Help: "Store calls that failed.",
		}),
		breaker: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "panther_store_breaker_open", Help: "1 while the store's circuit breaker is open: the store is treated as down.",
		}),
		sockets: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "panther_websocket_connections", Help: "Open websocket connections, by route pattern.",
		}, []string{"route"}),
		taskRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "panther_task_runs_total", Help: "Runs of tasks and background functions, by name and result: ok or error.",
		}, []string{"task", "result"}),
		taskTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "panther_task_duration_seconds", Help: "How long runs of tasks and background functions took, by name.",
			Buckets: []float64{.001, .01, .1, 1, 10, 60, 300},
		}, []string{"task"}),
	}
	reg.MustRegister(m.requests, m.latency, m.throttled, m.cache, m.storeErrs, m.breaker, m.sockets, m.taskRuns, m.taskTime)
	if d, ok := app.DB().(*db.DB); ok {
		reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "panther_database_errors_total", Help: "Statements of the app's database that failed.",
			}, func() float64 { return float64(d.Failures()) }),
			collectors.NewDBStatsCollector(d.SQL(), d.Dialect().Name()),
		)
	}
	app.Observe(panther.Observer{
		Request:     m.request,
		Step:        m.step,
		StoreFailed: func(error) { m.storeErrs.Inc() },
		Breaker: func(open bool) {
			if open {
				m.breaker.Set(1)
			} else {
				m.breaker.Set(0)
			}
		},
		Task: func(name string, elapsed time.Duration, err error) {
			result := "ok"
			if err != nil {
				result = "error"
			}
			m.taskRuns.WithLabelValues(name, result).Inc()
			m.taskTime.WithLabelValues(name).Observe(elapsed.Seconds())
		},
		Websocket: func(route string, delta int) { m.sockets.WithLabelValues(routeLabel(route)).Add(float64(delta)) },
	})
	return m
}

// Registry is where the collectors are registered: add your own there to
// serve them from the same scrape.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the scrape in Prometheus's text format, which every
// Prometheus-compatible scraper reads.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// API is the scrape as a route: GET, never throttled or cached, and Quiet,
// so the access log leaves scrapes out.
//
//	app.Handle("metrics", m.API())
func (m *Metrics) API() panther.API {
	h := m.Handler()
	return panther.API{
		Get: panther.Operation{
			Handler: func(r *panther.Request) (any, error) { return panther.Handover(h), nil },
			// Prometheus's text format, whose Content-Type carries its version
			// and escaping as parameters of text/plain.
			Output: panther.Media("text/plain"),
		},
		Throttle: &panther.Throttle{},
		Quiet:    true,
		Docs:     panther.Docs{Summary: "Prometheus metrics", Tags: []string{"operations"}},
	}
}

func (m *Metrics) request(r *http.Request, route string, status int, elapsed time.Duration) {
	key := seriesKey{routeLabel(route), methodLabel(r.Method), status}
	s, ok := m.series.Load(key)
	if !ok {
		s, _ = m.series.LoadOrStore(key, &requestSeries{
			count:   m.requests.WithLabelValues(key.route, key.method, strconv.Itoa(status)),
			latency: m.latency.WithLabelValues(key.route, key.method),
		})
	}
	rs := s.(*requestSeries)
	rs.count.Inc()
	rs.latency.Observe(elapsed.Seconds())
}

// methods are the methods that are labels as they are; the rest are
// OTHER, so a client inventing methods cannot add series.
var methods = map[string]string{
	http.MethodGet: http.MethodGet, http.MethodHead: http.MethodHead, http.MethodPost: http.MethodPost,
	http.MethodPut: http.MethodPut, http.MethodPatch: http.MethodPatch, http.MethodDelete: http.MethodDelete,
	http.MethodOptions: http.MethodOptions, http.MethodConnect: http.MethodConnect, http.MethodTrace: http.MethodTrace,
}

func methodLabel(method string) string {
	if m, ok := methods[method]; ok {
		return m
	}
	return "OTHER"
}

func routeLabel(route string) string {
	if route == "" {
		return "(unmatched)"
	}
	return route
}

func (m *Metrics) step(r *panther.Request, step panther.Step, err error) {
	switch step {
	case panther.StepThrottle:
		var refusal *panther.Error
		if errors.As(err, &refusal) { // not a client that left
			m.throttled.WithLabelValues(r.Route()).Inc()
		}
	case panther.StepCacheHit:
		m.cache.WithLabelValues(r.Route(), "hit").Inc()
	case panther.StepCacheMiss:
		m.cache.WithLabelValues(r.Route(), "miss").Inc()
	case panther.StepCacheBypass:
		m.cache.WithLabelValues(r.Route(), "bypass").Inc()
	}
}
