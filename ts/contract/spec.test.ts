// The facts spec.ts reads from the spec: found in openapi.yaml, and a clear
// error when the spec does not state them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { repoRoot } from "./emulator.js";
import { assignmentType, exampleConfigurationId, loadSpec, maxTop, readScope, writeScope, type JsonObject } from "./spec.js";

const spec = await loadSpec(repoRoot());

/** The parts of the spec the cases below change. */
interface Operation {
  operationId?: string;
  security?: unknown;
}
interface Spec {
  security?: unknown;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties: Record<string, unknown> }>;
    parameters: Record<string, { example?: unknown; schema: { maximum?: unknown } }>;
  };
}

/** changed is a copy of the spec with edit applied. */
function changed(edit: (copy: Spec) => void): JsonObject {
  const copy = structuredClone(spec);
  edit(copy as unknown as Spec);
  return copy;
}

/** operation is the operation of copy with that operationId. */
function operation(copy: Spec, id: string): Operation {
  const op = Object.values(copy.paths)
    .flatMap((item) => Object.values(item))
    .find((o) => o.operationId === id);
  assert.ok(op, `no operation ${id}`);
  return op;
}

test("the spec states each fact", () => {
  assert.notEqual(readScope(spec), writeScope(spec));
  assert.match(assignmentType(spec), /^#microsoft\.graph\./);
  assert.ok(Number.isInteger(maxTop(spec)) && maxTop(spec) >= 1);
  assert.ok(exampleConfigurationId(spec).length > 0);
});

test("an operation without security of its own has the document's", () => {
  const fallback = changed((c) => {
    delete operation(c, "createAssignment").security;
    c.security = [{ azureAD: ["Document.Scope"] }];
  });
  assert.equal(writeScope(fallback), "Document.Scope");
});

test("a fact the spec does not state throws", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["no createAssignment", () => writeScope(changed((c) => (operation(c, "createAssignment").operationId = "other"))), /no operation createAssignment/],
    ["two write scopes", () => writeScope(changed((c) => (operation(c, "createAssignment").security = [{ azureAD: ["a", "b"] }]))), /not one scope/],
    ["no read-only scope", () => readScope(changed((c) => (operation(c, "listAssignments").security = [{ azureAD: [writeScope(spec)] }]))), /no read-only scope/],
    [
      "no @odata.type",
      () => assignmentType(changed((c) => delete c.components.schemas["enrollmentConfigurationAssignment"]!.properties["@odata.type"])),
      /0 values with a leading #/,
    ],
    ["no $top maximum", () => maxTop(changed((c) => delete c.components.parameters["top"]!.schema.maximum)), /no maximum/],
    [
      "no configuration example",
      () => exampleConfigurationId(changed((c) => delete c.components.parameters["deviceEnrollmentConfigurationId"]!.example)),
      /no example/,
    ],
  ];
  for (const [name, call, message] of cases) assert.throws(call, message, name);
});
