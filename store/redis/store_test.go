package redis_test

import (
	"testing"

	"github.com/panther-go/panther/store"
	"github.com/panther-go/panther/store/redis"
	"github.com/panther-go/panther/store/storetest"
)

func TestConformance(t *testing.T) {
	url := redisURL(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		return newStore(t, url, redis.Options{})
	}, storetest.Options{})
}
