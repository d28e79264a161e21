package db

import (
	"fmt"
	"reflect"
	"strings"
)

// Filter selects rows. Build one with Eq, Ne, Gt, Gte, Lt, Lte, In,
// IsNull, NotNull, Contains, And and Or; the zero Filter selects every row.
type Filter struct {
	op     string // "=", "<>", ">", ">=", "<", "<=", "in", "null", "notnull", "contains", "and", "or"
	field  string
	value  any
	values []any
	subs   []Filter
}

// Eq selects rows whose field equals value.
func Eq(field string, value any) Filter { return Filter{op: "=", field: field, value: value} }

// Ne selects rows whose field differs from value (NULLs excluded).
func Ne(field string, value any) Filter { return Filter{op: "<>", field: field, value: value} }

// Gt, Gte, Lt and Lte select rows by order: numbers, strings, times.
func Gt(field string, value any) Filter  { return Filter{op: ">", field: field, value: value} }
func Gte(field string, value any) Filter { return Filter{op: ">=", field: field, value: value} }
func Lt(field string, value any) Filter  { return Filter{op: "<", field: field, value: value} }
func Lte(field string, value any) Filter { return Filter{op: "<=", field: field, value: value} }

// In selects rows whose field is one of values; none selects no row.
func In(field string, values ...any) Filter { return Filter{op: "in", field: field, values: values} }

// IsNull and NotNull select rows whose field is, or is not, NULL.
func IsNull(field string) Filter  { return Filter{op: "null", field: field} }
func NotNull(field string) Filter { return Filter{op: "notnull", field: field} }

// Contains selects rows whose text field contains s, ignoring case.
func Contains(field, s string) Filter { return Filter{op: "contains", field: field, value: s} }

// And selects rows every filter selects; Or rows any selects. Zero
// filters among them are left out.
func And(filters ...Filter) Filter { return Filter{op: "and", subs: filters} }
func Or(filters ...Filter) Filter  { return Filter{op: "or", subs: filters} }

// IsZero reports whether f selects every row.
func (f Filter) IsZero() bool { return f.op == "" }

// Sort orders rows by a field; Desc reverses it.
type Sort struct {
	Field string
	Desc  bool
}

// Query is what Find reads: the rows Where selects, in Sort order (then by
// id, so pages are stable), Skip of them skipped, at most Limit (0: all).
type Query struct {
	Where Filter
	Sort  []Sort
	Skip  int
	Limit int
}

// Set names the fields an update writes, by column name, with their new
// values: exactly those, so a zero value is written as one.
type Set map[string]any

// builder writes one statement's SQL and collects its arguments.
type builder struct {
	sql    strings.Builder
	args   []any
	d      Dialect
	m      *model
	native bool
}

func (b *builder) param(v any) {
	b.args = append(b.args, v)
	b.sql.WriteString(b.d.Placeholder(len(b.args)))
}

func (b *builder) ident(name string) {
	b.sql.WriteByte('"')
	b.sql.WriteString(name)
	b.sql.WriteByte('"')
}

// where writes f, or nothing for a filter that selects every row.
func (b *builder) where(f Filter) error {
	if f.all() {
		return nil
	}
	b.sql.WriteString(" WHERE ")
	return b.filter(f)
}

// all reports whether f selects every row: the zero Filter, or an And or
// Or of such filters alone.
func (f Filter) all() bool {
	if f.op != "and" && f.op != "or" {
		return f.IsZero()
	}
	for _, s := range f.subs {
		if !s.all() {
			return false
		}
	}
	return true
}

func (b *builder) filter(f Filter) error {
	switch f.op {
	case "and", "or":
		joiner := " AND "
		if f.op == "or" {
			joiner = " OR "
		}
		b.sql.WriteByte('(')
		n := 0
		for _, s := range f.subs {
			if s.all() {
				continue
			}
			if n > 0 {
				b.sql.WriteString(joiner)
			}
			if err := b.filter(s); err != nil {
				return err
			}
			n++
		}
		b.sql.WriteByte(')')
		return nil
	}
	c, err := b.m.column(f.field)
	if err != nil {
		return err
	}
	switch f.op {
	case "null", "notnull":
		b.ident(c.name)
		if f.op == "null" {
			b.sql.WriteString(" IS NULL")
		} else {
			b.sql.WriteString(" IS NOT NULL")
		}
		return nil
	case "contains":
		if c.kind != KindText {
			return &FieldError{Field: c.name, Message: "is not text, so it cannot be searched"}
		}
		b.args = append(b.args, "%"+likeEscape(strings.ToLower(f.value.(string)))+"%")
		b.sql.WriteString(b.d.Contains(`"`+c.name+`"`, b.d.Placeholder(len(b.args))))
		return nil
	case "in":
		if len(f.values) == 0 {
			b.sql.WriteString("1=0")
			return nil
		}
		b.ident(c.name)
		b.sql.WriteString(" IN (")
		for i, v := range f.values {
			bv, err := b.value(c, v)
			if err != nil {
				return err
			}
			if i > 0 {
				b.sql.WriteString(", ")
			}
			b.param(bv)
		}
		b.sql.WriteByte(')')
		return nil
	}
	if f.value == nil {
		return &FieldError{Field: c.name, Message: "cannot be compared with nil; use IsNull or NotNull"}
	}
	bv, err := b.value(c, f.value)
	if err != nil {
		return err
	}
	if f.op != "=" && f.op != "<>" && (c.kind == KindJSON || c.kind == KindBool || c.kind == KindBytes) {
		return &FieldError{Field: c.name, Message: "has no order"}
	}
	b.ident(c.name)
	b.sql.WriteString(" " + f.op + " ")
	b.param(bv)
	return nil
}

// value converts a filter or update value for column c, or says why it
// cannot be one.
func (b *builder) value(c *column, v any) (any, error) {
	if v == nil {
		if !c.nullable && c.kind != KindJSON {
			return nil, &FieldError{Field: c.name, Message: "cannot be null"}
		}
		return nil, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return b.value(c, nil)
		}
		rv = rv.Elem()
	}
	want := c.base
	switch {
	case rv.Type() == want, c.kind == KindJSON:
	case c.kind == KindInt && rv.CanInt(), c.kind == KindInt && rv.CanUint(),
		c.kind == KindFloat && (rv.CanInt() || rv.CanUint() || rv.CanFloat()):
		cv := reflect.New(want).Elem()
		switch {
		case rv.CanInt() && cv.CanInt():
			if cv.OverflowInt(rv.Int()) {
				return nil, &FieldError{Field: c.name, Message: fmt.Sprintf("%d is out of range", rv.Int())}
			}
			cv.SetInt(rv.Int())
		case rv.CanInt() && cv.CanUint():
			if rv.Int() < 0 || cv.OverflowUint(uint64(rv.Int())) {
				return nil, &FieldError{Field: c.name, Message: fmt.Sprintf("%d is out of range", rv.Int())}
			}
			cv.SetUint(uint64(rv.Int()))
		case rv.CanUint() && cv.CanInt():
			if rv.Uint() > 1<<63-1 || cv.OverflowInt(int64(rv.Uint())) {
				return nil, &FieldError{Field: c.name, Message: fmt.Sprintf("%d is out of range", rv.Uint())}
			}
			cv.SetInt(int64(rv.Uint()))
		case rv.CanUint() && cv.CanUint():
			if cv.OverflowUint(rv.Uint()) {
				return nil, &FieldError{Field: c.name, Message: fmt.Sprintf("%d is out of range", rv.Uint())}
			}
			cv.SetUint(rv.Uint())
		case cv.CanFloat():
			cv.SetFloat(rv.Convert(reflect.TypeFor[float64]()).Float())
		}
		rv = cv
	case rv.Type().ConvertibleTo(want) && rv.Kind() == want.Kind():
		rv = rv.Convert(want) // a named type of the same kind
	default:
		return nil, &FieldError{Field: c.name, Message: "must be " + describe(c)}
	}
	if c.kind == KindJSON {
		cp := reflect.New(c.typ).Elem()
		if !rv.Type().AssignableTo(c.typ) {
			return nil, &FieldError{Field: c.name, Message: "must be " + describe(c)}
		}
		cp.Set(rv)
		return c.bind(cp, b.native)
	}
	if c.nullable {
		p := reflect.New(want)
		p.Elem().Set(rv)
		return c.bind(p, b.native)
	}
	return c.bind(rv, b.native)
}

// describe says what a column holds, for messages.
func describe(c *column) string {
	switch c.kind {
	case KindBool:
		return "a boolean"
	case KindInt:
		return "an integer"
	case KindFloat:
		return "a number"
	case KindText:
		return "a string"
	case KindBytes:
		return "bytes"
	case KindTime:
		return "a time"
	}
	return "a " + c.typ.String()
}

// likeEscape escapes LIKE's wildcards, with '\' as the escape.
func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// column finds a column by name.
func (m *model) column(name string) (*column, error) {
	if c, ok := m.byName[name]; ok {
		return c, nil
	}
	return nil, &FieldError{Field: name, Message: "is not a field of " + m.name}
}
