// The rule of vectors.ts lets through exactly the differences a case's
// mayDiffer rules name: a run of the cases that passes says nothing if the
// rule lets anything through.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Json } from "./spec.js";
import { check, type Expect, type Rule } from "./vectors.js";

const config = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions";
const other = "0a1b2c3d-0000-4000-8000-000000000000_Other";
const root = "http://127.0.0.1:8080/beta";
const graph = "https://graph.microsoft.com/beta";
const requestId = "5c4d3e2f-1a0b-4c9d-b8e7-f6a5b4c3d2e1";
const listContext = (base: string, id: string, tail = "") => `${base}/$metadata#deviceManagement/deviceEnrollmentConfigurations('${id}')/assignments${tail}`;
const listPath = (id: string) => `/deviceManagement/deviceEnrollmentConfigurations/${id}/assignments`;

/** matches reports whether got passes as the expected body under rules. */
function matches(body: Json, got: unknown, rules: Rule[] = [], status = 200): boolean {
  const expect: Expect = { status: 200, mediaType: "application/json", body, mayDiffer: rules };
  const result = check(expect, { status, headers: new Headers({ "request-id": requestId }), body: got }, root, graph);
  try {
    assert.deepStrictEqual(result.got, result.want);
    return result.problems.length === 0;
  } catch {
    return false;
  }
}

const entity = {
  "@odata.type": "#microsoft.graph.enrollmentConfigurationAssignment",
  id: "705b021c-021c-705b-1c02-5b701c025b70",
  target: { "@odata.type": "#microsoft.graph.groupAssignmentTarget", groupId: "g" },
};
const generatedId: Rule = { pointer: "/id", rule: "guid" };
const context: Rule = { pointer: "/@odata.context", rule: "metadataUrl" };
const sameContext: Rule = { pointer: "/@odata.context", rule: "rootUrl" };
const nextLink: Rule = { pointer: "/@odata.nextLink", rule: "rootUrl" };
const source: Rule = { pointer: "/source", rule: "default", value: "direct" };
const error = {
  error: {
    code: "ResourceNotFound",
    message: "deviceEnrollmentConfiguration 'x' was not found.",
    innerError: { "request-id": "0b9c8d7e-6f5a-4b4c-8d3e-e1f0a9b8c7d6", "client-request-id": "c", date: "2026-01-15T10:20:30Z" },
  },
};
const errorRules: Rule[] = [
  { pointer: "/error/innerError/request-id", rule: "requestId" },
  { pointer: "/error/innerError/date", rule: "dateTime" },
  { pointer: "/error/message", rule: "nonEmpty" },
  { pointer: "/error/target", rule: "any" },
  { pointer: "/error/details", rule: "any" },
];
// A batch's answers, in any order; the rules after anyOrder point into the sorted array.
const batch = { responses: [{ id: "1", status: 201, body: entity }, { id: "2", status: 204 }] };
const batchRules: Rule[] = [
  { pointer: "/responses", rule: "anyOrder", value: "id" },
  { pointer: "/responses/0/body/id", rule: "guid" },
];
const madeUp = { ...entity, id: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e" };
const answered = (message: string, rid = requestId, date = "2026-12-07T19:28:40Z") => ({
  error: { ...error.error, message, innerError: { ...error.error.innerError, "request-id": rid, date } },
});

interface Case {
  readonly name: string;
  readonly body: Json;
  readonly got: unknown;
  readonly rules?: Rule[];
}

describe("check lets through", () => {
  const cases: Case[] = [
    { name: "an equal body", body: entity, got: entity },
    { name: "source direct where the expected body has none", body: entity, got: { ...entity, source: "direct" }, rules: [source] },
    { name: "no source where the rule allows direct", body: entity, got: entity, rules: [source] },
    { name: "an @odata.context where the expected body has none", body: entity, got: { ...entity, "@odata.context": listContext(root, config, "/$entity") }, rules: [context] },
    { name: "no @odata.context where the rule allows one", body: entity, got: entity, rules: [context] },
    {
      name: "the expected @odata.context on the server's root",
      body: { ...entity, "@odata.context": listContext(graph, config, "(id,target)/$entity") },
      got: { ...entity, "@odata.context": listContext(root, config, "(id,target)/$entity") },
      rules: [sameContext],
    },
    { name: "a made-up GUID id", body: entity, got: { ...entity, id: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e" }, rules: [generatedId] },
    {
      name: "a made-up GUID id in a page",
      body: { value: [{ target: entity.target }] },
      got: { value: [{ id: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", target: entity.target }] },
      rules: [{ pointer: "/value/0/id", rule: "guid" }],
    },
    {
      name: "the next link on the server's root",
      body: { value: [], "@odata.nextLink": `${graph}${listPath(config)}?$skip=2&$top=2` },
      got: { value: [], "@odata.nextLink": `${root}${listPath(config)}?$skip=2&$top=2` },
      rules: [nextLink],
    },
    { name: "an error's own message, request-id and date", body: error, got: answered("another message"), rules: errorRules },
    { name: "an error's target and details", body: error, got: { error: { ...answered("m").error, target: "t", details: [] } }, rules: errorRules },
    { name: "a batch's answers in order", body: batch, got: { responses: [{ id: "1", status: 201, body: madeUp }, { id: "2", status: 204 }] }, rules: batchRules },
    { name: "a batch's answers in another order", body: batch, got: { responses: [{ id: "2", status: 204 }, { id: "1", status: 201, body: madeUp }] }, rules: batchRules },
  ];
  for (const c of cases) {
    test(c.name, () => assert.ok(matches(c.body, c.got, c.rules)));
  }
});

describe("check refuses", () => {
  const cases: Case[] = [
    { name: "another value", body: entity, got: { ...entity, target: { ...entity.target, groupId: "h" } } },
    { name: "a missing property", body: entity, got: { ...entity, target: undefined } },
    { name: "an extra property", body: entity, got: { ...entity, sourceId: "x" } },
    { name: "a bare @odata.type", body: entity, got: { ...entity, target: { ...entity.target, "@odata.type": "microsoft.graph.groupAssignmentTarget" } } },
    {
      name: "another type with #",
      body: entity,
      got: { ...entity, target: { ...entity.target, "@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget" } },
    },
    { name: "a source other than the default where the expected body has none", body: entity, got: { ...entity, source: "policySets" }, rules: [source] },
    { name: "a source where no rule allows one", body: entity, got: { ...entity, source: "direct" } },
    { name: "an @odata.context missing", body: { ...entity, "@odata.context": listContext(graph, config, "/$entity") }, got: entity, rules: [sameContext] },
    { name: "an @odata.context on another root", body: entity, got: { ...entity, "@odata.context": listContext(graph, config, "/$entity") }, rules: [context] },
    {
      name: "an @odata.context of another selection",
      body: { ...entity, "@odata.context": listContext(graph, config, "(id,target)/$entity") },
      got: { ...entity, "@odata.context": listContext(root, config, "/$entity") },
      rules: [sameContext],
    },
    {
      name: "an @odata.context of another configuration",
      body: { value: [], "@odata.context": listContext(graph, config) },
      got: { value: [], "@odata.context": listContext(root, other) },
      rules: [sameContext],
    },
    { name: "an @odata.context where no rule allows one", body: entity, got: { ...entity, "@odata.context": listContext(root, config, "/$entity") } },
    { name: "another id", body: entity, got: { ...entity, id: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e" } },
    { name: "a made-up id that is not a GUID", body: entity, got: { ...entity, id: "x" }, rules: [generatedId] },
    { name: "a made-up id missing", body: entity, got: { ...entity, id: undefined }, rules: [generatedId] },
    {
      name: "a next link with another query",
      body: { value: [], "@odata.nextLink": `${graph}${listPath(config)}?$skip=2&$top=2` },
      got: { value: [], "@odata.nextLink": `${root}${listPath(config)}?$skip=3&$top=2` },
      rules: [nextLink],
    },
    {
      name: "a next link off the server's root",
      body: { value: [], "@odata.nextLink": `${graph}${listPath(config)}?$skip=2&$top=2` },
      got: { value: [], "@odata.nextLink": `http://elsewhere.test/beta${listPath(config)}?$skip=2&$top=2` },
      rules: [nextLink],
    },
    {
      name: "a next link missing",
      body: { value: [], "@odata.nextLink": `${graph}${listPath(config)}?$skip=2&$top=2` },
      got: { value: [] },
      rules: [nextLink],
    },
    { name: "a next link where the expected body has none", body: { value: [] }, got: { value: [], "@odata.nextLink": `${root}${listPath(config)}?$skip=2` } },
    { name: "an error whose request-id is not the header's", body: error, got: answered("m", "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"), rules: errorRules },
    { name: "an error without a date", body: error, got: answered("m", requestId, "yesterday"), rules: errorRules },
    { name: "an error with an empty message", body: error, got: answered(""), rules: errorRules },
    { name: "an error with another code", body: error, got: { error: { ...answered("m").error, code: "NotFound" } }, rules: errorRules },
    { name: "a batch's answers in another order without anyOrder", body: batch, got: { responses: [{ id: "2", status: 204 }, { id: "1", status: 201, body: entity }] } },
    { name: "a batch's answer missing", body: batch, got: { responses: [{ id: "2", status: 204 }] }, rules: batchRules },
    { name: "a batch's answer with another status", body: batch, got: { responses: [{ id: "2", status: 200 }, { id: "1", status: 201, body: madeUp }] }, rules: batchRules },
    { name: "a batch's made-up id that is not a GUID", body: batch, got: { responses: [{ id: "2", status: 204 }, { id: "1", status: 201, body: { ...entity, id: "x" } }] }, rules: batchRules },
    { name: "a batch's answer without a string id", body: batch, got: { responses: [{ id: 2, status: 204 }, { id: "1", status: 201, body: madeUp }] }, rules: batchRules },
    { name: "a batch's answers that are no array", body: batch, got: { responses: {} }, rules: batchRules },
  ];
  for (const c of cases) {
    test(c.name, () => assert.ok(!matches(c.body, c.got, c.rules)));
  }
  test("another status", () => assert.ok(!matches(entity, entity, [], 201)));
});
