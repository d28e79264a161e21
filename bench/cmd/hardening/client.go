package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"
)

// client sends requests, already laid out as HTTP/1.1 bytes, over
// keep-alive connections to the tour, reading each response with
// http.ReadResponse. It does a fraction of http.Transport's work per
// request — no goroutines per connection, no channels but its free list —
// so that on a CPU of its own the load generator outruns the server it
// loads rather than the other way round.
type client struct {
	addr string
	idle chan *conn // connections free for the next request
}

// conn is one connection, used by one request at a time.
type conn struct {
	nc net.Conn
	br *bufio.Reader
}

// timeout bounds a request, from its first byte written to its last read.
const timeout = 10 * time.Second

// newClient keeps up to conns connections to addr open.
func newClient(addr string, conns int) *client {
	return &client{addr: addr, idle: make(chan *conn, conns)}
}

// answer is a response as the load sees it; status 0 is a transport
// error (refused, reset, timed out, malformed).
type answer struct {
	status int
	header http.Header
	body   []byte // kept only when asked for
	close  bool   // the server closes the connection after it
}

// do sends wire, a whole request, and reads the response. Like
// http.Transport, it sends again on a new connection when a reused one
// turns out to have been closed by the server before answering.
func (cl *client) do(wire []byte, keepBody bool) answer {
	var c *conn
	select {
	case c = <-cl.idle:
		a, err := c.roundTrip(wire, keepBody)
		if !errors.Is(err, errStale) {
			return cl.release(c, a, err)
		}
		c.nc.Close()
	default:
	}
	nc, err := net.DialTimeout("tcp", cl.addr, 5*time.Second)
	if err != nil {
		return answer{}
	}
	c = &conn{nc: nc, br: bufio.NewReaderSize(nc, 16<<10)}
	a, err := c.roundTrip(wire, keepBody)
	return cl.release(c, a, err)
}

// release keeps c for the next request, unless it failed or the server
// closes it.
func (cl *client) release(c *conn, a answer, err error) answer {
	if err != nil {
		c.nc.Close()
		return answer{}
	}
	if a.close {
		c.nc.Close()
		return a
	}
	select {
	case cl.idle <- c:
	default:
		c.nc.Close()
	}
	return a
}

// errStale is a connection the server had closed: nothing was answered.
var errStale = errors.New("connection closed by the server")

func (c *conn) roundTrip(wire []byte, keepBody bool) (answer, error) {
	c.nc.SetDeadline(time.Now().Add(timeout))
	if _, err := c.nc.Write(wire); err != nil {
		return answer{}, stale(err)
	}
	if _, err := c.br.Peek(1); err != nil {
		return answer{}, stale(err)
	}
	res, err := http.ReadResponse(c.br, nil)
	if err != nil {
		return answer{}, err
	}
	a := answer{status: res.StatusCode, header: res.Header, close: res.Close}
	if keepBody {
		a.body, err = io.ReadAll(res.Body)
	} else {
		_, err = io.Copy(io.Discard, res.Body)
	}
	res.Body.Close()
	return a, err
}

// stale marks the errors of a connection the server closed while it was
// idle.
func stale(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return fmt.Errorf("%w: %w", errStale, err)
	}
	return err
}

// close ends the idle connections.
func (cl *client) close() {
	for {
		select {
		case c := <-cl.idle:
			c.nc.Close()
		default:
			return
		}
	}
}

// wire lays out a request: method, target (path and query), headers as
// name, value pairs, and a body.
func wire(addr, method, target string, body string, header ...string) []byte {
	b := make([]byte, 0, len(target)+len(body)+128)
	b = append(append(append(append(b, method...), ' '), target...), " HTTP/1.1\r\nHost: "...)
	b = append(append(b, addr...), "\r\n"...)
	for i := 0; i+1 < len(header); i += 2 {
		b = append(append(append(append(b, header[i]...), ": "...), header[i+1]...), "\r\n"...)
	}
	if body != "" || method == http.MethodPost || method == http.MethodPut {
		b = append(append(append(b, "Content-Length: "...), strconv.Itoa(len(body))...), "\r\n"...)
	}
	return append(append(b, "\r\n"...), body...)
}
