package password

import (
	"runtime"
	"testing"
	"testing/synctest"
)

// With every slot taken, a Check waits; it computes once one frees.
func TestChecksWaitForASlot(t *testing.T) {
	h, err := Hash("secret", Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16})
	if err != nil {
		t.Fatal(err)
	}
	synctest.Test(t, func(t *testing.T) {
		// A channel of the bubble's own, so that waiting on it is durable.
		global := slots
		slots = make(chan struct{}, cap(global))
		defer func() { slots = global }()
		for range cap(slots) {
			slots <- struct{}{}
		}
		done := make(chan bool)
		go func() {
			ok, _ := Check(h, "secret")
			done <- ok
		}()
		synctest.Wait()
		select {
		case <-done:
			t.Fatal("Check computed with every slot taken")
		default:
		}
		<-slots
		if !<-done {
			t.Error("Check failed once it had a slot")
		}
		for range cap(slots) - 1 {
			<-slots
		}
		if cap(global) != runtime.GOMAXPROCS(0) {
			t.Errorf("%d slots, want GOMAXPROCS = %d", cap(global), runtime.GOMAXPROCS(0))
		}
	})
}
