// Checks live responses against openapi/openapi.yaml. The generated types only
// describe what the service should send; this middleware makes the contract
// test fail when it sends anything else: an undocumented status, a body for a
// response that has none, a media type the response does not document, or a
// body that breaks its schema.
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { Middleware } from "openapi-fetch";
import { isObject, type Json, type JsonObject } from "./spec.js";

/** SpecValidator validates responses of the spec's operations. */
export class SpecValidator {
  readonly #spec: JsonObject;
  readonly #ajv: Ajv;
  /** violations lists every response that broke the spec, for a final assertion. */
  readonly violations: string[] = [];
  /** checked counts the responses validated, so a test can tell the middleware ran. */
  checked = 0;

  /** Takes the spec as loadSpec returns it, every `$ref` resolved. */
  constructor(spec: JsonObject) {
    this.#spec = spec;
    // OpenAPI 3.0 schemas are a JSON Schema dialect with extra keywords
    // (discriminator, example, x-*): strict mode would refuse them. Ajv knows
    // `nullable`; the `oneOf` of the target does without `discriminator`, as
    // each variant's `@odata.type` is an enum of its own names.
    this.#ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(this.#ajv);
    this.#ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  }

  /**
   * problems returns what is wrong with a response of the operation at
   * schemaPath and method, or an empty list when it matches the spec. A JSON
   * body is parsed as JSON; a text/plain body whose schema is a number (the
   * `$count`) is read as a decimal number, as Graph writes it: digits alone
   * when the schema is an integer.
   */
  problems(method: string, schemaPath: string, status: number, contentType: string | null, body: string): string[] {
    const operation = this.#operation(method, schemaPath);
    if (!isObject(operation)) return [`${method} ${schemaPath} is not an operation of the spec`];
    const id = operation["operationId"];
    const response = isObject(operation["responses"]) ? operation["responses"][String(status)] : undefined;
    if (!isObject(response)) return [`status ${status} is not documented for ${id}`];
    const content = this.#content(response);
    const types = Object.keys(content);
    if (types.length === 0) {
      return body === "" ? [] : [`${id} ${status} documents no body, got ${JSON.stringify(body.slice(0, 200))}`];
    }
    const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
    const media = content[type];
    if (!media) return [`${id} ${status}: Content-Type ${JSON.stringify(contentType)}, want ${types.join(" or ")}`];
    const schema = isObject(media["schema"]) ? media["schema"] : {};
    let value: unknown;
    if (type === "application/json") {
      try {
        value = JSON.parse(body);
      } catch {
        return [`${id} ${status}: body is not JSON: ${JSON.stringify(body.slice(0, 200))}`];
      }
    } else if (schema["type"] === "integer" || schema["type"] === "number") {
      const text = body.startsWith("\uFEFF") ? body.slice(1) : body;
      const pattern = schema["type"] === "integer" ? /^-?[0-9]+$/ : /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;
      if (!pattern.test(text)) return [`${id} ${status}: body is not ${schema["type"] === "integer" ? "an integer" : "a number"}: ${JSON.stringify(body.slice(0, 200))}`];
      value = Number(text);
    } else {
      value = body;
    }
    // Ajv keeps what it compiled by schema object: each schema compiles once.
    const validate = this.#ajv.compile(schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${id} ${status}: ${e.instancePath || "/"} ${e.message ?? "is invalid"} ${JSON.stringify(e.params)}`);
  }

  /**
   * errorCode returns the Graph error code that the spec's examples give for
   * a status of the operation at schemaPath and method. The Go tests check
   * those examples against internal/graphcode, the one table of codes.
   */
  errorCode(method: string, schemaPath: string, status: number): string {
    const operation = this.#operation(method, schemaPath);
    const response = isObject(operation) && isObject(operation["responses"]) ? operation["responses"][String(status)] : undefined;
    const examples = isObject(response) ? this.#content(response)["application/json"]?.["examples"] : undefined;
    const codes = new Set<string>();
    for (const example of isObject(examples) ? Object.values(examples) : []) {
      const body = isObject(example) ? example["value"] : undefined;
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
    const paths = this.#spec["paths"];
    const item = isObject(paths) ? paths[schemaPath] : undefined;
    return isObject(item) ? item[method.toLowerCase()] : undefined;
  }

  /** #content is the documented media types of a response, by lower-cased name; empty for a response without a body. */
  #content(response: JsonObject): Partial<Record<string, JsonObject>> {
    const content = response["content"];
    const out: Partial<Record<string, JsonObject>> = {};
    for (const [type, media] of Object.entries(isObject(content) ? content : {})) {
      if (isObject(media)) out[type.toLowerCase()] = media;
    }
    return out;
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
