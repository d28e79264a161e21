package panther

import (
	"net/http"
	"net/netip"
	"slices"
	"strings"
)

// clientIP is the socket's peer or, when that peer is a trusted proxy, the
// rightmost address in X-Forwarded-For that is not itself a trusted proxy:
// addresses left of it were written by the client and prove nothing.
func (a *App) clientIP(r *http.Request) string {
	peer, host := remoteIP(r.RemoteAddr)
	if len(a.trusted) == 0 || !a.isTrusted(peer) {
		if peer.IsValid() && !peer.Is6() && host != "" {
			return host // already canonical: no need to format it again
		}
		return addrString(peer, r.RemoteAddr)
	}
	client := peer
	for _, header := range slices.Backward(r.Header.Values("X-Forwarded-For")) {
		for header != "" {
			var hop string
			if i := strings.LastIndexByte(header, ','); i >= 0 {
				header, hop = header[:i], header[i+1:]
			} else {
				header, hop = "", header
			}
			ip, err := netip.ParseAddr(strings.TrimSpace(hop))
			if err != nil {
				return client.String() // a garbled hop: trust nothing beyond it
			}
			client = ip.Unmap()
			if !a.isTrusted(client) {
				return client.String()
			}
		}
	}
	return client.String()
}

func (a *App) isTrusted(ip netip.Addr) bool {
	for _, p := range a.trusted {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// remoteIP parses the socket's peer, returning also the host part of
// remoteAddr when it is a plain IPv4 address, which is its own canonical
// form.
func remoteIP(remoteAddr string) (netip.Addr, string) {
	if ap, err := netip.ParseAddrPort(remoteAddr); err == nil {
		ip := ap.Addr()
		if ip.Is4() {
			return ip, remoteAddr[:strings.LastIndexByte(remoteAddr, ':')]
		}
		return ip.Unmap(), ""
	}
	ip, _ := netip.ParseAddr(remoteAddr)
	return ip.Unmap(), ""
}

// addrString formats ip, falling back to the raw RemoteAddr when it does
// not parse (a test's or a unix socket's made-up address).
func addrString(ip netip.Addr, raw string) string {
	if ip.IsValid() {
		return ip.String()
	}
	return raw
}
