package schema

import "strings"

// rule is one validate tag entry: "max=5" is {name: "max", param: "5"}.
type rule struct {
	name, param string
}

// parseRules splits a validate tag into levels: the rules for the field
// itself, then one level per "dive" for its elements. Key rules
// ("keys,…,endkeys") are dropped. An alternative ("email|url") is kept as
// one rule named after the whole entry, which constrains nothing but still
// counts as a rule for nil pointers.
func parseRules(tag string) [][]rule {
	if tag == "" || tag == "-" {
		return nil
	}
	levels := [][]rule{nil}
	inKeys := false
	for part := range strings.SplitSeq(tag, ",") {
		switch {
		case inKeys:
			inKeys = part != "endkeys"
		case part == "keys":
			inKeys = true
		case part == "dive":
			levels = append(levels, nil)
		default:
			ru := rule{name: part}
			if !strings.Contains(part, "|") {
				name, param, _ := strings.Cut(part, "=")
				ru = rule{name: name, param: unescape(param)}
			}
			last := len(levels) - 1
			levels[last] = append(levels[last], ru)
		}
	}
	return levels
}

// unescape turns the validator's escapes for its separators back into the
// characters.
func unescape(param string) string {
	return strings.NewReplacer("0x2C", ",", "0x7C", "|").Replace(param)
}

// has reports whether the rules include one named name.
func has(rules []rule, name string) bool {
	for _, ru := range rules {
		if ru.name == name {
			return true
		}
	}
	return false
}

// nilSafe are the rules that, first in a tag, let a nil pointer pass: the
// validator skips the rest or decides from other fields.
var nilSafe = map[string]bool{
	"omitempty": true, "omitnil": true, "omitzero": true, "isdefault": true,
	"required_if": true, "required_unless": true, "required_with": true,
	"required_with_all": true, "required_without": true, "required_without_all": true,
	"excluded_if": true, "excluded_unless": true, "excluded_with": true,
	"excluded_with_all": true, "excluded_without": true, "excluded_without_all": true,
	"skip_unless": true,
}

// acceptsNil reports whether the validator lets a nil pointer through the
// rules of its level (dive follows when deeper is true): it does when there
// are none, or when the first one is in nilSafe. Any other tag fails a nil
// pointer, even "dive" or "min=1".
func acceptsNil(rules []rule, deeper bool) bool {
	if len(rules) == 0 {
		return !deeper
	}
	return nilSafe[rules[0].name]
}
