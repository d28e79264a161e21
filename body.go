package panther

import (
	"errors"
	"io"
	"io/fs"
	"iter"
	"net/http"
	"os"
	"runtime/debug"
	"syscall"
)

// Text is a body of plain text. Returned by a handler it is a 200
// text/plain; charset=utf-8 answer; as a Response's Data it takes the
// Response's status and headers, and a Content-Type there replaces
// text/plain:
//
//	return panther.Text("pong"), nil
//	return panther.Response{Status: http.StatusCreated, Data: panther.Text("made")}, nil
//
// As a Typed handler's output type, or an Output, it is documented as
// text/plain. A constant Text costs no allocation to return.
type Text string

// HTML is Text labelled text/html; charset=utf-8.
type HTML string

const (
	textContentType = "text/plain; charset=utf-8"
	htmlContentType = "text/html; charset=utf-8"
)

// textOf is the body and default content type of data that is Text or HTML.
func textOf(data any) (body, contentType string, ok bool) {
	switch v := data.(type) {
	case Text:
		return string(v), textContentType, true
	case HTML:
		return string(v), htmlContentType, true
	}
	return "", "", false
}

// writeText writes a text body with status, labelled contentType.
func writeText(w http.ResponseWriter, hv *headerValues, status int, contentType, text string) {
	if startBody(w, hv, status, contentType, len(text)) {
		io.WriteString(w, text)
	}
}

// Redirect sends the client to url with status, one of the 3xx codes
// (Python Panther uses 307 Temporary Redirect). The body is empty.
func Redirect(url string, status int) Response {
	return Response{Status: status, Header: http.Header{"Location": {url}}, body: emptyBody{}}
}

type emptyBody struct{}

func (emptyBody) writeBody(w http.ResponseWriter, _ *http.Request, _ *headerValues, status int) error {
	writeRaw(w, nil, status, nil)
	return nil
}

// ServeFile sends the file at path, relative to the working directory. The
// status is 200, or what http.ServeContent answers (206, 304, 416). The
// Content-Type comes from the extension or, failing that, from the first
// bytes; Range, If-Modified-Since and HEAD work as in http.ServeContent. A
// missing file, or a directory, is 404. Never build path from request
// input without cleaning it; use ServeFileFS with an os.Root or fs.Sub to
// confine requests to a folder.
func ServeFile(path string) Response {
	return Response{body: fileBody{name: path}}
}

// ServeFileFS is ServeFile reading name from fsys.
func ServeFileFS(fsys fs.FS, name string) Response {
	return Response{body: fileBody{fsys: fsys, name: name}}
}

type fileBody struct {
	fsys fs.FS
	name string
}

func (b fileBody) writeBody(w http.ResponseWriter, r *http.Request, _ *headerValues, _ int) error {
	var (
		f   fs.File
		err error
	)
	if b.fsys != nil {
		f, err = b.fsys.Open(b.name)
	} else {
		f, err = os.Open(b.name)
	}
	if err != nil {
		if isMissing(err) {
			return NewError(http.StatusNotFound, "")
		}
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	rs, ok := f.(io.ReadSeeker)
	if info.IsDir() || !ok {
		return NewError(http.StatusNotFound, "")
	}
	http.ServeContent(w, r, info.Name(), info.ModTime(), rs)
	return nil
}

// isMissing reports whether opening a file failed because there is no
// such file to serve: it does not exist, a parent is a file, or the name
// is not valid in the fs.FS (such as "../x", which fs.Sub and os.DirFS
// refuse). These come from request input, so they are 404s, not 500s.
func isMissing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) || errors.Is(err, syscall.ENOTDIR)
}

// Stream sends the chunks seq yields as they come, flushing each, with no
// Content-Length (chunked encoding on HTTP/1.1). The content type defaults
// to application/octet-stream. When the client goes away the request's
// context is cancelled and the next yield returns false, so a producer
// stops by returning when yield does, and one that waits between chunks
// selects on the request's Context().Done() as well.
func Stream(contentType string, seq iter.Seq[[]byte]) Response {
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	return Response{body: streamBody{contentType, seq}}
}

type streamBody struct {
	contentType string
	seq         iter.Seq[[]byte]
}

func (b streamBody) writeBody(w http.ResponseWriter, r *http.Request, _ *headerValues, status int) error {
	h := w.Header()
	h.Set("Content-Type", b.contentType)
	h.Del("Content-Length")
	w.WriteHeader(status)
	defer func() {
		if v := recover(); v != nil && v != http.ErrAbortHandler {
			// The status is out: abort the connection so the client sees a
			// broken stream, not a complete one.
			panic(&abortPanic{value: v, stack: debug.Stack()})
		}
	}()
	rc := http.NewResponseController(w)
	rc.Flush()
	done := r.Context().Done()
	for chunk := range b.seq {
		select {
		case <-done:
			return nil
		default:
		}
		if _, err := w.Write(chunk); err != nil {
			return nil
		}
		if err := rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return nil
		}
	}
	return nil
}

// Handover answers with h: once the pipeline's checks have passed, h writes
// the response itself, with the request's own http.ResponseWriter — for a
// protocol upgrade, such as package ws's websockets, which hijacks the
// connection through it (wrapping writers expose it with Unwrap), or a
// proxy.
func Handover(h http.Handler) Response { return Response{body: handover{h}} }

type handover struct{ h http.Handler }

func (h handover) writeBody(w http.ResponseWriter, r *http.Request, _ *headerValues, _ int) error {
	h.h.ServeHTTP(w, r)
	return nil
}
