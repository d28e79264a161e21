package redis_test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// redisServer is a private redis-server that a test starts, kills and
// starts again on the same port.
type redisServer struct {
	t    *testing.T
	bin  string
	port int
	dir  string
	cmd  *exec.Cmd
}

// newRedisServer starts a redis-server on a free port, stopped when the
// test ends. Without the binary the test skips on a laptop but fails in
// CI (CI set), where .ci/run installs it.
func newRedisServer(t *testing.T) *redisServer {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("redis-server not installed")
		}
		t.Fatalf("CI must run this test, but: %v", err)
	}
	srv := &redisServer{t: t, bin: bin, port: freePort(t), dir: t.TempDir()}
	srv.start()
	t.Cleanup(srv.stop)
	return srv
}

func (srv *redisServer) url() string {
	return fmt.Sprintf("redis://127.0.0.1:%d/0", srv.port)
}

// start runs redis-server and waits until it accepts connections.
func (srv *redisServer) start() {
	srv.t.Helper()
	srv.cmd = exec.Command(srv.bin, "--port", strconv.Itoa(srv.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", srv.dir)
	if err := srv.cmd.Start(); err != nil {
		srv.t.Fatal(err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(srv.port))
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			conn.Close()
			return
		}
		if time.Now().After(deadline) {
			srv.stop()
			srv.t.Fatalf("redis-server on port %d did not start: %v", srv.port, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop kills the server, as a crash would.
func (srv *redisServer) stop() {
	if srv.cmd == nil {
		return
	}
	srv.cmd.Process.Kill()
	srv.cmd.Wait()
	srv.cmd = nil
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
