package db

import (
	"errors"
	"net/http"
	"strings"
)

// NotFoundError is a row that is not there: Python Panther's
// find_one_or_raise, answered 404 {"detail":"Book Does Not Exist"}.
type NotFoundError struct {
	Model string // the model's type name, "Book"
}

func (e *NotFoundError) Error() string { return e.Model + " Does Not Exist" }

// HTTPStatus is 404.
func (e *NotFoundError) HTTPStatus() int { return http.StatusNotFound }

// ConflictError is a unique violation: another row already has the value.
type ConflictError struct {
	Model string
	Field string // the column, or a unique group's columns joined by commas; "" when the database did not say
}

func (e *ConflictError) Error() string {
	if e.Field == "" {
		return e.Model + " already exists"
	}
	cols := strings.Split(e.Field, ",")
	what := cols[len(cols)-1]
	if len(cols) > 1 {
		what = strings.Join(cols[:len(cols)-1], ", ") + " and " + what
	}
	return e.Model + " with this " + what + " already exists"
}

// HTTPStatus is 409.
func (e *ConflictError) HTTPStatus() int { return http.StatusConflict }

// ReferenceError is a foreign key that points at no row, or a row still
// pointed at by others.
type ReferenceError struct {
	Model string
	Field string // the column, "" when the database did not say
}

func (e *ReferenceError) Error() string {
	if e.Field == "" {
		return e.Model + " refers to a row that does not exist, or is referred to"
	}
	return e.Model + "." + e.Field + " refers to a row that does not exist"
}

// HTTPStatus is 409.
func (e *ReferenceError) HTTPStatus() int { return http.StatusConflict }

// FieldError is a query or a write that names a field the model lacks,
// or gives a value of the wrong type for it: the caller's mistake, which
// the CRUD layer answers 400 naming the field.
type FieldError struct {
	Field   string
	Message string // "is not a field of Book", "must be an integer"
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// HTTPStatus is 400.
func (e *FieldError) HTTPStatus() int { return http.StatusBadRequest }

// ErrNotFound matches every *NotFoundError with errors.Is.
var ErrNotFound = errors.New("db: not found")

func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// ConflictKind is what a backend reports a constraint failure as.
type ConflictKind int

const (
	NotAConflict ConflictKind = iota
	Unique
	Reference
)
