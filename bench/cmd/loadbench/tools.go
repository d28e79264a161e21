package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"time"

	"github.com/redis/go-redis/v9"
)

// ensureTools installs wrk from Debian's packages when it is missing, as
// .ci/run installs its services; taskset comes with util-linux.
func ensureTools() error {
	if _, err := exec.LookPath("taskset"); err != nil {
		return fmt.Errorf("taskset is missing: apt-get install -y util-linux")
	}
	if _, err := exec.LookPath("wrk"); err == nil {
		return nil
	}
	log.Printf("installing wrk (apt-get)")
	for _, args := range [][]string{{"update", "-qq"}, {"install", "-y", "-qq", "wrk"}} {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("apt-get %v: %v\n%s", args, err, out)
		}
	}
	_, err := exec.LookPath("wrk")
	return err
}

// ensureRedis pings url, starting a local redis-server (as .ci/run does)
// when nothing answers on the default address.
func ensureRedis(url string) bool {
	opt, err := redis.ParseURL(url)
	if err != nil {
		log.Printf("Redis URL %q: %v", url, err)
		return false
	}
	ping := func() bool {
		c := redis.NewClient(opt)
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		return c.Ping(ctx).Err() == nil
	}
	if ping() {
		return true
	}
	if opt.Addr != "127.0.0.1:6379" && opt.Addr != "localhost:6379" {
		return false
	}
	if _, err := exec.LookPath("redis-server"); err != nil {
		return false
	}
	log.Printf("starting redis-server")
	exec.Command("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
		"--save", "", "--appendonly", "no").Run()
	for range 50 {
		if ping() {
			return true
		}
		time.Sleep(200 * time.Millisecond)
	}
	return false
}
