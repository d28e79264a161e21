package db

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Table is the query API over the rows of model T. Make one per model
// with NewTable and share it: it is safe for concurrent use, and every
// method runs inside the transaction of its context, if any (see DB.Tx).
type Table[T any] struct {
	db *DB
	m  *model

	// Statements that depend on nothing but the model, written once.
	columns string // "id", "title", …
	insert  string // INSERT INTO … VALUES (…) RETURNING "id"
	get     string // SELECT … WHERE "id" = $1
}

// NewTable returns the Table of model T on d. A model that cannot be
// stored panics, with a message that says how to fix it.
func NewTable[T any](d *DB) *Table[T] {
	m := newModel(reflect.TypeFor[T]())
	t := &Table[T]{db: d, m: m}
	names := make([]string, len(m.columns))
	for i, c := range m.columns {
		names[i] = `"` + c.name + `"`
	}
	t.columns = strings.Join(names, ", ")
	var ins strings.Builder
	ins.WriteString(`INSERT INTO "` + m.table + `" (`)
	ins.WriteString(strings.Join(names[1:], ", "))
	ins.WriteString(") VALUES (")
	for i := 1; i < len(names); i++ {
		if i > 1 {
			ins.WriteString(", ")
		}
		ins.WriteString(d.dialect.Placeholder(i))
	}
	ins.WriteString(`) RETURNING "` + m.pk.name + `"`)
	t.insert = ins.String()
	t.get = "SELECT " + t.columns + ` FROM "` + m.table + `" WHERE "` + m.pk.name + `" = ` + d.dialect.Placeholder(1)
	return t
}

// Name is the table's name.
func (t *Table[T]) Name() string { return t.m.table }

// Model is the model's type name, "Book".
func (t *Table[T]) Model() string { return t.m.name }

// Fields are the table's column names, the primary key first.
func (t *Table[T]) Fields() []string {
	out := make([]string, len(t.m.columns))
	for i, c := range t.m.columns {
		out[i] = c.name
	}
	return out
}

func (t *Table[T]) builder() *builder {
	return &builder{d: t.db.dialect, m: t.m, native: t.db.dialect.NativeTime()}
}

// Get is the row whose id is id, or a *NotFoundError.
func (t *Table[T]) Get(ctx context.Context, id int64) (T, error) {
	start := time.Now()
	var v T
	rows, err := t.db.reader(ctx).QueryContext(ctx, t.get, id)
	if err != nil {
		return v, t.db.fail(ctx, err)
	}
	defer t.db.logQuery(ctx, "get", t.m.table, start)
	found, err := t.scanOne(ctx, rows, &v)
	if err == nil && !found {
		err = &NotFoundError{Model: t.m.name}
	}
	return v, err
}

// Find is the rows q selects, in its order.
func (t *Table[T]) Find(ctx context.Context, q Query) ([]T, error) {
	b := t.builder()
	if err := t.selectSQL(b, q); err != nil {
		return nil, err
	}
	return t.query(ctx, "find", b)
}

// FindOne is the first row f selects (by id), or a *NotFoundError —
// Python Panther's find_one_or_raise, so a handler can return the error
// as it is: 404 {"detail":"Book Does Not Exist"}.
func (t *Table[T]) FindOne(ctx context.Context, f Filter) (T, error) {
	return t.one(ctx, "find_one", Query{Where: f, Limit: 1})
}

// First is the first row of q's order (by id when q has none), or a
// *NotFoundError.
func (t *Table[T]) First(ctx context.Context, q Query) (T, error) {
	q.Limit = 1
	return t.one(ctx, "first", q)
}

// Last is the last row of q's order (by id when q has none), or a
// *NotFoundError.
func (t *Table[T]) Last(ctx context.Context, q Query) (T, error) {
	sorts := make([]Sort, 0, len(q.Sort)+1)
	for _, s := range q.Sort {
		sorts = append(sorts, Sort{Field: s.Field, Desc: !s.Desc})
	}
	q.Sort, q.Limit = append(sorts, Sort{Field: t.m.pk.name, Desc: true}), 1
	return t.one(ctx, "last", q)
}

func (t *Table[T]) one(ctx context.Context, kind string, q Query) (T, error) {
	var v T
	b := t.builder()
	if err := t.selectSQL(b, q); err != nil {
		return v, err
	}
	start := time.Now()
	rows, err := t.db.reader(ctx).QueryContext(ctx, b.sql.String(), b.args...)
	if err != nil {
		return v, t.db.fail(ctx, err)
	}
	defer t.db.logQuery(ctx, kind, t.m.table, start)
	found, err := t.scanOne(ctx, rows, &v)
	if err == nil && !found {
		err = &NotFoundError{Model: t.m.name}
	}
	return v, err
}

// Count is how many rows f selects.
func (t *Table[T]) Count(ctx context.Context, f Filter) (int64, error) {
	b := t.builder()
	b.sql.WriteString(`SELECT COUNT(*) FROM "` + t.m.table + `"`)
	if err := b.where(f); err != nil {
		return 0, err
	}
	start := time.Now()
	var n int64
	err := t.db.reader(ctx).QueryRowContext(ctx, b.sql.String(), b.args...).Scan(&n)
	t.db.logQuery(ctx, "count", t.m.table, start)
	if err != nil {
		return 0, t.db.fail(ctx, err)
	}
	return n, nil
}

// Exists reports whether f selects any row.
func (t *Table[T]) Exists(ctx context.Context, f Filter) (bool, error) {
	b := t.builder()
	b.sql.WriteString(`SELECT EXISTS (SELECT 1 FROM "` + t.m.table + `"`)
	if err := b.where(f); err != nil {
		return false, err
	}
	b.sql.WriteByte(')')
	start := time.Now()
	var found bool
	err := t.db.reader(ctx).QueryRowContext(ctx, b.sql.String(), b.args...).Scan(&found)
	t.db.logQuery(ctx, "exists", t.m.table, start)
	if err != nil {
		return false, t.db.fail(ctx, err)
	}
	return found, nil
}

// Insert adds v and sets its id to the one the database gave it.
func (t *Table[T]) Insert(ctx context.Context, v *T) error {
	rv := reflect.ValueOf(v).Elem()
	args := make([]any, 0, len(t.m.columns)-1)
	for _, c := range t.m.columns[1:] {
		a, err := c.bind(rv.FieldByIndex(c.index), t.db.dialect.NativeTime())
		if err != nil {
			return err
		}
		args = append(args, a)
	}
	start := time.Now()
	var id int64
	err := t.db.writer(ctx).QueryRowContext(ctx, t.insert, args...).Scan(&id)
	t.db.logQuery(ctx, "insert", t.m.table, start)
	if err != nil {
		return t.constraint(ctx, err)
	}
	rv.FieldByIndex(t.m.pk.index).SetInt(id)
	return nil
}

// InsertMany adds every value of vs in one transaction, setting their ids;
// on an error none is added.
func (t *Table[T]) InsertMany(ctx context.Context, vs []T) error {
	return t.db.Tx(ctx, func(ctx context.Context) error {
		for i := range vs {
			if err := t.Insert(ctx, &vs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// Save writes every field of v: an insert when its id is 0, else an
// update of its row (a *NotFoundError when there is none).
func (t *Table[T]) Save(ctx context.Context, v *T) error {
	rv := reflect.ValueOf(v).Elem()
	id := rv.FieldByIndex(t.m.pk.index).Int()
	if id == 0 {
		return t.Insert(ctx, v)
	}
	set := make(Set, len(t.m.columns)-1)
	for _, c := range t.m.columns[1:] {
		set[c.name] = rv.FieldByIndex(c.index).Interface()
	}
	ok, err := t.UpdateOne(ctx, Eq(t.m.pk.name, id), set)
	if err == nil && !ok {
		err = &NotFoundError{Model: t.m.name}
	}
	return err
}

// UpdateOne writes set to the first row f selects (by id); it reports
// whether there was one.
func (t *Table[T]) UpdateOne(ctx context.Context, f Filter, set Set) (bool, error) {
	n, err := t.update(ctx, "update_one", f, set, true)
	return n > 0, err
}

// UpdateMany writes set to every row f selects and says how many.
func (t *Table[T]) UpdateMany(ctx context.Context, f Filter, set Set) (int64, error) {
	return t.update(ctx, "update_many", f, set, false)
}

func (t *Table[T]) update(ctx context.Context, kind string, f Filter, set Set, one bool) (int64, error) {
	if len(set) == 0 {
		return 0, &FieldError{Field: "", Message: "an update names no field"}
	}
	b := t.builder()
	b.sql.WriteString(`UPDATE "` + t.m.table + `" SET `)
	names := make([]string, 0, len(set))
	for name := range set {
		names = append(names, name)
	}
	slices.Sort(names)
	for i, name := range names {
		c, err := t.m.column(name)
		if err != nil {
			return 0, err
		}
		if c.pk {
			return 0, &FieldError{Field: name, Message: "is the primary key, which an update cannot change"}
		}
		v, err := b.value(c, set[name])
		if err != nil {
			return 0, err
		}
		if i > 0 {
			b.sql.WriteString(", ")
		}
		b.ident(c.name)
		b.sql.WriteString(" = ")
		b.param(v)
	}
	if err := t.restrict(b, f, one); err != nil {
		return 0, err
	}
	return t.exec(ctx, kind, b)
}

// DeleteOne deletes the first row f selects (by id); it reports whether
// there was one.
func (t *Table[T]) DeleteOne(ctx context.Context, f Filter) (bool, error) {
	b := t.builder()
	b.sql.WriteString(`DELETE FROM "` + t.m.table + `"`)
	if err := t.restrict(b, f, true); err != nil {
		return false, err
	}
	n, err := t.exec(ctx, "delete_one", b)
	return n > 0, err
}

// DeleteMany deletes every row f selects and says how many.
func (t *Table[T]) DeleteMany(ctx context.Context, f Filter) (int64, error) {
	b := t.builder()
	b.sql.WriteString(`DELETE FROM "` + t.m.table + `"`)
	if err := b.where(f); err != nil {
		return 0, err
	}
	return t.exec(ctx, "delete_many", b)
}

// FindOneOrInsert is the first row f selects, or v inserted when there is
// none; inserted says which. Two callers racing on a unique field get the
// same row: the loser of the insert finds the winner's.
func (t *Table[T]) FindOneOrInsert(ctx context.Context, f Filter, v T) (row T, inserted bool, err error) {
	row, err = t.FindOne(ctx, f)
	if !errors.Is(err, ErrNotFound) {
		return row, false, err
	}
	err = t.Insert(ctx, &v)
	var conflict *ConflictError
	if errors.As(err, &conflict) {
		row, err = t.FindOne(ctx, f)
		return row, false, err
	}
	return v, err == nil, err
}

// restrict writes the WHERE of an update or delete; with one, the first
// row by id alone.
func (t *Table[T]) restrict(b *builder, f Filter, one bool) error {
	if !one {
		return b.where(f)
	}
	pk := `"` + t.m.pk.name + `"`
	b.sql.WriteString(" WHERE " + pk + ` = (SELECT ` + pk + ` FROM "` + t.m.table + `"`)
	if err := b.where(f); err != nil {
		return err
	}
	b.sql.WriteString(" ORDER BY " + pk + " LIMIT 1)")
	return nil
}

func (t *Table[T]) exec(ctx context.Context, kind string, b *builder) (int64, error) {
	start := time.Now()
	res, err := t.db.writer(ctx).ExecContext(ctx, b.sql.String(), b.args...)
	t.db.logQuery(ctx, kind, t.m.table, start)
	if err != nil {
		return 0, t.constraint(ctx, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, t.db.fail(ctx, err)
	}
	return n, nil
}

// constraint maps a failed write: a unique or foreign-key violation to
// its error, anything else as fail does.
func (t *Table[T]) constraint(ctx context.Context, err error) error {
	switch kind, col := t.db.dialect.Constraint(err); kind {
	case Unique:
		return &ConflictError{Model: t.m.name, Field: col}
	case Reference:
		return &ReferenceError{Model: t.m.name, Field: col}
	}
	return t.db.fail(ctx, err)
}

// selectSQL writes the SELECT of q.
func (t *Table[T]) selectSQL(b *builder, q Query) error {
	b.sql.WriteString("SELECT " + t.columns + ` FROM "` + t.m.table + `"`)
	if err := b.where(q.Where); err != nil {
		return err
	}
	b.sql.WriteString(" ORDER BY ")
	byPK := false
	for _, s := range q.Sort {
		c, err := t.m.column(s.Field)
		if err != nil {
			return err
		}
		if c.kind == KindJSON || c.kind == KindBytes {
			return &FieldError{Field: c.name, Message: "has no order"}
		}
		b.ident(c.name)
		if s.Desc {
			b.sql.WriteString(" DESC")
		}
		b.sql.WriteString(", ")
		byPK = byPK || c.pk
	}
	if byPK { // the key breaks every tie already
		trimmed := strings.TrimSuffix(b.sql.String(), ", ")
		b.sql.Reset()
		b.sql.WriteString(trimmed)
	} else {
		b.ident(t.m.pk.name)
	}
	if q.Skip < 0 || q.Limit < 0 {
		return &FieldError{Field: "limit", Message: "skip and limit cannot be negative"}
	}
	if q.Limit > 0 {
		b.sql.WriteString(" LIMIT " + strconv.Itoa(q.Limit))
	} else if q.Skip > 0 && t.db.dialect.Name() == "sqlite" {
		b.sql.WriteString(" LIMIT -1") // SQLite has no OFFSET without a LIMIT
	}
	if q.Skip > 0 {
		b.sql.WriteString(" OFFSET " + strconv.Itoa(q.Skip))
	}
	return nil
}

// query runs a SELECT and reads every row.
func (t *Table[T]) query(ctx context.Context, kind string, b *builder) ([]T, error) {
	start := time.Now()
	rows, err := t.db.reader(ctx).QueryContext(ctx, b.sql.String(), b.args...)
	if err != nil {
		return nil, t.db.fail(ctx, err)
	}
	defer t.db.logQuery(ctx, kind, t.m.table, start)
	defer rows.Close()
	out := []T{}
	targets := make([]any, len(t.m.columns))
	native := t.db.dialect.NativeTime()
	for rows.Next() {
		var zero T
		out = append(out, zero)
		rv := reflect.ValueOf(&out[len(out)-1]).Elem()
		for i, c := range t.m.columns {
			targets[i] = c.target(rv, native)
		}
		if err := rows.Scan(targets...); err != nil {
			return nil, t.db.fail(ctx, err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, t.db.fail(ctx, err)
	}
	return out, nil
}

// scanOne reads the first row of rows into v.
func (t *Table[T]) scanOne(ctx context.Context, rows *sql.Rows, v *T) (bool, error) {
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return false, t.db.fail(ctx, err)
		}
		return false, nil
	}
	rv := reflect.ValueOf(v).Elem()
	native := t.db.dialect.NativeTime()
	targets := make([]any, len(t.m.columns))
	for i, c := range t.m.columns {
		targets[i] = c.target(rv, native)
	}
	if err := rows.Scan(targets...); err != nil {
		return false, t.db.fail(ctx, err)
	}
	return true, rows.Err()
}

// Column describes one column of a model, for layers built on tables
// (package crud).
type Column struct {
	Name     string              // the column's name, "title"
	Field    reflect.StructField // the model's field
	Kind     Kind                // how it is stored
	Nullable bool                // a pointer field: nil is NULL
	Key      bool                // the primary key
	Unique   bool                // unique, alone or with its unique group
	Ref      string              // the table a foreign key points to, or ""
}

// Columns describes the table's columns, the primary key first.
func (t *Table[T]) Columns() []Column {
	out := make([]Column, len(t.m.columns))
	for i, c := range t.m.columns {
		f := t.m.typ.FieldByIndex(c.index)
		f.Index = c.index
		out[i] = Column{Name: c.name, Field: f, Kind: c.kind, Nullable: c.nullable, Key: c.pk, Unique: c.unique || c.group != "", Ref: c.ref}
	}
	return out
}
