package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// check is one bound a scenario verifies.
type check struct {
	name, bound, measured string
	ok                    bool
}

// report is where a scenario writes its markdown: stdout, and with
// -results a copy kept for RESULTS.md.
type report struct{ w io.Writer }

func (r *report) printf(format string, args ...any) { fmt.Fprintf(r.w, format, args...) }

// checks writes the checks' table and reports whether all passed.
func (r *report) checks(checks []check) bool {
	all := true
	var rows [][]string
	for _, c := range checks {
		verdict := "pass"
		if !c.ok {
			verdict, all = "**FAIL**", false
		}
		rows = append(rows, []string{c.name, c.bound, c.measured, verdict})
	}
	r.printf("Checks:\n\n")
	r.table([]string{"check", "bound", "measured", "verdict"}, "llll", rows)
	if all {
		r.printf("**PASS**\n\n")
	} else {
		r.printf("**FAIL**\n\n")
	}
	return all
}

// table writes a markdown table; align has one letter per column, l or
// r.
func (r *report) table(header []string, align string, rows [][]string) {
	var b strings.Builder
	b.WriteString("| " + strings.Join(header, " | ") + " |\n|")
	for i := range header {
		if i < len(align) && align[i] == 'r' {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, row := range rows {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	r.printf("%s\n", b.String())
}

// settings writes the scenario's settings as a two-column table.
func (r *report) settings(pairs ...string) {
	var rows [][]string
	for i := 0; i+1 < len(pairs); i += 2 {
		rows = append(rows, []string{pairs[i], pairs[i+1]})
	}
	r.table([]string{"setting", "value"}, "ll", rows)
}

// latencyRow is name, count, req/s over d, p50, p99, max, statuses.
func latencyRow(name string, t *tally, d time.Duration) []string {
	return []string{name, thousands(t.count()), rate(t.count(), d),
		ms(t.lat.quantile(0.5)), ms(t.lat.quantile(0.99)), ms(t.lat.max()), t.statuses()}
}

var latencyHeader = []string{"", "requests", "req/s", "p50", "p99", "max", "statuses"}

const latencyAlign = "lrrrrrl"
