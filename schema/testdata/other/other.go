// Package other holds a type named like one of the tests' own, so the
// tests can check that two packages' Note types get distinct definitions.
// Only tests import it.
package other

// Note clashes by name with schema_test.Note.
type Note struct {
	Text string `json:"text"`
}
