package panther

import (
	"maps"
	"slices"
	"strings"
)

// ValidationError is a 400 whose body is the flat object of field paths
// and messages, {"title":"is required","tags.3":"must be at most 20
// characters"}, keyed by JSON names — Python Panther's shape. The input
// step returns one; a Validate method may too.
type ValidationError map[string]string

func (e ValidationError) Error() string {
	var b strings.Builder
	for i, k := range slices.Sorted(maps.Keys(e)) {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k + ": " + e[k])
	}
	return b.String()
}
