// The contract run: the typed TypeScript client against the real Go emulator.
// It creates, lists (following paging), gets, updates, deletes and assigns,
// lists, gets and counts with the OData query options, then drives one
// request to each error status the emulator can be made to answer. Every
// response also passes through SpecValidator, so a response the spec does not
// describe fails the run even where no assertion looks at it. (examples.test.ts
// runs the spec's own examples.)
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import {
  assignmentPath,
  assignmentsPath,
  assignPath,
  countAssignments,
  countPath,
  createAssignmentsClient,
  getAssignment,
  GraphRequestError,
  listAllAssignments,
  type Assignment,
  type NewAssignment,
  type AssignmentsClient,
  type AssignmentUpdate,
  type GraphError,
  type ListOptions,
} from "../client.js";
import { classifyTarget, makeTarget, type AssignmentTarget, type TargetKind } from "../targets.js";
import { repoRoot, startEmulator, type Emulator } from "./emulator.js";
import { assignmentType, exampleConfigurationId, loadSpec, maxTop, readScope, writeScope } from "./spec.js";
import { SpecValidator } from "./spec-validator.js";

const spec = await loadSpec(repoRoot());
const validator = new SpecValidator(spec);

/** The spec's example configuration, one of the emulator's built-in fixtures. */
const configurationId = exampleConfigurationId(spec);
const unknownConfigurationId = "e0b1c2d3-0000-4000-8000-000000000000_Unknown";
const readWrite = writeScope(spec);
const readOnly = readScope(spec);
/** The `source` of an assignment made without one. */
const defaultSource = "direct";
/** The emulator's body limit for this run, small so that the 413 case stays small. */
const maxBodyBytes = 64 * 1024;
/** What the service writes as the assignment's `@odata.type` when the request leaves it out; gen/ts types it from the same enum. */
const defaultAssignmentType = assignmentType(spec) as NonNullable<Assignment["@odata.type"]>;

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

/** canonical writes an `@odata.type` as the service answers it, with the leading `#`. */
function canonical<T extends string>(odataType: T): T {
  return (odataType.startsWith("#") ? odataType : `#${odataType}`) as T;
}

/** targetOf returns the assignment's target, which it must have. */
function targetOf(assignment: Assignment | undefined): AssignmentTarget {
  assert.ok(assignment?.target, "the assignment has a target");
  return assignment.target;
}

/**
 * expected is what the service stores and answers for an assignment made from
 * request: the request with its id, the default type and source, and every
 * `@odata.type` in its canonical form.
 */
function expected(request: NewAssignment, id: string): Assignment {
  const target = targetOf(request);
  return {
    source: defaultSource,
    ...request,
    id,
    "@odata.type": canonical(request["@odata.type"] ?? defaultAssignmentType),
    target: { ...target, "@odata.type": canonical(target["@odata.type"]) } as AssignmentTarget,
  };
}

/**
 * withoutContext checks that a response body carries `@odata.context`, a
 * metadata URL on the emulator's root, and returns the body without it.
 */
function withoutContext<T extends object>(body: T | undefined): T {
  assert.ok(body, "a response body");
  const { "@odata.context": context, ...rest } = body as T & { "@odata.context"?: unknown };
  assert.ok(
    typeof context === "string" && context.startsWith(`${emulator!.baseUrl}/$metadata#`),
    `@odata.context ${JSON.stringify(context)} is not a metadata URL on ${emulator!.baseUrl}`,
  );
  return rest as T;
}

describe("assignment lifecycle", { timeout: 60_000 }, () => {
  // One assignment of every target kind, both spellings of @odata.type, with
  // and without the assignment's own @odata.type, id, source and filter.
  const requests: NewAssignment[] = [
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
    before = (await listAll(maxTop(spec))).items;
  });

  test("create one assignment of each target kind", async () => {
    for (const request of requests) {
      const { data, error, response } = await writer.POST(assignmentsPath, { params: { path }, body: request });
      assert.equal(response.status, 201, JSON.stringify(error));
      assert.ok(data?.id, "the created assignment has an id");
      if (request.id !== undefined) assert.equal(data.id, request.id);
      const body = withoutContext(data);
      assert.deepEqual(body, expected(request, data.id));
      assert.equal(classifyTarget(targetOf(data)).kind, classifyTarget(targetOf(request)).kind);
      created.push(body);
    }
    const kinds = new Set<TargetKind>(created.map((a) => classifyTarget(targetOf(a)).kind));
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
    const whole = await writer.GET(assignmentsPath, { params: { path, query: { $top: maxTop(spec) } } });
    assert.deepEqual(withoutContext(whole.data), { value: all });
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
    assert.deepEqual(withoutContext(one.data), first);
  });

  test("get each assignment", async () => {
    for (const assignment of created) {
      const { data, response } = await writer.GET(assignmentPath, itemPath(assignment.id!));
      assert.equal(response.status, 200);
      assert.deepEqual(withoutContext(data), assignment);
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
    const want: Assignment = expected({ ...first, ...retarget, target: retarget.target! }, first.id!);
    assert.deepEqual(withoutContext(updated.data), want);
    assert.equal(classifyTarget(targetOf(updated.data)).kind, "allLicensedUsersAssignmentTarget");

    const partial = await writer.PATCH(assignmentPath, { ...itemPath(first.id!), body: { sourceId: "policy-set-3" } });
    assert.deepEqual(withoutContext(partial.data), { ...want, sourceId: "policy-set-3" });
    const read = await writer.GET(assignmentPath, itemPath(first.id!));
    assert.deepEqual(withoutContext(read.data), withoutContext(partial.data));
    created[0] = withoutContext(partial.data);
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
    assert.deepEqual((await listAll(maxTop(spec))).items, [...before, ...created]);
  });

  test("assign replaces the whole set", async () => {
    const kept = created[1]!;
    const set: NewAssignment[] = [
      { id: kept.id!, target: makeTarget("groupAssignmentTarget", { groupId: randomUUID() }, { hash: false }), source: "direct" },
      { target: makeTarget("allDevicesAssignmentTarget", {}) },
    ];
    const assigned = await writer.POST(assignPath, { params: { path }, body: { enrollmentConfigurationAssignments: set } });
    assert.equal(assigned.response.status, 204, JSON.stringify(assigned.error));
    const { items } = await listAll(maxTop(spec));
    assert.equal(items.length, 2);
    const [first, second] = items as [Assignment, Assignment];
    assert.deepEqual(first, expected(set[0]!, kept.id!));
    assert.ok(second.id, "the service gave the new assignment an id");
    assert.ok(!created.some((a) => a.id === second.id), "the new id is not an old one");
    assert.deepEqual(second, expected(set[1]!, second.id));

    const cleared = await writer.POST(assignPath, { params: { path }, body: { enrollmentConfigurationAssignments: [] } });
    assert.equal(cleared.response.status, 204);
    assert.deepEqual((await listAll(maxTop(spec))).items, []);
  });
});

describe("query options and $count", { timeout: 60_000 }, () => {
  // Stored in this order, which is not the order of their ids.
  const set: NewAssignment[] = [
    { id: "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a", target: makeTarget("allDevicesAssignmentTarget", {}) },
    { id: "3f2a6c1e-8b4d-4e7f-9a0b-1c2d3e4f5a6b", target: makeTarget("groupAssignmentTarget", { groupId: "g1" }, { hash: false }) },
    { id: "705b021c-021c-705b-1c02-5b701c025b70", target: makeTarget("exclusionGroupAssignmentTarget", { groupId: "g2" }) },
    {
      id: "9c8b7a6f-5e4d-4c3b-a2f1-e0d9c8b7a6f5",
      target: makeTarget("configurationManagerCollectionAssignmentTarget", { collectionId: "SMS00001" }),
      source: "policySets",
      sourceId: "ps-1",
    },
    { id: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", target: makeTarget("groupAssignmentTarget", { groupId: "g3" }) },
  ];
  const stored = set.map((a) => expected(a, a.id!));
  const [allDevices, group1, excluded2, collection, group3] = stored as [Assignment, Assignment, Assignment, Assignment, Assignment];
  const groups = "isof(target, 'microsoft.graph.groupAssignmentTarget')";
  const byIdDescending = [...stored].sort((a, b) => (a.id! < b.id! ? 1 : -1));
  const only = (a: Assignment, keys: readonly (keyof Assignment)[]): Assignment =>
    Object.fromEntries(keys.filter((k) => a[k] !== undefined).map((k) => [k, a[k]])) as Assignment;

  before(async () => {
    const { response, error } = await writer.POST(assignPath, { params: { path }, body: { enrollmentConfigurationAssignments: set } });
    assert.equal(response.status, 204, JSON.stringify(error));
  });
  after(async () => {
    await writer.POST(assignPath, { params: { path }, body: { enrollmentConfigurationAssignments: [] } });
  });

  const cases: { name: string; options: ListOptions; want: Assignment[]; pages: number }[] = [
    { name: "$filter isof, counted", options: { filter: groups, count: true, top: 1 }, want: [group1, excluded2, group3], pages: 3 },
    { name: "$filter on source", options: { filter: "source eq 'policySets'", count: true }, want: [collection], pages: 1 },
    { name: "$filter on a GUID in another case", options: { filter: `id eq '${group1.id!.toUpperCase()}'` }, want: [group1], pages: 1 },
    { name: "$filter matching nothing, counted", options: { filter: "target/groupId eq 'nobody'", count: true }, want: [], pages: 1 },
    { name: "$orderby id desc", options: { orderBy: ["id desc"], top: 2 }, want: byIdDescending, pages: 3 },
    { name: "$select id,source", options: { select: ["id", "source"], top: 3 }, want: stored.map((a) => only(a, ["id", "source"])), pages: 2 },
    {
      name: "every option",
      options: { select: ["id"], filter: groups, orderBy: ["id desc"], count: true, top: 1, skip: 1 },
      want: [group1, group3].map((a) => only(a, ["id"])),
      pages: 2,
    },
    { name: "no options", options: {}, want: [allDevices, group1, excluded2, collection, group3], pages: 1 },
  ];
  for (const c of cases) {
    test(`listAllAssignments with ${c.name}`, async () => {
      const urls: string[] = [];
      const recording = createAssignmentsClient({
        baseUrl: emulator!.baseUrl,
        token: await emulator!.token([readOnly]),
        middleware: [validator.middleware(), { onResponse: ({ request }) => void urls.push(request.url) }],
      });
      const items: Assignment[] = [];
      const counts: (number | undefined)[] = [];
      for await (const page of listAllAssignments(recording, configurationId, c.options)) {
        items.push(...page.value);
        counts.push(page["@odata.count"]);
      }
      assert.deepEqual(items, c.want);
      assert.equal(urls.length, c.pages, urls.join("\n"));
      // Every page was asked for with the options: the service keeps them in the next link.
      for (const url of urls) {
        const query = new URL(url).searchParams;
        assert.equal(query.get("$filter") ?? undefined, c.options.filter, url);
        assert.equal(query.get("$select") ?? undefined, c.options.select?.join(","), url);
        assert.equal(query.get("$orderby") ?? undefined, c.options.orderBy?.join(","), url);
        assert.equal(query.get("$count") ?? undefined, c.options.count ? "true" : undefined, url);
      }
      const total = c.options.count ? c.want.length + (c.options.skip ?? 0) : undefined;
      assert.deepEqual(counts, Array.from({ length: c.pages }, () => total), "@odata.count on every page");
    });
  }

  test("getAssignment with $select", async () => {
    const got = await getAssignment(writer, configurationId, group3.id!, { select: ["id", "target"] });
    assert.deepEqual(withoutContext(got), only(group3, ["id", "target"]));
    assert.deepEqual(withoutContext(await getAssignment(writer, configurationId, group3.id!)), group3);
  });

  test("countAssignments", async () => {
    assert.equal(await countAssignments(reader, configurationId), stored.length);
    assert.equal(await countAssignments(reader, configurationId, { filter: groups }), 3);
    assert.equal(await countAssignments(reader, configurationId, { filter: "source eq 'policySets'" }), 1);
    assert.equal(await countAssignments(reader, configurationId, { filter: "target/groupId eq 'nobody'" }), 0);
  });

  test("an option the service refuses is a GraphRequestError 400", async () => {
    const badRequest = (err: unknown) =>
      err instanceof GraphRequestError && err.status === 400 && typeof err.body === "object" && err.body.error.code === validator.errorCode("GET", countPath, 400);
    await assert.rejects(countAssignments(writer, configurationId, { filter: "isof(target)" }), badRequest);
    await assert.rejects(getAssignment(writer, configurationId, group1.id!, { select: ["displayName"] }), badRequest);
    await assert.rejects(async () => {
      for await (const _ of listAllAssignments(writer, configurationId, { orderBy: ["displayName"] })) void _;
    }, badRequest);
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
  const group = (groupId: string): NewAssignment => ({ target: makeTarget("groupAssignmentTarget", { groupId }) });
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
      name: "400 a $filter that does not parse, on $count",
      status: 400,
      method: "GET",
      path: countPath,
      send: (id) => writer.GET(countPath, { params: { path, query: { $filter: "target/groupId eq" } }, headers: headers(id) }),
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
      name: "404 the $count of an unknown configuration",
      status: 404,
      method: "GET",
      path: countPath,
      send: (id) =>
        writer.GET(countPath, {
          params: { path: { deviceEnrollmentConfigurationId: unknownConfigurationId } },
          headers: headers(id),
        }),
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
