package db

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode"
)

// model is what NewTable learns about a struct type, once.
type model struct {
	typ     reflect.Type
	name    string // the type's name, for messages: "Book"
	table   string
	columns []*column // in field order; the primary key first
	byName  map[string]*column
	pk      *column
}

// column is one field of a model.
type column struct {
	name     string
	index    []int
	typ      reflect.Type // the field's type
	base     reflect.Type // without the pointer of a nullable field
	kind     Kind
	nullable bool
	unique   bool
	group    string // the unique group it belongs to, with others: unique=GROUP
	ref      string // the table a foreign key points to
	pk       bool
}

var (
	timeType   = reflect.TypeFor[time.Time]()
	valuerType = reflect.TypeFor[driver.Valuer]()
)

// tabler is implemented by a model that names its table.
type tabler interface{ TableName() string }

func newModel(t reflect.Type) *model {
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("panther: db: a model is a struct, not %s", t))
	}
	m := &model{typ: t, name: t.Name(), byName: map[string]*column{}}
	m.table = snake(t.Name())
	if tn, ok := reflect.New(t).Interface().(tabler); ok {
		m.table = tn.TableName()
	}
	if m.table == "" || !identifier(m.table) {
		panic(fmt.Sprintf("panther: db: model %s: table name %q is not a plain identifier; name it with a TableName() string method of letters, digits and _", t, m.table))
	}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("db") == "" {
			continue // embedded structs are flattened through VisibleFields
		}
		tag, hasTag := f.Tag.Lookup("db")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if !hasTag || name == "" {
			name = snake(f.Name)
		}
		what := fmt.Sprintf("panther: db: model %s field %s", t, f.Name)
		if !identifier(name) {
			panic(fmt.Sprintf("%s: column name %q is not a plain identifier; use letters, digits and _", what, name))
		}
		if _, dup := m.byName[name]; dup {
			panic(fmt.Sprintf("%s: column %q is named twice; give one of them another `db` name", what, name))
		}
		c := &column{name: name, index: f.Index, typ: f.Type, base: f.Type}
		for o := range strings.SplitSeq(opts, ",") {
			switch {
			case o == "":
			case o == "pk":
				c.pk = true
			case o == "unique":
				c.unique = true
			case strings.HasPrefix(o, "unique="):
				c.group = strings.TrimPrefix(o, "unique=")
				if !identifier(c.group) {
					panic(fmt.Sprintf("%s: unique=%q is not a plain identifier; name the group with letters, digits and _", what, c.group))
				}
			case strings.HasPrefix(o, "ref="):
				c.ref = strings.TrimPrefix(o, "ref=")
				if !identifier(c.ref) {
					panic(fmt.Sprintf("%s: ref=%q is not a table name", what, c.ref))
				}
			default:
				panic(fmt.Sprintf("%s: unknown option %q; the options are pk, unique, unique=GROUP and ref=TABLE", what, o))
			}
		}
		if f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() != reflect.Struct || f.Type.Kind() == reflect.Pointer && f.Type.Elem() == timeType {
			c.nullable, c.base = true, f.Type.Elem()
		}
		k, ok := kindOf(c.base)
		if !ok {
			panic(fmt.Sprintf("%s: a column cannot hold a %s; use a bool, an integer, a float, a string, []byte, time.Time, a pointer to one for NULL, or a slice, map or struct (stored as JSON)", what, f.Type))
		}
		c.kind = k
		if c.pk || m.pk == nil && f.Name == "ID" && !hasPK(t) {
			if f.Type.Kind() != reflect.Int64 {
				panic(fmt.Sprintf("%s: the primary key is an int64; make ID an int64", what))
			}
			c.pk = true
			m.pk = c
		}
		m.columns = append(m.columns, c)
		m.byName[name] = c
	}
	if m.pk == nil {
		panic(fmt.Sprintf("panther: db: model %s has no primary key; add `ID int64` (or tag an int64 field `db:\"id,pk\"`)", t))
	}
	for i, c := range m.columns { // the key first
		if c == m.pk {
			copy(m.columns[1:i+1], m.columns[:i])
			m.columns[0] = c
		}
	}
	return m
}

// hasPK reports whether a field of t is tagged pk.
func hasPK(t reflect.Type) bool {
	for _, f := range reflect.VisibleFields(t) {
		_, opts, _ := strings.Cut(f.Tag.Get("db"), ",")
		for o := range strings.SplitSeq(opts, ",") {
			if o == "pk" {
				return true
			}
		}
	}
	return false
}

// kindOf is the storage class of a Go type.
func kindOf(t reflect.Type) (Kind, bool) {
	switch {
	case t == timeType:
		return KindTime, true
	case t.Implements(valuerType) || reflect.PointerTo(t).Implements(valuerType):
		return KindText, false // a driver.Valuer says nothing of how to read it back
	}
	switch t.Kind() {
	case reflect.Bool:
		return KindBool, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return KindInt, true
	case reflect.Float32, reflect.Float64:
		return KindFloat, true
	case reflect.String:
		return KindText, true
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return KindBytes, true
		}
		return KindJSON, true
	case reflect.Map, reflect.Struct, reflect.Array:
		return KindJSON, true
	case reflect.Pointer:
		if t.Elem().Kind() == reflect.Struct {
			return KindJSON, true
		}
	}
	return 0, false
}

// snake turns "UserProfile" into "user_profile" and "ID" into "id".
func snake(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])) {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// identifier reports whether s is a plain SQL identifier, safe unquoted
// and quoted alike.
func identifier(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// bind is the value of field v for the driver.
func (c *column) bind(v reflect.Value, nativeTime bool) (any, error) {
	if c.nullable {
		if v.IsNil() {
			return nil, nil
		}
		v = v.Elem()
	}
	switch c.kind {
	case KindBool:
		return v.Bool(), nil
	case KindInt:
		if v.CanUint() {
			return int64(v.Uint()), nil
		}
		return v.Int(), nil
	case KindFloat:
		return v.Float(), nil
	case KindText:
		return v.String(), nil
	case KindBytes:
		if v.IsNil() {
			return []byte{}, nil // NOT NULL: an empty slice and nil are one value
		}
		return v.Bytes(), nil
	case KindTime:
		t := v.Interface().(time.Time).UTC()
		if nativeTime {
			return t, nil
		}
		return t.Format(timeFormat), nil
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return nil, fmt.Errorf("db: %s: encoding as JSON: %w", c.name, err)
	}
	return string(b), nil
}

// target is where rows.Scan puts the column of the struct at v: the field
// itself where database/sql converts into it, else a scanner.
func (c *column) target(v reflect.Value, nativeTime bool) any {
	f := v.FieldByIndex(c.index)
	switch {
	case c.kind == KindJSON:
		return jsonScanner{f}
	case c.kind == KindTime && !nativeTime:
		return timeScanner{f, c.nullable}
	}
	return f.Addr().Interface()
}

// jsonScanner reads a JSON column into its field.
type jsonScanner struct{ v reflect.Value }

func (s jsonScanner) Scan(src any) error {
	var data []byte
	switch x := src.(type) {
	case nil:
		s.v.SetZero()
		return nil
	case string:
		data = []byte(x)
	case []byte:
		data = x
	default:
		return fmt.Errorf("db: a JSON column holds %T", src)
	}
	return json.Unmarshal(data, s.v.Addr().Interface())
}

// timeFormat is how a time is kept as text: UTC, fixed width, so that
// text order is time order.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

// timeScanner reads a time kept as text.
type timeScanner struct {
	v        reflect.Value
	nullable bool
}

func (s timeScanner) Scan(src any) error {
	var t time.Time
	switch x := src.(type) {
	case nil:
		s.v.SetZero()
		return nil
	case time.Time:
		t = x
	case string, []byte:
		var err error
		if t, err = time.Parse(timeFormat, stringOf(x)); err != nil {
			if t, err = time.Parse(time.RFC3339Nano, stringOf(x)); err != nil {
				return fmt.Errorf("db: a time column holds %q", x)
			}
		}
	default:
		return fmt.Errorf("db: a time column holds %T", src)
	}
	if s.nullable {
		s.v.Set(reflect.ValueOf(&t))
	} else {
		s.v.Set(reflect.ValueOf(t))
	}
	return nil
}

func stringOf(x any) string {
	if b, ok := x.([]byte); ok {
		return string(b)
	}
	return x.(string)
}
