package panthertest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/openapi"
	"github.com/panther-go/panther/panthertest"
)

// recorder is a testing.TB that keeps what would fail the test.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

type Item struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

type ItemIn struct {
	Name string `json:"name" validate:"required"`
}

// TestContract: each kind of drift between an app and its document fails
// the test, and an exchange the document describes does not.
func TestContract(t *testing.T) {
	var drift struct {
		status int
		body   any
	}
	app := panther.New(panther.Config{URLs: panther.URLs{
		"items/": panther.API{
			Get: panther.Typed(func(r *panther.Request, _ struct{}) ([]Item, error) { return []Item{{1, "a"}}, nil }),
			Post: panther.Operation{Input: ItemIn{}, Output: Item{}, Status: http.StatusCreated, Handler: func(r *panther.Request) (any, error) {
				if drift.status != 0 {
					return panther.Response{Status: drift.status, Data: drift.body}, nil
				}
				return Item{2, "b"}, nil
			}},
		},
		// What the document says of this one is built below, by hand, wrong.
		"loose/": panther.API{Methods: []string{http.MethodPost}, Handler: func(r *panther.Request) (any, error) {
			if drift.body != nil {
				return drift.body, nil
			}
			return Item{3, "c"}, nil
		}},
	}})
	doc, err := openapi.Build(app, openapi.Config{})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(doc)
	// The document of loose/ says its body needs a name; the app takes anything.
	var m map[string]any
	json.Unmarshal(raw, &m)
	loose := m["paths"].(map[string]any)["/loose"].(map[string]any)["post"].(map[string]any)
	loose["responses"].(map[string]any)["200"] = map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
		"type": "object", "required": []string{"id"}, "properties": map[string]any{"id": map[string]any{"type": "integer"}}}}}}
	loose["requestBody"] = map[string]any{
		"required": true,
		"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
			"type": "object", "required": []string{"name"}, "properties": map[string]any{"name": map[string]any{"type": "string"}}}}},
	}
	raw, _ = json.Marshal(m)
	ct := panthertest.NewContract(t, raw)

	for _, tc := range []struct {
		name  string
		do    func(c *panthertest.Client)
		drift string // what the failure says; "" for none
	}{
		{"described", func(c *panthertest.Client) {
			c.Get("/items/")
			c.Post("/items/", ItemIn{Name: "b"})
			c.Post("/items/", map[string]string{}) // invalid, and refused: 400
			c.Get("/nothing/")                     // 404, not in the document: fine
			c.Delete("/items/")                    // 405: fine
		}, ""},
		{"an undocumented status", func(c *panthertest.Client) {
			drift.status, drift.body = http.StatusAccepted, Item{2, "b"}
			c.Post("/items/", ItemIn{Name: "b"})
		}, "status is not supported"},
		{"a body unlike the output", func(c *panthertest.Client) {
			drift.body = map[string]any{"id": "three"}
			c.Post("/loose/", map[string]string{"name": "c"})
		}, "response body doesn't match schema"},
		{"an invalid request accepted", func(c *panthertest.Client) {
			c.Post("/loose/", map[string]string{})
		}, "accepted (200) a request the document says is invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			drift.status, drift.body = 0, nil
			r := &recorder{TB: t}
			tc.do(panthertest.New(r, app).WithContract(ct))
			got := strings.Join(r.failures, "\n")
			switch {
			case tc.drift == "" && got != "":
				t.Errorf("failures for exchanges the document describes:\n%s", got)
			case tc.drift != "" && !strings.Contains(got, tc.drift):
				t.Errorf("failures %q, want one saying %q", got, tc.drift)
			}
		})
	}
}
