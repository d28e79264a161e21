package ui

import "html/template"

// The pages. Each loads only what Page serves below its path, or, for an
// npm bundle the binary lacks, the pinned CDN file checked against its
// integrity hash.

var swaggerPage = template.Must(template.New("swagger").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="icon" type="image/png" sizes="32x32" href="{{.Base}}favicon-32x32.png">
<link rel="icon" type="image/png" sizes="16x16" href="{{.Base}}favicon-16x16.png">
<link rel="stylesheet" href="{{.Base}}swagger-ui.css">
<style>body { margin: 0; background: #fafafa; }</style>
</head>
<body>
<div id="swagger-ui"></div>
<script src="{{.Base}}swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({
	url: {{.SpecURL}},
	dom_id: "#swagger-ui",
	deepLinking: true,
	validatorUrl: null,
	presets: [SwaggerUIBundle.presets.apis],
	plugins: [SwaggerUIBundle.plugins.DownloadUrl],
	layout: "BaseLayout",
});
</script>
</body>
</html>
`))

// Redoc's standalone bundle is an ES module. The first script fetches it
// with its integrity checked; the import then finds it in the module map
// instead of fetching it again.
var redocPage = template.Must(template.New("redoc").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="icon" href="data:,">
<style>body { margin: 0; }</style>
</head>
<body>
<div id="redoc"></div>
<script type="module" src="{{.Script}}" integrity="{{.Integrity}}" crossorigin="anonymous"></script>
<script type="module">
import { init } from {{.Script}};
init({{.SpecURL}}, { disableTelemetry: true }, document.getElementById("redoc"));
</script>
</body>
</html>
`))

// Scalar's AI agent, MCP generator and developer tools call its vendor's
// services, and show by default on localhost: they are off.
var scalarPage = template.Must(template.New("scalar").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="icon" href="data:,">
<style>body { margin: 0; }</style>
</head>
<body>
<div id="app"></div>
<script src="{{.Script}}" integrity="{{.Integrity}}" crossorigin="anonymous"></script>
<script>
Scalar.createApiReference("#app", {
	url: {{.SpecURL}},
	telemetry: false,
	withDefaultFonts: false,
	showDeveloperTools: "never",
	agent: { disabled: true },
	mcp: { disabled: true },
});
</script>
</body>
</html>
`))
