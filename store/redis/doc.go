// Package redis is the store.Store on Redis, for apps that run as several
// instances: they share throttle counters, cached responses, token
// revocations and websocket broadcasts through one Redis.
//
// It is the only package of the module that imports go-redis. Every key
// and channel name gets Options.Prefix, so several apps can share one
// Redis, and every call gets Options.Timeout on top of its context, so a
// Redis that has gone away costs a request at most that long. Incr is one
// Lua script (INCR, then PEXPIRE only for a key it created), so counts are
// exact under any concurrency, across instances too, and a fixed window
// is never extended; Python Panther's GET-then-INCRBY could let through
// more than the rate.
//
// Subscribe holds one Redis connection per subscription and ends when its
// context is done or the Store is closed; a subscriber that falls behind
// misses messages rather than stalling the connection. After Redis
// restarts, calls succeed again and subscriptions resume on their own:
// go-redis redials and resubscribes.
package redis
