package openapi

import (
	"fmt"
	"strings"

	"github.com/panther-go/panther"
)

// security is the operation's security requirement: one alternative per
// scheme of its authenticator, any of which suffices. An authenticator
// that cannot describe itself (no panther.SecuritySchemer) is taken to
// read a bearer token.
func (b *builder) security(a panther.Authenticator) []map[string][]string {
	schemes := []panther.SecurityScheme{{Name: "bearer", Type: "http", Scheme: "bearer"}}
	if s, ok := a.(panther.SecuritySchemer); ok && len(s.SecuritySchemes()) > 0 {
		schemes = s.SecuritySchemes()
	}
	var reqs []map[string][]string
	for _, s := range schemes {
		reqs = append(reqs, map[string][]string{b.securityScheme(s): {}})
	}
	return reqs
}

// securityScheme adds s to the document's schemes and returns its name.
// Two different schemes given one name keep apart: the later one (routes
// come sorted) gets a suffix, 2 and up.
func (b *builder) securityScheme(s panther.SecurityScheme) string {
	c := b.doc.Components
	if c.SecuritySchemes == nil {
		c.SecuritySchemes = map[string]*SecurityScheme{}
	}
	want := &SecurityScheme{Type: s.Type, Description: s.Description}
	switch s.Type {
	case "http":
		want.Scheme, want.BearerFormat = s.Scheme, s.BearerFormat
	case "apiKey":
		want.In, want.Name = s.In, s.Param
	}
	base := componentName(s.Name, s.Scheme, s.Param, s.Type)
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s%d", base, i)
		}
		have, taken := c.SecuritySchemes[name]
		if !taken {
			c.SecuritySchemes[name] = want
			return name
		}
		if *have == *want {
			return name
		}
	}
}

// componentName is the first of names that is not empty, with the
// characters a component name cannot hold replaced by '_'.
func componentName(names ...string) string {
	for _, n := range names {
		if n == "" {
			continue
		}
		return strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
				return r
			}
			return '_'
		}, n)
	}
	return "auth"
}
