// Package validate checks structs against their `validate` tags
// (go-playground/validator v10) and reports each failure keyed by its JSON
// path — "title", "tags.3", "address.city" — with a sentence a person can
// read: "is required", "must be at most 100 characters".
//
// CompileStruct turns a type's common rules into a Plan that reports
// exactly what Struct reports, without the library's cost per call.
//
// It is the one package through which the validator library enters Panther
// for Go; the root package turns its Errors into the 400 response.
package validate

import (
	"errors"
	"reflect"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/panther-go/panther/schema"
)

// Errors maps JSON paths to messages. Several failures give several keys;
// for one path only the first failure is kept.
type Errors map[string]string

// Validator checks structs. It caches what it learns about each type, so
// reuse one; it is safe for concurrent use.
type Validator struct {
	v *validator.Validate
}

// New returns a Validator that names fields by their `json` tag, then
// their `form` tag, then their Go name.
func New() *Validator {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(FieldName)
	return &Validator{v: v}
}

// FieldName is the name a struct field has on the wire: for a request
// parameter, the name its `path`, `query`, `header` or `cookie` tag gives;
// else its `json` tag name, else its `form` tag name, else its Go name; ""
// for a field the wire never sees (`json:"-"`).
func FieldName(f reflect.StructField) string {
	if _, name, ok := schema.ParamTag(f); ok {
		return name
	}
	for _, key := range [...]string{"json", "form"} {
		tag, ok := f.Tag.Lookup(key)
		if !ok {
			continue
		}
		if tag == "-" {
			return ""
		}
		name, _, _ := strings.Cut(tag, ",") // `json:"-,"` names a field "-"

		if name != "" {
			return name
		}
	}
	return f.Name
}

// Struct checks s, a struct or a pointer to one, and returns nil when it
// passes. A value that cannot be validated (not a struct) reports itself
// under the key "".
func (v *Validator) Struct(s any) Errors {
	err := v.v.Struct(s)
	if err == nil {
		return nil
	}
	var fails validator.ValidationErrors
	if !errors.As(err, &fails) {
		return Errors{"": err.Error()}
	}
	root := reflect.TypeOf(s)
	for root.Kind() == reflect.Pointer {
		root = root.Elem()
	}
	// The namespace starts with the root's name, which may hold dots
	// ("Page[example.com/app.Note]") or be missing (a struct literal's type).
	rootName := root.Name() + "."
	out := make(Errors, len(fails))
	for _, fe := range fails {
		path := wirePath(root, strings.TrimPrefix(fe.StructNamespace(), rootName))
		if _, seen := out[path]; !seen {
			out[path] = Message(fe)
		}
	}
	return out
}

// wirePath turns a validator struct namespace below root type t
// ("BookIn.Year", "Tags[3]") into the JSON path of the field on the wire
// ("year", "tags.3"): each field by its wire name, and the fields of an
// embedded struct without a name of its own flattened into its parent's,
// as encoding/json does.
func wirePath(t reflect.Type, rest string) string {
	var out []string
	for rest != "" {
		var seg string
		seg, rest, _ = strings.Cut(rest, ".")
		name, index, _ := strings.Cut(seg, "[")
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		var f reflect.StructField
		ok := t != nil && t.Kind() == reflect.Struct
		if ok {
			f, ok = t.FieldByName(name)
		}
		switch {
		case !ok: // not a struct field: keep the validator's name
			out = append(out, name)
			t = nil
		case f.Anonymous && jsonName(f) == "":
			t = f.Type // flattened: no segment of its own
		default:
			out = append(out, FieldName(f))
			t = f.Type
		}
		for index != "" {
			var key string
			key, index, _ = strings.Cut(index, "]")
			out = append(out, key)
			index = strings.TrimPrefix(index, "[")
			for t != nil && t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map) {
				t = t.Elem()
			} else {
				t = nil
			}
		}
	}
	return strings.Join(out, ".")
}

// jsonName is the name a field's json tag gives it, "" for none.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// Path turns a validator namespace ("NoteIn.tags[3]", "User.address.city",
// "Doc.meta[lang]") into a JSON path ("tags.3", "address.city",
// "meta.lang"): the root type's name goes, brackets become dots.
func Path(namespace string) string {
	_, rest, found := strings.Cut(namespace, ".")
	if !found {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; c {
		case '[':
			b.WriteByte('.')
		case ']':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Message is the sentence for one failure.
func Message(fe validator.FieldError) string {
	kind := fe.Kind()
	if kind == reflect.Pointer {
		kind = fe.Type().Elem().Kind()
	}
	if m, ok := sizeMessage(fe.Tag(), fe.Param(), kind); ok {
		return m
	}
	if m, ok := messages[fe.Tag()]; ok {
		return m
	}
	switch fe.Tag() {
	case "oneof":
		return "must be one of: " + strings.Join(strings.Fields(fe.Param()), ", ")
	case "datetime":
		return "must be a date and time in the format " + fe.Param()
	case "eqfield", "eqcsfield":
		return "must equal " + fe.Param()
	case "nefield", "necsfield":
		return "must differ from " + fe.Param()
	case "required_with", "required_with_all", "required_without", "required_without_all", "required_if", "required_unless":
		return "is required"
	case "startswith":
		return "must start with " + strconv.Quote(fe.Param())
	case "endswith":
		return "must end with " + strconv.Quote(fe.Param())
	case "contains":
		return "must contain " + strconv.Quote(fe.Param())
	}
	if fe.Param() != "" {
		return "must satisfy " + fe.Tag() + "=" + fe.Param()
	}
	return "must satisfy " + fe.Tag()
}
