package bench_test

import (
	"testing"

	"github.com/panther-go/panther/bench/frameworks"
)

func BenchmarkPlaintext(b *testing.B) { benchScenario(b, "Plaintext") }
func BenchmarkHello(b *testing.B)     { benchScenario(b, "Hello") }
func BenchmarkPathParam(b *testing.B) { benchScenario(b, "PathParam") }
func BenchmarkValidate(b *testing.B)  { benchScenario(b, "Validate") }
func BenchmarkAuth(b *testing.B)      { benchScenario(b, "Auth") }
func BenchmarkThrottle(b *testing.B)  { benchScenario(b, "Throttle") }
func BenchmarkFull(b *testing.B)      { benchScenario(b, "Full") }
func BenchmarkCached(b *testing.B)    { benchScenario(b, "Cached") }
func BenchmarkFullRedis(b *testing.B) { benchScenario(b, "FullRedis") }

// freshEvery is how many requests one server instance serves in a
// benchmark before a fresh one replaces it: the throttle allows 1,000,000
// per minute, and a fast server passes that in a second or two.
const freshEvery = 500_000

// benchScenario serves the scenario's request in process with every
// framework: Benchmark<Scenario>/<framework>.
func benchScenario(b *testing.B, name string) {
	s := find(b, name)
	cfg := config(b, s)
	for _, fw := range frameworks.All() {
		b.Run(fw.Name, func(b *testing.B) {
			run := driver(b, fw, cfg, s.Request)
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if n++; n%freshEvery == 0 {
					b.StopTimer()
					run = driver(b, fw, cfg, s.Request)
					b.StartTimer()
				}
				if got := run(); got != s.Status {
					b.Fatalf("status %d, want %d", got, s.Status)
				}
			}
		})
	}
}
