// A typed client of the assignment endpoints: openapi-fetch over the paths
// that openapi-typescript generated from the spec (gen/ts), with a bearer
// token on every request, a pager that follows `@odata.nextLink`, the OData
// query options as typed fields, and the plain-text `$count`.
import createClient, { type Client, type ClientOptions, type Middleware } from "openapi-fetch";
import type { components, operations, paths } from "../gen/ts/schema.gen.js";

type Schemas = components["schemas"];

/** Assignment is an enrollmentConfigurationAssignment as the service returns it. */
export type Assignment = Schemas["enrollmentConfigurationAssignment"];

/** A new enrollmentConfigurationAssignment, as create and assign take it: it has a target. */
export type NewAssignment = Schemas["newEnrollmentConfigurationAssignment"];

/** AssignmentUpdate is the body of updateAssignment: every property optional. */
export type AssignmentUpdate = Schemas["enrollmentConfigurationAssignmentUpdate"];

/** AssignmentPage is one page of listAssignments. */
export type AssignmentPage = Schemas["enrollmentConfigurationAssignmentCollectionResponse"];

/** AssignRequest is the body of the assign action. */
export type AssignRequest = Schemas["assignRequest"];

/** GraphError is the body of every error response. */
export type GraphError = Schemas["odataError"];

/** AssignmentsClient is the openapi-fetch client typed with the spec's paths. */
export type AssignmentsClient = Client<paths>;

/** graphBetaUrl is the Graph version root that the spec's paths are relative to. */
export const graphBetaUrl = "https://graph.microsoft.com/beta";

/** assignmentsPath is the path of listAssignments and createAssignment. */
export const assignmentsPath =
  "/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments" as const satisfies keyof paths;

/** assignmentPath is the path of getAssignment, updateAssignment and deleteAssignment. */
export const assignmentPath =
  "/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments/{enrollmentConfigurationAssignmentId}" as const satisfies keyof paths;

/** countPath is the path of countAssignments, `$count`. */
export const countPath =
  "/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments/$count" as const satisfies keyof paths;

/** assignPath is the path of the assign action. */
export const assignPath =
  "/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assign" as const satisfies keyof paths;

/**
 * assignQualifiedPath is the path of assignQualified: the assign action under
 * its namespace-qualified name, the same action as assignPath.
 */
export const assignQualifiedPath =
  "/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/microsoft.graph.assign" as const satisfies keyof paths;

/** ListQuery is the query of listAssignments, as the spec names its options. */
export type ListQuery = NonNullable<operations["listAssignments"]["parameters"]["query"]>;

/** GetQuery is the query of getAssignment. */
export type GetQuery = NonNullable<operations["getAssignment"]["parameters"]["query"]>;

/** CountQuery is the query of countAssignments. */
export type CountQuery = NonNullable<operations["countAssignments"]["parameters"]["query"]>;

/** TokenSource is an access token, or a function that returns a current one (to refresh it). */
export type TokenSource = string | (() => string | Promise<string>);

/** AssignmentsClientOptions configures createAssignmentsClient. */
export interface AssignmentsClientOptions {
  /** The Graph version root, such as an emulator's `http://127.0.0.1:8080/beta`; default graphBetaUrl. */
  readonly baseUrl?: string;
  /** The bearer token of every request; without it requests are sent unauthenticated. */
  readonly token?: TokenSource;
  /** The fetch to send requests with; default the global fetch. */
  readonly fetch?: ClientOptions["fetch"];
  /** More middleware, run after the one that sets the token. */
  readonly middleware?: readonly Middleware[];
}

/** createAssignmentsClient returns a typed client of the assignment endpoints. */
export function createAssignmentsClient(options: AssignmentsClientOptions = {}): AssignmentsClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? graphBetaUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (options.token !== undefined) client.use(bearerToken(options.token));
  client.use(...(options.middleware ?? []));
  return client;
}

/** bearerToken is middleware that sends `Authorization: Bearer <token>`. */
export function bearerToken(token: TokenSource): Middleware {
  return {
    async onRequest({ request }) {
      const value = typeof token === "function" ? await token() : token;
      request.headers.set("Authorization", `Bearer ${value}`);
      return request;
    },
  };
}

/** GraphRequestError is a response with an error status, with its Graph error body when it had one. */
export class GraphRequestError extends Error {
  /** The HTTP status of the response. */
  readonly status: number;
  /** The parsed error body; a string when it was not JSON. */
  readonly body: GraphError | string | undefined;

  /**
   * Creates the error from a response and its parsed body; source says what
   * answered, by default the response's URL.
   */
  constructor(response: Response, body: GraphError | string | undefined, source: string = response.url) {
    const detail = typeof body === "object" ? `${body.error.code}: ${body.error.message}` : (body ?? "");
    super(`${response.status} ${response.statusText} from ${source}${detail ? `: ${detail}` : ""}`);
    this.name = "GraphRequestError";
    this.status = response.status;
    this.body = body;
  }
}

/** ListOptions are the query options of listAssignments; an absent one is not sent. */
export interface ListOptions {
  /** The page size, `$top` (1..999); the service's default when absent. */
  readonly top?: number;
  /** The number of assignments to skip from the start of the result, `$skip`. */
  readonly skip?: number;
  /**
   * The properties each assignment carries, `$select`: "id", "target",
   * "source", "sourceId", or "*" for all; all of them when absent or empty.
   * A property left out is absent from the result, `target` included.
   */
  readonly select?: readonly string[];
  /**
   * Keeps the assignments for which the OData expression is true, `$filter`,
   * such as `isof(target, 'microsoft.graph.groupAssignmentTarget')`; all when absent or "".
   */
  readonly filter?: string;
  /** Sorts the result, `$orderby`: each item a property, optionally followed by " asc" or " desc". */
  readonly orderBy?: readonly string[];
  /** With true, every page carries `@odata.count`, the size of the whole result: `$count=true`. */
  readonly count?: boolean;
}

/** GetOptions are the query options of getAssignment. */
export interface GetOptions {
  /** The properties the assignment carries, `$select`, as in ListOptions.select. */
  readonly select?: readonly string[];
}

/** CountOptions are the query options of countAssignments. */
export interface CountOptions {
  /** Counts only the assignments for which the OData expression is true, `$filter`. */
  readonly filter?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * joinList joins the items of a comma-separated option, or returns undefined
 * for none. An item that is empty or holds a comma would reach the service as
 * other items than the caller gave: it throws RangeError, and nothing is sent.
 */
function joinList(option: string, items: readonly string[] | undefined): string | undefined {
  if (items === undefined || items.length === 0) return undefined;
  items.forEach((item, i) => {
    if (item === "") throw new RangeError(`${option}[${i}] is empty`);
    if (item.includes(",")) throw new RangeError(`${option}[${i}] ${JSON.stringify(item)} holds a comma, which separates the items`);
  });
  return items.join(",");
}

/** listQuery returns the query of listAssignments for options, without the absent ones. */
export function listQuery(options: ListOptions = {}): ListQuery {
  const query: Mutable<ListQuery> = {};
  if (options.top !== undefined) query.$top = options.top;
  if (options.skip !== undefined) query.$skip = options.skip;
  const select = joinList("select", options.select);
  if (select !== undefined) query.$select = select;
  if (options.filter !== undefined && options.filter !== "") query.$filter = options.filter;
  const orderBy = joinList("orderBy", options.orderBy);
  if (orderBy !== undefined) query.$orderby = orderBy;
  if (options.count === true) query.$count = true;
  return query;
}

/** getQuery returns the query of getAssignment for options. */
export function getQuery(options: GetOptions = {}): GetQuery {
  const query: Mutable<GetQuery> = {};
  const select = joinList("select", options.select);
  if (select !== undefined) query.$select = select;
  return query;
}

/** countQuery returns the query of countAssignments for options. */
export function countQuery(options: CountOptions = {}): CountQuery {
  const query: Mutable<CountQuery> = {};
  if (options.filter !== undefined && options.filter !== "") query.$filter = options.filter;
  return query;
}

/**
 * listAllAssignments implements listAssignments across pages:
 * GET .../assignments with the query of options, then each `@odata.nextLink`
 * unchanged, as the spec asks, until a page has none; the service keeps the
 * query options in the links. It yields every page and throws
 * GraphRequestError on an error response. A next link to another origin than
 * the first request's is refused, so the token is never sent elsewhere.
 */
export async function* listAllAssignments(
  client: AssignmentsClient,
  deviceEnrollmentConfigurationId: string,
  options: ListOptions = {},
): AsyncGenerator<AssignmentPage, void, undefined> {
  const path = { deviceEnrollmentConfigurationId };
  const query = listQuery(options);
  let next: string | undefined;
  let origin: string | undefined;
  do {
    const link = next;
    const { data, error, response } = await client.GET(assignmentsPath, {
      params: { path, query },
      middleware: [
        {
          onRequest({ request }) {
            origin ??= new URL(request.url).origin;
            if (link === undefined) return undefined;
            if (new URL(link).origin !== origin) {
              throw new Error(`@odata.nextLink ${link} leaves ${origin}; refusing to follow it`);
            }
            return new Request(link, request);
          },
        },
      ],
    });
    if (data === undefined) throw new GraphRequestError(response, error);
    yield data;
    next = data["@odata.nextLink"];
  } while (next !== undefined);
}

/**
 * getAssignment implements getAssignment, GET .../assignments/{id}, with the
 * query of options. It throws GraphRequestError on an error response.
 */
export async function getAssignment(
  client: AssignmentsClient,
  deviceEnrollmentConfigurationId: string,
  enrollmentConfigurationAssignmentId: string,
  options: GetOptions = {},
): Promise<Assignment> {
  const { data, error, response } = await client.GET(assignmentPath, {
    params: { path: { deviceEnrollmentConfigurationId, enrollmentConfigurationAssignmentId }, query: getQuery(options) },
  });
  if (data === undefined) throw new GraphRequestError(response, error);
  return data;
}

/**
 * countAssignments implements countAssignments, GET .../assignments/$count:
 * the number of the configuration's assignments, or with options.filter of
 * those that match it. The service answers a plain-text integer, read with
 * parseCount; a response of another status or type throws. It throws
 * GraphRequestError on an error response.
 */
export async function countAssignments(
  client: AssignmentsClient,
  deviceEnrollmentConfigurationId: string,
  options: CountOptions = {},
): Promise<number> {
  const { data, error, response } = await client.GET(countPath, {
    params: { path: { deviceEnrollmentConfigurationId }, query: countQuery(options) },
    headers: { Accept: "text/plain, application/json" },
    parseAs: "text",
  });
  if (!response.ok) throw new GraphRequestError(response, error);
  if (response.status !== 200) throw new Error(`countAssignments: unexpected status ${response.status}, want 200`);
  const type = response.headers.get("Content-Type");
  if (type?.split(";")[0]?.trim().toLowerCase() !== "text/plain") {
    throw new Error(`countAssignments: the response is ${JSON.stringify(type)}, not text/plain`);
  }
  return parseCount(data ?? "");
}

/**
 * parseCount reads a `$count` body strictly: ASCII digits only, after an
 * optional byte order mark, up to Number.MAX_SAFE_INTEGER. A sign, spaces, a
 * fraction or a line break throw RangeError rather than being skipped.
 */
export function parseCount(text: string): number {
  const digits = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (!/^[0-9]+$/.test(digits)) throw new RangeError(`the count ${JSON.stringify(text)} is not a non-negative integer`);
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) throw new RangeError(`the count ${digits} is beyond Number.MAX_SAFE_INTEGER`);
  return n;
}
