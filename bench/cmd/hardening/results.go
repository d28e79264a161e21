package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// header starts the report: the command, the machine, and how busy the
// machine was, since other work on it moves every latency figure.
func header(r *report, o options, built bool) {
	tour := "built from the working tree (`go build ./examples/tour`)"
	if !built {
		tour = "`" + o.tourBin + "`"
	}
	r.printf("## Hardening\n\n")
	r.printf("Run by `cd bench && go run ./cmd/hardening %s` on %s.\n\n", strings.Join(os.Args[1:], " "),
		time.Now().UTC().Format("2006-01-02 15:04 MST"))
	r.table([]string{"", ""}, "ll", [][]string{
		{"machine", machine()},
		{"Go", firstLine("go", "version")},
		{"tour", tour},
		{"load average at the start", loadAverage()},
	})
}

// machine is the CPU model and count and the memory.
func machine() string {
	cpu, mem := "unknown CPU", "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kib int64
		fmt.Sscanf(string(b), "MemTotal: %d kB", &kib)
		mem = fmt.Sprintf("%.0f GiB", float64(kib)/(1<<20))
	}
	return fmt.Sprintf("%s, %s CPUs (nproc --all), %s memory", cpu, firstLine("nproc", "--all"), mem)
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ") + " (1, 5, 15 min)"
}

// firstLine runs a command and returns its output's first line.
func firstLine(name string, args ...string) string {
	out, _ := exec.Command(name, args...).CombinedOutput()
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(line)
}

// writeSection puts section in path in place of its "## Hardening"
// section — from that heading to the next heading of the same level — or
// at its end when it has none.
func writeSection(path, section string) error {
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	text := string(b)
	section = strings.TrimRight(section, "\n") + "\n"
	start := headingAt(text, "## Hardening")
	if start < 0 {
		if text != "" {
			text = strings.TrimRight(text, "\n") + "\n\n"
		}
		return os.WriteFile(path, []byte(text+section), 0o644)
	}
	end := len(text)
	if i := strings.Index(text[start+1:], "\n## "); i >= 0 {
		end = start + 1 + i + 1
		section += "\n"
	}
	return os.WriteFile(path, []byte(text[:start]+section+text[end:]), 0o644)
}

// headingAt is the offset of the line that is heading, or -1.
func headingAt(text, heading string) int {
	for off := 0; off < len(text); {
		line, _, _ := strings.Cut(text[off:], "\n")
		if strings.TrimSpace(line) == heading {
			return off
		}
		off += len(line) + 1
	}
	return -1
}
