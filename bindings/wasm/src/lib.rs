//! The WebAssembly binding of scimkit (npm `scimkit-wasm`): `Filter`, `PatchPath`, `Schemas`
//! (with the `/Schemas` and `/ResourceTypes` documents), `applyPatch`, `PatchRequest`,
//! `validate`, `project`, `sort`, `serviceProviderConfig` and `listResponse` for browsers and
//! Node, with the API and error shape of `bindings/README.md` (the same as the Node addon's,
//! argument checks and messages included).
//!
//! Like every binding it holds no SCIM logic: each export converts its arguments, calls the core
//! and maps the error. Resources given to a filter or to `sort` as JavaScript objects are read in
//! place through [`JsonRef`] (only the members the filter or `sortBy` names are touched); PATCH,
//! validation, projection and `listResponse` convert their inputs whole (`ToJson`) and build new
//! objects for the results. JSON text is parsed in Rust.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::sync::Arc;

use js_sys::{Array, Object};
use scimkit::CompiledFilter;
use scimkit::filter::CompileCache;
use scimkit::patch::{PatchOptions, Profile};
use scimkit::schema::{
    BulkConfig, ListResponse, Mode, ServiceProviderConfig, SortOrder, UnknownAttributes,
    ValidateOptions,
};
use scimkit::value::{JsonRef, Kind, Num};
use scimkit::{SpanConverter, SpanUnits};
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
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
"#;

/// The JavaScript built-ins the binding calls. Every one that can run the caller's code (a
/// getter, a `Proxy` trap, `toJSON`) is `catch`: an exception must come back to Rust as an
/// `Err`, never unwind through WebAssembly frames (which would leave `&self` borrowed).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    fn js_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_namespace = Object, js_name = hasOwn)]
    fn js_has_own(target: &JsValue, key: &JsValue) -> Result<bool, JsValue>;

    /// Own enumerable string keys.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn js_keys(target: &JsValue) -> Result<Array, JsValue>;

    /// `Array.isArray` (true for a `Proxy` of an array; throws for a revoked one).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn js_is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// Typed arrays (`Buffer`) and `DataView`s.
    #[wasm_bindgen(js_namespace = ArrayBuffer, js_name = isView)]
    fn js_is_buffer_view(value: &JsValue) -> bool;

    #[wasm_bindgen(catch, js_namespace = ["Date", "prototype"], js_name = isPrototypeOf)]
    fn js_is_date(value: &JsValue) -> Result<bool, JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["ArrayBuffer", "prototype"], js_name = isPrototypeOf)]
    fn js_is_array_buffer(value: &JsValue) -> Result<bool, JsValue>;

    #[wasm_bindgen(catch, js_namespace = JSON, js_name = stringify)]
    fn js_stringify(value: &JsValue) -> Result<JsValue, JsValue>;

    /// Whatever the caller passed as `options.schemas`.
    type SchemasArg;

    /// `Schemas.prototype.__scimkitShare`: a handle on the registry of a `Schemas` (no such
    /// method, or `undefined`, for anything else).
    #[wasm_bindgen(method, catch, js_name = __scimkitShare)]
    fn scimkit_share(this: &SchemasArg) -> Result<Option<Schemas>, JsValue>;
}

/// A parsed SCIM filter (RFC 7644 §3.4.2.2).
///
/// `String(f)` is the canonical form; `matches` and `filter` evaluate it, compiling it once per
/// (registry, resource type) and reusing the compilation.
#[wasm_bindgen]
pub struct Filter {
    inner: scimkit::Filter,
    cache: CompileCache,
}

#[wasm_bindgen]
impl Filter {
    /// Parses `text`; throws a `ScimError` (`invalidFilter`) when it is not a filter.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ParseOptions")] options: JsValue,
    ) -> Result<Filter, JsValue> {
        let text = string_arg(&text, "text")?;
        let inner = scimkit::Filter::parse_with(&text, &parse_options(&options)?)
            .map_err(|e| scim_error(&e))?;
        Ok(Filter {
            inner,
            cache: CompileCache::new(),
        })
    }

    /// The canonical form: lower-case operators, one space between tokens, only the
    /// parentheses precedence needs.
    #[wasm_bindgen(js_name = toString)]
    pub fn canonical(&self) -> String {
        self.inner.to_string()
    }

    /// The text this filter was parsed from.
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.inner.source().unwrap_or_default().to_owned()
    }

    /// The syntax tree in its JSON form (spans in UTF-16 code units, like JavaScript strings).
    #[wasm_bindgen(unchecked_return_type = "FilterNode")]
    pub fn ast(&self) -> JsValue {
        to_js(&self.inner.to_json_in(SpanUnits::Utf16))
    }

    /// Does `resource` (an object, read in place, or JSON text) match? Throws a `ScimError`
    /// when the filter does not fit the resource type's schema.
    pub fn matches(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Resource")] resource: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "MatchOptions")] options: JsValue,
    ) -> Result<bool, JsValue> {
        let target = match_options(&options)?;
        let resource = Resource::from_arg(resource, &|| "resource".to_owned())?;
        let compiled = self.compiled(&target)?;
        resource.matches(&compiled)
    }

    /// The resources that match, in order: a new array holding the very values given.
    #[wasm_bindgen(skip_typescript)]
    pub fn filter(&self, resources: JsValue, options: JsValue) -> Result<Array, JsValue> {
        let target = match_options(&options)?;
        let compiled = self.compiled(&target)?;
        if !js_is_array(&resources)? {
            let message = format!("resources must be an array, not {}", describe(&resources));
            return Err(type_error(&message));
        }
        let resources: Array = resources.unchecked_into();
        let len = js_get(&resources, &"length".into())?
            .as_f64()
            .unwrap_or(0.0) as u32;
        let out = Array::new();
        for i in 0..len {
            let element = js_get(&resources, &i.into())?;
            let resource = Resource::from_arg(element.clone(), &|| format!("resources[{i}]"))?;
            if resource.matches(&compiled)? {
                out.push(&element);
            }
        }
        Ok(out)
    }

    fn compiled(&self, target: &Target) -> Result<Arc<CompiledFilter>, JsValue> {
        self.cache
            .compiled(
                &self.inner,
                &target.schemas,
                target.resource_type.as_deref(),
            )
            .map_err(|e| scim_error(&e))
    }
}

/// A parsed PATCH `path` (RFC 7644 §3.5.2).
#[wasm_bindgen]
pub struct PatchPath {
    inner: scimkit::PatchPath,
    text: String,
}

#[wasm_bindgen]
impl PatchPath {
    /// Parses `text`; throws a `ScimError` (`invalidPath`) when it is not a path.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ParseOptions")] options: JsValue,
    ) -> Result<PatchPath, JsValue> {
        let text = string_arg(&text, "text")?;
        let inner = scimkit::PatchPath::parse_with(&text, &parse_options(&options)?)
            .map_err(|e| scim_error(&e))?;
        Ok(PatchPath { inner, text })
    }

    /// The canonical form.
    #[wasm_bindgen(js_name = toString)]
    pub fn canonical(&self) -> String {
        self.inner.to_string()
    }

    /// The path in its JSON form (spans in UTF-16 code units, like JavaScript strings).
    #[wasm_bindgen(unchecked_return_type = "PatchPathNode")]
    pub fn ast(&self) -> JsValue {
        let units = SpanConverter::new(&self.text, SpanUnits::Utf16);
        to_js(&self.inner.to_json_with(&units))
    }
}

/// A registry of schemas and resource types (RFC 7643 §6, §7).
#[wasm_bindgen]
pub struct Schemas {
    // `load` takes `&self`: reading its argument may run JavaScript (getters, `toJSON`) that
    // uses this registry, so no `&mut` may be live then.
    inner: RefCell<scimkit::Schemas>,
}

#[wasm_bindgen]
impl Schemas {
    /// The RFC 7643 registry: User (with the enterprise extension) and Group.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default, reason = "a JavaScript constructor")]
    pub fn new() -> Schemas {
        Schemas::from(scimkit::Schemas::rfc7643())
    }

    /// A registry with only the common attributes (`id`, `externalId`, `meta`, `schemas`).
    pub fn empty() -> Schemas {
        Schemas::from(scimkit::Schemas::new())
    }

    /// Loads Schema and ResourceType documents: one, an array of them or a ListResponse, as
    /// an object or JSON text. All or nothing: on a `ScimError` nothing is loaded.
    pub fn load(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SchemaDocuments")] doc: JsValue,
    ) -> Result<(), JsValue> {
        let text = json_text_arg(&doc, "doc")?;
        let mut registry = self
            .inner
            .try_borrow_mut()
            .map_err(|_| type_error("the Schemas registry is in use"))?;
        registry.load_str(&text).map_err(|e| scim_error(&e))
    }

    /// The names of the registered resource types.
    #[wasm_bindgen(js_name = resourceTypes)]
    pub fn resource_types(&self) -> Result<Vec<String>, JsValue> {
        let registry = self.registry()?;
        Ok(registry
            .resource_types()
            .map(|rt| rt.name.clone())
            .collect())
    }

    /// The URIs of the registered schemas.
    #[wasm_bindgen(js_name = schemaIds)]
    pub fn schema_ids(&self) -> Result<Vec<String>, JsValue> {
        let registry = self.registry()?;
        Ok(registry.schemas().map(|s| s.id.clone()).collect())
    }

    /// The `/Schemas` response (RFC 7644 §4): a ListResponse of every registered schema, each
    /// with `meta.location` under `baseUrl` (e.g. `https://example.com/scim/v2`; the locations
    /// are relative paths when it is not given).
    #[wasm_bindgen(
        js_name = schemasDocument,
        unchecked_return_type = "ListResponse<SchemaDocument>"
    )]
    pub fn schemas_document(
        &self,
        #[wasm_bindgen(js_name = baseUrl, unchecked_optional_param_type = "string | null")]
        base_url: JsValue,
    ) -> Result<JsValue, JsValue> {
        let base_url = base_url_arg(&base_url)?;
        Ok(to_js(
            &self.registry()?.schemas_document(base_url.as_deref()),
        ))
    }

    /// The `/ResourceTypes` response (RFC 7644 §4): a ListResponse of every registered resource
    /// type, each with `meta.location` under `baseUrl`.
    #[wasm_bindgen(
        js_name = resourceTypesDocument,
        unchecked_return_type = "ListResponse<ResourceTypeDocument>"
    )]
    pub fn resource_types_document(
        &self,
        #[wasm_bindgen(js_name = baseUrl, unchecked_optional_param_type = "string | null")]
        base_url: JsValue,
    ) -> Result<JsValue, JsValue> {
        let base_url = base_url_arg(&base_url)?;
        Ok(to_js(
            &self
                .registry()?
                .resource_types_document(base_url.as_deref()),
        ))
    }

    /// A handle on a snapshot of this registry, for `Filter` reading `options.schemas` (not
    /// public API).
    #[wasm_bindgen(js_name = __scimkitShare, skip_typescript)]
    pub fn share(&self) -> Result<Schemas, JsValue> {
        Ok(Schemas::from(self.registry()?))
    }
}

impl Schemas {
    /// A snapshot of the registry (cheap: the contents are shared).
    fn registry(&self) -> Result<scimkit::Schemas, JsValue> {
        match self.inner.try_borrow() {
            Ok(r) => Ok(r.clone()),
            Err(_) => Err(type_error("the Schemas registry is in use")),
        }
    }
}

/// The optional `baseUrl` argument: a string, or `undefined` / `null` for none.
fn base_url_arg(v: &JsValue) -> Result<Option<String>, JsValue> {
    if v.is_null_or_undefined() {
        return Ok(None);
    }
    string_arg(v, "baseUrl").map(Some)
}

impl From<scimkit::Schemas> for Schemas {
    fn from(registry: scimkit::Schemas) -> Schemas {
        Schemas {
            inner: RefCell::new(registry),
        }
    }
}

/// A PatchOp message (RFC 7644 §3.5.2), read once and checked, to apply to any number of
/// resources.
#[wasm_bindgen]
pub struct PatchRequest {
    inner: scimkit::PatchRequest,
    options: PatchOptions,
}

#[wasm_bindgen]
impl PatchRequest {
    /// Reads `patch` (an object or JSON text) under `profile`; throws a `ScimError` when it is
    /// not a valid PatchOp message.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "PatchMessage | string")] patch: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PatchRequestOptions")] options: JsValue,
    ) -> Result<PatchRequest, JsValue> {
        let obj = options_object(&options, &["profile"])?;
        let options = PatchOptions::profile(profile_option(obj.as_ref())?);
        let message = patch_arg(&patch)?;
        let inner = scimkit::PatchRequest::from_json_with(&message, &options)
            .map_err(|e| scim_error(&e))?;
        Ok(PatchRequest { inner, options })
    }

    /// Applies the request to `resource` (an object or JSON text), atomically: `resource` is
    /// the patched resource as a new object, `changed` whether it differs from the one given
    /// (which is never modified). Declared generic in `TYPES`.
    #[wasm_bindgen(skip_typescript)]
    pub fn apply(&self, resource: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let obj = options_object(&options, &["resourceType", "schemas"])?;
        let target = patch_target(obj.as_ref())?;
        let mut doc = resource_arg(&resource, "resource")?;
        let outcome = self.apply_to(&mut doc, &target)?;
        let result = Object::new();
        set(&result, "resource", to_js(&doc));
        set(&result, "changed", outcome.changed.into());
        Ok(result.into())
    }
}

impl PatchRequest {
    fn apply_to(
        &self,
        doc: &mut Value,
        target: &TypedTarget,
    ) -> Result<scimkit::PatchOutcome, JsValue> {
        self.inner
            .apply(doc, &target.schemas, &target.resource_type, &self.options)
            .map_err(|e| scim_error(&e))
    }
}

/// Applies the PatchOp message `patch` (RFC 7644 §3.5.2) to `resource`, atomically, and returns
/// the patched resource as a new object; `resource` itself is never modified. Both may be
/// objects or JSON text. Throws a `ScimError` (with `operation`, the failing operation's index)
/// when the request is malformed or cannot be applied. Declared generic in `TYPES`.
#[wasm_bindgen(js_name = applyPatch, skip_typescript)]
pub fn apply_patch(
    resource: JsValue,
    patch: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let obj = options_object(&options, &["resourceType", "profile", "schemas"])?;
    let options = PatchOptions::profile(profile_option(obj.as_ref())?);
    let target = patch_target(obj.as_ref())?;
    let mut doc = resource_arg(&resource, "resource")?;
    let message = patch_arg(&patch)?;
    let inner =
        scimkit::PatchRequest::from_json_with(&message, &options).map_err(|e| scim_error(&e))?;
    PatchRequest { inner, options }.apply_to(&mut doc, &target)?;
    Ok(to_js(&doc))
}

/// `unknownAttributes`: `reject` or `drop`, case-insensitive (as modes and orders are).
fn unknown_attributes(name: &str) -> Option<UnknownAttributes> {
    if name.eq_ignore_ascii_case("reject") {
        Some(UnknownAttributes::Reject)
    } else if name.eq_ignore_ascii_case("drop") {
        Some(UnknownAttributes::Drop)
    } else {
        None
    }
}

/// Validates and normalises `resource` (a request body: a JSON value, or JSON text) for `mode`
/// (`scimkit::schema::validate`): `resource` is the normalised resource as a new object,
/// `dropped` the attribute paths that were ignored. Declared in `TYPES`.
#[wasm_bindgen(skip_typescript)]
pub fn validate(resource: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let obj = options_object(
        &options,
        &[
            "resourceType",
            "mode",
            "existing",
            "unknownAttributes",
            "canonicalValues",
            "schemas",
        ],
    )?;
    let target = typed_target(obj.as_ref(), "")?;
    let mut mode = Mode::Create;
    let mut validate = ValidateOptions::new();
    if let Some(obj) = &obj {
        if let Some(m) = name_option(obj, "mode", Mode::from_name, &Mode::ALL.map(Mode::name))? {
            mode = m;
        }
        let policies = ["reject", "drop"];
        if let Some(u) = name_option(obj, "unknownAttributes", unknown_attributes, &policies)? {
            validate = validate.unknown_attributes(u);
        }
        if let Some(b) = bool_option(obj, "canonicalValues")? {
            validate = validate.canonical_values(b);
        }
        if let Some(existing) = option(obj, "existing")? {
            validate = validate.existing(resource_arg(&existing, "options.existing")?);
        }
    }
    let resource = body_arg(&resource, "resource")?;
    let out = target
        .schemas
        .validate(&resource, &target.resource_type, mode, &validate)
        .map_err(|e| scim_error(&e))?;
    let result = Object::new();
    set(&result, "resource", to_js(&out.resource));
    let dropped: Array = out.dropped.iter().map(JsValue::from).collect();
    set(&result, "dropped", dropped.into());
    Ok(result.into())
}

/// `resource` (an object, read whole, or JSON text) with only the attributes a response returns
/// (`scimkit::schema::project`), as a new object. Declared in `TYPES`.
#[wasm_bindgen(skip_typescript)]
pub fn project(resource: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let obj = options_object(
        &options,
        &[
            "resourceType",
            "attributes",
            "excludedAttributes",
            "schemas",
        ],
    )?;
    let target = typed_target(obj.as_ref(), "")?;
    let attributes = names_option(obj.as_ref(), "attributes")?;
    let excluded = names_option(obj.as_ref(), "excludedAttributes")?;
    let resource = resource_arg(&resource, "resource")?;
    let attributes: Vec<&str> = attributes.iter().map(String::as_str).collect();
    let excluded: Vec<&str> = excluded.iter().map(String::as_str).collect();
    let projection = target
        .schemas
        .projection(&target.resource_type, &attributes, &excluded)
        .map_err(|e| scim_error(&e))?;
    Ok(to_js(&projection.apply(&resource)))
}

/// `resources` (objects, read in place, or JSON text) sorted by the attribute `sortBy`
/// (`scimkit::schema::sort`), stably: a new array holding the very values given. Declared in
/// `TYPES`.
#[wasm_bindgen(skip_typescript)]
pub fn sort(resources: JsValue, sort_by: JsValue, options: JsValue) -> Result<Array, JsValue> {
    let obj = options_object(&options, &["sortOrder", "resourceType", "schemas"])?;
    let target = typed_target(obj.as_ref(), "")?;
    let order = match &obj {
        Some(obj) => name_option(
            obj,
            "sortOrder",
            SortOrder::from_name,
            &["ascending", "descending"],
        )?,
        None => None,
    };
    let sort_by = string_arg(&sort_by, "sortBy")?;
    if !js_is_array(&resources)? {
        let message = format!("resources must be an array, not {}", describe(&resources));
        return Err(type_error(&message));
    }
    let sorter = target
        .schemas
        .sorter(&target.resource_type, &sort_by, order.unwrap_or_default())
        .map_err(|e| scim_error(&e))?;
    let values = array_arg(&resources, "resources")?;
    let mut items = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        items.push(Resource::from_arg(v.clone(), &|| {
            format!("resources[{i}]")
        })?);
    }
    let reader = Reader::default();
    let nodes: Vec<Item<'_>> = items
        .iter()
        .map(|r| match r {
            Resource::Object(v) => Item::Js(Js::new(v.clone(), &reader)),
            Resource::Json(json) => Item::Json(json),
        })
        .collect();
    let indices = sorter.sorted_indices(&nodes);
    drop(nodes);
    reader.check()?;
    Ok(indices.into_iter().map(|i| &values[i]).collect())
}

/// The `/ServiceProviderConfig` document (RFC 7643 §5) of a service with these capabilities;
/// what is not given is not supported. Declared in `TYPES`.
#[wasm_bindgen(js_name = serviceProviderConfig, skip_typescript)]
pub fn service_provider_config(options: JsValue) -> Result<JsValue, JsValue> {
    let mut config = ServiceProviderConfig::default();
    if let Some(obj) = options_object(
        &options,
        &[
            "patch",
            "bulk",
            "filterMaxResults",
            "changePassword",
            "sort",
            "etag",
            "documentationUri",
        ],
    )? {
        let flag = |key| bool_option(&obj, key).map(Option::unwrap_or_default);
        config.patch = flag("patch")?;
        if let Some(bulk) = option(&obj, "bulk")? {
            let keys = ["maxOperations", "maxPayloadSize"];
            let bulk = object_arg(&bulk, "options.bulk", &keys)?;
            let count = |key: &str| -> Result<u64, JsValue> {
                count_value(&js_get(&bulk, &key.into())?, &format!("options.bulk.{key}"))
            };
            config.bulk = Some(BulkConfig {
                max_operations: count("maxOperations")?,
                max_payload_size: count("maxPayloadSize")?,
            });
        }
        config.filter = count_option(&obj, "filterMaxResults")?;
        config.change_password = flag("changePassword")?;
        config.sort = flag("sort")?;
        config.etag = flag("etag")?;
        if let Some(uri) = option(&obj, "documentationUri")? {
            config.documentation_uri = Some(string_arg(&uri, "options.documentationUri")?);
        }
    }
    Ok(to_js(&config.to_json()))
}

/// A `ListResponse` (RFC 7644 §3.4.2) of `resources` (objects or JSON text, copied into new
/// objects). Declared in `TYPES`.
#[wasm_bindgen(js_name = listResponse, skip_typescript)]
pub fn list_response(resources: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let obj = options_object(&options, &["totalResults", "startIndex"])?;
    let (total, start) = match &obj {
        Some(obj) => (
            size_option(obj, "totalResults")?,
            size_option(obj, "startIndex")?,
        ),
        None => (None, None),
    };
    let values = array_arg(&resources, "resources")?;
    let mut resources = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        resources.push(resource_arg(v, &format!("resources[{i}]"))?);
    }
    let list = ListResponse {
        total_results: total.unwrap_or(resources.len()),
        start_index: start.unwrap_or(1),
        resources,
    };
    Ok(to_js(&list.to_json()))
}

/// The names of the PATCH profiles, for the `PROFILES` constant build.sh writes into the glue
/// (not public API).
#[wasm_bindgen(js_name = __scimkitProfiles, skip_typescript)]
pub fn profiles() -> Vec<String> {
    Profile::ALL.iter().map(|p| p.name().to_owned()).collect()
}

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

fn with_code(err: JsValue, code: &str) -> JsValue {
    let _ = js_sys::Reflect::set(&err, &"code".into(), &code.into());
    err
}

/// A `TypeError` with Node's `code` for a bad argument.
fn type_error(message: &str) -> JsValue {
    with_code(
        js_sys::TypeError::new(message).into(),
        "ERR_INVALID_ARG_TYPE",
    )
}

/// A `RangeError` with Node's `code` for an argument out of range.
fn range_error(message: &str) -> JsValue {
    with_code(js_sys::RangeError::new(message).into(), "ERR_OUT_OF_RANGE")
}

/// How an argument of the wrong type is described in a `TypeError`.
fn describe(v: &JsValue) -> &'static str {
    if v.is_undefined() {
        "undefined"
    } else if v.is_null() {
        "null"
    } else if v.as_bool().is_some() {
        "a boolean"
    } else if v.as_f64().is_some() {
        "a number"
    } else if v.is_string() {
        "a string"
    } else if v.is_symbol() {
        "a symbol"
    } else if v.is_function() {
        "a function"
    } else if v.is_bigint() {
        "a bigint"
    } else if js_is_array(v).unwrap_or(false) {
        "an array"
    } else {
        "an object"
    }
}

fn string_arg(v: &JsValue, what: &str) -> Result<String, JsValue> {
    v.as_string()
        .ok_or_else(|| type_error(&format!("{what} must be a string, not {}", describe(v))))
}

/// The elements of the array `v` (`what` in messages), read through `length` and indices as
/// `Array.prototype` methods read them (so a `Proxy` of an array is one).
fn array_arg(v: &JsValue, what: &str) -> Result<Vec<JsValue>, JsValue> {
    if !js_is_array(v)? {
        return Err(type_error(&format!(
            "{what} must be an array, not {}",
            describe(v)
        )));
    }
    // `as` saturates: NaN and negatives are 0.
    let len = js_get(v, &"length".into())?.as_f64().unwrap_or(0.0) as u32;
    let mut out = Vec::with_capacity(len.min(1 << 16) as usize);
    for i in 0..len {
        out.push(js_get(v, &i.into())?);
    }
    Ok(out)
}

/// An `attributes` / `excludedAttributes` option: an array of names or one comma-separated
/// string. Names are trimmed and empty ones ignored, as in a query string.
fn names_option(obj: Option<&Object>, key: &str) -> Result<Vec<String>, JsValue> {
    let Some(v) = obj.map(|obj| option(obj, key)).transpose()?.flatten() else {
        return Ok(Vec::new());
    };
    let mut names = Vec::new();
    if let Some(text) = v.as_string() {
        names.extend(text.split(',').map(str::to_owned));
    } else if js_is_array(&v)? {
        for (i, name) in array_arg(&v, key)?.iter().enumerate() {
            names.push(string_arg(name, &format!("options.{key}[{i}]"))?);
        }
    } else {
        let message = format!(
            "options.{key} must be an array of names or a comma-separated string, not {}",
            describe(&v)
        );
        return Err(type_error(&message));
    }
    Ok(names
        .iter()
        .map(|name| name.trim())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect())
}

/// The options object `v` (`None` for `undefined` / `null`), checked to have only `keys`.
fn options_object(v: &JsValue, keys: &[&str]) -> Result<Option<Object>, JsValue> {
    if v.is_null_or_undefined() {
        return Ok(None);
    }
    object_arg(v, "options", keys).map(Some)
}

/// The object `v` (`what` in messages), checked to have only the members `keys`.
fn object_arg(v: &JsValue, what: &str, keys: &[&str]) -> Result<Object, JsValue> {
    if !v.is_object() || js_is_array(v)? {
        let message = format!("{what} must be an object, not {}", describe(v));
        return Err(type_error(&message));
    }
    for key in js_keys(v)?.iter() {
        let key = key.as_string().unwrap_or_default();
        if !keys.contains(&key.as_str()) {
            let (noun, prefix) = match what {
                "options" => ("option", String::new()),
                _ => ("member", format!("{what}: ")),
            };
            let message = format!(
                "{prefix}unknown {noun} `{key}`; the {noun}s are {}",
                keys.join(", ")
            );
            return Err(type_error(&message));
        }
    }
    Ok(v.clone().unchecked_into())
}

/// The option `key`, or `None` when it is `undefined`.
fn option(obj: &Object, key: &str) -> Result<Option<JsValue>, JsValue> {
    let v = js_get(obj, &key.into())?;
    Ok((!v.is_undefined()).then_some(v))
}

fn bool_option(obj: &Object, key: &str) -> Result<Option<bool>, JsValue> {
    let Some(v) = option(obj, key)? else {
        return Ok(None);
    };
    match v.as_bool() {
        Some(b) => Ok(Some(b)),
        None => Err(type_error(&format!(
            "options.{key} must be a boolean, not {}",
            describe(&v)
        ))),
    }
}

fn size_option(obj: &Object, key: &str) -> Result<Option<usize>, JsValue> {
    let n = count_option(obj, key)?;
    Ok(n.map(|n| usize::try_from(n).unwrap_or(usize::MAX)))
}

/// The option `key`, a count: see [`count_value`].
fn count_option(obj: &Object, key: &str) -> Result<Option<u64>, JsValue> {
    match option(obj, key)? {
        Some(v) => count_value(&v, &format!("options.{key}")).map(Some),
        None => Ok(None),
    }
}

/// `v`, called `what` in messages, as a count: not a number is a `TypeError`, a number that is
/// not a non-negative safe integer a `RangeError`.
fn count_value(v: &JsValue, what: &str) -> Result<u64, JsValue> {
    let Some(n) = v.as_f64() else {
        let message = format!("{what} must be a number, not {}", describe(v));
        return Err(type_error(&message));
    };
    if !(n.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(&n)) {
        let message = format!(
            "{what} must be a non-negative safe integer, not {}",
            rust_display(n)
        );
        return Err(range_error(&message));
    }
    Ok(n as u64)
}

/// `n` as Rust's `{}` prints it, as in the Node addon's messages: JavaScript's shortest
/// round-trip digits (which are Rust's too) written out without an exponent, and `inf` for
/// infinity. Formatting `n` in Rust would add the standard library's float printing to the module
/// for this one message: about 9 kB gzipped.
fn rust_display(n: f64) -> String {
    if n.is_infinite() {
        return if n > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let text = js_sys::Number::from(n).to_string_with_radix(10);
    let js = String::from(text.unwrap_or_default());
    let Some((mantissa, exp)) = js.split_once('e') else {
        return js; // NaN, or the digits as Rust prints them
    };
    // `[-]d[.ddd]e±x`: the digits, with the point after `x + 1` of them.
    let (mut point, mut sign) = (0i32, 1);
    for b in exp.bytes() {
        match b {
            b'-' => sign = -1,
            b'0'..=b'9' => point = point * 10 + i32::from(b - b'0'),
            _ => {}
        }
    }
    let point = sign * point + 1;
    let digits = mantissa.bytes().filter(u8::is_ascii_digit);
    let mut out: Vec<u8> = mantissa.bytes().take_while(|&b| b == b'-').collect();
    if point <= 0 {
        out.extend(b"0.");
        out.resize(out.len() + point.unsigned_abs() as usize, b'0');
        out.extend(digits);
    } else {
        let int = out.len() + point as usize;
        out.extend(digits);
        if out.len() > int {
            out.insert(int, b'.');
        }
        out.resize(out.len().max(int), b'0');
    }
    String::from_utf8(out).unwrap_or(js)
}

const PARSE_KEYS: &[&str] = &[
    "strict",
    "lenientWhitespace",
    "valuePathSubAttr",
    "dollarNames",
    "maxDepth",
    "maxLength",
];

/// Parse options: `strict` picks the starting point, the switches override it.
fn parse_options(v: &JsValue) -> Result<scimkit::ParseOptions, JsValue> {
    let Some(obj) = options_object(v, PARSE_KEYS)? else {
        return Ok(scimkit::ParseOptions::default());
    };
    let mut opts = match bool_option(&obj, "strict")? {
        Some(true) => scimkit::ParseOptions::strict(),
        _ => scimkit::ParseOptions::default(),
    };
    if let Some(b) = bool_option(&obj, "lenientWhitespace")? {
        opts = opts.lenient_whitespace(b);
    }
    if let Some(b) = bool_option(&obj, "valuePathSubAttr")? {
        opts = opts.value_path_sub_attr(b);
    }
    if let Some(b) = bool_option(&obj, "dollarNames")? {
        opts = opts.dollar_names(b);
    }
    if let Some(n) = size_option(&obj, "maxDepth")? {
        opts = opts.max_depth(n);
    }
    if let Some(n) = size_option(&obj, "maxLength")? {
        opts = opts.max_len(n);
    }
    Ok(opts)
}

/// What `matches` / `filter` evaluate against.
struct Target {
    /// The registry (the RFC 7643 one unless `schemas` is given).
    schemas: scimkit::Schemas,
    /// The resource type, or `None` for schema-less evaluation.
    resource_type: Option<String>,
}

/// Match options: `resourceType` (default `"User"`, `null` = schema-less) and `schemas`.
fn match_options(v: &JsValue) -> Result<Target, JsValue> {
    let mut target = Target {
        schemas: scimkit::Schemas::rfc7643(),
        resource_type: Some("User".to_owned()),
    };
    let Some(obj) = options_object(v, &["resourceType", "schemas"])? else {
        return Ok(target);
    };
    if let Some(rt) = option(&obj, "resourceType")? {
        target.resource_type = if rt.is_null() {
            None
        } else {
            Some(rt.as_string().ok_or_else(|| {
                type_error(&format!(
                    "options.resourceType must be a string or null, not {}",
                    describe(&rt)
                ))
            })?)
        };
    }
    if let Some(schemas) = schemas_option(&obj)? {
        target.schemas = schemas;
    }
    Ok(target)
}

/// The registry `options.schemas` names; `None` when it is `undefined` or `null`.
fn schemas_option(obj: &Object) -> Result<Option<scimkit::Schemas>, JsValue> {
    let Some(s) = option(obj, "schemas")? else {
        return Ok(None);
    };
    if s.is_null() {
        return Ok(None);
    }
    // Anything without the method, or on which it fails (an object made with
    // `Object.create(Schemas.prototype)` wraps no registry), is not a `Schemas`.
    let has_method = s.is_object() && js_get(&s, &"__scimkitShare".into())?.is_function();
    let shared = if has_method {
        s.unchecked_ref::<SchemasArg>()
            .scimkit_share()
            .ok()
            .flatten()
    } else {
        None
    };
    let Some(shared) = shared else {
        let message = format!(
            "options.schemas must be a Schemas instance, not {}",
            describe(&s)
        );
        return Err(type_error(&message));
    };
    shared.registry().map(Some)
}

/// What PATCH, validation, projection and sorting work against.
struct TypedTarget {
    /// The registry (the RFC 7643 one unless `schemas` is given).
    schemas: scimkit::Schemas,
    /// The resource type (`"User"` unless `resourceType` is given).
    resource_type: String,
}

/// `resourceType` (default `"User"`, a string: PATCH always needs the schema) and `schemas`.
fn patch_target(obj: Option<&Object>) -> Result<TypedTarget, JsValue> {
    typed_target(obj, " (PATCH needs the schema)")
}

/// `resourceType` (default `"User"`, a string: there is no schema-less form) and `schemas`;
/// `why` ends the message for a `resourceType` that is not a string.
fn typed_target(obj: Option<&Object>, why: &str) -> Result<TypedTarget, JsValue> {
    let mut target = TypedTarget {
        schemas: scimkit::Schemas::rfc7643(),
        resource_type: "User".to_owned(),
    };
    let Some(obj) = obj else {
        return Ok(target);
    };
    if let Some(rt) = option(obj, "resourceType")? {
        target.resource_type = rt.as_string().ok_or_else(|| {
            type_error(&format!(
                "options.resourceType must be a string, not {}{why}",
                describe(&rt)
            ))
        })?;
    }
    if let Some(schemas) = schemas_option(obj)? {
        target.schemas = schemas;
    }
    Ok(target)
}

/// `options.profile` (default `rfc`): a name `Profile::from_name` knows.
fn profile_option(obj: Option<&Object>) -> Result<Profile, JsValue> {
    let Some(v) = obj.map(|obj| option(obj, "profile")).transpose()?.flatten() else {
        return Ok(Profile::Rfc);
    };
    let Some(name) = v.as_string() else {
        let message = format!("options.profile must be a string, not {}", describe(&v));
        return Err(type_error(&message));
    };
    Profile::from_name(&name).ok_or_else(|| {
        let names: Vec<&str> = Profile::ALL.iter().map(|p| p.name()).collect();
        let mut message = "unknown profile ".to_owned();
        quote(&name, &mut message);
        message.push_str("; the profiles are ");
        message.push_str(&names.join(", "));
        invalid_value_error(&message)
    })
}

/// A `RangeError` for an argument that is none of the values allowed: as for a number out of
/// range, with Node's code for this case.
fn invalid_value_error(message: &str) -> JsValue {
    with_code(
        js_sys::RangeError::new(message).into(),
        "ERR_INVALID_ARG_VALUE",
    )
}

/// The option `key` naming one of a fixed set of values (`None` when it is absent): `parse`
/// maps a name to its value, `names` are listed in the message for a name it does not know (a
/// `RangeError`).
fn name_option<T>(
    obj: &Object,
    key: &str,
    parse: fn(&str) -> Option<T>,
    names: &[&str],
) -> Result<Option<T>, JsValue> {
    let Some(v) = option(obj, key)? else {
        return Ok(None);
    };
    let name = string_arg(&v, &format!("options.{key}"))?;
    match parse(&name) {
        Some(found) => Ok(Some(found)),
        None => {
            let mut message = format!("options.{key} must be one of {}, not ", names.join(", "));
            quote(&name, &mut message);
            Err(invalid_value_error(&message))
        }
    }
}

/// A resource argument read whole, as JSON (PATCH, validation, projection): JSON text parsed by
/// the core (text that is not JSON is a `ScimError`, `invalidSyntax`), or an object (not an
/// array, as for filters) converted by [`ToJson`]. Anything else is a `TypeError`; `what` names
/// the argument in messages.
fn resource_arg(v: &JsValue, what: &str) -> Result<Value, JsValue> {
    if let Some(text) = v.as_string() {
        return scimkit::value::parse_resource(&text).map_err(|e| scim_error(&e));
    }
    if !v.is_object() || js_is_array(v)? {
        let message = format!(
            "{what} must be an object or a JSON string, not {}",
            describe(v)
        );
        return Err(type_error(&message));
    }
    ToJson::convert(v, what)
}

/// A request body to validate, whole, as JSON: JSON text parsed as a resource is
/// (`scimkit::value::parse_resource`), any other value converted by [`ToJson`]. A body is what a
/// client sent, so — as for a PatchOp message — any JSON value is one, and the engine refuses
/// what is not an object (`invalidSyntax`); only `undefined` and values that are not JSON are a
/// `TypeError`.
fn body_arg(v: &JsValue, what: &str) -> Result<Value, JsValue> {
    if let Some(text) = v.as_string() {
        return scimkit::value::parse_resource(&text).map_err(|e| scim_error(&e));
    }
    if v.is_undefined() {
        return Err(type_error(&format!(
            "{what} must be a JSON value (an object) or its JSON text, not undefined"
        )));
    }
    ToJson::convert(v, what)
}

/// The PatchOp message argument, whole, as JSON: JSON text parsed, anything else converted by
/// [`ToJson`]. The message is what a client sent, so any JSON value is one — an array, `null`, a
/// number — and the core refuses what is not a PatchOp object (`invalidSyntax`); only
/// `undefined` and values that are not JSON are a `TypeError`.
fn patch_arg(v: &JsValue) -> Result<Value, JsValue> {
    if let Some(text) = v.as_string() {
        // Worded as the CLI words it (`scimkit patch`).
        return serde_json::from_str(&text).map_err(|e| {
            let err = scimkit::Error::new(
                scimkit::ErrorKind::InvalidSyntax,
                format!("the PATCH request is not valid JSON: {e}"),
            );
            scim_error(&err)
        });
    }
    if v.is_undefined() {
        return Err(type_error(
            "patch must be a PatchOp message (an object) or its JSON text, not undefined",
        ));
    }
    ToJson::convert(v, "patch")
}

/// The deepest nesting of arrays and objects that is read: what `serde_json` parses from text
/// (127 levels; the 128th is its "recursion limit exceeded"), so that an object and its JSON text
/// are accepted alike. It also bounds the stack used here and in the core.
const MAX_DEPTH: usize = 127;

/// `2^63` and `2^64`, the ends of the `i64` and `u64` ranges, as doubles (exactly).
const TWO_63: f64 = 9_223_372_036_854_775_808.0;
const TWO_64: f64 = 18_446_744_073_709_551_616.0;

/// One step of the path to a value, for error messages.
enum Step {
    Key(String),
    Index(u32),
}

/// Converts one JavaScript value to JSON, as the Node addon does: read as `JSON.stringify` would
/// see it — own enumerable string-keyed members (getters run, and what they throw propagates),
/// `undefined` members left out, `undefined` elements and holes `null` — except that what
/// `JSON.stringify` would silently change is refused with a `TypeError` naming where it is:
/// functions, symbols, bigints, `NaN` and the infinities, `Date`s, typed arrays, `ArrayBuffer`s,
/// `DataView`s, strings with a lone surrogate, and cycles. Nesting deeper than [`MAX_DEPTH`] is
/// a `ScimError` (`invalidSyntax`), as the same value given as text is.
struct ToJson<'a> {
    /// What the value is, for messages: `resource`, `patch`.
    what: &'a str,
    path: Vec<Step>,
    /// The arrays and objects being read, outermost first, with the path length where each is.
    open: Vec<(JsValue, usize)>,
}

impl<'a> ToJson<'a> {
    /// Converts `v`, called `what` in messages.
    fn convert(v: &JsValue, what: &'a str) -> Result<Value, JsValue> {
        ToJson {
            what,
            path: Vec::new(),
            open: Vec::new(),
        }
        .value(v)
    }

    /// Where the value at `path[..len]` is: `patch.Operations[0].value`.
    fn location(&self, len: usize) -> String {
        let mut out = self.what.to_owned();
        for step in &self.path[..len] {
            match step {
                Step::Index(i) => out.push_str(&format!("[{i}]")),
                Step::Key(k) if is_identifier(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Step::Key(k) => {
                    out.push('[');
                    quote(k, &mut out);
                    out.push(']');
                }
            }
        }
        out
    }

    fn not_json(&self, what: &str) -> JsValue {
        self.not_json_hint(what, "")
    }

    fn not_json_hint(&self, what: &str, hint: &str) -> JsValue {
        type_error(&format!(
            "{} is {what}, which is not a JSON value{hint}",
            self.location(self.path.len())
        ))
    }

    fn value(&mut self, v: &JsValue) -> Result<Value, JsValue> {
        if v.is_string() {
            return self.string(v).map(Value::String);
        }
        if let Some(f) = v.as_f64() {
            return self.number(f);
        }
        if let Some(b) = v.as_bool() {
            return Ok(Value::Bool(b));
        }
        // `undefined` reaches here only as an array element (members holding it are left out):
        // `null`, as in `JSON.stringify`.
        if v.is_null_or_undefined() {
            return Ok(Value::Null);
        }
        if !v.is_object() {
            return Err(self.not_json(describe(v)));
        }
        self.object(v)
    }

    /// A number as `serde_json` parses the text `JSON.stringify` writes for it: an integer when
    /// it is integral and fits an `i64` or `u64` (`-0` is `0`), else a double.
    fn number(&self, f: f64) -> Result<Value, JsValue> {
        if f.is_nan() {
            return Err(self.not_json("NaN"));
        }
        if f.is_infinite() {
            return Err(self.not_json(if f > 0.0 { "Infinity" } else { "-Infinity" }));
        }
        if f.fract() == 0.0 {
            if (-TWO_63..TWO_63).contains(&f) {
                return Ok(Value::from(f as i64));
            }
            if (0.0..TWO_64).contains(&f) {
                return Ok(Value::from(f as u64));
            }
        }
        Ok(serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number))
    }

    /// A string, refused when it is not well-formed UTF-16 (a lone surrogate has no UTF-8 form;
    /// the conversion to Rust would replace it with U+FFFD).
    fn string(&self, v: &JsValue) -> Result<String, JsValue> {
        let s = v.as_string().unwrap_or_default();
        if s.chars().any(|c| c == '\u{FFFD}')
            && !v.unchecked_ref::<js_sys::JsString>().is_valid_utf16()
        {
            return Err(self.not_json("a string with a lone surrogate"));
        }
        Ok(s)
    }

    fn object(&mut self, v: &JsValue) -> Result<Value, JsValue> {
        let array = js_is_array(v)?;
        if !array {
            if js_is_date(v)? {
                return Err(self.not_json_hint("a Date", " (give dates as ISO 8601 strings)"));
            }
            if js_is_buffer_view(v) {
                return Err(self.not_json(if v.is_instance_of::<js_sys::DataView>() {
                    "a DataView"
                } else {
                    "a typed array or Buffer"
                }));
            }
            if js_is_array_buffer(v)? {
                return Err(self.not_json("an ArrayBuffer"));
            }
        }
        self.enter(v)?;
        let out = if array {
            self.elements(v)
        } else {
            self.members(v)
        };
        self.open.pop();
        out
    }

    /// Checks that `v` is not one of the values being read (a cycle) and that it is not nested
    /// too deep, then marks it as being read.
    fn enter(&mut self, v: &JsValue) -> Result<(), JsValue> {
        if let Some((_, at)) = self.open.iter().find(|(open, _)| open == v) {
            return Err(type_error(&format!(
                "{} refers back to {}: a cycle, which JSON cannot represent",
                self.location(self.path.len()),
                self.location(*at)
            )));
        }
        if self.open.len() >= MAX_DEPTH {
            let err = scimkit::Error::new(
                scimkit::ErrorKind::InvalidSyntax,
                format!(
                    "the {} is nested more than {MAX_DEPTH} levels deep",
                    self.what
                ),
            );
            return Err(scim_error(&err));
        }
        self.open.push((v.clone(), self.path.len()));
        Ok(())
    }

    fn elements(&mut self, array: &JsValue) -> Result<Value, JsValue> {
        // Through `length` and indices, as `Array.prototype` methods read a `Proxy` of an array.
        // (`as` saturates: NaN and negatives are 0.)
        let len = js_get(array, &"length".into())?.as_f64().unwrap_or(0.0) as u32;
        let mut out = Vec::with_capacity(len.min(1 << 16) as usize);
        for i in 0..len {
            let element = js_get(array, &i.into())?;
            self.path.push(Step::Index(i));
            let value = self.value(&element);
            self.path.pop();
            out.push(value?);
        }
        Ok(Value::Array(out))
    }

    fn members(&mut self, obj: &JsValue) -> Result<Value, JsValue> {
        let mut out = serde_json::Map::new();
        for key in js_keys(obj)?.iter() {
            let name = self.string(&key).map_err(|_| {
                type_error(&format!(
                    "{} has a member name with a lone surrogate, which is not JSON",
                    self.location(self.path.len())
                ))
            })?;
            let value = js_get(obj, &key)?;
            if value.is_undefined() {
                continue;
            }
            self.path.push(Step::Key(name));
            let converted = self.value(&value);
            let Some(Step::Key(name)) = self.path.pop() else {
                unreachable!("the step pushed above")
            };
            out.insert(name, converted?);
        }
        Ok(Value::Object(out))
    }
}

/// Appends `s` as a JSON string literal, escaped as `serde_json` writes it (its serializer is not
/// otherwise in the module).
fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Can `key` follow a `.` in a JavaScript expression?
fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// A document argument as JSON text: text as given, objects and arrays as `JSON.stringify`
/// serialises them.
fn json_text_arg(v: &JsValue, what: &str) -> Result<String, JsValue> {
    if let Some(text) = v.as_string() {
        return Ok(text);
    }
    if !v.is_object() {
        let message = format!(
            "{what} must be an object, an array or a JSON string, not {}",
            describe(v)
        );
        return Err(type_error(&message));
    }
    let text = js_stringify(v)?;
    text.as_string().ok_or_else(|| {
        type_error(&format!(
            "{what} has no JSON form (JSON.stringify gave {})",
            describe(&text)
        ))
    })
}

/// A resource argument: a JavaScript object read in place, or JSON text parsed here.
enum Resource {
    /// An object, evaluated through [`Js`].
    Object(JsValue),
    /// JSON text, parsed.
    Json(Value),
}

impl Resource {
    /// `v` as a resource; `what` names it in errors.
    fn from_arg(v: JsValue, what: &dyn Fn() -> String) -> Result<Resource, JsValue> {
        if let Some(text) = v.as_string() {
            return scimkit::value::parse_resource(&text)
                .map(Resource::Json)
                .map_err(|e| scim_error(&e));
        }
        if v.is_object() && !js_is_array(&v)? {
            return Ok(Resource::Object(v));
        }
        let message = format!(
            "{} must be an object or a JSON string, not {}",
            what(),
            describe(&v)
        );
        Err(type_error(&message))
    }

    /// Does `compiled` match this resource? `Err` when reading the object ran JavaScript that
    /// threw.
    fn matches(&self, compiled: &CompiledFilter) -> Result<bool, JsValue> {
        match self {
            Resource::Object(v) => {
                let reader = Reader::default();
                let hit = compiled.matches_ref(&Js::new(v.clone(), &reader));
                reader.check().map(|()| hit)
            }
            Resource::Json(json) => Ok(compiled.matches(json)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Results and errors
// ---------------------------------------------------------------------------------------------

/// `v` as a JavaScript value, as `JSON.parse` would build it (numbers are doubles).
fn to_js(v: &Value) -> JsValue {
    match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Value::Object(members) => {
            let obj = Object::new();
            for (k, item) in members {
                set(&obj, k, to_js(item));
            }
            obj.into()
        }
    }
}

/// Sets the own property `key` of `obj`, as `JSON.parse` does: `__proto__` too is a member,
/// not the prototype.
fn set(obj: &Object, key: &str, value: JsValue) {
    if key == "__proto__" {
        let desc = Object::new();
        set(&desc, "value", value);
        for flag in ["writable", "enumerable", "configurable"] {
            set(&desc, flag, true.into());
        }
        Object::define_property(obj, &key.into(), &desc);
    } else {
        let _ = js_sys::Reflect::set(obj, &key.into(), &value);
    }
}

/// The `ScimError` thrown for `err`: an `Error` whose `name` is `"ScimError"` and whose
/// `message` is the detail, with `scimType`, `status`, `detail`, `start`, `end` (UTF-16 code
/// units), `rendered` (`{:#}`), `document` (RFC 7644 §3.12) and `operation` (the failing PATCH
/// operation's index, or `null`).
fn scim_error(err: &scimkit::Error) -> JsValue {
    let error = js_sys::Error::new(err.detail());
    // `name` is not enumerable, as on `Error.prototype`.
    let name = Object::new();
    set(&name, "value", "ScimError".into());
    set(&name, "writable", true.into());
    set(&name, "configurable", true.into());
    Object::define_property(&error, &"name".into(), &name);
    let span = err.span_utf16();
    let offset = |n: Option<usize>| n.map_or(JsValue::NULL, |n| (n as f64).into());
    set(
        &error,
        "scimType",
        err.scim_type().map_or(JsValue::NULL, Into::into),
    );
    set(&error, "status", err.status().into());
    set(&error, "detail", err.detail().into());
    set(&error, "start", offset(span.map(|s| s.start)));
    set(&error, "end", offset(span.map(|s| s.end)));
    set(&error, "rendered", format!("{err:#}").into());
    set(&error, "document", to_js(&err.to_scim_json()));
    set(&error, "operation", offset(err.operation()));
    error.into()
}

// ---------------------------------------------------------------------------------------------
// Resources read in place
// ---------------------------------------------------------------------------------------------

/// One evaluation's record of the first exception a read threw (a getter, a `Proxy` trap).
/// After it, every read answers "absent", and the binding throws the exception.
#[derive(Default)]
struct Reader {
    failure: RefCell<Option<JsValue>>,
}

impl Reader {
    fn ok<T>(&self, result: Result<T, JsValue>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                if let Ok(mut slot) = self.failure.try_borrow_mut() {
                    slot.get_or_insert(e);
                }
                None
            }
        }
    }

    fn failed(&self) -> bool {
        self.failure.try_borrow().map_or(true, |f| f.is_some())
    }

    fn check(self) -> Result<(), JsValue> {
        match self.failure.into_inner() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// What a value is, found at most once per node.
#[derive(Clone, Copy, Debug)]
enum Class {
    /// `undefined`: a null, except that a member holding it is absent.
    Undefined,
    Null,
    Bool(bool),
    Number(Num),
    String,
    Array,
    /// A plain object or class instance: its own enumerable string keys are its members.
    Object,
    /// `Date`, typed arrays, `ArrayBuffer`, `DataView`, functions, symbols, bigints: not JSON.
    Other,
}

/// A JavaScript value read in place, the same way as the Node addon reads it:
///
/// | JavaScript value | [`Kind`] |
/// |---|---|
/// | `null`, `undefined` | `Null` (a member holding `undefined` is absent) |
/// | boolean, number, string | `Bool`, `Number` (`int` set for safe integers), `String` |
/// | array | `Array` |
/// | any other object | `Object`: own enumerable string keys |
/// | `Date`, typed arrays, `ArrayBuffer`, `DataView`, functions, symbols, bigints | `Other` |
#[derive(Clone)]
struct Js<'r> {
    value: JsValue,
    reader: &'r Reader,
    class: Cell<Option<Class>>,
}

/// A JavaScript number as evaluation sees it: an integer when it is a safe integer.
fn number(f: f64) -> Num {
    if f.fract() == 0.0 && f.abs() <= MAX_SAFE_INTEGER {
        Num::from_i64(f as i64)
    } else {
        Num {
            int: None,
            float: f,
        }
    }
}

impl<'r> Js<'r> {
    fn new(value: JsValue, reader: &'r Reader) -> Js<'r> {
        Js {
            value,
            reader,
            class: Cell::new(None),
        }
    }

    fn class(&self) -> Class {
        if let Some(c) = self.class.get() {
            return c;
        }
        let c = self.find_class().unwrap_or(Class::Other);
        self.class.set(Some(c));
        c
    }

    fn find_class(&self) -> Option<Class> {
        let (r, v) = (self.reader, &self.value);
        if r.failed() {
            return None;
        }
        Some(if v.is_string() {
            Class::String
        } else if let Some(n) = v.as_f64() {
            Class::Number(number(n))
        } else if let Some(b) = v.as_bool() {
            Class::Bool(b)
        } else if v.is_undefined() {
            Class::Undefined
        } else if v.is_null() {
            Class::Null
        } else if !v.is_object() {
            Class::Other
        } else if r.ok(js_is_array(v))? {
            Class::Array
        } else if js_is_buffer_view(v) || r.ok(js_is_date(v))? || r.ok(js_is_array_buffer(v))? {
            Class::Other
        } else {
            Class::Object
        })
    }

    /// The value of the own property `key` (a JavaScript string); `None` when it is
    /// `undefined`.
    fn member(&self, key: &JsValue) -> Option<Js<'r>> {
        let value = self.reader.ok(js_get(&self.value, key))?;
        (!value.is_undefined()).then(|| Js::new(value, self.reader))
    }

    /// Calls `f` with each own enumerable string key until it returns `true`.
    fn any_key(&self, f: &mut dyn FnMut(&JsValue, String) -> bool) -> bool {
        if !matches!(self.class(), Class::Object) {
            return false;
        }
        let Some(keys) = self.reader.ok(js_keys(&self.value)) else {
            return false;
        };
        keys.iter().any(|key| {
            let name = key.as_string().unwrap_or_default();
            f(&key, name)
        })
    }
}

impl JsonRef for Js<'_> {
    fn kind(&self) -> Kind<'_> {
        match self.class() {
            Class::Undefined | Class::Null => Kind::Null,
            Class::Bool(b) => Kind::Bool(b),
            Class::Number(n) => Kind::Number(n),
            Class::String => match self.value.as_string() {
                Some(s) => Kind::String(Cow::Owned(s)),
                None => Kind::Other,
            },
            Class::Array => Kind::Array,
            Class::Object => Kind::Object,
            Class::Other => Kind::Other,
        }
    }

    /// The own property `key`. A member whose value is `undefined` is absent, as in
    /// `JSON.stringify`.
    fn get_exact(&self, key: &str) -> Option<Self> {
        if !matches!(self.class(), Class::Object) {
            return None;
        }
        let r = self.reader;
        let key = JsValue::from_str(key);
        // One call for an absent member (most of the misses); an own-property check for a
        // present one, so that nothing inherited is taken for a member.
        let value = self.member(&key)?;
        r.ok(js_has_own(&self.value, &key))?.then_some(value)
    }

    fn get(&self, key: &str) -> Option<Self> {
        if let Some(v) = self.get_exact(key) {
            return Some(v);
        }
        // A member holding `undefined` is absent, so the search goes on past it.
        let mut found = None;
        self.any_key(&mut |k, name| {
            if name.len() != key.len() || !name.eq_ignore_ascii_case(key) {
                return false;
            }
            found = self.member(k);
            found.is_some()
        });
        found
    }

    fn any_member(&self, f: &mut dyn FnMut(&str, Self) -> bool) -> bool {
        self.any_key(&mut |k, name| self.member(k).is_some_and(|value| f(&name, value)))
    }

    fn any_element(&self, f: &mut dyn FnMut(Self) -> bool) -> bool {
        if !matches!(self.class(), Class::Array) {
            return false;
        }
        let r = self.reader;
        let Some(len) = r.ok(js_get(&self.value, &"length".into())) else {
            return false;
        };
        // `as` saturates: NaN and negatives are 0.
        let len = len.as_f64().unwrap_or(0.0) as u32;
        for i in 0..len {
            let Some(element) = r.ok(js_get(&self.value, &i.into())) else {
                return false;
            };
            if f(Js::new(element, r)) {
                return true;
            }
        }
        false
    }

    fn is_array(&self) -> bool {
        matches!(self.class(), Class::Array)
    }

    fn is_object(&self) -> bool {
        matches!(self.class(), Class::Object)
    }

    fn is_null(&self) -> bool {
        matches!(self.class(), Class::Undefined | Class::Null)
    }
}

/// A resource being sorted: an object read in place, or one parsed from JSON text.
#[derive(Clone)]
enum Item<'a> {
    Js(Js<'a>),
    Json(&'a Value),
}

impl JsonRef for Item<'_> {
    fn kind(&self) -> Kind<'_> {
        match self {
            Item::Js(v) => v.kind(),
            Item::Json(v) => v.kind(),
        }
    }

    fn get_exact(&self, key: &str) -> Option<Self> {
        match self {
            Item::Js(v) => v.get_exact(key).map(Item::Js),
            Item::Json(v) => v.get_exact(key).map(Item::Json),
        }
    }

    fn get(&self, key: &str) -> Option<Self> {
        match self {
            Item::Js(v) => v.get(key).map(Item::Js),
            Item::Json(v) => v.get(key).map(Item::Json),
        }
    }

    fn any_member(&self, f: &mut dyn FnMut(&str, Self) -> bool) -> bool {
        match self {
            Item::Js(v) => v.any_member(&mut |k, m| f(k, Item::Js(m))),
            Item::Json(v) => v.any_member(&mut |k, m| f(k, Item::Json(m))),
        }
    }

    fn any_element(&self, f: &mut dyn FnMut(Self) -> bool) -> bool {
        match self {
            Item::Js(v) => v.any_element(&mut |e| f(Item::Js(e))),
            Item::Json(v) => v.any_element(&mut |e| f(Item::Json(e))),
        }
    }

    fn is_array(&self) -> bool {
        match self {
            Item::Js(v) => v.is_array(),
            Item::Json(v) => v.is_array(),
        }
    }

    fn is_object(&self) -> bool {
        match self {
            Item::Js(v) => v.is_object(),
            Item::Json(v) => v.is_object(),
        }
    }

    fn is_null(&self) -> bool {
        match self {
            Item::Js(v) => v.is_null(),
            Item::Json(v) => v.is_null(),
        }
    }
}
