package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// machine describes where the run happened: CPU model and count, memory,
// Go and wrk versions.
type machine struct{ cpu, nproc, memory, goVersion, wrk string }

func describeMachine() machine {
	m := machine{cpu: "unknown", memory: "unknown"}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				m.cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kib int64
		fmt.Sscanf(strings.SplitN(string(b), "\n", 2)[0], "MemTotal: %d kB", &kib)
		m.memory = fmt.Sprintf("%.0f GiB", float64(kib)/(1<<20))
	}
	m.nproc = firstLine("nproc")
	m.goVersion = firstLine("go", "version")
	m.wrk = firstLine("wrk", "-v")
	return m
}

// firstLine runs a command and returns its output's first line.
func firstLine(name string, args ...string) string {
	out, _ := exec.Command(name, args...).CombinedOutput()
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(line)
}
