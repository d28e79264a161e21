package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// TestChatInBrowser: two tabs of Debian's headless Chromium open the chat
// page in one room, as alice and as bob; text typed in alice's tab shows
// in bob's. The test drives the tabs over the DevTools protocol.
func TestChatInBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	srv, c := tourServer(t, options{})
	alice := loginPair(t, c, "alice", "alice-pass").Access
	bob := loginPair(t, c, "bob", "bob-pass").Access
	b := startBrowser(t, chromium)
	page := func(token string) string {
		return srv.URL + "/chat/?room=browsers&token=" + url.QueryEscape(token)
	}
	one, two := b.open(t, page(alice)), b.open(t, page(bob))
	for _, tab := range []*tab{one, two} {
		tab.waitFor(t, `document.getElementById("status").dataset.id || ""`, func(v string) bool { return v != "" })
	}
	one.eval(t, `document.getElementById("text").focus()`)
	one.call(t, "Input.insertText", map[string]any{"text": "hello from tab one"})
	one.eval(t, `document.getElementById("send").requestSubmit()`)
	for _, tab := range []*tab{two, one} {
		tab.waitFor(t, `document.getElementById("log").textContent`, func(v string) bool {
			return strings.Contains(v, "alice: hello from tab one")
		})
	}
	artifacts := cmpOr(os.Getenv("PANTHER_ARTIFACTS"), filepath.Join(os.TempDir(), "panther-artifacts"))
	if err := os.MkdirAll(artifacts, 0o755); err == nil {
		var shot struct {
			Data string `json:"data"`
		}
		two.callInto(t, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot)
		png, _ := base64.StdEncoding.DecodeString(shot.Data)
		path := filepath.Join(artifacts, "chat-tab-two.png")
		if err := os.WriteFile(path, png, 0o644); err == nil {
			t.Logf("screenshot: %s", path)
		}
	}
}

// browser is a headless Chromium with its DevTools endpoint.
type browser struct{ devtools string }

func startBrowser(t *testing.T, chromium string) *browser {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--user-data-dir="+dir,
		"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
		"--remote-debugging-port=0", "about:blank")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its helpers too, at the end
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	// Chromium writes the port it took to DevToolsActivePort once it listens.
	deadline := time.Now().Add(30 * time.Second)
	for {
		f, err := os.Open(filepath.Join(dir, "DevToolsActivePort"))
		if err == nil {
			s := bufio.NewScanner(f)
			s.Scan()
			port := strings.TrimSpace(s.Text())
			f.Close()
			if port != "" {
				return &browser{devtools: "http://127.0.0.1:" + port}
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("chromium did not open its DevTools port within 30 s")
		}
		time.Sleep(50 * time.Millisecond) // an outside process: there is no clock to fake
	}
}

// tab is one page, driven over its DevTools websocket.
type tab struct {
	conn *websocket.Conn
	next int
}

func (b *browser) open(t *testing.T, pageURL string) *tab {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPut, b.devtools+"/json/new?"+url.QueryEscape(pageURL), nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var target struct {
		WS string `json:"webSocketDebuggerUrl"`
	}
	if err := json.NewDecoder(res.Body).Decode(&target); err != nil || target.WS == "" {
		t.Fatalf("opening a tab: %v (%s)", err, res.Status)
	}
	conn := wsDial(t, target.WS, nil)
	conn.SetReadLimit(64 << 20) // screenshots
	return &tab{conn: conn}
}

// callInto sends a DevTools command and decodes its result into out.
func (tb *tab) callInto(t *testing.T, method string, params any, out any) {
	t.Helper()
	tb.next++
	id := tb.next
	msg, _ := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	if err := tb.conn.Write(ctx, websocket.MessageText, msg); err != nil {
		t.Fatal(err)
	}
	for {
		_, data, err := tb.conn.Read(ctx)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		var reply struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(data, &reply) != nil || reply.ID != id {
			continue // an event, or another reply
		}
		if reply.Error != nil {
			t.Fatalf("%s: %s", method, reply.Error.Message)
		}
		if out != nil {
			if err := json.Unmarshal(reply.Result, out); err != nil {
				t.Fatalf("%s: %v", method, err)
			}
		}
		return
	}
}

func (tb *tab) call(t *testing.T, method string, params any) {
	t.Helper()
	tb.callInto(t, method, params, nil)
}

// eval evaluates a JavaScript expression in the page and returns its
// value as text.
func (tb *tab) eval(t *testing.T, expr string) string {
	t.Helper()
	v, exception := tb.tryEval(t, expr)
	if exception != "" {
		t.Fatalf("%s: %s", expr, exception)
	}
	return v
}

// tryEval is eval that returns the exception an expression threw.
func (tb *tab) tryEval(t *testing.T, expr string) (value, exception string) {
	t.Helper()
	var res struct {
		Result struct {
			Value any `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	tb.callInto(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res)
	if res.Exception != nil {
		return "", res.Exception.Text + " " + res.Exception.Exception.Description
	}
	if res.Result.Value == nil {
		return "", ""
	}
	return fmt.Sprint(res.Result.Value), ""
}

// waitFor evaluates expr until ok accepts its value, for up to 20 s.
func (tb *tab) waitFor(t *testing.T, expr string, ok func(string) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		v, exception := tb.tryEval(t, expr) // the page may still be loading
		if exception == "" && ok(v) {
			return
		}
		if time.Now().After(deadline) {
			status, _ := tb.tryEval(t, `document.getElementById("status") && document.getElementById("status").textContent`)
			t.Fatalf("after 20 s, %s is %q %s (the page says %q)", expr, v, exception, status)
		}
		time.Sleep(50 * time.Millisecond) // the browser's own time: nothing to fake
	}
}
