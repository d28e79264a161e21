package redis_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/panther-go/panther/store/redis"
)

// With Redis running, New returns a ready store; this one has a prefix of
// its own, so other apps on the same Redis keep apart.
func ExampleNew() {
	ctx := context.Background()
	s, err := redis.New(ctx, "redis://127.0.0.1:6379/0", redis.Options{Prefix: "shop:"})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	n, err := s.Incr(ctx, "hits:/login", time.Minute)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("requests this minute:", n)
}

// Without Redis, New fails within the timeout and says what to check.
func ExampleNew_unreachable() {
	_, err := redis.New(context.Background(), "redis://127.0.0.1:1/0", redis.Options{Timeout: 100 * time.Millisecond})
	fmt.Println(err)
	// Output: store/redis: cannot reach Redis at 127.0.0.1:1: dial tcp 127.0.0.1:1: connect: connection refused; is redis-server running, and is the URL right?
}
