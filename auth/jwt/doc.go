// Package jwt authenticates requests with JSON Web Tokens (RFC 7519) on
// golang-jwt v5, and issues, refreshes and revokes them.
//
//	tokens, err := jwt.New(jwt.Config{
//		Key:      []byte(os.Getenv("SECRET")), // HS256, at least 32 bytes
//		LoadUser: users.ByID,                  // func(ctx, id) (panther.User, error)
//	})
//	app := panther.New(panther.Config{Authenticator: tokens, …})
//
// An API with Auth: panther.AuthRequired then accepts "Authorization: Bearer <access
// token>" (and, when configured, the "authorization" query parameter or
// the "access_token" cookie). Every failure — no token, a malformed,
// forged, expired, not-yet-valid or revoked one, a refresh token used as an
// access token, a user that no longer exists — answers the same
// 401 {"detail":"Authentication Error"} with WWW-Authenticate: Bearer; the
// reason goes to the app's log at debug level, never to the client.
//
// Login issues an access and a refresh token for a user. A refresh route
// declares Authenticator: tokens.Refresher(), which accepts only refresh
// tokens, and calls Refresh, which revokes the refresh token it was given
// and issues a new pair: a refresh token works once. Logout revokes the
// access token of the request, and Revoke any other token. Revocations are
// kept in the app's store (panther.Request.Store) until the token would
// have expired anyway, so they hold across instances sharing Redis.
//
// The accepted algorithm is pinned by the configuration — HS256 with Key,
// or RS256, ES256 or EdDSA with a key pair — so "alg": "none" and
// algorithm confusion (an HS256 token signed with an RSA public key) are
// refused. Tokens carry sub (the user id), token_type (access or refresh),
// iat, exp, nbf and jti; exp, nbf and iat are checked with a small leeway.
package jwt
