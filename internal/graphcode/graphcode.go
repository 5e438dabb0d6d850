// Package graphcode is the one table between Microsoft Graph error codes and
// HTTP statuses. The server writes errors with it and the client reads them
// with it, so the two cannot drift apart.
package graphcode

import "net/http"

// The error codes this API answers with, as Microsoft Graph spells them.
const (
	BadRequest                 = "BadRequest"
	InvalidAuthenticationToken = "InvalidAuthenticationToken"
	Forbidden                  = "Forbidden"
	ResourceNotFound           = "ResourceNotFound"
	MethodNotAllowed           = "MethodNotAllowed"
	RequestEntityTooLarge      = "RequestEntityTooLarge"
	UnsupportedMediaType       = "UnsupportedMediaType"
	TooManyRequests            = "TooManyRequests"
	FailedDependency           = "FailedDependency"
	InternalServerError        = "InternalServerError"
	ServiceUnavailable         = "ServiceUnavailable"
	GatewayTimeout             = "GatewayTimeout"
)

// table lists each code with its status; the first code of a status is the
// one Code returns for it.
var table = []struct {
	code   string
	status int
}{
	{BadRequest, http.StatusBadRequest},
	{InvalidAuthenticationToken, http.StatusUnauthorized},
	{Forbidden, http.StatusForbidden},
	{ResourceNotFound, http.StatusNotFound},
	{MethodNotAllowed, http.StatusMethodNotAllowed},
	{RequestEntityTooLarge, http.StatusRequestEntityTooLarge},
	{UnsupportedMediaType, http.StatusUnsupportedMediaType},
	{TooManyRequests, http.StatusTooManyRequests},
	{FailedDependency, http.StatusFailedDependency},
	{InternalServerError, http.StatusInternalServerError},
	{ServiceUnavailable, http.StatusServiceUnavailable},
	{GatewayTimeout, http.StatusGatewayTimeout},
}

// Status is the HTTP status of code, or 500 for a code not in the table.
func Status(code string) int {
	for _, row := range table {
		if row.code == code {
			return row.status
		}
	}
	return http.StatusInternalServerError
}

// Code is the error code for an HTTP status: the table's code for it, else
// BadRequest for other 4xx and InternalServerError for anything else.
func Code(status int) string {
	for _, row := range table {
		if row.status == status {
			return row.code
		}
	}
	if status >= 400 && status < 500 {
		return BadRequest
	}
	return InternalServerError
}

// Retryable reports whether Graph asks clients to retry a request that got
// status: throttling and temporary unavailability.
func Retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}
