package panther_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/panther-go/panther"
)

// FuzzInput sends arbitrary bodies, with each accepted media type, through
// the input step: whatever arrives, the answer is a 2xx or a 4xx — never a
// 5xx, never a panic. CI runs it for a bounded time (.ci/run).
func FuzzInput(f *testing.F) {
	for _, seed := range []string{
		`{"title":"milk","tags":["a","b"]}`, `{"title":5}`, `null`, ``, `{"title":`, `[]`, `"x"`,
		`{"title":"a","tags":[1,{}]}`, `{"address":{"city":null}}`, `{"email":"a@b.co","age":1e400}`,
		"title=a&count=x&tag=1", "--X\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhi\r\n--X--\r\n",
		`{"title":"\ud800"}`, `{"from":-1,"to":99999999999999999999}`,
	} {
		for kind := range uint8(4) {
			f.Add(kind, []byte(seed))
		}
	}
	app := panther.New(panther.Config{Logger: slog.New(slog.DiscardHandler), URLs: panther.URLs{
		"notes":  panther.API{Input: NoteIn{}, Handler: func(r *panther.Request) (any, error) { return panther.Input[NoteIn](r), nil }},
		"signup": panther.API{Input: SignUp{}, Handler: func(r *panther.Request) (any, error) { return panther.Input[SignUp](r), nil }},
		"upload": panther.API{Input: Upload{}, Handler: func(r *panther.Request) (any, error) { return panther.Input[Upload](r).Title, nil }},
		"range":  panther.API{Input: Range{}, Handler: func(r *panther.Request) (any, error) { return panther.Input[Range](r), nil }},
	}})
	contentTypes := []string{"application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=X", ""}
	f.Fuzz(func(t *testing.T, kind uint8, body []byte) {
		for _, path := range []string{"/notes", "/signup", "/upload", "/range"} {
			req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(string(body)))
			if ct := contentTypes[int(kind)%len(contentTypes)]; ct != "" {
				req.Header.Set("Content-Type", ct)
			}
			w := httptest.NewRecorder()
			app.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Fatalf("POST %s %q: %d %s", path, body, w.Code, w.Body)
			}
		}
	})
}
