package interop

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/url"
	"os"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/authentication"
	kiotaazure "github.com/microsoft/kiota-authentication-azure-go"
	khttp "github.com/microsoft/kiota-http-go"
	msgraphsdk "github.com/microsoftgraph/msgraph-beta-sdk-go"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/devicemanagement"
	msgraphgocore "github.com/microsoftgraph/msgraph-sdk-go-core"
)

// graph is the SDK as an application sets it up, pointed at the emulator.
type graph struct {
	client  *msgraphsdk.GraphServiceClient
	adapter abstractions.RequestAdapter // for the page iterator, which sends next links itself
}

// role is what the app a test calls as may do: the permission it was
// granted, or its token carries.
type role string

const (
	writer role = "writer" // DeviceManagementServiceConfig.ReadWrite.All
	reader role = "reader" // DeviceManagementServiceConfig.Read.All
)

// graphScopes is what every credential asks for, Graph's .default.
var graphScopes = []string{"https://graph.microsoft.com/.default"}

// newGraph builds the SDK's client as automation of the run's mode builds
// it, calling as an app of role r.
func newGraph(t *testing.T, r role) graph {
	t.Helper()
	var (
		client *msgraphsdk.GraphServiceClient
		err    error
	)
	switch emu.Mode {
	case "http":
		client, err = staticTokenClient(r)
	case "https":
		client, err = secretClient(r)
	case "certificate":
		client, err = certificateClient(t, r)
	case "proxy":
		client, err = defaultClient(r)
	default:
		t.Fatalf("unknown mode %q", emu.Mode)
	}
	if err != nil {
		t.Fatal(err)
	}
	return graph{client: client, adapter: client.RequestAdapter}
}

// secretClient is the documented client of a ClientSecretCredential, with
// the four lines that point it at the emulator: the authority host and
// instance discovery off (the credential), the allowed host and the base
// URL (the client). SSL_CERT_FILE trusts the development CA.
func secretClient(r role) (*msgraphsdk.GraphServiceClient, error) {
	app := emu.Apps[appKey(r, "secret")]
	cred, err := secretCredential(emu.Tenant, app.ClientID, app.Secret)
	if err != nil {
		return nil, err
	}
	client, err := msgraphsdk.NewGraphServiceClientWithCredentialsAndHosts(cred, graphScopes, []string{"127.0.0.1"})
	if err != nil {
		return nil, err
	}
	client.RequestAdapter.SetBaseUrl(emu.BaseURL)
	// The request builders keep the base URL the client was made with
	// (Graph's), and msgraph-sdk-go-core's batches strip only the
	// adapter's from each item's URL: without a client made again over
	// the adapter, batch items go out absolute, which Graph and the
	// emulator refuse.
	return msgraphsdk.NewGraphServiceClient(client.RequestAdapter), nil
}

// secretCredential is the mode's ClientSecretCredential: with the
// emulator as its authority, or, in the proxy mode, Microsoft's.
func secretCredential(tenant, client, secret string) (*azidentity.ClientSecretCredential, error) {
	if emu.Mode == "proxy" {
		return azidentity.NewClientSecretCredential(tenant, client, secret, nil)
	}
	return azidentity.NewClientSecretCredential(tenant, client, secret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions:            azcore.ClientOptions{Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: emu.Authority}},
		DisableInstanceDiscovery: true,
	})
}

// certificateClient is the client of a ClientCertificateCredential, which
// trusts the development CA through a transport of its own instead of the
// environment: the credential's, and the SDK's default middleware over an
// http.Transport whose roots are the CA.
func certificateClient(t *testing.T, r role) (*msgraphsdk.GraphServiceClient, error) {
	app := emu.Apps[appKey(r, "certificate")]
	transport := trustingCA(t)
	cred, err := certificateCredential(emu.Tenant, app.ClientID, []byte(app.CertPEM), transport)
	if err != nil {
		return nil, err
	}
	auth, err := kiotaazure.NewAzureIdentityAuthenticationProviderWithScopesAndValidHosts(cred, graphScopes, []string{"127.0.0.1"})
	if err != nil {
		return nil, err
	}
	options := msgraphsdk.GetDefaultClientOptions()
	httpClient := msgraphgocore.GetDefaultClient(&options)
	httpClient.Transport = khttp.NewCustomTransportWithParentTransport(transport, msgraphgocore.GetDefaultMiddlewaresWithOptions(&options)...)
	adapter, err := msgraphsdk.NewGraphRequestAdapterWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(auth, nil, nil, httpClient)
	if err != nil {
		return nil, err
	}
	adapter.SetBaseUrl(emu.BaseURL)
	return msgraphsdk.NewGraphServiceClient(adapter), nil
}

// certificateCredential is a ClientCertificateCredential of the
// certificate and key in certPEM, with the emulator as its authority,
// reached through transport.
func certificateCredential(tenant, client string, certPEM []byte, transport http.RoundTripper) (*azidentity.ClientCertificateCredential, error) {
	certs, key, err := azidentity.ParseCertificates(certPEM, nil)
	if err != nil {
		return nil, err
	}
	return azidentity.NewClientCertificateCredential(tenant, client, certs, key, &azidentity.ClientCertificateCredentialOptions{
		ClientOptions:            azcore.ClientOptions{Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: emu.Authority}, Transport: &http.Client{Transport: transport}},
		DisableInstanceDiscovery: true,
	})
}

// trustingCA is the SDK's default transport with the development CA as
// its only root.
func trustingCA(t *testing.T) *http.Transport {
	t.Helper()
	pem, err := os.ReadFile(emu.CA)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no certificate", emu.CA)
	}
	transport := khttp.GetDefaultTransport().(*http.Transport)
	transport.TLSClientConfig = &tls.Config{RootCAs: roots}
	return transport
}

// defaultClient is automation written for Microsoft's cloud, unchanged:
// a ClientSecretCredential with no options and the SDK's default client.
// Only its environment (HTTPS_PROXY, SSL_CERT_FILE) sends it to the
// emulator's proxy.
func defaultClient(r role) (*msgraphsdk.GraphServiceClient, error) {
	app := emu.Apps[appKey(r, "secret")]
	cred, err := secretCredential(emu.Tenant, app.ClientID, app.Secret)
	if err != nil {
		return nil, err
	}
	return msgraphsdk.NewGraphServiceClientWithCredentials(cred, nil)
}

// staticTokenClient builds the SDK's client with its default HTTP client
// and middleware, authenticating with the emulator's development token of
// role r.
func staticTokenClient(r role) (*msgraphsdk.GraphServiceClient, error) {
	token := emu.ReadWrite
	if r == reader {
		token = emu.ReadOnly
	}
	hosts, err := authentication.NewAllowedHostsValidatorErrorCheck([]string{"127.0.0.1"})
	if err != nil {
		return nil, err
	}
	auth := authentication.NewBaseBearerTokenAuthenticationProvider(staticToken{token: token, hosts: hosts})
	// NewGraphRequestAdapter takes the default HTTP client:
	// msgraphgocore.GetDefaultMiddlewaresWithOptions (gzip compression of
	// request bodies, retry, redirect, parameter names, user agent, headers
	// inspection, Graph telemetry) with the beta SDK's client options.
	adapter, err := msgraphsdk.NewGraphRequestAdapter(auth)
	if err != nil {
		return nil, err
	}
	adapter.SetBaseUrl(emu.BaseURL)
	return msgraphsdk.NewGraphServiceClient(adapter), nil
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
