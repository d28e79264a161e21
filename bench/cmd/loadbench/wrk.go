package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/panther-go/panther/bench/scenario"
)

// writeScript writes the wrk Lua script that sends r's method, headers
// and body on every request.
func writeScript(dir string, r scenario.Request) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "wrk.method = %q\n", r.Method)
	for k, v := range r.Header {
		fmt.Fprintf(&b, "wrk.headers[%q] = %q\n", k, v)
	}
	if r.Body != "" {
		fmt.Fprintf(&b, "wrk.body = %q\n", r.Body)
	}
	path := filepath.Join(dir, "request.lua")
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}

// runWrk runs wrk pinned to CPU 1 against url for d, and parses its
// report. Its time is bounded: wrk stops itself after d, and is killed
// if it has not ended d + 30 s later.
func runWrk(url, script string, conns int, d time.Duration) (sample, error) {
	secs := max(1, int(d.Round(time.Second)/time.Second))
	cmd := exec.Command("taskset", "-c", "1", "wrk", "-t1", "-c"+strconv.Itoa(conns),
		"-d"+strconv.Itoa(secs)+"s", "--timeout", "5s", "--latency", "-s", script, url)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	done := make(chan struct{})
	timer := time.AfterFunc(d+30*time.Second, func() {
		select {
		case <-done:
		default:
			cmd.Process.Kill()
		}
	})
	out, err := cmd.CombinedOutput()
	close(done)
	timer.Stop()
	if err != nil {
		return sample{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	return parseWrk(string(out))
}

var (
	rpsLine    = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	pctLine    = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s)\s*$`)
	non2xxLine = regexp.MustCompile(`Non-2xx or 3xx responses:\s+(\d+)`)
	errorsLine = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// parseWrk reads req/s, the 50th and 99th latency percentiles, non-2xx
// answers and socket errors from wrk --latency's report.
func parseWrk(out string) (sample, error) {
	var s sample
	m := rpsLine.FindStringSubmatch(out)
	if m == nil {
		return s, fmt.Errorf("no Requests/sec in wrk's output:\n%s", out)
	}
	s.rps, _ = strconv.ParseFloat(m[1], 64)
	for _, m := range pctLine.FindAllStringSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second}[m[3]]
		d := time.Duration(v * float64(unit))
		if m[1] == "50" {
			s.p50 = d
		} else {
			s.p99 = d
		}
	}
	if m := non2xxLine.FindStringSubmatch(out); m != nil {
		s.non2xx, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if m := errorsLine.FindStringSubmatch(out); m != nil {
		for _, v := range m[1:] {
			n, _ := strconv.ParseInt(v, 10, 64)
			s.errors += n
		}
	}
	return s, nil
}
