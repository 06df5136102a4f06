//! The WebAssembly binding of scimkit (npm `scimkit-wasm`): `Filter`, `PatchPath` and `Schemas`
//! for browsers and Node, with the API and error shape of `bindings/README.md` (the same as the
//! Node addon's, argument checks and messages included).
//!
//! Like every binding it holds no SCIM logic: each export converts its arguments, calls the core
//! and maps the error. Resources given as JavaScript objects are read in place through
//! [`JsonRef`] (only the members a filter names are touched); JSON text is parsed in Rust.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::sync::Arc;

use js_sys::{Array, Object};
use scimkit::CompiledFilter;
use scimkit::filter::CompileCache;
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

impl From<scimkit::Schemas> for Schemas {
    fn from(registry: scimkit::Schemas) -> Schemas {
        Schemas {
            inner: RefCell::new(registry),
        }
    }
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

/// The options object `v` (`None` for `undefined` / `null`), checked to have only `keys`.
fn options_object(v: &JsValue, keys: &[&str]) -> Result<Option<Object>, JsValue> {
    if v.is_null_or_undefined() {
        return Ok(None);
    }
    if !v.is_object() || js_is_array(v)? {
        let message = format!("options must be an object, not {}", describe(v));
        return Err(type_error(&message));
    }
    for key in js_keys(v)?.iter() {
        let key = key.as_string().unwrap_or_default();
        if !keys.contains(&key.as_str()) {
            let message = format!(
                "unknown option `{key}`; the options are {}",
                keys.join(", ")
            );
            return Err(type_error(&message));
        }
    }
    Ok(Some(v.clone().unchecked_into()))
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
    let Some(v) = option(obj, key)? else {
        return Ok(None);
    };
    let Some(n) = v.as_f64() else {
        let message = format!("options.{key} must be a number, not {}", describe(&v));
        return Err(type_error(&message));
    };
    if !(n.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(&n)) {
        let message = format!("options.{key} must be a non-negative safe integer, not {n}");
        return Err(range_error(&message));
    }
    Ok(Some(usize::try_from(n as u64).unwrap_or(usize::MAX)))
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
    if let Some(s) = option(&obj, "schemas")? {
        if !s.is_null() {
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
            target.schemas = shared.registry()?;
        }
    }
    Ok(target)
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
                let _ = js_sys::Reflect::set(&obj, &k.into(), &to_js(item));
            }
            obj.into()
        }
    }
}

/// The `ScimError` thrown for `err`: an `Error` whose `name` is `"ScimError"` and whose
/// `message` is the detail, with `scimType`, `status`, `detail`, `start`, `end` (UTF-16 code
/// units), `rendered` (`{:#}`) and `document` (RFC 7644 §3.12).
fn scim_error(err: &scimkit::Error) -> JsValue {
    let error = js_sys::Error::new(err.detail());
    // `name` is not enumerable, as on `Error.prototype`.
    let name = Object::new();
    let set = |obj: &Object, key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(obj, &key.into(), &value);
    };
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
