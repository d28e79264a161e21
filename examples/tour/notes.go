package main

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/panther-go/panther"
)

// NoteIn is what a client sends to create or replace a note.
type NoteIn struct {
	Title string   `json:"title"`
	Body  string   `json:"body"`
	Tags  []string `json:"tags"`
}

// Note is a stored note.
type Note struct {
	ID        int       `json:"id"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Tags      []string  `json:"tags"`
	Owner     string    `json:"owner"`
	CreatedAt time.Time `json:"created_at"`
}

// noteStore keeps notes in memory, safe for concurrent requests.
type noteStore struct {
	mu     sync.Mutex
	nextID int
	notes  map[int]Note
}

func newNoteStore() *noteStore { return &noteStore{nextID: 1, notes: map[int]Note{}} }

func (s *noteStore) create(owner string, in NoteIn) Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := Note{ID: s.nextID, Title: in.Title, Body: in.Body, Tags: tagsOrEmpty(in.Tags), Owner: owner, CreatedAt: time.Now().UTC().Truncate(time.Second)}
	s.notes[n.ID] = n
	s.nextID++
	return n
}

func (s *noteStore) list(owner string) []Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Note{}
	for _, n := range s.notes {
		if n.Owner == owner {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b Note) int { return a.ID - b.ID })
	return out
}

func (s *noteStore) get(owner string, id int) (Note, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.notes[id]
	return n, ok && n.Owner == owner
}

func (s *noteStore) replace(owner string, id int, in NoteIn) (Note, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.notes[id]
	if !ok || n.Owner != owner {
		return Note{}, false
	}
	n.Title, n.Body, n.Tags = in.Title, in.Body, tagsOrEmpty(in.Tags)
	s.notes[id] = n
	return n, true
}

func (s *noteStore) delete(owner string, id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.notes[id]
	if ok && n.Owner == owner {
		delete(s.notes, id)
	}
	return ok && n.Owner == owner
}

func tagsOrEmpty(tags []string) []string {
	if tags == nil {
		return []string{}
	}
	return tags
}

// owner is whose notes a request sees. Until the tour has authentication
// every caller shares one notebook.
func owner(*panther.Request) string { return "anonymous" }

// notesAPI is a function-style API: GET lists the caller's notes, POST
// adds one. Its own middleware marks every response with X-Notes: 1.
func notesAPI(notes *noteStore) panther.API {
	return panther.API{
		Methods:     []string{http.MethodGet, http.MethodPost},
		Middlewares: []panther.Middleware{markNotes},
		Handler: func(r *panther.Request) (any, error) {
			if r.Method != http.MethodPost {
				return notes.list(owner(r)), nil
			}
			in, err := decodeNote(r)
			if err != nil {
				return nil, err
			}
			return panther.Response{Status: http.StatusCreated, Data: notes.create(owner(r), in)}, nil
		},
	}
}

func markNotes(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Notes", "1")
		next.ServeHTTP(w, r)
	})
}

// noteAPI is a struct-style API: it answers GET, PUT and DELETE because it
// has those methods, and 405 to anything else.
type noteAPI struct {
	panther.GenericAPI
	notes *noteStore
}

func (a *noteAPI) Get(r *panther.Request) (any, error) {
	id, err := r.PathInt("id")
	if err != nil {
		return nil, err
	}
	if n, ok := a.notes.get(owner(r), id); ok {
		return n, nil
	}
	return nil, panther.NotFound()
}

func (a *noteAPI) Put(r *panther.Request) (any, error) {
	id, err := r.PathInt("id")
	if err != nil {
		return nil, err
	}
	in, err := decodeNote(r)
	if err != nil {
		return nil, err
	}
	if n, ok := a.notes.replace(owner(r), id, in); ok {
		return n, nil
	}
	return nil, panther.NotFound()
}

func (a *noteAPI) Delete(r *panther.Request) (any, error) {
	id, err := r.PathInt("id")
	if err != nil {
		return nil, err
	}
	if !a.notes.delete(owner(r), id) {
		return nil, panther.NotFound()
	}
	return panther.Response{Status: http.StatusNoContent}, nil
}

// decodeNote reads and checks a NoteIn body by hand; it gives way to the
// framework's declared input validation when that lands.
func decodeNote(r *panther.Request) (NoteIn, error) {
	var in *NoteIn
	err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20)).Decode(&in)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return NoteIn{}, panther.NewError(http.StatusRequestEntityTooLarge, "Request Entity Too Large")
	case errors.Is(err, io.EOF) || err == nil && in == nil:
		return NoteIn{}, panther.BadRequest("Request body is required")
	case err != nil:
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return NoteIn{}, panther.BadRequest(typeErr.Field + " has the wrong type")
		}
		return NoteIn{}, panther.UnprocessableEntity("JSON Decode Error")
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		return NoteIn{}, panther.BadRequest("title is required")
	case n > 100:
		return NoteIn{}, panther.BadRequest("title must be at most 100 characters")
	case utf8.RuneCountInString(in.Body) > 2000:
		return NoteIn{}, panther.BadRequest("body must be at most 2000 characters")
	case len(in.Tags) > 5:
		return NoteIn{}, panther.BadRequest("tags must have at most 5 items")
	}
	for _, tag := range in.Tags {
		if n := utf8.RuneCountInString(tag); n == 0 || n > 20 {
			return NoteIn{}, panther.BadRequest("each tag must be 1 to 20 characters")
		}
	}
	return *in, nil
}
