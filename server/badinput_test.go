package server_test

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/specfirst/intune-assignments/internal/spectest"
	"github.com/specfirst/intune-assignments/server"
	"github.com/specfirst/intune-assignments/server/auth"
)

// existingID is an assignment the bad-input emulator has from the start.
const existingID = "705b021c-021c-705b-1c02-5b701c025b70"

// testBodyLimit is the body limit of the bad-input emulator.
const testBodyLimit = 4096

// TestBadInput sends requests that must fail and checks each answer:
// status, Graph error code, error.target where the fault is a property,
// a message with the words a client needs, and (through do) the Graph
// error shape validated against the spec.
func TestBadInput(t *testing.T) {
	emu := startEmulator(t, func(c *server.Config) { c.MaxBodyBytes = testBodyLimit })
	emu.create(t, map[string]any{"id": existingID, "target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}})

	tok := writer(t)
	create := func(body any) spectest.Request {
		return spectest.Request{Method: http.MethodPost, Path: assignmentsPath(knownConfig), Body: body, Token: tok}
	}
	allDevices := map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}
	list := func(query string) spectest.Request {
		return spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig) + "?" + query, Token: tok}
	}
	tests := []struct {
		name    string
		req     spectest.Request
		status  int
		code    string
		target  string // error.target, when the fault is a property or parameter
		message string // a part of error.message
	}{
		// The body.
		{name: "malformed JSON", req: create(`{"target":`), status: 400, code: "BadRequest", message: "not valid JSON"},
		{name: "JSON syntax error", req: create(`{"target" {}}`), status: 400, code: "BadRequest", message: "syntax error at byte"},
		{name: "data after the JSON value", req: create(`{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}} xyz`), status: 400, code: "BadRequest", message: "syntax error at byte 74"},
		{name: "a second JSON value", req: create(`{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}} {}`), status: 400, code: "BadRequest", message: "more than one JSON value (the second starts at byte 74)"},
		{name: "two JSON values", req: create(`{}{}`), status: 400, code: "BadRequest", message: "the second starts at byte 3"},
		{name: "duplicate member", req: create(`{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"},"target":{"@odata.type":"#microsoft.graph.allLicensedUsersAssignmentTarget"}}`), status: 400, code: "BadRequest", target: "target", message: `"target" appears more than once`},
		{name: "duplicate @odata.type", req: create(`{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g","@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`), status: 400, code: "BadRequest", target: "target.@odata.type", message: "more than once"},
		{name: "hundreds of undefined properties", req: create(manyProperties(300)), status: 400, code: "BadRequest", target: "p0000", message: `300 properties are unsupported: "p0000", "p0001", "p0002", "p0003", "p0004" and 295 more.`},
		{name: "UTF-16 byte-order mark", req: create([]byte("\xff\xfe{\x00}\x00")), status: 400, code: "BadRequest", message: "UTF-8"},
		{name: "Content-Type parameter without a value", req: withHeader(create(`{}`), "Content-Type", "application/json; charset"), status: 400, code: "BadRequest", message: "'application/json; charset' is malformed"},
		{name: "Content-Type with an empty parameter", req: withHeader(create(`{}`), "Content-Type", "application/json;;"), status: 400, code: "BadRequest", message: "malformed"},
		{name: "Content-Type with an unterminated quote", req: withHeader(create(`{}`), "Content-Type", `application/json; charset="utf-8`), status: 400, code: "BadRequest", message: "malformed"},
		{name: "Content-Type charset given twice", req: withHeader(create(`{}`), "Content-Type", "application/json; charset=utf-8; charset=utf-16"), status: 400, code: "BadRequest", message: "malformed"},
		{name: "UTF-16 charset", req: withHeader(create(`{}`), "Content-Type", "application/json; charset=utf-16"), status: 415, code: "UnsupportedMediaType", message: "'utf-16'"},
		{name: "Latin-1 charset", req: withHeader(create(`{}`), "Content-Type", "application/json; charset=ISO-8859-1"), status: 415, code: "UnsupportedMediaType", message: "UTF-8"},
		{name: "brotli body", req: withHeader(create(`{}`), "Content-Encoding", "br"), status: 415, code: "UnsupportedMediaType", message: "Content-Encoding 'br' is not supported"},
		{name: "unknown coding after gzip", req: withHeader(create(compressed(t, `{}`, bodyGzip)), "Content-Encoding", "gzip, zstd"), status: 415, code: "UnsupportedMediaType", message: "'zstd'"},
		{name: "too many codings", req: withHeader(create(`{}`), "Content-Encoding", "gzip, gzip, gzip, gzip"), status: 415, code: "UnsupportedMediaType", message: "at most 3"},
		{name: "corrupt gzip", req: withHeader(create(`{"target":{}}`), "Content-Encoding", "gzip"), status: 400, code: "BadRequest", message: "not valid gzip data"},
		{name: "truncated gzip", req: withHeader(create(truncated(compressed(t, seedJSON(t), bodyGzip))), "Content-Encoding", "gzip"), status: 400, code: "BadRequest", message: "not valid gzip data"},
		{name: "corrupt deflate", req: withHeader(create([]byte{0x78, 0x9c, 0xff, 0xff, 0xff}), "Content-Encoding", "deflate"), status: 400, code: "BadRequest", message: "not valid deflate data"},
		{name: "gzip bomb", req: withHeader(create(compressed(t, `{"sourceId":"`+strings.Repeat("x", 1000*testBodyLimit)+`"}`, bodyGzip)), "Content-Encoding", "gzip"), status: 413, code: "RequestEntityTooLarge", message: "4096 bytes"},
		// The request pipeline refuses an empty body before any handler runs.
		{name: "empty body", req: create(""), status: 400, code: "BadRequest", message: "A request body is required."},
		{name: "patch empty body", req: spectest.Request{Method: http.MethodPatch, Path: assignmentPath(knownConfig, existingID), Body: "", Token: tok}, status: 400, code: "BadRequest", message: "A request body is required."},
		{name: "assign empty body", req: spectest.Request{Method: http.MethodPost, Path: assignPath(knownConfig), Body: "", Token: tok}, status: 400, code: "BadRequest", message: "A request body is required."},
		{name: "qualified assign empty body", req: spectest.Request{Method: http.MethodPost, Path: strings.TrimSuffix(assignPath(knownConfig), "assign") + "microsoft.graph.assign", Body: "", Token: tok}, status: 400, code: "BadRequest", message: "A request body is required."},
		{name: "wrong content type", req: withHeader(create(`{"target":{}}`), "Content-Type", "text/plain"), status: 415, code: "UnsupportedMediaType", message: "'text/plain'"},
		{name: "form content type", req: withHeader(create(`target=x`), "Content-Type", "application/x-www-form-urlencoded"), status: 415, code: "UnsupportedMediaType", message: "application/json"},
		{name: "body not an object", req: create(`[]`), status: 400, code: "BadRequest", message: "must be an object"},
		{name: "missing target", req: create(map[string]any{}), status: 400, code: "BadRequest", target: "target", message: `property "target" is missing`},
		{name: "unknown target @odata.type", req: create(map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.userAssignmentTarget"}}), status: 400, code: "BadRequest", target: "target.@odata.type", message: "#microsoft.graph.userAssignmentTarget"},
		{name: "target without @odata.type", req: create(map[string]any{"target": map[string]any{"groupId": "g"}}), status: 400, code: "BadRequest", target: "target.@odata.type", message: "missing"},
		{name: "unknown assignment @odata.type", req: create(map[string]any{"@odata.type": "#microsoft.graph.deviceConfigurationAssignment", "target": allDevices}), status: 400, code: "BadRequest", target: "@odata.type", message: "allowed values"},
		{name: "group target without groupId", req: create(map[string]any{"target": map[string]any{"@odata.type": "microsoft.graph.groupAssignmentTarget"}}), status: 400, code: "BadRequest", target: "target.groupId", message: `property "target.groupId" is missing`},
		{name: "exclusion group target without groupId", req: create(map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget"}}), status: 400, code: "BadRequest", target: "target.groupId", message: "missing"},
		{name: "collection target without collectionId", req: create(map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.configurationManagerCollectionAssignmentTarget"}}), status: 400, code: "BadRequest", target: "target.collectionId", message: "missing"},
		{name: "empty groupId", req: create(map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": ""}}), status: 400, code: "BadRequest", target: "target.groupId", message: "length"},
		{name: "id of the wrong type", req: create(map[string]any{"id": 42, "target": allDevices}), status: 400, code: "BadRequest", target: "id", message: `property "id" must be a string`},
		{name: "number too large for any type", req: create(`{"id":1e400,"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`), status: 400, code: "BadRequest", target: "id", message: `property "id" must be a string`},
		{name: "target of the wrong type", req: create(map[string]any{"target": "allDevices"}), status: 400, code: "BadRequest", target: "target", message: "must be an object"},
		{name: "groupId of the wrong type", req: create(map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": true}}), status: 400, code: "BadRequest", target: "target.groupId", message: "must be a string"},
		{name: "source outside its enum", req: create(map[string]any{"source": "inherited", "target": allDevices}), status: 400, code: "BadRequest", target: "source", message: "allowed values"},
		{name: "filter type outside its enum", req: create(map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget", "deviceAndAppManagementAssignmentFilterType": "maybe"}}), status: 400, code: "BadRequest", target: "target.deviceAndAppManagementAssignmentFilterType", message: "allowed values"},
		{name: "null target", req: create(map[string]any{"target": nil}), status: 400, code: "BadRequest", target: "target", message: `property "target" must not be null`},
		{name: "undefined property", req: create(map[string]any{"color": "blue", "target": allDevices}), status: 400, code: "BadRequest", target: "color", message: `property "color" is unsupported`},
		{name: "two undefined properties", req: create(map[string]any{"color": "blue", "size": 1, "target": allDevices}), status: 400, code: "BadRequest", target: "color", message: `"color", "size"`},
		{name: "property of another target type", req: create(map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget", "groupId": "g"}}), status: 400, code: "BadRequest", target: "target.groupId", message: "unsupported"},
		{name: "property in another case", req: create(map[string]any{"Target": allDevices}), status: 400, code: "BadRequest", target: "Target", message: "unsupported"},
		{name: "invalid UTF-8", req: create([]byte("{\"target\":{\"@odata.type\":\"#microsoft.graph.groupAssignmentTarget\",\"groupId\":\"\xff\xfe\"}}")), status: 400, code: "BadRequest", message: "UTF-8"},
		{name: "oversized body", req: create(`{"sourceId":"` + strings.Repeat("x", testBodyLimit) + `"}`), status: 413, code: "RequestEntityTooLarge", message: "4096 bytes"},
		{name: "oversized chunked body", req: create(io.MultiReader(strings.NewReader(`{"sourceId":"`), strings.NewReader(strings.Repeat("x", testBodyLimit)+`"}`))), status: 413, code: "RequestEntityTooLarge", message: "4096 bytes"},
		{name: "existing id", req: create(map[string]any{"id": existingID, "target": allDevices}), status: 400, code: "BadRequest", target: "id", message: "already exists"},

		// PATCH and assign bodies.
		{name: "patch id differs from the path", req: spectest.Request{Method: http.MethodPatch, Path: assignmentPath(knownConfig, existingID), Body: map[string]any{"id": "other"}, Token: tok}, status: 400, code: "BadRequest", target: "id", message: "differs"},
		{name: "patch undefined property", req: spectest.Request{Method: http.MethodPatch, Path: assignmentPath(knownConfig, existingID), Body: map[string]any{"priority": 1}, Token: tok}, status: 400, code: "BadRequest", target: "priority", message: "unsupported"},
		{name: "patch wrong content type", req: spectest.Request{Method: http.MethodPatch, Path: assignmentPath(knownConfig, existingID), Body: `{}`, Header: map[string]string{"Content-Type": "text/json"}, Token: tok}, status: 415, code: "UnsupportedMediaType"},
		{name: "assign without the list", req: spectest.Request{Method: http.MethodPost, Path: assignPath(knownConfig), Body: map[string]any{}, Token: tok}, status: 400, code: "BadRequest", target: "enrollmentConfigurationAssignments", message: "missing"},
		{name: "assign item without target", req: spectest.Request{Method: http.MethodPost, Path: assignPath(knownConfig), Body: map[string]any{"enrollmentConfigurationAssignments": []any{map[string]any{"target": allDevices}, map[string]any{}}}, Token: tok}, status: 400, code: "BadRequest", target: "enrollmentConfigurationAssignments[1].target", message: "missing"},
		{name: "assign duplicate ids", req: spectest.Request{Method: http.MethodPost, Path: assignPath(knownConfig), Body: map[string]any{"enrollmentConfigurationAssignments": []any{map[string]any{"id": "a", "target": allDevices}, map[string]any{"id": "a", "target": allDevices}}}, Token: tok}, status: 400, code: "BadRequest", target: "enrollmentConfigurationAssignments[1].id", message: "more than once"},

		// Query parameters.
		{name: "$top below 1", req: spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig) + "?$top=0", Token: tok}, status: 400, code: "BadRequest", target: "$top", message: "at least 1"},
		{name: "$top above 999", req: spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig) + "?$top=1000", Token: tok}, status: 400, code: "BadRequest", target: "$top", message: "at most 999"},
		{name: "$top not a number", req: spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig) + "?$top=ten", Token: tok}, status: 400, code: "BadRequest", target: "$top", message: "integer"},
		{name: "$skip beyond 32 bits", req: spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig) + "?$skip=2147483648", Token: tok}, status: 400, code: "BadRequest", target: "$skip", message: "at most 2147483647"},
		{name: "$top given twice", req: spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig) + "?$top=1&$top=2", Token: tok}, status: 400, code: "BadRequest", target: "$top", message: "'$top' is given 2 times"},
		{name: "$skip negative", req: spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig) + "?$skip=-1", Token: tok}, status: 400, code: "BadRequest", target: "$skip", message: "at least 0"},
		// OData query options: each malformed expression names its position.
		{name: "$filter unterminated string", req: list("$filter=id%20eq%20'abc"), status: 400, code: "BadRequest", target: "$filter", message: "$filter: syntax error at position 7: unterminated string"},
		{name: "$filter unsupported operator", req: list("$filter=id%20gt%20'a'"), status: 400, code: "BadRequest", target: "$filter", message: "operator 'gt' is not supported"},
		{name: "$filter unknown property", req: list("$filter=displayName%20eq%20'a'"), status: 400, code: "BadRequest", target: "$filter", message: "property 'displayName' is not supported in $filter"},
		{name: "$filter unbalanced parenthesis", req: list("$filter=(id%20eq%20'a'"), status: 400, code: "BadRequest", target: "$filter", message: "position"},
		{name: "$filter not a source", req: list("$filter=source%20eq%20'indirect'"), status: 400, code: "BadRequest", target: "$filter", message: "'direct', 'policySets'"},
		{name: "$filter unknown type in isof", req: list("$filter=isof(target,'microsoft.graph.userAssignmentTarget')"), status: 400, code: "BadRequest", target: "$filter", message: "unknown type"},
		{name: "$filter empty", req: list("$filter="), status: 400, code: "BadRequest", target: "$filter", message: "$filter"},
		{name: "$orderby unknown direction", req: list("$orderby=id%20up"), status: 400, code: "BadRequest", target: "$orderby", message: "$orderby: syntax error at position"},
		{name: "$orderby property twice", req: list("$orderby=id,ID%20desc"), status: 400, code: "BadRequest", target: "$orderby", message: "more than once"},
		{name: "$orderby a function", req: list("$orderby=tolower(id)"), status: 400, code: "BadRequest", target: "$orderby", message: "'tolower' is not supported"},
		{name: "$select unknown property", req: list("$select=id,displayName"), status: 400, code: "BadRequest", target: "$select", message: "position 4"},
		{name: "$select a path", req: list("$select=target/groupId"), status: 400, code: "BadRequest", target: "$select", message: "top-level properties"},
		{name: "$select empty item", req: list("$select=id,,target"), status: 400, code: "BadRequest", target: "$select", message: "position"},
		{name: "$select on get", req: spectest.Request{Method: http.MethodGet, Path: assignmentPath(knownConfig, existingID) + "?$select=groupId", Token: tok}, status: 400, code: "BadRequest", target: "$select", message: "not supported in $select"},
		{name: "$count not a boolean", req: list("$count=yes"), status: 400, code: "BadRequest", target: "$count", message: "boolean"},
		{name: "$expand", req: list("$expand=target"), status: 400, code: "BadRequest", target: "$expand", message: "no navigation properties"},
		{name: "expand without $ on get", req: spectest.Request{Method: http.MethodGet, Path: assignmentPath(knownConfig, existingID) + "?Expand=*", Token: tok}, status: 400, code: "BadRequest", target: "$expand", message: "no navigation properties"},
		{name: "$search", req: list("$search=%22group%22"), status: 400, code: "BadRequest", target: "$search", message: "use $filter"},
		{name: "$filter given as $filter and filter", req: list("$filter=id%20eq%20'a'&filter=id%20eq%20'b'"), status: 400, code: "BadRequest", target: "$filter", message: "given 2 times"},
		{name: "$count with a malformed $filter", req: spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig) + "/$count?$filter=id%20eq", Token: tok}, status: 400, code: "BadRequest", target: "$filter", message: "expected a quoted string or null after 'eq'"},
		{name: "$count with $top", req: spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig) + "/$count?$top=1", Token: tok}, status: 400, code: "BadRequest", target: "$top", message: "not supported"},

		// What does not exist.
		{name: "unknown configuration: list", req: spectest.Request{Method: http.MethodGet, Path: assignmentsPath(unknownConfig), Token: tok}, status: 404, code: "ResourceNotFound", message: unknownConfig},
		{name: "unknown configuration: create", req: spectest.Request{Method: http.MethodPost, Path: assignmentsPath(unknownConfig), Body: map[string]any{"target": allDevices}, Token: tok}, status: 404, code: "ResourceNotFound", message: unknownConfig},
		{name: "unknown configuration: get", req: spectest.Request{Method: http.MethodGet, Path: assignmentPath(unknownConfig, existingID), Token: tok}, status: 404, code: "ResourceNotFound", message: "deviceEnrollmentConfiguration '" + unknownConfig},
		{name: "unknown configuration: patch", req: spectest.Request{Method: http.MethodPatch, Path: assignmentPath(unknownConfig, existingID), Body: map[string]any{}, Token: tok}, status: 404, code: "ResourceNotFound", message: unknownConfig},
		{name: "unknown configuration: delete", req: spectest.Request{Method: http.MethodDelete, Path: assignmentPath(unknownConfig, existingID), Token: tok}, status: 404, code: "ResourceNotFound", message: unknownConfig},
		{name: "unknown configuration: assign", req: spectest.Request{Method: http.MethodPost, Path: assignPath(unknownConfig), Body: map[string]any{"enrollmentConfigurationAssignments": []any{}}, Token: tok}, status: 404, code: "ResourceNotFound", message: unknownConfig},
		{name: "unknown assignment: get", req: spectest.Request{Method: http.MethodGet, Path: assignmentPath(knownConfig, "no-such-id"), Token: tok}, status: 404, code: "ResourceNotFound", message: "enrollmentConfigurationAssignment 'no-such-id'"},
		{name: "unknown assignment: patch", req: spectest.Request{Method: http.MethodPatch, Path: assignmentPath(knownConfig, "no-such-id"), Body: map[string]any{}, Token: tok}, status: 404, code: "ResourceNotFound", message: "'no-such-id'"},
		{name: "unknown assignment: delete", req: spectest.Request{Method: http.MethodDelete, Path: assignmentPath(knownConfig, "no-such-id"), Token: tok}, status: 404, code: "ResourceNotFound", message: "'no-such-id'"},
		{name: "unknown route", req: spectest.Request{Method: http.MethodGet, Path: "/beta/deviceManagement/deviceConfigurations", Token: tok}, status: 404, code: "ResourceNotFound", message: "/beta/deviceManagement/deviceConfigurations"},
		{name: "outside the base path", req: spectest.Request{Method: http.MethodGet, Path: "/v1.0/deviceManagement/deviceEnrollmentConfigurations/" + knownConfig + "/assignments", Token: tok}, status: 404, code: "ResourceNotFound"},
		{name: "OPTIONS", req: spectest.Request{Method: http.MethodOptions, Path: assignmentsPath(knownConfig), Token: tok}, status: 405, code: "MethodNotAllowed", message: "'OPTIONS'"},
		{name: "wrong method", req: spectest.Request{Method: http.MethodPut, Path: assignmentsPath(knownConfig), Body: map[string]any{}, Token: tok}, status: 405, code: "MethodNotAllowed", message: "'PUT'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := emu.do(t, tt.req)
			ge := checkGraphError(t, resp, tt.status, tt.code)
			t.Logf("%d %s %q: %s", resp.Status, ge.Error.Code, value(ge.Error.Target), ge.Error.Message)
			if value(ge.Error.Target) != tt.target {
				t.Errorf("error.target = %q, want %q", value(ge.Error.Target), tt.target)
			}
			if !strings.Contains(ge.Error.Message, tt.message) {
				t.Errorf("error.message = %q, want it to contain %q", ge.Error.Message, tt.message)
			}
		})
	}
	if logs := emu.logs.String(); strings.Contains(logs, `"status":500`) {
		t.Errorf("a bad input answered 500:\n%s", logs)
	}
}

// TestBadTokens sends tokens that must be refused: 401 with
// WWW-Authenticate and InvalidAuthenticationToken for a missing or invalid
// one, 403 Forbidden for a valid one without the permission or of a kind
// the API does not support.
func TestBadTokens(t *testing.T) {
	emu := startEmulator(t)
	now := time.Now()
	tests := []struct {
		name    string
		header  string // the Authorization header
		op      spectest.Request
		status  int
		message string
	}{
		{name: "missing", header: "", status: 401, message: "empty"},
		{name: "not bearer", header: "Basic dXNlcjpwYXNz", status: 401, message: "Bearer"},
		{name: "bearer without token", header: "Bearer ", status: 401},
		{name: "malformed", header: "Bearer not.a.jwt", status: 401, message: "well-formed"},
		{name: "not a JWT at all", header: "Bearer abc", status: 401, message: "well-formed"},
		{name: "expired", header: "Bearer " + token(t, auth.TokenOptions{Scopes: []string{readWrite}, IssuedAt: now.Add(-2 * time.Hour), TTL: time.Hour}), status: 401, message: "expired"},
		{name: "not yet valid", header: "Bearer " + token(t, auth.TokenOptions{Scopes: []string{readWrite}, IssuedAt: now.Add(time.Hour)}), status: 401, message: "not yet valid"},
		{name: "wrong audience", header: "Bearer " + token(t, auth.TokenOptions{Scopes: []string{readWrite}, Audience: "https://management.azure.com"}), status: 401, message: "audience"},
		{name: "wrong signature", header: "Bearer " + token(t, auth.TokenOptions{Scopes: []string{readWrite}, HS256Secret: []byte("another secret")}), status: 401, message: "signature"},
		{name: "tampered payload", header: "Bearer " + tamper(t, writer(t)), status: 401, message: "signature"},
		{name: "RS256 of another key", header: "Bearer " + token(t, auth.TokenOptions{Scopes: []string{readWrite}, RS256PrivateKey: otherRSAKey()}), status: 401, message: "signature"},
		{name: "alg none", header: "Bearer " + signed(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, validClaims(now)), status: 401},
		{name: "HS384", header: "Bearer " + signed(t, jwt.SigningMethodHS384, []byte(testSecret), validClaims(now)), status: 401},
		{name: "no exp", header: "Bearer " + signed(t, jwt.SigningMethodHS256, []byte(testSecret), without(validClaims(now), "exp")), status: 401, message: "missing"},
		{name: "no aud", header: "Bearer " + signed(t, jwt.SigningMethodHS256, []byte(testSecret), without(validClaims(now), "aud")), status: 401, message: "missing"},
		{name: "without the scope", header: "Bearer " + token(t, auth.TokenOptions{Scopes: []string{"User.Read", "DeviceManagementApps.ReadWrite.All"}}), status: 403, message: "DeviceManagementServiceConfig.Read.All, DeviceManagementServiceConfig.ReadWrite.All"},
		{name: "read scope on a write", header: "Bearer " + token(t, auth.TokenOptions{Scopes: []string{readOnly}}), op: spectest.Request{Method: http.MethodPost, Path: assignmentsPath(knownConfig), Body: map[string]any{}}, status: 403, message: "requires one of: DeviceManagementServiceConfig.ReadWrite.All."},
		{name: "app-only", header: "Bearer " + token(t, auth.TokenOptions{Roles: []string{readWrite}}), status: 403, message: "Application permissions are not supported"},
		{name: "personal account", header: "Bearer " + token(t, auth.TokenOptions{Scopes: []string{readWrite}, TenantID: auth.PersonalAccountTenantID}), status: 403, message: "Personal Microsoft accounts"},
		{name: "personal account, tid in capitals", header: "Bearer " + token(t, auth.TokenOptions{Scopes: []string{readWrite}, TenantID: strings.ToUpper(auth.PersonalAccountTenantID)}), status: 403, message: "Personal Microsoft accounts"},
		{name: "exp beyond any clock", header: "Bearer " + signed(t, jwt.SigningMethodHS256, []byte(testSecret), with(validClaims(now), "exp", 1e300)), status: 401, message: "exp claim is not a valid time"},
		{name: "exp before 1970", header: "Bearer " + signed(t, jwt.SigningMethodHS256, []byte(testSecret), with(validClaims(now), "exp", -5)), status: 401, message: "exp claim is not a valid time"},
	}
	// Each row is sent twice, so that a token verified once and then
	// remembered is held to the same rules.
	for _, tt := range append(slices.Clone(tests), tests...) {
		t.Run(tt.name, func(t *testing.T) {
			req := tt.op
			if req.Method == "" {
				req = spectest.Request{Method: http.MethodGet, Path: assignmentsPath(knownConfig)}
			}
			if tt.header != "" {
				req.Header = map[string]string{"Authorization": tt.header}
			}
			resp := emu.do(t, req)
			code := "Forbidden"
			if tt.status == http.StatusUnauthorized {
				code = "InvalidAuthenticationToken"
			}
			ge := checkGraphError(t, resp, tt.status, code)
			t.Logf("%d %s: %s", resp.Status, ge.Error.Code, ge.Error.Message)
			if !strings.Contains(ge.Error.Message, tt.message) {
				t.Errorf("error.message = %q, want it to contain %q", ge.Error.Message, tt.message)
			}
			challenge := resp.Header.Get("WWW-Authenticate")
			switch {
			case tt.status == http.StatusUnauthorized && !strings.HasPrefix(challenge, "Bearer "):
				t.Errorf("401 without a Bearer WWW-Authenticate: %q", challenge)
			case tt.status != http.StatusUnauthorized && challenge != "":
				t.Errorf("%d with WWW-Authenticate %q", tt.status, challenge)
			}
		})
	}
}

func withHeader(r spectest.Request, name, value string) spectest.Request {
	r.Header = map[string]string{name: value}
	return r
}

// otherRSAKey is an RSA key the emulator does not know.
var otherRSAKey = sync.OnceValue(newRSAKey)

// validClaims are claims the emulator accepts, for tests that sign them
// with something it does not.
func validClaims(now time.Time) jwt.MapClaims {
	return jwt.MapClaims{
		"aud": auth.GraphAudiences[0],
		"exp": now.Add(time.Hour).Unix(),
		"nbf": now.Unix(),
		"scp": readWrite,
		"tid": auth.DevTenantID,
	}
}

func with(c jwt.MapClaims, name string, value any) jwt.MapClaims {
	c[name] = value
	return c
}

func without(c jwt.MapClaims, name string) jwt.MapClaims {
	delete(c, name)
	return c
}

func signed(t testing.TB, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tamper changes the payload of a signed token and keeps the signature.
func tamper(t testing.TB, tok string) string {
	t.Helper()
	parts := strings.Split(tok, ".")
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(tok, claims); err != nil {
		t.Fatal(err)
	}
	claims["scp"] = readWrite + " Directory.ReadWrite.All"
	forged := signed(t, jwt.SigningMethodHS256, []byte("x"), claims)
	return strings.Join([]string{parts[0], strings.Split(forged, ".")[1], parts[2]}, ".")
}
