package panther

import (
	"net/url"
	"strings"
)

// node is one path segment of the routing tree. A request path is matched a
// segment at a time: a static child first, then the node's one path
// variable, backtracking to the variable when the static branch finds
// nothing below it (Python Panther never backtracks; see the README).
type node struct {
	segs     []string         // the static children's segments, in the order of kids
	kids     []*node          // the static children
	index    map[string]*node // the static children by segment, once there are more than scanMax
	param    *node            // the <name> child, if any
	name     string           // the variable's name, on a param node
	origin   string           // the pattern that created this param node, for error messages
	ep       *endpoint
	mount    *endpoint // a Mount here answers every path below too
	reserved bool      // an empty URLs value: answers 404 and keeps variables from capturing it
}

// scanMax is how many static children a node scans for a segment before
// it looks them up in a map: comparing a few strings, most of which differ
// in length, is quicker than hashing one.
const scanMax = 8

func (n *node) child(seg string) *node {
	if c := n.static(seg); c != nil {
		return c
	}
	c := &node{}
	n.segs, n.kids = append(n.segs, seg), append(n.kids, c)
	if len(n.kids) > scanMax {
		if n.index == nil {
			n.index = make(map[string]*node, len(n.kids))
			for i, s := range n.segs {
				n.index[s] = n.kids[i]
			}
		}
		n.index[seg] = c
	}
	return c
}

// static is the static child for seg, or nil.
func (n *node) static(seg string) *node {
	if n.index != nil {
		return n.index[seg]
	}
	for i, s := range n.segs {
		if s == seg {
			return n.kids[i]
		}
	}
	return nil
}

// lookup finds the endpoint for path, a request path with its edge slashes
// trimmed, appending the path variables' values to vals. It allocates only
// when vals must grow.
func (n *node) lookup(path string, vals []string) (*endpoint, []string) {
	if path == "" {
		return n.ep, vals
	}
	seg, rest, more := strings.Cut(path, "/")
	if c := n.static(seg); c != nil {
		if ep, v := c.descend(rest, more, vals); ep != nil {
			return ep, v
		}
		if c.reserved {
			return nil, vals
		}
	}
	if n.param != nil && seg != "" {
		if ep, v := n.param.descend(rest, more, append(vals, seg)); ep != nil {
			return ep, v
		}
	}
	return n.mount, vals
}

func (n *node) descend(rest string, more bool, vals []string) (*endpoint, []string) {
	if !more {
		return n.ep, vals
	}
	if rest == "" { // a trailing slash
		return n.ep, vals
	}
	return n.lookup(rest, vals)
}

// trimSlashes drops leading and trailing slashes, however many.
func trimSlashes(p string) string {
	for len(p) > 0 && p[0] == '/' {
		p = p[1:]
	}
	for len(p) > 0 && p[len(p)-1] == '/' {
		p = p[:len(p)-1]
	}
	return p
}

// match routes an HTTP request path. When the client escaped a slash or
// another reserved character (url.URL.RawPath is set) it matches the raw
// path and unescapes the variables, so %2F stays inside one value.
func (n *node) match(u *url.URL, vals []string) (*endpoint, []string) {
	if u.RawPath == "" {
		return n.lookup(trimSlashes(u.Path), vals)
	}
	start := len(vals)
	ep, vals := n.lookup(trimSlashes(u.RawPath), vals)
	if ep == nil {
		return nil, vals
	}
	for i := start; i < len(vals); i++ {
		if v, err := url.PathUnescape(vals[i]); err == nil {
			vals[i] = v
		}
	}
	return ep, vals
}
