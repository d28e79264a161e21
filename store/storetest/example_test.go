package storetest_test

import (
	"testing"

	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/memory"
	"github.com/panther-go/panther/store/storetest"
)

// A backend's test hands Run a constructor for fresh stores. This one
// runs in a testing/synctest bubble, since store/memory keeps time with
// the process's clock; a networked backend passes storetest.Options{}.
//
// The example has no output to check: Run needs the *testing.T of a
// real test, and running a suite from an example would print its test
// lines into the example's output under go test -v.
func ExampleRun() {
	_ = func(t *testing.T) { // func TestConformance(t *testing.T)
		storetest.Run(t, func(t *testing.T) store.Store {
			return memory.New(memory.Options{})
		}, storetest.Options{Synctest: true})
	}
}
