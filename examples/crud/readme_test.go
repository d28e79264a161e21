package main

import (
	"bufio"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// The README's curl lines, sent in order to a fresh app, answer what the
// README shows.
func TestREADME(t *testing.T) {
	app, err := newApp(t.Context(), "sqlite::memory:", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	defer srv.Close()
	defer app.Close()
	lines := readmeCommands(t)
	if len(lines) < 15 {
		t.Fatalf("found %d curl lines in README.md", len(lines))
	}
	for _, l := range lines {
		got := run(t, srv.URL, l.command)
		if got != l.want {
			t.Errorf("%s\n got %q\nwant %q", l.command, got, l.want)
		}
	}
}

type readmeLine struct{ command, want string }

// readmeCommands are the "$ curl" lines of the README's console blocks,
// each with the lines up to the next "$" as its expected output.
func readmeCommands(t *testing.T) []readmeLine {
	f, err := os.Open("README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []readmeLine
	inConsole := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "```console":
			inConsole = true
		case line == "```":
			inConsole = false
		case inConsole && strings.HasPrefix(line, "$ curl "):
			out = append(out, readmeLine{command: strings.TrimPrefix(line, "$ ")})
		case inConsole && strings.HasPrefix(line, "$ "):
		case inConsole && len(out) > 0:
			l := &out[len(out)-1]
			if l.want != "" {
				l.want += "\n"
			}
			l.want += line
		}
	}
	return out
}

// run sends what a curl line asks for — -s, -i, -X, --json, -H and the
// URL, with "| head -n1" — and prints the answer as curl would.
func run(t *testing.T, base, command string) string {
	t.Helper()
	command, headOnly := strings.CutSuffix(command, " | head -n1")
	args := shellWords(t, command)[1:]
	method, url, body, include := "", "", "", false
	header := http.Header{}
	for i := 0; i < len(args); i++ {
		switch a := args[i]; a {
		case "-s":
		case "-si":
			include = true
		case "-i":
			include = true
		case "-X":
			i++
			method = args[i]
		case "--json":
			i++
			body = args[i]
			header.Set("Content-Type", "application/json")
			header.Set("Accept", "application/json")
		case "-H":
			i++
			k, v, _ := strings.Cut(args[i], ": ")
			header.Add(k, v)
		default:
			url = strings.Replace(a, "localhost:8000", strings.TrimPrefix(base, "http://"), 1)
		}
	}
	if method == "" {
		method = http.MethodGet
		if body != "" {
			method = http.MethodPost
		}
	}
	req, err := http.NewRequest(method, "http://"+strings.TrimPrefix(url, "http://"), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if include && headOnly {
		return res.Proto + " " + res.Status
	}
	return strings.TrimSuffix(string(data), "\n")
}

// shellWords splits a command line as sh would, for the quoting the
// README uses: single quotes and plain words.
func shellWords(t *testing.T, s string) []string {
	var words []string
	var cur strings.Builder
	inWord, quoted := false, false
	for _, r := range s {
		switch {
		case quoted && r == '\'':
			quoted = false
		case quoted:
			cur.WriteRune(r)
		case r == '\'':
			quoted, inWord = true, true
		case r == ' ':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quote in %q", s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}
