package interop

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/microsoftgraph/msgraph-beta-sdk-go/devicemanagement"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"
	msgraphgocore "github.com/microsoftgraph/msgraph-sdk-go-core"
)

type listQuery = devicemanagement.DeviceEnrollmentConfigurationsItemAssignmentsRequestBuilderGetQueryParameters
type listConfig = devicemanagement.DeviceEnrollmentConfigurationsItemAssignmentsRequestBuilderGetRequestConfiguration

// TestListPagesWithTop lists five assignments two at a time and follows
// @odata.nextLink to the end, both ways the SDK offers: its page iterator,
// and the next link handed to the request builder's WithUrl.
func TestListPagesWithTop(t *testing.T) {
	g := newGraph(t, writer)
	configuration := newConfiguration(t)
	var want []string
	for range 5 {
		want = append(want, *g.create(t, configuration, allDevices.build(""), "").GetId())
	}
	follow := []struct {
		name string
		all  func(context.Context, models.EnrollmentConfigurationAssignmentCollectionResponseable) ([]string, error)
	}{
		{"PageIterator", func(ctx context.Context, first models.EnrollmentConfigurationAssignmentCollectionResponseable) ([]string, error) {
			it, err := msgraphgocore.NewPageIterator[models.EnrollmentConfigurationAssignmentable](first, g.adapter,
				models.CreateEnrollmentConfigurationAssignmentCollectionResponseFromDiscriminatorValue)
			if err != nil {
				return nil, err
			}
			var got []string
			err = it.Iterate(ctx, func(a models.EnrollmentConfigurationAssignmentable) bool {
				got = append(got, deref(a.GetId()))
				return true
			})
			return got, err
		}},
		{"WithUrl", func(ctx context.Context, page models.EnrollmentConfigurationAssignmentCollectionResponseable) ([]string, error) {
			var got []string
			for {
				got = append(got, ids(page.GetValue())...)
				next := page.GetOdataNextLink()
				if next == nil {
					return got, nil
				}
				var err error
				if page, err = g.assignments(configuration).WithUrl(*next).Get(ctx, nil); err != nil {
					return got, err
				}
			}
		}},
	}
	for _, f := range follow {
		t.Run(f.name, func(t *testing.T) {
			first, err := g.assignments(configuration).Get(t.Context(), &listConfig{QueryParameters: &listQuery{Top: ptr[int32](2)}})
			if err != nil {
				t.Fatalf("list $top=2: %s", describeError(err))
			}
			if n := len(first.GetValue()); n != 2 || first.GetOdataNextLink() == nil {
				t.Fatalf("list $top=2: %d assignments, next link %v; want 2 and a next link", n, first.GetOdataNextLink())
			}
			got, err := f.all(t.Context(), first)
			if err != nil {
				t.Fatalf("following the next links: %s", describeError(err))
			}
			if !slices.Equal(got, want) {
				t.Errorf("got ids %v; want %v, in creation order", got, want)
			}
		})
	}
}

// TestListSelect lists with $select=id,target and checks that each
// assignment has its id and typed target and nothing else it was created
// with.
func TestListSelect(t *testing.T) {
	g := newGraph(t, writer)
	configuration := newConfiguration(t)
	created := g.create(t, configuration, group.build("group-1"), "source-1")

	page, err := g.assignments(configuration).Get(t.Context(), &listConfig{QueryParameters: &listQuery{Select: []string{"id", "target"}}})
	if err != nil {
		t.Fatalf("list $select=id,target: %s", describeError(err))
	}
	if len(page.GetValue()) != 1 {
		t.Fatalf("list $select=id,target: %d assignments; want 1", len(page.GetValue()))
	}
	got := page.GetValue()[0]
	if deref(got.GetId()) != *created.GetId() {
		t.Errorf("id %q; want %q", deref(got.GetId()), *created.GetId())
	}
	checkTarget(t, "list $select=id,target", got.GetTarget(), group, "group-1")
	if got.GetSourceId() != nil {
		t.Errorf("sourceId %q is there; $select=id,target leaves it out", *got.GetSourceId())
	}
}

// TestListFilter lists with $filter on the target's type and on its
// groupId and checks that exactly the matching assignments come back.
func TestListFilter(t *testing.T) {
	g := newGraph(t, writer)
	configuration := newConfiguration(t)
	for _, target := range []models.DeviceAndAppManagementAssignmentTargetable{
		allDevices.build(""),
		group.build("group-1"),
		group.build("group-2"),
		configurationManagerCollection.build("collection-1"),
	} {
		g.create(t, configuration, target, "")
	}
	tests := []struct {
		filter string
		want   []string
	}{
		{"isof(target, 'microsoft.graph.groupAssignmentTarget')", []string{"groupAssignmentTarget(group-1)", "groupAssignmentTarget(group-2)"}},
		{"isof(target, 'microsoft.graph.allDevicesAssignmentTarget')", []string{"allDevicesAssignmentTarget()"}},
		{"target/groupId eq 'group-2'", []string{"groupAssignmentTarget(group-2)"}},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			page, err := g.assignments(configuration).Get(t.Context(), &listConfig{QueryParameters: &listQuery{Filter: ptr(tt.filter)}})
			if err != nil {
				t.Fatalf("list $filter=%s: %s", tt.filter, describeError(err))
			}
			var got []string
			for _, a := range page.GetValue() {
				got = append(got, targetString(a.GetTarget()))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v; want %v", got, tt.want)
			}
		})
	}
}

// TestListOrderBy lists with $orderby on id, ascending and descending, and
// checks the order.
func TestListOrderBy(t *testing.T) {
	g := newGraph(t, writer)
	configuration := newConfiguration(t)
	var created []string
	for range 4 {
		created = append(created, *g.create(t, configuration, allLicensedUsers.build(""), "").GetId())
	}
	ascending := slices.Sorted(slices.Values(created))
	descending := slices.Clone(ascending)
	slices.Reverse(descending)
	tests := []struct {
		orderby string
		want    []string
	}{
		{"id", ascending},
		{"id asc", ascending},
		{"id desc", descending},
	}
	for _, tt := range tests {
		t.Run(tt.orderby, func(t *testing.T) {
			page, err := g.assignments(configuration).Get(t.Context(), &listConfig{QueryParameters: &listQuery{Orderby: []string{tt.orderby}}})
			if err != nil {
				t.Fatalf("list $orderby=%s: %s", tt.orderby, describeError(err))
			}
			if got := ids(page.GetValue()); !slices.Equal(got, tt.want) {
				t.Errorf("got ids %v; want %v", got, tt.want)
			}
		})
	}
}

// TestListCount lists one assignment of three with $count=true and checks
// that @odata.count counts all three.
func TestListCount(t *testing.T) {
	g := newGraph(t, writer)
	configuration := newConfiguration(t)
	for range 3 {
		g.create(t, configuration, allDevices.build(""), "")
	}
	page, err := g.assignments(configuration).Get(t.Context(), &listConfig{QueryParameters: &listQuery{Count: ptr(true), Top: ptr[int32](1)}})
	if err != nil {
		t.Fatalf("list $count=true&$top=1: %s", describeError(err))
	}
	if n := len(page.GetValue()); n != 1 {
		t.Errorf("%d assignments; want 1", n)
	}
	if got := page.GetOdataCount(); got == nil || *got != 3 {
		t.Errorf("@odata.count %v; want 3", fmtPtr(got))
	}
}

// TestCountSegment gets .../assignments/$count through the SDK's Count
// request builder, which reads the text/plain answer as an integer.
func TestCountSegment(t *testing.T) {
	g := newGraph(t, writer)
	configuration := newConfiguration(t)
	for range 3 {
		g.create(t, configuration, allDevices.build(""), "")
	}
	got, err := g.assignments(configuration).Count().Get(t.Context(), nil)
	if err != nil {
		t.Fatalf("GET assignments/$count: %s", describeError(err))
	}
	if got == nil || *got != 3 {
		t.Errorf("GET assignments/$count: %v; want 3", fmtPtr(got))
	}
}

// TestQueryOptionNamesIgnoreCase lists through a URL whose option names are
// not in lower case, as OData allows: Graph reads $TOP as $top.
func TestQueryOptionNamesIgnoreCase(t *testing.T) {
	g := newGraph(t, writer)
	configuration := newConfiguration(t)
	for range 3 {
		g.create(t, configuration, allDevices.build(""), "")
	}
	url := emu.BaseURL + "/deviceManagement/deviceEnrollmentConfigurations/" + configuration + "/assignments?$TOP=1&$Count=true"
	page, err := g.assignments(configuration).WithUrl(url).Get(t.Context(), nil)
	if err != nil {
		t.Fatalf("list %s: %s", url[strings.Index(url, "?"):], describeError(err))
	}
	if n := len(page.GetValue()); n != 1 {
		t.Errorf("%d assignments; want 1 ($TOP=1)", n)
	}
	if got := page.GetOdataCount(); got == nil || *got != 3 {
		t.Errorf("@odata.count %v; want 3 ($Count=true)", fmtPtr(got))
	}
}
