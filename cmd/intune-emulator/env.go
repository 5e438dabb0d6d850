package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/devca"
	"github.com/specfirst/intune-assignments/server/identity"
)

// envCommand prints, as shell assignments for eval, what automation needs
// to call an emulator started with the same flags: the development app's
// tenant, id and secret under the names Azure's credential libraries read,
// the development CA under the names each language's HTTP stack reads
// (creating the CA if there is none yet, as serve would), and with
// -proxy-addr the proxy. Comments say the base URL and the authority.
func envCommand(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var h httpsFlags
	basePath := server.DefaultBasePath
	fs := newFlagSet("env", stderr)
	fs.StringVar(&h.stateDir, "state-dir", "", "directory of the development CA, as serve's -state-dir")
	fs.StringVar(&h.tlsAddr, "tls-addr", "", "serve's -tls-addr, for the base URL and the authority")
	fs.StringVar(&h.proxyAddr, "proxy-addr", "", "serve's -proxy-addr, for HTTPS_PROXY")
	fs.StringVar(&basePath, "base-path", basePath, "serve's -base-path")
	if _, err := parseFlags(fs, args, getenv); err != nil {
		return err
	}
	dir, err := h.dir()
	if err != nil {
		return err
	}
	ca, _, err := devca.Open(dir, nil)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintln(&b, "# The development app of intune-emulator's authority (a public secret) and its development CA.")
	if h.tlsAddr != "" {
		fmt.Fprintf(&b, "# Graph base URL: https://%s%s  Authority host: https://%s (with instance discovery off)\n", h.tlsAddr, strings.TrimSuffix(basePath, "/"), h.tlsAddr)
	}
	vars := [][2]string{
		{"AZURE_TENANT_ID", auth.DevTenantID},
		{"AZURE_CLIENT_ID", identity.DevClientID},
		{"AZURE_CLIENT_SECRET", identity.DevClientSecret},
		{"SSL_CERT_FILE", ca.CertPath()},
		{"REQUESTS_CA_BUNDLE", ca.CertPath()},
		{"NODE_EXTRA_CA_CERTS", ca.CertPath()},
	}
	if h.proxyAddr != "" {
		vars = append(vars, [2]string{"HTTPS_PROXY", "http://" + h.proxyAddr})
	}
	for _, v := range vars {
		fmt.Fprintf(&b, "export %s=%s\n", v[0], shellQuote(v[1]))
	}
	_, err = io.WriteString(stdout, b.String())
	return err
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
