package validate_test

import (
	"maps"
	"reflect"
	"testing"
	"time"

	"github.com/panther-go/panther/validate"
)

type geo struct {
	Lat  float64 `json:"lat" validate:"gte=-90,lte=90"`
	Note string  // no rules: the validator has nothing to say
}

type place struct {
	City  string `json:"city" validate:"required,max=5"`
	Geo   geo    `json:"geo"`
	Where geo    `form:"where"`
	When  time.Time
}

type paging struct {
	Page int `json:"page" validate:"omitempty,min=1"`
}

type unnamed struct {
	Size int `json:"size" validate:"max=3"`
}

type quiet struct {
	At     time.Time
	Next   *quiet
	Labels map[string]string
	hidden string `validate:"required"`
}

// shapes holds every shape a plan follows: nested, embedded (flattened
// and named), skipped, duplicated names and dive.
type shapes struct {
	paging
	unnamed  `json:"unnamed"`
	Title    string            `json:"title" validate:"required,min=2"`
	Home     place             `json:"home"`
	Tags     []string          `json:"tags,omitempty" validate:"max=3,dive,min=1,max=4"`
	Scores   []int             `json:"scores" validate:"omitempty,dive,oneof=1 2 3"`
	Nick     *string           `json:"nick" validate:"omitempty,min=3"`
	Wait     time.Duration     `json:"wait" validate:"omitempty,max=1m"`
	Same     string            `form:"title" validate:"eq=x"` // Title's name: Title's failure wins
	Skip     string            `validate:"-"`
	Quiet    quiet             `json:"quiet"`
	QuietPtr *quiet            `json:"quiet_ptr"`
	Geos     []geo             `json:"geos" validate:"max=1"` // without dive the validator looks no further
	Any      map[string]any    `json:"any"`
	At       *time.Time        `json:"at"`
	Meta     map[string]string `json:"meta"`
	internal place             `validate:"required"`
}

func TestPlanAgreesOnShapes(t *testing.T) {
	v := validate.New()
	p, ok := validate.CompileStruct(reflect.TypeFor[shapes]())
	if !ok {
		t.Fatal("shapes does not compile")
	}
	nick := "ab"
	good := func() shapes {
		return shapes{Title: "x", Same: "x", Home: place{City: "Rome"}, Tags: []string{"a"}}
	}
	tests := []struct {
		name   string
		change func(s *shapes)
	}{
		{"valid", func(*shapes) {}},
		{"zero", func(s *shapes) { *s = shapes{} }},
		{"flattened embedded", func(s *shapes) { s.Page = -1 }},
		{"named embedded", func(s *shapes) { s.Size = 4 }},
		{"nested", func(s *shapes) { s.Home.City = "" }},
		{"two deep", func(s *shapes) { s.Home.Geo.Lat = 91; s.Home.Where.Lat = -91 }},
		{"first failure of a name wins", func(s *shapes) { s.Title = "" }},
		{"second field of a name", func(s *shapes) { s.Same = "y" }},
		{"items", func(s *shapes) { s.Tags = []string{"", "ok", "toolong"} }},
		{"items of a failed slice", func(s *shapes) { s.Tags = []string{"", "", "", ""} }},
		{"empty slice", func(s *shapes) { s.Tags = []string{} }},
		{"omitempty before dive", func(s *shapes) { s.Scores = []int{} }},
		{"oneof items", func(s *shapes) { s.Scores = []int{1, 4, 0} }},
		{"pointer", func(s *shapes) { s.Nick = &nick }},
		{"duration", func(s *shapes) { s.Wait = time.Hour }},
		{"skipped and quiet fields", func(s *shapes) {
			s.Skip = "anything"
			s.Quiet = quiet{Next: &quiet{}}
			s.Geos = []geo{{Lat: 100}}
			s.internal = place{}
		}},
		{"everything", func(s *shapes) {
			*s = shapes{Same: "y", Tags: []string{"", "12345"}, Scores: []int{9}, Nick: &nick, Wait: -1}
			s.Page, s.Size, s.Home.Geo.Lat = -1, 9, 1000
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good()
			tt.change(&s)
			agree(t, v, p, reflect.ValueOf(&s), tt.name)
		})
	}
}

// The validator names fields of the root type after its name; a plan
// must agree for a generic type (whose name holds dots) and a struct
// literal's type (which has none).
func TestPlanAgreesOnRootNames(t *testing.T) {
	v := validate.New()
	check := func(t *testing.T, x any, want validate.Errors) {
		t.Helper()
		if got := v.Struct(x); !maps.Equal(got, want) {
			t.Errorf("Struct = %v, want %v", got, want)
		}
		p, ok := validate.CompileStruct(reflect.TypeOf(x).Elem())
		if !ok {
			t.Fatal("does not compile")
		}
		agree(t, v, p, reflect.ValueOf(x), "")
	}
	t.Run("generic", func(t *testing.T) {
		check(t, &page[place]{Items: []string{""}}, validate.Errors{"items.0": "is required", "first.city": "is required"})
	})
	t.Run("literal", func(t *testing.T) {
		check(t, &struct {
			Home place    `json:"home"`
			Tags []string `json:"tags" validate:"dive,required"`
		}{Tags: []string{""}}, validate.Errors{"tags.0": "is required", "home.city": "is required"})
	})
}

type page[T any] struct {
	Items []string `json:"items" validate:"dive,required"`
	First T        `json:"first"`
}

// valuerNote hands the validator another value than its own.
type valuerNote struct {
	Title string `json:"title" validate:"required"`
}

func (n valuerNote) ValidatorValue() any { return n.Title }

type withRule struct {
	A string `json:"a" validate:"required"`
}

func TestCompileStructRefuses(t *testing.T) {
	tests := []struct {
		name string
		typ  reflect.Type
	}{
		{"not a struct", reflect.TypeFor[string]()},
		{"a pointer", reflect.TypeFor[*withRule]()},
		{"time.Time", reflect.TypeFor[time.Time]()},
		{"a valuer", reflect.TypeFor[valuerNote]()},
		{"a valuer field", reflect.TypeFor[struct {
			N valuerNote `json:"n"`
		}]()},
		{"a valuer field with rules", reflect.TypeFor[struct {
			L lens `json:"l" validate:"max=3"`
		}]()},
		{"hidden from the wire", reflect.TypeFor[struct {
			A string `json:"-" validate:"required"`
		}]()},
		{"nested struct hidden from the wire", reflect.TypeFor[struct {
			W withRule `json:"-"`
		}]()},
		{"embedded with a tag", reflect.TypeFor[struct {
			withRule `validate:"required"`
		}]()},
		{"embedded pointer", reflect.TypeFor[struct{ *withRule }]()},
		{"embedded hidden from the wire", reflect.TypeFor[struct {
			withRule `json:"-"`
		}]()},
		{"pointer to a struct with rules", reflect.TypeFor[struct {
			W *withRule `json:"w"`
		}]()},
		{"struct with a tag", reflect.TypeFor[struct {
			W withRule `json:"w" validate:"required"`
		}]()},
		{"interface", reflect.TypeFor[struct {
			X any `json:"x"`
		}]()},
		{"map with rules", reflect.TypeFor[struct {
			M map[string]string `json:"m" validate:"dive,max=2"`
		}]()},
		{"dive into structs", reflect.TypeFor[struct {
			W []withRule `json:"w" validate:"dive"`
		}]()},
		{"or", reflect.TypeFor[struct {
			A string `json:"a" validate:"len=2|len=4"`
		}]()},
		{"format", reflect.TypeFor[struct {
			A string `json:"a" validate:"email"`
		}]()},
		{"cross-field", reflect.TypeFor[struct {
			A string `json:"a" validate:"required_if=B x"`
			B string `json:"b"`
		}]()},
		{"unknown tag", reflect.TypeFor[struct {
			A string `json:"a" validate:"nosuch"`
		}]()},
		{"nested refusal", reflect.TypeFor[struct {
			P struct {
				A string `json:"a" validate:"url"`
			} `json:"p"`
		}]()},
	}
	for _, tt := range tests {
		if _, ok := validate.CompileStruct(tt.typ); ok {
			t.Errorf("%s: CompileStruct(%s) ok; it is the validator's", tt.name, tt.typ)
		}
	}
	if _, ok := validate.CompileStruct(nil); ok {
		t.Error("CompileStruct(nil) ok")
	}
}

// The validator skips unexported fields, tag or not, and types with no
// rules anywhere; so does a plan, and it has nothing left to check.
func TestCompileStructSkips(t *testing.T) {
	type skipped struct {
		hidden string `validate:"required"`
		At     time.Time
		Next   *quiet
		Hidden withRule `json:"-" validate:"-"`
		Names  []string
	}
	p, ok := validate.CompileStruct(reflect.TypeFor[skipped]())
	if !ok {
		t.Fatal("does not compile")
	}
	agree(t, validate.New(), p, reflect.ValueOf(&skipped{}), "zero")
}

func TestPlanCheckAllocatesNothing(t *testing.T) {
	p, ok := validate.CompileStruct(reflect.TypeFor[noteIn]())
	if !ok {
		t.Fatal("noteIn does not compile")
	}
	in := reflect.ValueOf(&noteIn{Title: "milk", Body: "two litres", Tags: []string{"shop", "food"}}).Elem()
	allocs := testing.AllocsPerRun(100, func() {
		if errs := p.Check(in); errs != nil {
			t.Fatal(errs)
		}
	})
	if allocs != 0 {
		t.Errorf("Check allocates %v times per call, want 0", allocs)
	}
}

// The validator's behaviours that a plan copies, pinned so that an
// upgrade that changes one fails here first.
func TestValidatorBehaviours(t *testing.T) {
	type facts struct {
		Failed   []string  `json:"failed" validate:"max=1,dive,min=1"`
		NilOnly  []string  `json:"nil_only" validate:"omitempty,min=1"`
		Items    []string  `json:"items" validate:"dive,omitempty,min=2"`
		Late     string    `json:"late" validate:"min=1,omitempty"`
		NilPtr   *int      `json:"nil_ptr" validate:"min=3"`
		ZeroPtr  *int      `json:"zero_ptr" validate:"required"`
		NilInPtr *[]string `json:"nil_in_ptr" validate:"required"`
		False    bool      `json:"false" validate:"required"`
		Rounded  float32   `json:"rounded" validate:"gt=0.1"`
		Decimal  int       `json:"decimal" validate:"oneof=01 2"`
		Octal    int       `json:"octal" validate:"eq=010"`
		Struct   withRule  `json:"struct" validate:"required"`
		private  string    `validate:"required"`
	}
	zero, empty := 0, []string(nil)
	got := validate.New().Struct(&facts{
		Failed: []string{"", ""}, NilOnly: []string{}, Items: []string{"", "a"},
		ZeroPtr: &zero, NilInPtr: &empty, Rounded: 0.1, Decimal: 1, Octal: 8,
	})
	want := validate.Errors{
		"failed":     "must have at most 1 item", // and its items go unchecked
		"nil_only":   "must have at least 1 item",
		"items.1":    "must be at least 2 characters",
		"late":       "must be at least 1 character",
		"nil_ptr":    "must be at least 3",
		"nil_in_ptr": "is required",
		"false":      "is required",
		"rounded":    "must be more than 0.1",
		"decimal":    "must be one of: 01, 2",
		"struct":     "is required",
	}
	if !maps.Equal(got, want) {
		t.Errorf("Struct = %v\nwant %v", got, want)
	}
}
