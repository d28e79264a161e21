package peer

import (
	"encoding/json"
	"net/http"

	"github.com/panther-go/panther/bench/internal/payload"
	"github.com/panther-go/panther/bench/servers"
)

// WriteJSON writes v as JSON with status, the hand-written way.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"detail":"Internal Server Error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

// WriteDetail writes {"detail": detail} with status.
func WriteDetail(w http.ResponseWriter, status int, detail string) {
	WriteJSON(w, status, payload.Detail{Detail: detail})
}

// ReadNote decodes and validates a NoteIn body; ok is false when it has
// answered 400 itself.
func (k *Kit) ReadNote(w http.ResponseWriter, r *http.Request) (in payload.NoteIn, ok bool) {
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		WriteDetail(w, http.StatusBadRequest, "invalid JSON")
		return in, false
	}
	if err := k.Validate.Struct(in); err != nil {
		WriteDetail(w, http.StatusBadRequest, err.Error())
		return in, false
	}
	return in, true
}

// Plaintext answers servers.PlaintextBody as text/plain, the hand-written
// way.
func Plaintext(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(plaintext)
}

var plaintext = []byte(servers.PlaintextBody)
