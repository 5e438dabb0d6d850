package interop

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/authentication"
	msgraphsdk "github.com/microsoftgraph/msgraph-beta-sdk-go"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models/odataerrors"
	msgraphgocore "github.com/microsoftgraph/msgraph-sdk-go-core"
)

// countingGraph is the writer's newGraph. In the http mode, where the
// run builds the SDK's default HTTP client itself, it adds a transport
// under the middleware that counts the batches sent; the other modes build
// the client as their automation does, and count nothing (nil).
func countingGraph(t *testing.T) (graph, *atomic.Int32) {
	t.Helper()
	if emu.Mode != "http" {
		return newGraph(t, writer), nil
	}
	hosts, err := authentication.NewAllowedHostsValidatorErrorCheck([]string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	auth := authentication.NewBaseBearerTokenAuthenticationProvider(staticToken{token: emu.ReadWrite, hosts: hosts})
	options := msgraphsdk.GetDefaultClientOptions()
	hc := msgraphgocore.GetDefaultClient(&options)
	batches := &atomic.Int32{}
	hc.Transport = countBatches{next: hc.Transport, n: batches}
	adapter, err := msgraphsdk.NewGraphRequestAdapterWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(auth, nil, nil, hc)
	if err != nil {
		t.Fatal(err)
	}
	adapter.SetBaseUrl(emu.BaseURL)
	return graph{client: msgraphsdk.NewGraphServiceClient(adapter), adapter: adapter}, batches
}

// countBatches counts the requests to /$batch.
type countBatches struct {
	next http.RoundTripper
	n    *atomic.Int32
}

func (c countBatches) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/$batch") {
		c.n.Add(1)
	}
	return c.next.RoundTrip(r)
}

// registerBatchErrors maps the error answers inside a batch to the SDK's
// ODataError, as an application registers them for GetBatchResponseById.
var registerBatchErrors = sync.OnceValue(func() error {
	return msgraphgocore.RegisterError(msgraphgocore.BatchRequestErrorRegistryKey, abstractions.ErrorMappings{
		"4XX": odataerrors.CreateODataErrorFromDiscriminatorValue,
		"5XX": odataerrors.CreateODataErrorFromDiscriminatorValue,
	})
})

// groupID is the id of the i-th group a test assigns to.
func groupID(i int) string { return fmt.Sprintf("0b7e2f4a-9c1d-4e3b-8a6f-%012d", i) }

// TestBatchRequestCollection creates 50 assignments with
// msgraph-sdk-go-core's BatchRequestCollection, which sends them 19 to a
// batch: three batches. Each answer decodes, with GetBatchResponseById,
// into the SDK's assignment with its group target; a second collection
// reads them back by id, and a list finds the 50.
func TestBatchRequestCollection(t *testing.T) {
	g, batches := countingGraph(t)
	configuration := newConfiguration(t)
	creates := msgraphgocore.NewBatchRequestCollection(g.adapter)
	groups := map[string]string{} // batch item id → group id
	for i := range 50 {
		target := models.NewGroupAssignmentTarget()
		target.SetGroupId(ptr(groupID(i)))
		info, err := g.assignments(configuration).ToPostRequestInformation(t.Context(), newAssignment(target, ""), nil)
		if err != nil {
			t.Fatal(err)
		}
		item, err := creates.AddBatchRequestStep(*info)
		if err != nil {
			t.Fatal(err)
		}
		groups[deref(item.GetId())] = groupID(i)
	}
	resp, err := creates.Send(t.Context(), g.adapter)
	if err != nil {
		t.Fatalf("send the creates: %s", describeError(err))
	}
	if n := batches; n != nil && n.Load() != 3 {
		t.Errorf("%d batches sent, want 3 (50 requests, 19 to a batch)", n.Load())
	}
	if failed := resp.GetFailedResponses(); len(failed) > 0 {
		t.Fatalf("failed requests: %v", failed)
	}
	reads := msgraphgocore.NewBatchRequestCollection(g.adapter)
	readGroups := map[string]string{}
	for itemID, group := range groups {
		a, err := msgraphgocore.GetBatchResponseById[models.EnrollmentConfigurationAssignmentable](resp, itemID, models.CreateEnrollmentConfigurationAssignmentFromDiscriminatorValue)
		if err != nil {
			t.Fatalf("create %s: %s", itemID, describeError(err))
		}
		checkGroup(t, "create", a, group)
		info, err := g.assignments(configuration).ByEnrollmentConfigurationAssignmentId(deref(a.GetId())).ToGetRequestInformation(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		item, err := reads.AddBatchRequestStep(*info)
		if err != nil {
			t.Fatal(err)
		}
		readGroups[deref(item.GetId())] = group
	}
	resp, err = reads.Send(t.Context(), g.adapter)
	if err != nil {
		t.Fatalf("send the reads: %s", describeError(err))
	}
	for itemID, group := range readGroups {
		a, err := msgraphgocore.GetBatchResponseById[models.EnrollmentConfigurationAssignmentable](resp, itemID, models.CreateEnrollmentConfigurationAssignmentFromDiscriminatorValue)
		if err != nil {
			t.Fatalf("read %s: %s", itemID, describeError(err))
		}
		checkGroup(t, "read", a, group)
	}
	if all := g.listAll(t, configuration); len(all) != 50 {
		t.Errorf("the list holds %d assignments, want 50", len(all))
	}
}

// checkGroup requires an assignment whose target is the SDK's group target
// of group.
func checkGroup(t *testing.T, what string, a models.EnrollmentConfigurationAssignmentable, group string) {
	t.Helper()
	target, ok := a.GetTarget().(models.GroupAssignmentTargetable)
	if !ok {
		t.Fatalf("%s: target %T, want the SDK's group target", what, a.GetTarget())
	}
	if got := deref(target.GetGroupId()); got != group {
		t.Errorf("%s: groupId %q, want %q", what, got, group)
	}
}

// TestBatchDependsOn chains requests with the SDK's DependsOnItem: a read
// of a missing assignment answers 404, which GetBatchResponseById returns
// as the SDK's ODataError, and the delete that depends on it is not run
// (424); in another chain a create, then its read, both succeed.
func TestBatchDependsOn(t *testing.T) {
	if err := registerBatchErrors(); err != nil {
		t.Fatal(err)
	}
	g, _ := countingGraph(t)
	configuration := newConfiguration(t)
	batch := msgraphgocore.NewBatchRequest(g.adapter)
	add := func(info *abstractions.RequestInformation, err error) msgraphgocore.BatchItem {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		item, err := batch.AddBatchRequestStep(*info)
		if err != nil {
			t.Fatal(err)
		}
		return item
	}
	missing := g.assignments(configuration).ByEnrollmentConfigurationAssignmentId("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")
	read := add(missing.ToGetRequestInformation(t.Context(), nil))
	del := add(missing.ToDeleteRequestInformation(t.Context(), nil))
	del.DependsOnItem(read)
	id := "9c8b7a6f-5e4d-4c3b-a2f1-e0d9c8b7a6f5"
	created := newAssignment(models.NewAllDevicesAssignmentTarget(), "")
	created.SetId(ptr(id))
	create := add(g.assignments(configuration).ToPostRequestInformation(t.Context(), created, nil))
	reread := add(g.assignments(configuration).ByEnrollmentConfigurationAssignmentId(id).ToGetRequestInformation(t.Context(), nil))
	reread.DependsOnItem(create)

	resp, err := batch.Send(t.Context(), g.adapter)
	if err != nil {
		t.Fatalf("send: %s", describeError(err))
	}
	statuses := resp.GetStatusCodes()
	want := map[string]int32{deref(read.GetId()): 404, deref(del.GetId()): 424, deref(create.GetId()): 201, deref(reread.GetId()): 200}
	for itemID, status := range want {
		if statuses[itemID] != status {
			t.Errorf("request %s answered %d, want %d", itemID, statuses[itemID], status)
		}
	}
	for itemID, code := range map[string]string{deref(read.GetId()): "ResourceNotFound", deref(del.GetId()): "FailedDependency"} {
		_, err := msgraphgocore.GetBatchResponseById[models.EnrollmentConfigurationAssignmentable](resp, itemID, models.CreateEnrollmentConfigurationAssignmentFromDiscriminatorValue)
		var oe *odataerrors.ODataError
		if !errors.As(err, &oe) || oe.GetErrorEscaped() == nil || deref(oe.GetErrorEscaped().GetCode()) != code {
			t.Errorf("request %s: %v, want the SDK's ODataError with code %s", itemID, err, code)
		}
	}
	a, err := msgraphgocore.GetBatchResponseById[models.EnrollmentConfigurationAssignmentable](resp, deref(reread.GetId()), models.CreateEnrollmentConfigurationAssignmentFromDiscriminatorValue)
	if err != nil {
		t.Fatalf("the read after the create: %s", describeError(err))
	}
	if deref(a.GetId()) != id {
		t.Errorf("the read after the create: id %q, want %q", deref(a.GetId()), id)
	}
}
