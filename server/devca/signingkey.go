package devca

import (
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"os"
	"path/filepath"
)

// SigningKeyFile is the state directory's RSA key that the emulator's
// authority signs access tokens with.
const SigningKeyFile = "token-signing-key.pem"

// signingKeyBits is the size of the token signing key, as Microsoft's own.
const signingKeyBits = 2048

// SigningKey returns the token signing key of dir, creating dir (mode
// 0700) and the key (mode 0600) when there is none, so that tokens issued
// before a restart still verify after it. created says which.
func SigningKey(dir string) (key *rsa.PrivateKey, created bool, err error) {
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return nil, false, fmt.Errorf("create the state directory: %w", err)
	}
	path := filepath.Join(dir, SigningKeyFile)
	found, err := exists(path)
	if err != nil {
		return nil, false, err
	}
	if found {
		key, err := readRSAKey(path)
		if err != nil {
			return nil, false, fmt.Errorf("the token signing key: %w; or delete it to create a new one (tokens it signed are then refused)", err)
		}
		return key, false, nil
	}
	key, err = rsa.GenerateKey(rand.Reader, signingKeyBits)
	if err != nil {
		return nil, false, err
	}
	if err := writeKey(path, key); err != nil {
		return nil, false, err
	}
	return key, true, nil
}
