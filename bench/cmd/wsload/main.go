// Command wsload measures package ws against a hand-written
// gorilla/websocket hub doing the same work, each server in its own
// process pinned to CPU 0, the clients in this one on CPU 1:
//
//   - idle memory: the server's heap and stacks per connection, with
//     -conns connections open and idle (after a GC);
//
//   - fan-out: -messages messages broadcast at once to -fanout
//     connections, delivered per second, until every client has every one.
//
//     go run ./cmd/wsload [-conns 10000] [-fanout 1000] [-messages 500] [-rounds 3]
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	serve := flag.String("serve", "", "serve one mode (panther, gorilla) instead of measuring")
	flag.IntVar(&sendQueue, "queue", 64, "with -serve: the per-connection send queue")
	conns := flag.Int("conns", 10_000, "idle connections for the memory figure")
	fanout := flag.Int("fanout", 1000, "connections a broadcast reaches")
	messages := flag.Int("messages", 500, "messages per broadcast round")
	rounds := flag.Int("rounds", 3, "rounds of each server")
	redisURL := flag.String("redis", "", "also measure delivery by id across two instances sharing this Redis")
	flag.Parse()
	if *serve != "" {
		log.Fatal(serveMode(*serve, *redisURL))
	}
	if *redisURL != "" {
		if err := latency(*redisURL, 2000); err != nil {
			log.Fatal(err)
		}
	}
	if err := measure(*conns, *fanout, *messages, *rounds); err != nil {
		log.Fatal(err)
	}
}

// sendQueue is both servers' per-connection queue: package ws's default
// for the idle figure, and room for a round's messages for the fan-out,
// so that figure is throughput, not the slow-consumer rule.
var sendQueue int

// stats is what a server says of itself at /stats/.
type stats struct {
	Conns      int    `json:"conns"`
	HeapInuse  uint64 `json:"heap_inuse"`
	StackInuse uint64 `json:"stack_inuse"`
	Goroutines int    `json:"goroutines"`
}

var modes = []string{"panther", "gorilla"}

func measure(conns, fanout, messages, rounds int) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	perConn := map[string][]float64{}
	rate := map[string][]float64{}
	goroutines := map[string]float64{}
	for round := range rounds {
		for _, mode := range modes {
			bytes, g, err := idle(self, mode, conns)
			if err != nil {
				return fmt.Errorf("%s idle: %w", mode, err)
			}
			perConn[mode] = append(perConn[mode], bytes)
			goroutines[mode] = g
			r, err := fan(self, mode, fanout, messages)
			if err != nil {
				return fmt.Errorf("%s fan-out: %w", mode, err)
			}
			rate[mode] = append(rate[mode], r)
			log.Printf("round %d: %s: %.1f KiB and %.1f goroutines per idle connection; fan-out %.0f messages/s", round+1, mode, bytes/1024, g, r)
		}
	}
	fmt.Printf("| server | idle memory per connection (%d open) | goroutines per connection | fan-out to %d, delivered/s (median of %d) |\n|---|---:|---:|---:|\n", conns, fanout, rounds)
	for _, mode := range modes {
		fmt.Printf("| %s | %.1f KiB | %.1f | %.0f |\n", mode, median(perConn[mode])/1024, goroutines[mode], median(rate[mode]))
	}
	var ratios []float64
	for i := range rate["panther"] {
		ratios = append(ratios, rate["panther"][i]/rate["gorilla"][i])
	}
	fmt.Printf("\nfan-out, panther ÷ gorilla: %.2f (target ≥ 1.0), the median of same-round ratios\n", median(ratios))
	return nil
}

// server starts mode on CPU 0 and returns its address and a stop.
func server(self, mode string, queue int, extra ...string) (string, func(), error) {
	cmd := exec.Command("taskset", append([]string{"-c", "0", self, "-serve", mode, "-queue", fmt.Sprint(queue)}, extra...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	buf := make([]byte, 128)
	n, err := out.Read(buf)
	if err != nil {
		cmd.Process.Kill()
		return "", nil, err
	}
	return strings.TrimSpace(string(buf[:n])), func() { cmd.Process.Kill(); cmd.Wait() }, nil
}

func getStats(addr string) (stats, error) {
	var s stats
	res, err := http.Get("http://" + addr + "/stats/")
	if err != nil {
		return s, err
	}
	defer res.Body.Close()
	return s, json.NewDecoder(res.Body).Decode(&s)
}

// dialAll opens n connections, each read in the background by a frame
// counter that calls count per data message: a client far cheaper than a
// websocket library's, so the figure is the server's.
func dialAll(ctx context.Context, addr string, n int, count func()) ([]net.Conn, error) {
	conns := make([]net.Conn, n)
	var wg sync.WaitGroup
	var failed atomic.Value
	sem := make(chan struct{}, 64)
	for i := range conns {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			c, r, err := handshake(addr)
			if err != nil {
				failed.Store(err)
				return
			}
			conns[i] = c
			go countFrames(r, count)
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		return conns, err
	}
	return conns, nil
}

// handshake opens a websocket to addr's /ws/ by hand.
func handshake(addr string) (net.Conn, *bufio.Reader, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(c, "GET /ws/ HTTP/1.1\r\nHost: %s\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"+
		"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", addr)
	r := bufio.NewReaderSize(c, 64<<10)
	res, err := http.ReadResponse(r, nil)
	if err != nil || res.StatusCode != http.StatusSwitchingProtocols {
		c.Close()
		return nil, nil, fmt.Errorf("handshake: %v %v", res, err)
	}
	return c, r, nil
}

// countFrames reads unmasked server frames and counts the data ones.
func countFrames(r *bufio.Reader, count func()) {
	var hdr [8]byte
	for {
		b0, err := r.ReadByte()
		if err != nil {
			return
		}
		b1, err := r.ReadByte()
		if err != nil {
			return
		}
		n := int64(b1 & 0x7f)
		switch n {
		case 126:
			if _, err := io.ReadFull(r, hdr[:2]); err != nil {
				return
			}
			n = int64(hdr[0])<<8 | int64(hdr[1])
		case 127:
			if _, err := io.ReadFull(r, hdr[:8]); err != nil {
				return
			}
			n = 0
			for _, b := range hdr {
				n = n<<8 | int64(b)
			}
		}
		if _, err := r.Discard(int(n)); err != nil {
			return
		}
		if op := b0 & 0x0f; op == 1 || op == 2 {
			count()
		}
	}
}

func closeAll(conns []net.Conn) {
	for _, c := range conns {
		if c != nil {
			c.Close()
		}
	}
}

// waitConns waits until the server holds n connections.
func waitConns(addr string, n int) (stats, error) {
	deadline := time.Now().Add(time.Minute)
	for {
		s, err := getStats(addr)
		if err == nil && s.Conns == n {
			return s, nil
		}
		if time.Now().After(deadline) {
			return s, fmt.Errorf("the server holds %d connections of %d (%v)", s.Conns, n, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func idle(self, mode string, n int) (perConn, goroutines float64, err error) {
	addr, stop, err := server(self, mode, 64)
	if err != nil {
		return 0, 0, err
	}
	defer stop()
	before, err := waitConns(addr, 0)
	if err != nil {
		return 0, 0, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	conns, err := dialAll(ctx, addr, n, func() {})
	defer closeAll(conns)
	if err != nil {
		return 0, 0, err
	}
	after, err := waitConns(addr, n)
	if err != nil {
		return 0, 0, err
	}
	used := float64(after.HeapInuse+after.StackInuse) - float64(before.HeapInuse+before.StackInuse)
	return used / float64(n), float64(after.Goroutines-before.Goroutines) / float64(n), nil
}

func fan(self, mode string, n, messages int) (float64, error) {
	addr, stop, err := server(self, mode, max(64, 2*messages))
	if err != nil {
		return 0, err
	}
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got atomic.Int64
	done := make(chan struct{})
	want := int64(n * messages)
	conns, err := dialAll(ctx, addr, n, func() {
		if got.Add(1) == want {
			close(done)
		}
	})
	defer closeAll(conns)
	if err != nil {
		return 0, err
	}
	if _, err := waitConns(addr, n); err != nil {
		return 0, err
	}
	start := time.Now()
	res, err := http.Post(fmt.Sprintf("http://%s/broadcast/?n=%d", addr, messages), "text/plain", nil)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	select {
	case <-done:
	case <-time.After(time.Minute):
		return 0, fmt.Errorf("%d of %d messages arrived", got.Load(), want)
	}
	return float64(want) / time.Since(start).Seconds(), nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// latency sends n messages by id from one instance to a client of the
// other, one at a time, and prints the p50 and p99 of their delivery.
func latency(redisURL string, n int) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	a, stopA, err := server(self, "panther", 64, "-redis", redisURL)
	if err != nil {
		return err
	}
	defer stopA()
	b, stopB, err := server(self, "panther", 64, "-redis", redisURL)
	if err != nil {
		return err
	}
	defer stopB()
	c, err := net.Dial("tcp", a)
	if err != nil {
		return err
	}
	defer c.Close()
	fmt.Fprintf(c, "GET /ws/?hello=1 HTTP/1.1\r\nHost: %s\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"+
		"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", a)
	r := bufio.NewReader(c)
	if res, err := http.ReadResponse(r, nil); err != nil || res.StatusCode != http.StatusSwitchingProtocols {
		return fmt.Errorf("handshake: %v %v", res, err)
	}
	id, err := readText(r)
	if err != nil {
		return err
	}
	var took []float64
	for range n {
		res, err := http.Post("http://"+b+"/send/?id="+id, "text/plain", nil)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent && res.StatusCode != http.StatusOK {
			return fmt.Errorf("send: %s", res.Status)
		}
		text, err := readText(r)
		if err != nil {
			return err
		}
		at := time.Now().UnixNano()
		sent, _ := strconv.ParseInt(text, 10, 64)
		took = append(took, float64(at-sent)/1e3)
	}
	slices.Sort(took)
	fmt.Printf("delivery by id across two instances on Redis, %d messages: p50 %.0f µs, p99 %.0f µs\n\n", n, took[len(took)/2], took[len(took)*99/100])
	return nil
}

// readText reads one small unmasked text frame.
func readText(r *bufio.Reader) (string, error) {
	var hdr [2]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return "", err
	}
	buf := make([]byte, hdr[1]&0x7f)
	if _, err := io.ReadFull(r, buf); err != nil {
		return "", err
	}
	return string(buf), nil
}
