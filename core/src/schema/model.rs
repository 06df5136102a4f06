//! The typed schema model: attributes and their characteristics (RFC 7643 §2), schema
//! definitions (RFC 7643 §7) and resource types (RFC 7643 §6), with their JSON forms. The parsing
//! rules are in the [`schema` module documentation](crate::schema#parsing).

use std::fmt;

use serde_json::{Map, Value};

use super::messages::{self as msg, Loc};
use crate::error::Result;

/// The schema URI of a Schema resource (RFC 7643 §7).
pub const SCHEMA_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";
/// The schema URI of a ResourceType resource (RFC 7643 §6).
pub const RESOURCE_TYPE_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

/// How deep sub-attributes may nest. RFC 7643 §2.3.8 allows one level; only the `Schema` schema
/// itself (§7, §8.7.2) nests deeper (`attributes.subAttributes.…`, three levels).
const MAX_DEPTH: usize = 8;

macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($key:literal, default $default:ident) {
            $( $(#[$vmeta:meta])* $variant:ident => $keyword:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order the RFC lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The keyword used in JSON (RFC 7643 §7).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $keyword, )+
                }
            }

            /// The value for a JSON keyword, ignoring ASCII case; `None` if there is none.
            pub fn from_keyword(keyword: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(keyword))
            }
        }

        impl Keyword for $name {
            const KEY: &'static str = $key;
            fn parse(keyword: &str) -> Option<$name> {
                $name::from_keyword(keyword)
            }
        }

        impl Default for $name {
            /// The RFC 7643 §2.2 default.
            fn default() -> $name {
                $name::$default
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum! {
    /// An attribute's data type (RFC 7643 §2.3, Table 1). The default is [`String`](AttrType::String)
    /// (§2.2).
    pub enum AttrType ("type", default String) {
        /// `"string"`: a JSON string (§2.3.1).
        String => "string",
        /// `"boolean"`: `true` or `false` (§2.3.2).
        Boolean => "boolean",
        /// `"decimal"`: a JSON number (§2.3.3).
        Decimal => "decimal",
        /// `"integer"`: a JSON number without fraction or exponent (§2.3.4).
        Integer => "integer",
        /// `"dateTime"`: an xsd:dateTime in a JSON string (§2.3.5).
        DateTime => "dateTime",
        /// `"binary"`: base64 in a JSON string (§2.3.6).
        Binary => "binary",
        /// `"reference"`: a URI in a JSON string (§2.3.7).
        Reference => "reference",
        /// `"complex"`: a JSON object of sub-attributes (§2.3.8).
        Complex => "complex",
    }
}

keyword_enum! {
    /// When an attribute's value may be (re)defined (RFC 7643 §7 `mutability`). The default is
    /// [`ReadWrite`](Mutability::ReadWrite) (§2.2).
    pub enum Mutability ("mutability", default ReadWrite) {
        /// `"readOnly"`: the attribute SHALL NOT be modified.
        ReadOnly => "readOnly",
        /// `"readWrite"`: the attribute MAY be updated and read at any time.
        ReadWrite => "readWrite",
        /// `"immutable"`: set at creation or replacement, then never updated.
        Immutable => "immutable",
        /// `"writeOnly"`: the attribute MAY be updated at any time; values are never returned.
        WriteOnly => "writeOnly",
    }
}

keyword_enum! {
    /// When an attribute is returned in responses (RFC 7643 §7 `returned`). The default is
    /// [`Default`](Returned::Default) (§2.2).
    pub enum Returned ("returned", default Default) {
        /// `"always"`: returned regardless of the `attributes` parameter (e.g. `id`).
        Always => "always",
        /// `"never"`: never returned.
        Never => "never",
        /// `"default"`: returned unless `attributes` is given and does not name it.
        Default => "default",
        /// `"request"`: returned only when asked for (or, on PUT/POST/PATCH, when written).
        Request => "request",
    }
}

keyword_enum! {
    /// How the service provider enforces uniqueness of values (RFC 7643 §7 `uniqueness`). The
    /// default is [`None`](Uniqueness::None) (§2.2).
    pub enum Uniqueness ("uniqueness", default None) {
        /// `"none"`: values are not intended to be unique.
        None => "none",
        /// `"server"`: unique within the service provider (endpoint or tenancy).
        Server => "server",
        /// `"global"`: globally unique.
        Global => "global",
    }
}

/// One attribute definition with its characteristics (RFC 7643 §2.2, §7 `attributes`).
///
/// [`Attribute::new`] gives an attribute with the RFC 7643 §2.2 defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The attribute's name; compared ignoring ASCII case (RFC 7643 §2.1).
    pub name: String,
    /// The data type (`type`).
    pub attr_type: AttrType,
    /// Whether the value is a JSON array (`multiValued`).
    pub multi_valued: bool,
    /// The human-readable description.
    pub description: Option<String>,
    /// Whether the attribute is required (`required`).
    pub required: bool,
    /// Suggested canonical values, e.g. `"work"`, `"home"` (`canonicalValues`).
    pub canonical_values: Vec<String>,
    /// Whether string values compare case-sensitively (`caseExact`).
    pub case_exact: bool,
    /// When the value may be (re)defined (`mutability`).
    pub mutability: Mutability,
    /// When the value is returned (`returned`).
    pub returned: Returned,
    /// How uniqueness is enforced (`uniqueness`).
    pub uniqueness: Uniqueness,
    /// For a `reference`: the resource types it may point to, or `"external"` / `"uri"`
    /// (`referenceTypes`).
    pub reference_types: Vec<String>,
    /// For a `complex` attribute: its sub-attributes (`subAttributes`).
    pub sub_attributes: Vec<Attribute>,
}

impl Attribute {
    /// An attribute named `name` of type `attr_type`, every other characteristic at its RFC 7643
    /// §2.2 default (single-valued, not required, not caseExact, readWrite, returned by default, no
    /// uniqueness).
    pub fn new(name: impl Into<String>, attr_type: AttrType) -> Attribute {
        Attribute {
            name: name.into(),
            attr_type,
            multi_valued: false,
            description: None,
            required: false,
            canonical_values: Vec::new(),
            case_exact: false,
            mutability: Mutability::default(),
            returned: Returned::default(),
            uniqueness: Uniqueness::default(),
            reference_types: Vec::new(),
            sub_attributes: Vec::new(),
        }
    }

    /// The sub-attribute named `name`, ignoring ASCII case (RFC 7643 §2.1).
    pub fn sub_attribute(&self, name: &str) -> Option<&Attribute> {
        find_attribute(&self.sub_attributes, name)
    }

    /// Parses one attribute definition in its RFC 7643 §7 form (an element of a schema's
    /// `attributes`) and checks it as a top-level attribute of no particular schema.
    pub fn from_json(value: &Value) -> Result<Attribute> {
        let ctx = Ctx {
            schema: None,
            nested_complex: false,
        };
        let attribute = parse_attribute(&ctx, value, None, 0, 1)?;
        check_attributes(&ctx, std::slice::from_ref(&attribute), None, 0)?;
        Ok(attribute)
    }

    /// The RFC 7643 §7 JSON form. Every characteristic is written out, defaults included;
    /// `description`, `canonicalValues`, `referenceTypes` and `subAttributes` only when present.
    pub fn to_json(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("name".into(), self.name.clone().into());
        obj.insert("type".into(), self.attr_type.as_str().into());
        if !self.reference_types.is_empty() {
            obj.insert("referenceTypes".into(), strings(&self.reference_types));
        }
        obj.insert("multiValued".into(), self.multi_valued.into());
        if let Some(description) = &self.description {
            obj.insert("description".into(), description.clone().into());
        }
        obj.insert("required".into(), self.required.into());
        if !self.canonical_values.is_empty() {
            obj.insert("canonicalValues".into(), strings(&self.canonical_values));
        }
        obj.insert("caseExact".into(), self.case_exact.into());
        obj.insert("mutability".into(), self.mutability.as_str().into());
        obj.insert("returned".into(), self.returned.as_str().into());
        obj.insert("uniqueness".into(), self.uniqueness.as_str().into());
        if !self.sub_attributes.is_empty() {
            obj.insert(
                "subAttributes".into(),
                Value::Array(self.sub_attributes.iter().map(Attribute::to_json).collect()),
            );
        }
        Value::Object(obj)
    }
}

/// A schema definition (RFC 7643 §7): a URI and the attributes it defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    /// The schema URI, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`; compared ignoring ASCII
    /// case (RFC 7644 §3.10).
    pub id: String,
    /// The human-readable name, e.g. `User`.
    pub name: Option<String>,
    /// The human-readable description.
    pub description: Option<String>,
    /// The top-level attributes, in definition order.
    pub attributes: Vec<Attribute>,
}

impl Schema {
    /// The top-level attribute named `name`, ignoring ASCII case (RFC 7643 §2.1). Sub-attributes
    /// are reached through [`Attribute::sub_attribute`].
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        find_attribute(&self.attributes, name)
    }

    /// Parses a Schema resource in its RFC 7643 §7 form (as served at `/Schemas/{id}`, RFC 7644
    /// §4); `schemas` and `meta` are ignored. See the [`schema` module documentation](crate::schema#parsing)
    /// for the rules.
    ///
    /// `id` is required and must be a non-empty string; `attributes` may be absent (no
    /// attributes).
    pub fn from_json(value: &Value) -> Result<Schema> {
        let obj = value
            .as_object()
            .ok_or_else(|| msg::not_an_object(Loc::Schema(None), value))?;
        let id = match get(obj, "id") {
            None => return Err(msg::missing(Loc::Schema(None), "id")),
            Some(Value::String(id)) if id.is_empty() => {
                return Err(msg::empty(Loc::Schema(None), "id"));
            }
            Some(Value::String(id)) => id.as_str(),
            Some(other) => {
                return Err(msg::wrong_json_type(
                    Loc::Schema(None),
                    "id",
                    "a string",
                    other,
                ));
            }
        };
        let loc = Loc::Schema(Some(id));
        let ctx = Ctx::for_schema(id);
        let attributes = match get(obj, "attributes") {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| parse_attribute(&ctx, item, None, 0, i + 1))
                .collect::<Result<Vec<_>>>()?,
            Some(other) => {
                return Err(msg::wrong_json_type(loc, "attributes", "an array", other));
            }
        };
        let schema = Schema {
            id: id.to_owned(),
            name: opt_string(obj, "name", loc)?,
            description: opt_string(obj, "description", loc)?,
            attributes,
        };
        schema.check()?;
        Ok(schema)
    }

    /// The RFC 7643 §7 JSON form, with `schemas` set to the Schema URI. `meta` is left to the
    /// caller, whose base URL its `location` depends on.
    pub fn to_json(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("schemas".into(), strings(&[SCHEMA_URN]));
        obj.insert("id".into(), self.id.clone().into());
        if let Some(name) = &self.name {
            obj.insert("name".into(), name.clone().into());
        }
        if let Some(description) = &self.description {
            obj.insert("description".into(), description.clone().into());
        }
        obj.insert(
            "attributes".into(),
            Value::Array(self.attributes.iter().map(Attribute::to_json).collect()),
        );
        Value::Object(obj)
    }

    /// Checks the rules that do not depend on the JSON form: a non-empty id, attribute names
    /// (RFC 7643 §2.1), no duplicates, no complex sub-attributes (§2.3.8).
    pub(super) fn check(&self) -> Result<()> {
        if self.id.is_empty() {
            return Err(msg::empty(Loc::Schema(None), "id"));
        }
        check_attributes(&Ctx::for_schema(&self.id), &self.attributes, None, 0)
    }
}

/// An entry of a resource type's `schemaExtensions` (RFC 7643 §6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaExtension {
    /// The extension schema's URI.
    pub schema: String,
    /// Whether every resource of the type must carry the extension (and its required attributes).
    pub required: bool,
}

/// A resource type (RFC 7643 §6): a name, an endpoint, a base schema and schema extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceType {
    /// The resource type's id; often equal to [`name`](ResourceType::name), which it defaults to
    /// when the JSON form has none (the attribute is OPTIONAL, §6).
    pub id: String,
    /// The name, e.g. `User`; the value of `meta.resourceType` in resources of this type.
    pub name: String,
    /// The endpoint relative to the service's base URL, e.g. `/Users`.
    pub endpoint: String,
    /// The human-readable description.
    pub description: Option<String>,
    /// The base schema URI.
    pub schema: String,
    /// The schema extensions.
    pub schema_extensions: Vec<SchemaExtension>,
}

impl ResourceType {
    /// The entry of [`schema_extensions`](ResourceType::schema_extensions) for the schema URI
    /// `schema`, ignoring ASCII case (RFC 7644 §3.10).
    pub fn extension(&self, schema: &str) -> Option<&SchemaExtension> {
        self.schema_extensions
            .iter()
            .find(|e| e.schema.eq_ignore_ascii_case(schema))
    }

    /// Parses a ResourceType resource in its RFC 7643 §6 form; `schemas` and `meta` are ignored.
    ///
    /// `name`, `endpoint` and `schema` are required strings; `id` defaults to `name`;
    /// `schemaExtensions` may be absent, and each entry needs a `schema` (its `required` defaults
    /// to false). A single extension object where an array is expected is accepted (erratum 7522
    /// corrected the §8.7.2 listing that called `schemaExtensions` single-valued).
    pub fn from_json(value: &Value) -> Result<ResourceType> {
        let obj = value
            .as_object()
            .ok_or_else(|| msg::not_an_object(Loc::ResourceType(None), value))?;
        let name = req_string(obj, "name", Loc::ResourceType(None))?;
        let loc = Loc::ResourceType(Some(&name));
        let id = opt_string(obj, "id", loc)?.unwrap_or_else(|| name.clone());
        let endpoint = req_string(obj, "endpoint", loc)?;
        let schema = req_string(obj, "schema", loc)?;
        let description = opt_string(obj, "description", loc)?;
        let entries: &[Value] = match get(obj, "schemaExtensions") {
            None => &[],
            Some(Value::Array(items)) => items,
            Some(one @ Value::Object(_)) => std::slice::from_ref(one),
            Some(other) => {
                return Err(msg::wrong_json_type(
                    loc,
                    "schemaExtensions",
                    "an array",
                    other,
                ));
            }
        };
        let mut schema_extensions = Vec::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            let loc = Loc::Extension {
                resource_type: &name,
                position: i + 1,
            };
            let ext = entry
                .as_object()
                .ok_or_else(|| msg::not_an_object(loc, entry))?;
            schema_extensions.push(SchemaExtension {
                schema: req_string(ext, "schema", loc)?,
                required: opt_bool(ext, "required", loc)?.unwrap_or(false),
            });
        }
        let rt = ResourceType {
            id,
            name,
            endpoint,
            description,
            schema,
            schema_extensions,
        };
        rt.check()?;
        Ok(rt)
    }

    /// The RFC 7643 §6 JSON form, with `schemas` set to the ResourceType URI. `meta` is left to
    /// the caller, whose base URL its `location` depends on.
    pub fn to_json(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("schemas".into(), strings(&[RESOURCE_TYPE_URN]));
        obj.insert("id".into(), self.id.clone().into());
        obj.insert("name".into(), self.name.clone().into());
        obj.insert("endpoint".into(), self.endpoint.clone().into());
        if let Some(description) = &self.description {
            obj.insert("description".into(), description.clone().into());
        }
        obj.insert("schema".into(), self.schema.clone().into());
        if !self.schema_extensions.is_empty() {
            let extensions = self
                .schema_extensions
                .iter()
                .map(|e| {
                    let mut ext = Map::new();
                    ext.insert("schema".into(), e.schema.clone().into());
                    ext.insert("required".into(), e.required.into());
                    Value::Object(ext)
                })
                .collect();
            obj.insert("schemaExtensions".into(), Value::Array(extensions));
        }
        Value::Object(obj)
    }

    /// Checks the rules that do not depend on the registry: non-empty name, endpoint and schema
    /// URIs, and no schema listed twice among the base schema and the extensions.
    pub(super) fn check(&self) -> Result<()> {
        if self.name.is_empty() {
            return Err(msg::empty(Loc::ResourceType(None), "name"));
        }
        let loc = Loc::ResourceType(Some(&self.name));
        if self.endpoint.is_empty() {
            return Err(msg::empty(loc, "endpoint"));
        }
        if self.schema.is_empty() {
            return Err(msg::empty(loc, "schema"));
        }
        for (i, ext) in self.schema_extensions.iter().enumerate() {
            if ext.schema.is_empty() {
                let loc = Loc::Extension {
                    resource_type: &self.name,
                    position: i + 1,
                };
                return Err(msg::empty(loc, "schema"));
            }
            let mut earlier = std::iter::once(self.schema.as_str()).chain(
                self.schema_extensions[..i]
                    .iter()
                    .map(|e| e.schema.as_str()),
            );
            if earlier.any(|s| s.eq_ignore_ascii_case(&ext.schema)) {
                return Err(msg::duplicate_extension(loc, &ext.schema));
            }
        }
        Ok(())
    }
}

/// The attribute named `name` among `attributes`, ignoring ASCII case.
pub(super) fn find_attribute<'a>(attributes: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
    attributes
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(name))
}

/// Parsing and checking context.
struct Ctx<'a> {
    /// The schema being parsed, for messages.
    schema: Option<&'a str>,
    /// RFC 7643 §7: "Unlike other core resources, the "Schema" resource MAY contain a complex
    /// object within a sub-attribute" — so the `Schema` schema alone may nest complex attributes.
    nested_complex: bool,
}

impl<'a> Ctx<'a> {
    fn for_schema(id: &'a str) -> Ctx<'a> {
        Ctx {
            schema: Some(id),
            nested_complex: id.eq_ignore_ascii_case(SCHEMA_URN),
        }
    }

    fn attr(&self, path: &'a str) -> Loc<'a> {
        Loc::Attribute {
            schema: self.schema,
            path,
        }
    }
}

/// Joins a parent path and a name: `emails` + `type` = `emails.type`.
fn join(parent: Option<&str>, name: &str) -> String {
    match parent {
        Some(parent) => format!("{parent}.{name}"),
        None => name.to_owned(),
    }
}

/// Parses the attribute definition `value`, the `position`-th (1-based) under `parent`, which is
/// `depth` levels below the top (0 for a top-level attribute).
fn parse_attribute(
    ctx: &Ctx<'_>,
    value: &Value,
    parent: Option<&str>,
    depth: usize,
    position: usize,
) -> Result<Attribute> {
    let unnamed = Loc::Unnamed {
        schema: ctx.schema,
        parent,
        position,
    };
    let obj = value
        .as_object()
        .ok_or_else(|| msg::not_an_object(unnamed, value))?;
    let name = req_string(obj, "name", unnamed)?;
    let path = join(parent, &name);
    let loc = ctx.attr(&path);

    // Fields are evaluated in order: the attribute's own characteristics, then its children.
    Ok(Attribute {
        attr_type: keyword(obj, loc)?,
        multi_valued: opt_bool(obj, "multiValued", loc)?.unwrap_or(false),
        description: opt_string(obj, "description", loc)?,
        required: opt_bool(obj, "required", loc)?.unwrap_or(false),
        canonical_values: string_list(obj, "canonicalValues", loc)?,
        case_exact: opt_bool(obj, "caseExact", loc)?.unwrap_or(false),
        mutability: keyword(obj, loc)?,
        returned: keyword(obj, loc)?,
        uniqueness: keyword(obj, loc)?,
        reference_types: string_list(obj, "referenceTypes", loc)?,
        sub_attributes: parse_sub_attributes(ctx, obj, &path, depth, loc)?,
        name,
    })
}

/// Parses the `subAttributes` of the attribute at `path` (`depth` levels below the top).
fn parse_sub_attributes(
    ctx: &Ctx<'_>,
    obj: &Map<String, Value>,
    path: &str,
    depth: usize,
    loc: Loc<'_>,
) -> Result<Vec<Attribute>> {
    match get(obj, "subAttributes") {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) if depth + 1 >= MAX_DEPTH && !items.is_empty() => {
            Err(msg::too_deep(loc, MAX_DEPTH))
        }
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| parse_attribute(ctx, item, Some(path), depth + 1, i + 1))
            .collect(),
        Some(other) => Err(msg::wrong_json_type(
            loc,
            "subAttributes",
            "an array",
            other,
        )),
    }
}

/// Checks names, duplicates and nesting of `attributes`, which sit under `parent` at `depth`
/// (0 for a schema's top level).
fn check_attributes(
    ctx: &Ctx<'_>,
    attributes: &[Attribute],
    parent: Option<&str>,
    depth: usize,
) -> Result<()> {
    for (i, attr) in attributes.iter().enumerate() {
        let path = join(parent, &attr.name);
        let loc = ctx.attr(&path);
        // RFC 7643 §2.1 ATTRNAME; "$ref" is the one sub-attribute name outside it (§2.4).
        if !(is_attr_name(&attr.name) || (depth > 0 && attr.name.eq_ignore_ascii_case("$ref"))) {
            let loc = Loc::Unnamed {
                schema: ctx.schema,
                parent,
                position: i + 1,
            };
            return Err(msg::invalid_name(loc, &attr.name));
        }
        if attributes[..i]
            .iter()
            .any(|a| a.name.eq_ignore_ascii_case(&attr.name))
        {
            return Err(msg::duplicate_attribute(loc));
        }
        let complex = attr.attr_type == AttrType::Complex;
        if depth > 0 && (complex || !attr.sub_attributes.is_empty()) && !ctx.nested_complex {
            return Err(msg::nested_complex(loc));
        }
        if !complex && !attr.sub_attributes.is_empty() {
            return Err(msg::sub_attributes_on_simple(loc, attr.attr_type.as_str()));
        }
        if depth + 1 >= MAX_DEPTH && !attr.sub_attributes.is_empty() {
            return Err(msg::too_deep(loc, MAX_DEPTH));
        }
        check_attributes(ctx, &attr.sub_attributes, Some(&path), depth + 1)?;
    }
    Ok(())
}

/// RFC 7643 §2.1: `ATTRNAME = ALPHA *(nameChar)`, `nameChar = "$" / "-" / "_" / DIGIT / ALPHA`.
fn is_attr_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'$' | b'-' | b'_'))
}

/// `obj[key]`, matching the key exactly or else ignoring ASCII case (RFC 7643 §2.1); `null` counts
/// as absent (RFC 7643 §2.5).
fn get<'v>(obj: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    obj.get(key)
        .or_else(|| {
            obj.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        })
        .filter(|v| !v.is_null())
}

fn opt_string(obj: &Map<String, Value>, key: &str, loc: Loc<'_>) -> Result<Option<String>> {
    match get(obj, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(msg::wrong_json_type(loc, key, "a string", other)),
    }
}

fn req_string(obj: &Map<String, Value>, key: &str, loc: Loc<'_>) -> Result<String> {
    match opt_string(obj, key, loc)? {
        None => Err(msg::missing(loc, key)),
        Some(s) if s.is_empty() => Err(msg::empty(loc, key)),
        Some(s) => Ok(s),
    }
}

fn opt_bool(obj: &Map<String, Value>, key: &str, loc: Loc<'_>) -> Result<Option<bool>> {
    match get(obj, key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(msg::wrong_json_type(loc, key, "a boolean", other)),
    }
}

fn string_list(obj: &Map<String, Value>, key: &str, loc: Loc<'_>) -> Result<Vec<String>> {
    let wrong = |found| msg::wrong_json_type(loc, key, "an array of strings", found);
    match get(obj, key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned).ok_or_else(|| wrong(item)))
            .collect(),
        Some(other) => Err(wrong(other)),
    }
}

/// A keyword characteristic (`type`, `mutability`, `returned`, `uniqueness`), its §2.2 default when
/// absent.
fn keyword<T: Keyword>(obj: &Map<String, Value>, loc: Loc<'_>) -> Result<T> {
    match get(obj, T::KEY) {
        None => Ok(T::default()),
        Some(Value::String(s)) => T::parse(s).ok_or_else(|| msg::unknown_keyword(loc, T::KEY, s)),
        Some(other) => Err(msg::wrong_json_type(loc, T::KEY, "a string", other)),
    }
}

/// The four keyword enums (implemented by `keyword_enum!`), for [`keyword`].
trait Keyword: Default + Sized {
    /// The characteristic's key in JSON, which also names it in messages.
    const KEY: &'static str;
    fn parse(keyword: &str) -> Option<Self>;
}

fn strings<S: AsRef<str>>(items: &[S]) -> Value {
    Value::Array(items.iter().map(|s| s.as_ref().into()).collect())
}

/// Parses a JSON array of attribute definitions that belong to no schema (the common attributes
/// of RFC 7643 §3.1), with the same rules as a schema's `attributes`.
pub(super) fn parse_attribute_list(value: &Value) -> Result<Vec<Attribute>> {
    let ctx = Ctx {
        schema: None,
        nested_complex: false,
    };
    let items = value
        .as_array()
        .ok_or_else(|| msg::wrong_json_type(Loc::Schema(None), "attributes", "an array", value))?;
    let attributes = items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_attribute(&ctx, item, None, 0, i + 1))
        .collect::<Result<Vec<_>>>()?;
    check_attributes(&ctx, &attributes, None, 0)?;
    Ok(attributes)
}
