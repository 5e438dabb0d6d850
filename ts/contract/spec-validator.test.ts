// The response validator of the contract test must accept every response
// example of the spec and reject bodies that break it; otherwise a contract
// run that passes would prove nothing about the emulator's response shape.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assignmentPath, assignmentsPath, countPath } from "../client.js";
import { repoRoot } from "./emulator.js";
import { loadSpec } from "./spec.js";
import { SpecValidator } from "./spec-validator.js";

// Two loads: the test lists the responses from a copy of the spec of its own,
// by a walk of its own, so that it and the validator cannot share a mistake
// in finding them.
const validator = new SpecValidator(await loadSpec(repoRoot()));
const spec = (await loadSpec(repoRoot())) as unknown as {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, SpecResponse> }>>;
};
const json = "application/json";

interface Documented {
  method: string;
  path: string;
  operationId: string;
  status: number;
  /** The media type of the example; undefined for a response without a body. */
  type: string | undefined;
  example: string | undefined;
  value: unknown;
}

/** A response of the spec as loadSpec gives it, every `$ref` resolved. */
interface SpecResponse {
  content?: Record<string, { examples?: Record<string, { value: unknown }> }>;
}

/** documented lists every documented response with each of its examples (or none). */
function documented(): Documented[] {
  const out: Documented[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (typeof op !== "object" || op === null || !op.responses) continue;
      for (const [status, response] of Object.entries(op.responses)) {
        const base = { method: method.toUpperCase(), path, operationId: op.operationId ?? "", status: Number(status) };
        const content = Object.entries(response.content ?? {});
        if (content.length === 0) out.push({ ...base, type: undefined, example: undefined, value: undefined });
        for (const [type, media] of content) {
          for (const [name, example] of Object.entries(media.examples ?? {})) {
            out.push({ ...base, type, example: name, value: example.value });
          }
        }
      }
    }
  }
  return out;
}

const responses = documented();

describe("SpecValidator accepts what the spec documents", () => {
  test("the spec has responses to check", () => {
    assert.ok(responses.length > 40, `only ${responses.length} documented responses found`);
  });
  for (const r of responses) {
    test(`${r.operationId} ${r.status} ${r.example ?? "(no body)"}`, () => {
      const body = r.value === undefined ? "" : r.type === json ? JSON.stringify(r.value) : String(r.value);
      assert.deepEqual(validator.problems(r.method, r.path, r.status, r.type ?? null, body), []);
    });
  }
});

describe("SpecValidator rejects what breaks the spec", () => {
  const seed = responses.find((r) => r.operationId === "createAssignment" && r.status === 201 && r.example === "group");
  assert.ok(seed, "createAssignment has no 201 example named group");
  const good = seed.value as Record<string, unknown> & { target: Record<string, unknown> };
  const error = { error: { code: "ResourceNotFound", message: "not found" } };

  const cases: { name: string; status: number; contentType: string | null; body: unknown }[] = [
    // target may be absent ($select can leave it out), but not null.
    { name: "null target", status: 201, contentType: json, body: { ...good, target: null } },
    { name: "unknown property", status: 201, contentType: json, body: { ...good, displayName: "x" } },
    { name: "renamed property", status: 201, contentType: json, body: { ...good, target: undefined, assignmentTarget: good.target } },
    { name: "unknown target type", status: 201, contentType: json, body: { ...good, target: { ...good.target, "@odata.type": "#microsoft.graph.userAssignmentTarget" } } },
    { name: "group target without groupId", status: 201, contentType: json, body: { ...good, target: { ...good.target, groupId: undefined } } },
    { name: "group target with collectionId", status: 201, contentType: json, body: { ...good, target: { ...good.target, collectionId: "c" } } },
    { name: "source out of enum", status: 201, contentType: json, body: { ...good, source: "inherited" } },
    { name: "undocumented status", status: 200, contentType: json, body: good },
    { name: "not JSON", status: 201, contentType: json, body: "<html>" },
    { name: "wrong content type", status: 201, contentType: "text/plain", body: good },
    { name: "error without message", status: 404, contentType: json, body: { error: { code: "ResourceNotFound" } } },
    { name: "error not wrapped", status: 404, contentType: json, body: error.error },
    { name: "echo's default error body", status: 404, contentType: json, body: { message: "Not Found" } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const body = typeof c.body === "string" ? c.body : JSON.stringify(c.body);
      assert.notDeepEqual(validator.problems("POST", assignmentsPath, c.status, c.contentType, body), []);
    });
  }

  describe("the OpenAPI 3.0 keywords", () => {
    // Each case must fail for its own reason: the problems name it.
    const group = good.target;
    const cases: { name: string; body: unknown; want: RegExp }[] = [
      // additionalProperties: false, on the assignment and on each target variant.
      { name: "unknown property in the target", body: { ...good, target: { ...group, color: "blue" } }, want: /\/target must NOT have additional properties {"additionalProperty":"color"}/ },
      // The discriminator: each variant takes only its own `@odata.type`.
      { name: "another variant's @odata.type", body: { ...good, target: { ...group, "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" } }, want: /\/target must NOT have additional properties {"additionalProperty":"groupId"}/ },
      { name: "@odata.type without its namespace", body: { ...good, target: { ...group, "@odata.type": "groupAssignmentTarget" } }, want: /\/target\/@odata.type must be equal to one of the allowed values/ },
      { name: "target without @odata.type", body: { ...good, target: { ...group, "@odata.type": undefined } }, want: /\/target must have required property '@odata.type'/ },
      { name: "assignment's @odata.type of another entity", body: { ...good, "@odata.type": "#microsoft.graph.deviceEnrollmentConfiguration" }, want: /\/@odata.type must be equal to one of the allowed values/ },
      // null only where the schema says nullable.
      { name: "null groupId", body: { ...good, target: { ...group, groupId: null } }, want: /\/target\/groupId must be string/ },
      { name: "null source", body: { ...good, source: null }, want: /\/source must be string/ },
      { name: "null id", body: { ...good, id: null }, want: /\/id must be string/ },
      { name: "null @odata.type of the target", body: { ...good, target: { ...group, "@odata.type": null } }, want: /\/target\/@odata.type must be string/ },
    ];
    for (const c of cases) {
      test(`rejects ${c.name}`, () => {
        const problems = validator.problems("POST", assignmentsPath, 201, json, JSON.stringify(c.body));
        assert.match(problems.join("\n"), c.want);
      });
    }

    test("accepts null where the schema says nullable", () => {
      const body = { ...good, "@odata.etag": null, sourceId: null, target: { ...group, deviceAndAppManagementAssignmentFilterId: null } };
      assert.deepEqual(validator.problems("POST", assignmentsPath, 201, json, JSON.stringify(body)), []);
    });

    test("rejects an unknown property in an item of a page", () => {
      const page = { value: [good, { ...good, displayName: "x" }] };
      const problems = validator.problems("GET", assignmentsPath, 200, json, JSON.stringify(page));
      assert.match(problems.join("\n"), /\/value\/1 must NOT have additional properties {"additionalProperty":"displayName"}/);
    });
  });

  describe("the plain-text $count", () => {
    test("is documented with an example", () => {
      assert.ok(responses.some((r) => r.operationId === "countAssignments" && r.status === 200 && r.type === "text/plain" && r.example !== undefined));
    });
    for (const [body, type] of [
      ["2", "text/plain; charset=utf-8"],
      ["0", "text/plain"],
      ["\uFEFF12", "text/plain"],
    ] as const) {
      test(`accepts ${JSON.stringify(body)} as ${type}`, () => {
        assert.deepEqual(validator.problems("GET", countPath, 200, type, body), []);
      });
    }
    for (const [body, type] of [
      ["-1", "text/plain"],
      ["2.5", "text/plain"],
      ["2.0", "text/plain"],
      ["1e3", "text/plain"],
      ["two", "text/plain"],
      ["", "text/plain"],
      ["2", json],
      ["2", null],
    ] as const) {
      test(`rejects ${JSON.stringify(body)} as ${type}`, () => {
        assert.notDeepEqual(validator.problems("GET", countPath, 200, type, body), []);
      });
    }
  });

  test("a body on a 204", () => {
    assert.deepEqual(validator.problems("DELETE", assignmentPath, 204, null, ""), []);
    assert.notDeepEqual(validator.problems("DELETE", assignmentPath, 204, json, "{}"), []);
  });

  test("an operation the spec does not have", () => {
    assert.notDeepEqual(validator.problems("PUT", assignmentsPath, 200, json, "{}"), []);
  });
});

describe("SpecValidator.errorCode", () => {
  for (const r of responses.filter((r) => r.status >= 400)) {
    test(`${r.operationId} ${r.status} is the code of its example`, () => {
      const want = (r.value as { error: { code: string } }).error.code;
      assert.equal(validator.errorCode(r.method, r.path, r.status), want);
    });
  }
  test("an undocumented status has no code", () => {
    assert.throws(() => validator.errorCode("POST", assignmentsPath, 418), /want one error code/);
  });
});
