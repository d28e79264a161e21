package ws

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/panther-go/panther"
)

// Config declares a websocket route. Each field's comment gives its
// default.
type Config struct {
	// API is what the route declares besides its handler: Auth,
	// Permissions, Throttle, Middlewares and Docs, checked before the
	// upgrade. Leave its Handler, Methods, operations, Input, Output, Cache
	// and Mount unset: the route is a GET that upgrades.
	API panther.API

	// OnConnect runs once the connection is accepted, before any message
	// is read. An error closes the connection (see CloseError).
	OnConnect func(c *Conn) error

	// OnMessage runs for each message, one at a time, in order. An error
	// closes the connection (see CloseError). Nil reads and drops them.
	OnMessage func(c *Conn, m Message) error

	// OnClose runs once the connection has ended, however it ended, after
	// the connection has left its rooms.
	OnClose func(c *Conn)

	// Origins are the origins allowed besides the request's own host, as
	// patterns matched by path.Match, case-insensitively, against the
	// Origin's host ("example.com", "*.example.com"), or against
	// "scheme://host" when the pattern has "://". Give the same list as
	// your CORS allow-list. A request without an Origin header (not from a
	// browser) is always allowed.
	Origins []string

	// Subprotocols are the subprotocols offered, in the server's order of
	// preference; "bearer" is added last when the token came that way.
	Subprotocols []string

	// ReadLimit is the longest message read, in bytes; a longer one closes
	// the connection with 1009. Default: 64 KiB.
	ReadLimit int64

	// SendQueue is how many messages may wait for a slow client before it
	// is closed with 1008. Default: 64.
	SendQueue int

	// WriteTimeout bounds writing one message. Default: 10 s.
	WriteTimeout time.Duration

	// PingInterval is how often the server pings; PongTimeout how long it
	// waits for the pong before it drops the connection. Defaults: 30 s
	// and 10 s. A negative PingInterval turns pings off.
	PingInterval, PongTimeout time.Duration
}

func (c Config) withDefaults() Config {
	c.ReadLimit = cmp.Or(c.ReadLimit, 64<<10)
	c.SendQueue = cmp.Or(c.SendQueue, 64)
	c.WriteTimeout = cmp.Or(c.WriteTimeout, 10*time.Second)
	c.PingInterval = cmp.Or(c.PingInterval, 30*time.Second)
	c.PongTimeout = cmp.Or(c.PongTimeout, 10*time.Second)
	return c
}

// API is the route of a websocket endpoint, to put in the URL map. A
// Config that cannot work panics, prefixed "panther: ws:", saying how to
// fix it.
func (h *Hub) API(cfg Config) panther.API {
	api := cfg.API
	switch {
	case api.Handler != nil || api.Mount != nil || len(api.Methods) > 0 || api.Input != nil || api.Output != nil || api.Status != 0:
		panic("panther: ws: Config.API has a Handler, Methods, Mount, Input, Output or Status; the websocket route declares those itself")
	case api.Get.Handler != nil || api.Post.Handler != nil || api.Put.Handler != nil || api.Patch.Handler != nil || api.Delete.Handler != nil:
		panic("panther: ws: Config.API has Operations; the websocket route declares them itself")
	case api.Cache > 0:
		panic("panther: ws: Config.API has a Cache; an upgrade cannot be cached, so leave it unset")
	case cfg.ReadLimit < 0 || cfg.SendQueue < 0 || cfg.WriteTimeout < 0 || cfg.PongTimeout < 0:
		panic("panther: ws: ReadLimit, SendQueue, WriteTimeout and PongTimeout cannot be negative; leave one at 0 for its default")
	}
	for _, p := range cfg.Origins {
		if _, err := path.Match(p, ""); err != nil {
			panic(fmt.Sprintf("panther: ws: Origins has %q, which is not a path.Match pattern: %v", p, err))
		}
	}
	cfg = cfg.withDefaults()
	api.Methods = []string{http.MethodGet}
	api.Status, api.Output = http.StatusSwitchingProtocols, panther.Empty{} // what the document says of the upgrade
	api.Middlewares = append([]panther.Middleware{tokenToHeader}, api.Middlewares...)
	api.Handler = func(r *panther.Request) (any, error) { return h.upgrade(r, &cfg) }
	if api.Docs.Summary == "" {
		api.Docs.Summary = "A websocket"
	}
	if api.Docs.Description == "" {
		api.Docs.Description = "Upgrades to a websocket (101 Switching Protocols). A request that is not a websocket upgrade is 426, a malformed one 400, one from an Origin not allowed 403."
	}
	api.Docs.Errors = append(api.Docs.Errors[:len(api.Docs.Errors):len(api.Docs.Errors)], http.StatusBadRequest, http.StatusForbidden, http.StatusUpgradeRequired)
	return api
}

// upgrade checks the handshake and hands the request over to serve.
func (h *Hub) upgrade(r *panther.Request, cfg *Config) (any, error) {
	hd := r.Header
	if !hasToken(hd, "Connection", "upgrade") || !hasToken(hd, "Upgrade", "websocket") {
		return nil, &panther.Error{Status: http.StatusUpgradeRequired, Detail: "This service requires use of the WebSocket protocol.",
			Header: http.Header{"Upgrade": {"websocket"}, "Connection": {"Upgrade"}}}
	}
	if v := hd.Get("Sec-WebSocket-Version"); v != "13" {
		return nil, &panther.Error{Status: http.StatusBadRequest, Detail: "Sec-WebSocket-Version must be 13",
			Header: http.Header{"Sec-WebSocket-Version": {"13"}}}
	}
	if key, err := base64.StdEncoding.DecodeString(hd.Get("Sec-WebSocket-Key")); err != nil || len(key) != 16 {
		return nil, panther.NewError(http.StatusBadRequest, "Sec-WebSocket-Key must be 16 bytes in base64")
	}
	if !originAllowed(r.Request, cfg.Origins) {
		return nil, panther.NewError(http.StatusForbidden, "This Origin may not open a websocket here")
	}
	if err := h.start(); err != nil {
		return nil, err
	}
	if err := h.reserve(); err != nil {
		return nil, err
	}
	return panther.Handover(http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		h.serve(w, r, cfg)
	})), nil
}

// hasToken reports whether a comma-separated header has token, in any
// case.
func hasToken(h http.Header, name, token string) bool {
	for _, v := range h[name] {
		for t := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// originAllowed is the check browsers rely on against cross-site
// websocket hijacking: the Origin is the host's own, or matches one of
// patterns.
func originAllowed(r *http.Request, patterns []string) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	for _, p := range patterns {
		target := u.Host
		if strings.Contains(p, "://") {
			target = u.Scheme + "://" + u.Host
		}
		if ok, _ := path.Match(strings.ToLower(p), strings.ToLower(target)); ok {
			return true
		}
	}
	return false
}

// tokenToHeader moves a token a browser could only send in the query
// ("authorization") or as the subprotocols "bearer, <token>" into the
// Authorization header, where authenticators look, unless the request
// has one already.
func tokenToHeader(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			if t := r.URL.Query().Get("authorization"); t != "" {
				r.Header.Set("Authorization", "Bearer "+t)
			} else if t := protocolToken(r.Header); t != "" {
				r.Header.Set("Authorization", "Bearer "+t)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// protocolToken is the token of the subprotocols "bearer, <token>".
func protocolToken(h http.Header) string {
	var protos []string
	for _, v := range h["Sec-Websocket-Protocol"] {
		for p := range strings.SplitSeq(v, ",") {
			protos = append(protos, strings.TrimSpace(p))
		}
	}
	for i, p := range protos {
		if strings.EqualFold(p, "bearer") && i+1 < len(protos) {
			return protos[i+1]
		}
	}
	return ""
}

// subprotocols are those Accept may choose, for r.
func subprotocols(r *http.Request, cfg *Config) []string {
	if protocolToken(r.Header) == "" {
		return cfg.Subprotocols
	}
	return append(cfg.Subprotocols[:len(cfg.Subprotocols):len(cfg.Subprotocols)], "bearer")
}

// StatusCode is a websocket close code (RFC 6455 §7.4).
type StatusCode int

// The close codes this package uses, and two for applications.
const (
	NormalClosure   StatusCode = 1000
	GoingAway       StatusCode = 1001 // the server is shutting down
	InvalidPayload  StatusCode = 1007 // a text message that is not UTF-8
	PolicyViolation StatusCode = 1008 // a client too slow for its send queue
	MessageTooBig   StatusCode = 1009 // a message over Config.ReadLimit
	InternalError   StatusCode = 1011 // a callback failed or panicked
	TryAgainLater   StatusCode = 1013
)

// CloseError, returned by a callback, closes the connection with its code
// and reason (at most 123 bytes).
type CloseError struct {
	Code   StatusCode
	Reason string
}

func (e *CloseError) Error() string {
	return fmt.Sprintf("ws: close %d %s", e.Code, e.Reason)
}
