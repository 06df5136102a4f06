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
}

export interface Filter {
    /** The resources that match, in order: a new array holding the very values given. */
    filter<T extends Resource>(resources: ReadonlyArray<T>, options?: MatchOptions): T[];
}

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
