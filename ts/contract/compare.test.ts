// The rule of compare.ts lets through exactly the differences it names: a run
// of the examples that passes says nothing if the rule lets anything through.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { conform, type Generated } from "./compare.js";

const config = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions";
const other = "0a1b2c3d-0000-4000-8000-000000000000_Other";
const root = "http://127.0.0.1:8080/beta";
const graph = "https://graph.microsoft.com/beta";
const g: Generated = { root, configurationId: config, exampleConfigurationId: config };
const listContext = (base: string, id: string, tail = "") => `${base}/$metadata#deviceManagement/deviceEnrollmentConfigurations('${id}')/assignments${tail}`;
const listPath = (id: string) => `/deviceManagement/deviceEnrollmentConfigurations/${id}/assignments`;

/** matches reports whether got passes as example under the rule. */
function matches(example: unknown, got: unknown, generated: Generated = g): boolean {
  const { value, problems } = conform(example, got, generated);
  try {
    assert.deepEqual(value, example);
    return problems.length === 0;
  } catch {
    return false;
  }
}

const entity = {
  "@odata.type": "#microsoft.graph.enrollmentConfigurationAssignment",
  id: "705b021c-021c-705b-1c02-5b701c025b70",
  target: { "@odata.type": "microsoft.graph.groupAssignmentTarget", groupId: "g" },
};

describe("conform lets through", () => {
  const cases: { name: string; example: unknown; got: unknown; generated?: Generated }[] = [
    { name: "an equal body", example: entity, got: entity },
    {
      name: "# before a bare @odata.type",
      example: entity,
      got: { ...entity, target: { ...entity.target, "@odata.type": "#microsoft.graph.groupAssignmentTarget" } },
    },
    { name: "source direct where the example has none", example: entity, got: { ...entity, source: "direct" } },
    { name: "an @odata.context where the example has none", example: entity, got: { ...entity, "@odata.context": listContext(root, config, "/$entity") } },
    {
      name: "the example's @odata.context on the server's root",
      example: { ...entity, "@odata.context": listContext(graph, config, "(id,target)/$entity") },
      got: { ...entity, "@odata.context": listContext(root, config, "(id,target)/$entity") },
    },
    {
      name: "the example's @odata.context for the configuration in use",
      example: { value: [], "@odata.context": listContext(graph, config) },
      got: { value: [], "@odata.context": listContext(root, other) },
      generated: { ...g, configurationId: other },
    },
    { name: "a made-up GUID id", example: entity, got: { ...entity, id: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e" }, generated: { ...g, id: true } },
    {
      name: "a made-up GUID id where the example has none",
      example: { target: entity.target },
      got: { id: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", target: entity.target },
      generated: { ...g, id: true },
    },
    {
      name: "the next link on the server's host, query in another order",
      example: { value: [], "@odata.nextLink": `${graph}${listPath(config)}?$skip=2&$top=2` },
      got: { value: [], "@odata.nextLink": `${root}${listPath(config)}?$top=2&$skip=2` },
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.ok(matches(c.example, c.got, c.generated)));
  }
});

describe("conform refuses", () => {
  const cases: { name: string; example: unknown; got: unknown; generated?: Generated }[] = [
    { name: "another value", example: entity, got: { ...entity, target: { ...entity.target, groupId: "h" } } },
    { name: "a missing property", example: entity, got: { ...entity, target: undefined } },
    { name: "an extra property", example: entity, got: { ...entity, sourceId: "x" } },
    {
      name: "a bare @odata.type where the example has #",
      example: { ...entity, target: { ...entity.target, "@odata.type": "#microsoft.graph.groupAssignmentTarget" } },
      got: entity,
    },
    {
      name: "another type with #",
      example: entity,
      got: { ...entity, target: { ...entity.target, "@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget" } },
    },
    { name: "a source other than the default where the example has none", example: entity, got: { ...entity, source: "policySets" } },
    { name: "source direct where the example has another", example: { ...entity, source: "policySets" }, got: { ...entity, source: "direct" } },
    {
      name: "an @odata.context missing",
      example: { ...entity, "@odata.context": listContext(graph, config, "/$entity") },
      got: entity,
    },
    { name: "an @odata.context on another root", example: entity, got: { ...entity, "@odata.context": listContext(graph, config, "/$entity") } },
    {
      name: "an @odata.context of another selection",
      example: { ...entity, "@odata.context": listContext(graph, config, "(id,target)/$entity") },
      got: { ...entity, "@odata.context": listContext(root, config, "/$entity") },
    },
    {
      name: "an @odata.context of another configuration",
      example: { value: [], "@odata.context": listContext(graph, config) },
      got: { value: [], "@odata.context": listContext(root, other) },
    },
    { name: "another id", example: entity, got: { ...entity, id: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e" } },
    { name: "a made-up id that is not a GUID", example: entity, got: { ...entity, id: "x" }, generated: { ...g, id: true } },
    {
      name: "a next link with another query",
      example: { value: [], "@odata.nextLink": `${graph}${listPath(config)}?$skip=2&$top=2` },
      got: { value: [], "@odata.nextLink": `${root}${listPath(config)}?$skip=3&$top=2` },
    },
    {
      name: "a next link off the server's root",
      example: { value: [], "@odata.nextLink": `${graph}${listPath(config)}?$skip=2&$top=2` },
      got: { value: [], "@odata.nextLink": `http://elsewhere.test/beta${listPath(config)}?$skip=2&$top=2` },
    },
    {
      name: "a next link missing",
      example: { value: [], "@odata.nextLink": `${graph}${listPath(config)}?$skip=2&$top=2` },
      got: { value: [] },
    },
    { name: "a next link where the example has none", example: { value: [] }, got: { value: [], "@odata.nextLink": `${root}${listPath(config)}?$skip=2` } },
  ];
  for (const c of cases) {
    test(c.name, () => assert.ok(!matches(c.example, c.got, c.generated)));
  }
});
