//! Arguments in, results and errors out: the conversions the exports share.

use napi::bindgen_prelude::{
    Array, ClassInstance, FromNapiValue, Function, JavaScriptClassExt, JsObjectValue, Object,
};
use napi::{
    Env, JsError, JsRangeError, JsTypeError, JsValue, Property, PropertyAttributes, Result, Status,
    Unknown, ValueType,
};
use scimkit::filter::CompiledFilter;
use scimkit::{ErrorKind, ParseOptions, PatchOptions, Profile};
use serde_json::Value;

use crate::json::json_to_js;
use crate::value::{JsNode, Reader};

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// The `ScimError` thrown for `err`: an `Error` whose `name` is `"ScimError"` and whose
/// `message` is the detail, with `scimType`, `status`, `detail`, `start`, `end` (UTF-16 code
/// units), `rendered` (`{:#}`), `document` (RFC 7644 §3.12) and `operation` (the failing PATCH
/// operation's index, or `null`).
pub(crate) fn scim_error(env: &Env, err: &scimkit::Error) -> napi::Error {
    build_scim_error(env, err)
        .unwrap_or_else(|_| napi::Error::new(Status::GenericFailure, err.detail()))
}

fn build_scim_error(env: &Env, err: &scimkit::Error) -> Result<napi::Error> {
    let error = JsError::from(napi::Error::new("ScimError", err.detail())).into_unknown(*env);
    let mut obj = Object::from_raw(env.raw(), error.raw());
    // napi sets `code` to its status string; a ScimError has `scimType` instead.
    obj.delete_named_property("code")?;
    // `name` is not enumerable, as on `Error.prototype`.
    let name = env.create_string("ScimError")?;
    obj.define_properties(&[Property::new()
        .with_utf8_name("name")?
        .with_value(&name)
        .with_property_attributes(
            PropertyAttributes::Writable | PropertyAttributes::Configurable,
        )])?;
    obj.set_named_property("scimType", err.scim_type())?;
    obj.set_named_property("status", u32::from(err.status()))?;
    obj.set_named_property("detail", err.detail())?;
    let span = err.span_utf16();
    obj.set_named_property("start", span.map(|s| s.start as f64))?;
    obj.set_named_property("end", span.map(|s| s.end as f64))?;
    obj.set_named_property("rendered", format!("{err:#}"))?;
    obj.set_named_property("document", json_to_js(env, &err.to_scim_json())?)?;
    obj.set_named_property("operation", err.operation().map(|i| i as f64))?;
    Ok(napi::Error::from(obj.to_unknown()))
}

/// Defines the own property `key` of `obj`: read-only, not enumerable, like a getter on the
/// prototype would be.
pub(crate) fn define_readonly(obj: &mut Object<'_>, key: &str, value: Unknown<'_>) -> Result<()> {
    obj.define_properties(&[Property::new()
        .with_utf8_name(key)?
        .with_value(&value)
        .with_property_attributes(PropertyAttributes::Default)])
}

/// A thrown `TypeError` with Node's `code` for a bad argument.
pub(crate) fn type_error(env: &Env, message: impl ToString) -> napi::Error {
    let err = napi::Error::new("ERR_INVALID_ARG_TYPE", message);
    napi::Error::from(JsTypeError::from(err).into_unknown(*env))
}

/// A thrown `RangeError` with Node's `code` for an argument out of range.
pub(crate) fn range_error(env: &Env, message: impl ToString) -> napi::Error {
    let err = napi::Error::new("ERR_OUT_OF_RANGE", message);
    napi::Error::from(JsRangeError::from(err).into_unknown(*env))
}

/// How an argument of the wrong type is described in a `TypeError`.
pub(crate) fn describe(v: Unknown<'_>) -> Result<&'static str> {
    Ok(match v.get_type()? {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "a boolean",
        ValueType::Number => "a number",
        ValueType::String => "a string",
        ValueType::Symbol => "a symbol",
        ValueType::Function => "a function",
        ValueType::BigInt => "a bigint",
        ValueType::Object if v.is_array()? => "an array",
        _ => "an object",
    })
}

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

/// A string argument.
pub(crate) fn string_arg(env: &Env, v: Unknown<'_>, what: &str) -> Result<String> {
    if v.get_type()? != ValueType::String {
        return Err(type_error(
            env,
            format!("{what} must be a string, not {}", describe(v)?),
        ));
    }
    String::from_unknown(v)
}

/// The options object `v` (`None` for `undefined` / `null`), checked to have only `keys`.
pub(crate) fn options_object<'env>(
    env: &Env,
    v: Option<Unknown<'env>>,
    keys: &[&str],
) -> Result<Option<Object<'env>>> {
    let Some(v) = v else { return Ok(None) };
    if matches!(v.get_type()?, ValueType::Undefined | ValueType::Null) {
        return Ok(None);
    }
    keyed_object(env, v, "options", keys).map(Some)
}

/// The object `v`, called `what` in messages, checked to have only the own enumerable `keys`
/// (another key is a `TypeError`: a misspelt option must not go unnoticed).
pub(crate) fn keyed_object<'env>(
    env: &Env,
    v: Unknown<'env>,
    what: &str,
    keys: &[&str],
) -> Result<Object<'env>> {
    if v.get_type()? != ValueType::Object || v.is_array()? {
        return Err(type_error(
            env,
            format!("{what} must be an object, not {}", describe(v)?),
        ));
    }
    let obj = Object::from_raw(env.raw(), v.raw());
    for key in Object::keys(&obj)? {
        if !keys.contains(&key.as_str()) {
            let (noun, prefix) = match what {
                "options" => ("option", String::new()),
                _ => ("member", format!("{what}: ")),
            };
            return Err(type_error(
                env,
                format!(
                    "{prefix}unknown {noun} `{key}`; the {noun}s are {}",
                    keys.join(", ")
                ),
            ));
        }
    }
    Ok(obj)
}

/// The option `key`, or `None` when it is `undefined`.
pub(crate) fn option<'env>(obj: &Object<'env>, key: &str) -> Result<Option<Unknown<'env>>> {
    let v: Unknown<'env> = obj.get_named_property_unchecked(key)?;
    Ok((v.get_type()? != ValueType::Undefined).then_some(v))
}

/// The boolean option `key`, or `None` when it is `undefined`.
pub(crate) fn bool_option(env: &Env, obj: &Object<'_>, key: &str) -> Result<Option<bool>> {
    let Some(v) = option(obj, key)? else {
        return Ok(None);
    };
    if v.get_type()? != ValueType::Boolean {
        return Err(type_error(
            env,
            format!("options.{key} must be a boolean, not {}", describe(v)?),
        ));
    }
    bool::from_unknown(v).map(Some)
}

/// The count option `key` (a non-negative safe integer), or `None` when it is `undefined`.
pub(crate) fn size_option(env: &Env, obj: &Object<'_>, key: &str) -> Result<Option<usize>> {
    match option(obj, key)? {
        Some(v) => size_value(env, v, &format!("options.{key}")).map(Some),
        None => Ok(None),
    }
}

/// `v`, called `what` in messages, as a count: not a number is a `TypeError`; a number that is
/// not a non-negative safe integer a `RangeError`.
pub(crate) fn size_value(env: &Env, v: Unknown<'_>, what: &str) -> Result<usize> {
    if v.get_type()? != ValueType::Number {
        return Err(type_error(
            env,
            format!("{what} must be a number, not {}", describe(v)?),
        ));
    }
    let n = f64::from_unknown(v)?;
    if !(n.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(&n)) {
        return Err(range_error(
            env,
            format!("{what} must be a non-negative safe integer, not {n}"),
        ));
    }
    Ok(usize::try_from(n as u64).unwrap_or(usize::MAX))
}

/// The string option `key`, or `None` when it is `undefined`.
pub(crate) fn string_option(env: &Env, obj: &Object<'_>, key: &str) -> Result<Option<String>> {
    match option(obj, key)? {
        Some(v) => string_arg(env, v, &format!("options.{key}")).map(Some),
        None => Ok(None),
    }
}

/// The option `key` naming one of a fixed set of values: `parse` maps a name to its value
/// (`None` for an unknown name), `names` are the names listed in the message. Not a string is a
/// `TypeError`; an unknown name a `RangeError` (`ERR_INVALID_ARG_VALUE`).
pub(crate) fn name_option<T>(
    env: &Env,
    obj: &Object<'_>,
    key: &str,
    parse: impl Fn(&str) -> Option<T>,
    names: &[&str],
) -> Result<Option<T>> {
    let Some(name) = string_option(env, obj, key)? else {
        return Ok(None);
    };
    match parse(&name) {
        Some(v) => Ok(Some(v)),
        None => Err(invalid_value_error(
            env,
            format!(
                "options.{key} must be one of {}, not {}",
                names.join(", "),
                Value::String(name)
            ),
        )),
    }
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
pub(crate) fn parse_options(env: &Env, v: Option<Unknown<'_>>) -> Result<ParseOptions> {
    let Some(obj) = options_object(env, v, PARSE_KEYS)? else {
        return Ok(ParseOptions::default());
    };
    let mut opts = match bool_option(env, &obj, "strict")? {
        Some(true) => ParseOptions::strict(),
        _ => ParseOptions::default(),
    };
    if let Some(b) = bool_option(env, &obj, "lenientWhitespace")? {
        opts = opts.lenient_whitespace(b);
    }
    if let Some(b) = bool_option(env, &obj, "valuePathSubAttr")? {
        opts = opts.value_path_sub_attr(b);
    }
    if let Some(b) = bool_option(env, &obj, "dollarNames")? {
        opts = opts.dollar_names(b);
    }
    if let Some(n) = size_option(env, &obj, "maxDepth")? {
        // The core clamps it to `1..=MAX_DEPTH_LIMIT` (200), which keeps the stack safe.
        opts = opts.max_depth(n);
    }
    if let Some(n) = size_option(env, &obj, "maxLength")? {
        opts = opts.max_len(n);
    }
    Ok(opts)
}

/// What `matches` / `filter` evaluate against.
pub(crate) struct Target {
    /// The registry (the RFC 7643 one unless `schemas` is given).
    pub(crate) schemas: scimkit::Schemas,
    /// The resource type, or `None` for schema-less evaluation.
    pub(crate) resource_type: Option<String>,
}

/// Match options: `resourceType` (default `"User"`, `null` = schema-less) and `schemas`.
pub(crate) fn match_options(env: &Env, v: Option<Unknown<'_>>) -> Result<Target> {
    let mut target = Target {
        schemas: scimkit::Schemas::rfc7643(),
        resource_type: Some("User".to_owned()),
    };
    let Some(obj) = options_object(env, v, &["resourceType", "schemas"])? else {
        return Ok(target);
    };
    if let Some(rt) = option(&obj, "resourceType")? {
        target.resource_type = match rt.get_type()? {
            ValueType::Null => None,
            ValueType::String => Some(String::from_unknown(rt)?),
            _ => {
                return Err(type_error(
                    env,
                    format!(
                        "options.resourceType must be a string or null, not {}",
                        describe(rt)?
                    ),
                ));
            }
        };
    }
    if let Some(s) = option(&obj, "schemas")? {
        if s.get_type()? != ValueType::Null {
            target.schemas = schemas_arg(env, s)?;
        }
    }
    Ok(target)
}

/// A `Schemas` instance's registry (a cheap clone).
pub(crate) fn schemas_arg(env: &Env, v: Unknown<'_>) -> Result<scimkit::Schemas> {
    let not_schemas = |env: &Env, v: Unknown<'_>| -> Result<napi::Error> {
        Ok(type_error(
            env,
            format!(
                "options.schemas must be a Schemas instance, not {}",
                describe(v)?
            ),
        ))
    };
    if v.get_type()? != ValueType::Object || !crate::Schemas::instance_of(env, &v)? {
        return Err(not_schemas(env, v)?);
    }
    // `instanceof` holds for `Object.create(Schemas.prototype)` too, which wraps no registry.
    match ClassInstance::<crate::Schemas>::from_unknown(v) {
        Ok(instance) => instance.registry(env),
        Err(_) => Err(not_schemas(env, v)?),
    }
}

/// A thrown `RangeError` with Node's `code` for an argument that is none of the values allowed.
pub(crate) fn invalid_value_error(env: &Env, message: impl ToString) -> napi::Error {
    let err = napi::Error::new("ERR_INVALID_ARG_VALUE", message);
    napi::Error::from(JsRangeError::from(err).into_unknown(*env))
}

/// The `profile` option: a name `Profile::from_name` knows (case-insensitive), default `rfc`.
/// Not a string: `TypeError`; an unknown name: `RangeError` listing the names.
fn profile_option(env: &Env, obj: &Object<'_>) -> Result<Profile> {
    let Some(v) = option(obj, "profile")? else {
        return Ok(Profile::Rfc);
    };
    if v.get_type()? != ValueType::String {
        return Err(type_error(
            env,
            format!("options.profile must be a string, not {}", describe(v)?),
        ));
    }
    let name = String::from_unknown(v)?;
    Profile::from_name(&name).ok_or_else(|| {
        let names: Vec<&str> = Profile::ALL.iter().map(|p| p.name()).collect();
        invalid_value_error(
            env,
            format!(
                "unknown profile {}; the profiles are {}",
                Value::String(name),
                names.join(", ")
            ),
        )
    })
}

/// What a PATCH is applied to.
pub(crate) struct PatchTarget {
    /// The registry (the RFC 7643 one unless `schemas` is given).
    pub(crate) schemas: scimkit::Schemas,
    /// The resource type; PATCH always needs one (default `"User"`).
    pub(crate) resource_type: String,
}

fn patch_target(env: &Env, obj: Option<&Object<'_>>) -> Result<PatchTarget> {
    let mut target = PatchTarget {
        schemas: scimkit::Schemas::rfc7643(),
        resource_type: "User".to_owned(),
    };
    let Some(obj) = obj else { return Ok(target) };
    if let Some(rt) = option(obj, "resourceType")? {
        if rt.get_type()? != ValueType::String {
            return Err(type_error(
                env,
                format!(
                    "options.resourceType must be a string, not {} (PATCH needs the schema)",
                    describe(rt)?
                ),
            ));
        }
        target.resource_type = String::from_unknown(rt)?;
    }
    if let Some(s) = option(obj, "schemas")? {
        if s.get_type()? != ValueType::Null {
            target.schemas = schemas_arg(env, s)?;
        }
    }
    Ok(target)
}

/// `new PatchRequest(patch, options)`: `profile`.
pub(crate) fn patch_request_options(env: &Env, v: Option<Unknown<'_>>) -> Result<PatchOptions> {
    let profile = match options_object(env, v, &["profile"])? {
        Some(obj) => profile_option(env, &obj)?,
        None => Profile::Rfc,
    };
    Ok(PatchOptions::profile(profile))
}

/// `req.apply(resource, options)`: `resourceType`, `schemas`.
pub(crate) fn apply_options(env: &Env, v: Option<Unknown<'_>>) -> Result<PatchTarget> {
    let obj = options_object(env, v, &["resourceType", "schemas"])?;
    patch_target(env, obj.as_ref())
}

/// `applyPatch(resource, patch, options)`: `resourceType`, `profile`, `schemas`.
pub(crate) fn apply_patch_options(
    env: &Env,
    v: Option<Unknown<'_>>,
) -> Result<(PatchOptions, PatchTarget)> {
    let obj = options_object(env, v, &["resourceType", "profile", "schemas"])?;
    let profile = match &obj {
        Some(obj) => profile_option(env, obj)?,
        None => Profile::Rfc,
    };
    Ok((
        PatchOptions::profile(profile),
        patch_target(env, obj.as_ref())?,
    ))
}

/// Which whole JSON value a PATCH argument is, for messages and for how its text is read.
#[derive(Clone, Copy)]
pub(crate) enum Whole {
    /// The resource: text is read by `scimkit::value::parse_resource`.
    Resource,
    /// The PatchOp message.
    Patch,
}

/// A PATCH argument as one JSON value: JSON text is parsed (text that is not JSON is a
/// `ScimError`, `invalidSyntax`), anything else converted whole (`json::ToJson`).
///
/// The resource must be an object (arrays and other values are a `TypeError`, as for filters).
/// The message is what a client sent, so any JSON value is one — an array, `null`, a number —
/// and the engine refuses what is not a PatchOp object (`invalidSyntax`), as the shared vectors
/// require; only `undefined` and values that are not JSON are a `TypeError`.
pub(crate) fn whole_json_arg(env: &Env, v: Unknown<'_>, which: Whole) -> Result<Value> {
    let ty = v.get_type()?;
    if ty == ValueType::String {
        let text = String::from_unknown(v)?;
        let parsed = match which {
            Whole::Resource => scimkit::value::parse_resource(&text),
            // Worded as the CLI words it (`scimkit patch`).
            Whole::Patch => serde_json::from_str(&text).map_err(|e| {
                scimkit::Error::new(
                    ErrorKind::InvalidSyntax,
                    format!("the PATCH request is not valid JSON: {e}"),
                )
            }),
        };
        return parsed.map_err(|e| scim_error(env, &e));
    }
    match which {
        Whole::Resource => resource_json(env, v, "resource"),
        Whole::Patch if ty == ValueType::Undefined => Err(type_error(
            env,
            "patch must be a PatchOp message (an object) or its JSON text, not undefined",
        )),
        Whole::Patch => crate::json::ToJson::convert(env, v, "patch"),
    }
}

/// A resource, called `what` in messages, as one JSON value: JSON text is parsed
/// (`scimkit::value::parse_resource`: text that is not JSON is a `ScimError`, `invalidSyntax`),
/// an object converted whole (`json::ToJson`); an array or any other value is a `TypeError`.
pub(crate) fn resource_json(env: &Env, v: Unknown<'_>, what: &str) -> Result<Value> {
    match v.get_type()? {
        ValueType::String => {
            let text = String::from_unknown(v)?;
            scimkit::value::parse_resource(&text).map_err(|e| scim_error(env, &e))
        }
        ValueType::Object if array_length(&Reader::new(env)?, v)?.is_none() => {
            crate::json::ToJson::convert(env, v, what)
        }
        _ => Err(type_error(
            env,
            format!(
                "{what} must be an object or a JSON string, not {}",
                describe(v)?
            ),
        )),
    }
}

/// A request body to validate, as one JSON value: JSON text is parsed as a resource is
/// (`scimkit::value::parse_resource`), any other value converted whole. A body is what a client
/// sent, so — as for a PatchOp message — any JSON value is one, and the engine refuses what is not
/// an object (a `ScimError`, `invalidSyntax`); only `undefined` and values that are not JSON are a
/// `TypeError`.
pub(crate) fn body_json(env: &Env, v: Unknown<'_>, what: &str) -> Result<Value> {
    match v.get_type()? {
        ValueType::String => {
            let text = String::from_unknown(v)?;
            scimkit::value::parse_resource(&text).map_err(|e| scim_error(env, &e))
        }
        ValueType::Undefined => Err(type_error(
            env,
            format!("{what} must be a JSON value (an object) or its JSON text, not undefined"),
        )),
        _ => crate::json::ToJson::convert(env, v, what),
    }
}

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

/// A resource argument: a JavaScript object read in place, or JSON text parsed here.
pub(crate) enum Resource<'env> {
    /// An object, evaluated through [`JsNode`].
    Object(Unknown<'env>),
    /// JSON text, parsed.
    Json(Value),
}

impl<'env> Resource<'env> {
    /// `v` as a resource; `what` names it in errors.
    pub(crate) fn from_arg(
        env: &Env,
        reader: &Reader<'_>,
        v: Unknown<'env>,
        what: &dyn Fn() -> String,
    ) -> Result<Self> {
        match v.get_type()? {
            ValueType::Object if array_length(reader, v)?.is_none() => Ok(Resource::Object(v)),
            ValueType::String => {
                let text = String::from_unknown(v)?;
                match scimkit::value::parse_resource(&text) {
                    Ok(json) => Ok(Resource::Json(json)),
                    Err(e) => Err(scim_error(env, &e)),
                }
            }
            _ => Err(type_error(
                env,
                format!(
                    "{} must be an object or a JSON string, not {}",
                    what(),
                    describe(v)?
                ),
            )),
        }
    }

    /// Does `compiled` match this resource? `Err` when reading the object ran JavaScript that
    /// threw.
    pub(crate) fn matches(&self, compiled: &CompiledFilter, reader: &Reader<'_>) -> Result<bool> {
        match self {
            Resource::Object(v) => {
                let hit = compiled.matches_ref(&JsNode::object(*v, reader));
                reader.check().map(|()| hit)
            }
            Resource::Json(json) => Ok(compiled.matches(json)),
        }
    }
}

/// The length of `v` if it is an array or a `Proxy` of one (`instanceof Array`), else `None`.
pub(crate) fn array_length(reader: &Reader<'_>, v: Unknown<'_>) -> Result<Option<u32>> {
    if v.get_type()? != ValueType::Object {
        return Ok(None);
    }
    let obj = Object::from_raw(v.value().env, v.raw());
    if v.is_array()? {
        return obj.get_array_length_unchecked().map(Some);
    }
    if !v.instanceof(reader.array_constructor())? {
        return Ok(None);
    }
    let len: Unknown<'_> = obj.get_named_property_unchecked("length")?;
    Ok(Some(match len.get_type()? {
        // `as` saturates: NaN and negatives are 0, huge lengths u32::MAX.
        ValueType::Number => f64::from_unknown(len)? as u32,
        _ => 0,
    }))
}

/// The elements of the array `v` that `compiled` matches, as a new array holding the same
/// values.
pub(crate) fn filter_array<'env>(
    env: &'env Env,
    v: Unknown<'env>,
    compiled: &CompiledFilter,
) -> Result<Array<'env>> {
    let reader = Reader::new(env)?;
    let Some(len) = array_length(&reader, v)? else {
        return Err(type_error(
            env,
            format!("resources must be an array, not {}", describe(v)?),
        ));
    };
    let input = Object::from_raw(env.raw(), v.raw());
    let mut out = env.create_array(0)?;
    let mut n = 0;
    for i in 0..len {
        let element: Unknown<'_> = input.get_element(i)?;
        let resource = Resource::from_arg(env, &reader, element, &|| format!("resources[{i}]"))?;
        if resource.matches(compiled, &reader)? {
            out.set(n, element)?;
            n += 1;
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

/// A document argument as JSON text: text as given, objects and arrays as `JSON.stringify`
/// serialises them.
pub(crate) fn json_text_arg(env: &Env, v: Unknown<'_>, what: &str) -> Result<String> {
    match v.get_type()? {
        ValueType::String => String::from_unknown(v),
        ValueType::Object => {
            let json: Object<'_> = env.get_global()?.get_named_property("JSON")?;
            let stringify: Function<'_, Unknown<'_>, Unknown<'_>> =
                json.get_named_property("stringify")?;
            let text = stringify.call(v)?;
            if text.get_type()? != ValueType::String {
                return Err(type_error(
                    env,
                    format!(
                        "{what} has no JSON form (JSON.stringify gave {})",
                        describe(text)?
                    ),
                ));
            }
            String::from_unknown(text)
        }
        _ => Err(type_error(
            env,
            format!(
                "{what} must be an object, an array or a JSON string, not {}",
                describe(v)?
            ),
        )),
    }
}
