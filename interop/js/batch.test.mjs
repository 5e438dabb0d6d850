// JSON batches built with the client's BatchRequestContent, sent to /$batch
// and read with its BatchResponseContent.
//
// An item is a fetch Request, which Node only builds from an absolute URL,
// and BatchRequestContent 3.0.7 writes that URL without its scheme and host
// only: a Request on the base URL keeps the version (`/beta/...`), which
// Graph refuses, while a Request on the bare origin gives the relative
// `/deviceManagement/...` Graph asks for.
import assert from "node:assert/strict";
import { test } from "node:test";

import { BatchRequestContent, BatchResponseContent } from "@microsoft/microsoft-graph-client";

import { assignments, emulatorWithWriter, target } from "./graph.mjs";

const file = emulatorWithWriter();

/** A batch step that creates an assignment of t through the Request at url. */
function createStep(id, url, t) {
  const body = { "@odata.type": "#microsoft.graph.enrollmentConfigurationAssignment", target: t };
  const request = new Request(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { id, request };
}

/** The batch of steps, each depending on the one before, as BatchRequestContent writes it. */
async function chain(steps) {
  const content = new BatchRequestContent(steps);
  for (let i = 1; i < steps.length; i++) content.addDependency(steps[i].id, steps[i - 1].id);
  return content.getContent();
}

const targets = [
  target("#microsoft.graph.groupAssignmentTarget", "group-1"),
  target("#microsoft.graph.exclusionGroupAssignmentTarget", "group-2"),
  target("#microsoft.graph.allDevicesAssignmentTarget"),
];

test("items on the base URL keep /beta/: the batch is refused as Graph refuses it", async () => {
  const configuration = file.emulator.newConfiguration();
  const path = assignments(configuration);
  const payload = await chain(targets.map((t, i) => createStep(String(i + 1), file.emulator.baseUrl + path, t)));
  assert.deepEqual(
    payload.requests.map((r) => [r.url, r.dependsOn]),
    [[`/beta${path}`, undefined], [`/beta${path}`, ["1"]], [`/beta${path}`, ["2"]]],
    "what the client writes",
  );
  await assert.rejects(file.writer.api("/$batch").post(payload), (err) => {
    assert.equal(err.constructor.name, "GraphError");
    const got = { statusCode: err.statusCode, code: err.code, message: err.message };
    assert.deepEqual(got, { statusCode: 400, code: "BadRequest", message: "Invalid batch payload format." });
    return true;
  });
  assert.deepEqual((await file.writer.api(path).get()).value, [], "assignments after the refused batch");
});

test("items on the origin: a dependsOn chain creates, BatchResponseContent reads the answers", async () => {
  const configuration = file.emulator.newConfiguration();
  const path = assignments(configuration);
  const origin = new URL(file.emulator.baseUrl).origin;
  const steps = targets.map((t, i) => createStep(String(i + 1), origin + path, t));
  steps.push({ id: "list", request: new Request(origin + path) });
  const payload = await chain(steps);
  assert.deepEqual(
    payload.requests.map((r) => [r.id, r.url, r.dependsOn]),
    [["1", path, undefined], ["2", path, ["1"]], ["3", path, ["2"]], ["list", path, ["3"]]],
    "what the client writes",
  );

  const answers = new BatchResponseContent(await file.writer.api("/$batch").post(payload));
  assert.equal(answers.getResponses().size, steps.length);
  const created = [];
  for (const [i, want] of targets.entries()) {
    const response = answers.getResponseById(String(i + 1));
    assert.equal(response.status, 201, `create ${i + 1}`);
    // BatchResponseContent re-serialises a JSON body only under the header
    // key `Content-Type`, in that case: the emulator's answers keep it.
    const body = await response.json();
    assert.deepEqual(body.target, want, `create ${i + 1}`);
    assert.match(response.headers.get("Content-Type"), /^application\/json/, `create ${i + 1}`);
    created.push(body.id);
  }
  // The list ran after the last create: it holds all three.
  const list = answers.getResponseById("list");
  assert.equal(list.status, 200);
  assert.deepEqual((await list.json()).value.map((a) => a.id), created);
});

test("a failed dependency answers 424 and its dependent does not run", async () => {
  const configuration = file.emulator.newConfiguration();
  const origin = new URL(file.emulator.baseUrl).origin;
  const payload = await chain([
    createStep("1", origin + assignments("unknown-configuration"), targets[0]),
    createStep("2", origin + assignments(configuration), targets[1]),
  ]);
  const answers = new BatchResponseContent(await file.writer.api("/$batch").post(payload));
  const [first, second] = ["1", "2"].map((id) => answers.getResponseById(id));
  assert.deepEqual([first.status, (await first.json()).error.code], [404, "ResourceNotFound"]);
  assert.deepEqual([second.status, (await second.json()).error.code], [424, "FailedDependency"]);
  assert.deepEqual((await file.writer.api(assignments(configuration)).get()).value, [], "assignments after the batch");
});
