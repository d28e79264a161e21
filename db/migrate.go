package db

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Schema is a table AutoMigrate can create: every *Table.
type Schema interface {
	Name() string // the table's name
	tableModel() *model
}

func (t *Table[T]) tableModel() *model { return t.m }

// AutoMigrate creates the tables that do not exist and adds the columns
// a table lacks (NOT NULL ones with their zero value as default): the
// development default. Renaming and dropping are Migrate's job.
func (d *DB) AutoMigrate(ctx context.Context, tables ...Schema) error {
	for _, s := range tables {
		m := s.tableModel()
		have, err := d.dialect.Columns(ctx, d.writer(ctx), m.table)
		if err != nil {
			return d.fail(ctx, err)
		}
		if len(have) == 0 {
			if err := d.execDDL(ctx, m.table, d.createSQL(m)); err != nil {
				return err
			}
		}
		for _, c := range m.columns {
			if len(have) == 0 || slices.Contains(have, c.name) {
				continue
			}
			stmt := `ALTER TABLE "` + m.table + `" ADD COLUMN ` + d.columnSQL(c, true)
			if err := d.execDDL(ctx, m.table, stmt); err != nil {
				return err
			}
		}
		for _, g := range m.uniqueGroups() {
			if err := d.execDDL(ctx, m.table, uniqueIndexSQL(m.table, g)); err != nil {
				return err
			}
		}
	}
	return nil
}

// uniqueGroup is the columns tagged unique=name, which no two rows may
// share all of.
type uniqueGroup struct {
	name    string
	columns []string
}

// uniqueGroups are m's unique groups, in the order of their first column.
func (m *model) uniqueGroups() []uniqueGroup {
	var groups []uniqueGroup
	for _, c := range m.columns {
		if c.group == "" {
			continue
		}
		i := slices.IndexFunc(groups, func(g uniqueGroup) bool { return g.name == c.group })
		if i < 0 {
			groups = append(groups, uniqueGroup{name: c.group})
			i = len(groups) - 1
		}
		groups[i].columns = append(groups[i].columns, c.name)
	}
	return groups
}

// uniqueIndexSQL makes a unique group's index, unless it is there.
func uniqueIndexSQL(table string, g uniqueGroup) string {
	return `CREATE UNIQUE INDEX IF NOT EXISTS "` + table + "_" + g.name + `_key" ON "` + table + `" ("` + strings.Join(g.columns, `", "`) + `")`
}

func (d *DB) execDDL(ctx context.Context, table, stmt string) error {
	start := time.Now()
	_, err := d.writer(ctx).ExecContext(ctx, stmt)
	d.logQuery(ctx, "ddl", table, start)
	if err != nil {
		return d.fail(ctx, fmt.Errorf("%s: %w", stmt, err))
	}
	return nil
}

// createSQL is the CREATE TABLE of m.
func (d *DB) createSQL(m *model) string {
	var b strings.Builder
	b.WriteString(`CREATE TABLE IF NOT EXISTS "` + m.table + `" (`)
	for i, c := range m.columns {
		if i > 0 {
			b.WriteString(", ")
		}
		if c.pk {
			b.WriteString(`"` + c.name + `" ` + d.dialect.PrimaryKey())
			continue
		}
		b.WriteString(d.columnSQL(c, false))
	}
	b.WriteByte(')')
	return b.String()
}

// columnSQL defines one column; added to an existing table, a NOT NULL
// one needs a default.
func (d *DB) columnSQL(c *column, added bool) string {
	s := `"` + c.name + `" ` + d.dialect.ColumnType(c.kind)
	if !c.nullable {
		s += " NOT NULL"
		if added {
			s += " DEFAULT " + zeroSQL(c.kind, d.dialect.NativeTime())
		}
	}
	if c.unique {
		s += " UNIQUE"
	}
	if c.ref != "" {
		s += ` REFERENCES "` + c.ref + `" ("id")`
	}
	return s
}

// zeroSQL is the zero value of a kind as an SQL literal.
func zeroSQL(k Kind, nativeTime bool) string {
	switch k {
	case KindBool:
		return "FALSE"
	case KindInt, KindFloat:
		return "0"
	case KindBytes:
		return "''"
	case KindTime:
		if nativeTime {
			return "'0001-01-01 00:00:00+00'"
		}
		return "'" + time.Time{}.Format(timeFormat) + "'"
	case KindJSON:
		return "'null'"
	}
	return "''"
}

// Migrate applies the migrations in fsys that have not run yet, in the
// order of their version: files named VERSION_name.sql ("001_books.sql",
// "2_add_year.sql") at the root of fsys. Each runs in its own transaction
// with its record in panther_migrations, so a failed one leaves no trace
// and stops the rest. Other files are ignored; two files with one version
// are an error.
func (d *DB) Migrate(ctx context.Context, fsys fs.FS) error {
	type migration struct {
		version int64
		name    string
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".sql" {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil || v < 0 {
			return fmt.Errorf("db: migration %q: name it VERSION_name.sql, such as 001_create_books.sql", name)
		}
		for _, m := range ms {
			if m.version == v {
				return fmt.Errorf("db: migrations %q and %q have one version, %d; give each its own", m.name, name, v)
			}
		}
		ms = append(ms, migration{v, name})
	}
	slices.SortFunc(ms, func(a, b migration) int { return int(a.version - b.version) })
	record := `CREATE TABLE IF NOT EXISTS "panther_migrations" ("version" BIGINT PRIMARY KEY, "name" TEXT NOT NULL, "applied_at" TEXT NOT NULL)`
	if err := d.execDDL(ctx, "panther_migrations", record); err != nil {
		return err
	}
	for _, m := range ms {
		var done bool
		q := `SELECT EXISTS (SELECT 1 FROM "panther_migrations" WHERE "version" = ` + d.dialect.Placeholder(1) + `)`
		if err := d.writer(ctx).QueryRowContext(ctx, q, m.version).Scan(&done); err != nil {
			return d.fail(ctx, err)
		}
		if done {
			continue
		}
		body, err := fs.ReadFile(fsys, m.name)
		if err != nil {
			return fmt.Errorf("db: migration %q: %w", m.name, err)
		}
		err = d.Tx(ctx, func(ctx context.Context) error {
			if err := d.execDDL(ctx, m.name, string(body)); err != nil {
				return err
			}
			ins := `INSERT INTO "panther_migrations" ("version", "name", "applied_at") VALUES (` +
				d.dialect.Placeholder(1) + ", " + d.dialect.Placeholder(2) + ", " + d.dialect.Placeholder(3) + ")"
			_, err := d.writer(ctx).ExecContext(ctx, ins, m.version, m.name, time.Now().UTC().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return fmt.Errorf("db: migration %q: %w", m.name, err)
		}
		d.logger.Info("db: migrated", "migration", m.name)
	}
	return nil
}
