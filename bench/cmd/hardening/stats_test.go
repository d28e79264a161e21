package main

import (
	"math"
	"testing"
	"time"
)

func TestHistQuantile(t *testing.T) {
	var h hist
	for i := 1; i <= 1000; i++ {
		h.add(time.Duration(i) * time.Microsecond)
	}
	for _, tc := range []struct {
		name string
		q    float64
		want time.Duration
	}{
		{"p50", 0.5, 500 * time.Microsecond},
		{"p99", 0.99, 990 * time.Microsecond},
		{"max", 1, 1000 * time.Microsecond},
		{"min", 0.0001, time.Microsecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := h.quantile(tc.q)
			if diff := got - tc.want; diff < -tc.want/50 || diff > tc.want/50 {
				t.Errorf("quantile(%v) = %v, want %v within 2 %%", tc.q, got, tc.want)
			}
		})
	}
	if got := h.max(); got != time.Millisecond {
		t.Errorf("max() = %v, want 1ms", got)
	}
}

func TestBucketsCoverEveryDuration(t *testing.T) {
	for _, ns := range []int64{0, 1, 63, 64, 127, 128, 1e3, 1e6, 1e9, 1 << 62, 1<<63 - 1} {
		i := bucketOf(ns)
		if i < 0 || i >= histBuckets {
			t.Fatalf("bucketOf(%d) = %d, outside [0, %d)", ns, i, histBuckets)
		}
		if v := valueOf(i); ns >= 128 && math.Abs(float64(v-ns))/float64(ns) > 0.016 {
			t.Errorf("valueOf(bucketOf(%d)) = %d, want within 1.6 %%", ns, v)
		}
	}
}

func TestTallyStatuses(t *testing.T) {
	var tl tally
	for _, s := range []int{200, 200, 503, 0, 201} {
		tl.record(s, time.Millisecond)
	}
	if got, want := tl.statuses(), "200 × 2, 201 × 1, 503 × 1, error × 1"; got != want {
		t.Errorf("statuses() = %q, want %q", got, want)
	}
	if got := tl.where(not2xx); got != 2 {
		t.Errorf("where(not2xx) = %d, want 2", got)
	}
}

func TestThousands(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"}, {-4200, "-4,200"}} {
		if got := thousands(tc.n); got != tc.want {
			t.Errorf("thousands(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestLogTail(t *testing.T) {
	lt := newLogTail()
	seen := lt.await("listening on")
	long := make([]byte, 300<<10)
	for i := range long {
		long[i] = 'x'
	}
	lt.Write([]byte("level=INFO msg=start\nlevel=ERROR msg=boom\n"))
	lt.Write(append(long, '\n'))
	lt.Write([]byte("level=INFO msg=\"panther: listen"))
	select {
	case <-seen:
		t.Fatal("seen before the line was complete")
	default:
	}
	lt.Write([]byte("ing on http://127.0.0.1:1\"\n"))
	select {
	case <-seen:
	default:
		t.Fatal("the watched line was not seen")
	}
	if got := lt.errorCount(); got != 1 {
		t.Errorf("errorCount() = %d, want 1", got)
	}
	for _, line := range []string{"level=INFO msg=start", "level=ERROR msg=boom"} {
		if !contains(splitLines(lt.tail()), line) {
			t.Errorf("tail() lacks %q", line)
		}
	}
	if n := len(splitLines(lt.tail())[2]); n != maxLine {
		t.Errorf("a long line is kept as %d bytes, want %d", n, maxLine)
	}
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := range len(s) {
		if s[i] == '\n' {
			out, start = append(out, s[start:i]), i+1
		}
	}
	return append(out, s[start:])
}
