// The target helpers: both spellings of every variant's `@odata.type` fold into
// one kind, unknown names are refused, and every target in the spec's
// examples classifies as the type it names.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { repoRoot } from "./contract/emulator.js";
import { loadSpec } from "./contract/spec.js";
import {
  classifyTarget,
  isTargetKind,
  makeTarget,
  odataTypeOf,
  sameTargetType,
  targetKindOf,
  targetKinds,
  unreachable,
  UnknownTargetTypeError,
  type AssignmentTarget,
  type ClassifiedTarget,
  type TargetKind,
  type TargetProps,
} from "./targets.js";

/** describeTarget is the exhaustive switch a user writes; it stops compiling when a kind is added. */
function describeTarget(c: ClassifiedTarget): string {
  switch (c.kind) {
    case "deviceAndAppManagementAssignmentTarget":
      return "base";
    case "allDevicesAssignmentTarget":
      return "all devices";
    case "allLicensedUsersAssignmentTarget":
      return "all licensed users";
    case "groupAssignmentTarget":
      return `group ${c.target.groupId}`;
    case "exclusionGroupAssignmentTarget":
      return `not group ${c.target.groupId}`;
    case "configurationManagerCollectionAssignmentTarget":
      return `collection ${c.target.collectionId}`;
    default:
      return unreachable(c);
  }
}

// The smallest props of each kind: its required properties.
const minimal: { [K in TargetKind]: TargetProps<K> } = {
  deviceAndAppManagementAssignmentTarget: {},
  allDevicesAssignmentTarget: {},
  allLicensedUsersAssignmentTarget: {},
  groupAssignmentTarget: { groupId: "g-1" },
  exclusionGroupAssignmentTarget: { groupId: "g-2" },
  configurationManagerCollectionAssignmentTarget: { collectionId: "SMS00001" },
};

describe("every kind in both spellings", () => {
  assert.equal(targetKinds.length, 6);
  for (const kind of targetKinds) {
    for (const hash of [true, false]) {
      test(`${kind} ${hash ? "with" : "without"} #`, () => {
        const odataType = odataTypeOf(kind, { hash });
        assert.equal(odataType, `${hash ? "#" : ""}microsoft.graph.${kind}`);
        assert.equal(targetKindOf(odataType), kind);

        const target: AssignmentTarget = makeTarget(kind, minimal[kind], { hash });
        assert.equal(target["@odata.type"], odataType);
        const c = classifyTarget(target);
        assert.equal(c.kind, kind);
        assert.equal(c.target, target);
        assert.ok(isTargetKind(target, kind));
        assert.ok(sameTargetType(odataType, odataTypeOf(kind, { hash: !hash })));
        assert.match(describeTarget(c), /^(base|all|group|not group|collection)/);
      });
    }
  }
});

describe("names that are no target type", () => {
  const names = [
    "#microsoft.graph.userAssignmentTarget",
    "groupAssignmentTarget",
    "##microsoft.graph.groupAssignmentTarget",
    "#microsoft.graph.GroupAssignmentTarget",
    "#microsoft.graph.constructor",
    "#microsoft.graph.enrollmentConfigurationAssignment",
    "",
  ];
  for (const name of names) {
    test(JSON.stringify(name), () => {
      assert.equal(targetKindOf(name), undefined);
      assert.equal(sameTargetType(name, name), false);
      const target = { "@odata.type": name } as unknown as AssignmentTarget;
      assert.throws(() => classifyTarget(target), (err: unknown) => err instanceof UnknownTargetTypeError && err.odataType === name);
    });
  }
  test("a missing @odata.type", () => {
    assert.throws(() => classifyTarget({} as AssignmentTarget), UnknownTargetTypeError);
  });
  test("unreachable throws for a value the types exclude", () => {
    assert.throws(() => unreachable({ kind: "userAssignmentTarget" } as never), /userAssignmentTarget/);
  });
});

describe("makeTarget", () => {
  test("writes # by default and keeps the props", () => {
    const target = makeTarget("groupAssignmentTarget", { groupId: "g", deviceAndAppManagementAssignmentFilterType: "include" });
    assert.deepEqual(target, {
      "@odata.type": "#microsoft.graph.groupAssignmentTarget",
      groupId: "g",
      deviceAndAppManagementAssignmentFilterType: "include",
    });
  });
  test("without #", () => {
    const target = makeTarget("allDevicesAssignmentTarget", {}, { hash: false });
    assert.deepEqual(target, { "@odata.type": "microsoft.graph.allDevicesAssignmentTarget" });
  });
});

/** Compile-time checks only: tsc fails when one of these lines stops being an error. */
export function rejectedByTheTypes(): void {
  // @ts-expect-error a group target needs groupId
  makeTarget("groupAssignmentTarget", {});
  // @ts-expect-error all devices has no groupId
  makeTarget("allDevicesAssignmentTarget", { groupId: "g" });
  // @ts-expect-error no such kind
  makeTarget("userAssignmentTarget", {});
  // @ts-expect-error the variants are exclusive: a group's type with a collection's props
  const mixed: AssignmentTarget = { "@odata.type": "#microsoft.graph.groupAssignmentTarget", groupId: "g", collectionId: "c" };
  void mixed;
}

/** targetsIn collects every object under a `target` key in the spec's examples. */
function targetsIn(node: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) for (const item of node) targetsIn(item, out);
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "target" && typeof value === "object" && value !== null && "@odata.type" in value) out.push(value);
      else targetsIn(value, out);
    }
  }
  return out;
}

test("every target in the spec's examples classifies as the type it names", async () => {
  const spec = await loadSpec(repoRoot());
  const targets = targetsIn((spec["components"] as { examples: unknown }).examples) as AssignmentTarget[];
  assert.ok(targets.length >= 10, `only ${targets.length} targets in the examples`);
  const seen = new Set<string>();
  for (const target of targets) {
    const c = classifyTarget(target);
    assert.equal(target["@odata.type"].replace(/^#/, ""), `microsoft.graph.${c.kind}`);
    seen.add(c.kind);
  }
  assert.deepEqual([...seen].sort(), [...targetKinds].sort());
});
