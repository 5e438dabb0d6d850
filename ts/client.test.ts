// The client's own behaviour, against a fetch that answers from a script:
// the bearer token, a pager that follows `@odata.nextLink` unchanged but
// never to another origin, the query options as they are sent, and the
// plain-text `$count`. The contract test runs the same code against the
// emulator.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  countAssignments,
  createAssignmentsClient,
  getAssignment,
  getQuery,
  GraphRequestError,
  listAllAssignments,
  listQuery,
  parseCount,
  type AssignmentPage,
  type GraphError,
  type ListOptions,
  type ListQuery,
} from "./client.js";

const base = "http://emulator.test/beta";
const list = `${base}/deviceManagement/deviceEnrollmentConfigurations/cfg/assignments`;
const count = `${list}/$count`;

/** Answer is a scripted response: JSON, or text of the given Content-Type. */
type Answer = { status: number; body: unknown } | { status: number; text: string; type: string };

/** scripted returns a fetch that answers each URL from answers and records every request. */
function scripted(answers: Record<string, Answer>) {
  const seen: Request[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    seen.push(request);
    const answer = answers[request.url];
    if (!answer) return new Response(`no answer for ${request.url}`, { status: 599 });
    if ("text" in answer) return new Response(answer.text, { status: answer.status, headers: { "Content-Type": answer.type } });
    return Response.json(answer.body, { status: answer.status });
  };
  return { fetch, seen };
}

const page = (ids: string[], next?: string): AssignmentPage => ({
  value: ids.map((id) => ({ id, target: { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" } })),
  ...(next === undefined ? {} : { "@odata.nextLink": next }),
});

describe("listAllAssignments", () => {
  test("follows @odata.nextLink unchanged, with the token, until a page has none", async () => {
    const second = `${base}/deviceManagement/deviceEnrollmentConfigurations/cfg/assignments?$skiptoken=opaque%2Fvalue&$top=2`;
    const { fetch, seen } = scripted({
      [`${list}?$top=2`]: { status: 200, body: page(["a", "b"], second) },
      [second]: { status: 200, body: page(["c"]) },
    });
    let issued = 0;
    const client = createAssignmentsClient({ baseUrl: base, fetch, token: () => `t${++issued}` });
    const pages: AssignmentPage[] = [];
    for await (const p of listAllAssignments(client, "cfg", { top: 2 })) pages.push(p);

    assert.deepEqual(pages.map((p) => p.value.map((a) => a.id)), [["a", "b"], ["c"]]);
    assert.deepEqual(seen.map((r) => r.url), [`${list}?$top=2`, second]);
    assert.deepEqual(seen.map((r) => r.headers.get("Authorization")), ["Bearer t1", "Bearer t2"]);
  });

  test("refuses a next link to another origin before sending anything there", async () => {
    const { fetch, seen } = scripted({
      [list]: { status: 200, body: page(["a"], "https://elsewhere.test/beta/steal") },
    });
    const client = createAssignmentsClient({ baseUrl: base, fetch, token: "secret" });
    await assert.rejects(async () => {
      for await (const _ of listAllAssignments(client, "cfg")) void _;
    }, /elsewhere\.test.*refusing/);
    assert.deepEqual(seen.map((r) => r.url), [list]);
  });

  test("throws GraphRequestError with the typed error body", async () => {
    const body: GraphError = { error: { code: "ResourceNotFound", message: "no such configuration" } };
    const { fetch } = scripted({ [list]: { status: 404, body } });
    const client = createAssignmentsClient({ baseUrl: base, fetch });
    await assert.rejects(
      async () => {
        for await (const _ of listAllAssignments(client, "cfg")) void _;
      },
      (err: unknown) => err instanceof GraphRequestError && err.status === 404 && typeof err.body === "object" && err.body.error.code === "ResourceNotFound",
    );
  });
});

test("a client without a token sends no Authorization", async () => {
  const { fetch, seen } = scripted({ [list]: { status: 200, body: page([]) } });
  const client = createAssignmentsClient({ baseUrl: base, fetch });
  const { data } = await client.GET("/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments", {
    params: { path: { deviceEnrollmentConfigurationId: "cfg" } },
  });
  assert.deepEqual(data, { value: [] });
  assert.equal(seen[0]?.headers.get("Authorization"), null);
});

// The URLs are as a Request holds them: the WHATWG URL parser escapes the
// quote (') of a query, which encodeURIComponent keeps.
describe("query options", () => {
  const cases: { name: string; options: ListOptions; query: ListQuery; url: string }[] = [
    { name: "none", options: {}, query: {}, url: list },
    { name: "$top and $skip", options: { top: 2, skip: 4 }, query: { $top: 2, $skip: 4 }, url: `${list}?$top=2&$skip=4` },
    { name: "$select", options: { select: ["id", "target"] }, query: { $select: "id,target" }, url: `${list}?$select=id%2Ctarget` },
    { name: "empty $select", options: { select: [] }, query: {}, url: list },
    {
      name: "$filter",
      options: { filter: "isof(target, 'microsoft.graph.groupAssignmentTarget')" },
      query: { $filter: "isof(target, 'microsoft.graph.groupAssignmentTarget')" },
      url: `${list}?$filter=isof(target%2C%20%27microsoft.graph.groupAssignmentTarget%27)`,
    },
    {
      name: "$filter with characters a query gives a meaning",
      options: { filter: "sourceId eq 'a&b=c+d%#'" },
      query: { $filter: "sourceId eq 'a&b=c+d%#'" },
      url: `${list}?$filter=sourceId%20eq%20%27a%26b%3Dc%2Bd%25%23%27`,
    },
    { name: "empty $filter", options: { filter: "" }, query: {}, url: list },
    { name: "$orderby", options: { orderBy: ["source", "id desc"] }, query: { $orderby: "source,id desc" }, url: `${list}?$orderby=source%2Cid%20desc` },
    { name: "$count", options: { count: true }, query: { $count: true }, url: `${list}?$count=true` },
    { name: "$count false", options: { count: false }, query: {}, url: list },
  ];
  for (const c of cases) {
    test(`listAllAssignments sends ${c.name}`, async () => {
      assert.deepEqual(listQuery(c.options), c.query);
      const { fetch, seen } = scripted({ [c.url]: { status: 200, body: page(["a"]) } });
      const client = createAssignmentsClient({ baseUrl: base, fetch });
      for await (const _ of listAllAssignments(client, "cfg", c.options)) void _;
      assert.deepEqual(seen.map((r) => r.url), [c.url]);
    });
  }

  test("the next link is followed as the service wrote it, options and all", async () => {
    const first = `${list}?$top=1&$filter=source%20eq%20%27direct%27&$count=true`;
    const second = `${list}?$filter=source%20eq%20%27direct%27&$count=true&$skip=1&$top=1`;
    const counted = (p: AssignmentPage): AssignmentPage => ({ ...p, "@odata.count": 2 });
    const { fetch, seen } = scripted({
      [first]: { status: 200, body: counted(page(["a"], second)) },
      [second]: { status: 200, body: counted(page(["b"])) },
    });
    const client = createAssignmentsClient({ baseUrl: base, fetch });
    const pages: AssignmentPage[] = [];
    for await (const p of listAllAssignments(client, "cfg", { top: 1, filter: "source eq 'direct'", count: true })) pages.push(p);
    assert.deepEqual(seen.map((r) => r.url), [first, second]);
    assert.deepEqual(pages.map((p) => [p["@odata.count"], p.value.map((a) => a.id)]), [[2, ["a"]], [2, ["b"]]]);
  });

  const refused: { name: string; options: ListOptions; message: RegExp }[] = [
    { name: "an empty $select item", options: { select: ["id", ""] }, message: /select\[1\] is empty/ },
    { name: "a comma in a $select item", options: { select: ["id,target"] }, message: /select\[0\].*comma/ },
    { name: "an empty $orderby item", options: { orderBy: [""] }, message: /orderBy\[0\] is empty/ },
    { name: "a comma in an $orderby item", options: { orderBy: ["id", "source desc,id"] }, message: /orderBy\[1\].*comma/ },
  ];
  for (const c of refused) {
    test(`refuses ${c.name} before sending`, async () => {
      const { fetch, seen } = scripted({});
      const client = createAssignmentsClient({ baseUrl: base, fetch });
      await assert.rejects(async () => {
        for await (const _ of listAllAssignments(client, "cfg", c.options)) void _;
      }, (err: unknown) => err instanceof RangeError && c.message.test(err.message));
      assert.deepEqual(seen, []);
    });
  }
});

describe("getAssignment", () => {
  test("sends $select and returns the assignment", async () => {
    const url = `${list}/a1?$select=id%2Ctarget`;
    const body = { id: "a1", target: { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" } };
    const { fetch, seen } = scripted({ [url]: { status: 200, body } });
    const client = createAssignmentsClient({ baseUrl: base, fetch });
    assert.deepEqual(getQuery({ select: ["id", "target"] }), { $select: "id,target" });
    assert.deepEqual(await getAssignment(client, "cfg", "a1", { select: ["id", "target"] }), body);
    assert.deepEqual(seen.map((r) => r.url), [url]);
  });

  test("without options sends no query", async () => {
    const { fetch, seen } = scripted({ [`${list}/a1`]: { status: 200, body: { id: "a1" } } });
    await getAssignment(createAssignmentsClient({ baseUrl: base, fetch }), "cfg", "a1");
    assert.deepEqual(seen.map((r) => r.url), [`${list}/a1`]);
  });

  test("throws GraphRequestError on an error status", async () => {
    const body: GraphError = { error: { code: "ResourceNotFound", message: "no such assignment" } };
    const { fetch } = scripted({ [`${list}/a1`]: { status: 404, body } });
    await assert.rejects(getAssignment(createAssignmentsClient({ baseUrl: base, fetch }), "cfg", "a1"), (err: unknown) => err instanceof GraphRequestError && err.status === 404);
  });
});

describe("countAssignments", () => {
  const filtered = `${count}?$filter=isof(target%2C%20%27microsoft.graph.groupAssignmentTarget%27)`;
  const cases: { name: string; answer: Answer; want: number | RegExp; filter?: string }[] = [
    { name: "a count", answer: { status: 200, text: "4", type: "text/plain" }, want: 4 },
    { name: "a count with a charset", answer: { status: 200, text: "12", type: "text/plain; charset=utf-8" }, want: 12 },
    { name: "zero", answer: { status: 200, text: "0", type: "text/plain" }, want: 0 },
    { name: "a filtered count", filter: "isof(target, 'microsoft.graph.groupAssignmentTarget')", answer: { status: 200, text: "2", type: "text/plain" }, want: 2 },
    { name: "a count behind a byte order mark", answer: { status: 200, text: "\uFEFF7", type: "text/plain" }, want: 7 },
    { name: "a negative count", answer: { status: 200, text: "-1", type: "text/plain" }, want: /not a non-negative integer/ },
    { name: "a fraction", answer: { status: 200, text: "2.0", type: "text/plain" }, want: /not a non-negative integer/ },
    { name: "a line break", answer: { status: 200, text: "2\n", type: "text/plain" }, want: /not a non-negative integer/ },
    { name: "an empty body", answer: { status: 200, text: "", type: "text/plain" }, want: /not a non-negative integer/ },
    { name: "a count beyond safe integers", answer: { status: 200, text: "9007199254740993", type: "text/plain" }, want: /MAX_SAFE_INTEGER/ },
    { name: "JSON", answer: { status: 200, body: 4 }, want: /not text\/plain/ },
    { name: "another success status", answer: { status: 202, text: "4", type: "text/plain" }, want: /unexpected status 202/ },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const url = c.filter === undefined ? count : filtered;
      const { fetch, seen } = scripted({ [url]: c.answer });
      const client = createAssignmentsClient({ baseUrl: base, fetch, token: "t" });
      const call = countAssignments(client, "cfg", c.filter === undefined ? {} : { filter: c.filter });
      if (typeof c.want === "number") assert.equal(await call, c.want);
      else await assert.rejects(call, c.want);
      assert.deepEqual(seen.map((r) => r.url), [url]);
      assert.match(seen[0]?.headers.get("Accept") ?? "", /^text\/plain/);
      assert.equal(seen[0]?.headers.get("Authorization"), "Bearer t");
    });
  }

  test("throws GraphRequestError with the typed error body", async () => {
    const body: GraphError = { error: { code: "BadRequest", message: "$filter: syntax error at position 1", target: "$filter" } };
    const { fetch } = scripted({ [`${count}?$filter=x`]: { status: 400, body } });
    const client = createAssignmentsClient({ baseUrl: base, fetch });
    await assert.rejects(
      countAssignments(client, "cfg", { filter: "x" }),
      (err: unknown) => err instanceof GraphRequestError && err.status === 400 && typeof err.body === "object" && err.body.error.target === "$filter",
    );
  });
});

test("parseCount reads digits only", () => {
  assert.equal(parseCount("0"), 0);
  assert.equal(parseCount("42"), 42);
  assert.equal(parseCount("\uFEFF42"), 42);
  assert.equal(parseCount(String(Number.MAX_SAFE_INTEGER)), Number.MAX_SAFE_INTEGER);
  for (const bad of ["", " 1", "1 ", "+1", "-1", "1e3", "0x10", "1,000", "\uFEFF", "\uFEFF\uFEFF1"]) {
    assert.throws(() => parseCount(bad), RangeError, JSON.stringify(bad));
  }
});
