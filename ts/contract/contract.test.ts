// The contract run: the typed TypeScript client against the real Go emulator.
// It creates, lists (following paging), gets, updates, deletes and assigns,
// then drives one request to each error status the emulator can be made to
// answer. Every response also passes through SpecValidator, so a response the
// spec does not describe fails the run even where no assertion looks at it.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import {
  assignmentPath,
  assignmentsPath,
  assignPath,
  createAssignmentsClient,
  listAllAssignments,
  type Assignment,
  type AssignmentsClient,
  type AssignmentUpdate,
  type GraphError,
} from "../client.js";
import { classifyTarget, makeTarget, type AssignmentTarget, type TargetKind } from "../targets.js";
import { repoRoot, startEmulator, type Emulator } from "./emulator.js";
import { SpecValidator } from "./spec-validator.js";

/** The spec's example configuration, one of the emulator's built-in fixtures. */
const configurationId = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions";
const unknownConfigurationId = "e0b1c2d3-0000-4000-8000-000000000000_Unknown";
const readWrite = "DeviceManagementServiceConfig.ReadWrite.All";
const readOnly = "DeviceManagementServiceConfig.Read.All";
/** The emulator's body limit for this run, small so that the 413 case stays small. */
const maxBodyBytes = 64 * 1024;
/** What the service writes as the assignment's `@odata.type` when the request leaves it out. */
const defaultAssignmentType = "#microsoft.graph.enrollmentConfigurationAssignment";

const validator = new SpecValidator(repoRoot());

let emulator: Emulator | undefined;
let writer: AssignmentsClient;
let reader: AssignmentsClient;
let anonymous: AssignmentsClient;
let forged: AssignmentsClient;

const path = { deviceEnrollmentConfigurationId: configurationId };
const itemPath = (id: string) => ({ params: { path: { ...path, enrollmentConfigurationAssignmentId: id } } });

/** unchecked lets a body through that the types forbid, to see the service refuse it too. */
const unchecked = <T>(value: unknown): T => value as T;

before(
  async () => {
    emulator = await startEmulator({ maxBodyBytes });
    const client = (token?: string) =>
      createAssignmentsClient({ baseUrl: emulator!.baseUrl, ...(token ? { token } : {}), middleware: [validator.middleware()] });
    writer = client(await emulator.token([readWrite]));
    reader = client(await emulator.token([readOnly]));
    anonymous = client();
    forged = client(await emulator.token([readWrite], { secret: "not-the-emulator-secret" }));
  },
  { timeout: 600_000 }, // a cold `go build` of the emulator
);

after(async () => {
  await emulator?.stop();
});

/** listAll returns every assignment of the configuration, page by page, and the page sizes. */
async function listAll(top: number): Promise<{ items: Assignment[]; sizes: number[] }> {
  const items: Assignment[] = [];
  const sizes: number[] = [];
  for await (const page of listAllAssignments(writer, configurationId, { top })) {
    items.push(...page.value);
    sizes.push(page.value.length);
  }
  return { items, sizes };
}

/** expected is what the service stores for a created assignment: the request, its id, and the default type. */
function expected(request: Assignment, id: string): Assignment {
  return { "@odata.type": defaultAssignmentType, ...request, id };
}

describe("assignment lifecycle", { timeout: 60_000 }, () => {
  // One assignment of every target kind, both spellings of @odata.type, with
  // and without the assignment's own @odata.type, id, source and filter.
  const requests: Assignment[] = [
    {
      "@odata.type": "#microsoft.graph.enrollmentConfigurationAssignment",
      target: makeTarget("groupAssignmentTarget", {
        groupId: randomUUID(),
        deviceAndAppManagementAssignmentFilterId: randomUUID(),
        deviceAndAppManagementAssignmentFilterType: "include",
      }),
      source: "direct",
    },
    { target: makeTarget("exclusionGroupAssignmentTarget", { groupId: randomUUID() }, { hash: false }), source: "direct" },
    {
      id: randomUUID(),
      "@odata.type": "microsoft.graph.enrollmentConfigurationAssignment",
      target: makeTarget("allDevicesAssignmentTarget", {
        deviceAndAppManagementAssignmentFilterId: randomUUID(),
        deviceAndAppManagementAssignmentFilterType: "exclude",
      }),
      source: "policySets",
      sourceId: "policy-set-1",
    },
    { target: makeTarget("allLicensedUsersAssignmentTarget", { deviceAndAppManagementAssignmentFilterType: "none" }, { hash: false }) },
    { target: makeTarget("configurationManagerCollectionAssignmentTarget", { collectionId: "SMS00001" }) },
    { target: makeTarget("deviceAndAppManagementAssignmentTarget", {}, { hash: false }) },
  ];
  const created: Assignment[] = [];
  let before: Assignment[] = [];

  test("the configuration's assignments before the run", async () => {
    before = (await listAll(999)).items;
  });

  test("create one assignment of each target kind", async () => {
    for (const request of requests) {
      const { data, error, response } = await writer.POST(assignmentsPath, { params: { path }, body: request });
      assert.equal(response.status, 201, JSON.stringify(error));
      assert.ok(data?.id, "the created assignment has an id");
      if (request.id !== undefined) assert.equal(data.id, request.id);
      assert.deepEqual(data, expected(request, data.id));
      assert.equal(classifyTarget(data.target).kind, classifyTarget(request.target).kind);
      created.push(data);
    }
    const kinds = new Set<TargetKind>(created.map((a) => classifyTarget(a.target).kind));
    assert.equal(kinds.size, 6);
    assert.equal(new Set(created.map((a) => a.id)).size, created.length, "every id is distinct");
  });

  test("list follows @odata.nextLink through pages of two", async () => {
    const all = [...before, ...created];
    const { items, sizes } = await listAll(2);
    assert.deepEqual(items, all);
    assert.deepEqual(
      sizes,
      Array.from({ length: Math.ceil(all.length / 2) }, (_, i) => Math.min(2, all.length - 2 * i)),
      "full pages, then the rest, and no empty page after the last",
    );
  });

  test("list in one page, and from an offset", async () => {
    const all = [...before, ...created];
    const whole = await writer.GET(assignmentsPath, { params: { path, query: { $top: 999 } } });
    assert.deepEqual(whole.data, { value: all });
    const skipped = await writer.GET(assignmentsPath, { params: { path, query: { $top: 1, $skip: all.length - 2 } } });
    assert.deepEqual(skipped.data?.value, [all[all.length - 2]]);
    assert.ok(skipped.data?.["@odata.nextLink"], "one more assignment remains after the page");
  });

  test("a read-only token may list and get", async () => {
    const first = created[0]!;
    const list = await reader.GET(assignmentsPath, { params: { path } });
    assert.equal(list.response.status, 200);
    assert.ok(list.data?.value.some((a) => a.id === first.id));
    const one = await reader.GET(assignmentPath, itemPath(first.id!));
    assert.deepEqual(one.data, first);
  });

  test("get each assignment", async () => {
    for (const assignment of created) {
      const { data, response } = await writer.GET(assignmentPath, itemPath(assignment.id!));
      assert.equal(response.status, 200);
      assert.deepEqual(data, assignment);
    }
  });

  test("update retargets and keeps what the body leaves out", async () => {
    const first = created[0]!;
    const retarget: AssignmentUpdate = {
      target: makeTarget("allLicensedUsersAssignmentTarget", { deviceAndAppManagementAssignmentFilterType: "none" }, { hash: false }),
      source: "policySets",
      sourceId: "policy-set-2",
    };
    const updated = await writer.PATCH(assignmentPath, { ...itemPath(first.id!), body: retarget });
    assert.equal(updated.response.status, 200, JSON.stringify(updated.error));
    const want: Assignment = { ...first, ...retarget, target: retarget.target! };
    assert.deepEqual(updated.data, want);
    assert.equal(classifyTarget(updated.data.target).kind, "allLicensedUsersAssignmentTarget");

    const partial = await writer.PATCH(assignmentPath, { ...itemPath(first.id!), body: { sourceId: "policy-set-3" } });
    assert.deepEqual(partial.data, { ...want, sourceId: "policy-set-3" });
    const read = await writer.GET(assignmentPath, itemPath(first.id!));
    assert.deepEqual(read.data, partial.data);
    created[0] = partial.data;
  });

  test("delete removes the assignment", async () => {
    const gone = created.splice(1, 1)[0]!;
    const deleted = await writer.DELETE(assignmentPath, itemPath(gone.id!));
    assert.equal(deleted.response.status, 204);
    assert.equal(deleted.data, undefined);
    const read = await writer.GET(assignmentPath, itemPath(gone.id!));
    assert.equal(read.response.status, 404);
    assert.equal(read.error?.error.code, validator.errorCode("GET", assignmentPath, 404));
    const again = await writer.DELETE(assignmentPath, itemPath(gone.id!));
    assert.equal(again.response.status, 404);
    assert.deepEqual((await listAll(999)).items, [...before, ...created]);
  });

  test("assign replaces the whole set", async () => {
    const kept = created[1]!;
    const set: Assignment[] = [
      { id: kept.id!, target: makeTarget("groupAssignmentTarget", { groupId: randomUUID() }, { hash: false }), source: "direct" },
      { target: makeTarget("allDevicesAssignmentTarget", {}) },
    ];
    const assigned = await writer.POST(assignPath, { params: { path }, body: { enrollmentConfigurationAssignments: set } });
    assert.equal(assigned.response.status, 204, JSON.stringify(assigned.error));
    const { items } = await listAll(999);
    assert.equal(items.length, 2);
    const [first, second] = items as [Assignment, Assignment];
    assert.deepEqual(first, expected(set[0]!, kept.id!));
    assert.ok(second.id, "the service gave the new assignment an id");
    assert.ok(!created.some((a) => a.id === second.id), "the new id is not an old one");
    assert.deepEqual(second, expected(set[1]!, second.id));

    const cleared = await writer.POST(assignPath, { params: { path }, body: { enrollmentConfigurationAssignments: [] } });
    assert.equal(cleared.response.status, 204);
    assert.deepEqual((await listAll(999)).items, []);
  });
});

/** ErrorCase is one request the service must refuse with status. */
interface ErrorCase {
  readonly name: string;
  readonly status: number;
  /** The operation, to read the documented error code from the spec. */
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  readonly path: string;
  /** Sends the request with the given client-request-id header. */
  send(clientRequestId: string): Promise<{ error?: GraphError | undefined; response: Response }>;
}

describe("errors, one case per status the emulator can be driven to", { timeout: 60_000 }, () => {
  const group = (groupId: string): Assignment => ({ target: makeTarget("groupAssignmentTarget", { groupId }) });
  const headers = (id: string) => ({ "client-request-id": id });
  const cases: ErrorCase[] = [
    {
      name: "400 a group target without groupId",
      status: 400,
      method: "POST",
      path: assignmentsPath,
      send: (id) =>
        writer.POST(assignmentsPath, {
          params: { path },
          headers: headers(id),
          body: { target: unchecked<AssignmentTarget>({ "@odata.type": "#microsoft.graph.groupAssignmentTarget" }) },
        }),
    },
    {
      name: "400 a target type the spec does not define",
      status: 400,
      method: "POST",
      path: assignmentsPath,
      send: (id) =>
        writer.POST(assignmentsPath, {
          params: { path },
          headers: headers(id),
          body: { target: unchecked<AssignmentTarget>({ "@odata.type": "#microsoft.graph.userAssignmentTarget", userId: "u" }) },
        }),
    },
    {
      name: "400 malformed JSON",
      status: 400,
      method: "POST",
      path: assignmentsPath,
      send: (id) =>
        writer.POST(assignmentsPath, { params: { path }, headers: headers(id), body: group("g"), bodySerializer: () => '{"target":' }),
    },
    {
      name: "400 $top out of range",
      status: 400,
      method: "GET",
      path: assignmentsPath,
      send: (id) => writer.GET(assignmentsPath, { params: { path, query: { $top: 0 } }, headers: headers(id) }),
    },
    {
      name: "401 no token",
      status: 401,
      method: "GET",
      path: assignmentsPath,
      send: (id) => anonymous.GET(assignmentsPath, { params: { path }, headers: headers(id) }),
    },
    {
      name: "401 a token signed with another key",
      status: 401,
      method: "GET",
      path: assignmentsPath,
      send: (id) => forged.GET(assignmentsPath, { params: { path }, headers: headers(id) }),
    },
    {
      name: "403 a read-only token creates",
      status: 403,
      method: "POST",
      path: assignmentsPath,
      send: (id) => reader.POST(assignmentsPath, { params: { path }, headers: headers(id), body: group("g") }),
    },
    {
      name: "403 a read-only token assigns",
      status: 403,
      method: "POST",
      path: assignPath,
      send: (id) => reader.POST(assignPath, { params: { path }, headers: headers(id), body: { enrollmentConfigurationAssignments: [] } }),
    },
    {
      name: "404 an unknown configuration",
      status: 404,
      method: "GET",
      path: assignmentsPath,
      send: (id) =>
        writer.GET(assignmentsPath, { params: { path: { deviceEnrollmentConfigurationId: unknownConfigurationId } }, headers: headers(id) }),
    },
    {
      name: "404 an unknown assignment",
      status: 404,
      method: "GET",
      path: assignmentPath,
      send: (id) => writer.GET(assignmentPath, { ...itemPath(randomUUID()), headers: headers(id) }),
    },
    {
      name: "413 a body over the limit",
      status: 413,
      method: "POST",
      path: assignmentsPath,
      send: (id) =>
        writer.POST(assignmentsPath, {
          params: { path },
          headers: headers(id),
          body: { ...group("g"), sourceId: "x".repeat(maxBodyBytes + 1) },
        }),
    },
    {
      name: "415 a body that is not application/json",
      status: 415,
      method: "POST",
      path: assignmentsPath,
      send: (id) =>
        writer.POST(assignmentsPath, { params: { path }, headers: { ...headers(id), "Content-Type": "text/plain" }, body: group("g") }),
    },
  ];

  for (const c of cases) {
    test(c.name, async () => {
      const clientRequestId = randomUUID();
      const { error, response } = await c.send(clientRequestId);
      assert.equal(response.status, c.status, JSON.stringify(error));
      assert.ok(error, "an error body");
      assert.equal(error.error.code, validator.errorCode(c.method, c.path, c.status));
      assert.ok(error.error.message.length > 0, "a message");
      // The ids that tie a failure to the service's logs, as the spec describes them.
      assert.equal(response.headers.get("client-request-id"), clientRequestId);
      assert.equal(error.error.innerError?.["client-request-id"], clientRequestId);
      assert.ok(response.headers.get("request-id"), "a request-id header");
      assert.equal(error.error.innerError?.["request-id"], response.headers.get("request-id"));
      if (c.status === 401) assert.match(response.headers.get("WWW-Authenticate") ?? "", /^Bearer /);
    });
  }
});

// 429 needs an emulator that throttles: one request per caller, then a
// bucket that refills once an hour.
describe("throttling", { timeout: 60_000 }, () => {
  let throttled: Emulator | undefined;
  after(async () => throttled?.stop());

  test("429 after the caller's burst, with Retry-After", async () => {
    throttled = await startEmulator({ throttle: { rate: 1 / 3600, burst: 1 } });
    const client = createAssignmentsClient({
      baseUrl: throttled.baseUrl,
      token: await throttled.token([readWrite]),
      middleware: [validator.middleware()],
    });
    const first = await client.GET(assignmentsPath, { params: { path } });
    assert.equal(first.response.status, 200);
    const clientRequestId = randomUUID();
    const { error, response } = await client.GET(assignmentsPath, {
      params: { path },
      headers: { "client-request-id": clientRequestId },
    });
    assert.equal(response.status, 429);
    assert.equal(error?.error.code, validator.errorCode("GET", assignmentsPath, 429));
    const retryAfter = Number(response.headers.get("Retry-After"));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After ${response.headers.get("Retry-After")}`);
    assert.equal(error?.error.innerError?.["client-request-id"], clientRequestId);
  });
});

// 500, 503 and 504 cannot be caused from outside a healthy emulator; one
// that honours the fault header answers them on request.
describe("injected faults", { timeout: 60_000 }, () => {
  let faulty: Emulator | undefined;
  after(async () => faulty?.stop());

  const faults = [
    { header: "500", status: 500, retryAfter: undefined },
    { header: "503; retry-after=2", status: 503, retryAfter: "2" },
    { header: "504; retry-after=0.5", status: 504, retryAfter: "0.5" },
    { header: "503", status: 503, retryAfter: undefined },
  ] as const;
  for (const f of faults) {
    test(`x-emulator-fault: ${f.header} answers ${f.status} in Graph's shape`, async () => {
      faulty ??= await startEmulator({ allowFaultHeaders: true });
      const client = createAssignmentsClient({
        baseUrl: faulty.baseUrl,
        token: await faulty.token([readWrite]),
        middleware: [validator.middleware()],
      });
      const { error, response } = await client.POST(assignmentsPath, {
        params: { path },
        body: { target: { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" } },
        headers: { "x-emulator-fault": f.header },
      });
      assert.equal(response.status, f.status);
      assert.equal(error?.error.code, validator.errorCode("POST", assignmentsPath, f.status));
      assert.equal(response.headers.get("Retry-After") ?? undefined, f.retryAfter);
      // The fault came before the handler: nothing was stored.
      const list = await client.GET(assignmentsPath, { params: { path } });
      assert.equal(list.response.status, 200);
      assert.deepEqual(list.data?.value, []);
    });
  }
});

test("every response matched openapi.yaml", () => {
  assert.deepEqual(validator.violations, []);
  assert.ok(validator.checked >= 40, `only ${validator.checked} responses were validated`);
});
