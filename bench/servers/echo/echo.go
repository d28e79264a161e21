// Package echo serves the benchmark's routes on labstack/echo v4: echo.New()
// (no middleware), the shared validator as e.Validator, and echo
// middlewares over the shared peer Kit. The client IP is the socket's
// peer (echo.ExtractIPDirect), as in every server.
package echo

import (
	"bytes"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/panther-go/panther/bench/internal/payload"
	"github.com/panther-go/panther/bench/internal/peer"
	"github.com/panther-go/panther/bench/servers"
)

type validator struct{ k *peer.Kit }

func (v validator) Validate(i any) error { return v.k.Validate.Struct(i) }

// New returns the echo server.
func New(cfg servers.Config) http.Handler {
	k := peer.NewKit("echo", cfg)
	e := echo.New()
	e.Validator = validator{k}
	e.IPExtractor = echo.ExtractIPDirect()
	e.GET("/plaintext", func(c echo.Context) error { return c.String(http.StatusOK, servers.PlaintextBody) })
	e.GET("/hello", func(c echo.Context) error {
		return c.JSON(http.StatusOK, payload.Message{Message: "Hello, World!"})
	})
	e.GET("/users/:id", func(c echo.Context) error {
		return c.JSON(http.StatusOK, payload.ID{ID: c.Param("id")})
	})
	createNote := func(c echo.Context) error {
		var in payload.NoteIn
		if err := c.Bind(&in); err != nil {
			return err
		}
		if err := c.Validate(&in); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, err.Error())
		}
		return c.JSON(http.StatusCreated, payload.NewNote(in))
	}
	e.POST("/notes", createNote)
	e.GET("/me", func(c echo.Context) error {
		return c.JSON(http.StatusOK, payload.User{User: c.Get("user").(string)})
	}, auth(k))
	ok := func(c echo.Context) error { return c.JSON(http.StatusOK, payload.OK{OK: true}) }
	e.GET("/throttled", ok, throttle(k, false))
	e.POST("/full", createNote, auth(k), notBanned, throttle(k, true))
	e.GET("/cached", ok, cache(k))
	return e
}

func auth(k *peer.Kit) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			sub, status := k.Authenticate(c.Request().Context(), c.Request().Header.Get("Authorization"))
			if status != 0 {
				return c.JSON(status, payload.Detail{Detail: peer.Detail(status)})
			}
			c.Set("user", sub)
			return next(c)
		}
	}
}

func notBanned(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Get("user") == servers.Banned {
			return c.JSON(http.StatusForbidden, payload.Detail{Detail: "Permission Denied"})
		}
		return next(c)
	}
}

func throttle(k *peer.Kit, byUser bool) echo.MiddlewareFunc {
	l := k.Throttled
	if byUser {
		l = k.Full
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			client := "ip:" + c.RealIP()
			if byUser {
				client = "user:" + c.Get("user").(string)
			}
			res, _ := l.Allow(c.Request().Context(), client)
			peer.SetRateHeaders(c.Response().Header(), res)
			if !res.OK {
				return c.JSON(http.StatusTooManyRequests, payload.Detail{Detail: "Too Many Requests"})
			}
			return next(c)
		}
	}
}

func cache(k *peer.Kit) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key := peer.CacheKey(c.RealIP(), c.Request().URL.RequestURI())
			if e, ok := k.Cache.Get(key); ok {
				return c.Blob(e.Status, e.ContentType, e.Body)
			}
			res := c.Response()
			rec := &recorder{ResponseWriter: res.Writer}
			res.Writer = rec
			err := next(c)
			k.Cache.Set(key, res.Status, res.Header().Get("Content-Type"), rec.body.Bytes())
			return err
		}
	}
}

// recorder keeps a copy of what the handler writes.
type recorder struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (w *recorder) Write(p []byte) (int, error) {
	w.body.Write(p)
	return w.ResponseWriter.Write(p)
}
