// Package users is a ready user model on package db: a username that is
// unique, an argon2id password hash (package auth/password), an admin flag,
// the last login and the date created — Python Panther's BaseUser — with
// what login and auth/jwt need.
//
//	accounts := users.New(d, password.Params{})
//	d.AutoMigrate(ctx, accounts.Table())
//	u, err := accounts.Create(ctx, "alice", "alice-pass", false)
//	tokens, err := jwt.New(jwt.Config{Key: key, LoadUser: accounts.Load})
//	…
//	u, err := accounts.Check(ctx, in.Username, in.Password) // nil when wrong
package users

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/password"
	"github.com/panther-go/panther/db"
)

// User is an account. Its hash never goes out as JSON.
type User struct {
	ID           int64      `db:"id" json:"id"`
	Username     string     `db:"username,unique" json:"username"`
	PasswordHash string     `db:"password_hash" json:"-"`
	Admin        bool       `db:"is_admin" json:"is_admin"`
	LastLogin    *time.Time `db:"last_login" json:"last_login"`
	DateCreated  time.Time  `db:"date_created" json:"date_created"`
}

// TableName is "users".
func (User) TableName() string { return "users" }

// UserID makes a *User a panther.User: its id in decimal.
func (u *User) UserID() string { return strconv.FormatInt(u.ID, 10) }

// IsAdmin lets permission.IsAdmin recognise admins.
func (u *User) IsAdmin() bool { return u.Admin }

// Users are the accounts of one database.
type Users struct {
	table  *db.Table[User]
	params password.Params
	dummy  string // a hash unknown usernames are checked against, so they take as long
}

// New returns the accounts on d, hashing with params (the package
// defaults when zero).
func New(d *db.DB, params password.Params) *Users {
	dummy, err := password.Hash("no such user", params)
	if err != nil {
		panic(fmt.Sprintf("panther: users: password.Params: %v", err))
	}
	return &Users{table: db.NewTable[User](d), params: params, dummy: dummy}
}

// Table is the users table, for AutoMigrate and queries of your own.
func (s *Users) Table() *db.Table[User] { return s.table }

// Create adds an account. A username that is taken is a
// *db.ConflictError (409); an empty username or password is an error.
func (s *Users) Create(ctx context.Context, username, pass string, admin bool) (User, error) {
	if username == "" || pass == "" {
		return User{}, errors.New("users: a username and a password are required")
	}
	hash, err := password.Hash(pass, s.params)
	if err != nil {
		return User{}, err
	}
	u := User{Username: username, PasswordHash: hash, Admin: admin, DateCreated: time.Now().UTC().Truncate(time.Microsecond)}
	return u, s.table.Insert(ctx, &u)
}

// Ensure creates the account unless its username exists, and reports
// whether it did: for seeding.
func (s *Users) Ensure(ctx context.Context, username, pass string, admin bool) (bool, error) {
	if ok, err := s.table.Exists(ctx, db.Eq("username", username)); err != nil || ok {
		return false, err
	}
	_, err := s.Create(ctx, username, pass, admin)
	var conflict *db.ConflictError
	if errors.As(err, &conflict) {
		return false, nil // created meanwhile, by another instance
	}
	return err == nil, err
}

// Check is the account whose username and password these are, with its
// last login set to now; nil, and no error, when either is wrong. An
// unknown username costs as long as a wrong password.
func (s *Users) Check(ctx context.Context, username, pass string) (*User, error) {
	u, err := s.table.FindOne(ctx, db.Eq("username", username))
	if errors.Is(err, db.ErrNotFound) {
		password.Check(s.dummy, pass)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ok, err := password.Check(u.PasswordHash, pass)
	if err != nil || !ok {
		return nil, err
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	if _, err := s.table.UpdateOne(ctx, db.Eq("id", u.ID), db.Set{"last_login": now}); err != nil {
		return nil, err
	}
	u.LastLogin = &now
	return &u, nil
}

// SetPassword replaces the password of the account id.
func (s *Users) SetPassword(ctx context.Context, id int64, pass string) error {
	hash, err := password.Hash(pass, s.params)
	if err != nil {
		return err
	}
	ok, err := s.table.UpdateOne(ctx, db.Eq("id", id), db.Set{"password_hash": hash})
	if err == nil && !ok {
		err = &db.NotFoundError{Model: "User"}
	}
	return err
}

// Load is the account whose UserID is id, for jwt.Config.LoadUser; nil,
// and no error, when there is none (the token's user is gone).
func (s *Users) Load(ctx context.Context, id string) (panther.User, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, nil
	}
	u, err := s.table.Get(ctx, n)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}
