// The contract suite's server cases as data, gen/vectors.gen.json, which the
// Go suite generates from the spec (contract/vectors.go), and the rule for
// comparing an answer with a case's expected one, as contract/vectorrun.go
// applies it: the answer must equal the expected body except at the places
// the case's mayDiffer rules name, where the value is checked instead.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isObject, type Json, type JsonObject } from "./spec.js";

/** VectorFile is the whole file. */
export interface VectorFile {
  /** The version root the expected URLs are written on. */
  readonly specRoot: string;
  /** Where the emulator serves the version root. */
  readonly basePath: string;
  /** The flags `intune-emulator serve` needs for the cases. */
  readonly emulatorArgs: readonly string[];
  /** The scopes of each kind of token a step names. */
  readonly tokens: Readonly<Record<string, readonly string[]>>;
  readonly cases: readonly Vector[];
}

/** Step is one request and what its answer must be. */
export interface Step {
  readonly operationId: string;
  readonly method: string;
  /** The spec's path template, relative to the version root. */
  readonly path: string;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, Json>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** A key of VectorFile.tokens, or "none". */
  readonly token: string;
  /** false: the request breaks the spec on purpose and is sent as it is. */
  readonly valid: boolean;
  readonly contentType?: string;
  readonly body?: Json;
  readonly expect: Expect;
}

/** Vector is one case: set-up steps, the step under test, then checks. */
export interface Vector extends Step {
  readonly name: string;
  readonly examples: readonly string[];
  readonly setup: readonly Step[];
  readonly then?: readonly Step[];
}

/** Expect is what the answer to a step must be. */
export interface Expect {
  readonly status: number;
  /** application/json, text/plain (a $count), or absent when the body is not checked. */
  readonly mediaType?: string;
  readonly body?: Json;
  readonly headers?: readonly string[];
  readonly mayDiffer?: readonly Rule[];
}

/** Rule says how the value at pointer (RFC 6901) is checked instead of compared. */
export interface Rule {
  readonly pointer: string;
  readonly rule: "guid" | "rootUrl" | "metadataUrl" | "requestId" | "dateTime" | "nonEmpty" | "default" | "any" | "anyOrder";
  readonly value?: Json;
}

/** loadVectors reads gen/vectors.gen.json under the repository root. */
export function loadVectors(root: string): VectorFile {
  return JSON.parse(readFileSync(join(root, "gen", "vectors.gen.json"), "utf8")) as VectorFile;
}

/** stepsOf lists a case's steps in the order they run. */
export function stepsOf(v: Vector): readonly Step[] {
  return [...v.setup, v, ...(v.then ?? [])];
}

/** pathOf fills a step's path template with its path parameters. */
export function pathOf(step: Step): string {
  return step.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(step.pathParams[name] ?? `{${name}}`));
}

/** Answer is what came back for a step: the status, the headers, and the body parsed (JSON) or as text (text/plain). */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * check returns what is wrong with an answer under expect (an empty list when
 * nothing is), and, for a JSON body, the answer and the expected body with
 * the members of the rules removed: the caller requires them deep-equal.
 */
export function check(expect: Expect, answer: Answer, root: string, specRoot: string): { problems: string[]; got: unknown; want: unknown } {
  const problems: string[] = [];
  if (answer.status !== expect.status) {
    problems.push(`status ${answer.status}, want ${expect.status}; body: ${JSON.stringify(answer.body)}`);
    return { problems, got: undefined, want: undefined };
  }
  for (const name of expect.headers ?? []) {
    if (!answer.headers.get(name)) problems.push(`the ${answer.status} answer lacks its documented ${name} header`);
  }
  if (expect.mediaType === undefined) return { problems, got: undefined, want: undefined };
  if (expect.mediaType === "text/plain") {
    const text = String(answer.body).trim();
    if (text !== String(expect.body)) problems.push(`body ${JSON.stringify(text)}, want ${JSON.stringify(String(expect.body))}`);
    return { problems, got: undefined, want: undefined };
  }
  const got = structuredClone(answer.body);
  const want = structuredClone(expect.body);
  for (const rule of expect.mayDiffer ?? []) {
    if (rule.rule === "anyOrder") {
      // The rules after it point into the sorted arrays.
      const problem = sortItems(got, rule);
      if (problem !== undefined) problems.push(`${rule.pointer}: ${problem}`);
      const broken = sortItems(want, rule);
      if (broken !== undefined) throw new Error(`the expected body at ${rule.pointer}: ${broken}`);
      continue;
    }
    const found = lookup(got, rule.pointer);
    const problem = checkRule(rule, found, lookup(want, rule.pointer).value, answer.headers, root, specRoot);
    if (problem !== undefined) problems.push(`${rule.pointer}: ${problem}`);
    remove(got, rule.pointer);
    remove(want, rule.pointer);
  }
  return { problems, got, want };
}

/** checkRule returns what is wrong with the answer's value at a rule's pointer, or undefined. */
function checkRule(rule: Rule, found: { has: boolean; value: unknown }, want: unknown, headers: Headers, root: string, specRoot: string): string | undefined {
  const { has, value } = found;
  if (rule.rule === "any" || (!has && (rule.rule === "default" || rule.rule === "metadataUrl"))) return undefined;
  if (!has) return "missing";
  const text = typeof value === "string" ? value : undefined;
  switch (rule.rule) {
    case "guid":
      return text !== undefined && guid.test(text) ? undefined : `${JSON.stringify(value)} is not a GUID`;
    case "rootUrl": {
      const expected = String(want).replace(specRoot, root);
      return text === expected ? undefined : `${JSON.stringify(value)}, want ${expected}`;
    }
    case "metadataUrl":
      return text?.startsWith(`${root}/$metadata#`) ? undefined : `${JSON.stringify(value)} is not a metadata URL on ${root}`;
    case "requestId": {
      const rid = headers.get("request-id");
      return text !== undefined && text !== "" && text === rid ? undefined : `${JSON.stringify(value)}, want the request-id header ${JSON.stringify(rid)}`;
    }
    case "dateTime":
      return text !== undefined && dateTime.test(text) && !Number.isNaN(Date.parse(text)) ? undefined : `${JSON.stringify(value)} is not an RFC 3339 date-time`;
    case "nonEmpty":
      return text ? undefined : `${JSON.stringify(value)} is not a non-empty string`;
    case "default":
      return value === rule.value ? undefined : `${JSON.stringify(value)}, want ${JSON.stringify(rule.value)} or nothing`;
  }
  return `unknown rule ${JSON.stringify(rule.rule)}`;
}

/** sortItems sorts the array at an anyOrder rule's pointer in value by its items' member named by the rule's value; it returns what is wrong, or undefined. */
function sortItems(value: unknown, rule: Rule): string | undefined {
  const { has, value: found } = lookup(value, rule.pointer);
  if (!has || !Array.isArray(found)) return `${JSON.stringify(found)} is not an array`;
  const member = String(rule.value);
  const key = (item: unknown): unknown => (isObject(item as Json) ? (item as JsonObject)[member] : undefined);
  const bad = found.find((item) => typeof key(item) !== "string");
  if (bad !== undefined) return `an item without a string ${JSON.stringify(member)}: ${JSON.stringify(bad)}`;
  // Compared as strings by code unit, as every runner does for its ASCII ids.
  found.sort((x, y) => {
    const a = key(x) as string;
    const b = key(y) as string;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return undefined;
}

/** tokens splits an RFC 6901 pointer into member names. */
function tokens(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function lookup(value: unknown, pointer: string): { has: boolean; value: unknown } {
  let v = value;
  for (const token of tokens(pointer)) {
    if (Array.isArray(v)) {
      const i = Number(token);
      if (!Number.isInteger(i) || i < 0 || i >= v.length) return { has: false, value: undefined };
      v = v[i];
    } else if (isObject(v as Json) && Object.hasOwn(v as JsonObject, token)) {
      v = (v as JsonObject)[token];
    } else {
      return { has: false, value: undefined };
    }
  }
  return { has: true, value: v };
}

function remove(value: unknown, pointer: string): void {
  const path = tokens(pointer);
  const last = path.pop();
  if (last === undefined) return;
  const parent = lookup(value, path.map((t) => "/" + t.replaceAll("~", "~0").replaceAll("/", "~1")).join(""));
  if (parent.has && isObject(parent.value as Json)) delete (parent.value as JsonObject)[last];
}
