// Reads openapi.yaml and lists its operations with their named request
// examples and the queries their parameters' examples make, for the Node
// checks of the spec (Prism, openapi-typescript).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const specPath = fileURLToPath(new URL("./openapi.yaml", import.meta.url));
export const spec = parse(readFileSync(specPath, "utf8"));

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function resolve(node) {
  while (node && node.$ref) {
    const parts = node.$ref.replace(/^#\//, "").split("/");
    node = parts.reduce((n, key) => n[key.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
  }
  return node;
}

/** Every operation, with its path filled from the parameters' examples. */
export function operations() {
  const ops = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
      let examplePath = path;
      for (const p of params.filter((p) => p.in === "path")) {
        examplePath = examplePath.replace(`{${p.name}}`, encodeURIComponent(p.example));
      }
      const body = resolve(op.requestBody);
      const examples = body
        ? Object.entries(body.content["application/json"].examples ?? {}).map(([name, ex]) => ({
            name,
            value: resolve(ex).value,
          }))
        : [];
      // The queries the query parameters' examples make, one per example
      // name: the parameters that share a name make one query together.
      const queries = {};
      for (const p of params.filter((p) => p.in === "query")) {
        for (const [name, ex] of Object.entries(p.examples ?? {})) {
          (queries[name] ??= new URLSearchParams()).set(p.name, String(resolve(ex).value));
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
