// Package ws serves websockets declared like APIs. A websocket route sits
// in the URL map beside the others, with path variables, and runs the
// pipeline's checks — method, authentication, permissions, throttling —
// before the upgrade, so a refusal is a plain HTTP 401, 403 or 429 with
// the usual JSON body, never a socket accepted and then closed. A plain
// HTTP request to it is 426 {"detail":"This service requires use of the
// WebSocket protocol."}; a malformed upgrade (no Sec-WebSocket-Key, a
// version other than 13) is 400; an Origin that is neither the host's
// own nor in Config.Origins is 403.
//
//	hub := ws.NewHub(app)
//	app.Handle("ws/chat/<room>/", hub.API(ws.Config{
//		API: panther.API{Auth: panther.AuthRequired},
//		OnConnect: func(c *ws.Conn) error {
//			c.Join(c.PathVar("room"))
//			return c.Send(map[string]string{"connection_id": c.ID()})
//		},
//		OnMessage: func(c *ws.Conn, m ws.Message) error {
//			return hub.Broadcast(c.Context(), c.PathVar("room"), m.Text())
//		},
//	}))
//
// Browsers cannot set headers on a websocket, so a token may also come in
// the "authorization" query parameter or as the subprotocol pair
// "bearer, <token>" (new WebSocket(url, ["bearer", token])); either is
// moved into the Authorization header before authentication, and the
// "bearer" subprotocol is then the one accepted. A cookie works as it does
// for any API, when the authenticator reads one (jwt.Cookie).
//
// Hub.Send learns where a connection is from the store, which keeps each
// record for a minute past its instance's last refresh: for that long
// after an instance dies without closing its connections, a send to one
// of them is published to no one and reported as delivered.
//
// # Addressing
//
// Every connection has an id. Hub.Send and Hub.Close reach a connection by
// id, and Hub.Broadcast every member of a room, from any handler, task or
// app instance that shares the store: the store records which instance
// holds each connection, and its publish/subscribe carries the message
// there, so it is delivered exactly once. Send and Close to an id no
// instance holds return ErrNoConnection.
//
// # Under load
//
// Each connection has one writer with a bounded queue (Config.SendQueue):
// a client too slow to take its messages is closed with 1008 (policy
// violation) instead of growing memory. The server pings every
// Config.PingInterval and closes a connection whose pong does not come
// within Config.PongTimeout. A message longer than Config.ReadLimit
// closes the connection with 1009, a text message that is not UTF-8 with
// 1007. A panic in a callback is recovered and logged, and closes that
// connection only, with 1011; so does an error a callback returns, unless
// it is a CloseError, which closes with its own code. When the app shuts
// down, every connection is closed with 1001 (going away) and the
// shutdown waits for their callbacks to return.
package ws
