package middleware_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

// logCapture is a slog.Logger writing JSON into a buffer, which a test reads
// back as records. The lock lets a server's goroutines log while the test
// reads.
type logCapture struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (c *logCapture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Write(p)
}

func newLogCapture() (*slog.Logger, *logCapture) {
	c := &logCapture{}
	return slog.New(slog.NewJSONHandler(c, nil)), c
}

// records decodes every record logged so far.
func (c *logCapture) records(t *testing.T) []map[string]any {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	var recs []map[string]any
	for line := range strings.Lines(c.buf.String()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		recs = append(recs, rec)
	}
	return recs
}

// only returns the single record logged, failing the test otherwise.
func (c *logCapture) only(t *testing.T) map[string]any {
	t.Helper()
	recs := c.records(t)
	if len(recs) != 1 {
		t.Fatalf("got %d log records, want 1: %v", len(recs), recs)
	}
	return recs[0]
}

// setDefaultLogger makes logger slog's default for the test's duration.
func setDefaultLogger(t *testing.T, logger *slog.Logger) {
	t.Helper()
	old := slog.Default()
	slog.SetDefault(logger)
	t.Cleanup(func() { slog.SetDefault(old) })
}
