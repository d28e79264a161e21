// Package storetest is the conformance suite for store.Store backends, in
// the manner of testing/slogtest: a backend's test calls Run with a
// function that makes a fresh, empty store, and every case of the contract
// runs as a named subtest.
//
// Time is the one thing backends differ on. A backend whose clock is the
// process's (store/memory) sets Options.Synctest: every case then runs in
// a testing/synctest bubble, the TTL cases take no real time, and expiry is
// checked to the nanosecond. A backend whose clock is elsewhere
// (store/redis) leaves it unset: the TTL cases then use a one-second TTL
// and real waits, each bounded by a short deadline, and all cases run in
// parallel so the suite takes about two seconds.
package storetest
