package main

import (
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/crud"
	"github.com/panther-go/panther/db"
	"github.com/panther-go/panther/permission"
)

// Book is a row of the books table and what the books routes answer.
type Book struct {
	ID        int64     `db:"id" json:"id"`
	Title     string    `db:"title,unique=title_author" json:"title"`
	Author    string    `db:"author,unique=title_author" json:"author"`
	Year      int       `db:"year" json:"year"`
	Tags      []string  `db:"tags" json:"tags"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// BookIn is what POST and PUT take: every field but tags required.
type BookIn struct {
	Title  string   `json:"title" validate:"required,min=1,max=200"`
	Author string   `json:"author" validate:"required,min=1,max=100"`
	Year   int      `json:"year" validate:"required,min=1450,max=2100"`
	Tags   []string `json:"tags,omitempty" validate:"max=5,dive,min=1,max=20"`
}

// BookPatch is what PATCH takes: any of BookIn's fields; those not sent
// keep their values.
type BookPatch struct {
	Title  *string   `json:"title,omitempty" validate:"omitempty,min=1,max=200"`
	Author *string   `json:"author,omitempty" validate:"omitempty,min=1,max=100"`
	Year   *int      `json:"year,omitempty" validate:"omitempty,min=1450,max=2100"`
	Tags   *[]string `json:"tags,omitempty" validate:"omitempty,max=5,dive,min=1,max=20"`
}

// booksURLs are the generic CRUD routes over the books table: anyone
// reads (cached for a minute, and invalidated by every write), admins
// write.
func booksURLs(books *db.Table[Book]) panther.URLs {
	return crud.Routes(books, crud.Config[Book]{
		API: panther.API{
			Auth:        panther.AuthOptional,
			Permissions: []panther.Permission{permission.Any(permission.ReadOnly{}, permission.IsAdmin{})},
			Cache:       time.Minute,
			Docs:        panther.Docs{Tags: []string{"books"}, Summary: "The books: anyone reads, admins write"},
		},
		Create:  BookIn{},
		Replace: BookIn{},
		Patch:   BookPatch{},
		Delete:  true,
		Search:  []string{"title", "author"},
		Filter:  []string{"author", "year"},
		Sort:    []string{"title", "year"},
		BeforeCreate: func(r *panther.Request, b *Book) error {
			b.CreatedAt = time.Now().UTC().Truncate(time.Second)
			if b.Tags == nil {
				b.Tags = []string{}
			}
			return nil
		},
		BeforeUpdate: func(r *panther.Request, b Book, set db.Set) error {
			if tags, ok := set["tags"]; ok && tags.([]string) == nil {
				set["tags"] = []string{}
			}
			return nil
		},
	})
}
