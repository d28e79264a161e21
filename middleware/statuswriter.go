package middleware

import (
	"bufio"
	"net"
	"net/http"
)

// statusWriter passes a response through while noting what the handler
// sent: the status, so Recover knows whether it may still answer 500, and
// the body size, for AccessLog.
type statusWriter struct {
	http.ResponseWriter
	status int // the final status sent; 0 while the response has not started
	bytes  int // body bytes written
}

func (w *statusWriter) WriteHeader(code int) {
	// 1xx responses other than 101 are interim (103 Early Hints); the final
	// status is still to come.
	if w.status == 0 && (code >= 200 || code == http.StatusSwitchingProtocols) {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the methods this wrapper does
// not define, such as SetWriteDeadline and EnableFullDuplex.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush is defined here, not only reached through Unwrap, because a flush
// sends the header and so starts the response.
func (w *statusWriter) Flush() { _ = w.FlushError() }

// FlushError is what http.ResponseController.Flush calls first; it reports
// a writer that cannot flush instead of ignoring it.
func (w *statusWriter) FlushError() error {
	err := http.NewResponseController(w.ResponseWriter).Flush()
	if err == nil && w.status == 0 {
		w.status = http.StatusOK
	}
	return err
}

// Hijack hands the connection over, after which no answer can be written;
// a connection taken without a status is counted as switching protocols.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil && w.status == 0 {
		w.status = http.StatusSwitchingProtocols
	}
	return conn, rw, err
}

// started reports whether the status line has gone out, after which the
// status can no longer change.
func (w *statusWriter) started() bool { return w.status != 0 }
