// Package db is Panther's data layer: a model is a Go struct, and a
// Table of it gives Python Panther's query API — Find, FindOne, First,
// Last, Count, Exists, Insert, InsertMany, UpdateOne, UpdateMany,
// DeleteOne, DeleteMany, FindOneOrInsert — typed, with a context first.
//
//	type Book struct {
//		ID     int64     `db:"id"`
//		Title  string    `db:"title,unique"`
//		Year   int       `db:"year"`
//		Tags   []string  `db:"tags"` // stored as JSON
//		Note   *string   `db:"note"` // nullable
//		Added  time.Time `db:"added"`
//	}
//
//	books := db.NewTable[Book](d)
//	b := Book{Title: "Dune", Year: 1965}
//	err := books.Insert(ctx, &b)                                 // b.ID is set
//	old, err := books.Find(ctx, db.Query{Where: db.Lt("year", 1970), Sort: []db.Sort{{Field: "year"}}})
//	n, err := books.UpdateMany(ctx, db.Eq("year", 1965), db.Set{"note": nil}) // exactly the fields named
//	b, err = books.FindOne(ctx, db.Eq("title", "Dune"))          // 404 "Book Does Not Exist" when none
//
// Filters are values, never SQL: Eq, Ne, Gt, Gte, Lt, Lte, In, IsNull,
// NotNull, Contains (case-insensitive) and And, Or. Every field name is
// checked against the model and every value bound as a parameter, so no
// input reaches SQL text; a name the model lacks or a value of the wrong
// type is a *FieldError naming the field.
//
// # Models
//
// Columns are named by `db` tags (`db:"-"` leaves a field out), else by
// the field's name in snake case. The primary key is the int64 field
// named ID (or tagged `db:"id,pk"`), given by the database on insert.
// Fields hold bools, integers, floats, strings, []byte, time.Time and
// pointers to those (NULL when nil); slices, maps and structs are stored as
// JSON. Options after the name: unique; unique=GROUP, which makes the
// fields tagged with one GROUP unique together (AutoMigrate creates the
// index, on an existing table too); and ref=TABLE for a foreign key to
// that table's id. The table is named by a TableName() string method, else
// the type's name in snake case. A model that cannot be stored panics in
// NewTable with a message that says how to fix it.
//
// # Backends
//
// db/sqlite (pure Go, the zero-setup default: a file or memory) and
// db/postgres (pgx) open a *DB from a URL, directly or through Open once
// imported; both pass db/dbtest's conformance suite. AutoMigrate creates
// missing tables and adds missing columns; Migrate applies versioned SQL
// files in order, each in a transaction, recorded in the table
// panther_migrations.
//
// # Errors
//
// A row that is not there is a *NotFoundError ("Book Does Not Exist"), a
// unique violation a *ConflictError naming the field, a foreign key that
// points nowhere a *ReferenceError. Each has an HTTPStatus method, so a
// Panther handler that returns one answers 404, 409 or 400 with its text;
// the driver's own message is never shown to a client.
package db
