package panther

import (
	"log/slog"
	"net/netip"

	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/task"
)

// Config configures an App. The zero value is a working configuration; each
// field's comment gives its default. Settings live here, never in package
// variables, so two apps in one process never share any.
type Config struct {
	// URLs are the app's routes, registered by New as if passed to Handle
	// at the root. Default: none.
	URLs URLs

	// Middlewares wrap every request, routing included, so they also see
	// 404s and every error response. The first listed is the outermost.
	// Default: none.
	Middlewares []Middleware

	// TrustedProxies are the networks of reverse proxies whose
	// X-Forwarded-For header is believed. Default: none — the client IP is
	// always the socket's peer.
	TrustedProxies []netip.Prefix

	// Authenticator authenticates the requests of every API with Auth set
	// (such as a jwt.Authenticator). Auth without it fails at registration.
	// Default: none.
	Authenticator Authenticator

	// Throttle is the throttle of every API that declares none; an API's
	// own Throttle replaces it. Default: none.
	Throttle *Throttle

	// Store holds throttle counters, cached responses, revoked tokens and
	// task claims. Give a store/redis Store so several instances share
	// them; Serve pings it first and fails to start when it cannot reach
	// it. The app never closes a Store given here. Default: an in-memory
	// store (store/memory) made on first use and closed by Close.
	Store store.Store

	// DB is the app's database (a *db.DB from db/sqlite or db/postgres):
	// Serve pings it first and fails to start when it cannot reach it, and
	// Close closes it once requests and tasks are done. Default: none.
	DB Database

	// Logger receives the app's own records: errors, panics with their
	// stacks, start and stop. Default: slog.Default().
	Logger *slog.Logger

	// MaxBodyBytes bounds the body an API with Input reads; a larger one is
	// 413 {"detail":"Request Entity Too Large"}. API.MaxBodyBytes overrides
	// it per API. Default: 1 MiB.
	MaxBodyBytes int64

	// Tasks run on their schedules while Serve serves (see package task),
	// each slot once across the instances sharing the Store. A schedule
	// that cannot work panics in New. Default: none.
	Tasks []task.Task

	// MaxBackground bounds the functions of Request.AfterResponse running
	// at once. Default: 64.
	MaxBackground int

	// Server holds the timeouts and limits of the HTTP server that Serve
	// and ListenAndServe run; see ServerConfig for each default.
	Server ServerConfig
}
