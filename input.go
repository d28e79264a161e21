package panther

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"strings"
)

// inputPlan is what registration learns about an Input type, so a request
// only decodes and validates.
type inputPlan struct {
	typ      reflect.Type // the struct type
	strict   bool         // it rejects unknown JSON fields
	form     *formPlan
	validate bool // it has validate tags or a Validate method worth calling
	emptyOK  bool // its zero value is valid: every field optional, so no body is fine
}

// Validator is implemented by an Input type whose checks need code. Its
// Validate runs after the tags passed; a ValidationError answers 400 with
// its fields, an *Error as itself, any other error 400 {"detail": its text}.
type Validator interface {
	Validate() error
}

// StrictInput is implemented by an Input type that rejects JSON fields it
// does not have (400 naming the field) instead of ignoring them.
type StrictInput interface {
	DisallowUnknownFields() bool
}

func (a *App) inputPlan(pattern string, input any) *inputPlan {
	t := reflect.TypeOf(input)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("panther: route %q: Input is a %s; give a struct value such as NoteIn{}", pattern, t))
	}
	strict := false
	if s, ok := reflect.New(t).Interface().(StrictInput); ok {
		strict = s.DisallowUnknownFields()
	}
	return &inputPlan{typ: t, strict: strict, form: newFormPlan(pattern, t), emptyOK: a.zeroValid(t)}
}

// zeroValid reports whether the zero value of t passes its checks: then
// every field is optional, and a request may send no body at all.
func (a *App) zeroValid(t reflect.Type) (ok bool) {
	defer func() {
		if recover() != nil { // a Validate method that cannot take the zero value
			ok = false
		}
	}()
	return a.check(reflect.New(t).Interface()) == nil
}

// Input is the request's validated Input, of the type its API declares.
// For GET, DELETE and the other methods that carry no input it is the zero
// value. Asking for another type than the declared one is a programmer
// error: Input returns the zero value, and the request fails with 500
// whatever the handler returns, with the log saying which types differ.
func Input[T any](r *Request) T {
	if p, ok := r.input.(*T); ok {
		return *p
	}
	var zero T
	if r.ep.input == nil || r.ep.input.typ != reflect.TypeFor[T]() {
		r.rareState().fault = fmt.Errorf("panther: Input[%T] on route %q, whose API declares Input %s", zero, r.ep.pattern, r.ep.inputName())
	}
	return zero
}

func (ep *endpoint) inputName() string {
	if ep.input == nil {
		return "none"
	}
	return ep.input.typ.String()
}

// readInput is step 5: for POST, PUT and PATCH, the body is decoded into
// the API's Input type and validated. Errors, in the order they are found:
// 413 too large, 415 a media type not accepted, 422 malformed JSON, 400 a
// missing body, a value of the wrong JSON type or a failed rule.
func (ep *endpoint) readInput(r *Request) error {
	if ep.input == nil {
		return nil
	}
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
	default:
		return nil
	}
	if r.ContentLength > ep.maxBody {
		return errTooLarge()
	}
	r.Body = http.MaxBytesReader(nil, r.Body, ep.maxBody)
	v := reflect.New(ep.input.typ)
	var err error
	switch mediaType(r.Header.Get("Content-Type")) {
	case "application/json":
		err = decodeJSON(r.Body, v.Interface(), ep.input.strict)
		if err == errEmptyBody {
			err = nil
			if !ep.input.emptyOK {
				err = errBodyRequired()
			}
		}
	case "application/x-www-form-urlencoded":
		if err = jsonAsForm(r); err != nil {
			return err
		}
		err = ep.input.form.bindURLEncoded(r, v.Elem())
	case "multipart/form-data":
		err = ep.input.form.bindMultipart(r, v.Elem())
	default:
		return UnsupportedMediaType()
	}
	if err != nil {
		return err
	}
	if err := ep.app.check(v.Interface()); err != nil {
		return err
	}
	r.input = v.Interface()
	return nil
}

// check validates v's tags, then its Validate method.
func (a *App) check(v any) error {
	if errs := a.validate.Struct(v); errs != nil {
		return ValidationError(errs)
	}
	val, ok := v.(Validator)
	if !ok {
		return nil
	}
	err := val.Validate()
	var (
		ve *Error
		fe ValidationError
	)
	switch {
	case err == nil, errors.As(err, &ve), errors.As(err, &fe):
		return err
	}
	return BadRequest(err.Error())
}

// mediaType is the essence of a Content-Type: lower case, without
// parameters. An absent Content-Type is JSON, as in Python Panther.
func mediaType(contentType string) string {
	if contentType == "" {
		return "application/json"
	}
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json") {
		return "application/json"
	}
	return mt
}

// decodeJSON reads one JSON object into v. The body is read into a pooled
// buffer, which v never keeps: encoding/json copies what it stores.
func decodeJSON(body io.Reader, v any, strict bool) error {
	b := jsonBuffers.Get().(*jsonBuffer)
	defer b.release()
	b.buf.Reset()
	if _, err := b.buf.ReadFrom(body); err != nil {
		return bodyReadError(err)
	}
	data := bytes.TrimSpace(b.buf.Bytes())
	if len(data) == 0 || string(data) == "null" {
		return errEmptyBody
	}
	if !strict {
		if err := json.Unmarshal(data, v); err != nil {
			return jsonError(err)
		}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return UnprocessableEntity("JSON Decode Error") // a second value after the first
	}
	return nil
}

// jsonError turns a decoding error into the client's answer.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field == "" {
			return BadRequest("Request body must be a JSON object")
		}
		return ValidationError{typeErr.Field: "must be " + jsonKind(typeErr.Type)}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return ValidationError{strings.Trim(name, `"`): "is not a known field"}
	}
	return UnprocessableEntity("JSON Decode Error")
}

// jsonKind names what a Go type holds in JSON terms.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a " + t.String()
}

func errBodyRequired() *Error { return BadRequest("Request body is required") }

// errEmptyBody is decodeJSON's word for no body at all, which an Input
// whose fields are all optional accepts.
var errEmptyBody = errors.New("panther: empty body")

// jsonAsForm refuses a URL-encoded body that is plainly a JSON document —
// what curl -d '{…}' sends — with a 415 that says what to do, instead of
// validating it as a form that has no fields. It leaves the body to read.
func jsonAsForm(r *Request) error {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return bodyReadError(err)
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return UnsupportedMediaType("The body is JSON but was sent as a form; send it with Content-Type: application/json")
	}
	return nil
}

func errTooLarge() *Error {
	return NewError(http.StatusRequestEntityTooLarge, "Request Entity Too Large")
}

// bodyReadError is 413 when the body passed its limit, 408 when it did not
// arrive within the server's ReadTimeout (or a shutdown's patience); any
// other read failure is the client's broken upload.
func bodyReadError(err error) error {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return errTooLarge()
	case errors.Is(err, os.ErrDeadlineExceeded):
		return NewError(http.StatusRequestTimeout, "Request Timeout")
	}
	return BadRequest("Request body could not be read")
}
