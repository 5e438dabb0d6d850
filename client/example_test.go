package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"golang.org/x/oauth2"

	"github.com/specfirst/intune-assignments/client"
	"github.com/specfirst/intune-assignments/gen"
	"github.com/specfirst/intune-assignments/internal/spectest"
)

// Example creates an assignment, lists the configuration's assignments and
// deletes the new one. It runs against the emulator of this module, in
// process, behind a proxy that validates every request against the spec;
// against Graph itself, drop WithBaseURL and take the token source from
// azauth.NewTokenSource.
func Example() {
	graph := spectest.StartFakeGraph(prefix, testToken, newEmulator(100), nil)
	defer graph.Close()

	c, err := client.New(
		client.WithBaseURL(graph.URL),
		client.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken})),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	const configID = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions"

	created, err := c.CreateAssignment(ctx, configID, client.Assignment{
		Target: client.GroupTarget("0b7e2f4a-9c1d-4e3b-8a6f-5d2c1b0a9e8f", client.IncludeFilter("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created an assignment with an id:", created.Id != nil)

	if _, err := c.CreateAssignment(ctx, configID, client.Assignment{Target: client.AllDevicesTarget()}); err != nil {
		log.Fatal(err)
	}

	for a, err := range c.ListAssignments(ctx, configID, client.ListOptions{}) {
		if err != nil {
			log.Fatal(err)
		}
		target, err := client.TargetOf(a.Target)
		if err != nil {
			log.Fatal(err)
		}
		switch t := target.(type) {
		case gen.GroupAssignmentTarget:
			fmt.Printf("group %s, %s filter %s\n", t.GroupId, *t.DeviceAndAppManagementAssignmentFilterType, *t.DeviceAndAppManagementAssignmentFilterId)
		case gen.AllDevicesAssignmentTarget:
			fmt.Println("all devices")
		default:
			fmt.Printf("%T\n", t)
		}
	}

	if err := c.DeleteAssignment(ctx, configID, *created.Id); err != nil {
		log.Fatal(err)
	}
	_, err = c.GetAssignment(ctx, configID, *created.Id)
	fmt.Println("deleted:", errors.Is(err, client.ErrNotFound))
	// Output:
	// created an assignment with an id: true
	// group 0b7e2f4a-9c1d-4e3b-8a6f-5d2c1b0a9e8f, include filter 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
	// all devices
	// deleted: true
}

// ExampleGroupTarget shows the JSON of a target: the constructor sets
// @odata.type.
func ExampleGroupTarget() {
	raw, err := json.Marshal(client.GroupTarget("0b7e2f4a-9c1d-4e3b-8a6f-5d2c1b0a9e8f", client.ExcludeFilter("2c4e6a8b-0d1f-4b3c-9e5a-7f8b9c0d1e2f")))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(raw))
	// Output:
	// {"@odata.type":"#microsoft.graph.groupAssignmentTarget","deviceAndAppManagementAssignmentFilterId":"2c4e6a8b-0d1f-4b3c-9e5a-7f8b9c0d1e2f","deviceAndAppManagementAssignmentFilterType":"exclude","groupId":"0b7e2f4a-9c1d-4e3b-8a6f-5d2c1b0a9e8f"}
}

// ExampleClient_ListAssignments lists with OData query options: the group
// targets only (an excluded group is a group), by id descending, with only
// their ids, and counted; then counts them alone, and reads one assignment's
// target alone.
func ExampleClient_ListAssignments() {
	graph := spectest.StartFakeGraph(prefix, testToken, newEmulator(100), nil)
	defer graph.Close()
	c, err := client.New(
		client.WithBaseURL(graph.URL),
		client.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken})),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	const configID = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions"
	id := func(s string) *string { return &s }
	err = c.Assign(ctx, configID, []client.Assignment{
		{Id: id("0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a"), Target: client.AllDevicesTarget()},
		{Id: id("3f2a6c1e-8b4d-4e7f-9a0b-1c2d3e4f5a6b"), Target: client.GroupTarget("0b7e2f4a-9c1d-4e3b-8a6f-5d2c1b0a9e8f")},
		{Id: id("705b021c-021c-705b-1c02-5b701c025b70"), Target: client.ExclusionGroupTarget("6d5c4b3a-2f1e-4d0c-9b8a-7e6f5d4c3b2a")},
	})
	if err != nil {
		log.Fatal(err)
	}

	const groups = "isof(target, 'microsoft.graph.groupAssignmentTarget')"
	page, err := c.ListAssignmentsPage(ctx, configID, client.ListOptions{
		Filter:  groups,
		OrderBy: []string{"id desc"},
		Select:  []string{"id"},
		Count:   true,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("@odata.count:", *page.OdataCount)
	for _, a := range page.Value {
		fmt.Println(*a.Id)
	}

	n, err := c.CountAssignments(ctx, configID, client.CountOptions{Filter: groups})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("$count:", n)

	a, err := c.GetAssignment(ctx, configID, "705b021c-021c-705b-1c02-5b701c025b70", client.GetOptions{Select: []string{"target"}})
	if err != nil {
		log.Fatal(err)
	}
	target, err := client.TargetOf(a.Target)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%T, id read: %v\n", target, a.Id != nil)
	// Output:
	// @odata.count: 2
	// 705b021c-021c-705b-1c02-5b701c025b70
	// 3f2a6c1e-8b4d-4e7f-9a0b-1c2d3e4f5a6b
	// $count: 2
	// gen.ExclusionGroupAssignmentTarget, id read: false
}
