// The polymorphic assignment `target` as a discriminated union that TypeScript
// can narrow. The generated type (gen/ts) is already a union of the six
// variants, but each variant's `@odata.type` is a pair of literals (with and
// without the leading `#`), so a `switch` on it needs two labels per variant
// and a value from the wire may carry either. classifyTarget() folds both
// spellings into one `kind`, the variant's schema name.
//
// Everything here is derived from the generated types: a variant added to the
// spec becomes a new TargetKind, and the `satisfies` table below and every
// exhaustive `switch` stop compiling until it is handled.
import type { components } from "../gen/ts/schema.gen.js";

type Schemas = components["schemas"];

/** AssignmentTarget is the generated union of the target variants (schema `assignmentTarget`). */
export type AssignmentTarget = Schemas["assignmentTarget"];

/** TargetOdataType is every `@odata.type` value a target may carry, with and without `#`. */
export type TargetOdataType = AssignmentTarget["@odata.type"];

/** The Graph namespace of every target type name. */
const namespace = "microsoft.graph.";

type KindOf<T extends string> = T extends `#${typeof namespace}${infer K}`
  ? K
  : T extends `${typeof namespace}${infer K}`
    ? K
    : never;

/**
 * TargetKind names a target variant by its schema name, which is also its
 * `@odata.type` without `#microsoft.graph.`: "groupAssignmentTarget", ...
 */
export type TargetKind = KindOf<TargetOdataType>;

/**
 * TargetOf is the generated type of one variant. Indexing the schemas with
 * TargetKind only compiles while every type name equals a schema name.
 */
export type TargetOf<K extends TargetKind> = Schemas[K];

/** ClassifiedTarget pairs a target with its kind: `switch (c.kind)` narrows `c.target`. */
export type ClassifiedTarget = {
  [K in TargetKind]: { readonly kind: K; readonly target: TargetOf<K> };
}[TargetKind];

/** TargetProps is what a variant holds besides its `@odata.type`. */
export type TargetProps<K extends TargetKind> = Omit<TargetOf<K>, "@odata.type">;

// The runtime list of kinds. `satisfies` makes the compiler reject a missing
// or an extra kind, so it cannot drift from the generated union.
const kinds = {
  deviceAndAppManagementAssignmentTarget: true,
  allDevicesAssignmentTarget: true,
  allLicensedUsersAssignmentTarget: true,
  groupAssignmentTarget: true,
  exclusionGroupAssignmentTarget: true,
  configurationManagerCollectionAssignmentTarget: true,
} as const satisfies Record<TargetKind, true>;

/** targetKinds lists every TargetKind, in the spec's order. */
export const targetKinds = Object.keys(kinds) as readonly TargetKind[];

/** UnknownTargetTypeError reports an `@odata.type` that names no target variant. */
export class UnknownTargetTypeError extends TypeError {
  /** The `@odata.type` value as received. */
  readonly odataType: unknown;

  /** Creates the error for the given `@odata.type` value. */
  constructor(odataType: unknown) {
    super(`unknown assignment target @odata.type ${JSON.stringify(odataType)}`);
    this.name = "UnknownTargetTypeError";
    this.odataType = odataType;
  }
}

/**
 * targetKindOf returns the kind that an `@odata.type` value names, with or
 * without the leading `#`, or undefined when it names none.
 */
export function targetKindOf(odataType: string): TargetKind | undefined {
  const bare = odataType.startsWith("#") ? odataType.slice(1) : odataType;
  if (!bare.startsWith(namespace)) return undefined;
  const kind = bare.slice(namespace.length);
  return Object.hasOwn(kinds, kind) ? (kind as TargetKind) : undefined;
}

/**
 * classifyTarget returns the target tagged with its kind, whichever spelling
 * of `@odata.type` it carries. It throws UnknownTargetTypeError for a value
 * the spec does not define, which a typed caller can only meet at run time
 * (a newer service, or JSON that bypassed the types).
 */
export function classifyTarget(target: AssignmentTarget): ClassifiedTarget {
  const odataType: unknown = target["@odata.type"];
  const kind = typeof odataType === "string" ? targetKindOf(odataType) : undefined;
  if (kind === undefined) throw new UnknownTargetTypeError(odataType);
  // The kind was read from this very target, so the pairing holds; the
  // compiler cannot correlate the two unions by itself.
  return { kind, target } as ClassifiedTarget;
}

/** isTargetKind reports whether target is of the given kind, and narrows it. */
export function isTargetKind<K extends TargetKind>(target: AssignmentTarget, kind: K): target is TargetOf<K> {
  return targetKindOf(target["@odata.type"]) === kind;
}

/** OdataTypeOptions chooses the spelling of a written `@odata.type`. */
export interface OdataTypeOptions {
  /** Write the leading `#`, as Graph's resource pages and SDKs do (default true). */
  readonly hash?: boolean;
}

/** odataTypeOf returns the `@odata.type` value of a kind, with `#` unless told otherwise. */
export function odataTypeOf<K extends TargetKind>(kind: K, options: OdataTypeOptions = {}): TargetOf<K>["@odata.type"] {
  const bare = `${namespace}${kind}`;
  return (options.hash === false ? bare : `#${bare}`) as TargetOf<K>["@odata.type"];
}

/**
 * makeTarget builds a target of the given kind with its `@odata.type` set
 * (the Go bindings' generated From* methods leave that to the caller).
 *
 *     makeTarget("groupAssignmentTarget", { groupId })
 */
export function makeTarget<K extends TargetKind>(
  kind: K,
  props: TargetProps<K>,
  options: OdataTypeOptions = {},
): TargetOf<K> {
  return { "@odata.type": odataTypeOf(kind, options), ...props } as TargetOf<K>;
}

/**
 * sameTargetType reports whether two `@odata.type` values name the same
 * variant, ignoring the leading `#`; false when either names none.
 */
export function sameTargetType(a: string, b: string): boolean {
  const kind = targetKindOf(a);
  return kind !== undefined && kind === targetKindOf(b);
}

/**
 * unreachable ends an exhaustive `switch` over ClassifiedTarget["kind"]: it
 * compiles only when every kind is handled, and throws if a value the types
 * exclude arrives anyway.
 */
export function unreachable(value: never): never {
  throw new UnknownTargetTypeError((value as { kind?: unknown } | undefined)?.kind ?? value);
}
