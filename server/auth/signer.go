package auth

import (
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
)

// Signer mints the access tokens of the emulator's own authority: RS256,
// with a kid that names its key in the authority's JWKS.
type Signer struct {
	key *rsa.PrivateKey
	jwk JWK
}

// JWK is an RSA public key as a JSON Web Key (RFC 7517), the form the
// authority publishes at its jwks_uri.
type JWK struct {
	KeyType   string `json:"kty"`
	Use       string `json:"use"`
	KeyID     string `json:"kid"`
	Algorithm string `json:"alg"`
	Modulus   string `json:"n"`
	Exponent  string `json:"e"`
}

// NewSigner returns the Signer of key. Its kid is the key's JWK
// thumbprint (RFC 7638), so that the same key always has the same kid.
func NewSigner(key *rsa.PrivateKey) (*Signer, error) {
	if key == nil {
		return nil, errors.New("no signing key")
	}
	jwk, err := publicJWK(&key.PublicKey)
	if err != nil {
		return nil, err
	}
	return &Signer{key: key, jwk: jwk}, nil
}

// publicJWK is pub as a JWK whose kid is its RFC 7638 thumbprint.
func publicJWK(pub *rsa.PublicKey) (JWK, error) {
	jwk := JWK{
		KeyType:   "RSA",
		Use:       "sig",
		Algorithm: "RS256",
		Modulus:   base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		Exponent:  base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}
	// RFC 7638: the required members, in lexicographic order, no spaces;
	// encoding/json writes a struct's fields in their order.
	canonical, err := json.Marshal(struct {
		E   string `json:"e"`
		Kty string `json:"kty"`
		N   string `json:"n"`
	}{jwk.Exponent, jwk.KeyType, jwk.Modulus})
	if err != nil {
		return JWK{}, err
	}
	sum := sha256.Sum256(canonical)
	jwk.KeyID = base64.RawURLEncoding.EncodeToString(sum[:])
	return jwk, nil
}

// PublicKey verifies what the Signer signs.
func (s *Signer) PublicKey() *rsa.PublicKey { return &s.key.PublicKey }

// JWK is the Signer's public key as its JWKS lists it.
func (s *Signer) JWK() JWK { return s.jwk }

// Mint signs a token of o with the Signer's key and kid, whatever key o
// names.
func (s *Signer) Mint(o TokenOptions) (string, error) {
	o.HS256Secret, o.RS256PrivateKey, o.KeyID = nil, s.key, s.jwk.KeyID
	return MintToken(o)
}
