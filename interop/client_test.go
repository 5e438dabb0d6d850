package interop

import (
	"context"
	"net/url"
	"testing"

	"github.com/microsoft/kiota-abstractions-go/authentication"
	msgraphsdk "github.com/microsoftgraph/msgraph-beta-sdk-go"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/devicemanagement"
)

// graph is the SDK as an application sets it up, pointed at the emulator.
type graph struct {
	client  *msgraphsdk.GraphServiceClient
	adapter *msgraphsdk.GraphRequestAdapter // for the page iterator, which sends next links itself
}

// newGraph builds the SDK's client the documented way, with its default
// HTTP client and middleware, authenticating with token.
func newGraph(t *testing.T, token string) graph {
	t.Helper()
	hosts, err := authentication.NewAllowedHostsValidatorErrorCheck([]string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	auth := authentication.NewBaseBearerTokenAuthenticationProvider(staticToken{token: token, hosts: hosts})
	// NewGraphRequestAdapter takes the default HTTP client:
	// msgraphgocore.GetDefaultMiddlewaresWithOptions (gzip compression of
	// request bodies, retry, redirect, parameter names, user agent, headers
	// inspection, Graph telemetry) with the beta SDK's client options.
	adapter, err := msgraphsdk.NewGraphRequestAdapter(auth)
	if err != nil {
		t.Fatal(err)
	}
	// Before NewGraphServiceClient: it copies the base URL into the path
	// parameters of every request builder it makes.
	adapter.SetBaseUrl(emu.baseURL)
	return graph{client: msgraphsdk.NewGraphServiceClient(adapter), adapter: adapter}
}

// assignments is the request builder of a configuration's assignments.
func (g graph) assignments(configuration string) *devicemanagement.DeviceEnrollmentConfigurationsItemAssignmentsRequestBuilder {
	return g.client.DeviceManagement().DeviceEnrollmentConfigurations().ByDeviceEnrollmentConfigurationId(configuration).Assignments()
}

// staticToken is a kiota access token provider with one token: the
// emulator's, minted by its token command, where an application would use
// azidentity. Like the SDK's Azure provider, it gives the token only to
// the allowed hosts, here the loopback address the emulator listens on.
type staticToken struct {
	token string
	hosts *authentication.AllowedHostsValidator
}

func (p staticToken) GetAuthorizationToken(_ context.Context, u *url.URL, _ map[string]any) (string, error) {
	if !p.hosts.IsUrlHostValid(u) {
		return "", nil
	}
	return p.token, nil
}

func (p staticToken) GetAllowedHostsValidator() *authentication.AllowedHostsValidator {
	return p.hosts
}
