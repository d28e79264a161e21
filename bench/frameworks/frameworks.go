// Package frameworks lists the benchmark's servers by name, in report
// order, hand-written net/http first: it is the baseline of every ratio.
package frameworks

import (
	"net/http"

	gofiber "github.com/gofiber/fiber/v2"

	"github.com/panther-go/panther/bench/servers"
	"github.com/panther-go/panther/bench/servers/chi"
	"github.com/panther-go/panther/bench/servers/echo"
	"github.com/panther-go/panther/bench/servers/fiber"
	"github.com/panther-go/panther/bench/servers/fuego"
	"github.com/panther-go/panther/bench/servers/gin"
	"github.com/panther-go/panther/bench/servers/huma"
	"github.com/panther-go/panther/bench/servers/nethttp"
	"github.com/panther-go/panther/bench/servers/panther"
)

// Framework is one server.
type Framework struct {
	Name string

	// Handler is the server as an http.Handler; for fiber, through its
	// net/http adaptor (for checking behaviour, not for measuring).
	Handler func(servers.Config) http.Handler

	// Fiber is set for fiber alone: the fasthttp app itself.
	Fiber func(servers.Config) *gofiber.App
}

// Baseline is the framework every ratio divides by.
const Baseline = "nethttp"

// All returns every framework, the baseline first.
func All() []Framework {
	return []Framework{
		{Name: "nethttp", Handler: nethttp.New},
		{Name: "gin", Handler: gin.New},
		{Name: "echo", Handler: echo.New},
		{Name: "chi", Handler: chi.New},
		{Name: "huma", Handler: huma.New},
		{Name: "fiber", Handler: fiber.Handler, Fiber: fiber.New},
		{Name: "fuego", Handler: fuego.New},
		{Name: "panther", Handler: panther.New},
	}
}

// Find returns the framework called name.
func Find(name string) (Framework, bool) {
	for _, f := range All() {
		if f.Name == name {
			return f, true
		}
	}
	return Framework{}, false
}
