package proxy_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/devca"
	"github.com/specfirst/intune-assignments/server/identity"
	"github.com/specfirst/intune-assignments/server/proxy"
)

const (
	tenant = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	client = "11111111-2222-4333-8444-555555555555"
	secret = "proxy test secret"
)

// emulator is a served emulator with the proxy, and its CA.
type emulator struct {
	proxyURL *url.URL
	ca       *devca.CA
}

// startProxy serves the emulator with only the proxy, its authority
// holding one app, until the test ends.
func startProxy(t *testing.T) *emulator {
	t.Helper()
	ca, _, err := devca.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p, err := proxy.New(ca, ln.Addr())
	if err != nil {
		t.Fatal(err)
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := auth.NewSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	cfg := spectest.Config([]byte("proxy test hs256 secret"))
	cfg.Auth.AllowAppPermissions = true
	cfg.Authority = &identity.Config{Signer: signer, Apps: []identity.App{{Tenant: tenant, ClientID: client, Secret: secret, Permissions: []string{specdoc.WriteScope()}}}}
	cfg.PageSize = 1
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- server.Serve(ctx, cfg, server.Listeners{Proxy: ln, Tunnels: p}) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return &emulator{proxyURL: &url.URL{Scheme: "http", Host: ln.Addr().String()}, ca: ca}
}

// client is an HTTP client that goes through the proxy and trusts roots.
func (e *emulator) client(roots bool) *http.Client {
	cfg := &tls.Config{}
	if roots {
		cfg.RootCAs = e.ca.Pool()
	} else {
		cfg.RootCAs = x509Empty()
	}
	return &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(e.proxyURL), TLSClientConfig: cfg, ForceAttemptHTTP2: true}}
}

// TestProxyAnswersFromTheEmulator reaches the authority and the API under
// Microsoft's host names through the proxy, over HTTP/2, as automation
// with HTTPS_PROXY set does: discovery, a token, and a list whose next
// link stays on Graph's host.
func TestProxyAnswersFromTheEmulator(t *testing.T) {
	e := startProxy(t)
	c := e.client(true)
	get := func(u, token string) (*http.Response, map[string]any) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return decodeResponse(t, c, req)
	}

	resp, config := get("https://login.microsoftonline.com/"+tenant+"/v2.0/.well-known/openid-configuration", "")
	if resp.StatusCode != http.StatusOK || config["issuer"] != "https://login.microsoftonline.com/"+tenant+"/v2.0" {
		t.Fatalf("configuration: %d %v", resp.StatusCode, config)
	}
	if resp.ProtoMajor != 2 {
		t.Errorf("the tunnel spoke %s; want HTTP/2", resp.Proto)
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {client}, "client_secret": {secret}, "scope": {"https://graph.microsoft.com/.default"}}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, config["token_endpoint"].(string), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, tok := decodeResponse(t, c, req)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("token: %d %v", resp.StatusCode, tok)
	}
	token := tok["access_token"].(string)

	list := "https://graph.microsoft.com/beta" + specdoc.AssignmentsPath(spectest.ExampleConfig)
	for range 2 {
		create, err := http.NewRequestWithContext(t.Context(), http.MethodPost, list, strings.NewReader(`{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`))
		if err != nil {
			t.Fatal(err)
		}
		create.Header.Set("Authorization", "Bearer "+token)
		create.Header.Set("Content-Type", "application/json")
		if resp, body := decodeResponse(t, c, create); resp.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %v", resp.StatusCode, body)
		}
	}
	resp, page := get(list, token)
	next, _ := page["@odata.nextLink"].(string)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(next, "https://graph.microsoft.com/beta/") {
		t.Fatalf("list: %d, next link %q; want one on Graph's host", resp.StatusCode, next)
	}
	if resp, page = get(next, token); resp.StatusCode != http.StatusOK || len(page["value"].([]any)) != 1 {
		t.Errorf("next page: %d %v", resp.StatusCode, page)
	}
}

// TestProxyKeepsTheHostsApart sends each host the other's paths.
func TestProxyKeepsTheHostsApart(t *testing.T) {
	e := startProxy(t)
	for _, u := range []string{
		"https://login.microsoftonline.com/beta" + specdoc.AssignmentsPath(spectest.ExampleConfig),
		"https://graph.microsoft.com/" + tenant + "/v2.0/.well-known/openid-configuration",
	} {
		resp, err := e.client(true).Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", u, resp.StatusCode)
		}
	}
}

// TestProxyNeedsTheCA connects without trusting the development CA.
func TestProxyNeedsTheCA(t *testing.T) {
	e := startProxy(t)
	_, err := e.client(false).Get("https://graph.microsoft.com/beta/")
	if err == nil || !strings.Contains(err.Error(), "certificate signed by unknown authority") {
		t.Fatalf("GET without the CA: %v; want a certificate error", err)
	}
}

// TestProxyRefusesOtherHosts sends the proxy what it must not tunnel or
// forward: each is refused with 403 and why, and a local server that a
// forwarding proxy would reach sees no connection.
func TestProxyRefusesOtherHosts(t *testing.T) {
	e := startProxy(t)
	bystander, reached := listenAndCount(t)
	tests := []struct {
		name    string
		request string // the request line and Host header
	}{
		{"another host", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443"},
		{"a local server", "CONNECT " + bystander + " HTTP/1.1\r\nHost: " + bystander},
		{"Graph on another port", "CONNECT graph.microsoft.com:80 HTTP/1.1\r\nHost: graph.microsoft.com:80"},
		{"login on another port", "CONNECT login.microsoftonline.com:8443 HTTP/1.1\r\nHost: login.microsoftonline.com:8443"},
		{"a host that ends like Graph's", "CONNECT evilgraph.microsoft.com:443 HTTP/1.1\r\nHost: evilgraph.microsoft.com:443"},
		{"a host that starts like Graph's", "CONNECT graph.microsoft.com.example:443 HTTP/1.1\r\nHost: graph.microsoft.com.example:443"},
		{"Graph's IP form", "CONNECT 20.190.128.1:443 HTTP/1.1\r\nHost: 20.190.128.1:443"},
		{"plain HTTP proxying", "GET http://graph.microsoft.com/beta/ HTTP/1.1\r\nHost: graph.microsoft.com"},
		{"plain HTTP to the local server", "GET http://" + bystander + "/ HTTP/1.1\r\nHost: " + bystander},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := rawRequest(t, e.proxyURL.Host, tt.request)
			if !strings.HasPrefix(status, "HTTP/1.1 403 Forbidden by intune-emulator") {
				t.Errorf("status line %q; want 403 Forbidden by intune-emulator", status)
			}
			if !strings.Contains(body, "graph.microsoft.com") || !strings.Contains(body, "login.microsoftonline.com") {
				t.Errorf("body %q does not say which hosts are answered", body)
			}
		})
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("the local server was reached %d times; the proxy must forward nothing", n)
	}
}

// TestProxyRefusalInGoErrors checks what Go's client reports of a refused
// CONNECT: the reason, not a bare "Forbidden".
func TestProxyRefusalInGoErrors(t *testing.T) {
	e := startProxy(t)
	_, err := e.client(true).Get("https://example.com/")
	if err == nil || !strings.Contains(err.Error(), "intune-emulator") || !strings.Contains(err.Error(), "forwards nothing") {
		t.Fatalf("GET https://example.com/ through the proxy: %v; want the proxy's reason", err)
	}
}

// rawRequest sends one request to the proxy and returns its status line
// and body.
func rawRequest(t *testing.T, addr, request string) (string, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := fmt.Fprintf(conn, "%s\r\n\r\n", request); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.Proto + " " + resp.Status, string(body)
}

// listenAndCount is a loopback listener that counts the connections it
// gets.
func listenAndCount(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var n atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			c.Close()
		}
	}()
	return ln.Addr().String(), &n
}

func decodeResponse(t *testing.T, c *http.Client, req *http.Request) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("%s %s: %d, not JSON: %v", req.Method, req.URL, resp.StatusCode, err)
	}
	return resp, body
}

func x509Empty() *x509.CertPool { return x509.NewCertPool() }
