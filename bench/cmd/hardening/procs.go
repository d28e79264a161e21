package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// procs are the children still running, so that every exit ends them.
type procs struct {
	mu   sync.Mutex
	live map[*child]bool
}

func newProcs() *procs { return &procs{live: map[*child]bool{}} }

// killAll ends every child still running, at once (SIGKILL).
func (p *procs) killAll() {
	p.mu.Lock()
	live := make([]*child, 0, len(p.live))
	for c := range p.live {
		live = append(live, c)
	}
	p.mu.Unlock()
	for _, c := range live {
		c.kill()
	}
}

// child is one process this command started. Its output goes to a
// logTail, which keeps the last lines for error messages.
type child struct {
	name  string
	cmd   *exec.Cmd
	log   *logTail
	done  chan struct{} // closed when the process has exited
	err   error         // Wait's result, once done is closed
	procs *procs
}

// start runs argv, pinned to cpu when cpu ≥ 0.
func (p *procs) start(name string, cpu int, argv ...string) (*child, error) {
	if cpu >= 0 {
		argv = append([]string{"taskset", "-c", strconv.Itoa(cpu)}, argv...)
	}
	c := &child{name: name, cmd: exec.Command(argv[0], argv[1:]...), log: newLogTail(), done: make(chan struct{}), procs: p}
	c.cmd.Stdout, c.cmd.Stderr = c.log, c.log
	// Should this command die without ending its children, the kernel ends
	// them (taskset execs its command, so the setting reaches it).
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	p.mu.Lock()
	p.live[c] = true
	p.mu.Unlock()
	go func() {
		c.err = c.cmd.Wait()
		p.mu.Lock()
		delete(p.live, c)
		p.mu.Unlock()
		close(c.done)
	}()
	return c, nil
}

func (c *child) pid() int { return c.cmd.Process.Pid }

func (c *child) exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// kill sends SIGKILL and waits for the exit.
func (c *child) kill() {
	c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.done
}

// terminate sends SIGTERM and waits up to grace for the exit, then kills.
// It returns the exit code, or -1 when the child had to be killed.
func (c *child) terminate(grace time.Duration) int {
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(grace):
		c.kill()
		return -1
	}
	var exit *exec.ExitError
	switch {
	case c.err == nil:
		return 0
	case errors.As(c.err, &exit):
		return exit.ExitCode()
	}
	return -1
}

// rssKiB is the child's VmRSS from /proc/PID/status, in KiB.
func (c *child) rssKiB() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.pid()))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("%s: no VmRSS in /proc/%d/status", c.name, c.pid())
}

// logTail takes a child's output: it keeps the last lines (each cut to
// maxLine bytes), counts error records and notices a line containing
// a watched word. Lines may be any length; the tour's access log runs
// at the load's rate, so this is cheap.
type logTail struct {
	mu      sync.Mutex
	partial []byte // the line being received, cut to maxLine
	lines   []string
	errors  int
	firsts  []string // the first error records, for the report
	watch   string
	seen    chan struct{} // closed when a line contains watch
}

const (
	maxLine    = 400
	keptTail   = 30
	keptErrors = 10
)

func newLogTail() *logTail { return &logTail{} }

// await makes seen close at the first line containing word.
func (t *logTail) await(word string) <-chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.watch, t.seen = word, make(chan struct{})
	return t.seen
}

func (t *logTail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(b)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		chunk := b
		if i >= 0 {
			chunk = b[:i]
		}
		if room := maxLine - len(t.partial); room > 0 {
			t.partial = append(t.partial, chunk[:min(room, len(chunk))]...)
		}
		if i < 0 {
			break
		}
		t.line(string(t.partial))
		t.partial, b = t.partial[:0], b[i+1:]
	}
	return n, nil
}

func (t *logTail) line(s string) {
	if strings.Contains(s, "level=ERROR") {
		t.errors++
		if len(t.firsts) < keptErrors {
			t.firsts = append(t.firsts, s)
		}
	}
	if t.seen != nil && t.watch != "" && strings.Contains(s, t.watch) {
		close(t.seen)
		t.watch = ""
	}
	if t.lines = append(t.lines, s); len(t.lines) > 2*keptTail {
		t.lines = append(t.lines[:0], t.lines[len(t.lines)-keptTail:]...)
	}
}

// tail is the last lines received.
func (t *logTail) tail() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines[max(0, len(t.lines)-keptTail):], "\n")
}

// errorRecords are the first error records received.
func (t *logTail) errorRecords() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.firsts...)
}

// errorCount is how many lines were error records (level=ERROR).
func (t *logTail) errorCount() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.errors
}

// cpuTime is the CPU time (user + system) process pid has used, from
// /proc/PID/stat; pid 0 is this process.
func cpuTime(pid int) time.Duration {
	path := "/proc/self/stat"
	if pid > 0 {
		path = fmt.Sprintf("/proc/%d/stat", pid)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	// The command name, field 2, may hold spaces; the fields after its
	// closing parenthesis start at field 3, so utime and stime (14, 15)
	// are the 12th and 13th.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc's CPU times: 100 on Linux.
const clockTicks = 100

// cpuMeter measures the CPU share of the tour and of this command over
// a stretch of time.
type cpuMeter struct {
	pid        int
	tour, self time.Duration
	at         time.Time
}

func meterCPU(pid int) cpuMeter {
	return cpuMeter{pid: pid, tour: cpuTime(pid), self: cpuTime(0), at: time.Now()}
}

// String is the shares since the meter started, in % of one CPU.
func (m cpuMeter) String() string {
	d := time.Since(m.at).Seconds()
	tour := (cpuTime(m.pid) - m.tour).Seconds() / d
	self := (cpuTime(0) - m.self).Seconds() / d
	return fmt.Sprintf("tour %.0f %%, load generator %.0f %% of one CPU", 100*tour, 100*self)
}
