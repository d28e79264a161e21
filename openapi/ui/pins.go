package ui

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
)

// npmFS holds what go generate fetched: one gzipped bundle per pin, named
// after it ("redoc-3.0.1.js.gz"), or only the folder's README.
//
//go:embed npm
var npmFS embed.FS

//go:embed npm.json
var pinsJSON []byte

// pin is one npm bundle a page loads, as npm.json pins it; gen.go reads
// the same file.
type pin struct {
	Name      string `json:"name"`      // our short name, "redoc"
	Package   string `json:"package"`   // the npm package, "@scalar/api-reference"
	Version   string `json:"version"`   // an exact version
	File      string `json:"file"`      // the bundle's path inside the package
	Integrity string `json:"integrity"` // its Subresource Integrity hash, sha384
}

// pinned returns the pin named name; npm.json is ours, so a missing one
// is a bug here.
func pinned(name string) pin {
	var pins []pin
	if err := json.Unmarshal(pinsJSON, &pins); err != nil {
		panic(fmt.Sprintf("ui: npm.json: %v", err))
	}
	for _, p := range pins {
		if p.Name == name {
			return p
		}
	}
	panic(fmt.Sprintf("ui: npm.json pins no %q", name))
}

// asset is the served name of the bundle: versioned, so it can be cached
// for good.
func (p pin) asset() string { return p.Name + "-" + p.Version + ".js" }

// cdn is where the pinned file is found when the binary lacks it.
func (p pin) cdn() string {
	return "https://cdn.jsdelivr.net/npm/" + p.Package + "@" + p.Version + "/" + p.File
}

// Pins is npm.json: the npm bundles the pages load, with their versions
// and integrity hashes, for the uibundle command.
func Pins() []byte { return append([]byte(nil), pinsJSON...) }

// local is where the bundle is in the binary: in bundles (Config.Bundles)
// or in what go generate fetched; nil when neither has it.
func (p pin) local(bundles fs.FS) fs.FS {
	name := p.asset() + ".gz"
	if bundles != nil {
		if _, err := fs.Stat(bundles, name); err == nil {
			return bundles
		}
	}
	sub, _ := fs.Sub(npmFS, "npm")
	if _, err := fs.Stat(sub, name); err == nil {
		return sub
	}
	return nil
}
