package users_test

import (
	"errors"
	"log/slog"
	"testing"

	"github.com/panther-go/panther/auth/password"
	"github.com/panther-go/panther/auth/users"
	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/db/sqlite"
)

// cheap hashing parameters: the tests check the flow, not argon2's cost.
var cheap = password.Params{Memory: 64, Time: 1, Threads: 1}

func TestUsers(t *testing.T) {
	ctx := t.Context()
	d, err := sqlite.Open(ctx, "sqlite::memory:", db.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	accounts := users.New(d, cheap)
	if err := d.AutoMigrate(ctx, accounts.Table()); err != nil {
		t.Fatal(err)
	}
	alice, err := accounts.Create(ctx, "alice", "alice-pass", false)
	if err != nil || alice.ID == 0 || alice.PasswordHash == "alice-pass" {
		t.Fatalf("Create: %+v %v", alice, err)
	}
	var conflict *db.ConflictError
	if _, err := accounts.Create(ctx, "alice", "x", false); !errors.As(err, &conflict) || conflict.Field != "username" {
		t.Errorf("a taken username: %v", err)
	}
	if created, err := accounts.Ensure(ctx, "alice", "other", true); err != nil || created {
		t.Errorf("Ensure of an existing user: %v %v", created, err)
	}
	if created, err := accounts.Ensure(ctx, "admin", "admin-pass", true); err != nil || !created {
		t.Errorf("Ensure of a new user: %v %v", created, err)
	}
	for _, tc := range []struct{ user, pass string }{{"alice", "wrong"}, {"nobody", "alice-pass"}} {
		if u, err := accounts.Check(ctx, tc.user, tc.pass); u != nil || err != nil {
			t.Errorf("Check(%s, %s): %v %v, want nil, nil", tc.user, tc.pass, u, err)
		}
	}
	u, err := accounts.Check(ctx, "alice", "alice-pass")
	if err != nil || u == nil || u.LastLogin == nil {
		t.Fatalf("Check: %+v %v", u, err)
	}
	loaded, err := accounts.Load(ctx, u.UserID())
	if err != nil || loaded == nil || loaded.UserID() != u.UserID() {
		t.Errorf("Load: %v %v", loaded, err)
	}
	if got := loaded.(*users.User); got.LastLogin == nil {
		t.Error("the last login was not stored")
	}
	for _, id := range []string{"999", "x"} {
		if u, err := accounts.Load(ctx, id); u != nil || err != nil {
			t.Errorf("Load(%s): %v %v, want nil, nil", id, u, err)
		}
	}
	if err := accounts.SetPassword(ctx, alice.ID, "new-pass"); err != nil {
		t.Fatal(err)
	}
	if u, _ := accounts.Check(ctx, "alice", "new-pass"); u == nil {
		t.Error("the new password does not work")
	}
	if err := accounts.SetPassword(ctx, 999, "x"); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("SetPassword of nobody: %v", err)
	}
}
