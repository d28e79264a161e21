package memory_test

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/panther-go/panther/store/memory"
)

// TestJanitor checks that expired entries are freed though nothing reads
// them, and only once they have expired.
func TestJanitor(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := memory.New(memory.Options{CleanupInterval: time.Second})
		defer s.Close()
		for i := range 100 {
			s.Set(t.Context(), fmt.Sprint("brief-", i), []byte("v"), 5*time.Second)
			s.Incr(t.Context(), fmt.Sprint("window-", i), 5*time.Second)
		}
		for i := range 10 {
			s.Set(t.Context(), fmt.Sprint("forever-", i), []byte("v"), 0)
		}
		steps := []struct {
			after time.Duration
			want  int
		}{
			{4 * time.Second, 210},
			{2 * time.Second, 10},
			{time.Hour, 10},
		}
		for _, st := range steps {
			time.Sleep(st.after)
			synctest.Wait()
			if got := s.Len(); got != st.want {
				t.Fatalf("Len() after another %v = %d, want %d", st.after, got, st.want)
			}
		}
	})
}
