package db_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/db/sqlite"
)

type noKey struct {
	Name string
}

type badKey struct {
	ID string
}

type badField struct {
	ID int64
	Ch chan int
}

type twice struct {
	ID int64
	A  string `db:"name"`
	B  string `db:"name"`
}

type badOption struct {
	ID int64
	A  string `db:"a,primary"`
}

type badName struct {
	ID int64
	A  string `db:"a-b"`
}

type wideUint struct {
	ID int64
	N  uint64
}

type badTable struct{ ID int64 }

func (badTable) TableName() string { return "drop table" }

func TestModelsThatCannotBeStored(t *testing.T) {
	d, _ := open()
	defer d.Close()
	for name, tc := range map[string]struct {
		make func()
		want string
	}{
		"no key":       {func() { db.NewTable[noKey](d) }, "has no primary key; add `ID int64`"},
		"a string key": {func() { db.NewTable[badKey](d) }, "the primary key is an int64"},
		"a channel":    {func() { db.NewTable[badField](d) }, "a column cannot hold a chan int"},
		"a name twice": {func() { db.NewTable[twice](d) }, `column "name" is named twice`},
		"an option":    {func() { db.NewTable[badOption](d) }, `unknown option "primary"`},
		"a bad name":   {func() { db.NewTable[badName](d) }, `column name "a-b" is not a plain identifier`},
		"a uint64":     {func() { db.NewTable[wideUint](d) }, "a column cannot hold a uint64"},
		"a bad table":  {func() { db.NewTable[badTable](d) }, `table name "drop table" is not a plain identifier`},
		"not a struct": {func() { db.NewTable[int](d) }, "a model is a struct"},
	} {
		t.Run(name, func(t *testing.T) {
			got := func() (msg string) {
				defer func() { msg, _ = recover().(string) }()
				tc.make()
				return ""
			}()
			if !strings.HasPrefix(got, "panther: db: ") || !strings.Contains(got, tc.want) {
				t.Errorf("panic %q, want one containing %q", got, tc.want)
			}
		})
	}
}

// Names default to snake case; the table to the type's.
type UserProfile struct {
	ID        int64
	HTTPProxy string
	CreatedAt time.Time
	skipped   int
	Ignored   int `db:"-"`
}

func TestDefaultNames(t *testing.T) {
	d, _ := open()
	defer d.Close()
	tb := db.NewTable[UserProfile](d)
	if tb.Name() != "user_profile" || tb.Model() != "UserProfile" || strings.Join(tb.Fields(), ",") != "id,http_proxy,created_at" {
		t.Errorf("table %q model %q fields %v", tb.Name(), tb.Model(), tb.Fields())
	}
}

// Statements are logged at debug level with their kind, table and
// duration, never their values.
func TestQueryLog(t *testing.T) {
	var log bytes.Buffer
	ctx := context.Background()
	d, err := sqlite.Open(ctx, "sqlite::memory:", db.Options{Logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	books := db.NewTable[Book](d)
	d.AutoMigrate(ctx, books)
	books.Insert(ctx, &Book{Title: "secret title"})
	books.Find(ctx, db.Query{Where: db.Eq("title", "secret title")})
	out := log.String()
	for _, want := range []string{"kind=insert table=book duration=", "kind=find table=book duration=", "kind=ddl table=book"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret") {
		t.Errorf("the log shows a bound value:\n%s", out)
	}
}
