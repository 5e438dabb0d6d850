package devca

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Lifetimes of what the CA makes. A server certificate with less than
// renewBefore left is issued again at the next start.
const (
	caLifetime     = 10 * 365 * 24 * time.Hour
	leafLifetime   = 397 * 24 * time.Hour // the most browsers accept
	renewBefore    = 30 * 24 * time.Hour
	backdate       = time.Hour // tolerates a client clock a little behind
	organization   = "intune-emulator"
	commonNameBase = "intune-emulator development CA"
)

// CA is the development certificate authority of a state directory.
type CA struct {
	dir  string
	cert *x509.Certificate
	key  crypto.Signer
	now  func() time.Time
}

// Open returns the CA of dir, creating dir (mode 0700) and a new CA in it
// when it holds none; created says which. now is the clock; nil means
// time.Now. A CA that cannot be read, whose key is not its own, or that
// has expired stops here with what to do.
func Open(dir string, now func() time.Time) (ca *CA, created bool, err error) {
	if now == nil {
		now = time.Now
	}
	if dir == "" {
		return nil, false, fmt.Errorf("no state directory for the development CA")
	}
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return nil, false, fmt.Errorf("create the state directory: %w", err)
	}
	ca = &CA{dir: dir, now: now}
	certPath, keyPath := ca.path(CAFile), ca.path(caKeyFile)
	haveCert, err := exists(certPath)
	if err != nil {
		return nil, false, err
	}
	haveKey, err := exists(keyPath)
	if err != nil {
		return nil, false, err
	}
	switch {
	case !haveCert && !haveKey:
		return ca, true, ca.create()
	case haveCert != haveKey:
		return nil, false, fmt.Errorf("the development CA in %s is incomplete (%s and %s go together): move the directory away to create a new CA, then trust the new %s", dir, CAFile, caKeyFile, CAFile)
	}
	cert, key, err := readKeyPair(certPath, keyPath)
	if err != nil {
		return nil, false, fmt.Errorf("the development CA in %s: %w; or move the directory away to create a new CA, then trust the new %s", dir, err, CAFile)
	}
	if !cert.IsCA {
		return nil, false, fmt.Errorf("%s is not a CA certificate: move the directory away to create a new development CA", certPath)
	}
	if !now().Before(cert.NotAfter) {
		return nil, false, fmt.Errorf("the development CA %s expired on %s: move the directory away to create a new CA, then trust the new %s", certPath, cert.NotAfter.Format(time.DateOnly), CAFile)
	}
	ca.cert, ca.key = cert, key
	return ca, false, nil
}

// CertPath is the PEM file of the CA certificate, the one clients trust.
func (ca *CA) CertPath() string { return ca.path(CAFile) }

// Certificate is the CA certificate.
func (ca *CA) Certificate() *x509.Certificate { return ca.cert }

// Pool is a certificate pool holding only the CA, for a client that trusts
// nothing else.
func (ca *CA) Pool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	return pool
}

func (ca *CA) path(name string) string { return filepath.Join(ca.dir, name) }

// create makes a new CA, with an ECDSA P-256 key (fast to make, and every
// TLS stack the Graph SDKs run on accepts it), and writes it.
func (ca *CA) create() error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	serial, err := newSerial()
	if err != nil {
		return err
	}
	now := ca.now()
	// A few bytes of the serial in the name tell two development CAs apart
	// in a trust store.
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{organization}, CommonName: commonNameBase + " " + hex.EncodeToString(serial.Bytes()[:4])},
		NotBefore:             now.Add(-backdate),
		NotAfter:              now.Add(caLifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return err
	}
	if err := writeKeyPair(ca.path(CAFile), ca.path(caKeyFile), der, key); err != nil {
		return err
	}
	ca.cert, err = x509.ParseCertificate(der)
	ca.key = key
	return err
}

// Issue makes a server certificate for hosts (DNS names or IP addresses),
// kept in memory only.
func (ca *CA) Issue(hosts ...string) (tls.Certificate, error) {
	cert, key, err := ca.issue(hosts)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}, nil
}

func (ca *CA) issue(hosts []string) (*x509.Certificate, crypto.Signer, error) {
	if len(hosts) == 0 {
		return nil, nil, fmt.Errorf("a server certificate needs at least one host name")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := newSerial()
	if err != nil {
		return nil, nil, err
	}
	now := ca.now()
	notAfter := now.Add(leafLifetime)
	if notAfter.After(ca.cert.NotAfter) {
		notAfter = ca.cert.NotAfter
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{Organization: []string{organization}, CommonName: hosts[0]},
		NotBefore:    now.Add(-backdate),
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return cert, key, err
}

// ServerCertificate is the certificate of the emulator's own HTTPS address
// for hosts, kept in the state directory: the one there is reused while it
// is the CA's, names every host and has more than 30 days left; otherwise
// a new one replaces it. reissued says which.
func (ca *CA) ServerCertificate(hosts []string) (pair tls.Certificate, reissued bool, err error) {
	certPath, keyPath := ca.path(serverFile), ca.path(serverKeyFile)
	if cert, key, err := readKeyPair(certPath, keyPath); err == nil && ca.fits(cert, hosts) {
		return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}, false, nil
	}
	cert, key, err := ca.issue(hosts)
	if err != nil {
		return tls.Certificate{}, false, err
	}
	if err := writeKeyPair(certPath, keyPath, cert.Raw, key); err != nil {
		return tls.Certificate{}, false, err
	}
	return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}, true, nil
}

// fits reports whether cert, read from the state directory, can serve
// hosts: signed by this CA, valid now and for renewBefore more, and naming
// every host.
func (ca *CA) fits(cert *x509.Certificate, hosts []string) bool {
	now := ca.now()
	if now.Add(renewBefore).After(cert.NotAfter) {
		return false
	}
	for _, h := range hosts {
		_, err := cert.Verify(x509.VerifyOptions{DNSName: h, Roots: ca.Pool(), CurrentTime: now})
		if err != nil {
			return false
		}
	}
	return true
}

// Fingerprint is the CA certificate's SHA-256 fingerprint, as trust stores
// show it.
func (ca *CA) Fingerprint() string {
	sum := sha256.Sum256(ca.cert.Raw)
	return hex.EncodeToString(sum[:])
}

func newSerial() (*big.Int, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	// A serial of fewer than 4 bytes would leave the CA's name short.
	return serial.SetBit(serial, 126, 1), nil
}
