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

	"github.com/panther-go/panther/internal/jsonplan"
	"github.com/panther-go/panther/schema"
	"github.com/panther-go/panther/validate"
)

// inputPlan is what registration learns about an Input type, so a request
// only decodes, binds and validates.
type inputPlan struct {
	typ       reflect.Type   // the struct type
	strict    bool           // it rejects unknown JSON fields
	json      *jsonplan.Plan // its body's fast decoding, nil for a shape only encoding/json reads
	rules     *validate.Plan // its tags compiled, nil for rules only the validator library checks
	form      *formPlan
	params    []param // its path, query, header and cookie fields
	body      bool    // it has body fields
	bodyField string  // the first of them, for messages
	validate  bool    // it has validate tags or a Validate method worth calling
	method    bool    // it has a Validate method
	native    bool    // its only rules are its parameters', all compiled: no validator call
	// urlOnly: it is path and query parameters alone, checked natively, so
	// the URL decides whether a request is valid.
	urlOnly bool
	emptyOK bool // its body fields are all optional, so no body is fine
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

func (a *App) inputPlan(pattern, where string, input any) *inputPlan {
	if b, ok := input.(badInput); ok {
		panic(fmt.Sprintf("panther: route %q: %s is the interface type %s; a Typed handler takes its input as a struct, or struct{} for none", pattern, where, b.t))
	}
	t := reflect.TypeOf(input)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("panther: route %q: %s is a %s; give a struct value such as NoteIn{}", pattern, where, t))
	}
	strict := false
	if s, ok := reflect.New(t).Interface().(StrictInput); ok {
		strict = s.DisallowUnknownFields()
	}
	p := &inputPlan{typ: t, strict: strict, form: newFormPlan(pattern, t)}
	p.json, _ = jsonplan.Compile(t)
	p.rules, _ = validate.CompileStruct(t)
	p.params, p.bodyField = params(pattern, where, t)
	p.body = p.bodyField != ""
	p.method = reflect.PointerTo(t).Implements(validatorType)
	p.validate = hasRules(t, map[reflect.Type]bool{}) || p.method
	p.emptyOK = a.zeroValid(p)
	p.native = !p.body && !p.method && nativeParams(t, p.params)
	p.urlOnly = p.native
	for _, q := range p.params {
		p.urlOnly = p.urlOnly && (q.in == "path" || q.in == "query")
	}
	return p
}

var validatorType = reflect.TypeFor[Validator]()

// nativeParams reports whether the parameters' rules are all compiled and
// no other field of t has rules of its own.
func nativeParams(t reflect.Type, ps []param) bool {
	for _, q := range ps {
		if q.check == nil {
			return false
		}
	}
	for _, f := range reflect.VisibleFields(t) {
		if _, _, isParam := schema.ParamTag(f); isParam {
			continue
		}
		if _, ok := f.Tag.Lookup("validate"); ok {
			return false
		}
		if !f.Anonymous && hasRules(f.Type, map[reflect.Type]bool{}) {
			return false
		}
	}
	return true
}

// hasRules reports whether t, or a type inside it, has validate tags.
func hasRules(t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return hasRules(t.Elem(), seen)
	case reflect.Struct:
	default:
		return false
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	for i := range t.NumField() {
		f := t.Field(i)
		if _, ok := f.Tag.Lookup("validate"); ok || hasRules(f.Type, seen) {
			return true
		}
	}
	return false
}

// zeroValid reports whether the zero value of the plan's type passes its
// checks but for its parameters: then every body field is optional, and a
// request may send no body at all.
func (a *App) zeroValid(p *inputPlan) (ok bool) {
	defer func() {
		if recover() != nil { // a Validate method that cannot take the zero value
			ok = false
		}
	}()
	err := a.check(p, reflect.New(p.typ))
	if ve, isMap := err.(ValidationError); isMap {
		for _, q := range p.params {
			delete(ve, q.name)
		}
		return len(ve) == 0
	}
	return err == nil
}

// Input is the request's validated Input, of the type its operation
// declares: the body's fields for POST, PUT and PATCH, the parameters for
// every method. Parameters are the fields tagged with where they come
// from and their name:
//
//	type BookList struct {
//		Limit  int      `query:"limit" default:"20" validate:"min=1,max=100"`
//		Tags   []string `query:"tag"`      // ?tag=a&tag=b
//		Tenant string   `header:"X-Tenant" validate:"required"`
//		ID     int64    `path:"id"`        // the route's <id>
//		Theme  string   `cookie:"theme"`
//	}
//
// A parameter holds a string, a number, a bool, a time.Time (RFC 3339), a
// time.Duration, an encoding.TextUnmarshaler, a pointer to one (nil when
// absent) or a slice of them (every value of a repeated query parameter or
// header). One that is absent or blank takes its `default`, else the zero
// value; the body never sets one. A value that does not convert is 400
// {"limit":"must be an integer"}, and the `validate` rules report under
// the parameter's name too.
//
// For a method whose operation declares no Input, Input is the zero value.
// Asking for another type than the declared one is a programmer error:
// Input returns the zero value, and the request fails with 500 whatever the
// handler returns, with the log saying which types differ.
func Input[T any](r *Request) T {
	if p, ok := r.input.(*T); ok {
		return *p
	}
	var zero T
	if !r.ep.declaresInput(reflect.TypeFor[T]()) {
		r.rareState().fault = fmt.Errorf("panther: Input[%T] on %s %q, whose operation declares Input %s", zero, r.Method, r.ep.pattern, r.operation().inputName())
	}
	return zero
}

// InputValue is the request's validated Input as a pointer to its struct,
// for code that learns the type only at run time (package crud's list
// parameters); nil for a method without one.
func (r *Request) InputValue() any { return r.input }

// declaresInput reports whether one of the endpoint's methods takes an
// Input of type t.
func (ep *endpoint) declaresInput(t reflect.Type) bool {
	for i := range ep.ops {
		if in := ep.ops[i].input; in != nil && in.typ == t {
			return true
		}
	}
	return false
}

// operation is the request's operation, nil when its method has none.
func (r *Request) operation() *operation {
	if i := verbIndex(r.Method); i >= 0 && r.ep.ops[i].handler != nil {
		return &r.ep.ops[i]
	}
	return nil
}

func (op *operation) inputName() string {
	if op == nil || op.input == nil {
		return "none"
	}
	return op.input.typ.String()
}

// readInput is step 5: the request is bound into the operation's Input
// type — for POST, PUT and PATCH the body is decoded, for every method the
// parameters are read — and validated. Errors, in the order they are found:
// 413 too large, 415 a media type not accepted, 422 malformed JSON, 400 a
// missing body, a value of the wrong type or a failed rule.
func (ep *endpoint) readInput(r *Request, op *operation) error {
	in := op.input
	if in == nil {
		return nil
	}
	v := reflect.New(in.typ)
	if in.body && (r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch) {
		if err := ep.readBody(r, in, v); err != nil {
			return err
		}
	}
	if len(in.params) > 0 {
		if err := in.bindParams(r, v.Elem(), in.native); err != nil {
			return err
		}
	}
	if in.validate && !in.native {
		if err := ep.app.check(in, v); err != nil {
			return err
		}
	}
	r.input = v.Interface()
	return nil
}

// readBody decodes the body into v.
func (ep *endpoint) readBody(r *Request, in *inputPlan, v reflect.Value) error {
	if r.ContentLength > ep.decl.MaxBodyBytes {
		return errTooLarge()
	}
	var ct string
	if vs := r.Header["Content-Type"]; len(vs) > 0 { // Header.Get, without canonicalizing a canonical key
		ct = vs[0]
	}
	mt := mediaType(ct)
	if mt != "application/json" { // JSON is read with the limit by decodeJSON, without a wrapper
		r.Body = http.MaxBytesReader(nil, r.Body, ep.decl.MaxBodyBytes)
	}
	switch mt {
	case "application/json":
		err := decodeJSON(r.Body, ep.decl.MaxBodyBytes, v, in)
		if err == errEmptyBody && in.emptyOK {
			return nil
		}
		if err == errEmptyBody {
			return errBodyRequired()
		}
		return err
	case "application/x-www-form-urlencoded":
		if err := jsonAsForm(r); err != nil {
			return err
		}
		return in.form.bindURLEncoded(r, v.Elem())
	case "multipart/form-data":
		return in.form.bindMultipart(r, v.Elem())
	}
	return NewError(http.StatusUnsupportedMediaType, "")
}

// check validates v, a pointer to the plan's type: its tags — by the
// compiled rules when the plan has them, else by the validator library,
// which report alike — then its Validate method.
func (a *App) check(p *inputPlan, v reflect.Value) error {
	if p.rules != nil {
		if errs := p.rules.Check(v.Elem()); errs != nil {
			return ValidationError(errs)
		}
	} else if errs := a.validate.Struct(v.Interface()); errs != nil {
		return ValidationError(errs)
	}
	if !p.method {
		return nil
	}
	err := v.Interface().(Validator).Validate()
	var (
		ve *Error
		fe ValidationError
	)
	switch {
	case err == nil, errors.As(err, &ve), errors.As(err, &fe):
		return err
	}
	return NewError(http.StatusBadRequest, err.Error())
}

// mediaType is the essence of a Content-Type: lower case, without
// parameters. An absent Content-Type is JSON, as in Python Panther.
func mediaType(contentType string) string {
	if contentType == "" || contentType == "application/json" { // most requests: nothing to parse
		return "application/json"
	}
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json") {
		return "application/json"
	}
	return mt
}

// decodeJSON reads one JSON object into v, a pointer to a zero value. The
// body is read into a pooled buffer, which v never keeps: the plan and
// encoding/json copy what they store. The plan reads the bodies it can
// read exactly as encoding/json does; encoding/json reads the rest into a
// fresh value, and its errors become the answers.
func decodeJSON(body io.Reader, limit int64, v reflect.Value, in *inputPlan) error {
	b := jsonBuffers.Get().(*jsonBuffer)
	defer b.release()
	b.buf.Reset()
	if err := readAtMost(&b.buf, body, limit); err != nil {
		return bodyReadError(err)
	}
	data := bytes.TrimSpace(b.buf.Bytes())
	if len(data) == 0 || string(data) == "null" {
		return errEmptyBody
	}
	if in.json != nil {
		if in.json.Decode(data, v) {
			return nil
		}
		v.Elem().SetZero() // what the plan wrote before it gave up
	}
	if !in.strict {
		if err := json.Unmarshal(data, v.Interface()); err != nil {
			return jsonError(err)
		}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v.Interface()); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return NewError(http.StatusUnprocessableEntity, "JSON Decode Error") // a second value after the first
	}
	return nil
}

// readAtMost reads body to its end into buf, failing with an
// *http.MaxBytesError as http.MaxBytesReader does once it passes limit
// bytes: the same limit, without a reader made per request.
func readAtMost(buf *bytes.Buffer, body io.Reader, limit int64) error {
	limit = max(limit, 0) // as http.MaxBytesReader takes a negative one
	for {
		buf.Grow(512)
		free := buf.AvailableBuffer()
		free = free[:min(int64(cap(free)), limit+1-int64(buf.Len()))]
		n, err := body.Read(free)
		buf.Write(free[:n]) // in place: free is buf's own room
		if int64(buf.Len()) > limit {
			return &http.MaxBytesError{Limit: limit}
		}
		switch {
		case err == io.EOF:
			return nil
		case err != nil:
			return err
		}
	}
}

// jsonError turns a decoding error into the client's answer.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field == "" {
			return NewError(http.StatusBadRequest, "Request body must be a JSON object")
		}
		return ValidationError{typeErr.Field: "must be " + jsonKind(typeErr.Type)}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return ValidationError{strings.Trim(name, `"`): "is not a known field"}
	}
	return NewError(http.StatusUnprocessableEntity, "JSON Decode Error")
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

func errBodyRequired() *Error { return NewError(http.StatusBadRequest, "Request body is required") }

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
		return NewError(http.StatusUnsupportedMediaType, "The body is JSON but was sent as a form; send it with Content-Type: application/json")
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
	return NewError(http.StatusBadRequest, "Request body could not be read")
}
