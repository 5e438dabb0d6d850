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

// The facts below are read from the spec, so that the tests state none of
// them a second time. Each throws when the spec does not state it.

/** operation is the spec's operation with that operationId. */
function operation(spec: JsonObject, operationId: string): JsonObject {
  for (const item of Object.values(isObject(spec["paths"]) ? spec["paths"] : {})) {
    for (const op of Object.values(isObject(item) ? item : {})) {
      if (isObject(op) && op["operationId"] === operationId) return op;
    }
  }
  throw new Error(`openapi.yaml has no operation ${operationId}`);
}

/** scopes are the alternative sets of scopes that grant the operation: its own security requirements, else the document's. */
function scopes(spec: JsonObject, operationId: string): string[][] {
  const security = operation(spec, operationId)["security"] ?? spec["security"];
  return (Array.isArray(security) ? security : [])
    .filter(isObject)
    .map((requirement) => Object.values(requirement).flatMap((s) => (Array.isArray(s) ? s.filter((x) => typeof x === "string") : [])));
}

/** writeScope is the permission the writes require: the one scope of createAssignment's security requirement. */
export function writeScope(spec: JsonObject): string {
  const required = scopes(spec, "createAssignment");
  const [only] = required;
  if (required.length !== 1 || only?.length !== 1) throw new Error(`createAssignment requires ${JSON.stringify(required)}, not one scope`);
  return only[0]!;
}

/** readScope is the permission that grants reads only: the scope of listAssignments' requirements that is not writeScope. */
export function readScope(spec: JsonObject): string {
  const write = writeScope(spec);
  const read = scopes(spec, "listAssignments").flat().find((scope) => scope !== write);
  if (read === undefined) throw new Error("listAssignments has no read-only scope");
  return read;
}

/** component is the spec's `components.<kind>.<name>`. */
function component(spec: JsonObject, kind: string, name: string): JsonObject {
  const components = spec["components"];
  const ofKind = isObject(components) ? components[kind] : undefined;
  const found = isObject(ofKind) ? ofKind[name] : undefined;
  if (!isObject(found)) throw new Error(`openapi.yaml has no components.${kind}.${name}`);
  return found;
}

/**
 * assignmentType is the canonical `@odata.type` of an assignment, the one of
 * the enrollmentConfigurationAssignment schema's two with the leading `#`:
 * the service answers it whatever form the request used, and when it sent none.
 */
export function assignmentType(spec: JsonObject): string {
  const properties = component(spec, "schemas", "enrollmentConfigurationAssignment")["properties"];
  const property = isObject(properties) ? properties["@odata.type"] : undefined;
  const values = isObject(property) && Array.isArray(property["enum"]) ? property["enum"] : [];
  const hashed = values.filter((v) => typeof v === "string" && v.startsWith("#"));
  if (hashed.length !== 1) throw new Error(`enrollmentConfigurationAssignment's @odata.type has ${hashed.length} values with a leading #, not one`);
  return hashed[0] as string;
}

/** maxTop is the largest `$top` the spec allows: the maximum of the top parameter. */
export function maxTop(spec: JsonObject): number {
  const schema = component(spec, "parameters", "top")["schema"];
  const maximum = isObject(schema) ? schema["maximum"] : undefined;
  if (typeof maximum !== "number") throw new Error("the spec's top parameter has no maximum");
  return maximum;
}

/** exampleConfigurationId is the configuration the spec's examples are written for: the example of deviceEnrollmentConfigurationId. */
export function exampleConfigurationId(spec: JsonObject): string {
  const example = component(spec, "parameters", "deviceEnrollmentConfigurationId")["example"];
  if (typeof example !== "string") throw new Error("the spec's deviceEnrollmentConfigurationId parameter has no example");
  return example;
}
