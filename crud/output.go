package crud

import (
	"fmt"
	"reflect"
)

// outPlan shows rows through Config.Output: each of its fields is copied
// from the model's field of that name.
type outPlan struct {
	typ    reflect.Type
	fields []shown
	page   reflect.Type // Page, or CursorPage, with Results of typ
}

type shown struct{ out, row []int }

func newOutPlan[T any](where string, output any, keyset bool) *outPlan {
	ot, mt := reflect.TypeOf(output), reflect.TypeFor[T]()
	if ot.Kind() != reflect.Struct {
		panic(fmt.Sprintf("%s: Output is a %s; give a struct value such as BookOut{}", where, ot))
	}
	p := &outPlan{typ: ot}
	for _, f := range reflect.VisibleFields(ot) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		mf, ok := mt.FieldByName(f.Name)
		switch {
		case !ok || !mf.IsExported():
			panic(fmt.Sprintf("%s: Output field %s is not a field of %s; name the output's fields as the model's", where, f.Name, mt))
		case !mf.Type.AssignableTo(f.Type):
			panic(fmt.Sprintf("%s: Output field %s is a %s, which cannot hold the model's %s", where, f.Name, f.Type, mf.Type))
		}
		p.fields = append(p.fields, shown{out: f.Index, row: mf.Index})
	}
	if len(p.fields) == 0 {
		panic(fmt.Sprintf("%s: Output %s has no field of %s", where, ot, mt))
	}
	// The page types are Page's and CursorPage's fields, with Results of
	// the output type: what the list answers and documents.
	pt := reflect.TypeFor[Page[T]]()
	if keyset {
		pt = reflect.TypeFor[CursorPage[T]]()
	}
	var fields []reflect.StructField
	for i := range pt.NumField() {
		f := pt.Field(i)
		if f.Name == "Results" {
			f.Type = reflect.SliceOf(ot)
		}
		fields = append(fields, f)
	}
	p.page = reflect.StructOf(fields)
	return p
}

// show is row as Output.
func (p *outPlan) show(row reflect.Value) reflect.Value {
	out := reflect.New(p.typ).Elem()
	for _, f := range p.fields {
		out.FieldByIndex(f.out).Set(row.FieldByIndex(f.row))
	}
	return out
}

// showPage is page, a Page[T] or CursorPage[T], with its results shown
// as Output.
func (p *outPlan) showPage(page any) any {
	in := reflect.ValueOf(page)
	out := reflect.New(p.page).Elem()
	for i := range p.page.NumField() {
		f := in.Field(i)
		if p.page.Field(i).Name == "Results" {
			results := reflect.MakeSlice(p.page.Field(i).Type, f.Len(), f.Len())
			for j := range f.Len() {
				results.Index(j).Set(p.show(f.Index(j)))
			}
			f = results
		}
		out.Field(i).Set(f)
	}
	return out.Interface()
}
