package devca

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// The files of the state directory.
const (
	CAFile        = "ca.pem"     // the CA certificate: what clients trust
	caKeyFile     = "ca-key.pem" // its private key, mode 0600
	serverFile    = "localhost.pem"
	serverKeyFile = "localhost-key.pem"
)

// dirMode and keyMode keep the keys to their owner: whoever reads the CA's
// key can make certificates every client that trusts it accepts.
const (
	dirMode  = 0o700
	keyMode  = 0o600
	certMode = 0o644
)

// writePEM writes one PEM block to path through a temporary file renamed
// into place, so that a crash never leaves half a key.
func writePEM(path, blockType string, der []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := pem.Encode(tmp, &pem.Block{Type: blockType, Bytes: der}); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// writeKey writes a private key, PKCS #8, mode 0600.
func writeKey(path string, key crypto.Signer) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	if err := writePEM(path, "PRIVATE KEY", der, keyMode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeKeyPair writes a certificate and its key.
func writeKeyPair(certPath, keyPath string, certDER []byte, key crypto.Signer) error {
	if err := writeKey(keyPath, key); err != nil {
		return err
	}
	if err := writePEM(certPath, "CERTIFICATE", certDER, certMode); err != nil {
		return fmt.Errorf("write %s: %w", certPath, err)
	}
	return nil
}

// exists reports whether path exists; an error other than its absence
// (a directory that cannot be searched) is returned.
func exists(path string) (bool, error) {
	_, err := os.Stat(path)
	if err == nil {
		return true, nil
	}
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return false, err
}
