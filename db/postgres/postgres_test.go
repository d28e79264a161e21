package postgres_test

import (
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/db/dbtest"
	"github.com/panther-go/panther/db/postgres"
)

// The suite runs on the PostgreSQL of PANTHER_TEST_POSTGRES
// (postgres://postgres@127.0.0.1:5432/test?sslmode=disable on CI); it
// drops and creates its own tables there.
func TestConformance(t *testing.T) {
	url := os.Getenv("PANTHER_TEST_POSTGRES")
	if url == "" {
		t.Skip("PANTHER_TEST_POSTGRES is not set")
	}
	dbtest.Run(t, func(t *testing.T) *db.DB {
		d, err := postgres.Open(t.Context(), url, db.Options{Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	})
}

func TestOpenErrors(t *testing.T) {
	for _, url := range []string{"postgres://nobody:secret@127.0.0.1:1/none?sslmode=disable&connect_timeout=1", "postgres://%zz"} {
		_, err := postgres.Open(t.Context(), url, db.Options{})
		if err == nil {
			t.Errorf("%s opened", url)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "db/postgres: ") || !strings.Contains(msg, "is PostgreSQL running") && !strings.Contains(msg, "is not a PostgreSQL URL") || strings.Contains(msg, "secret") {
			t.Errorf("%s: %q, want a message that says what to check, without the password", url, msg)
		}
	}
}
