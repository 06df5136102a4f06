//! PatchOp messages (RFC 7644 §3.5.2) from fuzzer bytes: `add`, `replace` and `remove` in several
//! spellings, paths to User attributes (URN-qualified or not, with value filters and
//! sub-attributes) and values of every JSON type, mostly ones that fit the path.

use scimkit::filter::CompValue;
use serde_json::{Map, Value, json};

use crate::ast::{ENTERPRISE_URN, USER_URN};
use crate::json::{any_json, datetime, string_value, wrong};
use crate::reference::{Attr, COMMON, CORE, ENTERPRISE, Ty};
use crate::{Result, Unstructured, chance, maybe_scramble, pick, weighted};

/// The PatchOp message schema.
pub const PATCH_OP_URN: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// Paths that are not composed from the schema table: odd, malformed, from RFC 7644's examples.
const FIXED_PATHS: &[&str] = &[
    "",
    "emails[",
    "emails[type eq \"work\"",
    "emails]",
    "emails[type eq \"work\" and value co \"example.com\"].display",
    "emails[not (type eq \"work\")]",
    "emails[primary eq true].value",
    "roles[primary eq \"True\"].value",
    "addresses[type eq \"work\"].streetAddress",
    "members[value eq \"2819c223-7f76-453a-919d-413861904646\"]",
    "members",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
    "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName",
    "urn:ietf:params:scim:schemas:core:2.0:Group:displayName",
    "name.givenName.x",
    "emails.value.x",
    "groups.$ref",
    "emails[type eq \"work\"].value eq \"x\"",
    "emails[value pr].primary",
    "  emails  ",
    "x509Certificates[value eq \"MIIDQz\"].value",
    "meta.lastModified",
    "id",
    "schemas",
    "password",
    "unknownAttr",
];

/// A filter for inside brackets of `attr`, as text.
fn bracket_filter(u: &mut Unstructured<'_>, attr: &'static Attr) -> Result<String> {
    let sub = |u: &mut Unstructured<'_>| -> Result<&'static Attr> {
        Ok(&attr.subs[u.choose_index(attr.subs.len())?])
    };
    let one = |u: &mut Unstructured<'_>| -> Result<String> {
        let s = sub(u)?;
        let name = maybe_scramble(u, s.name)?;
        Ok(match weighted(u, &[6, 1, 1])? {
            0 => {
                let value = match s.ty {
                    Ty::Bool => CompValue::Bool(u.arbitrary()?),
                    Ty::DateTime => CompValue::String(datetime(u)?),
                    _ => CompValue::String(string_value(u)?),
                };
                format!("{name} eq {value}")
            }
            1 => format!("{name} pr"),
            _ => format!(
                "{name} {} {}",
                crate::ast::op(u)?,
                crate::ast::comp_value(u)?
            ),
        })
    };
    Ok(match weighted(u, &[6, 1, 1, 1])? {
        0 => one(u)?,
        1 => format!("{} and {}", one(u)?, one(u)?),
        2 => format!("{} or {}", one(u)?, one(u)?),
        _ => format!("not ({})", one(u)?),
    })
}

/// A path composed from the schema table, and the attribute (or sub-attribute) it writes, when it
/// is known.
fn composed_path(u: &mut Unstructured<'_>) -> Result<(String, Option<&'static Attr>)> {
    let (attr, prefix) = match weighted(u, &[6, 2, 2])? {
        0 => (
            &CORE[u.choose_index(CORE.len())?],
            if chance(u, 15)? { Some(USER_URN) } else { None },
        ),
        1 => (&COMMON[u.choose_index(COMMON.len())?], None),
        _ => (
            &ENTERPRISE[u.choose_index(ENTERPRISE.len())?],
            if chance(u, 80)? {
                Some(ENTERPRISE_URN)
            } else {
                None
            },
        ),
    };
    let mut path = String::new();
    if let Some(p) = prefix {
        path.push_str(&maybe_scramble(u, p)?);
        path.push(':');
    }
    path.push_str(&maybe_scramble(u, attr.name)?);
    if attr.ty != Ty::Complex {
        return Ok((path, Some(attr)));
    }
    let filtered = attr.multi && chance(u, 50)?;
    if filtered {
        path.push('[');
        path.push_str(&bracket_filter(u, attr)?);
        path.push(']');
    }
    if chance(u, 45)? {
        let sub = &attr.subs[u.choose_index(attr.subs.len())?];
        path.push('.');
        path.push_str(&maybe_scramble(u, sub.name)?);
        return Ok((path, Some(sub)));
    }
    Ok((path, Some(attr)))
}

/// A `path` member's text, and what it writes when known.
fn path(u: &mut Unstructured<'_>) -> Result<(String, Option<&'static Attr>)> {
    Ok(match weighted(u, &[16, 2, 1, 1])? {
        0 => composed_path(u)?,
        1 => (pick(u, FIXED_PATHS)?.to_owned(), None),
        2 => (crate::ast::patch_path(u)?.to_string(), None),
        _ => (crate::ast::string(u, 12)?, None),
    })
}

/// A scalar of `ty`.
fn scalar(u: &mut Unstructured<'_>, ty: Ty) -> Result<Value> {
    Ok(match ty {
        Ty::Bool => match weighted(u, &[6, 2])? {
            0 => Value::Bool(u.arbitrary()?),
            _ => Value::String(pick(u, &["True", "False", "true", "FALSE", "yes"])?.to_owned()),
        },
        Ty::DateTime => Value::String(datetime(u)?),
        _ => Value::String(string_value(u)?),
    })
}

/// An object with some sub-attributes of `attr`.
fn complex_value(u: &mut Unstructured<'_>, attr: &'static Attr) -> Result<Value> {
    let mut m = Map::new();
    for s in attr.subs {
        if chance(u, 50)? {
            let v = if chance(u, 5)? {
                Value::Null
            } else {
                scalar(u, s.ty)?
            };
            m.insert(maybe_scramble(u, s.name)?, v);
        }
    }
    if chance(u, 3)? {
        m.insert("unknownSub".to_owned(), json!("x"));
    }
    Ok(Value::Object(m))
}

/// A value that fits `attr` (as a whole or as one element).
fn fitting(u: &mut Unstructured<'_>, attr: &'static Attr) -> Result<Value> {
    if attr.ty != Ty::Complex {
        if attr.multi && chance(u, 70)? {
            let n = u.int_in_range(0..=2u8)?;
            return Ok(Value::Array(
                (0..n).map(|_| scalar(u, attr.ty)).collect::<Result<_>>()?,
            ));
        }
        return scalar(u, attr.ty);
    }
    if attr.multi && chance(u, 70)? {
        let n = u.int_in_range(0..=3u8)?;
        return Ok(Value::Array(
            (0..n)
                .map(|_| complex_value(u, attr))
                .collect::<Result<_>>()?,
        ));
    }
    if chance(u, 10)? {
        // Entra ID's `manager: "271"` and one-element arrays.
        return Ok(match weighted(u, &[1, 1])? {
            0 => Value::String(string_value(u)?),
            _ => json!([complex_value(u, attr)?]),
        });
    }
    complex_value(u, attr)
}

/// The value of an operation without a path: attributes of the resource, some URN-qualified,
/// some (Entra ID) given as paths.
fn no_path_value(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut m = Map::new();
    for _ in 0..u.int_in_range(0..=4u8)? {
        let (key, attr) = match weighted(u, &[5, 2, 2, 1])? {
            0 => {
                let a = &CORE[u.choose_index(CORE.len())?];
                (a.name.to_owned(), a)
            }
            1 => {
                let a = &COMMON[u.choose_index(COMMON.len())?];
                (a.name.to_owned(), a)
            }
            2 => {
                let a = &ENTERPRISE[u.choose_index(ENTERPRISE.len())?];
                (format!("{ENTERPRISE_URN}:{}", a.name), a)
            }
            _ => {
                let (p, a) = composed_path(u)?;
                match a {
                    Some(a) => (p, a),
                    None => continue,
                }
            }
        };
        m.insert(maybe_scramble(u, &key)?, fitting(u, attr)?);
    }
    if chance(u, 20)? {
        let mut ext = Map::new();
        let a = &ENTERPRISE[u.choose_index(ENTERPRISE.len())?];
        ext.insert(a.name.to_owned(), fitting(u, a)?);
        m.insert(maybe_scramble(u, ENTERPRISE_URN)?, Value::Object(ext));
    }
    Ok(Value::Object(m))
}

/// Some value, fitting `target` when it is known most of the time.
fn value(u: &mut Unstructured<'_>, target: Option<&'static Attr>, has_path: bool) -> Result<Value> {
    if !has_path && chance(u, 85)? {
        return no_path_value(u);
    }
    match target {
        Some(t) if chance(u, 80)? => fitting(u, t),
        _ => Ok(match weighted(u, &[3, 1, 1, 1])? {
            0 => wrong(u)?,
            1 => Value::String(pick(u, &["True", "False", ""])?.to_owned()),
            2 => json!([{"value": string_value(u)?}]),
            _ => any_json(u, 2)?,
        }),
    }
}

/// One operation.
pub fn operation(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut m = Map::new();
    let op = match weighted(u, &[30, 1])? {
        0 => pick(
            u,
            &[
                "add", "replace", "remove", "Add", "Replace", "Remove", "ADD", "REPLACE", "REMOVE",
            ],
        )?,
        _ => pick(u, &["delete", "", "adD ", "copy"])?,
    };
    let is_remove = op.eq_ignore_ascii_case("remove");
    m.insert(
        maybe_scramble(u, "op")?,
        if chance(u, 1)? { json!(1) } else { json!(op) },
    );
    let mut target = None;
    let has_path = if chance(u, if is_remove { 97 } else { 65 })? {
        let (p, t) = path(u)?;
        target = t;
        m.insert(
            maybe_scramble(u, "path")?,
            if chance(u, 1)? { Value::Null } else { json!(p) },
        );
        true
    } else {
        false
    };
    if chance(u, if is_remove { 3 } else { 98 })? {
        m.insert(maybe_scramble(u, "value")?, value(u, target, has_path)?);
    }
    Ok(Value::Object(m))
}

/// A whole PatchOp message: usually well-formed, sometimes not.
pub fn message(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut m = Map::new();
    match weighted(u, &[30, 1, 1])? {
        0 => {
            m.insert("schemas".to_owned(), json!([PATCH_OP_URN]));
        }
        1 => {
            m.insert(
                maybe_scramble(u, "schemas")?,
                json!([maybe_scramble(u, PATCH_OP_URN)?]),
            );
        }
        _ => {
            if chance(u, 50)? {
                m.insert("schemas".to_owned(), wrong(u)?);
            }
        }
    }
    let ops = match weighted(u, &[30, 1])? {
        0 => {
            let n = u.int_in_range(1..=3u8)?;
            Value::Array((0..n).map(|_| operation(u)).collect::<Result<_>>()?)
        }
        _ => wrong(u)?,
    };
    m.insert(maybe_scramble(u, "Operations")?, ops);
    Ok(Value::Object(m))
}

/// True when some operation's path, or (for an operation without a path) a key of its value,
/// has a value filter (`[`): such operations need not be repeatable. A `replace` through a filter
/// that its own write makes false has nothing to select the second time (`noTarget`), and under
/// `create_on_no_match` the value created the first time is replaced outright the second.
pub fn has_value_filter(message: &Value) -> bool {
    fn member<'v>(m: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    }
    let Some(ops) = message
        .as_object()
        .and_then(|m| member(m, "Operations"))
        .and_then(Value::as_array)
    else {
        return false;
    };
    ops.iter().filter_map(Value::as_object).any(|op| {
        member(op, "path")
            .and_then(Value::as_str)
            .is_some_and(|p| p.contains('['))
            || member(op, "value")
                .and_then(Value::as_object)
                .is_some_and(|v| v.keys().any(|k| k.contains('[')))
    })
}

/// True when some operation unassigns something: a `remove`, or a value holding null, `[]`,
/// `{}` or `""` (which Entra ID's profile reads as null) at any depth. Removing a required
/// attribute that has no value succeeds and changes nothing, and fails once the same operation's
/// other writes have given it one (`"schemas": []` beside an extension attribute, whose URN the
/// write adds to `schemas`), so such operations need not be repeatable.
pub fn unassigns(message: &Value) -> bool {
    fn empty(v: &Value) -> bool {
        match v {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty() || a.iter().any(empty),
            Value::Object(o) => o.is_empty() || o.values().any(empty),
            _ => false,
        }
    }
    let ops = message.as_object().and_then(|m| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Operations"))
            .and_then(|(_, v)| v.as_array())
    });
    ops.is_some_and(|ops| {
        ops.iter().filter_map(Value::as_object).any(|op| {
            op.iter().any(|(k, v)| {
                (k.eq_ignore_ascii_case("op")
                    && v.as_str().is_some_and(|o| o.eq_ignore_ascii_case("remove")))
                    || (k.eq_ignore_ascii_case("value") && empty(v))
            })
        })
    })
}

/// The most values marked `"primary": true` in one multi-valued attribute of `resource` (top
/// level and extension objects).
pub fn most_primaries(resource: &Value) -> usize {
    fn count(v: &Value) -> usize {
        v.as_array().map_or(0, |items| {
            items
                .iter()
                .filter(|e| {
                    e.as_object().is_some_and(|o| {
                        o.iter()
                            .any(|(k, v)| k.eq_ignore_ascii_case("primary") && *v == json!(true))
                    })
                })
                .count()
        })
    }
    let Some(obj) = resource.as_object() else {
        return 0;
    };
    obj.values()
        .map(|v| match v {
            Value::Object(ext) => ext.values().map(count).max().unwrap_or(0),
            v => count(v),
        })
        .max()
        .unwrap_or(0)
}

/// Is `v` unassigned (RFC 7643 §2.5): null, an empty array, or an object with nothing assigned?
fn unassigned(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(unassigned),
        _ => false,
    }
}

/// Does `resource` hold an unassigned value as an attribute, a sub-attribute, or an element of
/// a multi-valued attribute (in the resource or an extension object)?
pub fn holds_unassigned(resource: &Value) -> bool {
    fn within(v: &Value, depth: u8) -> bool {
        match v {
            Value::Object(o) => o
                .values()
                .any(|x| unassigned(x) || (depth > 0 && within(x, depth - 1))),
            Value::Array(a) => a
                .iter()
                .any(|x| unassigned(x) || (depth > 0 && within(x, depth - 1))),
            _ => false,
        }
    }
    within(resource, 3)
}
