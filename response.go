package panther

import (
	"context"
	"errors"
	"net/http"
	"reflect"
)

// Empty, as an Output or a Typed handler's output type, declares an answer
// with no body, with the operation's status (200 unless set): what a
// handler that returns nil sends, said so the document says it too.
type Empty struct{}

var emptyType = reflect.TypeFor[Empty]()

// Media, as an Output, declares an answer that is not JSON, by its content
// type: what HTML, Text, ServeFile and Stream send, such as
// panther.Media("text/html; charset=utf-8") or Media("image/png"). The
// document describes a text/* body as text and any other as binary.
type Media string

// Response is returned by a handler that needs more than 200 JSON: another
// status, headers, cookies, a Text or HTML Data, or — built by Redirect,
// ServeFile and Stream — a body that is not JSON.
//
//	return panther.Response{Status: http.StatusCreated, Data: note}, nil
type Response struct {
	// Status is the HTTP status. Default: 200.
	Status int

	// Data is encoded as the JSON body, or sent as it is when it is Text
	// or HTML; nil sends an empty body. The Content-Type is
	// application/json (text/plain or text/html for Text or HTML) unless
	// Header sets another.
	Data any

	// Header is added to the response's headers.
	Header http.Header

	// Cookies are sent as Set-Cookie headers, one each.
	Cookies []*http.Cookie

	body bodyWriter // a body that is not Data; nil means Data
}

// bodyWriter writes a body that is not JSON. It returns an error only
// before anything has been written, so the error can still be answered.
type bodyWriter interface {
	writeBody(w http.ResponseWriter, r *http.Request, hv *headerValues, status int) error
}

func (res *Response) status() int {
	if res.Status == 0 {
		return http.StatusOK
	}
	return res.Status
}

// respond writes what a handler returned.
// Data that is not a Response is sent with status: as JSON, or, with 204,
// not at all. A Response without a Status has status too.
func (a *App) respond(w http.ResponseWriter, r *Request, status int, data any) {
	var res *Response
	switch v := data.(type) {
	case Response:
		res = &v
	case *Response:
		res = v
	case Empty:
		writeRaw(w, &r.hv, status, nil)
		return
	case Text:
		writeText(w, &r.hv, status, textContentType, string(v))
		return
	case HTML:
		writeText(w, &r.hv, status, htmlContentType, string(v))
		return
	default:
		if v == nil || status == http.StatusNoContent {
			writeRaw(w, &r.hv, status, nil)
			return
		}
		if err := writeJSON(w, &r.hv, status, v); err != nil {
			logError(a.logger, r.Request, err)
		}
		return
	}
	if res == nil {
		writeRaw(w, &r.hv, status, nil)
		return
	}
	if res.Status == 0 && status != http.StatusOK {
		cp := *res
		cp.Status = status
		res = &cp
	}
	a.writeResponse(w, r, res)
}

func (a *App) writeResponse(w http.ResponseWriter, r *Request, res *Response) {
	h := w.Header()
	ownType := "" // a Content-Type in res.Header
	for k, vs := range res.Header {
		k = http.CanonicalHeaderKey(k) // a literal http.Header{"WWW-Authenticate": …} is not canonical
		h[k] = append(h[k][:0:0], vs...)
		if k == "Content-Type" && len(vs) > 0 {
			ownType = vs[0]
		}
	}
	for _, c := range res.Cookies {
		http.SetCookie(w, c)
	}
	if res.body != nil {
		if err := res.body.writeBody(w, r.Request, &r.hv, res.status()); err != nil {
			// Nothing went out: the headers meant for the body must not
			// ride on the error.
			for k := range res.Header {
				h.Del(k)
			}
			if len(res.Cookies) > 0 {
				h.Del("Set-Cookie")
			}
			a.writeError(w, r.Request, &r.hv, err)
		}
		return
	}
	// A Content-Type in res.Header replaces the default, as in Python
	// Panther; the body is still Data, encoded as JSON unless it is text.
	text, contentType, isText := textOf(res.Data)
	if !isText {
		contentType = jsonContentType
	}
	if ownType != "" {
		contentType = ownType
	}
	if isText {
		writeText(w, &r.hv, res.status(), contentType, text)
		return
	}
	if res.Data == nil {
		writeRawAs(w, &r.hv, res.status(), contentType, nil)
		return
	}
	if err := writeJSONAs(w, &r.hv, res.status(), contentType, res.Data); err != nil {
		logError(a.logger, r.Request, err)
	}
}

// writeError answers err, logging the cause of a 5xx.
func (a *App) writeError(w http.ResponseWriter, r *http.Request, hv *headerValues, err error) {
	if r.Context().Err() != nil && errors.Is(err, context.Canceled) {
		err = errClientGone // the request's own cancellation, not a failure
	}
	if isServerError(err) {
		logError(a.logger, r, err)
	}
	writeError(w, hv, err)
}
