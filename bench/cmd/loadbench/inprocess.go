package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// benchStat is one in-process measurement.
type benchStat struct{ ns, bytes, allocs float64 }

// inProcess holds the in-process samples by scenario and framework.
type inProcess map[string]map[string][]benchStat

var benchLine = regexp.MustCompile(`^Benchmark(\w+)/(\w+?)(?:-\d+)?\s+\d+\s+([0-9.]+) ns/op\s+([0-9.]+) B/op\s+([0-9.]+) allocs/op`)

// buildInProcess compiles the in-process benchmarks into dir, at the
// start of the run, so they measure the same code as the servers.
func buildInProcess(dir string) (string, error) {
	bin := filepath.Join(dir, "bench.test")
	if out, err := exec.Command("go", "test", "-c", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go test -c: %v\n%s", err, out)
	}
	return bin, nil
}

// runInProcess runs the compiled benchmarks pinned to CPU 0, like the
// servers: -count o.count, -benchtime o.benchtime.
func runInProcess(o options, bin string, redisOK bool) (inProcess, error) {
	pattern := fmt.Sprintf("^Benchmark(%s)$/^(%s)$", strings.Join(o.scenarios, "|"), strings.Join(o.frameworks, "|"))
	log.Printf("in-process benchmarks: -bench '%s' -count %d -benchtime %s", pattern, o.count, o.benchtime)
	cmd := exec.Command("taskset", "-c", "0", bin, "-test.run", "^$", "-test.bench", pattern, "-test.benchmem",
		"-test.count", strconv.Itoa(o.count), "-test.benchtime", o.benchtime, "-test.timeout", "30m")
	cmd.Env = append(os.Environ(), "CI=") // without Redis the Redis benchmark skips rather than fails
	if redisOK {
		cmd.Env = append(cmd.Env, "PANTHER_TEST_REDIS="+o.redis)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("in-process benchmarks: %v\n%s", err, out)
	}
	return parseBench(string(out)), nil
}

func parseBench(out string) inProcess {
	res := inProcess{}
	for _, line := range strings.Split(out, "\n") {
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		var s benchStat
		s.ns, _ = strconv.ParseFloat(m[3], 64)
		s.bytes, _ = strconv.ParseFloat(m[4], 64)
		s.allocs, _ = strconv.ParseFloat(m[5], 64)
		if res[m[1]] == nil {
			res[m[1]] = map[string][]benchStat{}
		}
		res[m[1]][m[2]] = append(res[m[1]][m[2]], s)
	}
	return res
}
