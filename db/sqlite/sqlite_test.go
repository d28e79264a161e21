package sqlite_test

import (
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/db/dbtest"
	"github.com/panther-go/panther/db/sqlite"
)

func TestConformanceFile(t *testing.T) {
	dbtest.Run(t, func(t *testing.T) *db.DB {
		d, err := sqlite.Open(t.Context(), "sqlite:"+filepath.Join(t.TempDir(), "test.db"), db.Options{Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	})
}

func TestConformanceMemory(t *testing.T) {
	dbtest.Run(t, func(t *testing.T) *db.DB {
		d, err := sqlite.Open(t.Context(), "sqlite::memory:", db.Options{Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	})
}
