package main

import (
	"net/http"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// workload is one kind of request, sent alike to both servers.
type workload struct {
	name   string
	method string
	body   []byte // nil for none
	want   int    // the status every answer should have
}

// createWorkload creates an assignment with body, the Create page's
// request.
func createWorkload(body []byte) workload {
	return workload{name: "create", method: http.MethodPost, body: body, want: http.StatusCreated}
}

// listWorkload lists the configuration's first page, at the default size.
func listWorkload() workload {
	return workload{name: "list", method: http.MethodGet, want: http.StatusOK}
}

// target is the workload's request to the server g calls.
func (w workload) target(g graph) vegeta.Target {
	return vegeta.Target{Method: w.method, URL: g.url, Body: w.body, Header: g.header(w.body != nil)}
}
