package validate

import (
	"reflect"
	"strconv"
)

// messages are the sentences of the tags that take no parameter.
var messages = map[string]string{
	"required":         "is required",
	"email":            "must be a valid email address",
	"url":              "must be a valid URL",
	"http_url":         "must be a valid HTTP URL",
	"uri":              "must be a valid URI",
	"uuid":             "must be a valid UUID",
	"uuid4":            "must be a valid version 4 UUID",
	"alpha":            "must contain only letters",
	"alphanum":         "must contain only letters and digits",
	"numeric":          "must be a number",
	"number":           "must be a number",
	"hexadecimal":      "must be hexadecimal",
	"lowercase":        "must be lower case",
	"uppercase":        "must be upper case",
	"ip":               "must be a valid IP address",
	"ipv4":             "must be a valid IPv4 address",
	"ipv6":             "must be a valid IPv6 address",
	"hostname":         "must be a valid host name",
	"unique":           "must not contain duplicates",
	"boolean":          "must be true or false",
	"json":             "must be valid JSON",
	"jwt":              "must be a JSON Web Token",
	"e164":             "must be a phone number in E.164 format",
	"iso3166_1_alpha2": "must be a two-letter country code",
}

// sizeMessage words min, max, len, gt, gte, lt, lte and eq/ne by what they
// measure: characters of a string, items of a collection, a number's value.
func sizeMessage(tag, param string, kind reflect.Kind) (string, bool) {
	var unit func(string) string
	switch kind {
	case reflect.String:
		unit = func(n string) string { return n + plural(n, " character", " characters") }
	case reflect.Slice, reflect.Array, reflect.Map:
		unit = func(n string) string { return n + plural(n, " item", " items") }
	default:
		unit = func(n string) string { return n }
	}
	measure := "must be"
	if kind == reflect.Slice || kind == reflect.Array || kind == reflect.Map {
		measure = "must have"
	}
	switch tag {
	case "min", "gte":
		return measure + " at least " + unit(param), true
	case "max", "lte":
		return measure + " at most " + unit(param), true
	case "len":
		return measure + " exactly " + unit(param), true
	case "gt":
		return measure + " more than " + unit(param), true
	case "lt":
		return measure + " less than " + unit(param), true
	case "eq":
		if kind == reflect.String {
			return "must be " + strconv.Quote(param), true
		}
		return measure + " exactly " + unit(param), true
	case "ne":
		if kind == reflect.String {
			return "must not be " + strconv.Quote(param), true
		}
		return "must not be " + param, true
	}
	return "", false
}

func plural(n, one, many string) string {
	if n == "1" {
		return one
	}
	return many
}
