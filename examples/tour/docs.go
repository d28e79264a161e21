package main

import (
	"io"
	"log/slog"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/openapi"
)

// docs describes the tour in its OpenAPI document.
func docs(logger *slog.Logger) openapi.Config {
	return openapi.Config{
		Title:   "Panther tour",
		Version: "1.0.0",
		Description: "The runnable tour of Panther for Go: a small notes service. " +
			"Log in at /auth/login/ (alice / alice-pass, bob / bob-pass, admin / admin-pass) " +
			"and send the access token as `Authorization: Bearer <token>`.",
		Contact: &openapi.Contact{Name: "Panther for Go", URL: "https://github.com/panther-go/panther"},
		Servers: []openapi.Server{{URL: "/", Description: "the tour that serves this document"}},
		Tags: []openapi.Tag{
			{Name: "basics", Description: "Routing, middlewares, typed parameters, throttling and the cache, a route each."},
			{Name: "auth", Description: "Log in, refresh and log out with JWTs; who am I."},
			{Name: "books", Description: "Generic CRUD over the books table: anyone reads, admins write."},
			{Name: "notes", Description: "Each user's own notes."},
			{Name: "admin", Description: "For admins only."},
			{Name: "tasks", Description: "What the periodic task has done."},
			{Name: "websockets", Description: "An echo, a chat with rooms, and sending to one connection."},
			{Name: "operations", Description: "For an orchestrator and a monitor: liveness, readiness and Prometheus metrics."},
		},
		Logger: logger,
	}
}

// addDocs serves the OpenAPI document at /openapi.json and its docs UIs:
// Swagger UI at /docs/, Redoc at /redoc/ and Scalar at /scalar/, with
// nothing loaded from outside once go generate ./openapi/ui has run.
func addDocs(app *panther.App, logger *slog.Logger) {
	openapi.Mount(app, docs(logger))
}

// printOpenAPI writes the document that /openapi.json serves: the -openapi
// flag.
func printOpenAPI(w io.Writer, app *panther.App) error {
	doc, err := openapi.Build(app, docs(nil))
	if err != nil {
		return err
	}
	body, err := doc.JSON()
	if err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
}
