package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/devca"
	"github.com/specfirst/intune-assignments/server/identity"
	"github.com/specfirst/intune-assignments/server/proxy"
)

// httpsFlags are the serve flags of HTTPS, the Entra ID authority and the
// proxy.
type httpsFlags struct {
	tlsAddr   string
	tlsCert   string
	tlsKey    string
	tlsHosts  string
	stateDir  string
	authority bool
	apps      string
	proxyAddr string
}

func (h *httpsFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&h.tlsAddr, "tls-addr", "", "address to serve HTTPS (HTTP/2 and HTTP/1.1) on, host:port, beside -addr (default: none)")
	fs.StringVar(&h.tlsCert, "tls-cert", "", "PEM file of the HTTPS certificate, with -tls-key (default: one the development CA issues)")
	fs.StringVar(&h.tlsKey, "tls-key", "", "PEM file of the key of -tls-cert")
	fs.StringVar(&h.tlsHosts, "tls-host", "", "more names or IP addresses for the development certificate, comma-separated, beside localhost, 127.0.0.1 and ::1")
	fs.StringVar(&h.stateDir, "state-dir", "", "directory of the development CA and the token signing key, kept across restarts (default: intune-emulator in the user's configuration directory)")
	fs.BoolVar(&h.authority, "authority", false, "serve the emulator as an Entra ID authority (discovery, keys, token endpoint); on by default with -tls-addr or -proxy-addr")
	fs.StringVar(&h.apps, "apps", "", "YAML or JSON file of the authority's registered apps (default: the development app)")
	fs.StringVar(&h.proxyAddr, "proxy-addr", "", "address of an HTTPS proxy, host:port, that answers graph.microsoft.com and login.microsoftonline.com from the emulator (default: none)")
}

// check completes the flags that depend on others: the authority is on
// with HTTPS unless -authority says otherwise, and it turns on
// application permissions unless -allow-app-permissions says otherwise,
// since it issues app-only tokens.
func (h *httpsFlags) check(given map[string]bool, addr string, cfg *server.Config) error {
	if (h.tlsCert == "") != (h.tlsKey == "") {
		return usageError{"-tls-cert and -tls-key go together"}
	}
	if h.tlsCert != "" && h.tlsHosts != "" {
		return usageError{"-tls-host names the development certificate; with -tls-cert the certificate is yours"}
	}
	if h.tlsAddr == "" && (h.tlsCert != "" || h.tlsHosts != "") {
		return usageError{"-tls-cert and -tls-host need -tls-addr"}
	}
	if addr == "" && h.tlsAddr == "" && h.proxyAddr == "" {
		return usageError{"nothing to serve: give -addr, -tls-addr or -proxy-addr"}
	}
	if !given["authority"] {
		h.authority = h.tlsAddr != "" || h.proxyAddr != ""
	}
	if h.apps != "" && !h.authority {
		return usageError{"-apps registers the authority's apps: give -authority, -tls-addr or -proxy-addr"}
	}
	if h.authority && !given["allow-app-permissions"] {
		cfg.Auth.AllowAppPermissions = true
	}
	return nil
}

// defaultStateDir is intune-emulator in the user's configuration
// directory, so that every checkout shares one CA, trusted once.
func defaultStateDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no state directory: %w; give -state-dir", err)
	}
	return filepath.Join(dir, "intune-emulator"), nil
}

func (h *httpsFlags) dir() (string, error) {
	if h.stateDir != "" {
		return h.stateDir, nil
	}
	return defaultStateDir()
}

// listen opens the listeners of addr and the flags, sets up the authority
// in cfg, and logs where the CA is and how to trust it.
func (h *httpsFlags) listen(addr string, cfg *server.Config, logger *slog.Logger) (ls server.Listeners, err error) {
	var ca *devca.CA
	openCA := func() (*devca.CA, error) {
		if ca != nil {
			return ca, nil
		}
		dir, err := h.dir()
		if err != nil {
			return nil, err
		}
		c, created, err := devca.Open(dir, nil)
		if err != nil {
			return nil, err
		}
		ca = c
		logger.Info("development CA: trust it to call the emulator over HTTPS", "ca", ca.CertPath(), "created", created,
			"go", "SSL_CERT_FILE="+ca.CertPath(),
			"python", "REQUESTS_CA_BUNDLE="+ca.CertPath()+" (requests, MSAL) and SSL_CERT_FILE="+ca.CertPath()+" (httpx)",
			"node", "NODE_EXTRA_CA_CERTS="+ca.CertPath())
		return ca, nil
	}
	defer func() {
		if err != nil {
			closeAll(ls)
		}
	}()
	if h.authority {
		if err := h.setUpAuthority(cfg, logger); err != nil {
			return ls, err
		}
	}
	if addr != "" {
		if ls.HTTP, err = net.Listen("tcp", addr); err != nil {
			return ls, err
		}
	}
	if h.tlsAddr != "" {
		var cert tls.Certificate
		if h.tlsCert != "" {
			if cert, err = devca.LoadKeyPair(h.tlsCert, h.tlsKey); err != nil {
				return ls, err
			}
		} else {
			if _, err := openCA(); err != nil {
				return ls, err
			}
			if cert, _, err = ca.ServerCertificate(h.certificateHosts()); err != nil {
				return ls, err
			}
		}
		ls.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		if ls.HTTPS, err = net.Listen("tcp", h.tlsAddr); err != nil {
			return ls, err
		}
	}
	if h.proxyAddr != "" {
		if _, err := openCA(); err != nil {
			return ls, err
		}
		if ls.Proxy, err = net.Listen("tcp", h.proxyAddr); err != nil {
			return ls, err
		}
		if ls.Tunnels, err = proxy.New(ca, ls.Proxy.Addr()); err != nil {
			return ls, err
		}
	}
	return ls, nil
}

// certificateHosts are the names of the development certificate: the
// loopback names, -tls-host's, and the host of -tls-addr when it names one.
func (h *httpsFlags) certificateHosts() []string {
	hosts := []string{"localhost", "127.0.0.1", "::1"}
	for _, name := range strings.Split(h.tlsHosts, ",") {
		hosts = append(hosts, strings.TrimSpace(name))
	}
	if host, _, err := net.SplitHostPort(h.tlsAddr); err == nil {
		if ip := net.ParseIP(host); ip == nil || !ip.IsUnspecified() {
			hosts = append(hosts, host)
		}
	}
	hosts = slices.DeleteFunc(hosts, func(s string) bool { return s == "" })
	slices.Sort(hosts)
	return slices.Compact(hosts)
}

// setUpAuthority gives cfg the authority: the signing key of the state
// directory and the apps of -apps, or the development app.
func (h *httpsFlags) setUpAuthority(cfg *server.Config, logger *slog.Logger) error {
	dir, err := h.dir()
	if err != nil {
		return err
	}
	key, _, err := devca.SigningKey(dir)
	if err != nil {
		return err
	}
	signer, err := auth.NewSigner(key)
	if err != nil {
		return err
	}
	var apps []identity.App
	if h.apps != "" {
		if apps, err = identity.LoadApps(h.apps); err != nil {
			return err
		}
		logger.Info("authority", "apps", len(apps), "file", h.apps, "app_permissions", cfg.Auth.AllowAppPermissions)
	} else {
		dev := identity.DevApp(auth.DevTenantID, specdoc.WriteScope())
		apps = []identity.App{dev}
		logger.Info("authority with the development app; its secret is public, for local use only",
			"tenant", dev.Tenant, "client_id", dev.ClientID, "client_secret", dev.Secret, "app_permissions", cfg.Auth.AllowAppPermissions)
	}
	if !cfg.Auth.AllowAppPermissions {
		logger.Warn("the authority issues app-only tokens, and -allow-app-permissions=false refuses them with 403, as the seed's page does")
	}
	cfg.Authority = &identity.Config{Apps: apps, Signer: signer}
	return nil
}

// closeAll closes the listeners that were opened.
func closeAll(ls server.Listeners) {
	for _, ln := range []net.Listener{ls.HTTP, ls.HTTPS, ls.Proxy} {
		if ln != nil {
			ln.Close()
		}
	}
}
