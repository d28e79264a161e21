package ui

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// asset is one file a page serves below its path. Gzipped files (the
// swgui and npm bundles are stored that way) go out as they are to
// clients that accept gzip, and are decompressed for the others.
type asset struct {
	fsys      fs.FS
	file      string // its name in fsys; ".gz" when stored gzipped
	typ       string // its Content-Type
	etag      string
	immutable bool // the name carries a version: cache it for good
}

func newAsset(fsys fs.FS, file string, immutable bool) asset {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		panic("ui: embedded asset " + file + ": " + err.Error()) // a bug here: the file list is ours
	}
	sum := sha256.Sum256(data)
	typ := mime.TypeByExtension(path.Ext(strings.TrimSuffix(file, ".gz")))
	if typ == "" {
		typ = "application/octet-stream"
	}
	return asset{fsys: fsys, file: file, typ: typ, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`, immutable: immutable}
}

func (a asset) serve(w http.ResponseWriter, r *http.Request) {
	f, err := a.fsys.Open(a.file)
	if err != nil {
		notFound(w)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", a.typ)
	h.Set("ETag", a.etag)
	if a.immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	gzipped := strings.HasSuffix(a.file, ".gz")
	if gzipped {
		h.Add("Vary", "Accept-Encoding")
	}
	rs, seekable := f.(io.ReadSeeker)
	switch {
	case !gzipped && seekable:
		http.ServeContent(w, r, "", time.Time{}, rs)
	case gzipped && acceptsGzip(r) && seekable:
		h.Set("Content-Encoding", "gzip")
		http.ServeContent(w, r, "", time.Time{}, rs)
	default:
		a.serveDecoded(w, r, f, gzipped)
	}
}

// serveDecoded streams the file's content, decompressed, to a client that
// does not take gzip; such clients are rare, so nothing is kept.
func (a asset) serveDecoded(w http.ResponseWriter, r *http.Request, f io.Reader, gzipped bool) {
	if match := r.Header.Get("If-None-Match"); match != "" && match == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := f
	if gzipped {
		zr, err := gzip.NewReader(f)
		if err != nil {
			notFound(w)
			return
		}
		defer zr.Close()
		body = zr
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		io.Copy(w, body)
	}
}

// acceptsGzip reports whether the request's Accept-Encoding lists gzip
// without refusing it (q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// notFound answers as the framework does, so a docs page's 404 looks like
// any other.
func notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	io.WriteString(w, `{"detail":"Not Found"}`)
}
