// Package payload holds the request and response bodies every server of
// the benchmark shares, so they all speak the same JSON.
package payload

// Message is GET /hello's answer.
type Message struct {
	Message string `json:"message"`
}

// ID is GET /users/{id}'s answer.
type ID struct {
	ID string `json:"id"`
}

// User is GET /me's answer: the token's subject.
type User struct {
	User string `json:"user"`
}

// OK is the answer of GET /throttled and GET /cached.
type OK struct {
	OK bool `json:"ok"`
}

// NoteIn is the body of POST /notes and POST /full. The `validate` tags are
// go-playground/validator's (Panther, echo, chi, net/http, fiber, fuego);
// gin reads the same rules from `binding`. Huma declares them in its own
// schema tags (see servers/huma).
type NoteIn struct {
	Title string   `json:"title" validate:"required,min=1,max=100" binding:"required,min=1,max=100"`
	Body  string   `json:"body,omitempty" validate:"max=2000" binding:"max=2000"`
	Tags  []string `json:"tags,omitempty" validate:"max=5,dive,min=1,max=20" binding:"max=5,dive,min=1,max=20"`
}

// Note is a created note: the input echoed with its id.
type Note struct {
	ID    int      `json:"id"`
	Title string   `json:"title"`
	Body  string   `json:"body,omitempty"`
	Tags  []string `json:"tags,omitempty"`
}

// NewNote is the note every server answers POST /notes and POST /full
// with: the input, id 1.
func NewNote(in NoteIn) Note {
	return Note{ID: 1, Title: in.Title, Body: in.Body, Tags: in.Tags}
}

// Detail is the error body of the hand-written middlewares.
type Detail struct {
	Detail string `json:"detail"`
}
