// Package ui serves three docs UIs for an OpenAPI document — Swagger UI,
// Redoc and Scalar — from the binary, so they work behind a firewall and
// with no internet access at all. The pages are ours; the UIs' code is
// not, and none of it is committed here.
//
// Swagger UI comes embedded in the Go module github.com/swaggest/swgui
// (its v5 assets), so that page is always served from the binary.
//
// Redoc and Scalar have no Go module that embeds them. In a checkout of
// this module,
//
//	go generate ./openapi/ui
//
// fetches the npm packages pinned in npm.json with npm, checks each
// bundle against its pinned integrity hash and writes it, gzipped, into
// the npm folder beside this file, which git ignores and go:embed picks
// up: binaries built afterwards serve both pages with nothing from
// outside. Without that step those two pages load the same pinned files
// from cdn.jsdelivr.net, checked against the same integrity hashes, and
// Page.Offline reports false.
//
// A project that depends on this module cannot run go generate in the
// read-only module cache; it runs the uibundle command instead, which
// writes the same bundles, with a Go file that embeds them, into a folder
// of its own, and passes them as Config.Bundles (openapi.Config.Bundles):
//
//	go run github.com/panther-go/panther/openapi/ui/uibundle -o internal/docsui
//
// A Page is an http.Handler for one UI at its path, with its assets below
// it; package openapi mounts the three on an app. Every page turns off
// what would call home — Swagger UI's online validator, Redoc's telemetry,
// Scalar's telemetry, web fonts and AI agent — and sends a
// Content-Security-Policy that lets scripts, styles, images and fonts
// come from the server only (or the pinned CDN files) and requests go to
// the server only, so what no option turns off, such as Redoc's vendor
// logo, is blocked in the browser.
package ui

//go:generate go run ./uibundle -o npm -embed=false
