package panther

import (
	"encoding"
	"errors"
	"mime/multipart"
	"net/http"
	"reflect"
	"strconv"
	"time"

	"github.com/panther-go/panther/schema"
	"github.com/panther-go/panther/validate"
)

// formPlan binds URL-encoded and multipart form fields into an Input
// struct's fields, named by their `form` tag, else their `json` tag, else
// their Go name. Forms are flat: nested structs are not bound.
type formPlan struct {
	fields []formField
}

type formField struct {
	name  string
	index []int
	bind  func(v reflect.Value, values []string, files []*multipart.FileHeader) error
}

// maxFormMemory is how much of a multipart body is held in memory; file
// parts beyond it go to temporary files, removed after the request.
const maxFormMemory = 8 << 20

var (
	fileType  = reflect.TypeFor[File]()
	imageType = reflect.TypeFor[Image]()
	timeType  = reflect.TypeFor[time.Time]()

	durationType        = reflect.TypeFor[time.Duration]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func newFormPlan(pattern string, t reflect.Type) *formPlan {
	p := &formPlan{}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		if _, _, param := schema.ParamTag(f); param {
			continue
		}
		name, ok := f.Tag.Lookup("form")
		if !ok {
			name = validate.FieldName(f)
		}
		if name == "" || name == "-" {
			continue
		}
		if bind := binder(f.Type); bind != nil {
			p.fields = append(p.fields, formField{name: name, index: f.Index, bind: bind})
		}
	}
	return p
}

// binder returns how to set a field of type t from form values and files,
// or nil for a type forms cannot carry.
func binder(t reflect.Type) func(reflect.Value, []string, []*multipart.FileHeader) error {
	switch {
	case t == fileType || t == imageType:
		return func(v reflect.Value, _ []string, files []*multipart.FileHeader) error {
			if len(files) == 0 {
				return nil
			}
			return setFile(v, files[0])
		}
	case t.Kind() == reflect.Pointer && (t.Elem() == fileType || t.Elem() == imageType):
		return func(v reflect.Value, _ []string, files []*multipart.FileHeader) error {
			if len(files) == 0 {
				return nil
			}
			v.Set(reflect.New(t.Elem()))
			return setFile(v.Elem(), files[0])
		}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Pointer && t.Elem().Elem() == fileType:
		return func(v reflect.Value, _ []string, files []*multipart.FileHeader) error {
			for _, fh := range files {
				f := newFile(fh)
				v.Set(reflect.Append(v, reflect.ValueOf(f)))
			}
			return nil
		}
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8 && scalar(t.Elem()) != nil:
		parse := scalar(t.Elem())
		return func(v reflect.Value, values []string, _ []*multipart.FileHeader) error {
			if len(values) == 0 {
				return nil
			}
			s := reflect.MakeSlice(t, len(values), len(values))
			for i, raw := range values {
				if err := parse(s.Index(i), raw); err != nil {
					return err
				}
			}
			v.Set(s)
			return nil
		}
	case t.Kind() == reflect.Pointer && scalar(t.Elem()) != nil:
		parse := scalar(t.Elem())
		return func(v reflect.Value, values []string, _ []*multipart.FileHeader) error {
			if len(values) == 0 {
				return nil
			}
			v.Set(reflect.New(t.Elem()))
			return parse(v.Elem(), values[len(values)-1])
		}
	case scalar(t) != nil:
		parse := scalar(t)
		return func(v reflect.Value, values []string, _ []*multipart.FileHeader) error {
			if len(values) == 0 || values[len(values)-1] == "" {
				return nil // blank values are dropped, as in Python Panther
			}
			return parse(v, values[len(values)-1])
		}
	}
	return nil
}

// errConvert marks a form value that does not fit its field; the caller
// names the field.
type errConvert struct{ want string }

func (e errConvert) Error() string { return "must be " + e.want }

// scalar returns the parser of one form value or parameter into a field
// of type t.
func scalar(t reflect.Type) func(reflect.Value, string) error {
	switch {
	case t == durationType:
		return func(v reflect.Value, s string) error {
			d, err := time.ParseDuration(s)
			if err != nil {
				return errConvert{"a duration such as 90s or 1h30m"}
			}
			v.SetInt(int64(d))
			return nil
		}
	case t != timeType && reflect.PointerTo(t).Implements(textUnmarshalerType):
		return func(v reflect.Value, s string) error {
			if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
				return errConvert{"a valid " + t.Name()}
			}
			return nil
		}
	}
	if t == timeType {
		return func(v reflect.Value, s string) error {
			tm, err := time.Parse(time.RFC3339, s)
			if err != nil {
				return errConvert{"a date and time in RFC 3339 format"}
			}
			v.Set(reflect.ValueOf(tm))
			return nil
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(v reflect.Value, s string) error { v.SetString(s); return nil }
	case reflect.Bool:
		return func(v reflect.Value, s string) error {
			switch s {
			case "on", "true", "1", "True", "TRUE":
				v.SetBool(true)
			case "off", "false", "0", "False", "FALSE":
				v.SetBool(false)
			default:
				return errConvert{"a boolean"}
			}
			return nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(v reflect.Value, s string) error {
			n, err := strconv.ParseInt(s, 10, t.Bits())
			if err != nil {
				return errConvert{"an integer"}
			}
			v.SetInt(n)
			return nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return func(v reflect.Value, s string) error {
			n, err := strconv.ParseUint(s, 10, t.Bits())
			if err != nil {
				return errConvert{"a whole number of 0 or more"}
			}
			v.SetUint(n)
			return nil
		}
	case reflect.Float32, reflect.Float64:
		return func(v reflect.Value, s string) error {
			n, err := strconv.ParseFloat(s, t.Bits())
			if err != nil {
				return errConvert{"a number"}
			}
			v.SetFloat(n)
			return nil
		}
	}
	return nil
}

func (p *formPlan) bindURLEncoded(r *Request, v reflect.Value) error {
	if err := r.ParseForm(); err != nil {
		return bodyReadError(err)
	}
	return p.bind(v, r.PostForm, nil)
}

func (p *formPlan) bindMultipart(r *Request, v reflect.Value) error {
	if err := r.ParseMultipartForm(maxFormMemory); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return errTooLarge()
		}
		return NewError(http.StatusBadRequest, "Malformed multipart body")
	}
	return p.bind(v, r.MultipartForm.Value, r.MultipartForm.File)
}

func (p *formPlan) bind(v reflect.Value, values map[string][]string, files map[string][]*multipart.FileHeader) error {
	errs := ValidationError{}
	for _, f := range p.fields {
		field, err := v.FieldByIndexErr(f.index)
		if err != nil {
			continue // behind a nil embedded pointer
		}
		if err := f.bind(field, values[f.name], files[f.name]); err != nil {
			var conv errConvert
			if !errors.As(err, &conv) {
				return err
			}
			errs[f.name] = conv.Error()
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func setFile(v reflect.Value, fh *multipart.FileHeader) error {
	f := newFile(fh)
	if v.Type() == imageType {
		if err := f.checkImage(); err != nil {
			return err
		}
		v.Set(reflect.ValueOf(Image{File: *f}))
		return nil
	}
	v.Set(reflect.ValueOf(*f))
	return nil
}
