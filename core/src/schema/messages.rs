//! The messages of the schema module, one small constructor each, so that their wording lives in
//! one place. Every one is an [`ErrorKind::InvalidSchema`] error: a malformed schema or resource
//! type definition is the service's own configuration at fault (see [`ErrorKind`]).
//!
//! A message starts with where the problem is — `schema "urn:…:User": attribute "emails.type"` —
//! then says what is wrong: `unknown type "strng"`.

use std::fmt;

use serde_json::Value;

use crate::error::{Error, ErrorKind};

/// Where in a definition a problem was found; rendered as the start of the message.
#[derive(Debug, Clone, Copy)]
pub(super) enum Loc<'a> {
    /// A schema document, by its id once known.
    Schema(Option<&'a str>),
    /// A named attribute (`path` is dotted: `emails.type`), in a schema if known.
    Attribute {
        schema: Option<&'a str>,
        path: &'a str,
    },
    /// The `position`-th (1-based) attribute definition under `parent` (top level when `None`),
    /// whose name is not known (yet).
    Unnamed {
        schema: Option<&'a str>,
        parent: Option<&'a str>,
        position: usize,
    },
    /// A resource type document, by its name once known.
    ResourceType(Option<&'a str>),
    /// The `position`-th (1-based) entry of a resource type's `schemaExtensions`.
    Extension {
        resource_type: &'a str,
        position: usize,
    },
    /// The `position`-th (1-based) document of a [`load`](super::Schemas::load) call.
    Document(usize),
}

impl fmt::Display for Loc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn schema_prefix(f: &mut fmt::Formatter<'_>, schema: Option<&str>) -> fmt::Result {
            match schema {
                Some(id) => write!(f, "schema \"{id}\": "),
                None => Ok(()),
            }
        }
        match *self {
            Loc::Schema(Some(id)) => write!(f, "schema \"{id}\""),
            Loc::Schema(None) => f.write_str("schema"),
            Loc::Attribute { schema, path } => {
                schema_prefix(f, schema)?;
                write!(f, "attribute \"{path}\"")
            }
            Loc::Unnamed {
                schema,
                parent,
                position,
            } => {
                schema_prefix(f, schema)?;
                match parent {
                    Some(parent) => write!(f, "sub-attribute #{position} of \"{parent}\""),
                    None => write!(f, "attribute #{position}"),
                }
            }
            Loc::ResourceType(Some(name)) => write!(f, "resource type \"{name}\""),
            Loc::ResourceType(None) => f.write_str("resource type"),
            Loc::Extension {
                resource_type,
                position,
            } => write!(
                f,
                "resource type \"{resource_type}\": schema extension #{position}"
            ),
            Loc::Document(position) => write!(f, "document #{position}"),
        }
    }
}

/// Describes a JSON value for a message: `string "yes"`, `number 3`, `an array`.
struct Found<'a>(&'a Value);

impl fmt::Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "number {n}"),
            Value::String(s) => write!(f, "string {s:?}"),
            Value::Array(_) => f.write_str("an array"),
            Value::Object(_) => f.write_str("an object"),
        }
    }
}

fn invalid(detail: String) -> Error {
    Error::new(ErrorKind::InvalidSchema, detail)
}

/// `{loc}: expected a JSON object, found …`.
pub(super) fn not_an_object(loc: Loc<'_>, found: &Value) -> Error {
    invalid(format!(
        "{loc}: expected a JSON object, found {}",
        Found(found)
    ))
}

/// `{loc}: missing "{key}"`.
pub(super) fn missing(loc: Loc<'_>, key: &str) -> Error {
    invalid(format!("{loc}: missing \"{key}\""))
}

/// `{loc}: "{key}" must be {expected}, found …`.
pub(super) fn wrong_json_type(loc: Loc<'_>, key: &str, expected: &str, found: &Value) -> Error {
    invalid(format!(
        "{loc}: \"{key}\" must be {expected}, found {}",
        Found(found)
    ))
}

/// `{loc}: "{key}" must not be empty`.
pub(super) fn empty(loc: Loc<'_>, key: &str) -> Error {
    invalid(format!("{loc}: \"{key}\" must not be empty"))
}

/// `{loc}: unknown {what} "{value}"`, e.g. `unknown type "strng"`; `what` is the characteristic.
pub(super) fn unknown_keyword(loc: Loc<'_>, what: &str, value: &str) -> Error {
    invalid(format!("{loc}: unknown {what} \"{value}\""))
}

/// The attribute name does not match RFC 7643 §2.1's ATTRNAME.
pub(super) fn invalid_name(loc: Loc<'_>, name: &str) -> Error {
    invalid(format!(
        "{loc}: invalid attribute name \"{name}\" (RFC 7643 §2.1: a letter, then letters, digits, \
         \"$\", \"-\" or \"_\")"
    ))
}

/// Two attributes of one level whose names differ only in case (RFC 7643 §2.1).
pub(super) fn duplicate_attribute(loc: Loc<'_>) -> Error {
    invalid(format!(
        "{loc}: defined more than once (attribute names are case-insensitive, RFC 7643 §2.1)"
    ))
}

/// A sub-attribute that is complex or has sub-attributes (RFC 7643 §2.3.8).
pub(super) fn nested_complex(loc: Loc<'_>) -> Error {
    invalid(format!(
        "{loc}: a sub-attribute must not be complex or have sub-attributes (RFC 7643 §2.3.8)"
    ))
}

/// `subAttributes` on an attribute whose type is not `complex`.
pub(super) fn sub_attributes_on_simple(loc: Loc<'_>, attr_type: &str) -> Error {
    invalid(format!(
        "{loc}: only a complex attribute has \"subAttributes\", this one is of type \"{attr_type}\""
    ))
}

/// Definitions nested deeper than the engine accepts.
pub(super) fn too_deep(loc: Loc<'_>, limit: usize) -> Error {
    invalid(format!(
        "{loc}: sub-attributes nested more than {limit} levels deep"
    ))
}

/// A resource type names a schema that is not registered.
pub(super) fn unregistered_schema(loc: Loc<'_>, schema: &str) -> Error {
    invalid(format!(
        "{loc}: schema \"{schema}\" is not registered (add it before the resource type)"
    ))
}

/// A resource type lists the same extension twice, or its own base schema as an extension.
pub(super) fn duplicate_extension(loc: Loc<'_>, schema: &str) -> Error {
    invalid(format!(
        "{loc}: schema \"{schema}\" is listed more than once among the base schema and extensions"
    ))
}

/// A document given to `load` that is neither a Schema nor a ResourceType.
pub(super) fn unrecognised_document(loc: Loc<'_>) -> Error {
    invalid(format!(
        "{loc}: not a Schema (RFC 7643 §7) or ResourceType (RFC 7643 §6) definition"
    ))
}

/// JSON text that does not parse (the built-in data, or text given to a loader).
pub(super) fn not_json(err: &serde_json::Error) -> Error {
    invalid(format!("schema data is not valid JSON: {err}"))
}

pub(super) fn not_utf8(err: &std::str::Utf8Error) -> Error {
    invalid(format!(
        "schema data is not valid JSON: it is not UTF-8 ({err})"
    ))
}
