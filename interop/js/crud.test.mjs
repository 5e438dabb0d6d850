// Creates, reads, patches, deletes and assigns through the Graph client,
// and Graph's errors as the client's GraphError.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { startEmulator } from "./emulator.mjs";
import { assignments, client, create, credential, target, targetTypes } from "./graph.mjs";

const unknownAssignment = "00000000-0000-0000-0000-000000000000";

let emulator;
let writer;
let reader;

before(async () => {
  emulator = await startEmulator();
  writer = client(emulator, credential(emulator, emulator.writer));
  reader = client(emulator, credential(emulator, emulator.reader));
});

after(() => emulator?.stop());

/** The parts of an assignment that the tests compare. */
function shape(a) {
  return { target: a.target, sourceId: a.sourceId };
}

/** Asserts that call rejects with the client's GraphError of status and code. */
async function rejectsWith(call, statusCode, code) {
  await assert.rejects(call, (err) => {
    assert.equal(err.constructor.name, "GraphError");
    assert.deepEqual({ statusCode: err.statusCode, code: err.code }, { statusCode, code });
    return true;
  });
}

describe("create and get each target type", () => {
  for (const [odataType, keyName] of targetTypes) {
    test(odataType, async () => {
      const configuration = emulator.newConfiguration();
      const want = target(odataType, keyName && `key-${odataType}`);
      const created = await create(writer, configuration, want);
      assert.equal(created["@odata.type"], "#microsoft.graph.enrollmentConfigurationAssignment");
      assert.deepEqual(created.target, want, "the create's answer");
      const got = await writer.api(assignments(configuration, created.id)).get();
      assert.equal(got.id, created.id);
      assert.deepEqual(got.target, want, "the get's answer");
    });
  }
});

describe("patch", () => {
  const tests = [
    ["target", { target: target("#microsoft.graph.exclusionGroupAssignmentTarget", "group-2") }],
    ["sourceId", { sourceId: "source-2" }],
    [
      "target and sourceId",
      { target: target("#microsoft.graph.configurationManagerCollectionAssignmentTarget", "c-3"), sourceId: "source-3" },
    ],
  ];
  for (const [name, patch] of tests) {
    test(name, async () => {
      const configuration = emulator.newConfiguration();
      const original = { target: target("#microsoft.graph.groupAssignmentTarget", "group-1"), sourceId: "source-1" };
      const created = await create(writer, configuration, original.target, original.sourceId);
      const want = { ...original, ...patch };
      const answer = await writer.api(assignments(configuration, created.id)).patch(patch);
      assert.deepEqual(shape(answer), want, "the patch's answer");
      const got = await writer.api(assignments(configuration, created.id)).get();
      assert.deepEqual(shape(got), want, "a get after the patch");
    });
  }
});

test("delete, then get is 404", async () => {
  const configuration = emulator.newConfiguration();
  const created = await create(writer, configuration, target("#microsoft.graph.allDevicesAssignmentTarget"));
  await writer.api(assignments(configuration, created.id)).delete();
  await rejectsWith(writer.api(assignments(configuration, created.id)).get(), 404, "ResourceNotFound");
});

test("assign replaces the set", async () => {
  const configuration = emulator.newConfiguration();
  const old = [
    (await create(writer, configuration, target("#microsoft.graph.allDevicesAssignmentTarget"))).id,
    (await create(writer, configuration, target("#microsoft.graph.groupAssignmentTarget", "group-old"))).id,
  ];
  const wanted = [
    target("#microsoft.graph.exclusionGroupAssignmentTarget", "group-new"),
    target("#microsoft.graph.allLicensedUsersAssignmentTarget"),
  ];
  await writer
    .api(`/deviceManagement/deviceEnrollmentConfigurations/${configuration}/assign`)
    .post({ enrollmentConfigurationAssignments: wanted.map((t) => ({ target: t })) });
  const listed = (await writer.api(assignments(configuration)).get()).value;
  assert.deepEqual(listed.filter((a) => old.includes(a.id)), [], "assignments from before the assign");
  const byType = (a, b) => a["@odata.type"].localeCompare(b["@odata.type"]);
  assert.deepEqual(listed.map((a) => a.target).sort(byType), [...wanted].sort(byType));
});

test("an unknown assignment is 404", async () => {
  const unknown = writer.api(assignments(emulator.newConfiguration(), unknownAssignment));
  await rejectsWith(unknown.get(), 404, "ResourceNotFound");
});

test("an unknown configuration is 404", async () => {
  await rejectsWith(writer.api(assignments("unknown-configuration")).get(), 404, "ResourceNotFound");
});

test("the reader app lists but cannot create", async () => {
  const configuration = emulator.newConfiguration();
  assert.deepEqual((await reader.api(assignments(configuration)).get()).value, []);
  const allDevices = target("#microsoft.graph.allDevicesAssignmentTarget");
  await rejectsWith(create(reader, configuration, allDevices), 403, "Forbidden");
});
