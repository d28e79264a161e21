package jwt_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/auth/jwt"
)

func Example() {
	type account struct{ id, name string }
	accounts := map[string]account{"7": {"7", "alice"}}
	tokens, err := jwt.New(jwt.Config{
		Key: []byte("a development key of at least 32 bytes"),
		LoadUser: func(ctx context.Context, id string) (panther.User, error) {
			if a, ok := accounts[id]; ok {
				return exampleUser(a.id), nil
			}
			return nil, nil // no such user: 401
		},
	})
	if err != nil {
		panic(err)
	}
	app := panther.New(panther.Config{Authenticator: tokens, URLs: panther.URLs{
		"me/": panther.API{Auth: panther.AuthRequired, Handler: func(r *panther.Request) (any, error) {
			return map[string]string{"id": r.User().UserID()}, nil
		}},
	}})
	defer app.Close()

	pair, _ := tokens.Login(exampleUser("7"))
	for _, auth := range []string{"Bearer " + pair.AccessToken, "Bearer " + pair.RefreshToken, ""} {
		req := httptest.NewRequest(http.MethodGet, "/me/", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, req)
		fmt.Println(w.Code, w.Header().Get("WWW-Authenticate"), w.Body)
	}
	// Output:
	// 200  {"id":"7"}
	// 401 Bearer {"detail":"Authentication Error"}
	// 401 Bearer {"detail":"Authentication Error"}
}

type exampleUser string

func (u exampleUser) UserID() string { return string(u) }
