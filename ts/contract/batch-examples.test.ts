// The batch's examples as test cases, sent to the Go emulator with the typed
// client: each request example, on the configuration holding what its
// `x-collection` says, must be answered as the response example of the same
// name, answer by answer (in any order): the status, the headers by name,
// and the body under the vectors' rules (vectors.ts), with the mayDiffer
// rules the Go suite writes for a success example; an error body by its code, with
// the answer's own request-id and the batch's client-request-id. An example
// with a 429 answer is sent to an emulator that throttles every request.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { batchPath, type BatchRequestContent, type BatchResponseItem } from "../batch.js";
import { assignPath, assignmentsPath, createAssignmentsClient, type AssignmentsClient, type NewAssignment } from "../client.js";
import { repoRoot, startEmulator, type Emulator } from "./emulator.js";
import { exampleConfigurationId, isObject, loadSpec, writeScope, type Json, type JsonObject } from "./spec.js";
import { SpecValidator } from "./spec-validator.js";
import { check, loadVectors, type Expect, type Rule } from "./vectors.js";

const spec = await loadSpec(repoRoot());
const { specRoot } = loadVectors(repoRoot());
const validator = new SpecValidator(spec);
const configurationId = exampleConfigurationId(spec);

/** examples are the named examples of a media type of the batch. */
function examples(media: Json | undefined): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  const all = isObject(media) ? media["examples"] : undefined;
  for (const [name, ex] of Object.entries(isObject(all) ? all : {})) {
    if (isObject(ex)) out.set(name, ex);
  }
  return out;
}

const paths = spec["paths"] as JsonObject;
const batchOp = (paths[batchPath] as JsonObject)["post"] as JsonObject;
const requestExamples = examples(((batchOp["requestBody"] as JsonObject)["content"] as JsonObject)["application/json"]);
const responseExamples = examples((((batchOp["responses"] as JsonObject)["200"] as JsonObject)["content"] as JsonObject)["application/json"]);

let emulator: Emulator | undefined;
let throttled: Emulator | undefined;
const clients = new Map<Emulator, AssignmentsClient>();

before(
  async () => {
    emulator = await startEmulator();
    throttled = await startEmulator({ throttle: { rate: 1 / 3600, burst: 0 } });
    for (const e of [emulator, throttled]) {
      clients.set(e, createAssignmentsClient({ baseUrl: e.baseUrl, token: await e.token([writeScope(spec)]), middleware: [validator.middleware()] }));
    }
  },
  { timeout: 600_000 },
);

after(async () => {
  await emulator?.stop();
  await throttled?.stop();
});

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * expectOf is what a success answer must be, as contract/vectors.go's
 * expectJSON writes a success example into the vectors: the example with
 * every @odata.type in its "#" form, and the values the service makes up
 * under mayDiffer rules (an id it chose, the metadata and next-page URLs on
 * its own root, an assignment's default source).
 */
function expectOf(status: number, example: Json, created: boolean): Expect {
  const body = structuredClone(example);
  const rules: Rule[] = created ? [{ pointer: "/id", rule: "guid" }] : [];
  const top = isObject(body) ? body : {};
  rules.push({ pointer: "/@odata.context", rule: "@odata.context" in top ? "rootUrl" : "metadataUrl" });
  if ("@odata.nextLink" in top) rules.push({ pointer: "/@odata.nextLink", rule: "rootUrl" });
  const walk = (v: Json, at: string): void => {
    if (Array.isArray(v)) v.forEach((e, i) => walk(e, `${at}/${i}`));
    if (!isObject(v)) return;
    const type = v["@odata.type"];
    if (typeof type === "string" && !type.startsWith("#")) v["@odata.type"] = `#${type}`;
    if ("target" in v && !("source" in v)) rules.push({ pointer: `${at}/source`, rule: "default", value: "direct" });
    for (const [k, e] of Object.entries(v)) walk(e, `${at}/${k.replaceAll("~", "~0").replaceAll("/", "~1")}`);
  };
  walk(body, "");
  return { status, mediaType: "application/json", body, mayDiffer: rules };
}

/** answerProblems compares one answer with the example's. */
function answerProblems(want: JsonObject, got: BatchResponseItem, request: JsonObject | undefined, batchClientRequestId: string, root: string): string[] {
  const problems: string[] = [];
  if (got.status !== want["status"]) problems.push(`status ${got.status}, want ${String(want["status"])}`);
  const wantHeaders = new Map(Object.entries(isObject(want["headers"]) ? want["headers"] : {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const gotHeaders = new Map(Object.entries(got.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  for (const name of new Set([...wantHeaders.keys(), ...gotHeaders.keys()])) {
    const w = wantHeaders.get(name);
    const g = gotHeaders.get(name);
    if (w === undefined || g === undefined) problems.push(`header ${name}: ${JSON.stringify(g)}, example ${JSON.stringify(w)}`);
    else if (name === "request-id") {
      if (!guid.test(g)) problems.push(`request-id ${g} is not a GUID`);
    } else if (name === "client-request-id") {
      if (g !== batchClientRequestId) problems.push(`client-request-id ${g}, want the batch's ${batchClientRequestId}`);
    } else if (name === "retry-after") {
      if (!/^[0-9]+(\.[0-9]+)?$/.test(g)) problems.push(`Retry-After ${g} is not seconds`);
    } else if (g !== w) problems.push(`header ${name}: ${g}, want ${w}`);
  }
  const wantBody = want["body"];
  if (isObject(wantBody) && isObject(wantBody["error"])) {
    const gotBody = got.body as Json | undefined;
    const error = isObject(gotBody) && isObject(gotBody["error"]) ? gotBody["error"] : undefined;
    const inner = error && isObject(error["innerError"]) ? error["innerError"] : undefined;
    if (error?.["code"] !== wantBody["error"]["code"]) problems.push(`error code ${String(error?.["code"])}, want ${String(wantBody["error"]["code"])}`);
    if (typeof error?.["message"] !== "string" || error["message"] === "") problems.push("no error message");
    if (inner?.["request-id"] !== gotHeaders.get("request-id")) problems.push("innerError.request-id is not the answer's request-id");
    if (inner?.["client-request-id"] !== batchClientRequestId) problems.push("innerError.client-request-id is not the batch's");
    return problems;
  }
  if (wantBody === undefined) {
    if (got.body !== undefined) problems.push(`a body ${JSON.stringify(got.body)}, the example has none`);
    return problems;
  }
  const body = isObject(request?.["body"] as Json) ? (request!["body"] as JsonObject) : {};
  const created = request?.["method"] === "POST" && got.status === 201 && !("id" in body);
  const expect = expectOf(got.status, wantBody, created);
  const { problems: ruled, got: rest, want: wanted } = check(expect, { status: got.status, headers: new Headers(got.headers ?? {}), body: got.body }, root, specRoot);
  problems.push(...ruled);
  try {
    assert.deepStrictEqual(rest, wanted);
  } catch (err) {
    problems.push((err as Error).message);
  }
  return problems;
}

for (const [name, requestExample] of requestExamples) {
  test(`batch request ${name}`, async () => {
    const responseExample = responseExamples.get(name);
    assert.ok(responseExample, `no 200 response example is named ${name}`);
    const want = responseExample["value"] as JsonObject;
    const answers = (want["responses"] as JsonObject[]) ?? [];
    const e = answers.some((a) => a["status"] === 429) ? throttled! : emulator!;
    const client = clients.get(e)!;
    const collection = requestExample["x-collection"];
    if (e === emulator) {
      const { response } = await client.POST(assignPath, { params: { path: { deviceEnrollmentConfigurationId: configurationId } }, body: { enrollmentConfigurationAssignments: [] } });
      assert.equal(response.status, 204);
      for (const item of Array.isArray(collection) ? collection : []) {
        const { response } = await client.POST(assignmentsPath, { params: { path: { deviceEnrollmentConfigurationId: configurationId } }, body: item as NewAssignment });
        assert.equal(response.status, 201);
      }
    } else {
      assert.equal(collection, undefined, "an example the throttled emulator answers cannot store its x-collection first");
    }
    const content = requestExample["value"] as unknown as BatchRequestContent;
    const { data, error, response } = await client.POST(batchPath, { body: content });
    assert.ok(data, JSON.stringify(error));
    const batchClientRequestId = response.headers.get("client-request-id") ?? "";
    const byId = new Map(data.responses.map((a) => [a.id, a]));
    const requests = new Map(content.requests.map((r) => [r.id, r as unknown as JsonObject]));
    const problems: string[] = [];
    for (const w of answers) {
      const id = String(w["id"]);
      const got = byId.get(id);
      byId.delete(id);
      if (got === undefined) problems.push(`request ${id}: no answer`);
      else problems.push(...answerProblems(w, got, requests.get(id), batchClientRequestId, e.baseUrl).map((p) => `request ${id}: ${p}`));
    }
    for (const id of byId.keys()) problems.push(`request ${id}: an answer the example does not have`);
    assert.deepEqual(problems, []);
  });
}

test("every batch response matched openapi.yaml", () => {
  assert.deepEqual(validator.violations, []);
  assert.ok(validator.checked > 0, "no response was validated");
});
