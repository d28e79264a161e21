package ws

import (
	"bufio"
	"net"
	"net/http"
	"sync"
	"time"
)

// hijacker hands websocket.Accept the connection with a batchWriter in
// front of it, so the messages a writer has queued go out together.
type hijacker struct {
	http.ResponseWriter
	timeout time.Duration
	out     *batchWriter
}

func (h *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	if err := brw.Writer.Flush(); err != nil { // the 101, if net/http still holds it
		conn.Close()
		return nil, nil, err
	}
	// The server's deadlines were the request's; from here each write
	// sets its own, and reads have none (pings find a dead peer).
	conn.SetDeadline(time.Time{})
	h.out = &batchWriter{conn: conn, timeout: h.timeout}
	// The batchWriter buffers; the bufio.Writer in front of it needs no
	// room of its own, which an idle connection would carry for nothing.
	return conn, bufio.NewReadWriter(brw.Reader, bufio.NewWriterSize(h.out, 16)), nil
}

// Unwrap is for ResponseControllers.
func (h *hijacker) Unwrap() http.ResponseWriter { return h.ResponseWriter }

// batchWriter writes frames to the connection: at once, or, between
// begin and end, gathered and written by end in one go (a batch larger
// than maxBatch goes out as it fills). Each write to the network has the
// write timeout.
type batchWriter struct {
	conn    net.Conn
	timeout time.Duration

	mu       sync.Mutex // one write to the network at a time
	batching bool
	buf      *[]byte
}

const maxBatch = 64 << 10

var batchBufs = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

func (b *batchWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.batching {
		return b.send(p)
	}
	*b.buf = append(*b.buf, p...)
	if len(*b.buf) >= maxBatch {
		_, err := b.send(*b.buf)
		*b.buf = (*b.buf)[:0]
		if err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

func (b *batchWriter) send(p []byte) (int, error) {
	b.conn.SetWriteDeadline(time.Now().Add(b.timeout))
	return b.conn.Write(p)
}

// begin starts gathering writes.
func (b *batchWriter) begin() {
	b.mu.Lock()
	b.batching = true
	b.buf = batchBufs.Get().(*[]byte)
	b.mu.Unlock()
}

// end writes what was gathered.
func (b *batchWriter) end() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.batching = false
	var err error
	if len(*b.buf) > 0 {
		_, err = b.send(*b.buf)
	}
	if cap(*b.buf) <= maxBatch*2 {
		*b.buf = (*b.buf)[:0]
		batchBufs.Put(b.buf)
	}
	b.buf = nil
	return err
}
