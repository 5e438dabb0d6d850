// Package client is a typed Go client for the Microsoft Graph (beta) Intune
// enrollmentConfigurationAssignment endpoints, built on the client that
// oapi-codegen generates from openapi/openapi.yaml (package gen).
//
// It adds what the generated client leaves to its caller:
//
//   - one method per operation, with typed arguments and results, the OData
//     query options ($top, $skip, $select, $filter, $orderby, $count) as
//     fields of ListOptions, GetOptions and CountOptions, and an iterator
//     that follows @odata.nextLink to the last page;
//   - target constructors that always set the right @odata.type, and
//     TargetOf, which returns the concrete target type for a type switch;
//   - one error type, *Error, for every non-2xx response, with the
//     sentinels ErrNotFound, ErrThrottled, ErrUnauthorized and ErrForbidden;
//   - retries of 429, 503 and 504 as Graph asks, honouring Retry-After;
//   - checks of every argument against the spec before anything is sent,
//     so that a request the client sends always passes the spec's validation.
//
// Authentication takes a golang.org/x/oauth2 TokenSource (WithTokenSource).
// Sub-package azauth adapts the azcore.TokenCredential of the Azure SDK (what
// azidentity returns) to one, so that this package does not depend on the
// Azure SDK.
package client
