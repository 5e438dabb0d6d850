// JSON batching, POST /$batch: sendBatch sends one batch as given, and Batch
// queues typed calls of the API, sends them in batches of at most 20,
// retries the throttled ones after their Retry-After and reads each answer
// into its call's result, as the Go client's Batch does.
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import type { components, paths } from "../gen/ts/schema.gen.js";
import {
  assignmentPath,
  assignmentsPath,
  assignPath,
  countPath,
  countQuery,
  getQuery,
  GraphRequestError,
  listQuery,
  parseCount,
  type Assignment,
  type AssignmentPage,
  type AssignmentsClient,
  type AssignmentUpdate,
  type AssignRequest,
  type CountOptions,
  type GetOptions,
  type GraphError,
  type ListOptions,
  type NewAssignment,
} from "./client.js";

type Schemas = components["schemas"];

/** BatchRequestContent is the body of a batch: its requests. */
export type BatchRequestContent = Schemas["batchRequestContent"];

/** BatchRequestItem is one request of a batch. */
export type BatchRequestItem = Schemas["batchRequestItem"];

/** BatchResponseContent is the answer of a batch: one answer per request, in any order. */
export type BatchResponseContent = Schemas["batchResponseContent"];

/** BatchResponseItem is the answer to one request of a batch. */
export type BatchResponseItem = Schemas["batchResponseItem"];

/** batchPath is the path of the batch, relative to the version root. */
export const batchPath = "/$batch" as const satisfies keyof paths;

/** maxBatchRequests is the most requests one batch holds (the spec's maxItems). */
export const maxBatchRequests = 20;

/**
 * sendBatch implements batch, POST /$batch: it sends content as one batch and
 * returns the answers as the service gave them. It throws GraphRequestError
 * when the batch as a whole is refused.
 */
export async function sendBatch(client: AssignmentsClient, content: BatchRequestContent): Promise<BatchResponseContent> {
  const { data, error, response } = await client.POST(batchPath, { body: content });
  if (data === undefined) throw new GraphRequestError(response, error);
  return data;
}

/** BatchRetryPolicy says how Batch.send retries the calls that asked to be retried (429, 503, 504). */
export interface BatchRetryPolicy {
  /** Attempts of one call, the first included; 1 turns retries off. Default 4. */
  readonly maxAttempts?: number;
  /** The longest time from the start of send to the start of a retry, in ms. Default 120000. */
  readonly maxElapsedMs?: number;
  /** The wait before a retry of an answer without Retry-After, in ms, doubled with each retry. Default 500. */
  readonly backoffMs?: number;
  /** Waits ms; default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The clock, in ms since the epoch; default Date.now. */
  readonly now?: () => number;
}

/** DependencyFailedError is the error of a call that was not sent because a call it depends on failed in an earlier batch. */
export class DependencyFailedError extends Error {
  /** The error of the call depended on. */
  readonly dependency: unknown;

  /** Creates the error of call id, which depends on call on. */
  constructor(id: string, on: string, dependency: unknown) {
    super(`call ${id} was not sent: it depends on call ${on}, which failed`);
    this.name = "DependencyFailedError";
    this.dependency = dependency;
  }
}

/** NotSentError is the result of a call that Batch.send has not sent (yet). */
export class NotSentError extends Error {
  constructor(id: string) {
    super(`call ${id} has not been sent`);
    this.name = "NotSentError";
  }
}

/** CallOptions adjust a call queued in a Batch. */
export interface CallOptions {
  /** Calls queued before it in the same Batch that must succeed first; if one fails, this one is not run. */
  readonly after?: readonly Queued<unknown>[];
}

/** Step is a queued call: its request, and once sent, its answer or failure. */
interface Step {
  readonly request: BatchRequestItem;
  readonly deps: readonly Step[];
  readonly success: number;
  answer?: BatchResponseItem | undefined;
  error?: unknown;
  attempts: number;
}

/** Queued is a call queued in a Batch; its result is known once Batch.send has sent it. */
export class Queued<T> {
  /** @internal */
  readonly step: Step;
  readonly #decode: (answer: BatchResponseItem) => T;

  /** @internal */
  constructor(step: Step, decode: (answer: BatchResponseItem) => T) {
    this.step = step;
    this.#decode = decode;
  }

  /** The call's request id in its batches. */
  get id(): string {
    return this.step.request.id;
  }

  /**
   * result is what the call returned: the typed body of its success, or it
   * throws GraphRequestError with the service's answer (status 424 when a
   * dependency failed in the same batch), DependencyFailedError, or
   * NotSentError before send.
   */
  result(): T {
    const { answer, error } = this.step;
    if (error !== undefined) throw error;
    if (answer === undefined) throw new NotSentError(this.id);
    return this.#decode(answer);
  }
}

const querySerializer = createQuerySerializer();

/** relativeUrl is the URL of a path of the spec with its parameters, relative to the version root. */
function relativeUrl(path: string, params: { path: Record<string, string>; query?: Record<string, unknown> }): string {
  return createFinalURL(path, { baseUrl: "", params, querySerializer, pathSerializer: defaultPathSerializer });
}

/** headersOf reads an answer's headers by lower-cased name. */
function headersOf(answer: BatchResponseItem): Headers {
  return new Headers(Object.entries(answer.headers ?? {}));
}

/** failure is the error of an answer that is not its call's success. */
function failure(answer: BatchResponseItem, success: number): Error | undefined {
  if (answer.status === success) return undefined;
  if (answer.status >= 200 && answer.status < 300) return new Error(`request ${answer.id}: unexpected status ${answer.status}, want ${success}`);
  const body = answer.body as GraphError | string | undefined;
  const response = new Response(null, { status: answer.status, headers: headersOf(answer) });
  return new GraphRequestError(response, body, `request ${answer.id} of a batch`);
}

/** Batch queues typed calls to send together as JSON batches. It is not safe to send one Batch from two places at once. */
export class Batch {
  readonly #client: AssignmentsClient;
  readonly #policy: Required<BatchRetryPolicy>;
  readonly #steps: Step[] = [];

  /** Creates an empty Batch of client's calls, retrying as policy says. */
  constructor(client: AssignmentsClient, policy: BatchRetryPolicy = {}) {
    this.#client = client;
    this.#policy = {
      maxAttempts: policy.maxAttempts ?? 4,
      maxElapsedMs: policy.maxElapsedMs ?? 120_000,
      backoffMs: policy.backoffMs ?? 500,
      sleep: policy.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now: policy.now ?? Date.now,
    };
  }

  /** The number of calls queued. */
  get length(): number {
    return this.#steps.length;
  }

  #queue<T>(method: string, url: string, body: unknown, success: number, decode: (answer: BatchResponseItem) => T, options: CallOptions): Queued<T> {
    const deps = (options.after ?? []).map((q) => q.step);
    for (const d of deps) {
      if (!this.#steps.includes(d)) throw new RangeError(`call ${d.request.id} is not queued before this one in this Batch`);
    }
    const request: BatchRequestItem = { id: String(this.#steps.length + 1), method, url };
    if (body !== undefined) {
      request.headers = { "Content-Type": "application/json" };
      request.body = body as Record<string, unknown>;
    }
    const step: Step = { request, deps, success, attempts: 0 };
    this.#steps.push(step);
    return new Queued(step, decode);
  }

  /** createAssignment queues createAssignment, POST .../assignments. */
  createAssignment(configurationId: string, body: NewAssignment, options: CallOptions = {}): Queued<Assignment> {
    const url = relativeUrl(assignmentsPath, { path: { deviceEnrollmentConfigurationId: configurationId } });
    return this.#queue("POST", url, body, 201, (a) => json<Assignment>(a, 201), options);
  }

  /** getAssignment queues getAssignment, GET .../assignments/{id}, with the query of get. */
  getAssignment(configurationId: string, assignmentId: string, get: GetOptions = {}, options: CallOptions = {}): Queued<Assignment> {
    const url = relativeUrl(assignmentPath, {
      path: { deviceEnrollmentConfigurationId: configurationId, enrollmentConfigurationAssignmentId: assignmentId },
      query: getQuery(get),
    });
    return this.#queue("GET", url, undefined, 200, (a) => json<Assignment>(a, 200), options);
  }

  /** updateAssignment queues updateAssignment, PATCH .../assignments/{id}. */
  updateAssignment(configurationId: string, assignmentId: string, body: AssignmentUpdate, options: CallOptions = {}): Queued<Assignment> {
    const url = relativeUrl(assignmentPath, { path: { deviceEnrollmentConfigurationId: configurationId, enrollmentConfigurationAssignmentId: assignmentId } });
    return this.#queue("PATCH", url, body, 200, (a) => json<Assignment>(a, 200), options);
  }

  /** deleteAssignment queues deleteAssignment, DELETE .../assignments/{id}. */
  deleteAssignment(configurationId: string, assignmentId: string, options: CallOptions = {}): Queued<void> {
    const url = relativeUrl(assignmentPath, { path: { deviceEnrollmentConfigurationId: configurationId, enrollmentConfigurationAssignmentId: assignmentId } });
    return this.#queue("DELETE", url, undefined, 204, (a) => nothing(a, 204), options);
  }

  /** listAssignmentsPage queues listAssignments for one page, with the query of list. */
  listAssignmentsPage(configurationId: string, list: ListOptions = {}, options: CallOptions = {}): Queued<AssignmentPage> {
    const url = relativeUrl(assignmentsPath, { path: { deviceEnrollmentConfigurationId: configurationId }, query: listQuery(list) });
    return this.#queue("GET", url, undefined, 200, (a) => json<AssignmentPage>(a, 200), options);
  }

  /** countAssignments queues countAssignments, GET .../assignments/$count. */
  countAssignments(configurationId: string, count: CountOptions = {}, options: CallOptions = {}): Queued<number> {
    const url = relativeUrl(countPath, { path: { deviceEnrollmentConfigurationId: configurationId }, query: countQuery(count) });
    return this.#queue("GET", url, undefined, 200, (a) => {
      const err = failure(a, 200);
      if (err !== undefined) throw err;
      if (typeof a.body !== "string") throw new Error(`request ${a.id}: the count ${JSON.stringify(a.body)} is not text`);
      return parseCount(a.body);
    }, options);
  }

  /** assign queues the assign action, POST .../assign. */
  assign(configurationId: string, body: AssignRequest, options: CallOptions = {}): Queued<void> {
    const url = relativeUrl(assignPath, { path: { deviceEnrollmentConfigurationId: configurationId } });
    return this.#queue("POST", url, body, 204, (a) => nothing(a, 204), options);
  }

  /**
   * send sends the calls not sent yet, in the order queued, in batches of at
   * most maxBatchRequests, one after another. A call that depends on a call of
   * an earlier batch goes only if that one succeeded. The calls that asked to
   * be retried (429, 503, 504), with the calls of their batch that failed
   * because they depend on them, are sent again after the longest Retry-After,
   * as the policy allows. It throws when a batch as a whole fails; that batch's
   * calls and the later ones then have that error.
   */
  async send(): Promise<void> {
    const pending = this.#steps.filter((s) => s.answer === undefined && s.error === undefined);
    const start = this.#policy.now();
    for (let i = 0; i < pending.length; i += maxBatchRequests) {
      try {
        await this.#sendWithRetries(pending.slice(i, i + maxBatchRequests), start);
      } catch (err) {
        for (const s of pending.slice(i)) if (s.answer === undefined && s.error === undefined) s.error = err;
        throw err;
      }
    }
  }

  async #sendWithRetries(calls: Step[], start: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.#sendOnce(calls);
      const { retry, waitMs } = this.#retryable(calls, attempt);
      if (retry.length === 0 || attempt >= this.#policy.maxAttempts) return;
      if (this.#policy.now() - start + waitMs > this.#policy.maxElapsedMs) return;
      await this.#policy.sleep(waitMs);
      for (const s of retry) delete s.answer;
      calls = retry;
    }
  }

  async #sendOnce(calls: readonly Step[]): Promise<void> {
    const inBatch = new Set<Step>();
    const requests: BatchRequestItem[] = [];
    const sent: Step[] = [];
    for (const s of calls) {
      const dependsOn: string[] = [];
      for (const d of s.deps) {
        if (inBatch.has(d)) dependsOn.push(d.request.id);
        else if (d.error !== undefined || d.answer === undefined || d.answer.status < 200 || d.answer.status > 299) {
          s.error = new DependencyFailedError(s.request.id, d.request.id, d.error ?? failure(d.answer!, d.success));
          break;
        }
      }
      if (s.error !== undefined) continue;
      inBatch.add(s);
      s.attempts++;
      sent.push(s);
      requests.push(dependsOn.length > 0 ? { ...s.request, dependsOn } : s.request);
    }
    if (sent.length === 0) return;
    const content = await sendBatch(this.#client, { requests });
    const byId = new Map(content.responses.map((a) => [a.id, a]));
    for (const s of sent) {
      s.answer = byId.get(s.request.id);
      if (s.answer === undefined) s.error = new Error(`the batch's response has no answer to request ${s.request.id}`);
    }
  }

  #retryable(calls: readonly Step[], attempt: number): { retry: Step[]; waitMs: number } {
    const retry: Step[] = [];
    const again = new Set<Step>();
    let waitMs = 0;
    for (const s of calls) {
      const a = s.answer;
      if (a === undefined) continue;
      if ([429, 503, 504].includes(a.status) && s.attempts < this.#policy.maxAttempts) {
        waitMs = Math.max(waitMs, retryAfterMs(headersOf(a).get("Retry-After"), this.#policy.now()) ?? this.#policy.backoffMs * 2 ** (attempt - 1));
      } else if (!(a.status === 424 && s.deps.some((d) => again.has(d)))) {
        continue;
      }
      again.add(s);
      retry.push(s);
    }
    return { retry, waitMs };
  }
}

/** json reads the JSON body of a success answer. */
function json<T>(answer: BatchResponseItem, success: number): T {
  const err = failure(answer, success);
  if (err !== undefined) throw err;
  return answer.body as T;
}

/** nothing reads a success answer without a body. */
function nothing(answer: BatchResponseItem, success: number): void {
  const err = failure(answer, success);
  if (err !== undefined) throw err;
}

/** retryAfterMs reads a Retry-After: seconds (fractions allowed) or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const v = value.trim();
  if (/^[0-9]+(\.[0-9]+)?$/.test(v)) return Number(v) * 1000;
  // An HTTP date, IMF-fixdate: Date.parse alone would take "-1" for a year.
  if (!/^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$/.test(v)) return undefined;
  return Math.max(0, Date.parse(v) - now);
}
