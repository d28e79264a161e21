package main

import (
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/users"
)

// NoteIn is what a client sends to create or replace a note.
type NoteIn struct {
	Title string   `json:"title" validate:"required,min=1,max=100"`
	Body  string   `json:"body,omitempty" validate:"max=2000"`
	Tags  []string `json:"tags,omitempty" validate:"max=5,dive,min=1,max=20"`
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
	counts map[string]int // notes per owner
}

// maxNotes bounds one user's notes, so one account cannot fill the
// memory nor make GET /notes/ answer megabytes.
const maxNotes = 200

func newNoteStore() *noteStore {
	return &noteStore{nextID: 1, notes: map[int]Note{}, counts: map[string]int{}}
}

func (s *noteStore) create(owner string, in NoteIn) (Note, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.counts[owner] >= maxNotes {
		return Note{}, panther.NewError(http.StatusConflict, "You have 200 notes, the most a user may keep; delete some first")
	}
	s.counts[owner]++
	n := Note{ID: s.nextID, Title: in.Title, Body: in.Body, Tags: tagsOrEmpty(in.Tags), Owner: owner, CreatedAt: time.Now().UTC().Truncate(time.Second)}
	s.notes[n.ID] = n
	s.nextID++
	return n, nil
}

func (s *noteStore) list(owner string, q NoteQuery) []Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Note{}
	for _, n := range s.notes {
		if n.Owner == owner && (q.Tag == "" || slices.Contains(n.Tags, q.Tag)) {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b Note) int { return a.ID - b.ID })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
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
		s.counts[owner]--
	}
	return ok && n.Owner == owner
}

func tagsOrEmpty(tags []string) []string {
	if tags == nil {
		return []string{}
	}
	return tags
}

// owner is whose notes a request sees: the caller's own.
func owner(r *panther.Request) string { return r.User().(*users.User).Username }

func (s *noteStore) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.notes)
}

// NoteQuery filters the caller's notes: GET /notes/?tag=go&limit=10.
type NoteQuery struct {
	Tag   string `query:"tag" doc:"only the notes with this tag" validate:"omitempty,max=20"`
	Limit int    `query:"limit" default:"200" doc:"at most this many notes, oldest first" validate:"min=1,max=200"`
}

// notesAPI declares one Operation per method, each from a typed handler:
// GET lists the caller's notes, POST adds one and answers 201. Its own
// middleware marks every response with X-Notes: 1.
func notesAPI(notes *noteStore) panther.API {
	create := panther.Typed(func(r *panther.Request, in NoteIn) (Note, error) {
		return notes.create(owner(r), in)
	}).WithStatus(http.StatusCreated)
	create.Docs.Errors = []int{http.StatusConflict}
	return panther.API{
		Auth: panther.AuthRequired,
		Docs: panther.Docs{Summary: "List or add your notes", Tags: []string{"notes"}},
		Get: panther.Typed(func(r *panther.Request, q NoteQuery) ([]Note, error) {
			return notes.list(owner(r), q), nil
		}),
		Post:        create,
		Middlewares: []panther.Middleware{markNotes},
	}
}

func markNotes(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Notes", "1")
		next.ServeHTTP(w, r)
	})
}

// noteAPI is a struct-style API: it answers GET, PUT and DELETE because it
// has those methods, and 405 to anything else. The API it embeds declares
// each method's input, output and status.
type noteAPI struct {
	panther.API
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
	return nil, panther.NewError(http.StatusNotFound, "")
}

func (a *noteAPI) Put(r *panther.Request) (any, error) {
	id, err := r.PathInt("id")
	if err != nil {
		return nil, err
	}
	if n, ok := a.notes.replace(owner(r), id, panther.Input[NoteIn](r)); ok {
		return n, nil
	}
	return nil, panther.NewError(http.StatusNotFound, "")
}

func (a *noteAPI) Delete(r *panther.Request) (any, error) {
	id, err := r.PathInt("id")
	if err != nil {
		return nil, err
	}
	if !a.notes.delete(owner(r), id) {
		return nil, panther.NewError(http.StatusNotFound, "")
	}
	return nil, nil // 204, as its Operation declares
}
