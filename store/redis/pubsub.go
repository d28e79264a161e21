package redis

import (
	"context"
	"fmt"

	goredis "github.com/redis/go-redis/v9"
)

// subscriberBuffer is how many messages a subscriber may fall behind
// before it misses some.
const subscriberBuffer = 64

// Publish sends msg to every subscriber of channel in every process
// connected to this Redis with the same Prefix.
func (s *Store) Publish(ctx context.Context, channel string, msg []byte) error {
	ctx, cancel, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	if err := s.client.Publish(ctx, s.prefix+channel, msg).Err(); err != nil {
		return fmt.Errorf("store/redis: Publish: %w", err)
	}
	return nil
}

// Subscribe returns the messages published to channel from the moment
// it returns: it waits, within the Timeout, for Redis to confirm the
// subscription. The channel closes when ctx is done or the store is
// closed.
func (s *Store) Subscribe(ctx context.Context, channel string) (<-chan []byte, error) {
	callCtx, cancel, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer cancel()
	ps := s.client.Subscribe(callCtx, s.prefix+channel)
	if _, err := ps.Receive(callCtx); err != nil {
		ps.Close()
		return nil, fmt.Errorf("store/redis: Subscribe: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() {
		ps.Close()
		return nil, errClosed
	}
	out := make(chan []byte, subscriberBuffer)
	s.subs.Add(1)
	go s.relay(ctx, ps, out)
	return out, nil
}

// relay copies messages from ps to out until ctx is done or the store
// closes, dropping those out has no room for. go-redis's channel
// reconnects and resubscribes after a lost connection; its health check
// and reconnect are bounded by the Timeout so Close never waits long.
func (s *Store) relay(ctx context.Context, ps *goredis.PubSub, out chan<- []byte) {
	defer s.subs.Done()
	defer close(out)
	defer ps.Close()
	in := ps.Channel(
		goredis.WithChannelSize(subscriberBuffer),
		goredis.WithChannelPingTimeout(s.timeout),
		goredis.WithChannelReconnectTimeout(s.timeout),
	)
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.done:
			return
		case m, ok := <-in:
			if !ok {
				return
			}
			select {
			case out <- []byte(m.Payload):
			default:
			}
		}
	}
}
