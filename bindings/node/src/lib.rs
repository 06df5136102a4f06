//! Node.js binding of scimkit (npm package `scimkit`), built with napi-rs.
//!
//! Each export converts its arguments, calls the core and maps the error; the SCIM logic is all
//! in the `scimkit` crate. The API is specified in `bindings/README.md`; resources given as
//! objects are evaluated in place through `value::JsNode`, a [`scimkit::value::JsonRef`] over
//! napi values.

use std::cell::RefCell;

use napi::bindgen_prelude::{Array, This};
use napi::{Env, Result, Unknown};
use napi_derive::napi;
use scimkit::filter::CompileCache;
use scimkit::{SpanConverter, SpanUnits};

mod convert;
mod value;

use convert::{Resource, json_text_arg, match_options, parse_options, scim_error, string_arg};
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
        convert::json_to_js(env, &self.filter.to_json_in(SpanUnits::Utf16))
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
        convert::json_to_js(env, &self.path.to_json_with(&units))
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
}
