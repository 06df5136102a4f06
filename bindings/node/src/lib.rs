//! Node.js binding of scimkit (npm package `scimkit`), built with napi-rs.
//!
//! Each export converts its arguments, calls the core and maps the error; the SCIM logic is all
//! in the `scimkit` crate. The API is specified in `bindings/README.md`; resources given as
//! objects are evaluated in place through `value::JsNode`, a [`scimkit::value::JsonRef`] over
//! napi values. PATCH works on the whole resource: it is converted into a `serde_json::Value`
//! and the result back into new objects (`json`). The filter generator is in `generate`.

use std::cell::RefCell;

use napi::bindgen_prelude::{Array, Function, JsObjectValue, Object, This};
use napi::{Env, Result, Unknown};
use napi_derive::napi;
use scimkit::filter::CompileCache;
use scimkit::{SpanConverter, SpanUnits};

mod convert;
mod generate;
mod json;
mod schema;
mod value;

// The exports of `schema` and `generate`, public like those defined here.
pub use generate::generate_filters;
pub use schema::{list_response, project, service_provider_config, sort, validate};

use convert::{
    Resource, Whole, apply_options, apply_patch_options, json_text_arg, match_options,
    parse_options, patch_request_options, scim_error, string_arg, whole_json_arg,
};
use value::Reader;

/// A parsed SCIM filter (RFC 7644 §3.4.2.2).
///
/// `String(f)` is the canonical form; `matches` and `filter` evaluate it, compiling it once per
/// (registry, resource type) and reusing the compilation.
#[napi]
pub struct Filter {
    filter: scimkit::Filter,
    cache: CompileCache,
}

#[napi]
impl Filter {
    /// Parses `text`; throws a `ScimError` (`invalidFilter`) when it is not a filter.
    // `text` becomes a read-only own property of the new object rather than a napi getter:
    // napi-rs getters unwrap `this` without checking its class (unlike methods, which V8
    // checks), so `getter.call(otherInstance)` would read another type's memory.
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        mut this: This<'_>,
        #[napi(ts_arg_type = "string")] text: Unknown<'_>,
        #[napi(ts_arg_type = "ParseOptions")] options: Option<Unknown<'_>>,
    ) -> Result<Filter> {
        let source = string_arg(env, text, "text")?;
        let options = parse_options(env, options)?;
        let filter =
            scimkit::Filter::parse_with(&source, &options).map_err(|e| scim_error(env, &e))?;
        convert::define_readonly(&mut this, "text", text)?;
        Ok(Filter {
            filter,
            cache: CompileCache::new(),
        })
    }

    /// The canonical form: lower-case operators, one space between tokens, only the
    /// parentheses precedence needs.
    #[napi(js_name = "toString")]
    pub fn canonical(&self) -> String {
        self.filter.to_string()
    }

    /// The syntax tree in its JSON form (spans in UTF-16 code units, like JavaScript strings).
    #[napi(ts_return_type = "FilterNode")]
    pub fn ast<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json::json_to_js(env, &self.filter.to_json_in(SpanUnits::Utf16))
    }

    /// Does `resource` (an object, read in place, or JSON text) match? Throws a `ScimError`
    /// when the filter does not fit the resource type's schema.
    #[napi(ts_args_type = "resource: Resource, options?: MatchOptions")]
    pub fn matches(
        &self,
        env: &Env,
        resource: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> Result<bool> {
        let target = match_options(env, options)?;
        let reader = Reader::new(env)?;
        let resource = Resource::from_arg(env, &reader, resource, &|| "resource".to_owned())?;
        let compiled = self
            .cache
            .compiled(
                &self.filter,
                &target.schemas,
                target.resource_type.as_deref(),
            )
            .map_err(|e| scim_error(env, &e))?;
        resource.matches(&compiled, &reader)
    }

    /// The resources that match, in order: a new array holding the very values given.
    #[napi(
        ts_generic_types = "T extends Resource",
        ts_args_type = "resources: ReadonlyArray<T>, options?: MatchOptions",
        ts_return_type = "T[]"
    )]
    pub fn filter<'env>(
        &self,
        env: &'env Env,
        resources: Unknown<'env>,
        options: Option<Unknown<'_>>,
    ) -> Result<Array<'env>> {
        let target = match_options(env, options)?;
        let compiled = self
            .cache
            .compiled(
                &self.filter,
                &target.schemas,
                target.resource_type.as_deref(),
            )
            .map_err(|e| scim_error(env, &e))?;
        convert::filter_array(env, resources, &compiled)
    }
}

/// A parsed PATCH `path` (RFC 7644 §3.5.2).
#[napi]
pub struct PatchPath {
    path: scimkit::PatchPath,
    text: String,
}

#[napi]
impl PatchPath {
    /// Parses `text`; throws a `ScimError` (`invalidPath`) when it is not a path.
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        #[napi(ts_arg_type = "string")] text: Unknown<'_>,
        #[napi(ts_arg_type = "ParseOptions")] options: Option<Unknown<'_>>,
    ) -> Result<PatchPath> {
        let text = string_arg(env, text, "text")?;
        let options = parse_options(env, options)?;
        let path =
            scimkit::PatchPath::parse_with(&text, &options).map_err(|e| scim_error(env, &e))?;
        Ok(PatchPath { path, text })
    }

    /// The canonical form.
    #[napi(js_name = "toString")]
    pub fn canonical(&self) -> String {
        self.path.to_string()
    }

    /// The path in its JSON form (spans in UTF-16 code units, like JavaScript strings).
    #[napi(ts_return_type = "PatchPathNode")]
    pub fn ast<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        let units = SpanConverter::new(&self.text, SpanUnits::Utf16);
        json::json_to_js(env, &self.path.to_json_with(&units))
    }
}

/// A registry of schemas and resource types (RFC 7643 §6, §7).
#[napi]
pub struct Schemas {
    // `load` takes `&self`: reading its argument may run JavaScript (getters, `toJSON`) that
    // uses this registry, so no `&mut` may be live then.
    registry: RefCell<scimkit::Schemas>,
}

impl Default for Schemas {
    fn default() -> Schemas {
        Schemas::new()
    }
}

impl Schemas {
    /// A snapshot of the registry (cheap: the contents are shared).
    pub(crate) fn registry(&self, env: &Env) -> Result<scimkit::Schemas> {
        match self.registry.try_borrow() {
            Ok(r) => Ok(r.clone()),
            Err(_) => Err(convert::type_error(env, "the Schemas registry is in use")),
        }
    }
}

#[napi]
impl Schemas {
    /// The RFC 7643 registry: User (with the enterprise extension) and Group.
    #[napi(constructor)]
    pub fn new() -> Schemas {
        Schemas {
            registry: RefCell::new(scimkit::Schemas::rfc7643()),
        }
    }

    /// A registry with only the common attributes (`id`, `externalId`, `meta`, `schemas`).
    #[napi(factory)]
    pub fn empty() -> Schemas {
        Schemas {
            registry: RefCell::new(scimkit::Schemas::new()),
        }
    }

    /// Loads Schema and ResourceType documents: one, an array of them or a ListResponse, as
    /// an object or JSON text. All or nothing: on a `ScimError` nothing is loaded.
    #[napi(ts_args_type = "doc: SchemaDocuments")]
    pub fn load(&self, env: &Env, doc: Unknown<'_>) -> Result<()> {
        let text = json_text_arg(env, doc, "doc")?;
        let mut registry = self
            .registry
            .try_borrow_mut()
            .map_err(|_| convert::type_error(env, "the Schemas registry is in use"))?;
        registry.load_str(&text).map_err(|e| scim_error(env, &e))
    }

    /// The names of the registered resource types.
    #[napi]
    pub fn resource_types(&self, env: &Env) -> Result<Vec<String>> {
        let registry = self.registry(env)?;
        Ok(registry.resource_types().map(|r| r.name.clone()).collect())
    }

    /// The URIs of the registered schemas.
    #[napi]
    pub fn schema_ids(&self, env: &Env) -> Result<Vec<String>> {
        let registry = self.registry(env)?;
        Ok(registry.schemas().map(|s| s.id.clone()).collect())
    }

    /// The `/Schemas` response (RFC 7644 §4): a ListResponse of every registered schema, each
    /// with `meta.location` under `baseUrl` (e.g. `https://example.com/scim/v2`; the locations
    /// are relative paths when it is not given).
    #[napi(
        ts_args_type = "baseUrl?: string | null",
        ts_return_type = "ListResponse<SchemaDocument>"
    )]
    pub fn schemas_document<'env>(
        &self,
        env: &'env Env,
        base_url: Option<Unknown<'_>>,
    ) -> Result<Unknown<'env>> {
        let base_url = schema::base_url_arg(env, base_url)?;
        let registry = self.registry(env)?;
        json::json_to_js(env, &registry.schemas_document(base_url.as_deref()))
    }

    /// The `/ResourceTypes` response (RFC 7644 §4): a ListResponse of every registered resource
    /// type, each with `meta.location` under `baseUrl`.
    #[napi(
        ts_args_type = "baseUrl?: string | null",
        ts_return_type = "ListResponse<ResourceTypeDocument>"
    )]
    pub fn resource_types_document<'env>(
        &self,
        env: &'env Env,
        base_url: Option<Unknown<'_>>,
    ) -> Result<Unknown<'env>> {
        let base_url = schema::base_url_arg(env, base_url)?;
        let registry = self.registry(env)?;
        json::json_to_js(env, &registry.resource_types_document(base_url.as_deref()))
    }
}

/// `PROFILES`' type, spelt so that napi writes it into `index.d.ts` as `ReadonlyArray<Profile>`
/// (napi copies the name of a type path; `Profile` is declared in `dts-header.d.ts`).
type ReadonlyArray<T> = [T; scimkit::Profile::ALL.len()];
/// A profile's name (`Profile` in `dts-header.d.ts`).
type Profile = &'static str;

const fn profile_names() -> ReadonlyArray<Profile> {
    let mut names = [""; scimkit::Profile::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = scimkit::Profile::ALL[i].name();
        i += 1;
    }
    names
}

/// The names of the PATCH profiles, `'rfc'` first: what `profile` takes (a frozen array).
#[napi]
pub const PROFILES: ReadonlyArray<Profile> = profile_names();

/// Freezes `PROFILES`, so that no module can change the list the others read.
#[napi(module_exports)]
pub fn freeze_profiles(exports: Object<'_>, env: Env) -> Result<()> {
    let object: Object<'_> = env.get_global()?.get_named_property_unchecked("Object")?;
    let freeze: Function<'_, Unknown<'_>, Unknown<'_>> = object.get_named_property("freeze")?;
    freeze.call(exports.get_named_property("PROFILES")?)?;
    Ok(())
}

/// Applies the PatchOp message `patch` (RFC 7644 §3.5.2) to `resource`, atomically, and returns
/// the patched resource as a new object; `resource` itself is never modified. Both may be
/// objects or JSON text. Throws a `ScimError` (with `operation`, the failing operation's index)
/// when the request is malformed or cannot be applied.
// Typed generic over the resource object; `dts-header.d.ts` declares the overload for JSON text
// (ahead of this one, so that TypeScript does not infer `T` from a string).
#[napi(
    ts_generic_types = "T extends object",
    ts_args_type = "resource: T | string, patch: PatchMessage | string, options?: ApplyPatchOptions",
    ts_return_type = "T"
)]
pub fn apply_patch<'env>(
    env: &'env Env,
    resource: Unknown<'_>,
    patch: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> Result<Unknown<'env>> {
    let (options, target) = apply_patch_options(env, options)?;
    let mut resource = whole_json_arg(env, resource, Whole::Resource)?;
    let message = whole_json_arg(env, patch, Whole::Patch)?;
    let request = scimkit::PatchRequest::from_json_with(&message, &options)
        .map_err(|e| scim_error(env, &e))?;
    request
        .apply(
            &mut resource,
            &target.schemas,
            &target.resource_type,
            &options,
        )
        .map_err(|e| scim_error(env, &e))?;
    json::json_to_js(env, &resource)
}

/// A PatchOp message (RFC 7644 §3.5.2), read once and checked, to apply to any number of
/// resources.
#[napi]
pub struct PatchRequest {
    request: scimkit::PatchRequest,
    options: scimkit::PatchOptions,
}

#[napi]
impl PatchRequest {
    /// Reads `patch` (an object or JSON text) under `profile`; throws a `ScimError` when it is
    /// not a valid PatchOp message.
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        #[napi(ts_arg_type = "PatchMessage | string")] patch: Unknown<'_>,
        #[napi(ts_arg_type = "PatchRequestOptions")] options: Option<Unknown<'_>>,
    ) -> Result<PatchRequest> {
        let options = patch_request_options(env, options)?;
        let message = whole_json_arg(env, patch, Whole::Patch)?;
        let request = scimkit::PatchRequest::from_json_with(&message, &options)
            .map_err(|e| scim_error(env, &e))?;
        Ok(PatchRequest { request, options })
    }

    /// Applies the request to `resource` (an object or JSON text), atomically: `resource` is the
    /// patched resource as a new object, `changed` whether it differs from the one given (which
    /// is never modified).
    // Typed for JSON text here; `dts-header.d.ts` adds the overload generic over the resource
    // object (a class's own signatures come first, so that TypeScript does not infer `T` from a
    // string).
    #[napi(
        ts_generic_types = "T extends object = JsonObject",
        ts_args_type = "resource: string, options?: ApplyOptions",
        ts_return_type = "PatchResult<T>"
    )]
    pub fn apply<'env>(
        &self,
        env: &'env Env,
        resource: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> Result<Object<'env>> {
        let target = apply_options(env, options)?;
        let mut resource = whole_json_arg(env, resource, Whole::Resource)?;
        let outcome = self
            .request
            .apply(
                &mut resource,
                &target.schemas,
                &target.resource_type,
                &self.options,
            )
            .map_err(|e| scim_error(env, &e))?;
        let mut result = Object::new(env)?;
        result.set_named_property("resource", json::json_to_js(env, &resource)?)?;
        result.set_named_property("changed", outcome.changed)?;
        Ok(result)
    }
}
