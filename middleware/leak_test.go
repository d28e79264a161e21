package middleware_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if a test leaves a goroutine behind, such as a
// store's or a server's that nothing closed.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
