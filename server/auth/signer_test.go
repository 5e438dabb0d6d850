package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"math/big"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// TestKeyIDIsTheJWKThumbprint checks the kid against the example of RFC
// 7638, section 3.1.
func TestKeyIDIsTheJWKThumbprint(t *testing.T) {
	const (
		n    = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
		want = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
	)
	modulus, err := base64.RawURLEncoding.DecodeString(n)
	if err != nil {
		t.Fatal(err)
	}
	jwk, err := publicJWK(&rsa.PublicKey{N: new(big.Int).SetBytes(modulus), E: 65537})
	if err != nil {
		t.Fatal(err)
	}
	if jwk.KeyID != want || jwk.Modulus != n || jwk.Exponent != "AQAB" {
		t.Errorf("kid %s, n %s…, e %s; want %s, the RFC's n and AQAB", jwk.KeyID, jwk.Modulus[:8], jwk.Exponent, want)
	}
}

// TestSignerMints signs a token that its public key verifies and whose kid
// names the key, whatever key the options name.
func TestSignerMints(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := s.Mint(TokenOptions{Roles: []string{"X"}, HS256Secret: []byte("ignored"), AppID: "app", AppIDACR: "1", AppOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	claims := jwt.MapClaims{}
	tok, err := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"})).ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return s.PublicKey(), nil })
	if err != nil {
		t.Fatal(err)
	}
	if tok.Header["kid"] != s.JWK().KeyID {
		t.Errorf("kid %v, want %s", tok.Header["kid"], s.JWK().KeyID)
	}
	for name, want := range map[string]string{"appid": "app", "appidacr": "1", "idtyp": "app"} {
		if claims[name] != want {
			t.Errorf("%s = %v, want %s", name, claims[name], want)
		}
	}
}
