// Package panther is a web framework for JSON APIs: Python's Panther,
// brought to Go. Each endpoint is declared once — its methods,
// authentication, permissions, throttle, input, response cache,
// middlewares and output — and the framework enforces the declaration on
// every request, in one fixed order.
//
// # Quick start
//
//	app := panther.New(panther.Config{
//		URLs: panther.URLs{
//			"hello/<name>/": panther.API{
//				Methods: []string{http.MethodGet},
//				Handler: func(r *panther.Request) (any, error) {
//					return map[string]string{"message": "Hello, " + r.PathVar("name") + "!"}, nil
//				},
//			},
//		},
//	})
//	log.Fatal(app.ListenAndServe("127.0.0.1:8000"))
//
// An *App is an http.Handler, so it also mounts in any net/http server or
// router, and httptest drives it in tests (package panthertest wraps that).
//
// # Routing
//
// URLs is a nested map from path fragments to routes, as in Python Panther;
// App.Handle registers one more. A "<name>" segment is a path variable,
// read with Request.PathVar or typed with PathInt, PathInt64 and PathBool
// (a value of the wrong type answers 400). Leading, trailing and repeated
// edge slashes are ignored and nothing redirects: "/notes", "/notes/" and
// "//notes//" are one route. Static segments win over variables, and a
// request that finds nothing below a static segment tries the variable
// beside it. A path that matches nothing answers 404 {"detail":"Not Found"}.
// Mistakes in the routes — a character a URL cannot hold, a nil endpoint,
// one path twice, two variable names at one level — panic when they are
// registered, with a message naming the path.
//
// # Two styles of endpoint
//
// An API value declares a function-style endpoint: its Methods (default
// GET, POST, PUT, PATCH and DELETE) and one Handler. A type that embeds
// GenericAPI is a struct-style endpoint: the Get, Post, Put, Patch and
// Delete methods it has are the verbs it answers. Both declare Permissions
// and Middlewares the same way. A verb the endpoint does not answer is
// 405 {"detail":"Method Not Allowed"} with an Allow header, decided before
// anything else of the endpoint's runs; HEAD is answered wherever GET is,
// and OPTIONS answers 204 with the Allow header.
//
// # The request flow
//
// Every request runs the same steps in a fixed order:
//
//	global middlewares (Config.Middlewares, the first listed outermost)
//	  routing                        404
//	  the API's middlewares (in listed order)
//	    1 method                     405
//	    2 authentication             401 (where the API asks for it)
//	    3 permissions                403
//	    4 throttling                 429
//	    5 input validation           400, 413, 415, 422
//	    6 cache lookup
//	    7 endpoint
//	    8 cache store
//
// Errors become responses inside the middlewares, so a middleware sees and
// can decorate a 404 or a 403 as it does a 200: a CORS middleware's headers
// land on error responses too.
//
// # The steps, declared
//
// Auth: panther.AuthRequired authenticates with Config.Authenticator (package auth/jwt
// provides one); Request.User is the result. Permissions (package
// permission has the built-ins) run in order. A Throttle — on the API, or
// Config.Throttle for all — counts requests per client in fixed windows
// and answers 429 with Retry-After past its rate. Input names a struct that
// POST, PUT and PATCH bodies (JSON or forms) decode into and validate
// against; the handler reads it with Input[T]. Cache keeps successful GET
// responses per client and URL. Output shapes what the handler returns;
// OutputSchema documents it. Throttle counters, cached responses and
// revoked tokens live in a store: in memory by default, on Redis with a
// store/redis Store in Config.Store.
//
// # Responses and errors
//
// A handler returns (data, error). Data is sent as 200 JSON; nil sends an
// empty 200. A Response sets the status, headers and cookies; HTML, Text,
// Redirect, ServeFile, ServeFileFS and Stream build the other kinds.
// An *Error — NewError(http.StatusNotFound, ""), NewError(http.StatusBadRequest, "…"), NewError(http.StatusForbidden, "") and the rest
// of Python Panther's family — answers its status with {"detail": …}; any
// other error, and any panic, answers 500 {"detail":"Internal Server
// Error"} and goes to Config.Logger with its cause, never to the client.
//
// # Serving
//
// App.ListenAndServe serves until SIGINT or SIGTERM and then shuts down
// gracefully: running handlers get Config.Server.ShutdownTimeout to
// finish, while idle connections and clients that make no progress are
// cut. App.Serve does the same on a listener until a context ends.
// Config.Server holds the server's timeouts, each with a safe default, so
// no slow client holds a connection for long. Hooks added with OnStartup
// and OnShutdown run in order around serving, and so do Config.Tasks,
// the periodic tasks of package task; Request.AfterResponse runs work once
// the response is written.
//
// # Stores
//
// Throttle counters, cached responses and revoked tokens live in the
// app's store (Config.Store, or memory). The app calls it
// through a circuit breaker: after a failure, calls fail at once for a
// backoff of 25 ms that doubles up to 500 ms while one call at a time
// probes the store, so an outage costs requests microseconds, not a
// timeout each. Throttling and the cache fail open; auth/jwt's revocation
// check fails closed with 503.
package panther
