package schema_test

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"time"

	"github.com/panther-go/panther/schema/testdata/other"
)

// The types the golden files describe.

type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

type Color string

// Celsius writes itself with MarshalJSON, so its schema says nothing.
type Celsius float64

func (c Celsius) MarshalJSON() ([]byte, error) {
	return json.Marshal(fmt.Sprintf("%.1f°C", float64(c)))
}

// Kinds has one field of each kind, untagged: names are the Go names.
type Kinds struct {
	Bool      bool
	Int       int
	Int8      int8
	Int16     int16
	Int32     int32
	Int64     int64
	Uint      uint
	Uint8     uint8
	Uint16    uint16
	Uint32    uint32
	Uint64    uint64
	Uintptr   uintptr
	Float32   float32
	Float64   float64
	String    string
	Color     Color
	Bytes     []byte
	Strings   []string
	Array     [3]int
	Map       map[string]int
	IntKeys   map[int]bool
	Any       any
	Stringer  fmt.Stringer
	Time      time.Time
	Duration  time.Duration
	Raw       json.RawMessage
	Number    json.Number
	Addr      netip.Addr
	Celsius   Celsius
	Inline    struct{ X int }
	Point     Point
	Points    []Point
	PointsMap map[string]Point
}

// Rules has one field per validate tag the package maps.
type Rules struct {
	Name    string            `json:"name" validate:"required"`
	Nick    string            `json:"nick" validate:"min=2,max=20"`
	Code    string            `json:"code" validate:"len=6"`
	Slug    string            `json:"slug" validate:"gt=3,lt=10"`
	Handle  string            `json:"handle" validate:"gte=3,lte=9"`
	Kind    string            `json:"kind" validate:"eq=note"`
	Age     int               `json:"age" validate:"min=18,max=130"`
	Score   float64           `json:"score" validate:"gt=0,lt=1"`
	Level   uint8             `json:"level" validate:"gte=1,lte=10"`
	Answer  int               `json:"answer" validate:"eq=42"`
	Three   int               `json:"three" validate:"len=3"`
	Active  bool              `json:"active" validate:"eq=true"`
	Timeout time.Duration     `json:"timeout" validate:"min=1s,max=1h"`
	Items   []int             `json:"items" validate:"min=1,max=10,unique"`
	Pair    []string          `json:"pair" validate:"len=2"`
	Labels  map[string]string `json:"labels" validate:"min=1,max=3"`
	Color   string            `json:"color" validate:"oneof=red green 'light blue'"`
	Retries int               `json:"retries" validate:"oneof=1 2 3"`
	Email   string            `json:"email" validate:"email"`
	Site    string            `json:"site" validate:"url"`
	Link    string            `json:"link" validate:"http_url"`
	ID      string            `json:"id" validate:"uuid4"`
	Born    string            `json:"born" validate:"datetime=2006-01-02"`
	Seen    string            `json:"seen" validate:"datetime=2006-01-02T15:04:05Z07:00"`
	Clock   string            `json:"clock" validate:"datetime=15:04"`
	IP      string            `json:"ip" validate:"ip"`
	IPv4    string            `json:"ipv4" validate:"ipv4"`
	IPv6    string            `json:"ipv6" validate:"ipv6"`
	Host    string            `json:"host" validate:"hostname"`
	Letters string            `json:"letters" validate:"alpha"`
	Word    string            `json:"word" validate:"alphanum"`
	Digits  string            `json:"digits" validate:"numeric"`
	Tags    []string          `json:"tags" validate:"max=5,dive,min=1,max=20"`
	Matrix  [][]int           `json:"matrix" validate:"dive,max=3,dive,min=0,max=9"`
	Scores  map[string]int    `json:"scores" validate:"dive,keys,min=1,endkeys,gt=0"`
	Either  string            `json:"either" validate:"email|url"`
	Unknown string            `json:"unknown" validate:"boolean,foo=bar"`
	Ignored string            `json:"ignored" validate:"-"`
	Maybe   string            `json:"maybe" validate:"omitempty,min=3"`
}

// Nullable has pointer fields, with and without rules.
type Nullable struct {
	Name     *string    `json:"name"`
	Count    *int       `json:"count" validate:"omitempty,min=1"`
	Strict   *int       `json:"strict" validate:"min=1"`
	Must     *string    `json:"must" validate:"required"`
	Mode     *string    `json:"mode" validate:"omitempty,oneof=a b"`
	Fixed    *string    `json:"fixed" validate:"omitnil,eq=x"`
	Point    *Point     `json:"point"`
	Needed   *Point     `json:"needed" validate:"required"`
	Tags     *[]string  `json:"tags"`
	Items    []*string  `json:"items"`
	Dive     []*string  `json:"dive" validate:"dive,min=1"`
	DiveOpt  []*string  `json:"diveOpt" validate:"dive,omitempty,min=1"`
	When     *time.Time `json:"when"`
	Anything *any       `json:"anything"`
	Double   **int      `json:"double"`
}

type Base struct {
	ID      int64     `json:"id" validate:"required"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	Code    string    `json:"code"`
}

type Audit struct {
	By   string `json:"by" validate:"required"`
	Code string `json:"code"`
}

type Meta struct {
	Version int `json:"version"`
}

type hidden struct {
	Secret string `json:"secret"`
}

type Owner struct {
	Owner string `json:"owner" validate:"required"`
}

// Embedding flattens Base, *Audit, *Owner and hidden; Meta is tagged, so
// it stays a field. Name is its own; code clashes at one depth and
// vanishes. Audit's by is not required, as *Audit may be nil; Owner's
// owner is, since the validator rejects a nil *Owner.
type Embedding struct {
	Base
	*Audit
	*Owner `validate:"required"`
	hidden
	Meta  `json:"meta"`
	Name  string `json:"name" validate:"required"`
	Title string `json:"title"`
}

// Skipped has fields the wire never sees, or sees as strings.
type Skipped struct {
	Kept      string              `json:"kept"`
	Dash      string              `json:"-"`
	DashName  string              `json:"-,"`
	unexp     string              // left out: unexported
	Chan      chan int            `json:"chan"`
	Func      func()              `json:"func"`
	Complex   complex128          `json:"complex"`
	BadKeys   map[[2]int]string   `json:"badKeys"`
	Quoted    int                 `json:"quoted,string" validate:"min=1"`
	QuotedPtr *int                `json:",string"`
	Listed    []int               `json:"listed,string"`
	Odd       string              `json:"a b"`
	Invalid   string              `json:"\\bad"`
	Chans     map[string]chan int `json:"chans"`
}

type Note struct {
	Title string `json:"title" validate:"required"`
}

// Both uses two types named Note, from two packages.
type Both struct {
	Mine   Note       `json:"mine"`
	Theirs other.Note `json:"theirs"`
}

type Page[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

type Pair[K comparable, V any] struct {
	Key   K `json:"key"`
	Value V `json:"value"`
}

// Feeds uses generic types, two of them with clashing names.
type Feeds struct {
	Notes  Page[Note]        `json:"notes"`
	Others Page[other.Note]  `json:"others"`
	Pair   Pair[string, int] `json:"pair"`
	Nested Page[Page[Point]] `json:"nested"`
}

type Tree struct {
	Value    string `json:"value"`
	Children []Tree `json:"children"`
}

type Node struct {
	Value int   `json:"value"`
	Next  *Node `json:"next"`
}

type Ping struct {
	Pong *Pong `json:"pong"`
}

type Pong struct {
	Ping *Ping `json:"ping"`
}

// Forest holds recursive types: self-referring and mutually referring.
type Forest struct {
	Trees []Tree `json:"trees"`
	Head  *Node  `json:"head"`
	Ping  Ping   `json:"ping"`
}

// Signup is a form body: `form` names its fields, then `json`.
type Signup struct {
	Email    string `form:"email" json:"mail" validate:"required,email"`
	Name     string `json:"name" validate:"required"`
	Age      int    `form:"age,omitempty" validate:"gte=13"`
	Password string `form:"-" json:"password"`
	Plain    string
}

// Documented carries doc and example tags.
type Documented struct {
	Title string   `json:"title" doc:"What the note is about." example:"Groceries"`
	Count int      `json:"count" doc:"How many." example:"3"`
	Tags  []string `json:"tags" example:"[\"home\",\"food\"]"`
	Point *Point   `json:"point" doc:"Where." example:"{\"x\":1,\"y\":2}"`
	Bad   int      `json:"bad" example:"three"`
}
