package crud

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"reflect"
	"strconv"

	"github.com/panther-go/panther"
	"github.com/panther-go/panther/db"
)

// cursor is where a keyset page starts: the sort of the list it belongs to
// and the sort values and id of the last row of the page before.
type cursor struct {
	Sort   string            `json:"s"`
	Values []json.RawMessage `json:"v"`
	ID     int64             `json:"id"`
}

func badCursor() error {
	return panther.ValidationError{"cursor": "is not a cursor of this list; use the next of the page before, with the same sort"}
}

// cursorPage reads the page after raw (the first page when raw is ""):
// rows past the cursor in the sort's order, then by id — a seek, not an
// offset — and the query of the next page.
func (res *resource[T]) cursorPage(r *panther.Request, query url.Values, where []db.Filter, sorts []db.Sort, limit int, raw string) (any, error) {
	sortParam := query.Get("sort")
	if raw != "" {
		data, err := base64.RawURLEncoding.DecodeString(raw)
		var c cursor
		if err != nil || json.Unmarshal(data, &c) != nil || c.Sort != sortParam || len(c.Values) != len(sorts) {
			return nil, badCursor()
		}
		after, err := res.after(sorts, c)
		if err != nil {
			return nil, err
		}
		where = append(where, after)
	}
	rows, err := res.table.Find(r.Context(), db.Query{Where: db.And(where...), Sort: sorts, Limit: limit + 1})
	if err != nil {
		return nil, err
	}
	page := CursorPage[T]{Results: rows}
	if len(rows) > limit {
		page.Results = rows[:limit]
		last := reflect.ValueOf(rows[limit-1])
		c := cursor{Sort: sortParam, ID: res.idOf(rows[limit-1])}
		for _, s := range sorts {
			v, _ := json.Marshal(last.FieldByIndex(res.cols[s.Field].Field.Index).Interface())
			c.Values = append(c.Values, v)
		}
		data, _ := json.Marshal(c)
		next := url.Values{}
		for k, vs := range query {
			next[k] = vs
		}
		next.Set("limit", strconv.Itoa(limit))
		next.Set("cursor", base64.RawURLEncoding.EncodeToString(data))
		s := "?" + next.Encode()
		page.Next = &s
	}
	return res.showPage(page), nil
}

// after selects the rows that come after the cursor's in the order of
// sorts, then id: for sorts a, b, the rows with a past the cursor's, or a
// equal and b past it, or both equal and a greater id.
func (res *resource[T]) after(sorts []db.Sort, c cursor) (db.Filter, error) {
	values := make([]any, len(sorts))
	for i, s := range sorts {
		v := reflect.New(res.cols[s.Field].Field.Type)
		if json.Unmarshal(c.Values[i], v.Interface()) != nil {
			return db.Filter{}, badCursor()
		}
		values[i] = v.Elem().Interface()
	}
	past := func(s db.Sort, v any) db.Filter {
		if s.Desc {
			return db.Lt(s.Field, v)
		}
		return db.Gt(s.Field, v)
	}
	var either []db.Filter
	for k := range sorts {
		var all []db.Filter
		for j := 0; j < k; j++ {
			all = append(all, db.Eq(sorts[j].Field, values[j]))
		}
		either = append(either, db.And(append(all, past(sorts[k], values[k]))...))
	}
	var equal []db.Filter
	byID := false
	for j, s := range sorts {
		equal = append(equal, db.Eq(s.Field, values[j]))
		byID = byID || res.cols[s.Field].Key
	}
	if !byID { // the tie-break the query sorts by last
		either = append(either, db.And(append(equal, db.Gt(res.key.Name, c.ID))...))
	}
	return db.Or(either...), nil
}
