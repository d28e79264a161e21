package openapi

import (
	"encoding/json"

	"github.com/panther-go/panther/schema"
)

// Version is the OpenAPI version of the documents Build writes.
const Version = "3.1.0"

// Document is an OpenAPI 3.1 document: Go values that encoding/json
// marshals, always to the same bytes for the same app (maps marshal with
// sorted keys). Change it freely before serving it.
type Document struct {
	OpenAPI      string               `json:"openapi"`
	Info         Info                 `json:"info"`
	Servers      []Server             `json:"servers,omitempty"`
	Tags         []Tag                `json:"tags,omitempty"`
	ExternalDocs *ExternalDocs        `json:"externalDocs,omitempty"`
	Paths        map[string]*PathItem `json:"paths"`
	Components   *Components          `json:"components,omitempty"`
}

// JSON is the document as Mount serves it: indented, with a final
// newline.
func (d *Document) JSON() ([]byte, error) {
	body, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(body, '\n'), nil
}

// Info is the document's info object.
type Info struct {
	Title          string   `json:"title"`
	Version        string   `json:"version"`
	Description    string   `json:"description,omitempty"`
	TermsOfService string   `json:"termsOfService,omitempty"`
	Contact        *Contact `json:"contact,omitempty"`
	License        *License `json:"license,omitempty"`
}

// Contact is who answers for the API.
type Contact struct {
	Name  string `json:"name,omitempty"`
	URL   string `json:"url,omitempty"`
	Email string `json:"email,omitempty"`
}

// License is the API's license: a name, and an SPDX identifier or a URL.
type License struct {
	Name       string `json:"name"`
	Identifier string `json:"identifier,omitempty"`
	URL        string `json:"url,omitempty"`
}

// Tag groups operations in the docs pages.
type Tag struct {
	Name         string        `json:"name"`
	Description  string        `json:"description,omitempty"`
	ExternalDocs *ExternalDocs `json:"externalDocs,omitempty"`
}

// ExternalDocs links documentation elsewhere.
type ExternalDocs struct {
	Description string `json:"description,omitempty"`
	URL         string `json:"url"`
}

// Server is where the API is served, such as {URL: "https://api.example.com"}.
type Server struct {
	URL         string `json:"url"`
	Description string `json:"description,omitempty"`
}

// PathItem holds the operations of one path, and the path variables they
// share.
type PathItem struct {
	Parameters []*Parameter `json:"parameters,omitempty"`
	Get        *Operation   `json:"get,omitempty"`
	Post       *Operation   `json:"post,omitempty"`
	Put        *Operation   `json:"put,omitempty"`
	Patch      *Operation   `json:"patch,omitempty"`
	Delete     *Operation   `json:"delete,omitempty"`
}

// Operation is one method of one path.
type Operation struct {
	Tags        []string               `json:"tags,omitempty"`
	Summary     string                 `json:"summary,omitempty"`
	Description string                 `json:"description,omitempty"`
	OperationID string                 `json:"operationId"`
	Parameters  []*Parameter           `json:"parameters,omitempty"`
	RequestBody *RequestBody           `json:"requestBody,omitempty"`
	Responses   map[string]*Response   `json:"responses"` // by status code
	Deprecated  bool                   `json:"deprecated,omitempty"`
	Security    *[]map[string][]string `json:"security,omitempty"` // any one requirement suffices; empty: none is needed
}

// Parameter is a path variable, or a path, query, header or cookie
// parameter of an Input.
type Parameter struct {
	Name        string         `json:"name"`
	In          string         `json:"in"`
	Description string         `json:"description,omitempty"`
	Required    bool           `json:"required"`
	Schema      *schema.Schema `json:"schema"`
}

// RequestBody is the body an operation reads, by media type.
type RequestBody struct {
	Description string                `json:"description,omitempty"`
	Required    bool                  `json:"required"`
	Content     map[string]*MediaType `json:"content"`
}

// MediaType is the schema of a body in one media type. Closed adds
// "unevaluatedProperties": false, for a body that rejects fields its
// schema does not list; package schema has no field for that keyword.
type MediaType struct {
	Schema *schema.Schema `json:"schema,omitempty"`
	Closed bool           `json:"-"`
}

// MarshalJSON writes the media type, with "unevaluatedProperties": false
// beside the schema's own keywords when Closed.
func (m MediaType) MarshalJSON() ([]byte, error) {
	type plain MediaType
	if !m.Closed || m.Schema == nil {
		return json.Marshal(plain(m))
	}
	return json.Marshal(struct {
		Schema closedSchema `json:"schema"`
	}{closedSchema{m.Schema, false}})
}

// closedSchema marshals a schema's keywords with one more; the embedded
// fields marshal as if they were its own.
type closedSchema struct {
	*schema.Schema
	UnevaluatedProperties bool `json:"unevaluatedProperties"`
}

// Response is one response of an operation: its own, or a reference to a
// shared one in Components.Responses.
type Response struct {
	Ref         string                `json:"$ref,omitempty"`
	Description string                `json:"description,omitempty"`
	Headers     map[string]*Header    `json:"headers,omitempty"`
	Content     map[string]*MediaType `json:"content,omitempty"`
}

// Header is a response header, or a reference to a shared one in
// Components.Headers.
type Header struct {
	Ref         string         `json:"$ref,omitempty"`
	Description string         `json:"description,omitempty"`
	Required    bool           `json:"required,omitempty"`
	Schema      *schema.Schema `json:"schema,omitempty"`
}

// Components holds what operations share, by name.
type Components struct {
	Schemas         map[string]*schema.Schema  `json:"schemas,omitempty"`
	Responses       map[string]*Response       `json:"responses,omitempty"`
	Headers         map[string]*Header         `json:"headers,omitempty"`
	SecuritySchemes map[string]*SecurityScheme `json:"securitySchemes,omitempty"`
}

// SecurityScheme is how clients present credentials: an HTTP scheme
// (bearer) or an API key in a header, query parameter or cookie.
type SecurityScheme struct {
	Type         string `json:"type"`
	Description  string `json:"description,omitempty"`
	Scheme       string `json:"scheme,omitempty"`
	BearerFormat string `json:"bearerFormat,omitempty"`
	Name         string `json:"name,omitempty"`
	In           string `json:"in,omitempty"`
}
