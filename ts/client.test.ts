// The client's own behaviour, against a fetch that answers from a script:
// the bearer token, and a pager that follows `@odata.nextLink` unchanged but
// never to another origin. The contract test runs the same code against the
// emulator.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createAssignmentsClient, GraphRequestError, listAllAssignments, type AssignmentPage, type GraphError } from "./client.js";

const base = "http://emulator.test/beta";
const list = `${base}/deviceManagement/deviceEnrollmentConfigurations/cfg/assignments`;

/** scripted returns a fetch that answers each URL from answers and records every request. */
function scripted(answers: Record<string, { status: number; body: unknown }>) {
  const seen: Request[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    seen.push(request);
    const answer = answers[request.url];
    if (!answer) return new Response(`no answer for ${request.url}`, { status: 599 });
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
