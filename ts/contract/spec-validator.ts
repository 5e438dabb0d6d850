// Checks live responses against openapi/openapi.yaml. The generated types only
// describe what the service should send; this middleware makes the contract
// test fail when it sends anything else: an undocumented status, a body for a
// response that has none, a media type the response does not document, or a
// body that breaks its schema.
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
   * schemaPath and method, or an empty list when it matches the spec. A JSON
   * body is parsed as JSON; a text/plain body whose schema is a number (the
   * `$count`) is read as a decimal number, as Graph writes it.
   */
  problems(method: string, schemaPath: string, status: number, contentType: string | null, body: string): string[] {
    const operation = this.#operation(method, schemaPath);
    if (!isObject(operation)) return [`${method} ${schemaPath} is not an operation of the spec`];
    if (!isObject(this.#response(operation, status))) return [`status ${status} is not documented for ${operation["operationId"]}`];
    const content = this.#content(method, schemaPath, status);
    const types = Object.keys(content);
    const [documented] = types;
    if (documented === undefined) {
      return body === "" ? [] : [`${operation["operationId"]} ${status} documents no body, got ${JSON.stringify(body.slice(0, 200))}`];
    }
    const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
    const media = content[type];
    if (!isObject(media)) {
      return [`${operation["operationId"]} ${status}: Content-Type ${JSON.stringify(contentType)}, want ${types.join(" or ")}`];
    }
    const schema = deref(this.#spec, media["schema"]) ?? {};
    let value: unknown;
    if (type === "application/json") {
      try {
        value = JSON.parse(body);
      } catch {
        return [`${operation["operationId"]} ${status}: body is not JSON: ${JSON.stringify(body.slice(0, 200))}`];
      }
    } else if (isObject(schema) && (schema["type"] === "integer" || schema["type"] === "number")) {
      const text = body.startsWith("\uFEFF") ? body.slice(1) : body;
      if (!/^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(text)) {
        return [`${operation["operationId"]} ${status}: body is not a number: ${JSON.stringify(body.slice(0, 200))}`];
      }
      value = Number(text);
    } else {
      value = body;
    }
    const validate = this.#validator(`${method} ${schemaPath} ${status} ${type}`, media["schema"] ?? {});
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

  /** #content is the documented media types of a response, by lower-cased name; empty for a response without a body. */
  #content(method: string, schemaPath: string, status: number): JsonObject {
    const response = this.#response(this.#operation(method, schemaPath), status);
    const content = isObject(response) ? response["content"] : undefined;
    const out: JsonObject = {};
    if (isObject(content)) {
      for (const [type, media] of Object.entries(content)) {
        const resolved = deref(this.#spec, media);
        if (resolved !== undefined) out[type.toLowerCase()] = resolved;
      }
    }
    return out;
  }

  #media(method: string, schemaPath: string, status: number): Json | undefined {
    return this.#content(method, schemaPath, status)["application/json"];
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
