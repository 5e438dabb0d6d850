// The one rule for comparing a response with the spec's example of it, as the
// Go contract (contract/compare.go) applies it: a response must equal its
// example except where the service makes a value up or writes it in its own
// canonical form. There the value is checked instead of compared:
//
//   - `id`, when the request carried none: a GUID.
//   - `@odata.nextLink`: an absolute URL under the server's version root with
//     the example's path (after the version root) and query; the scheme and
//     host are the server's own.
//   - `@odata.context`: a metadata URL on the server's version root
//     (`<root>/$metadata#...`); when the example has one, the part after
//     `$metadata` must equal the example's once the configuration id in use
//     replaces the example's. When the example has none, any such URL passes.
//   - `@odata.type`: where the example has a bare name (`microsoft.graph.X`),
//     the service answers the canonical `#microsoft.graph.X`.
//   - `source`: where the example has none, the service answers its default,
//     "direct".

/** Generated says what the service made up for one response. */
export interface Generated {
  /** The request carried no id, so the service chose the top-level `id`. */
  readonly id?: boolean;
  /** The server's version root, such as `http://127.0.0.1:8080/beta`. */
  readonly root: string;
  /** The configuration id of the request. */
  readonly configurationId: string;
  /** The configuration id the example was written for (the spec's path example). */
  readonly exampleConfigurationId: string;
}

/** Conformed is a response with the differences the rule allows set to the example's values, and what broke the rule. */
export interface Conformed {
  /** The response, to compare with the example as a whole. */
  readonly value: unknown;
  /** What the checked values got wrong; empty when they are right. */
  readonly problems: readonly string[];
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The default of an assignment's `source`. */
export const defaultSource = "direct";

type JsonObject = { [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * conform applies the rule to got, a response body, against example. The
 * caller then compares conform(...).value with the example, and fails on any
 * problem.
 */
export function conform(example: unknown, got: unknown, generated: Generated): Conformed {
  const problems: string[] = [];
  const value = walk(example, structuredClone(got), generated, problems, "", true);
  return { value, problems };
}

function walk(example: unknown, got: unknown, g: Generated, problems: string[], at: string, top: boolean): unknown {
  if (Array.isArray(example) && Array.isArray(got)) {
    return got.map((item, i) => walk(example[i], item, g, problems, `${at}/${i}`, false));
  }
  if (!isObject(example) || !isObject(got)) return got;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(got)) {
    const path = `${at}/${key}`;
    const has = Object.hasOwn(example, key);
    const want = example[key];
    switch (key) {
      case "@odata.context": {
        const problem = checkContext(want, value, g, has);
        if (problem !== undefined) {
          problems.push(`${path}: ${problem}`);
          out[key] = value;
        } else if (has) {
          out[key] = want;
        }
        continue;
      }
      case "@odata.nextLink":
        if (has && typeof want === "string" && typeof value === "string") {
          const problem = checkNextLink(want, value, g);
          if (problem !== undefined) problems.push(`${path}: ${problem}`);
          out[key] = problem === undefined ? want : value;
          continue;
        }
        break;
      case "@odata.type":
        if (typeof want === "string" && !want.startsWith("#") && value === `#${want}`) {
          out[key] = want;
          continue;
        }
        break;
      case "source":
        if (!has && value === defaultSource) continue;
        break;
      case "id":
        if (top && g.id === true) {
          if (typeof value !== "string" || !guid.test(value)) problems.push(`${path}: the id the service chose, ${JSON.stringify(value)}, is not a GUID`);
          // The example shows some id, or none (an assign item): either way not this one.
          if (has) out[key] = want;
          continue;
        }
        break;
    }
    out[key] = has ? walk(want, value, g, problems, path, false) : value;
  }
  return out;
}

/** checkContext returns what is wrong with an @odata.context, or undefined. */
function checkContext(want: unknown, got: unknown, g: Generated, has: boolean): string | undefined {
  const prefix = `${g.root}/$metadata`;
  if (typeof got !== "string" || !got.startsWith(prefix)) {
    return `${JSON.stringify(got)} is not a metadata URL on the server's root ${prefix}`;
  }
  if (!has) return undefined;
  if (typeof want !== "string" || !want.includes("/$metadata")) return `the example's ${JSON.stringify(want)} is not a metadata URL`;
  const wantTail = want.slice(want.indexOf("/$metadata") + "/$metadata".length).replaceAll(g.exampleConfigurationId, g.configurationId);
  const gotTail = got.slice(prefix.length);
  return gotTail === wantTail ? undefined : `${JSON.stringify(got)} does not end in the example's ${JSON.stringify(wantTail)}`;
}

/** checkNextLink returns what is wrong with an @odata.nextLink, or undefined. */
function checkNextLink(want: string, got: string, g: Generated): string | undefined {
  let w: URL;
  let r: URL;
  try {
    w = new URL(want);
    r = new URL(got);
  } catch {
    return `${JSON.stringify(got)} or the example's ${JSON.stringify(want)} is not an absolute URL`;
  }
  if (!got.startsWith(`${g.root}/`)) return `${got} is not under the server's root ${g.root}`;
  const afterRoot = (u: URL) => {
    const path = decodeURIComponent(u.pathname);
    const i = path.indexOf("/deviceManagement/");
    return i >= 0 ? path.slice(i) : path;
  };
  const query = (u: URL) => JSON.stringify([...u.searchParams.entries()].sort());
  if (afterRoot(w).replaceAll(g.exampleConfigurationId, g.configurationId) !== afterRoot(r) || query(w) !== query(r)) {
    return `${got} does not lead where the example's ${want} does`;
  }
  return undefined;
}
