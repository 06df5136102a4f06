//! The schema engine's exports: `validate`, `project`, `sort`, `serviceProviderConfig` and
//! `listResponse` (the `Schemas` documents are methods, in `lib.rs`). The rules are the core's
//! (`scimkit::schema::{validate, project, sort, documents}`); this module reads the arguments.
//!
//! `validate` and `project` convert the resource whole (`json`) and return new objects; `sort`
//! reads each resource once, in place (`value::JsNode`), and returns the given values in the new
//! order.

use napi::bindgen_prelude::{Array, FromNapiValue, JsObjectValue, Object};
use napi::{Env, JsValue, Result, Unknown, ValueType};
use napi_derive::napi;
use scimkit::schema::{
    BulkConfig, ListResponse, Mode, ServiceProviderConfig, SortOrder, UnknownAttributes,
    ValidateOptions,
};
use serde_json::Value;

use crate::convert::{
    Resource, array_length, body_json, bool_option, describe, keyed_object, name_option, option,
    options_object, resource_json, schemas_arg, scim_error, size_option, size_value, string_arg,
    string_option, type_error,
};
use crate::json::json_to_js;
use crate::value::{JsNode, Node, Reader};

/// The registry and resource type an operation works on: `resourceType` (default `"User"`; a
/// string, since validation, projection and sorting always need the schema) and `schemas`
/// (default the RFC 7643 registry; `null` means the default).
struct Target {
    schemas: scimkit::Schemas,
    resource_type: String,
}

fn target(env: &Env, obj: Option<&Object<'_>>) -> Result<Target> {
    let mut target = Target {
        schemas: scimkit::Schemas::rfc7643(),
        resource_type: "User".to_owned(),
    };
    let Some(obj) = obj else { return Ok(target) };
    if let Some(rt) = string_option(env, obj, "resourceType")? {
        target.resource_type = rt;
    }
    if let Some(s) = option(obj, "schemas")? {
        if s.get_type()? != ValueType::Null {
            target.schemas = schemas_arg(env, s)?;
        }
    }
    Ok(target)
}

/// The names `Mode::from_name` knows, for messages.
fn mode_names() -> Vec<&'static str> {
    Mode::ALL.iter().map(|m| m.name()).collect()
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

/// Validates and normalises `resource` (a request body: a JSON value, or JSON text) for `mode` (RFC 7643 §2, §3;
/// RFC 7644 §3.3, §3.5.1): `resource` is the normalised resource as a new object (attribute
/// names in the schema's spelling, canonical values in theirs, unassigned values left out),
/// `dropped` the attribute paths that were ignored (readOnly values a client sent; unknown
/// attributes under `unknownAttributes: 'drop'`). Throws a `ScimError` at the first problem,
/// also when the body is not an object (`invalidSyntax`).
#[napi(
    ts_generic_types = "T extends object = JsonObject",
    ts_args_type = "resource: RequestBody, options?: ValidateOptions",
    ts_return_type = "ValidateResult<T>"
)]
pub fn validate<'env>(
    env: &'env Env,
    resource: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> Result<Object<'env>> {
    let obj = options_object(
        env,
        options,
        &[
            "resourceType",
            "mode",
            "existing",
            "unknownAttributes",
            "canonicalValues",
            "schemas",
        ],
    )?;
    let target = target(env, obj.as_ref())?;
    let mut mode = Mode::Create;
    let mut validate = ValidateOptions::new();
    if let Some(obj) = &obj {
        if let Some(m) = name_option(env, obj, "mode", Mode::from_name, &mode_names())? {
            mode = m;
        }
        if let Some(u) = name_option(
            env,
            obj,
            "unknownAttributes",
            unknown_attributes,
            &["reject", "drop"],
        )? {
            validate = validate.unknown_attributes(u);
        }
        if let Some(b) = bool_option(env, obj, "canonicalValues")? {
            validate = validate.canonical_values(b);
        }
        if let Some(existing) = option(obj, "existing")? {
            validate = validate.existing(resource_json(env, existing, "options.existing")?);
        }
    }
    let resource = body_json(env, resource, "resource")?;
    let out = target
        .schemas
        .validate(&resource, &target.resource_type, mode, &validate)
        .map_err(|e| scim_error(env, &e))?;
    let mut dropped = env.create_array(0)?;
    for (i, path) in (0u32..).zip(&out.dropped) {
        dropped.set(i, path.as_str())?;
    }
    let mut result = Object::new(env)?;
    result.set_named_property("resource", json_to_js(env, &out.resource)?)?;
    result.set_named_property("dropped", dropped)?;
    Ok(result)
}

/// An `attributes` / `excludedAttributes` option: an array of names or one comma-separated
/// string. Names are trimmed and empty ones ignored, as in a query string.
fn names_option(env: &Env, obj: &Object<'_>, key: &str) -> Result<Vec<String>> {
    let Some(v) = option(obj, key)? else {
        return Ok(Vec::new());
    };
    let mut names = Vec::new();
    let mut add = |name: &str| {
        let name = name.trim();
        if !name.is_empty() {
            names.push(name.to_owned());
        }
    };
    let reader = Reader::new(env)?;
    if v.get_type()? == ValueType::String {
        String::from_unknown(v)?.split(',').for_each(&mut add);
    } else if let Some(len) = array_length(&reader, v)? {
        let array = Object::from_raw(env.raw(), v.raw());
        for i in 0..len {
            let item: Unknown<'_> = array.get_element(i)?;
            add(&string_arg(env, item, &format!("options.{key}[{i}]"))?);
        }
    } else {
        return Err(type_error(
            env,
            format!(
                "options.{key} must be an array of names or a comma-separated string, not {}",
                describe(v)?
            ),
        ));
    }
    Ok(names)
}

/// `resource` (an object or JSON text) with only the attributes a response returns (RFC 7644
/// §3.4.2.5, §3.9): `attributes` names the ones wanted (plus those always returned),
/// `excludedAttributes` the ones to leave out of the default set; at most one of the two. A new
/// object. Throws a `ScimError` (`invalidValue`) for a name the resource type does not have.
#[napi(
    ts_generic_types = "T extends object = JsonObject",
    ts_args_type = "resource: Resource, options?: ProjectOptions",
    ts_return_type = "T"
)]
pub fn project<'env>(
    env: &'env Env,
    resource: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> Result<Unknown<'env>> {
    let obj = options_object(
        env,
        options,
        &[
            "resourceType",
            "attributes",
            "excludedAttributes",
            "schemas",
        ],
    )?;
    let target = target(env, obj.as_ref())?;
    let (attributes, excluded) = match &obj {
        Some(obj) => (
            names_option(env, obj, "attributes")?,
            names_option(env, obj, "excludedAttributes")?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    let resource = resource_json(env, resource, "resource")?;
    let attributes: Vec<&str> = attributes.iter().map(String::as_str).collect();
    let excluded: Vec<&str> = excluded.iter().map(String::as_str).collect();
    let projection = target
        .schemas
        .projection(&target.resource_type, &attributes, &excluded)
        .map_err(|e| scim_error(env, &e))?;
    json_to_js(env, &projection.apply(&resource))
}

/// `resources` (objects, read in place, or JSON text) sorted by the attribute `sortBy` (RFC 7644
/// §3.4.2.3), stably: a new array holding the very values given. Throws a `ScimError`
/// (`invalidValue`) when `sortBy` is not an attribute to sort by.
#[napi(
    ts_generic_types = "T extends Resource",
    ts_args_type = "resources: ReadonlyArray<T>, sortBy: string, options?: SortOptions",
    ts_return_type = "T[]"
)]
pub fn sort<'env>(
    env: &'env Env,
    resources: Unknown<'env>,
    sort_by: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> Result<Array<'env>> {
    let obj = options_object(env, options, &["sortOrder", "resourceType", "schemas"])?;
    let target = target(env, obj.as_ref())?;
    let order = match &obj {
        Some(obj) => name_option(
            env,
            obj,
            "sortOrder",
            SortOrder::from_name,
            &["ascending", "descending"],
        )?,
        None => None,
    };
    let sort_by = string_arg(env, sort_by, "sortBy")?;
    let reader = Reader::new(env)?;
    let Some(len) = array_length(&reader, resources)? else {
        return Err(type_error(
            env,
            format!("resources must be an array, not {}", describe(resources)?),
        ));
    };
    let sorter = target
        .schemas
        .sorter(&target.resource_type, &sort_by, order.unwrap_or_default())
        .map_err(|e| scim_error(env, &e))?;
    let input = Object::from_raw(env.raw(), resources.raw());
    let capacity = len.min(1 << 16) as usize;
    let mut values = Vec::with_capacity(capacity);
    let mut items = Vec::with_capacity(capacity);
    for i in 0..len {
        let element: Unknown<'env> = input.get_element(i)?;
        items.push(Resource::from_arg(env, &reader, element, &|| {
            format!("resources[{i}]")
        })?);
        values.push(element);
    }
    let nodes: Vec<Node<'_>> = items
        .iter()
        .map(|r| match r {
            Resource::Object(v) => Node::Js(JsNode::object(*v, &reader)),
            Resource::Json(json) => Node::Json(json),
        })
        .collect();
    let indices = sorter.sorted_indices(&nodes);
    reader.check()?;
    let mut out = env.create_array(0)?;
    for (n, i) in (0u32..).zip(indices) {
        out.set(n, values[i])?;
    }
    Ok(out)
}

/// The `/ServiceProviderConfig` document (RFC 7643 §5) of a service with these capabilities;
/// what is not given is not supported. `bulk` is `{maxOperations, maxPayloadSize}`;
/// `filterMaxResults` turns filtering on with that many results at most. The authentication
/// scheme listed is OAuth 2.0 bearer tokens (RFC 6750).
#[napi(
    ts_args_type = "options?: ServiceProviderConfigOptions",
    ts_return_type = "ServiceProviderConfigDocument"
)]
pub fn service_provider_config<'env>(
    env: &'env Env,
    options: Option<Unknown<'_>>,
) -> Result<Unknown<'env>> {
    let mut config = ServiceProviderConfig::default();
    if let Some(obj) = options_object(
        env,
        options,
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
        config.patch = bool_option(env, &obj, "patch")?.unwrap_or(false);
        if let Some(bulk) = option(&obj, "bulk")? {
            let keys = ["maxOperations", "maxPayloadSize"];
            let bulk = keyed_object(env, bulk, "options.bulk", &keys)?;
            let count = |key: &str| -> Result<u64> {
                let v: Unknown<'_> = bulk.get_named_property_unchecked(key)?;
                Ok(size_value(env, v, &format!("options.bulk.{key}"))? as u64)
            };
            config.bulk = Some(BulkConfig {
                max_operations: count("maxOperations")?,
                max_payload_size: count("maxPayloadSize")?,
            });
        }
        config.filter = size_option(env, &obj, "filterMaxResults")?.map(|n| n as u64);
        config.change_password = bool_option(env, &obj, "changePassword")?.unwrap_or(false);
        config.sort = bool_option(env, &obj, "sort")?.unwrap_or(false);
        config.etag = bool_option(env, &obj, "etag")?.unwrap_or(false);
        config.documentation_uri = string_option(env, &obj, "documentationUri")?;
    }
    json_to_js(env, &config.to_json())
}

/// A `ListResponse` (RFC 7644 §3.4.2) of `resources` (objects or JSON text, copied into new
/// objects): `totalResults` defaults to the number of resources, `startIndex` (1-based) to 1;
/// `itemsPerPage` is the number of resources.
// Typed generic over the resource objects; `dts-header.d.ts` declares the overload for JSON text
// only (ahead of this one, so that `T` is not inferred as `object` from an array of strings).
#[napi(
    ts_generic_types = "T extends object = JsonObject",
    ts_args_type = "resources: ReadonlyArray<T | string>, options?: ListResponseOptions",
    ts_return_type = "ListResponse<T>"
)]
pub fn list_response<'env>(
    env: &'env Env,
    resources: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> Result<Unknown<'env>> {
    let obj = options_object(env, options, &["totalResults", "startIndex"])?;
    let (total, start) = match &obj {
        Some(obj) => (
            size_option(env, obj, "totalResults")?,
            size_option(env, obj, "startIndex")?,
        ),
        None => (None, None),
    };
    let reader = Reader::new(env)?;
    let Some(len) = array_length(&reader, resources)? else {
        return Err(type_error(
            env,
            format!("resources must be an array, not {}", describe(resources)?),
        ));
    };
    let input = Object::from_raw(env.raw(), resources.raw());
    let mut items: Vec<Value> = Vec::with_capacity(len.min(1 << 16) as usize);
    for i in 0..len {
        let element: Unknown<'_> = input.get_element(i)?;
        items.push(resource_json(env, element, &format!("resources[{i}]"))?);
    }
    let list = ListResponse {
        total_results: total.unwrap_or(items.len()),
        start_index: start.unwrap_or(1),
        resources: items,
    };
    json_to_js(env, &list.to_json())
}

/// The base URL argument of the `Schemas` documents: a string, or `undefined` / `null` for none.
pub(crate) fn base_url_arg(env: &Env, v: Option<Unknown<'_>>) -> Result<Option<String>> {
    match v {
        Some(v) if !matches!(v.get_type()?, ValueType::Undefined | ValueType::Null) => {
            string_arg(env, v, "baseUrl").map(Some)
        }
        _ => Ok(None),
    }
}
