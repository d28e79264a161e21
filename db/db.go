package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DB is an open database: a pool for reads and the connection writes go
// through (one and the same on PostgreSQL; on SQLite, one connection, so
// concurrent writers queue instead of failing with "database is locked").
// It is safe for concurrent use. Make one with a backend's Open.
type DB struct {
	read, write *sql.DB
	dialect     Dialect
	logger      *slog.Logger
	failures    atomic.Uint64
}

// Options configure a DB.
type Options struct {
	// Logger receives one Debug record per statement — its kind, table
	// and duration, never the bound values. Default: slog.Default().
	Logger *slog.Logger
}

// Dialect is what a backend tells the shared SQL layer about its
// database. Backends implement it; applications never need to.
type Dialect interface {
	// Name is the backend's name, "sqlite" or "postgres".
	Name() string
	// Placeholder is the n-th (1-based) parameter: "?" or "$1".
	Placeholder(n int) string
	// ColumnType is the column type for a Go value of kind k.
	ColumnType(k Kind) string
	// PrimaryKey is the column definition of the int64 id.
	PrimaryKey() string
	// Contains is a case-insensitive substring test of column against the
	// LIKE pattern at placeholder p (escaped with '\').
	Contains(column, p string) string
	// Constraint reports whether err is a unique or a foreign-key
	// violation, and the column it names when it does.
	Constraint(err error) (ConflictKind, string)
	// NativeTime reports whether the driver stores and returns time.Time
	// itself; without, times are kept as fixed-width UTC text.
	NativeTime() bool
	// Columns lists the columns table has; none when it does not exist.
	Columns(ctx context.Context, q Querier, table string) ([]string, error)
}

// Kind is the storage class of a column.
type Kind int

const (
	KindBool Kind = iota
	KindInt
	KindFloat
	KindText
	KindBytes
	KindTime
	KindJSON
)

// Querier is what runs statements: a *sql.DB, *sql.Conn or *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Strings runs a query whose rows are one text column and returns them:
// for a backend's Dialect.Columns.
func Strings(ctx context.Context, q Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// New wraps open pools for a backend: read serves reads, write every
// write and transaction (the same pool is fine). Backends call it; the DB
// owns both pools and Close closes them.
func New(read, write *sql.DB, d Dialect, opts Options) *DB {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &DB{read: read, write: write, dialect: d, logger: opts.Logger}
}

// Dialect is the backend's dialect.
func (d *DB) Dialect() Dialect { return d.dialect }

// Ping checks the database answers.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.read.PingContext(ctx); err != nil {
		return fmt.Errorf("db: %s: %w", d.dialect.Name(), err)
	}
	return nil
}

// Close closes the pools.
func (d *DB) Close() error {
	err := d.read.Close()
	if d.write != d.read {
		err = errors.Join(err, d.write.Close())
	}
	return err
}

// SQL is the pool writes go through (on SQLite, the one writer
// connection), for statements of your own.
func (d *DB) SQL() *sql.DB { return d.write }

// txKey is the context key of a running transaction of one DB.
type txKey struct{ d *DB }

// Tx runs fn in one transaction: committed when fn returns nil, rolled
// back when it returns an error or panics (the panic goes on). Every
// Table of d used with fn's context runs inside it; a Tx inside a Tx
// joins the outer one.
func (d *DB) Tx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if _, ok := ctx.Value(txKey{d}).(*sql.Tx); ok {
		return fn(ctx)
	}
	tx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return d.fail(ctx, err)
	}
	defer func() {
		if v := recover(); v != nil {
			tx.Rollback()
			panic(v)
		}
		if err != nil {
			tx.Rollback()
			return
		}
		if cerr := tx.Commit(); cerr != nil {
			err = d.fail(ctx, cerr)
		}
	}()
	return fn(context.WithValue(ctx, txKey{d}, tx))
}

// reader and writer pick the transaction of ctx, else a pool.
func (d *DB) reader(ctx context.Context) Querier {
	if tx, ok := ctx.Value(txKey{d}).(*sql.Tx); ok {
		return tx
	}
	return d.read
}

func (d *DB) writer(ctx context.Context) Querier {
	if tx, ok := ctx.Value(txKey{d}).(*sql.Tx); ok {
		return tx
	}
	return d.write
}

// logQuery records one statement at debug level.
func (d *DB) logQuery(ctx context.Context, kind, table string, start time.Time) {
	if d.logger.Enabled(ctx, slog.LevelDebug) {
		d.logger.LogAttrs(ctx, slog.LevelDebug, "db: query", slog.String("kind", kind), slog.String("table", table), slog.Duration("duration", time.Since(start)))
	}
}

// fail turns a driver error into the caller's: the context's own error
// when it ended, else the error with the backend named.
func (d *DB) fail(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	d.failures.Add(1)
	return fmt.Errorf("db: %s: %w", d.dialect.Name(), err)
}

// Failures counts the statements that failed since the DB was opened:
// the database's errors, not a row that is missing, a unique or
// foreign-key violation, or a caller whose context ended. For metrics.
func (d *DB) Failures() uint64 { return d.failures.Load() }

// Opener opens a DB from a URL; backends register one with Register.
type Opener func(ctx context.Context, url string, opts Options) (*DB, error)

var (
	openersMu sync.Mutex
	openers   = map[string]Opener{}
)

// Register makes Open handle URLs with scheme ("sqlite", "postgres").
// Backends call it from init.
func Register(scheme string, open Opener) {
	openersMu.Lock()
	defer openersMu.Unlock()
	openers[scheme] = open
}

// Open opens the database url names with the backend registered for its
// scheme: "sqlite:app.db" and "sqlite::memory:" once db/sqlite is
// imported, "postgres://…" once db/postgres is.
func Open(ctx context.Context, url string, opts Options) (*DB, error) {
	scheme, _, ok := strings.Cut(url, ":")
	openersMu.Lock()
	open := openers[scheme]
	var known []string
	for s := range openers {
		known = append(known, s)
	}
	openersMu.Unlock()
	sort.Strings(known)
	if scheme == "postgresql" {
		open = openersFor("postgres")
	}
	if !ok || open == nil {
		return nil, fmt.Errorf("db: no backend for %q; use sqlite:PATH, sqlite::memory: or postgres://…, and import the backend (github.com/panther-go/panther/db/sqlite or db/postgres); registered: %s", url, strings.Join(known, ", "))
	}
	return open(ctx, url, opts)
}

func openersFor(scheme string) Opener {
	openersMu.Lock()
	defer openersMu.Unlock()
	return openers[scheme]
}
