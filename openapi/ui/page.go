package ui

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/swaggest/swgui/v5/static"
)

// Config says where a page is served and what it shows. The zero value
// serves the page at its usual path for /openapi.json.
type Config struct {
	// Path is where the page answers, such as "/docs/"; its assets are
	// served below it. Default: "/docs/" for Swagger UI, "/redoc/" and
	// "/scalar/" for the others.
	Path string

	// SpecURL is the URL of the OpenAPI document the page shows.
	// Default: "/openapi.json".
	SpecURL string

	// Title is the page's title. Default: "API documentation".
	Title string

	// Origins are the origins, such as "https://api.example.com", that
	// the page may call besides its own: those of the document's servers,
	// for the UIs' "try it" consoles. Default: none.
	Origins []string

	// Bundles holds the Redoc and Scalar bundles, gzipped, by name, as the
	// uibundle command writes them into a project's own module (its
	// package's FS). Default: those go generate ./openapi/ui fetched into
	// this module, else the pinned CDN files.
	Bundles fs.FS
}

// Page is one docs UI: an http.Handler answering its Path with the HTML
// page (with or without the trailing slash) and the paths below it with
// the UI's assets. Only GET and HEAD are meant to reach it.
type Page struct {
	base   string // Path with a slash at each end
	data   pageData
	html   []byte
	csp    string           // the page's Content-Security-Policy
	extra  []string         // Config.Origins
	assets map[string]asset // by name below base
	cdn    []string         // the URLs the page loads from outside, when not offline
}

// pageData fills the templates.
type pageData struct {
	Title, SpecURL, Base string
	Script, Integrity    string // the UI's bundle, and its SRI hash for npm ones
}

// Swagger returns the Swagger UI page. Its assets come from the swgui
// module, embedded, and so it is always offline.
func Swagger(cfg Config) *Page {
	p := newPage(cfg, "/docs/")
	for _, name := range []string{"swagger-ui-bundle.js.gz", "swagger-ui.css.gz", "favicon-32x32.png", "favicon-16x16.png"} {
		p.assets[strings.TrimSuffix(name, ".gz")] = newAsset(static.FS, name, false)
	}
	p.render(swaggerPage)
	return p
}

// Redoc returns the Redoc page, with Redoc's telemetry off.
func Redoc(cfg Config) *Page {
	return npmPage(cfg, "/redoc/", pinned("redoc"), redocPage)
}

// Scalar returns the Scalar page, with Scalar's telemetry and its
// default web fonts (which load from its own host) off.
func Scalar(cfg Config) *Page {
	return npmPage(cfg, "/scalar/", pinned("scalar"), scalarPage)
}

func newPage(cfg Config, path string) *Page {
	if cfg.Path != "" {
		path = "/" + strings.Trim(cfg.Path, "/") + "/"
		path = strings.Replace(path, "//", "/", 1) // "/" stays "/"
	}
	data := pageData{Title: cfg.Title, SpecURL: cfg.SpecURL, Base: path}
	if data.Title == "" {
		data.Title = "API documentation"
	}
	if data.SpecURL == "" {
		data.SpecURL = "/openapi.json"
	}
	return &Page{base: path, data: data, extra: cfg.Origins, assets: map[string]asset{}}
}

func npmPage(cfg Config, path string, pin pin, tpl *template.Template) *Page {
	p := newPage(cfg, path)
	p.data.Script, p.data.Integrity = pin.cdn(), pin.Integrity
	if fsys := pin.local(cfg.Bundles); fsys != nil {
		p.assets[pin.asset()] = newAsset(fsys, pin.asset()+".gz", true)
		p.data.Script = p.base + pin.asset()
	} else {
		p.cdn = append(p.cdn, pin.cdn())
	}
	p.render(tpl)
	return p
}

func (p *Page) render(tpl *template.Template) {
	var b bytes.Buffer
	if err := tpl.Execute(&b, p.data); err != nil {
		panic("ui: " + err.Error()) // our templates, our data: a bug here
	}
	p.html = b.Bytes()
	p.csp = p.policy()
}

// policy is the page's Content-Security-Policy: scripts, styles, images
// and fonts from this server only (and the pinned CDN files when the
// binary lacks them), requests to this server and Config.Origins only.
// It keeps a UI from reaching out even where its options cannot stop it,
// such as Redoc's logo, which loads from its vendor's host.
func (p *Page) policy() string {
	scripts := "'self' 'unsafe-inline'"
	for _, u := range p.cdn {
		scripts += " " + u
	}
	connect := "'self'"
	for _, o := range p.extra {
		connect += " " + o
	}
	return "default-src 'self'; script-src " + scripts + "; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src " + connect +
		"; object-src 'none'; base-uri 'none'"
}

// Offline reports whether everything the page loads comes from the
// binary. It is false for Redoc and Scalar until go generate ./openapi/ui
// has run; CDN lists what they load from outside then.
func (p *Page) Offline() bool { return len(p.cdn) == 0 }

// CDN lists the URLs the page loads from outside the server: none when
// Offline.
func (p *Page) CDN() []string { return append([]string(nil), p.cdn...) }

// ServeHTTP answers the page at its path and its assets below it; any
// other path is 404 {"detail":"Not Found"}.
func (p *Page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if path == p.base || path+"/" == p.base {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Security-Policy", p.csp)
		w.Write(p.html)
		return
	}
	name, ok := strings.CutPrefix(path, p.base)
	if a, found := p.assets[name]; ok && found {
		a.serve(w, r)
		return
	}
	notFound(w)
}
