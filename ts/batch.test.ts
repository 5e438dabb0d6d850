// Batch: how it splits, chains, retries and reads calls, first against a
// fetch that answers from a script, then against the Go emulator.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  Batch,
  batchPath,
  DependencyFailedError,
  maxBatchRequests,
  NotSentError,
  retryAfterMs,
  sendBatch,
  type BatchRequestContent,
  type BatchResponseItem,
  type Queued,
} from "./batch.js";
import { assignPath, createAssignmentsClient, GraphRequestError, type Assignment } from "./client.js";
import { repoRoot, startEmulator, type Emulator } from "./contract/emulator.js";
import { isObject, loadSpec, writeScope } from "./contract/spec.js";

const base = "http://emulator.test/beta";
const config = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions";
const allDevices = { target: { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" } } as const;

/** scriptedBatches answers each batch with answer(request, attempt) per request, and records the batches. */
function scriptedBatches(answer: (request: BatchRequestContent["requests"][number], batch: number) => Omit<BatchResponseItem, "id">) {
  const batches: BatchRequestContent[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    assert.equal(request.url, base + batchPath);
    const content = (await request.json()) as BatchRequestContent;
    batches.push(content);
    const responses = content.requests.map((r) => ({ id: r.id, ...answer(r, batches.length) }));
    return Response.json({ responses });
  };
  return { client: createAssignmentsClient({ baseUrl: base, fetch }), batches };
}

const created = (id: string): Omit<BatchResponseItem, "id"> => ({
  status: 201,
  headers: { "Content-Type": "application/json" },
  body: { id, ...allDevices },
});
const throttled = (seconds: string): Omit<BatchResponseItem, "id"> => ({
  status: 429,
  headers: { "Content-Type": "application/json", "Retry-After": seconds },
  body: { error: { code: "TooManyRequests", message: "Too many requests." } },
});

describe("Batch against a script", () => {
  test("splits the calls into batches of at most 20, in order", async () => {
    const { client, batches } = scriptedBatches((r) => created(r.id));
    const b = new Batch(client);
    const calls = Array.from({ length: 45 }, () => b.createAssignment(config, allDevices));
    await b.send();
    assert.deepEqual(batches.map((c) => c.requests.length), [20, 20, 5]);
    assert.equal(maxBatchRequests, 20);
    const first = batches[0]!.requests[0]!;
    assert.deepEqual(first, {
      id: "1",
      method: "POST",
      url: `/deviceManagement/deviceEnrollmentConfigurations/${config}/assignments`,
      headers: { "Content-Type": "application/json" },
      body: allDevices,
    });
    calls.forEach((q, i) => assert.equal(q.result().id, String(i + 1)));
  });

  test("writes dependsOn within a batch, and fails a dependent of an earlier batch's failure without sending it", async () => {
    const { client, batches } = scriptedBatches((r, batch) =>
      batch === 1 && r.id === "1" ? { status: 404, headers: { "Content-Type": "application/json" }, body: { error: { code: "ResourceNotFound", message: "gone" } } } : created(r.id),
    );
    const b = new Batch(client, { sleep: async () => {} });
    const read = b.getAssignment(config, "a1", { select: ["id"] });
    const sameBatch = b.deleteAssignment(config, "a1", { after: [read] });
    for (let i = 0; i < 18; i++) b.countAssignments(config);
    const nextBatch = b.deleteAssignment(config, "a1", { after: [read] });
    const thenThat = b.countAssignments(config, {}, { after: [nextBatch] });
    await b.send();
    assert.equal(batches.length, 1, "the calls that depend on a failure of the first batch are not sent");
    assert.equal(batches[0]!.requests[0]!.url, `/deviceManagement/deviceEnrollmentConfigurations/${config}/assignments/a1?$select=id`);
    assert.equal(batches[0]!.requests[0]!.dependsOn, undefined);
    assert.deepEqual(batches[0]!.requests[1]!.dependsOn, ["1"]);
    assert.throws(() => read.result(), (err) => err instanceof GraphRequestError && err.status === 404);
    assert.throws(() => nextBatch.result(), DependencyFailedError);
    assert.throws(() => thenThat.result(), DependencyFailedError);
    // The script answered the dependent 201 where the service would answer
    // 424: not the delete's success.
    assert.throws(() => sameBatch.result(), /unexpected status 201, want 204/);
  });

  test("retries the throttled calls, with their dependents, after the longest Retry-After", async () => {
    const waits: number[] = [];
    const { client, batches } = scriptedBatches((r, batch) => {
      if (batch === 1 && r.id === "2") return throttled("1.5");
      if (batch === 1 && r.id === "3") return { status: 424, headers: { "Content-Type": "application/json" }, body: { error: { code: "FailedDependency", message: "2 failed" } } };
      if (batch === 1 && r.id === "4") return throttled("0.25");
      return r.method === "GET" ? { status: 200, headers: { "Content-Type": "application/json" }, body: { id: "x" } } : created(r.id);
    });
    const b = new Batch(client, { sleep: async (ms) => void waits.push(ms) });
    const one = b.createAssignment(config, allDevices);
    const two = b.createAssignment(config, allDevices);
    const three = b.getAssignment(config, "x", {}, { after: [two] });
    const four = b.createAssignment(config, allDevices);
    await b.send();
    assert.deepEqual(waits, [1500]);
    assert.deepEqual(batches.map((c) => c.requests.map((r) => r.id)), [["1", "2", "3", "4"], ["2", "3", "4"]]);
    assert.deepEqual(batches[1]!.requests[1]!.dependsOn, ["2"]);
    for (const q of [one, two, three, four] as Queued<Assignment>[]) assert.ok(q.result().id);
  });

  test("gives up after maxAttempts, with the last 429", async () => {
    const { client, batches } = scriptedBatches(() => throttled("2"));
    const b = new Batch(client, { maxAttempts: 3, sleep: async () => {} });
    const q = b.createAssignment(config, allDevices);
    await b.send();
    assert.equal(batches.length, 3);
    assert.throws(() => q.result(), (err) => err instanceof GraphRequestError && err.status === 429);
  });

  test("does not retry past maxElapsedMs", async () => {
    const { client, batches } = scriptedBatches(() => throttled("60"));
    const b = new Batch(client, { maxElapsedMs: 30_000, sleep: async () => {} });
    b.createAssignment(config, allDevices);
    await b.send();
    assert.equal(batches.length, 1);
  });

  test("a refused batch fails send and its calls", async () => {
    const fetch = async () => Response.json({ error: { code: "InvalidAuthenticationToken", message: "expired" } }, { status: 401 });
    const b = new Batch(createAssignmentsClient({ baseUrl: base, fetch }));
    const q = b.countAssignments(config);
    await assert.rejects(b.send(), (err) => err instanceof GraphRequestError && err.status === 401);
    assert.throws(() => q.result(), (err) => err instanceof GraphRequestError && err.status === 401);
  });

  test("results before send, and dependencies on another Batch's calls", () => {
    const { client } = scriptedBatches((r) => created(r.id));
    const b = new Batch(client);
    const other = new Batch(client).countAssignments(config);
    assert.throws(() => other.result(), NotSentError);
    assert.throws(() => b.countAssignments(config, {}, { after: [other] }), RangeError);
    assert.equal(b.length, 0);
  });

  test("retryAfterMs reads seconds and HTTP dates", () => {
    assert.equal(retryAfterMs("2", 0), 2000);
    assert.equal(retryAfterMs("0.128", 0), 128);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(retryAfterMs("-1", 0), undefined);
    assert.equal(retryAfterMs(null, 0), undefined);
  });
});

describe("Batch against the emulator", { timeout: 600_000 }, () => {
  let emulator: Emulator | undefined;
  let token = "";
  before(async () => {
    emulator = await startEmulator({ throttle: { rate: 100, burst: 10 } });
    token = await emulator.token([writeScope(await loadSpec(repoRoot()))]);
  }, { timeout: 600_000 });
  after(async () => {
    await emulator?.stop();
  });

  test("the spec's limit is maxBatchRequests", async () => {
    const spec = await loadSpec(repoRoot());
    const components = spec["components"];
    assert.ok(isObject(components));
    const schemas = components["schemas"];
    assert.ok(isObject(schemas));
    const content = schemas["batchRequestContent"];
    assert.ok(isObject(content) && isObject(content["properties"]));
    const requests = content["properties"]["requests"];
    assert.ok(isObject(requests));
    assert.equal(requests["maxItems"], maxBatchRequests);
  });

  /** empty removes every assignment of the configuration. */
  async function empty(client: ReturnType<typeof createAssignmentsClient>): Promise<void> {
    const { response } = await client.POST(assignPath, { params: { path: { deviceEnrollmentConfigurationId: config } }, body: { enrollmentConfigurationAssignments: [] } });
    assert.equal(response.status, 204);
  }

  test("every operation in one batch, chained, and each typed result", async () => {
    const client = createAssignmentsClient({ baseUrl: emulator!.baseUrl, token });
    await empty(client);
    const b = new Batch(client, { sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
    const id = "00000000-0000-4000-8000-0000000000a1";
    const create = b.createAssignment(config, { id, ...allDevices });
    const update = b.updateAssignment(config, id, { sourceId: "s1" }, { after: [create] });
    const get = b.getAssignment(config, id, { select: ["id", "sourceId"] }, { after: [update] });
    const page = b.listAssignmentsPage(config, { top: 1, count: true }, { after: [update] });
    const count = b.countAssignments(config, { filter: "sourceId eq 's1'" }, { after: [update] });
    const del = b.deleteAssignment(config, id, { after: [get, page, count] });
    const assign = b.assign(config, { enrollmentConfigurationAssignments: [allDevices] }, { after: [del] });
    await b.send();
    assert.equal(create.result().id, id);
    assert.equal(update.result().sourceId, "s1");
    assert.deepEqual(Object.keys(get.result()).filter((k) => !k.startsWith("@")).sort(), ["id", "sourceId"]);
    assert.equal(page.result()["@odata.count"], 1);
    assert.equal(count.result(), 1);
    assert.equal(del.result(), undefined);
    assert.equal(assign.result(), undefined);
  });

  test("50 creates go in three batches, and the throttled ones are retried", async () => {
    const client = createAssignmentsClient({ baseUrl: emulator!.baseUrl, token });
    await empty(client);
    let batches = 0;
    client.use({ onRequest: ({ request }) => void (new URL(request.url).pathname.endsWith(batchPath) && batches++) });
    const b = new Batch(client);
    const creates = Array.from({ length: 50 }, () => b.createAssignment(config, allDevices));
    await b.send();
    // Ten requests at once, then a hundred a second: a batch of twenty has
    // throttled calls, which go again after their Retry-After.
    assert.ok(batches > 3, `${batches} batches: nothing was throttled and retried`);
    for (const q of creates) assert.match(q.result().id ?? "", /^[0-9a-f-]{36}$/);
    const { responses } = await sendBatch(client, { requests: [{ id: "n", method: "GET", url: `/deviceManagement/deviceEnrollmentConfigurations/${config}/assignments/$count` }] });
    assert.equal(responses[0]?.body, "50");
  });
});
