// Command dbwriters runs concurrent writers against a database through
// package db for a while and reports throughput and errors:
//
//	go run ./cmd/dbwriters -db sqlite:/tmp/w.db -writers 100 -duration 10s
//	go run ./cmd/dbwriters -db postgres://postgres@127.0.0.1:5432/test
//
// Each writer inserts a row, updates it and counts its own rows, in a
// loop; every error is counted and the first is printed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/panther-go/panther/db"
	_ "github.com/panther-go/panther/db/postgres"
	_ "github.com/panther-go/panther/db/sqlite"
)

type note struct {
	ID     int64  `db:"id"`
	Writer int    `db:"writer"`
	Text   string `db:"text"`
	Done   bool   `db:"done"`
}

func (note) TableName() string { return "dbwriters_note" }

func main() {
	url := flag.String("db", "sqlite:dbwriters.db", "the database URL")
	writers := flag.Int("writers", 100, "concurrent writers")
	duration := flag.Duration("duration", 10*time.Second, "how long to write")
	flag.Parse()
	if err := run(*url, *writers, *duration); err != nil {
		fmt.Fprintln(os.Stderr, "dbwriters:", err)
		os.Exit(1)
	}
}

func run(url string, writers int, duration time.Duration) error {
	ctx := context.Background()
	d, err := db.Open(ctx, url, db.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	defer d.Close()
	d.SQL().ExecContext(ctx, `DROP TABLE IF EXISTS "dbwriters_note"`)
	notes := db.NewTable[note](d)
	if err := d.AutoMigrate(ctx, notes); err != nil {
		return err
	}
	var ops, failures atomic.Int64
	var first atomic.Value
	stop := time.Now().Add(duration)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for time.Now().Before(stop) {
				n := note{Writer: w, Text: "hello"}
				err := notes.Insert(ctx, &n)
				if err == nil {
					_, err = notes.UpdateOne(ctx, db.Eq("id", n.ID), db.Set{"done": true})
				}
				if err == nil {
					_, err = notes.Count(ctx, db.Eq("writer", w))
				}
				if err != nil {
					failures.Add(1)
					first.CompareAndSwap(nil, err)
					continue
				}
				ops.Add(1)
			}
		})
	}
	wg.Wait()
	rows, err := notes.Count(ctx, db.Filter{})
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d writers for %v: %d rounds (insert + update + count), %.0f rounds/s, %d rows, %d errors\n",
		d.Dialect().Name(), writers, duration, ops.Load(), float64(ops.Load())/duration.Seconds(), rows, failures.Load())
	if e, ok := first.Load().(error); ok {
		return fmt.Errorf("the first error: %w", e)
	}
	if rows != ops.Load() {
		return errors.New("the rows do not match the rounds")
	}
	return nil
}
