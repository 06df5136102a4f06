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
 * What `validate` checks a resource as (`scimkit::schema::Mode`); case-insensitive at run time,
 * `_` for `-` too. Unknown names are a `RangeError`.
 *
 * - `'create'`: a client's POST body (RFC 7644 §3.3): readOnly values (`id`, `meta`, ...) are
 *   ignored, dropped and reported.
 * - `'replace'`: a client's PUT body (§3.5.1): readOnly values ignored; immutable ones must match
 *   `existing`.
 * - `'patch-result'`: a resource as a PATCH left it, before it is stored: everything kept.
 * - `'response'`: a resource about to be returned: needs an `id`; `returned: never` values
 *   (`password`) are refused.
 */
export type Mode = 'create' | 'replace' | 'patch-result' | 'response';

/** What `validate` does with attributes the schema does not define. */
export type UnknownAttributes = 'reject' | 'drop';

/**
 * What `validate` takes: a request body as a client sent it — parsed (any JSON value: the engine
 * refuses what is not an object with a `ScimError`, `invalidSyntax`, as it refuses the same body
 * as text) or as JSON text.
 */
export type RequestBody = object | string | number | boolean | null;

/** How `validate` checks a resource. */
export interface ValidateOptions {
    /** The resource type (case-insensitive); default `"User"`. Validation always needs the schema. */
    resourceType?: string;
    /** Default `'create'`. */
    mode?: Mode;
    /**
     * The stored resource a `'replace'` body replaces (an object or JSON text), for the immutable
     * check (RFC 7644 §3.5.1). Read whole, never modified.
     */
    existing?: object | string;
    /**
     * `'reject'` (the default) refuses a resource with attributes the schema does not define
     * (`invalidSyntax`); `'drop'` leaves them out and reports them in `dropped`.
     */
    unknownAttributes?: UnknownAttributes;
    /**
     * Whether a string attribute that declares `canonicalValues` must take one of them (RFC 7643
     * §2.3.1 permits the restriction). Default `true`.
     */
    canonicalValues?: boolean;
    /** The registry. Default: the RFC 7643 one (`new Schemas()`). */
    schemas?: Schemas | null;
}

/** What `validate` returns. */
export interface ValidateResult<T extends object = JsonObject> {
    /**
     * The normalised resource, a new object: attribute names in the schema's spelling, extension
     * attributes under their schema URN, canonical values in the schema's spelling, `null` and
     * `[]` left out.
     */
    resource: T;
    /**
     * The attribute paths that were ignored, in no particular order: readOnly values a client
     * sent, and unknown attributes under `unknownAttributes: 'drop'`. Multi-valued attributes
     * carry the index (`emails[1].display`); extension attributes are URN-qualified.
     */
    dropped: string[];
}

/**
 * Attribute names in standard attribute notation (RFC 7644 §3.10), URN-qualified or not, e.g.
 * `['userName', 'name.givenName']`, or one comma-separated string, as in a query
 * (`'userName,name.givenName'`). Names are trimmed; empty ones are ignored.
 */
export type AttributeNames = string | readonly string[];

/** Which attributes `project` keeps (RFC 7644 §3.4.2.5); at most one of the two lists. */
export interface ProjectOptions {
    /** The resource type (case-insensitive); default `"User"`. */
    resourceType?: string;
    /** Only these, plus the attributes always returned (`id`, `schemas`). */
    attributes?: AttributeNames;
    /** The default set without these. */
    excludedAttributes?: AttributeNames;
    /** The registry. Default: the RFC 7643 one (`new Schemas()`). */
    schemas?: Schemas | null;
}

/** `sortOrder` (RFC 7644 §3.4.2.3); case-insensitive at run time. */
export type SortOrder = 'ascending' | 'descending';

/** How `sort` orders resources. */
export interface SortOptions {
    /**
     * Default `'ascending'`: resources without a value last. `'descending'` is the exact reverse.
     * Unknown names are a `RangeError`.
     */
    sortOrder?: SortOrder;
    /** The resource type (case-insensitive); default `"User"`. */
    resourceType?: string;
    /** The registry. Default: the RFC 7643 one (`new Schemas()`). */
    schemas?: Schemas | null;
}

/** A service's bulk limits (RFC 7643 §5, `bulk`). */
export interface BulkOptions {
    /** The most operations in one request. A non-negative integer. */
    maxOperations: number;
    /** The largest request, in bytes. A non-negative integer. */
    maxPayloadSize: number;
}

/** What `serviceProviderConfig` declares supported; each defaults to not supported. */
export interface ServiceProviderConfigOptions {
    /** PATCH (RFC 7644 §3.5.2). */
    patch?: boolean;
    /** Bulk operations (§3.7), with their limits. */
    bulk?: BulkOptions;
    /** Filtering (§3.4.2.2), returning at most this many resources. A non-negative integer. */
    filterMaxResults?: number;
    /** Changing passwords (RFC 7643 §4.1.1). */
    changePassword?: boolean;
    /** Sorting (§3.4.2.3). */
    sort?: boolean;
    /** ETags (§3.14). */
    etag?: boolean;
    /** The service's human-readable help documentation. */
    documentationUri?: string;
}

/** One entry of `authenticationSchemes` (RFC 7643 §5). */
export interface AuthenticationSchemeDocument {
    type: string;
    name: string;
    description: string;
    specUri?: string;
    documentationUri?: string;
    primary?: boolean;
}

/** The `/ServiceProviderConfig` document (RFC 7643 §5). */
export interface ServiceProviderConfigDocument {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'];
    documentationUri?: string;
    patch: { supported: boolean };
    bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
    filter: { supported: boolean; maxResults: number };
    changePassword: { supported: boolean };
    sort: { supported: boolean };
    etag: { supported: boolean };
    /** OAuth 2.0 bearer tokens (RFC 6750). */
    authenticationSchemes: AuthenticationSchemeDocument[];
    meta: { resourceType: 'ServiceProviderConfig'; location?: string };
}

/** How `listResponse` describes the page. */
export interface ListResponseOptions {
    /** The number of results of the whole query. Default: the number of resources given. */
    totalResults?: number;
    /** The 1-based index of the first resource given in the whole result. Default 1; 0 counts as 1. */
    startIndex?: number;
}

/** A `ListResponse` (RFC 7644 §3.4.2). */
export interface ListResponse<T = JsonObject> {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'];
    totalResults: number;
    startIndex: number;
    /** The number of resources in `Resources`. */
    itemsPerPage: number;
    Resources: T[];
}

/**
 * A `ListResponse` of resources given as JSON text; the resources are typed `T` (default
 * `JsonObject`). See the overload below.
 */
export function listResponse<T extends object = JsonObject>(
resources: ReadonlyArray<string>,
options?: ListResponseOptions,
): ListResponse<T>;

/** An attribute definition as `/Schemas` serves it (RFC 7643 §7). */
export interface AttributeDocument {
    name: string;
    type: 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'binary' | 'reference' | 'complex';
    referenceTypes?: string[];
    multiValued: boolean;
    description?: string;
    required: boolean;
    canonicalValues?: string[];
    caseExact: boolean;
    mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
    returned: 'always' | 'never' | 'default' | 'request';
    uniqueness: 'none' | 'server' | 'global';
    subAttributes?: AttributeDocument[];
}

/** A schema as `/Schemas` serves it (RFC 7643 §7). */
export interface SchemaDocument {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'];
    /** The schema URI. */
    id: string;
    name?: string;
    description?: string;
    attributes: AttributeDocument[];
    meta: { resourceType: 'Schema'; location: string };
}

/** A resource type as `/ResourceTypes` serves it (RFC 7643 §6). */
export interface ResourceTypeDocument {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'];
    id: string;
    name: string;
    endpoint: string;
    description?: string;
    /** The base schema URI. */
    schema: string;
    schemaExtensions?: { schema: string; required: boolean }[];
    meta: { resourceType: 'ResourceType'; location: string };
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

/**
 * Validates and normalises `resource` (a request body: a JSON value, or JSON text) for `mode` (RFC 7643 §2, §3;
 * RFC 7644 §3.3, §3.5.1): `resource` is the normalised resource as a new object (attribute
 * names in the schema's spelling, canonical values in theirs, unassigned values left out),
 * `dropped` the attribute paths that were ignored (readOnly values a client sent; unknown
 * attributes under `unknownAttributes: 'drop'`). Throws a `ScimError` at the first problem,
 * also when the body is not an object (`invalidSyntax`).
 */
export function validate<T extends object = JsonObject>(resource: RequestBody, options?: ValidateOptions): ValidateResult<T>;

/**
 * `resource` (an object or JSON text) with only the attributes a response returns (RFC 7644
 * §3.4.2.5, §3.9): `attributes` names the ones wanted (plus those always returned),
 * `excludedAttributes` the ones to leave out of the default set; at most one of the two. A new
 * object. Throws a `ScimError` (`invalidValue`) for a name the resource type does not have.
 */
export function project<T extends object = JsonObject>(resource: Resource, options?: ProjectOptions): T;

/**
 * `resources` (objects, read in place, or JSON text) sorted by the attribute `sortBy` (RFC 7644
 * §3.4.2.3), stably: a new array holding the very values given. Throws a `ScimError`
 * (`invalidValue`) when `sortBy` is not an attribute to sort by.
 */
export function sort<T extends Resource>(resources: ReadonlyArray<T>, sortBy: string, options?: SortOptions): T[];

/**
 * The `/ServiceProviderConfig` document (RFC 7643 §5) of a service with these capabilities;
 * what is not given is not supported. `bulk` is `{maxOperations, maxPayloadSize}`;
 * `filterMaxResults` turns filtering on with that many results at most. The authentication
 * scheme listed is OAuth 2.0 bearer tokens (RFC 6750).
 */
export function serviceProviderConfig(options?: ServiceProviderConfigOptions): ServiceProviderConfigDocument;

/**
 * A `ListResponse` (RFC 7644 §3.4.2) of `resources` (objects or JSON text, copied into new
 * objects): `totalResults` defaults to the number of resources, `startIndex` (1-based) to 1;
 * `itemsPerPage` is the number of resources.
 */
export function listResponse<T extends object = JsonObject>(resources: ReadonlyArray<T | string>, options?: ListResponseOptions): ListResponse<T>;

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
     * The `/ResourceTypes` response (RFC 7644 §4): a ListResponse of every registered resource
     * type, each with `meta.location` under `baseUrl`.
     */
    resourceTypesDocument(baseUrl?: string | null): ListResponse<ResourceTypeDocument>;
    /**
     * The names of the registered resource types.
     */
    resourceTypes(): string[];
    /**
     * The URIs of the registered schemas.
     */
    schemaIds(): string[];
    /**
     * The `/Schemas` response (RFC 7644 §4): a ListResponse of every registered schema, each
     * with `meta.location` under `baseUrl` (e.g. `https://example.com/scim/v2`; the locations
     * are relative paths when it is not given).
     */
    schemasDocument(baseUrl?: string | null): ListResponse<SchemaDocument>;
}
