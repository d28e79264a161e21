package schema

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// formats maps validator tags to the JSON Schema format they check.
// "ip" accepts IPv4 and IPv6 and so has none: JSON Schema has no format
// for either.
var formats = map[string]string{
	"email": "email",
	"url":   "uri", "uri": "uri", "http_url": "uri", "https_url": "uri",
	"uuid": "uuid", "uuid3": "uuid", "uuid4": "uuid", "uuid5": "uuid",
	"uuid_rfc4122": "uuid", "uuid3_rfc4122": "uuid", "uuid4_rfc4122": "uuid", "uuid5_rfc4122": "uuid",
	"ipv4": "ipv4", "ip4_addr": "ipv4", "ipv6": "ipv6", "ip6_addr": "ipv6",
	"hostname": "hostname", "hostname_rfc1123": "hostname", "fqdn": "hostname",
}

// patterns maps validator tags to the regular expression they use, which
// reads the same in ECMA 262, the dialect JSON Schema patterns are in.
var patterns = map[string]string{
	"alpha":    "^[a-zA-Z]+$",
	"alphanum": "^[a-zA-Z0-9]+$",
	"numeric":  "^[-+]?[0-9]+(?:\\.[0-9]+)?$",
	"number":   "^[0-9]+$",
}

// layouts maps datetime layouts to the format of the strings they accept.
// Other layouts get no format: JSON Schema names none that fits them.
var layouts = map[string]string{
	"":                     "date-time",
	time.RFC3339:           "date-time",
	time.RFC3339Nano:       "date-time",
	"2006-01-02T15:04:05Z": "date-time",
	time.DateOnly:          "date",
}

// text adds a rule that only strings have: a format or a pattern.
func text(s *Schema, ru rule) {
	if f, ok := formats[ru.name]; ok {
		s.Format = f
	}
	if p, ok := patterns[ru.name]; ok {
		s.Pattern = p
	}
	if f, ok := layouts[ru.param]; ok && ru.name == "datetime" {
		s.Format = f
	}
}

// enum is oneof: the values, space separated and single-quoted when they
// hold spaces ("'a b' c"), typed for t. The validator compares integers by
// their decimal text, so "01" never matches and is left out; other kinds
// have no enum.
func enum(t reflect.Type, m measure, param string) []any {
	var out []any
	for _, v := range oneofValues(param) {
		switch {
		case m == runes:
			out = append(out, v)
		case m != value:
		case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && strconv.FormatInt(n, 10) == v {
				out = append(out, n)
			}
		case t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64:
			if n, err := strconv.ParseUint(v, 10, 64); err == nil && strconv.FormatUint(n, 10) == v {
				out = append(out, n)
			}
		}
	}
	return out
}

// oneofSplit is the validator's own: a quoted run or a run of non-spaces.
var oneofSplit = regexp.MustCompile(`'[^']*'|\S+`)

// oneofValues splits a oneof parameter as the validator does, removing
// the quotes.
func oneofValues(param string) []string {
	vals := oneofSplit.FindAllString(param, -1)
	for i, v := range vals {
		vals[i] = strings.ReplaceAll(v, "'", "")
	}
	return vals
}
