package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/panther-go/panther/bench/scenario"
	"github.com/panther-go/panther/bench/servers"
)

// addr is where every server listens, one at a time.
const addr = "127.0.0.1:18080"

// server is a running benchserver process, pinned to CPU 0.
type server struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer
	done   chan error
}

func startServer(bin, fw string, cfg servers.Config) (*server, error) {
	args := []string{"-c", "0", bin, "-framework", fw, "-addr", addr}
	if cfg.Redis != "" {
		args = append(args, "-redis", cfg.Redis)
	}
	if c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond); err == nil {
		c.Close()
		return nil, fmt.Errorf("something else listens on %s; stop it first", addr)
	}
	s := &server{cmd: exec.Command("taskset", args...), done: make(chan error, 1)}
	s.cmd.Stderr = &s.stderr
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM} // never outlive the driver
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { s.done <- s.cmd.Wait() }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			return nil, fmt.Errorf("server exited: %v\n%s", err, s.stderr.String())
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond); err == nil {
			c.Close()
			return s, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("server did not listen on %s within 10 s", addr)
}

func (s *server) url(path string) string { return "http://" + addr + path }

// check sends the scenario's request once and wants its status: the turn
// measures a server that answers right (and fills the cache it hits).
func (s *server) check(c scenario.Case) error {
	req, err := http.NewRequest(c.Method, s.url(c.Path), strings.NewReader(c.Body))
	if err != nil {
		return err
	}
	for k, v := range c.Header {
		req.Header.Set(k, v)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != c.Status {
		return fmt.Errorf("%s %s: status %d, want %d: %s", c.Method, c.Path, res.StatusCode, c.Status, body)
	}
	client.CloseIdleConnections()
	return nil
}

// alive reports whether the server is still running: a turn whose server
// died measured nothing.
func (s *server) alive() error {
	select {
	case err := <-s.done:
		s.done <- err
		return fmt.Errorf("server exited during the turn: %v\n%s", err, s.stderr.String())
	default:
		return nil
	}
}

// peakRSS is the process's VmHWM in KiB. taskset execs the server, so
// the pid is the server's own.
func (s *server) peakRSS() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// stop ends the server: SIGTERM, then SIGKILL after 5 s.
func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}
