// Command crudload measures package crud under load over 10,000 rows: the
// list GET /books/?limit=20&sort=-year&author=author-7 served by
// crud.Routes, by a hand-written net/http + database/sql handler running
// the same queries and writing the same JSON, and as a cache hit of the
// crud list, beside net/http's JSON hello and net/http writing the list's
// bytes from memory ("static"); and the item GET /books/4242/ served by
// crud.Routes and by hand ("item", "item-handwritten") — each in its own
// process pinned to CPU 0, loaded by wrk on CPU 1, in rounds, so drift
// hits every server alike. It prints a Markdown table.
//
//	go run ./cmd/crudload                          # SQLite
//	go run ./cmd/crudload -db postgres://…         # PostgreSQL
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/bench/internal/crudbench"
	"github.com/panther-go/panther/crud"
	"github.com/panther-go/panther/db"
	_ "github.com/panther-go/panther/db/postgres"
	_ "github.com/panther-go/panther/db/sqlite"
)

var modes = []string{"crud", "handwritten", "cached", "hello", "static", "item", "item-handwritten"}

func main() {
	serve := flag.String("serve", "", "serve one mode ("+strings.Join(modes, ", ")+") instead of measuring")
	addr := flag.String("addr", "127.0.0.1:0", "with -serve: the address")
	url := flag.String("db", "", "the database URL; default: an SQLite file in a temporary directory")
	rounds := flag.Int("rounds", 3, "rounds of the four servers")
	duration := flag.Duration("duration", 5*time.Second, "wrk's -d per run")
	flag.Parse()
	if *serve != "" {
		log.Fatal(serveMode(*serve, *addr, *url))
	}
	if err := measure(*url, *rounds, *duration); err != nil {
		log.Fatal(err)
	}
}

func serveMode(mode, addr, url string) error {
	ctx := context.Background()
	quiet := slog.New(slog.DiscardHandler)
	d, err := db.Open(ctx, url, db.Options{Logger: quiet})
	if err != nil {
		return err
	}
	books := db.NewTable[crudbench.Book](d)
	list := func(api panther.API) http.Handler {
		return panther.New(panther.Config{Logger: quiet, URLs: panther.URLs{"books/": crud.Routes(books, crudbench.Config(api))}})
	}
	var h http.Handler
	switch mode {
	case "crud", "item":
		h = list(panther.API{})
	case "item-handwritten":
		h = crudbench.HandwrittenItem(d)
	case "cached":
		h = list(panther.API{Cache: time.Hour})
	case "handwritten":
		h = crudbench.Handwritten(d)
	case "static": // net/http writing the list's bytes, made once: what a hit is at best
		rec := httptest.NewRecorder()
		list(panther.API{}).ServeHTTP(rec, httptest.NewRequest("GET", crudbench.Target, nil))
		body := rec.Body.Bytes()
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write(body)
		})
	case "hello":
		h = crudbench.Hello
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Println("listening on", ln.Addr())
	return http.Serve(ln, h)
}

// seed fills the table with 10,000 books.
func seed(url string) error {
	ctx := context.Background()
	d, err := db.Open(ctx, url, db.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	defer d.Close()
	_, err = crudbench.Seed(ctx, d, 10_000)
	return err
}

var reqsPerSec = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)

func measure(url string, rounds int, duration time.Duration) error {
	if url == "" {
		dir, err := os.MkdirTemp("", "crudload")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		url = "sqlite:" + filepath.Join(dir, "books.db")
	}
	if err := seed(url); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	results := map[string][]float64{}
	for round := range rounds {
		for _, mode := range modes {
			rps, err := run(self, mode, url, duration)
			if err != nil {
				return fmt.Errorf("round %d, %s: %w", round+1, mode, err)
			}
			results[mode] = append(results[mode], rps)
			log.Printf("round %d: %s %.0f req/s", round+1, mode, rps)
		}
	}
	backend, _, _ := strings.Cut(url, ":")
	ratio := func(a, b string) float64 {
		var rs []float64
		for i := range results[a] {
			rs = append(rs, results[a][i]/results[b][i])
		}
		return median(rs)
	}
	fmt.Printf("| %s, req/s (median of %d rounds) | crud | hand-written | crud ÷ hand-written |\n|---|---:|---:|---:|\n", backend, rounds)
	fmt.Printf("| list `%s` | %.0f | %.0f | %.2f |\n", crudbench.Target, median(results["crud"]), median(results["handwritten"]), ratio("crud", "handwritten"))
	fmt.Printf("| item `%s` | %.0f | %.0f | %.2f |\n", crudbench.ItemTarget, median(results["item"]), median(results["item-handwritten"]), ratio("item", "item-handwritten"))
	fmt.Printf("\nThe list's cache hit: %.0f req/s; net/http's JSON hello %.0f; net/http writing the list's bytes from memory (static) %.0f. "+
		"Hit ÷ hello %.2f, hit ÷ static %.2f. Ratios are medians of same-round ratios.\n",
		median(results["cached"]), median(results["hello"]), median(results["static"]), ratio("cached", "hello"), ratio("cached", "static"))
	return nil
}

// run starts a server of mode on CPU 0, loads it with wrk on CPU 1 for
// duration and returns its requests per second.
func run(self, mode, url string, duration time.Duration) (float64, error) {
	srv := exec.Command("taskset", "-c", "0", self, "-serve", mode, "-db", url)
	out, err := srv.StdoutPipe()
	if err != nil {
		return 0, err
	}
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		return 0, err
	}
	defer func() { srv.Process.Kill(); srv.Wait() }()
	buf := make([]byte, 256)
	n, err := out.Read(buf)
	if err != nil {
		return 0, err
	}
	addr := strings.TrimSpace(strings.TrimPrefix(string(buf[:n]), "listening on "))
	wrk := exec.Command("taskset", "-c", "1", "wrk", "-t1", "-c32", "-d"+duration.String(), "http://"+addr+crudbench.Target)
	switch mode {
	case "hello":
		wrk.Args[len(wrk.Args)-1] = "http://" + addr + "/hello/"
	case "item", "item-handwritten":
		wrk.Args[len(wrk.Args)-1] = "http://" + addr + crudbench.ItemTarget
	}
	res, err := wrk.CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("wrk: %v\n%s", err, res)
	}
	if strings.Contains(string(res), "Non-2xx") {
		return 0, fmt.Errorf("wrk saw errors:\n%s", res)
	}
	m := reqsPerSec.FindSubmatch(res)
	if m == nil {
		return 0, fmt.Errorf("no Requests/sec in\n%s", res)
	}
	return strconv.ParseFloat(string(m[1]), 64)
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
