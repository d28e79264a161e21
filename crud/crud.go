// Package crud serves a table of package db as a REST resource: Python
// Panther's ListAPI, CreateAPI, RetrieveAPI, UpdateAPI and DeleteAPI, with
// typed filters, one case-insensitive search, checked sorting and pages
// whose next and previous links keep the query.
//
//	books := db.NewTable[Book](d)
//	urls := panther.URLs{
//		"books/": crud.Routes(books, crud.Config[Book]{
//			API:     panther.API{Auth: panther.AuthOptional, Permissions: …, Cache: time.Minute},
//			Create:  BookIn{},    // POST: every field required
//			Replace: BookIn{},    // PUT
//			Patch:   BookPatch{}, // PATCH: pointer fields, only those sent are written
//			Delete:  true,
//			Search:  []string{"title", "author"},
//			Filter:  []string{"author", "year"},
//			Sort:    []string{"title", "year"},
//			Output:  BookOut{},   // what answers show of a row; default: Book
//		}),
//	}
//
// GET books/ answers {"count","next","previous","results"}. Its query:
//
//   - limit (1 to MaxLimit, default DefaultLimit) and skip (0 or more);
//   - search: a case-insensitive "contains" over the Search fields, any of them;
//   - a Filter field by name, equal to the value converted to the field's
//     type (?year=1965), and, for numbers and times, with __gte, __lte, __gt
//     and __lt (?year__gte=1950);
//   - sort: Sort fields (and id), comma-separated, "-" for descending
//     (?sort=-year,title); ties are broken by id, so pages are stable.
//
// Any other parameter, and any value that does not fit, is 400 keyed by
// the parameter; next and previous are null or a query string with the
// other parameters kept. POST answers 201 with the row, GET, PUT and PATCH
// of books/<id>/ 200, DELETE 204; a row that is not there, or outside
// Scope, is 404 {"detail":"Book Does Not Exist"}; a duplicate unique value
// 409. Every write invalidates the resource's cached responses on every
// instance sharing the store. The parameters, inputs, outputs and statuses
// are in the OpenAPI document, since they are the routes' declaration.
package crud

import (
	"cmp"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/db"
)

// Config declares a resource over a table of T.
type Config[T any] struct {
	// API is what both routes declare besides their operations: Auth,
	// Permissions, Throttle, Cache, CachePublic, CacheGroup (default: the
	// table's name), Middlewares and Docs. Leave its Handler, Methods,
	// operations, Input, Output and Status unset: the resource sets them.
	API panther.API

	// Create is the input of POST books/, Replace of PUT books/<id>/ and
	// Patch of PATCH books/<id>/: a struct value whose fields have the
	// names of T's fields and types assignable to them — for Patch,
	// pointers to them, so a field not sent is nil and left as it is. A nil
	// one leaves its method out.
	Create, Replace, Patch any

	// Delete adds DELETE books/<id>/.
	Delete bool

	// Search are the text fields ?search= looks in, by column name.
	Search []string

	// Filter are the fields a list can be filtered by, by column name.
	Filter []string

	// Sort are the fields a list can be sorted by, besides id.
	Sort []string

	// Keyset pages the list by cursor instead of by skip, for large
	// tables: a page is read with an index seek past the last row of the
	// one before, whatever the offset, and answered as a CursorPage whose
	// next is ?cursor=…, opaque, keeping the other parameters; there is no
	// skip and no count.
	Keyset bool

	// DefaultLimit is a page's length without ?limit=: default 20.
	// MaxLimit is the longest ?limit= allowed: default 100.
	DefaultLimit, MaxLimit int

	// Scope, when set, limits every query of a request to the rows it
	// selects — such as the caller's own — so a row outside it is 404.
	Scope func(r *panther.Request) db.Filter

	// BeforeCreate sees the row about to be inserted and may change it
	// (set its owner) or refuse it with an error, which is the answer.
	BeforeCreate func(r *panther.Request, row *T) error

	// BeforeUpdate sees the row as it is and the fields about to be
	// written, which it may change, or refuses with an error.
	BeforeUpdate func(r *panther.Request, row T, set db.Set) error

	// BeforeDelete sees the row about to be deleted, or refuses with an
	// error.
	BeforeDelete func(r *panther.Request, row T) error

	// AfterCreate, AfterUpdate and AfterDelete see the row once written.
	AfterCreate, AfterUpdate, AfterDelete func(r *panther.Request, row T)

	// Output is what the answers show of a row: a struct value whose
	// fields are named as T's and can hold them, such as a BookOut{}
	// without the owner. Nil shows T. Lists answer a Page (or CursorPage)
	// of it.
	Output any
}

// Page is the answer of a list: the rows of one page, how many there are
// in all, and the queries of the pages before and after (null at the ends).
type Page[T any] struct {
	Count    int64   `json:"count"`
	Next     *string `json:"next"`
	Previous *string `json:"previous"`
	Results  []T     `json:"results"`
}

// CursorPage is the answer of a Keyset list: the rows of one page and the
// query of the next (null after the last).
type CursorPage[T any] struct {
	Next    *string `json:"next"`
	Results []T     `json:"results"`
}

// resource is a Config compiled against its table.
type resource[T any] struct {
	table   *db.Table[T]
	cfg     Config[T]
	group   string
	cols    map[string]db.Column
	key     db.Column // the primary key
	list    *listPlan
	create  *copyPlan
	replace *copyPlan
	patch   *copyPlan
	out     *outPlan // nil to show T
}

// Routes returns the resource's routes, to mount at its path: "" is the
// collection (GET, and POST with Create), "<id>/" one row (GET, and PUT,
// PATCH and DELETE as configured). A Config that cannot work panics,
// prefixed "panther: crud:", saying how to fix it.
func Routes[T any](table *db.Table[T], cfg Config[T]) panther.URLs {
	res := &resource[T]{table: table, cfg: cfg, cols: map[string]db.Column{}}
	for _, c := range table.Columns() {
		res.cols[c.Name] = c
		if c.Key {
			res.key = c
		}
	}
	where := "panther: crud: " + table.Model()
	api := cfg.API
	if api.Handler != nil || api.Mount != nil || len(api.Methods) > 0 || api.Input != nil || api.Output != nil || api.Status != 0 {
		panic(where + ": Config.API has a Handler, Methods, Mount, Input, Output or Status; the resource declares those itself")
	}
	for _, op := range []panther.Operation{api.Get, api.Post, api.Put, api.Patch, api.Delete} {
		if op.Handler != nil || op.Input != nil || op.Output != nil || op.Status != 0 {
			panic(where + ": Config.API has Operations; the resource declares them itself")
		}
	}
	res.cfg.DefaultLimit = cmp.Or(cfg.DefaultLimit, 20)
	res.cfg.MaxLimit = cmp.Or(cfg.MaxLimit, 100)
	if res.cfg.DefaultLimit < 1 || res.cfg.MaxLimit < res.cfg.DefaultLimit {
		panic(fmt.Sprintf("%s: DefaultLimit %d and MaxLimit %d: give 1 ≤ DefaultLimit ≤ MaxLimit", where, res.cfg.DefaultLimit, res.cfg.MaxLimit))
	}
	res.group = cmp.Or(api.CacheGroup, "crud:"+table.Name())
	api.CacheGroup = res.group
	res.list = res.newListPlan(where)
	if cfg.Create != nil {
		res.create = res.newCopyPlan(where+": Create", cfg.Create, false)
	}
	if cfg.Replace != nil {
		res.replace = res.newCopyPlan(where+": Replace", cfg.Replace, false)
	}
	if cfg.Patch != nil {
		res.patch = res.newCopyPlan(where+": Patch", cfg.Patch, true)
	}

	var rowOut, pageOut any = *new(T), Page[T]{}
	if cfg.Keyset {
		pageOut = CursorPage[T]{}
	}
	if cfg.Output != nil {
		res.out = newOutPlan[T](where, cfg.Output, cfg.Keyset)
		rowOut, pageOut = cfg.Output, reflect.New(res.out.page).Elem().Interface()
	}

	// A write can break a unique column or a foreign key: 409.
	var writes panther.Docs
	if slices.ContainsFunc(table.Columns(), func(c db.Column) bool { return c.Unique || c.Ref != "" }) {
		writes.Errors = []int{http.StatusConflict}
	}

	collection := api
	collection.Get = panther.Operation{Handler: res.listRows, Input: res.list.zero(), Output: pageOut}
	if res.create != nil {
		collection.Post = panther.Operation{Handler: res.createRow, Input: cfg.Create, Output: rowOut, Status: http.StatusCreated, Docs: writes}
	}
	item := api
	item.Get = panther.Operation{Handler: res.getRow, Input: rowID{}, Output: rowOut}
	if res.replace != nil {
		item.Put = panther.Operation{Handler: res.replaceRow, Input: cfg.Replace, Output: rowOut, Docs: writes}
	}
	if res.patch != nil {
		item.Patch = panther.Operation{Handler: res.patchRow, Input: cfg.Patch, Output: rowOut, Docs: writes}
	}
	if cfg.Delete {
		item.Delete = panther.Operation{Handler: res.deleteRow, Input: rowID{}, Status: http.StatusNoContent}
	}
	return panther.URLs{"": collection, "<id>/": item}
}

// rowID is the id of books/<id>/.
type rowID struct {
	ID int64 `path:"id" doc:"the row's id"`
}

// id is the row id of an item request: typed when the operation reads
// rowID, else parsed here with the same error.
func id(r *panther.Request) (int64, error) {
	if in, ok := r.InputValue().(*rowID); ok {
		return in.ID, nil
	}
	n, err := strconv.ParseInt(r.PathVar("id"), 10, 64)
	if err != nil {
		return 0, panther.ValidationError{"id": "must be an integer"}
	}
	return n, nil
}

// scoped is f limited to the request's scope.
func (res *resource[T]) scoped(r *panther.Request, f db.Filter) db.Filter {
	if res.cfg.Scope == nil {
		return f
	}
	return db.And(res.cfg.Scope(r), f)
}

// find is the row of an item request, within scope.
func (res *resource[T]) find(r *panther.Request) (T, error) {
	n, err := id(r)
	if err != nil {
		var zero T
		return zero, err
	}
	if res.cfg.Scope == nil { // the table's own statement, made once: nothing to build per request
		return res.table.Get(r.Context(), n)
	}
	return res.table.FindOne(r.Context(), res.scoped(r, db.Eq(res.key.Name, n)))
}

// idOf is row's primary key.
func (res *resource[T]) idOf(row T) int64 {
	return reflect.ValueOf(row).FieldByIndex(res.key.Field.Index).Int()
}

// invalidate drops the resource's cached answers after a write; a store
// that is down only delays it until the entries expire.
func (res *resource[T]) invalidate(r *panther.Request) {
	if err := r.InvalidateCache(res.group); err != nil {
		panther.LoggerFrom(r.Context()).Warn("crud: could not invalidate the cached answers", "group", res.group, "error", err)
	}
}

// show is row as the answers show it: as Output, else itself.
func (res *resource[T]) show(row T) any {
	if res.out == nil {
		return row
	}
	return res.out.show(reflect.ValueOf(row)).Interface()
}

// showPage is a page of rows as the answers show it.
func (res *resource[T]) showPage(page any) any {
	if res.out == nil {
		return page
	}
	return res.out.showPage(page)
}

func (res *resource[T]) getRow(r *panther.Request) (any, error) {
	row, err := res.find(r)
	if err != nil {
		return nil, err
	}
	return res.show(row), nil
}

func (res *resource[T]) createRow(r *panther.Request) (any, error) {
	var row T
	res.create.copyInto(reflect.ValueOf(&row).Elem(), reflect.ValueOf(r.InputValue()).Elem())
	if h := res.cfg.BeforeCreate; h != nil {
		if err := h(r, &row); err != nil {
			return nil, err
		}
	}
	if err := res.table.Insert(r.Context(), &row); err != nil {
		return nil, err
	}
	res.invalidate(r)
	if h := res.cfg.AfterCreate; h != nil {
		h(r, row)
	}
	return res.show(row), nil
}

func (res *resource[T]) replaceRow(r *panther.Request) (any, error) {
	return res.update(r, res.replace)
}

func (res *resource[T]) patchRow(r *panther.Request) (any, error) {
	return res.update(r, res.patch)
}

// update writes the fields of the request's input that plan names.
func (res *resource[T]) update(r *panther.Request, plan *copyPlan) (any, error) {
	row, err := res.find(r)
	if err != nil {
		return nil, err
	}
	set := plan.set(reflect.ValueOf(r.InputValue()).Elem())
	if h := res.cfg.BeforeUpdate; h != nil {
		if err := h(r, row, set); err != nil {
			return nil, err
		}
	}
	rowID := res.idOf(row)
	if len(set) > 0 {
		ok, err := res.table.UpdateOne(r.Context(), res.scoped(r, db.Eq(res.key.Name, rowID)), set)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, &db.NotFoundError{Model: res.table.Model()}
		}
		res.invalidate(r)
		if row, err = res.table.Get(r.Context(), rowID); err != nil {
			return nil, err
		}
	}
	if h := res.cfg.AfterUpdate; h != nil {
		h(r, row)
	}
	return res.show(row), nil
}

func (res *resource[T]) deleteRow(r *panther.Request) (any, error) {
	row, err := res.find(r)
	if err != nil {
		return nil, err
	}
	if h := res.cfg.BeforeDelete; h != nil {
		if err := h(r, row); err != nil {
			return nil, err
		}
	}
	ok, err := res.table.DeleteOne(r.Context(), res.scoped(r, db.Eq(res.key.Name, res.idOf(row))))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &db.NotFoundError{Model: res.table.Model()}
	}
	res.invalidate(r)
	if h := res.cfg.AfterDelete; h != nil {
		h(r, row)
	}
	return nil, nil
}

// copyPlan maps an input's fields to the model's.
type copyPlan struct {
	fields []copied
}

type copied struct {
	in     []int // the input's field
	out    []int // the model's field
	column string
	ptr    bool // the input's field is a pointer to the model's type: nil is "not sent"
}

func (res *resource[T]) newCopyPlan(where string, input any, patch bool) *copyPlan {
	it := reflect.TypeOf(input)
	if it.Kind() != reflect.Struct {
		panic(fmt.Sprintf("%s is a %s; give a struct value such as BookIn{}", where, it))
	}
	mt := reflect.TypeFor[T]()
	byField := map[string]db.Column{}
	for _, c := range res.cols {
		byField[c.Field.Name] = c
	}
	p := &copyPlan{}
	for _, f := range reflect.VisibleFields(it) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		if _, isParam := f.Tag.Lookup("path"); isParam {
			continue
		}
		if _, isParam := f.Tag.Lookup("query"); isParam {
			continue
		}
		c, ok := byField[f.Name]
		if !ok {
			panic(fmt.Sprintf("%s: field %s is not a field of %s; name the input's fields as the model's", where, f.Name, mt))
		}
		if c.Key {
			panic(fmt.Sprintf("%s: field %s is the primary key, which the database gives", where, f.Name))
		}
		cp := copied{in: f.Index, out: c.Field.Index, column: c.Name}
		base := c.Field.Type // what a value for the column is
		if c.Nullable {
			base = base.Elem()
		}
		switch {
		case patch && f.Type.Kind() != reflect.Pointer:
			panic(fmt.Sprintf("%s: field %s is a %s; a Patch field is a pointer (*%s), so a field not sent stays as it is", where, f.Name, f.Type, f.Type))
		case patch && f.Type.Elem().AssignableTo(base):
			cp.ptr = true // nil is "not sent", even for a nullable column
		case !patch && f.Type.AssignableTo(c.Field.Type):
		case !patch && f.Type.Kind() == reflect.Pointer && f.Type.Elem().AssignableTo(c.Field.Type):
			cp.ptr = true
		default:
			panic(fmt.Sprintf("%s: field %s is a %s, which the model's %s field %s cannot hold", where, f.Name, f.Type, c.Field.Type, f.Name))
		}
		p.fields = append(p.fields, cp)
	}
	if len(p.fields) == 0 {
		panic(fmt.Sprintf("%s %s has no field of %s", where, it, mt))
	}
	return p
}

// copyInto sets the model's fields from the input's; a nil pointer leaves
// the field as it is.
func (p *copyPlan) copyInto(row, in reflect.Value) {
	for _, f := range p.fields {
		v := in.FieldByIndex(f.in)
		if f.ptr {
			if v.IsNil() {
				continue
			}
			v = v.Elem()
		}
		row.FieldByIndex(f.out).Set(v)
	}
}

// set is the update the input asks for: every field, but the nil
// pointers of a patch.
func (p *copyPlan) set(in reflect.Value) db.Set {
	set := db.Set{}
	for _, f := range p.fields {
		v := in.FieldByIndex(f.in)
		if f.ptr {
			if v.IsNil() {
				continue
			}
			v = v.Elem()
		}
		set[f.column] = v.Interface()
	}
	return set
}

// listPlan is the query parameters of a list, as a struct type built at
// registration, so they are bound, validated and documented as any
// Input's parameters are.
type listPlan struct {
	typ     reflect.Type
	known   map[string]bool // every parameter name
	filters []filterParam
	sorts   []string // the values ?sort= may hold, "-" ones too
	search  bool
}

type filterParam struct {
	field  int // in the struct
	column string
	op     string // "", "gte", "lte", "gt", "lt"
}

// The fields every list has, by index in the generated struct.
const (
	fieldLimit = iota
	fieldSkip
	fieldSort
	fieldSearch
	fixedFields
)

func (res *resource[T]) newListPlan(where string) *listPlan {
	p := &listPlan{known: map[string]bool{}}
	sortable := []string{res.key.Name}
	for _, name := range res.cfg.Sort {
		c, ok := res.cols[name]
		switch {
		case !ok:
			panic(fmt.Sprintf("%s: Sort names %q, which is not a field; use one of %s", where, name, strings.Join(res.table.Fields(), ", ")))
		case !ordered(c.Kind):
			panic(fmt.Sprintf("%s: Sort names %q, which has no order", where, name))
		case name != res.key.Name:
			sortable = append(sortable, name)
		}
	}
	for _, s := range sortable {
		p.sorts = append(p.sorts, s, "-"+s)
	}
	skip := reflect.StructField{Name: "Skip", Type: reflect.TypeFor[int](), Tag: `query:"skip" validate:"min=0" doc:"how many rows to skip"`}
	if res.cfg.Keyset {
		skip = reflect.StructField{Name: "Cursor", Type: reflect.TypeFor[string](), Tag: `query:"cursor" doc:"where the page starts: the next of the page before"`}
	}
	fields := []reflect.StructField{
		{Name: "Limit", Type: reflect.TypeFor[int](), Tag: reflect.StructTag(fmt.Sprintf(`query:"limit" default:"%d" validate:"min=1,max=%d" doc:"how many rows a page holds"`, res.cfg.DefaultLimit, res.cfg.MaxLimit))},
		skip,
		{Name: "Sort", Type: reflect.TypeFor[string](), Tag: reflect.StructTag(`query:"sort" doc:"the order: comma-separated, '-' for descending; of ` + strings.Join(p.sorts, ", ") + `"`)},
		{Name: "Search", Type: reflect.TypeFor[string](), Tag: reflect.StructTag(`query:"search" doc:"case-insensitive text in any of ` + strings.Join(res.cfg.Search, ", ") + `"`)},
	}
	p.known["limit"], p.known["sort"] = true, true
	if res.cfg.Keyset {
		p.known["cursor"] = true
	} else {
		p.known["skip"] = true
	}
	for _, name := range res.cfg.Search {
		c, ok := res.cols[name]
		if !ok || c.Kind != db.KindText {
			panic(fmt.Sprintf("%s: Search names %q, which is not a text field", where, name))
		}
		p.search = true
	}
	if p.search {
		p.known["search"] = true
	}
	for _, name := range res.cfg.Filter {
		c, ok := res.cols[name]
		if !ok {
			panic(fmt.Sprintf("%s: Filter names %q, which is not a field; use one of %s", where, name, strings.Join(res.table.Fields(), ", ")))
		}
		base := c.Field.Type
		if c.Nullable {
			base = base.Elem()
		}
		if c.Kind == db.KindJSON || c.Kind == db.KindBytes {
			panic(fmt.Sprintf("%s: Filter names %q, a %s field, which a query parameter cannot hold", where, name, base))
		}
		ops := []string{""}
		if c.Kind == db.KindInt || c.Kind == db.KindFloat || c.Kind == db.KindTime {
			ops = append(ops, "gte", "lte", "gt", "lt")
		}
		for _, op := range ops {
			param := name
			if op != "" {
				param += "__" + op
			}
			p.filters = append(p.filters, filterParam{field: len(fields), column: name, op: op})
			doc := "equal to this"
			if op != "" {
				doc = map[string]string{"gte": "at least", "lte": "at most", "gt": "more than", "lt": "less than"}[op]
			}
			fields = append(fields, reflect.StructField{
				Name: fmt.Sprintf("F%d", len(fields)),
				Type: reflect.PointerTo(base),
				Tag:  reflect.StructTag(`query:"` + param + `" doc:"` + name + ` ` + doc + `"`),
			})
			p.known[param] = true
		}
	}
	p.typ = reflect.StructOf(fields)
	return p
}

func ordered(k db.Kind) bool {
	return k == db.KindInt || k == db.KindFloat || k == db.KindText || k == db.KindTime
}

// zero is a value of the list's parameter type, for its Operation.
func (p *listPlan) zero() any { return reflect.New(p.typ).Elem().Interface() }

func (res *resource[T]) listRows(r *panther.Request) (any, error) {
	p := res.list
	query := r.URL.Query()
	for name := range query {
		if !p.known[name] {
			names := slices.Sorted(maps.Keys(p.known))
			return nil, panther.ValidationError{name: "is not a parameter of this list; use " + strings.Join(names, ", ")}
		}
	}
	in := reflect.ValueOf(r.InputValue()).Elem()
	limit := int(in.Field(fieldLimit).Int())
	sorts, err := p.parseSort(in.Field(fieldSort).String())
	if err != nil {
		return nil, err
	}
	var where []db.Filter
	if res.cfg.Scope != nil {
		where = append(where, res.cfg.Scope(r))
	}
	if s := in.Field(fieldSearch).String(); s != "" {
		inAny := make([]db.Filter, len(res.cfg.Search))
		for i, name := range res.cfg.Search {
			inAny[i] = db.Contains(name, s)
		}
		where = append(where, db.Or(inAny...))
	}
	for _, f := range p.filters {
		v := in.Field(f.field)
		if v.IsNil() {
			continue
		}
		val := v.Elem().Interface()
		switch f.op {
		case "":
			where = append(where, db.Eq(f.column, val))
		case "gte":
			where = append(where, db.Gte(f.column, val))
		case "lte":
			where = append(where, db.Lte(f.column, val))
		case "gt":
			where = append(where, db.Gt(f.column, val))
		case "lt":
			where = append(where, db.Lt(f.column, val))
		}
	}
	if res.cfg.Keyset {
		return res.cursorPage(r, query, where, sorts, limit, in.Field(fieldSkip).String())
	}
	skip := int(in.Field(fieldSkip).Int())
	filter := db.And(where...)
	ctx := r.Context()
	count, err := res.table.Count(ctx, filter)
	if err != nil {
		return nil, err
	}
	rows, err := res.table.Find(ctx, db.Query{Where: filter, Sort: sorts, Skip: skip, Limit: limit})
	if err != nil {
		return nil, err
	}
	page := Page[T]{Count: count, Results: rows}
	if int64(skip+limit) < count {
		page.Next = pageQuery(query, limit, skip+limit)
	}
	if skip > 0 {
		page.Previous = pageQuery(query, limit, max(0, skip-limit))
	}
	return res.showPage(page), nil
}

// parseSort reads ?sort=-year,title.
func (p *listPlan) parseSort(s string) ([]db.Sort, error) {
	if s == "" {
		return nil, nil
	}
	var out []db.Sort
	for part := range strings.SplitSeq(s, ",") {
		if !slices.Contains(p.sorts, part) {
			return nil, panther.ValidationError{"sort": "must be one of " + strings.Join(p.sorts, ", ") + ", comma-separated"}
		}
		field, desc := strings.CutPrefix(part, "-")
		out = append(out, db.Sort{Field: field, Desc: desc})
	}
	return out, nil
}

// pageQuery is the query of another page: the request's, with its limit
// and skip.
func pageQuery(q url.Values, limit, skip int) *string {
	next := url.Values{}
	for k, vs := range q {
		next[k] = vs
	}
	next.Set("limit", strconv.Itoa(limit))
	if skip > 0 {
		next.Set("skip", strconv.Itoa(skip))
	} else {
		next.Del("skip")
	}
	s := "?" + next.Encode()
	return &s
}
