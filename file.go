package panther

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/panther-go/panther/schema"
)

// File is an uploaded file: a multipart part bound to an Input field of
// type File, *File or []*File.
type File struct {
	// Name is the file name the client sent, as sent: never use it as a
	// path; Save makes a safe one.
	Name string

	// ContentType is the type the client claimed for the part.
	ContentType string

	// Size is the file's length in bytes.
	Size int64

	header *multipart.FileHeader
}

// Image is a File whose content is an image, judged by its first bytes,
// not by the type the client claimed; anything else answers 415.
type Image struct {
	File
}

func newFile(fh *multipart.FileHeader) *File {
	return &File{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Size: fh.Size, header: fh}
}

// Open opens the file's content for reading.
func (f *File) Open() (multipart.File, error) {
	if f.header == nil {
		return nil, errors.New("panther: File has no content; it was not bound from a request")
	}
	return f.header.Open()
}

// Save writes the file into dir, creating dir if needed, under a safe
// version of its name: the last element of Name only, never a path, so
// "../../etc/passwd" is saved as "passwd" inside dir. An existing file is
// never overwritten: "a.txt" becomes "a-1.txt", "a-2.txt" and so on. It
// returns the path written.
func (f *File) Save(dir string) (string, error) {
	src, err := f.Open()
	if err != nil {
		return "", err
	}
	defer src.Close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	root, err := os.OpenRoot(dir) // confines every operation below to dir
	if err != nil {
		return "", err
	}
	defer root.Close()
	base := safeName(f.Name)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	for i := 0; i < 10000; i++ {
		name := base
		if i > 0 {
			name = fmt.Sprintf("%s-%d%s", stem, i, ext)
		}
		dst, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := io.Copy(dst, src); err != nil {
			dst.Close()
			root.Remove(name)
			return "", err
		}
		return filepath.Join(dir, name), dst.Close()
	}
	return "", fmt.Errorf("panther: no free name for %q in %s", base, dir)
}

// safeName keeps the last element of a client's file name and drops what a
// file system could read as a path or a hidden file.
func safeName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = name[strings.LastIndexByte(name, '/')+1:]
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == ':' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if name == "" {
		return "upload"
	}
	return name
}

// checkImage answers 415 unless the content's first bytes are an image.
func (f *File) checkImage() error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(r, head)
	ct := http.DetectContentType(head[:n])
	if !strings.HasPrefix(ct, "image/") {
		return NewError(http.StatusUnsupportedMediaType, ct+" is not a valid image")
	}
	return nil
}

// JSONSchema describes an upload for the OpenAPI document: binary content.
func (File) JSONSchema() *schema.Schema {
	return &schema.Schema{Type: schema.Types{"string"}, ContentMediaType: "application/octet-stream"}
}

// JSONSchema describes an image upload for the OpenAPI document.
func (Image) JSONSchema() *schema.Schema {
	return &schema.Schema{Type: schema.Types{"string"}, ContentMediaType: "image/*"}
}
