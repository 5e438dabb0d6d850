// Package azauth adapts an Azure SDK credential, the azcore.TokenCredential
// that azidentity returns, to the golang.org/x/oauth2 TokenSource that
// client.WithTokenSource takes. It is a package of its own so that package
// client does not depend on the Azure SDK.
//
//	cred, err := azidentity.NewDefaultAzureCredential(nil)
//	...
//	ts, err := azauth.NewTokenSource(ctx, cred)
//	...
//	c, err := client.New(client.WithTokenSource(ts))
package azauth

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"golang.org/x/oauth2"
)

// GraphScope asks for the permissions granted to the application on
// Microsoft Graph: the scope NewTokenSource requests when given none.
const GraphScope = "https://graph.microsoft.com/.default"

// NewTokenSource returns a TokenSource that gets its tokens from cred for
// scopes, GraphScope when none are given (name other scopes for a national
// cloud, such as https://graph.microsoft.us/.default). ctx is the context of
// every token request: oauth2.TokenSource has no context of its own. Tokens
// are reused until they expire.
func NewTokenSource(ctx context.Context, cred azcore.TokenCredential, scopes ...string) (oauth2.TokenSource, error) {
	if ctx == nil {
		return nil, errors.New("azauth: nil context")
	}
	if cred == nil {
		return nil, errors.New("azauth: nil azcore.TokenCredential")
	}
	if len(scopes) == 0 {
		scopes = []string{GraphScope}
	}
	for _, s := range scopes {
		if strings.TrimSpace(s) == "" {
			return nil, fmt.Errorf("azauth: empty scope in %q", scopes)
		}
	}
	src := &credentialSource{ctx: ctx, cred: cred, scopes: append([]string(nil), scopes...)}
	return oauth2.ReuseTokenSource(nil, src), nil
}

// credentialSource is an oauth2.TokenSource over an azcore.TokenCredential.
type credentialSource struct {
	ctx    context.Context
	cred   azcore.TokenCredential
	scopes []string
}

// Token gets a new token from the credential.
func (s *credentialSource) Token() (*oauth2.Token, error) {
	tok, err := s.cred.GetToken(s.ctx, policy.TokenRequestOptions{Scopes: s.scopes})
	if err != nil {
		return nil, fmt.Errorf("azauth: get a token for %q: %w", s.scopes, err)
	}
	return &oauth2.Token{AccessToken: tok.Token, TokenType: "Bearer", Expiry: tok.ExpiresOn}, nil
}
