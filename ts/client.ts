// A typed client of the assignment endpoints: openapi-fetch over the paths
// that openapi-typescript generated from the spec (gen/ts), with a bearer
// token on every request and a pager that follows `@odata.nextLink`.
import createClient, { type Client, type ClientOptions, type Middleware } from "openapi-fetch";
import type { components, paths } from "../gen/ts/schema.gen.js";

type Schemas = components["schemas"];

/** Assignment is an enrollmentConfigurationAssignment as the service returns it. */
export type Assignment = Schemas["enrollmentConfigurationAssignment"];

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

/** assignPath is the path of the assign action. */
export const assignPath =
  "/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assign" as const satisfies keyof paths;

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

  /** Creates the error from a response and its parsed body. */
  constructor(response: Response, body: GraphError | string | undefined) {
    const detail = typeof body === "object" ? `${body.error.code}: ${body.error.message}` : (body ?? "");
    super(`${response.status} ${response.statusText} from ${response.url}${detail ? `: ${detail}` : ""}`);
    this.name = "GraphRequestError";
    this.status = response.status;
    this.body = body;
  }
}

/** ListOptions configures listAllAssignments. */
export interface ListOptions {
  /** The page size, `$top` (1..999); the service's default when absent. */
  readonly top?: number;
}

/**
 * listAllAssignments implements listAssignments across pages:
 * GET .../assignments, then each `@odata.nextLink` unchanged, as the spec
 * asks, until a page has none. It yields every page and throws
 * GraphRequestError on an error response. A next link to another origin than
 * the first request's is refused, so the token is never sent elsewhere.
 */
export async function* listAllAssignments(
  client: AssignmentsClient,
  deviceEnrollmentConfigurationId: string,
  options: ListOptions = {},
): AsyncGenerator<AssignmentPage, void, undefined> {
  const path = { deviceEnrollmentConfigurationId };
  const query = options.top === undefined ? {} : { $top: options.top };
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
