package proxy

import (
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/specfirst/intune-assignments/server/devca"
)

// The hosts the proxy answers for, on port 443.
const (
	GraphHost = "graph.microsoft.com"
	LoginHost = "login.microsoftonline.com"
)

// Hosts are the hosts the proxy answers for.
var Hosts = []string{GraphHost, LoginHost}

// Proxy is the proxy's front (ServeHTTP, for the proxy's listener) and the
// listener of the connections it tunnels (Tunnels, for the server that
// answers them).
type Proxy struct {
	tls     map[string]*tls.Config // by host
	tunnels chan net.Conn
	done    chan struct{}
	close   sync.Once
	addr    net.Addr
}

// New returns a proxy whose certificates the CA issues, one for each of
// Hosts. addr is the proxy's own address, which its tunnel listener
// reports.
func New(ca *devca.CA, addr net.Addr) (*Proxy, error) {
	p := &Proxy{tls: map[string]*tls.Config{}, tunnels: make(chan net.Conn), done: make(chan struct{}), addr: addr}
	for _, host := range Hosts {
		cert, err := ca.Issue(host)
		if err != nil {
			return nil, fmt.Errorf("the proxy's certificate for %s: %w", host, err)
		}
		p.tls[host] = &tls.Config{
			Certificates: []tls.Certificate{cert},
			MinVersion:   tls.VersionTLS12,
			NextProtos:   []string{"h2", "http/1.1"},
		}
	}
	return p, nil
}

// refusal is the reason phrase of a refused request: Go's HTTP client
// puts it in the error of a failed CONNECT, so the person reading that
// error learns why.
const refusal = "Forbidden by intune-emulator: it answers only graph.microsoft.com:443 and login.microsoftonline.com:443, and forwards nothing"

// ServeHTTP answers a CONNECT to one of Hosts on port 443 with 200 and
// passes the connection, TLS terminated, to Tunnels; it refuses anything
// else with 403.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect {
		refuse(w, fmt.Sprintf("%s %s: this proxy only tunnels HTTPS (CONNECT) to %s, answered by the emulator.", r.Method, r.URL, strings.Join(Hosts, " and ")))
		return
	}
	host, port, err := net.SplitHostPort(r.Host)
	cfg := p.tls[strings.ToLower(host)]
	if err != nil || port != "443" || cfg == nil {
		refuse(w, fmt.Sprintf("CONNECT %s: refused. The emulator answers for %s on port 443 only; it forwards nothing, to this host or any other.", r.Host, strings.Join(Hosts, " and ")))
		return
	}
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, "the proxy cannot take over this connection: "+err.Error(), http.StatusInternalServerError)
		return
	}
	// The front server's deadlines stay on a hijacked connection; the
	// server that answers the tunnel sets its own.
	if err := conn.SetDeadline(time.Time{}); err != nil {
		conn.Close()
		return
	}
	if _, err := io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		conn.Close()
		return
	}
	var raw net.Conn = conn
	if n := rw.Reader.Buffered(); n > 0 {
		// Bytes the client sent before the 200 (its TLS hello) belong to
		// the tunnel.
		raw = &prefixedConn{Conn: conn, r: io.MultiReader(io.LimitReader(rw.Reader, int64(n)), conn)}
	}
	select {
	case p.tunnels <- tls.Server(raw, cfg):
	case <-p.done:
		conn.Close()
	}
}

// refuse answers 403 with the refusal as reason phrase and message as
// body, and closes the connection.
func refuse(w http.ResponseWriter, message string) {
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, message, http.StatusForbidden)
		return
	}
	defer conn.Close()
	fmt.Fprintf(rw, "HTTP/1.1 403 %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s\n",
		refusal, len(message)+1, message)
	_ = rw.Flush()
}

// prefixedConn reads from r before the connection.
type prefixedConn struct {
	net.Conn
	r io.Reader
}

func (c *prefixedConn) Read(b []byte) (int, error) { return c.r.Read(b) }

// Tunnels is the listener of the tunneled connections: each is a
// *tls.Conn whose handshake the server that accepts it runs, HTTP/2
// included.
func (p *Proxy) Tunnels() net.Listener { return tunnelListener{p} }

type tunnelListener struct{ p *Proxy }

func (l tunnelListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.p.tunnels:
		return c, nil
	case <-l.p.done:
		return nil, net.ErrClosed
	}
}

func (l tunnelListener) Close() error {
	l.p.close.Do(func() { close(l.p.done) })
	return nil
}

func (l tunnelListener) Addr() net.Addr { return l.p.addr }

// Route is the handler of the tunneled requests: those for the login host
// reach only the authority's paths (isAuthorityPath), those for Graph's
// host only the others, each from next; a request for another host than
// its tunnel's is misdirected.
func Route(next http.Handler, isAuthorityPath func(string) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.ToLower(r.Host)
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		switch {
		case host != LoginHost && host != GraphHost,
			r.TLS != nil && r.TLS.ServerName != "" && !strings.EqualFold(r.TLS.ServerName, host):
			http.Error(w, "this proxy answers for "+strings.Join(Hosts, " and ")+" only, each on its own tunnel", http.StatusMisdirectedRequest)
		case host == LoginHost && !isAuthorityPath(r.URL.Path):
			http.Error(w, LoginHost+" answers only the emulator's Entra ID endpoints (OpenID configuration, keys, token, instance discovery).", http.StatusNotFound)
		case host == GraphHost && isAuthorityPath(r.URL.Path):
			http.Error(w, GraphHost+" does not answer Entra ID's endpoints; "+LoginHost+" does.", http.StatusNotFound)
		default:
			next.ServeHTTP(w, r)
		}
	})
}
