// Checks live responses against openapi/openapi.yaml. The generated types only
// describe what the service should send; this middleware makes the contract
// test fail when it sends anything else: an undocumented status, a body for a
// response that has none, or a body that breaks its schema.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { Middleware } from "openapi-fetch";
import { parse } from "yaml";

/** The schema id the spec's components are registered under in Ajv. */
const specId = "openapi.yaml";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** pointer follows a local `#/a/b` reference inside the spec. */
function pointer(spec: JsonObject, ref: string): Json | undefined {
  if (!ref.startsWith("#/")) throw new Error(`only local references are supported, got ${ref}`);
  let node: Json | undefined = spec;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = isObject(node) ? node[key] : undefined;
  }
  return node;
}

/** deref follows `$ref` until the node is not a reference. */
function deref(spec: JsonObject, node: Json | undefined): Json | undefined {
  while (isObject(node) && typeof node["$ref"] === "string") node = pointer(spec, node["$ref"]);
  return node;
}

/** rebase points every local `$ref` in a schema at the spec registered in Ajv. */
function rebase(node: Json): Json {
  if (Array.isArray(node)) return node.map(rebase);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === "$ref" && typeof value === "string" && value.startsWith("#") ? specId + value : rebase(value);
  }
  return out;
}

/** SpecValidator validates responses of the spec's operations. */
export class SpecValidator {
  readonly #spec: JsonObject;
  readonly #ajv: Ajv;
  readonly #compiled = new Map<string, ValidateFunction>();
  /** violations lists every response that broke the spec, for a final assertion. */
  readonly violations: string[] = [];
  /** checked counts the responses validated, so a test can tell the middleware ran. */
  checked = 0;

  /** Loads the spec from the repository. */
  constructor(root: string) {
    const spec: unknown = parse(readFileSync(join(root, "openapi", "openapi.yaml"), "utf8"));
    if (!isObject(spec as Json)) throw new Error("openapi.yaml is not an object");
    this.#spec = spec as JsonObject;
    // OpenAPI 3.0 schemas are a JSON Schema dialect with extra keywords
    // (discriminator, example, x-*): strict mode would refuse them.
    this.#ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(this.#ajv);
    this.#ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.#ajv.addSchema({ components: rebase(this.#spec["components"] ?? {}) }, specId);
  }

  /**
   * problems returns what is wrong with a response of the operation at
   * schemaPath and method, or an empty list when it matches the spec.
   */
  problems(method: string, schemaPath: string, status: number, contentType: string | null, body: string): string[] {
    const operation = this.#operation(method, schemaPath);
    if (!isObject(operation)) return [`${method} ${schemaPath} is not an operation of the spec`];
    if (!isObject(this.#response(operation, status))) return [`status ${status} is not documented for ${operation["operationId"]}`];
    const media = this.#media(method, schemaPath, status);
    if (!isObject(media)) {
      return body === "" ? [] : [`${operation["operationId"]} ${status} documents no body, got ${JSON.stringify(body.slice(0, 200))}`];
    }
    if (!contentType?.toLowerCase().startsWith("application/json")) {
      return [`${operation["operationId"]} ${status}: Content-Type ${JSON.stringify(contentType)}, want application/json`];
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return [`${operation["operationId"]} ${status}: body is not JSON: ${JSON.stringify(body.slice(0, 200))}`];
    }
    const validate = this.#validator(`${method} ${schemaPath} ${status}`, media["schema"] ?? {});
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${operation["operationId"]} ${status}: ${e.instancePath || "/"} ${e.message ?? "is invalid"} ${JSON.stringify(e.params)}`);
  }

  /**
   * errorCode returns the Graph error code that the spec's examples give for
   * a status of the operation at schemaPath and method. The Go tests check
   * those examples against internal/graphcode, the one table of codes.
   */
  errorCode(method: string, schemaPath: string, status: number): string {
    const media = this.#media(method, schemaPath, status);
    const examples = isObject(media) && isObject(media["examples"]) ? Object.values(media["examples"]) : [];
    const codes = new Set<string>();
    for (const example of examples) {
      const value = deref(this.#spec, example);
      const body = isObject(value) ? value["value"] : undefined;
      const error = isObject(body) ? body["error"] : undefined;
      if (isObject(error) && typeof error["code"] === "string") codes.add(error["code"]);
    }
    const [code, ...more] = codes;
    if (code === undefined || more.length > 0) {
      throw new Error(`${method} ${schemaPath} ${status}: want one error code in the examples, got ${JSON.stringify([...codes])}`);
    }
    return code;
  }

  #operation(method: string, schemaPath: string): Json | undefined {
    const escaped = schemaPath.replaceAll("~", "~0").replaceAll("/", "~1");
    return deref(this.#spec, pointer(this.#spec, `#/paths/${escaped}/${method.toLowerCase()}`));
  }

  #response(operation: Json | undefined, status: number): Json | undefined {
    const responses = isObject(operation) ? deref(this.#spec, operation["responses"]) : undefined;
    return isObject(responses) ? deref(this.#spec, responses[String(status)]) : undefined;
  }

  #media(method: string, schemaPath: string, status: number): Json | undefined {
    const response = this.#response(this.#operation(method, schemaPath), status);
    const content = isObject(response) ? response["content"] : undefined;
    return deref(this.#spec, isObject(content) ? content["application/json"] : undefined);
  }

  #validator(key: string, schema: Json): ValidateFunction {
    let validate = this.#compiled.get(key);
    if (!validate) {
      validate = this.#ajv.compile(rebase(schema) as object);
      this.#compiled.set(key, validate);
    }
    return validate;
  }

  /**
   * middleware validates every response the client receives and records the
   * problems in violations; it also throws, so the failing call names them.
   */
  middleware(): Middleware {
    return {
      onResponse: async ({ request, response, schemaPath }) => {
        const body = await response.clone().text();
        const problems = this.problems(request.method, schemaPath, response.status, response.headers.get("Content-Type"), body);
        this.checked++;
        if (problems.length > 0) {
          const report = `${request.method} ${request.url} -> ${response.status} breaks openapi.yaml:\n  ${problems.join("\n  ")}`;
          this.violations.push(report);
          throw new Error(report);
        }
        return undefined;
      },
    };
  }
}
