// Package openapi describes a Panther app as an OpenAPI 3.1 document and
// serves it with three docs UIs.
//
// Build reads the declarations the app already has — App.Routes: each
// route's operations with their Input, Output and Status, and its Auth,
// Permissions, Throttle, Cache and Docs — so the document says what the
// pipeline does and never drifts from it:
//
//   - one path per route, "/notes/{id}/", its variables required string
//     parameters; one operation per declared method (HEAD and OPTIONS,
//     answered everywhere, are not listed), its operationId the method and
//     the path's words, "getNotesId";
//   - the operation's typed parameters — the Input's fields tagged path,
//     query, header or cookie — with their schemas (type, rules, default)
//     and whether they are required; a typed path parameter replaces the
//     route's string one;
//   - for POST, PUT and PATCH with an Input that has body fields, a required request body in
//     JSON, URL-encoded form and multipart form, its schema from package
//     schema (forms name fields by their `form` tag); an Input that rejects
//     unknown fields (panther.StrictInput) gets "unevaluatedProperties":
//     false on its JSON body;
//   - the successful response with the operation's Status and Output (an
//     array for a slice, no body for 204), else any JSON, and the errors
//     the declaration implies, shared under components/responses: 400 (the
//     flat field-error object, or a detail) where there is input, 413, 415
//     and 422 where there is a body, 401 with WWW-Authenticate where it authenticates, 403
//     where permissions run, 404 where the path has variables, 429 with
//     Retry-After and X-RateLimit-* where it is throttled (the success
//     response carries X-RateLimit-* too), and 500 everywhere; X-Cache on
//     the GET of a cached API;
//   - security schemes from each authenticator that implements
//     panther.SecuritySchemer (a generic bearer scheme for one that does
//     not), required on the operations of APIs with Auth.
//
// Named struct types become shared schemas under their Go names (see
// package schema). The document is plain Go values; encoding/json writes
// the same bytes for the same app every time.
//
// Mount serves the document at /openapi.json and the docs UIs of package
// ui at /docs/ (Swagger UI), /redoc/ and /scalar/; Config changes the
// paths, turns pages off, or puts them behind the app's authentication.
//
// An App cannot return its own document (app.OpenAPI()): package panther
// sits below this one, so Build(app, cfg) is the way to get it.
package openapi
