// Package fiber serves the benchmark's routes on gofiber/fiber v2, which
// runs on fasthttp rather than net/http: fiber handlers over the shared
// peer Kit, BodyParser plus the shared validator. New returns the app:
// the load test serves it with App.Listener, the in-process benchmarks
// call App.Handler on a fasthttp.RequestCtx (what fasthttp's server does
// per request), and Handler adapts it to net/http for the equivalence
// test only.
package fiber

import (
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"github.com/panther-go/panther/bench/internal/payload"
	"github.com/panther-go/panther/bench/internal/peer"
	"github.com/panther-go/panther/bench/servers"
)

// Handler is New's app behind fiber's net/http adaptor, which converts
// each request: for the equivalence test, not for measuring.
func Handler(cfg servers.Config) http.Handler { return adaptor.FiberApp(New(cfg)) }

// New returns the fiber app.
func New(cfg servers.Config) *fiber.App {
	k := peer.NewKit("fiber", cfg)
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/plaintext", func(c *fiber.Ctx) error { return c.SendString(servers.PlaintextBody) })
	app.Get("/hello", func(c *fiber.Ctx) error {
		return c.JSON(payload.Message{Message: "Hello, World!"})
	})
	app.Get("/users/:id", func(c *fiber.Ctx) error {
		return c.JSON(payload.ID{ID: c.Params("id")})
	})
	createNote := func(c *fiber.Ctx) error {
		var in payload.NoteIn
		if err := c.BodyParser(&in); err != nil {
			return c.Status(http.StatusBadRequest).JSON(payload.Detail{Detail: err.Error()})
		}
		if err := k.Validate.Struct(in); err != nil {
			return c.Status(http.StatusBadRequest).JSON(payload.Detail{Detail: err.Error()})
		}
		return c.Status(http.StatusCreated).JSON(payload.NewNote(in))
	}
	app.Post("/notes", createNote)
	app.Get("/me", auth(k), func(c *fiber.Ctx) error {
		return c.JSON(payload.User{User: c.Locals("user").(string)})
	})
	ok := func(c *fiber.Ctx) error { return c.JSON(payload.OK{OK: true}) }
	app.Get("/throttled", throttle(k, false), ok)
	app.Post("/full", auth(k), notBanned, throttle(k, true), createNote)
	app.Get("/cached", cache(k), ok)
	return app
}

func auth(k *peer.Kit) fiber.Handler {
	return func(c *fiber.Ctx) error {
		sub, status := k.Authenticate(c.UserContext(), c.Get("Authorization"))
		if status != 0 {
			return c.Status(status).JSON(payload.Detail{Detail: peer.Detail(status)})
		}
		c.Locals("user", sub)
		return c.Next()
	}
}

func notBanned(c *fiber.Ctx) error {
	if c.Locals("user") == servers.Banned {
		return c.Status(http.StatusForbidden).JSON(payload.Detail{Detail: "Permission Denied"})
	}
	return c.Next()
}

func throttle(k *peer.Kit, byUser bool) fiber.Handler {
	l := k.Throttled
	if byUser {
		l = k.Full
	}
	return func(c *fiber.Ctx) error {
		client := "ip:" + c.IP()
		if byUser {
			client = "user:" + c.Locals("user").(string)
		}
		res, _ := l.Allow(c.UserContext(), client)
		if res.Limit != "" {
			c.Set("X-RateLimit-Limit", res.Limit)
			c.Set("X-RateLimit-Remaining", res.Remaining)
			c.Set("X-RateLimit-Reset", res.Reset)
		}
		if !res.OK {
			return c.Status(http.StatusTooManyRequests).JSON(payload.Detail{Detail: "Too Many Requests"})
		}
		return c.Next()
	}
}

func cache(k *peer.Kit) fiber.Handler {
	return func(c *fiber.Ctx) error {
		key := peer.CacheKey(c.IP(), c.OriginalURL())
		if e, ok := k.Cache.Get(key); ok {
			c.Set(fiber.HeaderContentType, e.ContentType)
			return c.Status(e.Status).Send(e.Body)
		}
		if err := c.Next(); err != nil {
			return err
		}
		res := c.Response()
		k.Cache.Set(key, res.StatusCode(), string(res.Header.ContentType()), append([]byte(nil), res.Body()...))
		return nil
	}
}
