package main

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// mix sends the tour's everyday requests as alice: the soak and chaos
// scenarios take turns over them. The fixed requests are laid out once.
type mix struct {
	addr, bearer string
	client       *client
	fixed        [routeCount][]byte
	ids          chan int // notes created and not yet deleted
}

func newMix(t *tour, token string, conns int) *mix {
	m := &mix{addr: t.addr, bearer: "Bearer " + token, client: newClient(t.addr, conns), ids: make(chan int, 1<<16)}
	m.fixed[routeMe] = wire(t.addr, http.MethodGet, "/me/", "", "Authorization", m.bearer)
	m.fixed[routePost] = wire(t.addr, http.MethodPost, "/notes/", noteBody, "Authorization", m.bearer, "Content-Type", "application/json")
	m.fixed[routeTime] = wire(t.addr, http.MethodGet, "/time/", "")
	m.fixed[routeHello] = wire(t.addr, http.MethodGet, "/hello/x/", "")
	return m
}

// The routes of the mix, in the order of the soak's turns.
const (
	routeMe = iota
	routePost
	routeTime
	routeHello
	routeDelete
	routeCount
)

var routeNames = [routeCount]string{"GET /me/", "POST /notes/", "GET /time/ (cached)", "GET /hello/x/", "DELETE /notes/<id>/"}

const noteBody = `{"title":"Milk","body":"Buy two litres","tags":["home","food"]}`

// do sends one request of route and returns the route it really sent:
// a delete with no note left to delete is a GET /me/ instead.
func (m *mix) do(route int) (int, answer) {
	switch route {
	case routePost:
		a := m.client.do(m.fixed[routePost], true)
		var note struct {
			ID int `json:"id"`
		}
		if a.status == http.StatusCreated && json.Unmarshal(a.body, &note) == nil {
			select {
			case m.ids <- note.ID:
			default: // never full in practice: deletes keep up with posts
			}
		}
		return route, a
	case routeDelete:
		select {
		case id := <-m.ids:
			req := wire(m.addr, http.MethodDelete, "/notes/"+strconv.Itoa(id)+"/", "", "Authorization", m.bearer)
			return route, m.client.do(req, false)
		default:
			route = routeMe
		}
	}
	return route, m.client.do(m.fixed[route], false)
}
