// The spec's success examples as test cases, sent with the typed client to the
// Go emulator: every request example, and every response example of the
// operations that take no body, each on a configuration holding what the case
// stored first. A response must equal its example under the rule of
// compare.ts (what the service makes up, and its canonical forms); a response
// example with `x-collection` is the answer to the query made of the
// parameters' examples that share its name, once those assignments are stored
// in order. Every response also passes through SpecValidator.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  assignmentPath,
  assignmentsPath,
  assignPath,
  assignQualifiedPath,
  countPath,
  createAssignmentsClient,
  parseCount,
  type Assignment,
  type NewAssignment,
  type AssignmentsClient,
  type AssignmentUpdate,
  type AssignRequest,
  type CountQuery,
  type GetQuery,
  type ListQuery,
} from "../client.js";
import { batchPath, type BatchRequestContent } from "../batch.js";
import { conform, type Generated } from "./compare.js";
import { repoRoot, startEmulator, type Emulator } from "./emulator.js";
import { assignmentType, isObject, loadSpec, maxTop, writeScope, type Json, type JsonObject } from "./spec.js";
import { SpecValidator } from "./spec-validator.js";

/** The spec, every `$ref` resolved; the validator checks the responses against it. */
const spec = await loadSpec(repoRoot());
const validator = new SpecValidator(spec);
/** The id of the assignment a page example with a next link gets after its own, so that a next page exists. */
const extraItemId = "ffffffff-0000-4000-8000-00000000e0f1";

// ---- The cases, read from the spec (not through the validator). ----

/** Example is one named example of a media type, with its `x-collection` when it has one. */
interface Example {
  readonly name: string;
  readonly value: Json;
  readonly collection: readonly JsonObject[] | undefined;
}

function examplesOf(media: Json | undefined): Example[] {
  const examples = isObject(media) ? media["examples"] : undefined;
  if (!isObject(examples)) return [];
  return Object.entries(examples).map(([name, example]) => {
    assert.ok(isObject(example), `example ${name} is not an object`);
    const collection = example["x-collection"];
    return {
      name,
      value: example["value"] ?? null,
      collection: Array.isArray(collection) ? collection.filter(isObject) : undefined,
    };
  });
}

/** Operation is what a case needs of one operation of the spec. */
interface Operation {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  /** The query parameters, each with its examples by name. */
  readonly query: ReadonlyMap<string, ReadonlyMap<string, Json>>;
  /** The path parameters' examples by name. */
  readonly pathExamples: ReadonlyMap<string, string>;
  readonly requests: readonly Example[];
  readonly hasBody: boolean;
  readonly success: number;
  /** The success response's media type and examples; type undefined for a response without a body. */
  readonly response: { readonly type: string | undefined; readonly examples: readonly Example[] };
}

function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(spec["paths"] as JsonObject)) {
    if (!isObject(item)) continue;
    for (const method of ["get", "post", "patch", "delete", "put"]) {
      const op = item[method];
      if (!isObject(op)) continue;
      const query = new Map<string, Map<string, Json>>();
      const pathExamples = new Map<string, string>();
      const params = [...((item["parameters"] as Json[] | undefined) ?? []), ...((op["parameters"] as Json[] | undefined) ?? [])];
      for (const p of params) {
        if (!isObject(p) || typeof p["name"] !== "string") continue;
        if (p["in"] === "path" && typeof p["example"] === "string") pathExamples.set(p["name"], p["example"]);
        if (p["in"] !== "query") continue;
        const examples = new Map<string, Json>();
        for (const ex of examplesOf(p)) examples.set(ex.name, ex.value);
        query.set(p["name"], examples);
      }
      const body = op["requestBody"];
      const bodyContent = isObject(body) ? body["content"] : undefined;
      const responses = op["responses"] as JsonObject;
      const success = Math.min(...Object.keys(responses).filter((s) => s.startsWith("2")).map(Number));
      const response = responses[String(success)];
      const content = isObject(response) && isObject(response["content"]) ? response["content"] : {};
      const [type, media] = Object.entries(content)[0] ?? [undefined, undefined];
      out.push({
        id: String(op["operationId"]),
        method: method.toUpperCase(),
        path,
        query,
        pathExamples,
        requests: isObject(bodyContent) ? examplesOf(bodyContent["application/json"]) : [],
        hasBody: isObject(bodyContent),
        success,
        response: { type, examples: examplesOf(media) },
      });
    }
  }
  return out;
}

const configParam = "deviceEnrollmentConfigurationId";
const itemParam = "enrollmentConfigurationAssignmentId";

// ---- The run. ----

let emulator: Emulator | undefined;
let client: AssignmentsClient;

before(
  async () => {
    emulator = await startEmulator();
    client = createAssignmentsClient({
      baseUrl: emulator.baseUrl,
      token: await emulator.token([writeScope(spec)]),
      middleware: [validator.middleware()],
    });
  },
  { timeout: 600_000 }, // a cold `go build` of the emulator
);

after(async () => {
  await emulator?.stop();
});

/** Input is one request of a case. */
interface Input {
  readonly configurationId: string;
  readonly itemId: string;
  readonly body: Json | undefined;
  readonly query: Record<string, Json>;
}

/** Sent is what a call returned: the parsed body (a string for text/plain) and the response. */
interface Sent {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}

// The typed call of each operationId of the spec. The examples are JSON the
// spec validated; the casts hand them to the types they were written for.
const send: Record<string, (input: Input) => Promise<Sent>> = {
  listAssignments: ({ configurationId, query }) =>
    client.GET(assignmentsPath, { params: { path: { deviceEnrollmentConfigurationId: configurationId }, query: query as ListQuery } }),
  countAssignments: ({ configurationId, query }) =>
    client.GET(countPath, {
      params: { path: { deviceEnrollmentConfigurationId: configurationId }, query: query as CountQuery },
      headers: { Accept: "text/plain, application/json" },
      parseAs: "text",
    }),
  createAssignment: ({ configurationId, body }) =>
    client.POST(assignmentsPath, { params: { path: { deviceEnrollmentConfigurationId: configurationId } }, body: body as NewAssignment }),
  getAssignment: ({ configurationId, itemId, query }) =>
    client.GET(assignmentPath, {
      params: { path: { deviceEnrollmentConfigurationId: configurationId, enrollmentConfigurationAssignmentId: itemId }, query: query as GetQuery },
    }),
  updateAssignment: ({ configurationId, itemId, body }) =>
    client.PATCH(assignmentPath, {
      params: { path: { deviceEnrollmentConfigurationId: configurationId, enrollmentConfigurationAssignmentId: itemId } },
      body: body as AssignmentUpdate,
    }),
  deleteAssignment: ({ configurationId, itemId }) =>
    client.DELETE(assignmentPath, { params: { path: { deviceEnrollmentConfigurationId: configurationId, enrollmentConfigurationAssignmentId: itemId } } }),
  assign: ({ configurationId, body }) =>
    client.POST(assignPath, { params: { path: { deviceEnrollmentConfigurationId: configurationId } }, body: body as AssignRequest }),
  assignQualified: ({ configurationId, body }) =>
    client.POST(assignQualifiedPath, { params: { path: { deviceEnrollmentConfigurationId: configurationId } }, body: body as AssignRequest }),
  batch: ({ body }) => client.POST(batchPath, { body: body as BatchRequestContent }),
};

/** reset leaves the configuration without assignments. */
async function reset(configurationId: string): Promise<void> {
  const { response, error } = await client.POST(assignPath, {
    params: { path: { deviceEnrollmentConfigurationId: configurationId } },
    body: { enrollmentConfigurationAssignments: [] },
  });
  assert.equal(response.status, 204, JSON.stringify(error));
}

/** store creates the assignments in order, each with the id it has. */
async function store(configurationId: string, items: readonly JsonObject[]): Promise<void> {
  for (const item of items) {
    const { response, error } = await client.POST(assignmentsPath, {
      params: { path: { deviceEnrollmentConfigurationId: configurationId } },
      body: item as NewAssignment,
    });
    assert.equal(response.status, 201, `store ${JSON.stringify(item)}: ${JSON.stringify(error)}`);
  }
}

/** listAll reads every assignment of the configuration, in one page. */
async function listAll(configurationId: string): Promise<Assignment[]> {
  const { data, error } = await client.GET(assignmentsPath, {
    params: { path: { deviceEnrollmentConfigurationId: configurationId }, query: { $top: maxTop(spec) } },
  });
  assert.ok(data, JSON.stringify(error));
  assert.equal(data["@odata.nextLink"], undefined, "one page holds them all");
  return data.value;
}

/** pairedQuery is the query made of the examples of op's query parameters named name. */
function pairedQuery(op: Operation, name: string): Record<string, Json> {
  const query: Record<string, Json> = {};
  for (const [param, examples] of op.query) {
    const value = examples.get(name);
    if (value !== undefined) query[param] = value;
  }
  return query;
}

/** expectExample compares a JSON response with its example under the rule. */
function expectExample(example: Json, got: unknown, generated: Generated): void {
  const { value, problems } = conform(example, got, generated);
  assert.deepEqual(problems, []);
  assert.deepEqual(value, example);
}

const ops = operations();

test("every operation of the spec has a typed call", () => {
  assert.deepEqual(ops.map((op) => op.id).filter((id) => !(id in send)), []);
  assert.deepEqual(Object.keys(send).filter((id) => !ops.some((op) => op.id === id)), []);
});

for (const op of ops) {
  // The batch carries other operations' requests: batch-examples.test.ts
  // runs its examples, answer by answer.
  if (op.id === "batch") continue;
  const configurationId = op.pathExamples.get(configParam);
  assert.ok(configurationId, `${op.id} has no example of ${configParam}`);
  const pathItemId = op.pathExamples.get(itemParam) ?? "";
  const generated = (id: boolean): Generated => ({ id, root: emulator!.baseUrl, configurationId, exampleConfigurationId: configurationId });
  const responses = new Map(op.response.examples.map((ex) => [ex.name, ex]));

  describe(op.id, { timeout: 60_000 }, () => {
    if (op.hasBody) {
      // Each request example, with the response example of the same name.
      for (const req of op.requests) {
        test(`request ${req.name}`, async () => {
          await reset(configurationId);
          if (pathItemId !== "") await store(configurationId, [{ id: pathItemId, target: { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" } }]);
          const sent = await send[op.id]!({ configurationId, itemId: pathItemId, body: req.value, query: {} });
          assert.equal(sent.response.status, op.success, JSON.stringify(sent.error));
          const body = isObject(req.value) ? req.value : {};
          if (op.response.type !== undefined) {
            const rsp = responses.get(req.name);
            assert.ok(rsp, `no ${op.success} response example is named ${req.name} like the request example`);
            expectExample(rsp.value, sent.data, generated(pathItemId === "" && !("id" in body)));
            return;
          }
          // No response body (assign): the configuration now holds exactly the
          // request's assignments, in order, as the service stores them.
          const items = Array.isArray(body["enrollmentConfigurationAssignments"]) ? body["enrollmentConfigurationAssignments"].filter(isObject) : [];
          const list = await listAll(configurationId);
          assert.equal(list.length, items.length);
          items.forEach((item, i) => {
            const want = { "@odata.type": assignmentType(spec), ...item };
            expectExample(want, list[i], generated(!("id" in item)));
          });
        });
      }
      return;
    }
    if (op.response.type === undefined) {
      // Neither body: a delete. The assignment is gone afterwards.
      test(`${op.success} and gone`, async () => {
        await reset(configurationId);
        await store(configurationId, [{ id: pathItemId, target: { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" } }]);
        const sent = await send[op.id]!({ configurationId, itemId: pathItemId, body: undefined, query: {} });
        assert.equal(sent.response.status, op.success, JSON.stringify(sent.error));
        const read = await send["getAssignment"]!({ configurationId, itemId: pathItemId, body: undefined, query: {} });
        assert.equal(read.response.status, 404);
      });
      return;
    }
    // A read: each response example, on a configuration that holds what it shows.
    for (const rsp of op.response.examples) {
      test(`response ${rsp.name}${rsp.collection ? " (x-collection)" : ""}`, async () => {
        await reset(configurationId);
        const query = pairedQuery(op, rsp.name);
        const value = isObject(rsp.value) ? rsp.value : {};
        let itemId = pathItemId;
        if (rsp.collection) {
          await store(configurationId, rsp.collection);
          if (typeof value["id"] === "string") itemId = value["id"];
        } else if (op.path.includes(`{${itemParam}}`)) {
          // The item is the example itself.
          await store(configurationId, [value]);
          if (typeof value["id"] === "string") itemId = value["id"];
        } else if (Array.isArray(value["value"])) {
          // A page: its items, and one more when it links to a next page,
          // which is then asked for in pages of its size.
          const items = value["value"].filter(isObject);
          await store(configurationId, items);
          if (value["@odata.nextLink"] !== undefined) {
            await store(configurationId, [{ id: extraItemId, target: { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" } }]);
            query["$top"] = items.length;
          }
        } else {
          assert.fail(`${op.id} ${rsp.name}: no x-collection to store, and the example is not an assignment or a page`);
        }
        const sent = await send[op.id]!({ configurationId, itemId, body: undefined, query });
        assert.equal(sent.response.status, op.success, JSON.stringify(sent.error));
        if (op.response.type === "text/plain") {
          assert.equal(typeof sent.data, "string");
          assert.equal(parseCount(sent.data as string), rsp.value);
          return;
        }
        expectExample(rsp.value, sent.data, generated(false));
      });
    }
  });
}

test("every response matched openapi.yaml", () => {
  assert.deepEqual(validator.violations, []);
  assert.ok(validator.checked > 0, "no response was validated");
});
