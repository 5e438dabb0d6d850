// Reads openapi.yaml and lists its operations with their named request
// examples and the queries their parameters' examples make, for the Node
// checks of the spec (Prism, openapi-typescript). The spec is loaded with
// every $ref replaced by what it points at, by Redocly's bundler, as
// ts/contract/spec.ts loads it for the TypeScript tests.
import { fileURLToPath } from "node:url";
import { bundle, createConfig } from "@redocly/openapi-core";

export const specPath = fileURLToPath(new URL("./openapi.yaml", import.meta.url));

const { bundle: document, problems } = await bundle({ ref: specPath, config: await createConfig({}), dereference: true });
if (problems.length > 0) throw new Error(`openapi.yaml: ${problems.map((p) => p.message).join("; ")}`);
/** The spec, dereferenced. */
export const spec = document.parsed;

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every operation, with its path filled from the parameters' examples. */
export function operations() {
  const ops = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      let examplePath = path;
      for (const p of params.filter((p) => p.in === "path")) {
        examplePath = examplePath.replace(`{${p.name}}`, encodeURIComponent(p.example));
      }
      const body = op.requestBody;
      const examples = body
        ? Object.entries(body.content["application/json"].examples ?? {}).map(([name, ex]) => ({ name, value: ex.value }))
        : [];
      // The queries the query parameters' examples make, one per example
      // name: the parameters that share a name make one query together.
      const queries = {};
      for (const p of params.filter((p) => p.in === "query")) {
        for (const [name, ex] of Object.entries(p.examples ?? {})) {
          (queries[name] ??= new URLSearchParams()).set(p.name, String(ex.value));
        }
      }
      ops.push({
        method,
        path,
        examplePath,
        operationId: op.operationId,
        hasBody: !!body,
        examples,
        queries: Object.entries(queries).map(([name, q]) => ({ name, query: q.toString() })),
      });
    }
  }
  return ops;
}
