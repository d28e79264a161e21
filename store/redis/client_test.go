package redis_test

import (
	"crypto/rand"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/panther-go/panther/store/redis"
)

// TestFromClient checks a store on the caller's client uses the default
// prefix and leaves the client open when closed.
func TestFromClient(t *testing.T) {
	o, err := goredis.ParseURL(redisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	c := goredis.NewClient(o)
	defer c.Close()
	key := "panther-test-fromclient-" + rand.Text()
	defer c.Del(t.Context(), "panther:"+key)

	s := redis.FromClient(c, redis.Options{})
	if err := s.Set(t.Context(), key, []byte("v"), 0); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Get(t.Context(), "panther:"+key).Result(); err != nil || got != "v" {
		t.Errorf(`client GET "panther:"+key = %q, %v; want "v": the default prefix is "panther:"`, got, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(t.Context()).Err(); err != nil {
		t.Errorf("client Ping after the store's Close = %v, want the client left open", err)
	}
	if _, err := s.Get(t.Context(), key); err == nil {
		t.Error("store Get after Close = nil error, want one")
	}
}
