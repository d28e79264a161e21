package openapi

import (
	"cmp"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/schema"
)

// refPrefix is where shared schemas live in the document.
const refPrefix = "#/components/schemas/"

// Build describes app's routes (App.Routes: every API not Hidden) as an
// OpenAPI 3.1 document, with info and servers from cfg. It fails only
// when a body's type has no JSON form, such as a map with array keys,
// which registration already refuses for outputs.
func Build(app *panther.App, cfg Config) (doc *Document, err error) {
	defer func() {
		if v := recover(); v != nil { // package schema panics on a type JSON cannot carry
			doc, err = nil, fmt.Errorf("openapi: %v", v)
		}
	}()
	b := newBuilder(cfg)
	for _, ri := range app.Routes() {
		b.route(ri)
	}
	b.finish()
	b.finishMeta(cfg)
	return b.doc, nil
}

// builder writes one document.
type builder struct {
	doc       *Document
	json      *schema.Registry // request bodies as JSON names them
	form      *schema.Registry // request bodies as forms name them (the `form` tag)
	formUses  []*schema.Schema // the form schemas handed out, for renaming
	out       *schema.Registry // response bodies: what is always written is required
	outUses   []*schema.Schema // the output schemas handed out, for renaming
	ids       map[string]int   // operationIds handed out, for uniqueness
	responses map[int]bool     // the shared responses used, by status
	headers   map[string]bool  // the shared headers used
	public    []*Operation     // the operations anyone may call, for security: []
	tags      map[string]bool  // the tags the operations use
	slash     bool             // Config.TrailingSlash
}

func newBuilder(cfg Config) *builder {
	info := Info{Title: cmp.Or(cfg.Title, "API"), Version: cmp.Or(cfg.Version, "1.0.0"), Description: cfg.Description,
		TermsOfService: cfg.TermsOfService, Contact: cfg.Contact, License: cfg.License}
	return &builder{
		doc: &Document{OpenAPI: Version, Info: info, Servers: slices.Clone(cfg.Servers), ExternalDocs: cfg.ExternalDocs,
			Paths: map[string]*PathItem{}, Components: &Components{}},
		tags:      map[string]bool{},
		slash:     cfg.TrailingSlash,
		json:      schema.NewRegistry(schema.Options{RefPrefix: refPrefix}),
		out:       schema.NewRegistry(schema.Options{RefPrefix: refPrefix, Output: true}),
		form:      schema.NewRegistry(schema.Options{RefPrefix: refPrefix, Tag: "form"}),
		ids:       map[string]int{},
		responses: map[int]bool{},
		headers:   map[string]bool{},
	}
}

// route adds the path item of one route: its path variables, then one
// operation per declared method (HEAD and OPTIONS, answered for every
// route, are not listed).
func (b *builder) route(ri panther.RouteInfo) {
	item := &PathItem{}
	for _, name := range ri.PathVars {
		// A path variable an operation's Input reads typed has that type
		// for every method: they share the route, and so the value.
		p := &Parameter{Name: name, In: "path", Required: true, Schema: &schema.Schema{Type: schema.Types{"string"}}}
		for _, oi := range ri.Operations {
			if i := slices.IndexFunc(oi.Params, func(pi panther.ParamInfo) bool { return pi.In == "path" && pi.Name == name }); i >= 0 {
				p = b.parameter(oi.Params[i])
				break
			}
		}
		item.Parameters = append(item.Parameters, p)
	}
	for _, oi := range ri.Operations {
		op := b.operation(ri, oi)
		switch oi.Method {
		case http.MethodGet:
			item.Get = op
		case http.MethodPost:
			item.Post = op
		case http.MethodPut:
			item.Put = op
		case http.MethodPatch:
			item.Patch = op
		case http.MethodDelete:
			item.Delete = op
		}
	}
	path := ri.Path
	if !b.slash && len(path) > 1 {
		path = strings.TrimSuffix(path, "/")
	}
	b.doc.Paths[path] = item
}

func (b *builder) operation(ri panther.RouteInfo, oi panther.OperationInfo) *Operation {
	op := &Operation{
		Tags:        slices.Clone(oi.Docs.Tags),
		Summary:     cmp.Or(oi.Docs.Summary, oi.Method+" "+ri.Path),
		Description: describe(ri, oi),
		OperationID: b.operationID(oi.Method, ri.Path),
		Deprecated:  oi.Docs.Deprecated,
	}
	if len(op.Tags) == 0 { // the path's first segment: /books/{id}/ is in "books"
		first, _, _ := strings.Cut(strings.Trim(ri.Path, "/"), "/")
		op.Tags = []string{cmp.Or(strings.Trim(first, "{}"), "root")}
	}
	for _, t := range op.Tags {
		b.tags[t] = true
	}
	for _, p := range oi.Params {
		op.Parameters = append(op.Parameters, b.parameter(p))
	}
	if oi.Body {
		op.RequestBody = b.requestBody(ri, oi)
	}
	op.Responses = b.operationResponses(ri, oi)
	if auth := ri.API.Authenticator; auth != nil {
		reqs := b.security(auth)
		if ri.API.Auth == panther.AuthOptional {
			reqs = append(reqs, map[string][]string{}) // anonymous requests pass too
		}
		op.Security = &reqs
	} else {
		b.public = append(b.public, op)
	}
	return op
}

// finishMeta lists the tags, and says of each public operation, in a
// document with security, that it needs none.
func (b *builder) finishMeta(cfg Config) {
	if b.doc.Components != nil && len(b.doc.Components.SecuritySchemes) > 0 {
		for _, op := range b.public {
			op.Security = &[]map[string][]string{}
		}
	}
	for _, t := range cfg.Tags {
		b.doc.Tags = append(b.doc.Tags, t)
		delete(b.tags, t.Name)
	}
	for _, name := range slices.Sorted(maps.Keys(b.tags)) {
		b.doc.Tags = append(b.doc.Tags, Tag{Name: name})
	}
}

// describe is the operation's description — the declaration's own, then
// what the pipeline enforces for it, in words.
func describe(ri panther.RouteInfo, oi panther.OperationInfo) string {
	var facts []string
	api := ri.API
	switch {
	case api.Authenticator != nil && api.Auth == panther.AuthOptional:
		facts = append(facts, "Authentication is optional: anonymous requests pass.")
	case api.Authenticator != nil:
		facts = append(facts, "Needs authentication.")
	}
	if len(api.Permissions) > 0 {
		names := make([]string, len(api.Permissions))
		for i, p := range api.Permissions {
			names[i] = panther.PermissionName(p)
		}
		facts = append(facts, "Permissions, in order: "+strings.Join(names, ", ")+".")
	}
	if t := api.Throttle; t != nil {
		facts = append(facts, fmt.Sprintf("Throttled: %d requests per %v per client.", t.Rate, t.Duration))
	}
	if api.Cache > 0 && oi.Method == http.MethodGet {
		facts = append(facts, fmt.Sprintf("Answers are cached for %v.", api.Cache))
	}
	if oi.Body {
		facts = append(facts, "The body may be at most "+byteSize(api.MaxBodyBytes)+".")
	}
	if len(facts) == 0 {
		facts = append(facts, "Open to anyone.")
	}
	own := oi.Docs.Description
	if own != "" {
		own += "\n\n"
	}
	return own + strings.Join(facts, " ")
}

// parameter describes one parameter of an Input with its type, rules and
// default; a path parameter, or one whose rules say required, is required.
func (b *builder) parameter(p panther.ParamInfo) *Parameter {
	rules, _, _ := strings.Cut(p.Field.Tag.Get("validate"), ",dive")
	required := p.In == "path" || slices.Contains(strings.Split(rules, ","), "required")
	f := p.Field
	if f.Type.Kind() == reflect.Pointer {
		f.Type = f.Type.Elem() // absent is nil: the value itself is never null
	}
	return &Parameter{Name: p.Name, In: p.In, Description: f.Tag.Get("doc"), Required: required, Schema: b.json.Field(f)}
}

// operationID is the method and the path's words: getNotesId for GET
// /notes/{id}/, getRoot for GET /. Routes come sorted, so a clash (such
// as /a-b/ and /a/b/) gets the same suffix, 2 and up, every time.
func (b *builder) operationID(method, path string) string {
	var id strings.Builder
	id.WriteString(strings.ToLower(method))
	words := strings.FieldsFunc(path, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
	if len(words) == 0 {
		words = []string{"root"}
	}
	for _, w := range words {
		id.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	s := id.String()
	b.ids[s]++
	if n := b.ids[s]; n > 1 {
		s = fmt.Sprintf("%s%d", s, n)
	}
	return s
}

// requestBody is the Input in the three media types the framework reads.
// Forms name fields by their `form` tag and ignore unknown ones; JSON
// rejects unknown fields when the Input is strict.
//
// An Input with a file field (panther.File or Image) can only come as
// multipart/form-data, so that is the one media type it lists.
func (b *builder) requestBody(ri panther.RouteInfo, oi panther.OperationInfo) *RequestBody {
	form := b.form.Schema(oi.Input)
	b.formUses = append(b.formUses, form)
	body := &RequestBody{
		Description: "At most " + byteSize(ri.API.MaxBodyBytes) + ".",
		Required:    true,
		Content:     map[string]*MediaType{"multipart/form-data": {Schema: form}},
	}
	if !hasFiles(oi.Input) {
		body.Content["application/json"] = &MediaType{Schema: b.json.Schema(oi.Input), Closed: oi.StrictInput}
		body.Content["application/x-www-form-urlencoded"] = &MediaType{Schema: form}
	}
	return body
}

var fileTypes = []reflect.Type{reflect.TypeFor[panther.File](), reflect.TypeFor[panther.Image]()}

// hasFiles reports whether an Input has a field that holds an upload.
func hasFiles(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	for _, f := range reflect.VisibleFields(t) {
		ft := f.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if slices.Contains(fileTypes, ft) {
			return true
		}
	}
	return false
}

// byteSize writes n bytes for people: "1 MiB", "512 KiB", "1000 bytes".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// success is the schema of a method's successful response body: its
// Output's (a list for a slice), else any JSON value; nil for 204.
func (b *builder) success(oi panther.OperationInfo) *schema.Schema {
	if oi.Status == http.StatusNoContent || oi.Output == reflect.TypeFor[panther.Empty]() {
		return nil
	}
	if oi.Output != nil {
		t := oi.Output
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		s := b.out.Schema(t)
		b.outUses = append(b.outUses, s)
		return s
	}
	return &schema.Schema{}
}
