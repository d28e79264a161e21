// Command benchserver serves one of the benchmark's servers on a loopback
// address until SIGTERM or SIGINT; cmd/loadbench runs it pinned to a CPU.
//
//	benchserver -framework panther -addr 127.0.0.1:18080 [-redis redis://127.0.0.1:6379/0]
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/panther-go/panther/bench/frameworks"
	"github.com/panther-go/panther/bench/servers"
)

func main() {
	name := flag.String("framework", "nethttp", "the server to run")
	addr := flag.String("addr", "127.0.0.1:18080", "a loopback address to listen on")
	redis := flag.String("redis", "", "Redis URL for the throttle counters; default in memory")
	flag.Parse()
	if err := run(*name, *addr, servers.Config{Redis: *redis}); err != nil {
		fmt.Fprintln(os.Stderr, "benchserver:", err)
		os.Exit(1)
	}
}

func run(name, addr string, cfg servers.Config) error {
	fw, ok := frameworks.Find(name)
	if !ok {
		return fmt.Errorf("no framework %q", name)
	}
	if host, _, _ := net.SplitHostPort(addr); !strings.HasPrefix(host, "127.") && host != "localhost" && host != "::1" {
		return fmt.Errorf("address %s is not loopback", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if fw.Fiber != nil {
		app := fw.Fiber(cfg)
		go func() { <-ctx.Done(); app.ShutdownWithTimeout(5 * time.Second) }()
		return app.Listener(ln)
	}
	srv := &http.Server{Handler: fw.Handler(cfg), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
