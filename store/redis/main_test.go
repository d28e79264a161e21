package redis_test

import (
	"context"
	"testing"

	goredis "github.com/redis/go-redis/v9"
	"go.uber.org/goleak"
)

// TestMain quiets go-redis's process-wide logger: the failure tests make
// it print every refused dial, which they expect. It also fails the run
// if a test leaves a goroutine behind, such as a client's or a
// subscription's that Close did not end.
func TestMain(m *testing.M) {
	goredis.SetLogger(quiet{})
	goleak.VerifyTestMain(m)
}

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}
