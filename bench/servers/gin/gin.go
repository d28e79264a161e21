// Package gin serves the benchmark's routes on gin-gonic/gin: gin.New()
// (no logger), release mode, binding with gin's validator (the `binding`
// tags of NoteIn, the same rules), and gin middlewares over the shared
// peer Kit. The client IP is the socket's peer (c.RemoteIP), as in every
// server.
package gin

import (
	"bytes"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/panther-go/panther/bench/internal/payload"
	"github.com/panther-go/panther/bench/internal/peer"
	"github.com/panther-go/panther/bench/servers"
)

// New returns the gin server.
func New(cfg servers.Config) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	k := peer.NewKit("gin", cfg)
	r := gin.New()
	r.GET("/plaintext", func(c *gin.Context) { c.String(http.StatusOK, servers.PlaintextBody) })
	r.GET("/hello", func(c *gin.Context) {
		c.JSON(http.StatusOK, payload.Message{Message: "Hello, World!"})
	})
	r.GET("/users/:id", func(c *gin.Context) {
		c.JSON(http.StatusOK, payload.ID{ID: c.Param("id")})
	})
	createNote := func(c *gin.Context) {
		var in payload.NoteIn
		if err := c.ShouldBindJSON(&in); err != nil {
			c.JSON(http.StatusBadRequest, payload.Detail{Detail: err.Error()})
			return
		}
		c.JSON(http.StatusCreated, payload.NewNote(in))
	}
	r.POST("/notes", createNote)
	r.GET("/me", auth(k), func(c *gin.Context) {
		c.JSON(http.StatusOK, payload.User{User: c.GetString("user")})
	})
	ok := func(c *gin.Context) { c.JSON(http.StatusOK, payload.OK{OK: true}) }
	r.GET("/throttled", throttle(k, false), ok)
	r.POST("/full", auth(k), notBanned, throttle(k, true), createNote)
	r.GET("/cached", cache(k), ok)
	return r
}

func auth(k *peer.Kit) gin.HandlerFunc {
	return func(c *gin.Context) {
		sub, status := k.Authenticate(c.Request.Context(), c.GetHeader("Authorization"))
		if status != 0 {
			c.AbortWithStatusJSON(status, payload.Detail{Detail: peer.Detail(status)})
			return
		}
		c.Set("user", sub)
	}
}

func notBanned(c *gin.Context) {
	if c.GetString("user") == servers.Banned {
		c.AbortWithStatusJSON(http.StatusForbidden, payload.Detail{Detail: "Permission Denied"})
	}
}

func throttle(k *peer.Kit, byUser bool) gin.HandlerFunc {
	l := k.Throttled
	if byUser {
		l = k.Full
	}
	return func(c *gin.Context) {
		client := "ip:" + c.RemoteIP()
		if byUser {
			client = "user:" + c.GetString("user")
		}
		res, _ := l.Allow(c.Request.Context(), client)
		peer.SetRateHeaders(c.Writer.Header(), res)
		if !res.OK {
			c.AbortWithStatusJSON(http.StatusTooManyRequests, payload.Detail{Detail: "Too Many Requests"})
		}
	}
}

func cache(k *peer.Kit) gin.HandlerFunc {
	return func(c *gin.Context) {
		key := peer.CacheKey(c.RemoteIP(), c.Request.URL.RequestURI())
		if e, ok := k.Cache.Get(key); ok {
			c.Data(e.Status, e.ContentType, e.Body)
			c.Abort()
			return
		}
		w := &recorder{ResponseWriter: c.Writer}
		c.Writer = w
		c.Next()
		k.Cache.Set(key, w.Status(), w.Header().Get("Content-Type"), w.body.Bytes())
	}
}

// recorder keeps a copy of what the handlers write.
type recorder struct {
	gin.ResponseWriter
	body bytes.Buffer
}

func (w *recorder) Write(p []byte) (int, error) {
	w.body.Write(p)
	return w.ResponseWriter.Write(p)
}
