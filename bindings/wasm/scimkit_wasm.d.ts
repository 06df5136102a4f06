/* tslint:disable */
/* eslint-disable */

/**
 * A SCIM resource: an object, read in place (only the attributes a filter names are touched), or
 * its JSON text, parsed once in Rust. Arrays are not resources (`TypeError`).
 */
export type Resource = object | string;

/** Parse options. `strict` starts from exactly the RFC 7644 grammar; the switches override it. */
export interface ParseOptions {
    /** Accept exactly RFC 7644 Figure 1 (with erratum 7319). Default `false`. */
    strict?: boolean;
    /** Runs of whitespace between tokens and around brackets. Default `true` (`false` when strict). */
    lenientWhitespace?: boolean;
    /** Microsoft Entra ID's `emails[type eq "work"].value eq "x"`. Default `true` (`false` when strict). */
    valuePathSubAttr?: boolean;
    /** `$` in attribute names, e.g. `members.$ref`. Default `true` (`false` when strict). */
    dollarNames?: boolean;
    /** Deepest nesting of `(`, `not (` and `[`. Default 64; larger values than 200 count as 200. */
    maxDepth?: number;
    /** Longest input, in bytes of UTF-8. Default 65536. */
    maxLength?: number;
}

/** What `Filter.matches` and `Filter.filter` evaluate against. */
export interface MatchOptions {
    /** The resource type (case-insensitive). Default `"User"`; `null` evaluates schema-less. */
    resourceType?: string | null;
    /** The registry. Default: the RFC 7643 one (`new Schemas()`). */
    schemas?: Schemas | null;
}

/**
 * What `Schemas.load` takes: a Schema (RFC 7643 §7) or ResourceType (§6) document, an array of
 * them or a ListResponse of them, as an object (read as `JSON.stringify` serialises it) or as
 * JSON text.
 */
export type SchemaDocuments = object | string;

/** The RFC 7644 §3.12 `scimType` keywords. */
export type ScimType =
| 'invalidFilter'
| 'tooMany'
| 'uniqueness'
| 'mutability'
| 'invalidSyntax'
| 'invalidPath'
| 'noTarget'
| 'invalidValue'
| 'invalidVers'
| 'sensitive';

/** The SCIM error response (RFC 7644 §3.12). */
export interface ScimErrorDocument {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'];
    /** Absent when the error has no `scimType`. */
    scimType?: ScimType;
    detail: string;
    /** The HTTP status, as a string (the RFC's form). */
    status: string;
}

/** A JSON value, as `JSON.parse` builds it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object, as `JSON.parse` builds it. */
export interface JsonObject {
    [member: string]: JsonValue;
}

/** A PATCH profile's name: the identity provider whose documented deviations are accepted. */
export type Profile = 'rfc' | 'entra' | 'okta' | 'onelogin' | 'google' | 'jumpcloud';

/** A PATCH operation's name; any case is accepted (`"Add"`, as Microsoft Entra ID sends it). */
export type PatchOpName = 'add' | 'remove' | 'replace';

/** One operation of a PatchOp message (RFC 7644 §3.5.2). */
export interface PatchOperation {
    op: PatchOpName | Capitalize<PatchOpName> | Uppercase<PatchOpName>;
    /** Where: an attribute path, optionally with a value filter (`emails[type eq "work"].value`). */
    path?: string | null;
    /** Required for `add` and `replace`; any JSON value. */
    value?: unknown;
}

/**
 * A PatchOp message (RFC 7644 §3.5.2), as a client sends it. Member names are matched
 * case-insensitively at run time; as JSON text, any spelling is accepted.
 */
export interface PatchMessage {
    /** Must list `"urn:ietf:params:scim:api:messages:2.0:PatchOp"`. */
    schemas: readonly string[];
    /** At least one. */
    Operations: readonly PatchOperation[];
}

/** How `new PatchRequest` reads the message. */
export interface PatchRequestOptions {
    /**
     * Default `'rfc'`: RFC 7644 exactly. Case-insensitive; unknown names are a `RangeError`
     * (`PROFILES` lists them).
     */
    profile?: Profile;
}

/** What `PatchRequest.apply` applies the message to. */
export interface ApplyOptions {
    /** The resource type (case-insensitive); default `"User"`. PATCH always needs the schema. */
    resourceType?: string;
    /** The registry. Default: the RFC 7643 one (`new Schemas()`). */
    schemas?: Schemas | null;
}

/** `applyPatch`'s options: those of `new PatchRequest` and of `PatchRequest.apply`. */
export interface ApplyPatchOptions extends PatchRequestOptions, ApplyOptions {}

/** What `PatchRequest.apply` returns. */
export interface PatchResult<T extends object = JsonObject> {
    /** The patched resource: a new object (the one given is never modified). */
    resource: T;
    /**
     * Whether it differs from the resource given. When `false` a service can keep the resource's
     * version (ETag) and `meta.lastModified` (RFC 7644 §3.5.2.1).
     */
    changed: boolean;
}

/**
 * What every scimkit function throws on failure: an `Error` whose `name` is `"ScimError"`.
 * (Arguments of the wrong type throw a `TypeError` instead.)
 */
export interface ScimError extends Error {
    name: 'ScimError';
    /** The RFC 7644 §3.12 keyword, or `null` (an unknown resource type, a malformed schema). */
    scimType: ScimType | null;
    /** The HTTP status: 400, 409, 500, ... */
    status: number;
    /** The one-line message; also `message`. */
    detail: string;
    /** Where in the source text, in UTF-16 code units (string indices), or `null`. */
    start: number | null;
    /** End of the span (exclusive), or `null`. */
    end: number | null;
    /** The message with a caret under the source text. */
    rendered: string;
    /** The SCIM error document. */
    document: ScimErrorDocument;
    /**
     * For a PATCH error, the index (0-based) of the failing operation in `Operations`; `null` when
     * the message itself is malformed before any operation, and for every other error.
     */
    operation: number | null;
}

export interface Filter {
    /** The resources that match, in order: a new array holding the very values given. */
    filter<T extends Resource>(resources: ReadonlyArray<T>, options?: MatchOptions): T[];
}

export interface PatchRequest {
    /**
     * Applies the request to `resource` (an object or JSON text), atomically: `resource` is the
     * patched resource as a new object, `changed` whether it differs from the one given (which
     * is never modified).
     */
    apply<T extends object = JsonObject>(resource: string, options?: ApplyOptions): PatchResult<T>;
    /**
     * Applies the request to `resource`, an object (read whole, never modified) or JSON text; the
     * result's `resource` has the type of the one given.
     */
    apply<T extends object>(resource: T | string, options?: ApplyOptions): PatchResult<T>;
}

/**
 * Applies the PatchOp message `patch` (RFC 7644 §3.5.2) to the resource given as JSON text; the
 * result is typed `T` (default `JsonObject`). See the overload below.
 */
export function applyPatch<T extends object = JsonObject>(resource: string, patch: PatchMessage | string, options?: ApplyPatchOptions): T;

/**
 * Applies the PatchOp message `patch` (RFC 7644 §3.5.2) to `resource`, atomically, and returns
 * the patched resource as a new object; `resource` itself is never modified. Both may be
 * objects or JSON text. Throws a `ScimError` (with `operation`, the failing operation's index)
 * when the request is malformed or cannot be applied.
 */
export function applyPatch<T extends object>(resource: T | string, patch: PatchMessage | string, options?: ApplyPatchOptions): T;

/** The names of the PATCH profiles, `'rfc'` first: what `profile` takes (a frozen array). */
export const PROFILES: ReadonlyArray<Profile>;

/** `[start, end)` in UTF-16 code units of the source text (JavaScript string indices). */
export type Span = [start: number, end: number];

/** An attribute path: `urn:...:User:name.givenName`. */
export interface AttrPathNode {
    uri?: string;
    name: string;
    subAttr?: string;
    span: Span;
}

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

export interface ComparisonNode {
    op: CompareOp;
    path: AttrPathNode;
    /** The JSON value; a number beyond the range of a double is given as its text. */
    value: string | number | boolean | null;
    span: Span;
}

export interface PresenceNode {
    op: 'pr';
    path: AttrPathNode;
    span: Span;
}

export interface ValuePathNode {
    op: 'valuePath';
    path: AttrPathNode;
    filter: FilterNode;
    span: Span;
}

export interface LogicalNode {
    op: 'and' | 'or';
    /** At least two. */
    operands: FilterNode[];
    span: Span;
}

export interface NotNode {
    op: 'not';
    operand: FilterNode;
    span: Span;
}

/** The JSON form of a filter's syntax tree (`scimkit::filter::json`). */
export type FilterNode = ComparisonNode | PresenceNode | ValuePathNode | LogicalNode | NotNode;

/** The JSON form of a PATCH path. */
export interface PatchPathNode {
    path: AttrPathNode;
    filter?: FilterNode;
    subAttr?: string;
    span: Span;
}



/**
 * A parsed SCIM filter (RFC 7644 §3.4.2.2).
 *
 * `String(f)` is the canonical form; `matches` and `filter` evaluate it, compiling it once per
 * (registry, resource type) and reusing the compilation.
 */
export class Filter {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * The syntax tree in its JSON form (spans in UTF-16 code units, like JavaScript strings).
     */
    ast(): FilterNode;
    /**
     * Does `resource` (an object, read in place, or JSON text) match? Throws a `ScimError`
     * when the filter does not fit the resource type's schema.
     */
    matches(resource: Resource, options?: MatchOptions): boolean;
    /**
     * Parses `text`; throws a `ScimError` (`invalidFilter`) when it is not a filter.
     */
    constructor(text: string, options?: ParseOptions);
    /**
     * The canonical form: lower-case operators, one space between tokens, only the
     * parentheses precedence needs.
     */
    toString(): string;
    /**
     * The text this filter was parsed from.
     */
    readonly text: string;
}

/**
 * A parsed PATCH `path` (RFC 7644 §3.5.2).
 */
export class PatchPath {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * The path in its JSON form (spans in UTF-16 code units, like JavaScript strings).
     */
    ast(): PatchPathNode;
    /**
     * Parses `text`; throws a `ScimError` (`invalidPath`) when it is not a path.
     */
    constructor(text: string, options?: ParseOptions);
    /**
     * The canonical form.
     */
    toString(): string;
}

/**
 * A PatchOp message (RFC 7644 §3.5.2), read once and checked, to apply to any number of
 * resources.
 */
export class PatchRequest {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Reads `patch` (an object or JSON text) under `profile`; throws a `ScimError` when it is
     * not a valid PatchOp message.
     */
    constructor(patch: PatchMessage | string, options?: PatchRequestOptions);
}

/**
 * A registry of schemas and resource types (RFC 7643 §6, §7).
 */
export class Schemas {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * A registry with only the common attributes (`id`, `externalId`, `meta`, `schemas`).
     */
    static empty(): Schemas;
    /**
     * Loads Schema and ResourceType documents: one, an array of them or a ListResponse, as
     * an object or JSON text. All or nothing: on a `ScimError` nothing is loaded.
     */
    load(doc: SchemaDocuments): void;
    /**
     * The RFC 7643 registry: User (with the enterprise extension) and Group.
     */
    constructor();
    /**
     * The names of the registered resource types.
     */
    resourceTypes(): string[];
    /**
     * The URIs of the registered schemas.
     */
    schemaIds(): string[];
}
