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
//	if err := app.ListenAndServe("127.0.0.1:8000"); err != nil { // nil after a graceful shutdown
//		log.Fatal(err)
//	}
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
// # Declaring endpoints
//
// Every route is one API value, the declaration the pipeline enforces and
// package openapi documents. Its methods are declared one of three ways:
// Methods (default GET, POST, PUT, PATCH and DELETE) with one Handler; an
// Operation per method in Get, Post, Put, Patch and Delete, each with its
// own handler, Input, Output and Status (Typed builds one from a
// func(*Request, In) (Out, error)); or, struct-style, a type that embeds
// API, whose Get, Post, Put, Patch and Delete methods are the handlers. A
// verb the endpoint does not answer is 405 {"detail":"Method Not Allowed"}
// with an Allow header, decided before anything else of the endpoint's
// runs; HEAD is answered wherever GET is, and OPTIONS answers 204 with the
// Allow header. API.Mount routes a path and everything below it to a plain
// http.Handler. App.Routes lists every declaration as the pipeline runs it.
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
// Auth: AuthRequired authenticates with Config.Authenticator (package
// auth/jwt provides one); AuthOptional lets requests without credentials
// through anonymous; Request.User is the result. Permissions (package
// permission has the built-ins) run in order. A Throttle — on the API, or
// Config.Throttle for all — counts requests per client in fixed windows and
// answers 429 with Retry-After past its rate. An Input is a struct the
// request binds into and validates against: its fields tagged path, query,
// header or cookie are typed parameters, read on every method; its other
// fields are the body of POST, PUT and PATCH (JSON or forms); the handler
// gets it as its argument (Typed) or with Input[T]. Cache keeps successful
// GET responses per client and URL. Output is the success body's type,
// documented and shaped through; Status is its status. Throttle counters,
// cached responses and revoked tokens live in a store: in memory by
// default, on Redis with a store/redis Store in Config.Store.
//
// # Request-scoped values
//
// Middlewares and libraries that see only a context.Context read the
// request's user, trusted client IP, route and request ID from it with
// UserFrom, ClientIPFrom, RouteFrom and RequestIDFrom, and log with
// LoggerFrom, which carries them. Request.Context is such a context.
//
// # Responses and errors
//
// A handler returns (data, error). Data is sent as JSON with the
// operation's Status (200 by default; 204 sends no body); nil sends an
// empty body. A Response sets the status, headers and cookies; HTML, Text,
// Redirect, ServeFile, ServeFileFS and Stream build the other kinds. An
// *Error, built with NewError(http.StatusNotFound, "Book Does Not Exist"),
// answers its status with {"detail": …}; any other error, and any panic,
// answers 500 {"detail":"Internal Server Error"} and goes to Config.Logger
// with its cause, never to the client.
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
// Throttle counters, cached responses, revoked tokens and task claims live
// in the app's store (Config.Store, or memory). The app calls it
// through a circuit breaker: after a failure, calls fail at once for a
// backoff of 25 ms that doubles up to 500 ms while one call at a time
// probes the store, so an outage costs requests microseconds, not a
// timeout each. Throttling and the cache fail open; auth/jwt's revocation
// check fails closed with 503.
package panther
