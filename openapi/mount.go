package openapi

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/openapi/ui"
)

// Mount serves app's OpenAPI document and its docs UIs on app: by
// default GET /openapi.json, and Swagger UI at /docs/, Redoc at /redoc/
// and Scalar at /scalar/, all left out of the document itself. The
// document is built once, when the app starts (a failure stops the start)
// or at its first request, so it describes the routes registered after
// Mount too. When Redoc or Scalar would load from a CDN, because go
// generate ./openapi/ui has not fetched them, Mount logs how to fix that,
// once.
func Mount(app *panther.App, cfg Config) {
	logger := cmp.Or(cfg.Logger, slog.Default())
	doc := sync.OnceValues(func() (string, error) {
		d, err := Build(app, cfg)
		if err != nil {
			return "", err
		}
		body, err := d.JSON()
		return string(body), err
	})
	specURL := "/openapi.json"
	if path := cmp.Or(cfg.JSON.Path, "openapi.json"); path != "-" {
		specURL = "/" + strings.Trim(path, "/")
		app.Handle(path, panther.API{
			Methods:     []string{http.MethodGet},
			Auth:        cfg.JSON.Auth,
			Permissions: cfg.JSON.Permissions,
			Docs:        panther.Docs{Hidden: true},
			Handler: func(*panther.Request) (any, error) {
				body, err := doc()
				if err != nil {
					return nil, err
				}
				return panther.Response{Header: http.Header{"Content-Type": {"application/json"}}, Data: panther.Text(body)}, nil
			},
		})
		app.OnStartup(func(context.Context) error {
			_, err := doc()
			return err
		})
	}
	var cdn []string
	for _, p := range []struct {
		page Page
		path string
		ui   func(ui.Config) *ui.Page
	}{{cfg.Swagger, "docs/", ui.Swagger}, {cfg.Redoc, "redoc/", ui.Redoc}, {cfg.Scalar, "scalar/", ui.Scalar}} {
		path := cmp.Or(p.page.Path, p.path)
		if path == "-" {
			continue
		}
		page := p.ui(ui.Config{Path: path, SpecURL: specURL, Title: cmp.Or(cfg.Title, "API") + " documentation", Origins: origins(cfg.Servers), Bundles: cfg.Bundles})
		cdn = append(cdn, page.CDN()...)
		app.Handle(path, panther.API{Mount: page, Auth: p.page.Auth, Permissions: p.page.Permissions})
	}
	if len(cdn) > 0 {
		logger.Warn("openapi: docs pages load scripts from a CDN and will not work offline; to serve them from the binary, run `go run github.com/panther-go/panther/openapi/ui/uibundle -o DIR` in your module and pass DIR's FS as openapi.Config.Bundles (in the panther module itself, `go generate ./openapi/ui`)",
			slog.Any("urls", cdn))
	}
}

// origins are the origins of the servers given by absolute URLs, which
// the docs pages' "try it" consoles may call.
func origins(servers []Server) []string {
	var out []string
	for _, s := range servers {
		u, err := url.Parse(s.URL)
		if err == nil && u.Scheme != "" && u.Host != "" {
			out = append(out, u.Scheme+"://"+u.Host)
		}
	}
	return out
}
