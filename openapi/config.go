package openapi

import (
	"io/fs"
	"log/slog"

	"github.com/panther-go/panther"
)

// Config describes the document and says where Mount serves it. The zero
// value is a working configuration; each field's comment gives its
// default.
type Config struct {
	// Title is info.title. Default: "API".
	Title string

	// Version is info.version, the API's version (not OpenAPI's).
	// Default: "1.0.0".
	Version string

	// Description is info.description, in CommonMark. Default: none.
	Description string

	// Servers are where the API is served; the docs pages may send "try
	// it" requests to their origins. Default: none, which means the host
	// that served the document (linters ask for at least one).
	Servers []Server

	// Contact and License are info.contact and info.license, and
	// TermsOfService is info.termsOfService, a URL. Default: none
	// (linters ask for a contact and a license).
	Contact        *Contact
	License        *License
	TermsOfService string

	// Tags describe the tags the operations use (Docs.Tags), listed in
	// this order; a tag used but not here is listed after them, by name.
	// An operation without tags is tagged with its path's first segment.
	Tags []Tag

	// ExternalDocs links documentation beyond the document.
	ExternalDocs *ExternalDocs

	// TrailingSlash writes each path as its route is declared ("/books/").
	// By default paths are written without it ("/books"), as linters
	// expect; the router answers both.
	TrailingSlash bool

	// JSON is where Mount serves the document. Default: "openapi.json".
	// With "-" the pages still load /openapi.json: serve it yourself.
	JSON Page

	// Swagger, Redoc and Scalar are where Mount serves the docs UIs (see
	// package ui). Default: "docs/", "redoc/" and "scalar/".
	Swagger, Redoc, Scalar Page

	// Bundles holds the Redoc and Scalar bundles for a project that
	// depends on this module, written into its own module by
	// `go run github.com/panther-go/panther/openapi/ui/uibundle -o DIR`
	// (pass DIR's FS). Default: what go generate ./openapi/ui fetched into
	// this module, else the pinned CDN files.
	Bundles fs.FS

	// Logger receives Mount's one notice when Redoc or Scalar load from a
	// CDN. Default: slog.Default().
	Logger *slog.Logger
}

// Page says where Mount serves the document or one docs UI, and who may
// see it.
type Page struct {
	// Path is the route, as in panther.URLs ("docs/"). "-" serves nothing.
	// Default: the page's own, given on Config.
	Path string

	// Auth puts the page behind the app's Config.Authenticator, as
	// panther.API.Auth does. A browser sends no bearer token when it opens
	// a page, so this suits cookie authentication. Default: panther.NoAuth.
	Auth panther.AuthMode

	// Permissions run as on an API. Default: none.
	Permissions []panther.Permission
}
