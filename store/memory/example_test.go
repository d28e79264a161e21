package memory_test

import (
	"context"
	"fmt"
	"time"

	"github.com/panther-go/panther/store/memory"
)

func Example() {
	s := memory.New(memory.Options{MaxEntries: 10_000})
	defer s.Close()
	ctx := context.Background()

	s.Set(ctx, "greeting", []byte("hello"), time.Minute)
	v, _ := s.Get(ctx, "greeting")
	fmt.Println(string(v))

	// A fixed-window rate limit: the first Incr starts the window.
	for range 3 {
		n, _ := s.Incr(ctx, "hits:203.0.113.7:/login", time.Minute)
		fmt.Println("request", n)
	}
	// Output:
	// hello
	// request 1
	// request 2
	// request 3
}

func ExampleStore_Subscribe() {
	s := memory.New(memory.Options{})
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	msgs, _ := s.Subscribe(ctx, "chat")
	s.Publish(ctx, "chat", []byte("hi all"))
	fmt.Println(string(<-msgs))
	// Output: hi all
}
