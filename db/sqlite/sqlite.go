// Package sqlite is the embedded database backend of package db: SQLite
// in pure Go (modernc.org/sqlite, no cgo), a file or memory, with nothing
// to install. It is the zero-setup default; PostgreSQL (db/postgres) is
// the same contract when one machine is not enough.
//
//	d, err := sqlite.Open(ctx, "sqlite:app.db", db.Options{})  // or "sqlite::memory:"
//
// A file database runs in WAL mode with foreign keys on and a 5 s busy
// timeout. Reads share a small pool; every write and transaction goes
// through one connection, so concurrent writers queue instead of failing
// with "database is locked". An in-memory database is one connection.
// Importing the package also lets db.Open handle sqlite: URLs.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/panther-go/panther/db"
)

func init() {
	db.Register("sqlite", Open)
	// lower() in SQLite folds ASCII alone; Contains folds as Go does.
	if err := sqlite.RegisterDeterministicScalarFunction("panther_lower", 1, lower); err != nil {
		panic(err)
	}
}

func lower(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	switch v := args[0].(type) {
	case string:
		return strings.ToLower(v), nil
	case []byte:
		return strings.ToLower(string(v)), nil
	}
	return args[0], nil
}

// Open opens the SQLite database rawURL names: "sqlite:PATH" (a file,
// created when missing) or "sqlite::memory:". It checks the database
// answers before it returns.
func Open(ctx context.Context, rawURL string, opts db.Options) (*db.DB, error) {
	path, ok := strings.CutPrefix(rawURL, "sqlite:")
	path = strings.TrimPrefix(path, "//")
	if !ok || path == "" {
		return nil, fmt.Errorf("db/sqlite: %q is not an SQLite URL; use sqlite:PATH (such as sqlite:app.db) or sqlite::memory:", rawURL)
	}
	params := url.Values{}
	for _, p := range []string{"busy_timeout(5000)", "foreign_keys(1)"} {
		params.Add("_pragma", p)
	}
	params.Set("_txlock", "immediate") // a transaction takes the write lock at once, so it cannot deadlock upgrading
	var read, write *sql.DB
	if path == ":memory:" {
		conn, err := sql.Open("sqlite", "file::memory:?"+params.Encode())
		if err != nil {
			return nil, fmt.Errorf("db/sqlite: %w", err)
		}
		conn.SetMaxOpenConns(1) // each connection of :memory: is a database of its own
		conn.SetConnMaxLifetime(0)
		conn.SetConnMaxIdleTime(0)
		read, write = conn, conn
	} else {
		params.Add("_pragma", "journal_mode(WAL)")
		params.Add("_pragma", "synchronous(NORMAL)")
		dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + params.Encode()
		var err error
		if write, err = sql.Open("sqlite", dsn); err != nil {
			return nil, fmt.Errorf("db/sqlite: %w", err)
		}
		write.SetMaxOpenConns(1)
		if read, err = sql.Open("sqlite", dsn+"&_pragma=query_only(1)"); err != nil {
			write.Close()
			return nil, fmt.Errorf("db/sqlite: %w", err)
		}
		read.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	}
	d := db.New(read, write, dialect{}, opts)
	if err := write.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("db/sqlite: cannot open %s: %w; check that its directory exists and is writable", path, err)
	}
	if path != ":memory:" {
		if err := read.PingContext(ctx); err != nil {
			d.Close()
			return nil, fmt.Errorf("db/sqlite: cannot open %s: %w", path, err)
		}
	}
	return d, nil
}

// dialect is SQLite's SQL.
type dialect struct{}

func (dialect) Name() string             { return "sqlite" }
func (dialect) Placeholder(n int) string { return "?" + strconv.Itoa(n) }
func (dialect) PrimaryKey() string       { return "INTEGER PRIMARY KEY AUTOINCREMENT" }
func (dialect) NativeTime() bool         { return false }

func (dialect) ColumnType(k db.Kind) string {
	switch k {
	case db.KindBool, db.KindInt:
		return "INTEGER"
	case db.KindFloat:
		return "REAL"
	case db.KindBytes:
		return "BLOB"
	}
	return "TEXT" // text, times (fixed-width UTC) and JSON
}

func (dialect) Contains(column, p string) string {
	return "panther_lower(" + column + ") LIKE " + p + ` ESCAPE '\'`
}

func (dialect) Constraint(err error) (db.ConflictKind, string) {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return db.NotAConflict, ""
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return db.Unique, failedColumn(se.Error())
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return db.Reference, ""
	}
	return db.NotAConflict, ""
}

// failedColumn reads the columns out of "UNIQUE constraint failed:
// book.title" or, for a unique group, "…: book.title, book.author", as
// "title,author".
func failedColumn(msg string) string {
	i := strings.LastIndex(msg, "constraint failed: ")
	if i < 0 {
		return ""
	}
	rest, _, _ := strings.Cut(msg[i+len("constraint failed: "):], " (") // a trailing "(2067)"
	var cols []string
	for part := range strings.SplitSeq(rest, ",") {
		_, col, ok := strings.Cut(strings.TrimSpace(part), ".")
		if !ok {
			return ""
		}
		cols = append(cols, col)
	}
	return strings.Join(cols, ",")
}

func (dialect) Columns(ctx context.Context, q db.Querier, table string) ([]string, error) {
	return db.Strings(ctx, q, `SELECT "name" FROM pragma_table_info(?1)`, table)
}
