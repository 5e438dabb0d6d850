// Package gen holds the bindings generated from openapi/openapi.yaml: in Go,
// the models, the strict echo server interface and the client;
// in ts/, the TypeScript types (openapi-typescript) that openapi-fetch is typed with;
// docs.gen.html, the API reference page that the emulator serves at /docs;
// and vectors.gen.json, the contract suite's server cases as data, for the
// contract runs of other languages.
// Do not edit the *.gen.* files; change the spec and run `make generate`.
package gen

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config types.cfg.yaml ../openapi/openapi.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config server.cfg.yaml ../openapi/openapi.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config client.cfg.yaml ../openapi/openapi.yaml

// openapi-typescript is pinned in package-lock.json; `make generate` installs it first.
//go:generate ../node_modules/.bin/openapi-typescript ../openapi/openapi.yaml --output ts/schema.gen.ts

// Redocly is pinned in package-lock.json too. --inlineBundle puts Redoc's script in
// the page instead of loading it from Redocly's CDN: the page needs no network.
//go:generate ../node_modules/.bin/redocly build-docs ../openapi/openapi.yaml --config=../redocly.yaml --template=docs.hbs --inlineBundle --output=docs.gen.html

// The contract suite's server cases, read from the spec by package contract.
//go:generate go run ../contract/vectorsgen -o vectors.gen.json
