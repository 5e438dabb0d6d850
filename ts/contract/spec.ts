// Loads openapi/openapi.yaml for the TypeScript tests with every `$ref`
// replaced by what it points at, by Redocly's bundler (@redocly/openapi-core,
// which openapi-typescript reads the spec with too). openapi/examples.mjs loads
// it the same way for the Node checks of the spec.
import { join } from "node:path";
import { bundle, createConfig } from "@redocly/openapi-core";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** loadSpec returns the repository's openapi.yaml, dereferenced; it throws on a `$ref` that resolves to nothing. */
export async function loadSpec(root: string): Promise<JsonObject> {
  const { bundle: document, problems } = await bundle({ ref: join(root, "openapi", "openapi.yaml"), config: await createConfig({}), dereference: true });
  if (problems.length > 0) throw new Error(`openapi.yaml: ${problems.map((p) => p.message).join("; ")}`);
  const spec = document.parsed as Json;
  if (!isObject(spec)) throw new Error("openapi.yaml is not an object");
  return spec;
}
