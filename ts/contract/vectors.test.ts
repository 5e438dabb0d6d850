// The contract suite's server cases (gen/vectors.gen.json, generated from the
// spec's examples by the Go suite) run with the typed client against the Go
// emulator, in order, on one emulator: every request example, every response
// example, and every documented error. A step the spec allows goes through
// the client's typed call of its operation; one that breaks the spec on
// purpose goes through fetch. Each answer must be the case's expected one
// under its mayDiffer rules (vectors.ts), and every answer passes through
// SpecValidator. The same run against the emulator broken on purpose must
// fail exactly the cases that expect what the break changes.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  assignmentPath,
  assignmentsPath,
  assignPath,
  assignQualifiedPath,
  countPath,
  createAssignmentsClient,
  type AssignmentsClient,
  type AssignmentUpdate,
  type AssignRequest,
  type CountQuery,
  type GetQuery,
  type ListQuery,
  type NewAssignment,
} from "../client.js";
import { batchPath, type BatchRequestContent } from "../batch.js";
import { repoRoot, startEmulator, type Emulator } from "./emulator.js";
import { isObject, loadSpec } from "./spec.js";
import { SpecValidator } from "./spec-validator.js";
import { check, loadVectors, pathOf, stepsOf, type Answer, type Step, type Vector } from "./vectors.js";

const root = repoRoot();
const spec = await loadSpec(root);
const vectors = loadVectors(root);
const validator = new SpecValidator(spec);

/** Runner sends steps to one emulator. */
interface Runner {
  readonly emulator: Emulator;
  readonly validator: SpecValidator;
  /** The typed client of each token kind, "none" included. */
  readonly clients: ReadonlyMap<string, AssignmentsClient>;
  readonly tokens: ReadonlyMap<string, string>;
}

async function connect(emulator: Emulator, checker: SpecValidator): Promise<Runner> {
  const tokens = new Map<string, string>();
  const clients = new Map<string, AssignmentsClient>();
  clients.set("none", createAssignmentsClient({ baseUrl: emulator.baseUrl, middleware: [checker.middleware()] }));
  for (const [kind, scopes] of Object.entries(vectors.tokens)) {
    const token = await emulator.token(scopes);
    tokens.set(kind, token);
    clients.set(kind, createAssignmentsClient({ baseUrl: emulator.baseUrl, token, middleware: [checker.middleware()] }));
  }
  return { emulator, validator: checker, clients, tokens };
}

/** Sent is what a typed call returned. */
interface Sent {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}

// The typed call of each operationId of the spec. The vectors are JSON the
// spec validated; the casts hand them to the types they were written for.
type Call = (client: AssignmentsClient, step: Step) => Promise<Sent>;
const p = (step: Step) => step.pathParams as { deviceEnrollmentConfigurationId: string; enrollmentConfigurationAssignmentId: string };
const h = (step: Step) => ({ ...step.headers });
const send: Record<string, Call> = {
  listAssignments: (c, s) => c.GET(assignmentsPath, { params: { path: p(s), query: s.query as ListQuery }, headers: h(s) }),
  countAssignments: (c, s) =>
    c.GET(countPath, { params: { path: p(s), query: s.query as CountQuery }, headers: { Accept: "text/plain, application/json", ...h(s) }, parseAs: "text" }),
  createAssignment: (c, s) => c.POST(assignmentsPath, { params: { path: p(s) }, body: s.body as NewAssignment, headers: h(s) }),
  getAssignment: (c, s) => c.GET(assignmentPath, { params: { path: p(s), query: s.query as GetQuery }, headers: h(s) }),
  updateAssignment: (c, s) => c.PATCH(assignmentPath, { params: { path: p(s) }, body: s.body as AssignmentUpdate, headers: h(s) }),
  deleteAssignment: (c, s) => c.DELETE(assignmentPath, { params: { path: p(s) }, headers: h(s) }),
  assign: (c, s) => c.POST(assignPath, { params: { path: p(s) }, body: s.body as AssignRequest, headers: h(s) }),
  assignQualified: (c, s) => c.POST(assignQualifiedPath, { params: { path: p(s) }, body: s.body as AssignRequest, headers: h(s) }),
  batch: (c, s) => c.POST(batchPath, { body: s.body as BatchRequestContent, headers: h(s) }),
};

/** typed sends a step the spec allows through its typed call. */
async function typed(r: Runner, step: Step): Promise<Answer> {
  const client = r.clients.get(step.token);
  const call = send[step.operationId];
  assert.ok(client && call, `no client for token ${step.token} or no typed call of ${step.operationId}`);
  const { data, error, response } = await call(client, step);
  return { status: response.status, headers: response.headers, body: error ?? data };
}

/** raw sends a step that breaks the spec as it is, and validates the answer like the middleware does. */
async function raw(r: Runner, step: Step): Promise<Answer> {
  const url = new URL(r.emulator.baseUrl + pathOf(step));
  for (const [name, value] of Object.entries(step.query ?? {})) url.searchParams.set(name, String(value));
  const headers = new Headers(step.headers);
  const token = r.tokens.get(step.token);
  if (token !== undefined) headers.set("Authorization", `Bearer ${token}`);
  if (step.body !== undefined) headers.set("Content-Type", step.contentType ?? "application/json");
  const response = await fetch(url, { method: step.method, headers, ...(step.body !== undefined ? { body: JSON.stringify(step.body) } : {}) });
  const text = await response.text();
  const problems = r.validator.problems(step.method, step.path, response.status, response.headers.get("Content-Type"), text);
  r.validator.checked++;
  if (problems.length > 0) {
    const report = `${step.method} ${url} -> ${response.status} breaks openapi.yaml:\n  ${problems.join("\n  ")}`;
    r.validator.violations.push(report);
    throw new Error(report);
  }
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // A plain-text body stays text.
  }
  return { status: response.status, headers: response.headers, body };
}

/** runCase runs a case's steps in order and returns the problems of the first step that fails. */
async function runCase(r: Runner, v: Vector): Promise<string[]> {
  for (const [i, step] of stepsOf(v).entries()) {
    const where = step === v ? "the request" : `step ${i + 1} (${step.operationId})`;
    let answer: Answer;
    try {
      answer = step.valid ? await typed(r, step) : await raw(r, step);
    } catch (err) {
      return [`${where}: ${(err as Error).message}`];
    }
    const { problems, got, want } = check(step.expect, answer, r.emulator.baseUrl, vectors.specRoot);
    if (got !== undefined) {
      try {
        assert.deepStrictEqual(got, want);
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    if (problems.length > 0) return problems.map((problem) => `${where}: ${problem}`);
  }
  return [];
}

let runner: Runner | undefined;

before(
  async () => {
    runner = await connect(await startEmulator({ args: vectors.emulatorArgs }), validator);
  },
  { timeout: 600_000 }, // a cold `go build` of the emulator
);

// How the cases came out, for the closing line every language's run prints.
const outcome = { passed: 0, failed: 0 };

after(async () => {
  await runner?.emulator.stop();
  console.log(`${outcome.passed} passed, ${outcome.failed} failed`);
});

test("every operation of the spec, and of the cases, has a typed call", () => {
  const ids = Object.values(isObject(spec["paths"]) ? spec["paths"] : {})
    .flatMap((item) => Object.values(isObject(item) ? item : {}))
    .flatMap((op) => (isObject(op) && typeof op["operationId"] === "string" ? [op["operationId"]] : []));
  assert.deepEqual(ids.filter((id) => !(id in send)), []);
  assert.deepEqual(Object.keys(send).filter((id) => !ids.includes(id)), []);
  assert.deepEqual(vectors.cases.flatMap(stepsOf).filter((s) => !(s.operationId in send)), []);
});

for (const v of vectors.cases) {
  test(v.name, { timeout: 60_000 }, async () => {
    const problems = await runCase(runner!, v);
    outcome[problems.length === 0 ? "passed" : "failed"]++;
    assert.deepEqual(problems, []);
  });
}

test("every response matched openapi.yaml", () => {
  assert.deepEqual(validator.violations, []);
  assert.ok(validator.checked >= vectors.cases.length, `only ${validator.checked} responses were validated`);
});

test("the cases that expect an @odata.type fail against the emulator that answers it bare", { timeout: 600_000 }, async () => {
  const broken = await connect(await startEmulator({ args: vectors.emulatorArgs, broken: "bare-type" }), new SpecValidator(spec));
  try {
    const failed: string[] = [];
    for (const v of vectors.cases) {
      const problems = await runCase(broken, v);
      if (problems.length > 0) {
        failed.push(v.name);
        assert.match(problems.join("\n"), /@odata\.type|#microsoft\.graph/, `${v.name} failed for another reason`);
      }
    }
    const expecting = vectors.cases.filter((v) => stepsOf(v).some((s) => JSON.stringify(s.expect.body ?? null).includes('"@odata.type"'))).map((v) => v.name);
    assert.ok(expecting.length > 0);
    assert.deepEqual(failed, expecting);
  } finally {
    await broken.emulator.stop();
  }
});
