package panthertest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/panthertest"
)

func Example() {
	app := panther.New(panther.Config{URLs: panther.URLs{
		"hello/<name>/": panther.API{Methods: []string{http.MethodGet}, Handler: func(r *panther.Request) (any, error) {
			return map[string]string{"message": "Hello, " + r.PathVar("name") + "!"}, nil
		}},
	}})
	t := &testing.T{} // in a test, the test's own *testing.T
	c := panthertest.New(t, app)

	res := c.Get("/hello/ali/").WantStatus(http.StatusOK)
	var body struct{ Message string }
	res.JSON(&body)
	fmt.Println(body.Message)

	res = c.Post("/hello/ali/", nil)
	fmt.Println(res.Status, res.Header.Get("Allow"), res.Detail())
	// Output:
	// Hello, ali!
	// 405 GET, HEAD, OPTIONS Method Not Allowed
}
