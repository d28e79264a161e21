package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// noThrottle is the tour's -throttle: the global throttle still counts
// every request in the store, but a billion a second is never reached. A
// rate of 0 would turn the throttle step off.
const noThrottle = "1000000000/1s"

// tour is a running tour process.
type tour struct {
	*child
	addr string
	base string // http://addr
}

// startTour starts a fresh tour on a free port, with redisURL as -redis
// when set, and waits for it to log "listening on".
func startTour(e *env, redisURL string) (*tour, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	secret := make([]byte, 32)
	rand.Read(secret)
	argv := []string{e.o.tourBin, "-addr", addr, "-throttle", noThrottle, "-secret", hex.EncodeToString(secret), "-db", "sqlite::memory:"}
	if redisURL != "" {
		argv = append(argv, "-redis", redisURL)
	}
	c, err := e.procs.start("tour", e.cpu(0), argv...)
	if err != nil {
		return nil, err
	}
	ready := c.log.await("listening on")
	select {
	case <-ready:
	case <-c.done:
		return nil, fmt.Errorf("the tour exited at start: %v\n%s", c.err, c.log.tail())
	case <-time.After(30 * time.Second):
		c.kill()
		return nil, fmt.Errorf("the tour did not log \"listening on\" within 30 s\n%s", c.log.tail())
	}
	return &tour{child: c, addr: addr, base: "http://" + addr}, nil
}

// cpu is n when pinning, else -1 (no taskset).
func (e *env) cpu(n int) int {
	if e.o.pin {
		return n
	}
	return -1
}

// freeAddr is a loopback address with a port nobody listens on now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// login logs alice in and returns her access token.
func (t *tour) login() (string, error) {
	body := `{"username":"alice","password":"alice-pass"}`
	res, err := http.Post(t.base+"/auth/login/", "application/json", strings.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("login: %w", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var tokens struct {
		Access string `json:"access_token"`
	}
	if res.StatusCode != http.StatusOK || json.Unmarshal(b, &tokens) != nil || tokens.Access == "" {
		return "", fmt.Errorf("login: status %d: %s", res.StatusCode, b)
	}
	return tokens.Access, nil
}

// serves reports whether the tour still answers GET /hello/x/ with 200,
// on a connection of its own.
func (t *tour) serves() error {
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := c.Get(t.base + "/hello/x/")
	if err != nil {
		return err
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /hello/x/: status %d", res.StatusCode)
	}
	return nil
}

// finish checks that the tour still serves, then stops it with SIGTERM;
// its checks are the survival and a graceful exit 0.
func (t *tour) finish(r *report) []check {
	alive := t.serves()
	var checks []check
	if t.exited() {
		checks = append(checks, check{name: "tour survives", bound: "running", measured: fmt.Sprintf("exited: %v", t.err)})
	} else {
		checks = append(checks, check{name: "tour serves after the load", bound: "GET /hello/x/ 200",
			measured: errText(alive, "200"), ok: alive == nil})
	}
	code := t.terminate(15 * time.Second)
	checks = append(checks, check{name: "tour exits on SIGTERM", bound: "exit 0 within 15 s",
		measured: exitText(code), ok: code == 0})
	if !checks[0].ok || code != 0 {
		r.printf("The tour's last log lines:\n\n```\n%s\n```\n\n", t.log.tail())
	}
	return checks
}

func errText(err error, ok string) string {
	if err != nil {
		return err.Error()
	}
	return ok
}

func exitText(code int) string {
	if code < 0 {
		return "killed after 15 s"
	}
	return "exit " + strconv.Itoa(code)
}

// redisServer is a private redis-server on its own port, without
// persistence, that the chaos scenario kills and restarts.
type redisServer struct {
	e    *env
	port int
	proc *child
}

func startRedis(e *env) (*redisServer, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(addr)
	r := &redisServer{e: e}
	r.port, _ = strconv.Atoi(port)
	return r, r.start()
}

func (r *redisServer) url() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", r.port) }

// start runs redis-server and waits until it answers PING.
func (r *redisServer) start() error {
	c, err := r.e.procs.start("redis-server", r.e.cpu(1), r.e.o.redisServer, "--port", strconv.Itoa(r.port),
		"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no")
	if err != nil {
		return err
	}
	r.proc = c
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c.exited() {
			return fmt.Errorf("redis-server exited: %v\n%s", c.err, c.log.tail())
		}
		if r.ping() == nil {
			return nil
		}
		time.Sleep(2 * time.Millisecond)
	}
	c.kill()
	return fmt.Errorf("redis-server did not answer PING on port %d within 10 s\n%s", r.port, c.log.tail())
}

// ping sends PING and wants +PONG.
func (r *redisServer) ping() error {
	conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", r.port), 100*time.Millisecond)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(200 * time.Millisecond))
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(conn).ReadBytes('\n')
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(line, []byte("+PONG")) {
		return fmt.Errorf("PING: %q", line)
	}
	return nil
}
