//go:build ignore

// Gen fetches the npm packages that npm.json pins and writes each one's
// bundle, gzipped, into npm/ as NAME-VERSION.js.gz, after checking it
// against its pinned integrity hash. It needs npm (which checks each
// tarball against the registry's own hash). Run it with
//
//	go generate ./openapi/ui
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

type pin struct {
	Name, Package, Version, File, Integrity string
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "openapi/ui: go generate:", err)
		os.Exit(1)
	}
}

func run() error {
	raw, err := os.ReadFile("npm.json")
	if err != nil {
		return err
	}
	var pins []pin
	if err := json.Unmarshal(raw, &pins); err != nil {
		return fmt.Errorf("npm.json: %w", err)
	}
	tmp, err := os.MkdirTemp("", "panther-npm-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	args := []string{"pack", "--silent", "--pack-destination", tmp}
	for _, p := range pins {
		args = append(args, p.Package+"@"+p.Version)
	}
	cmd := exec.Command("npm", args...)
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm %s: %w", strings.Join(args, " "), err)
	}
	keep := map[string]bool{".gitignore": true, "README.md": true}
	for _, p := range pins {
		name, err := fetch(tmp, p)
		if err != nil {
			return err
		}
		keep[name] = true
	}
	return prune("npm", keep)
}

// fetch writes p's bundle from its tarball in dir into npm/ and returns
// the file's name.
func fetch(dir string, p pin) (string, error) {
	tarball := strings.ReplaceAll(strings.TrimPrefix(p.Package, "@"), "/", "-") + "-" + p.Version + ".tgz"
	bundle, err := extract(filepath.Join(dir, tarball), "package/"+p.File)
	if err != nil {
		return "", fmt.Errorf("%s@%s: %w", p.Package, p.Version, err)
	}
	sum := sha512.Sum384(bundle)
	if got := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); got != p.Integrity {
		return "", fmt.Errorf("%s@%s: %s has integrity %s, npm.json pins %s", p.Package, p.Version, p.File, got, p.Integrity)
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(bundle)
	if err := zw.Close(); err != nil {
		return "", err
	}
	name := p.Name + "-" + p.Version + ".js.gz"
	tmp := filepath.Join("npm", name+".tmp")
	if err := os.WriteFile(tmp, gz.Bytes(), 0o644); err != nil {
		return "", err
	}
	fmt.Printf("openapi/ui: npm/%s from %s@%s (%d bytes, %d gzipped)\n", name, p.Package, p.Version, len(bundle), gz.Len())
	return name, os.Rename(tmp, filepath.Join("npm", name))
}

// extract reads the file named name from the gzipped tarball at path.
func extract(path, name string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("the package has no %s", strings.TrimPrefix(name, "package/"))
		}
		if err != nil {
			return nil, err
		}
		if h.Name == name {
			return io.ReadAll(tr)
		}
	}
}

// prune removes from dir what an earlier run fetched for other versions.
func prune(dir string, keep map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !keep[e.Name()] {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}
