// Lists through the Graph client: the PageIterator across every page,
// $select and $filter.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { PageIterator } from "@microsoft/microsoft-graph-client";

import { assignments, create, emulatorWithWriter, target } from "./graph.mjs";

const file = emulatorWithWriter();

test("PageIterator follows @odata.nextLink across every page", async () => {
  const configuration = file.emulator.newConfiguration();
  const want = [];
  for (let i = 0; i < 5; i++) {
    want.push((await create(file.writer, configuration, target("#microsoft.graph.allDevicesAssignmentTarget"))).id);
  }
  const first = await file.writer.api(assignments(configuration)).top(2).get();
  assert.equal(first.value.length, 2, "the first page of $top=2");
  const next = first["@odata.nextLink"];
  assert.ok(next?.startsWith(`${file.emulator.baseUrl}/`), `an absolute next link: ${next}`);
  const got = [];
  const iterator = new PageIterator(file.writer, first, (a) => {
    got.push(a.id);
    return true;
  });
  await iterator.iterate();
  assert.ok(iterator.isComplete(), "the iterator reached the last page");
  assert.deepEqual(got, want, "every assignment, in creation order");
});

test("$select=id,target leaves sourceId out", async () => {
  const configuration = file.emulator.newConfiguration();
  const group = target("#microsoft.graph.groupAssignmentTarget", "group-1");
  const created = await create(file.writer, configuration, group, "source-1");
  const page = await file.writer.api(assignments(configuration)).select(["id", "target"]).get();
  assert.deepEqual(
    page.value.map((a) => Object.fromEntries(Object.entries(a).filter(([k]) => !k.startsWith("@odata")))),
    [{ id: created.id, target: group }],
  );
});

describe("$filter", () => {
  const tests = [
    ["isof(target, 'microsoft.graph.groupAssignmentTarget')", ["group-1", "group-2"]],
    ["target/groupId eq 'group-2'", ["group-2"]],
  ];
  for (const [filter, groups] of tests) {
    test(filter, async () => {
      const configuration = file.emulator.newConfiguration();
      for (const t of [
        target("#microsoft.graph.allDevicesAssignmentTarget"),
        target("#microsoft.graph.groupAssignmentTarget", "group-1"),
        target("#microsoft.graph.groupAssignmentTarget", "group-2"),
        target("#microsoft.graph.configurationManagerCollectionAssignmentTarget", "collection-1"),
      ]) {
        await create(file.writer, configuration, t);
      }
      const page = await file.writer.api(assignments(configuration)).filter(filter).get();
      assert.deepEqual(
        page.value.map((a) => a.target),
        groups.map((g) => target("#microsoft.graph.groupAssignmentTarget", g)),
      );
    });
  }
});
