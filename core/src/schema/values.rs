//! Values by the schema: member lookup ignoring case, "unassigned" (RFC 7643 §2.5), equality
//! by the attribute's characteristics, and the type checks of RFC 7643 §2.3. Shared by PATCH and
//! validation.

use serde_json::{Map, Value};

use crate::datetime::parse_datetime;
use crate::diag;
use crate::error::{Error, ErrorKind, Result};
use crate::schema::{AttrType, Attribute};
use crate::text::lower;
use crate::value::Num;

type Obj = Map<String, Value>;

/// The key under which `name` is stored in `obj`: exactly, else ASCII case-insensitively.
pub(crate) fn find_key(obj: &Obj, name: &str) -> Option<String> {
    if obj.contains_key(name) {
        return Some(name.to_owned());
    }
    obj.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
}

pub(crate) fn get_ci<'v>(obj: &'v Obj, name: &str) -> Option<&'v Value> {
    obj.get(name).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// Unassigned (RFC 7643 §2.5): missing, null, an empty array, or an object with nothing
/// assigned in it.
pub(crate) fn unassigned(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.values().all(|x| unassigned(Some(x))),
        _ => false,
    }
}

pub(crate) fn is_primary(v: &Value) -> bool {
    matches!(v, Value::Object(o) if get_ci(o, "primary") == Some(&Value::Bool(true)))
}

/// Is `s` plausibly base64 (RFC 4648 §4 or §5, padding optional)?
pub(crate) fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    let padding = s.len() - body.len();
    let alphabet = body
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'));
    // Four characters carry three bytes; a final group of one character carries none. Padded
    // text comes in whole groups; unpadded text may end with a group of two or three.
    let whole = if padding > 0 {
        s.len() % 4 == 0
    } else {
        body.len() % 4 != 1
    };
    padding <= 2 && alphabet && whole
}

// ---------------------------------------------------------------------------------------------
// Equality by the schema
// ---------------------------------------------------------------------------------------------

fn num(v: &Value) -> Option<Num> {
    let n = v.as_number()?;
    Some(match n.as_i64() {
        Some(i) => Num::from_i64(i),
        None => Num::from_f64(n.as_f64()?),
    })
}

/// Are two simple values the same for `attr` (caseExact strings, dateTime instants, numbers by
/// value)?
pub(crate) fn same_scalar(attr: &Attribute, a: &Value, b: &Value) -> bool {
    match (attr.attr_type, a, b) {
        (AttrType::String, Value::String(x), Value::String(y)) if !attr.case_exact => {
            x == y || lower(x) == lower(y)
        }
        (AttrType::DateTime, Value::String(x), Value::String(y)) => {
            match (parse_datetime(x), parse_datetime(y)) {
                (Some(p), Some(q)) => p == q,
                _ => x == y,
            }
        }
        (_, Value::Number(_), Value::Number(_)) => match (num(a), num(b)) {
            (Some(p), Some(q)) => p.compare(q) == Some(std::cmp::Ordering::Equal),
            _ => a == b,
        },
        _ => a == b,
    }
}

/// Are two values of (one value of) `attr` the same?
pub(crate) fn same_element(attr: &Attribute, a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) if attr.attr_type == AttrType::Complex => {
            let known = |k: &String| attr.sub_attribute(k).is_some();
            attr.sub_attributes
                .iter()
                .all(|sub| same(sub, get_ci(x, &sub.name), get_ci(y, &sub.name)))
                && x.iter()
                    .filter(|(k, v)| !known(k) && !v.is_null())
                    .all(|(k, v)| y.get(k) == Some(v))
                && y.iter()
                    .filter(|(k, v)| !known(k) && !v.is_null())
                    .all(|(k, v)| x.get(k) == Some(v))
        }
        _ => same_scalar(attr, a, b),
    }
}

/// Are two (possibly missing) values of `attr` the same? Unassigned values are all the same.
pub(crate) fn same(attr: &Attribute, a: Option<&Value>, b: Option<&Value>) -> bool {
    match (unassigned(a), unassigned(b), a, b) {
        (true, true, _, _) => true,
        (false, false, Some(x), Some(y)) => match (attr.multi_valued, x, y) {
            (true, Value::Array(p), Value::Array(q)) => {
                p.len() == q.len() && p.iter().zip(q).all(|(e, f)| same_element(attr, e, f))
            }
            _ => same_element(attr, x, y),
        },
        _ => false,
    }
}

/// Checks a simple (non-complex) value against `attr`'s type (RFC 7643 §2.3): strings and
/// references are JSON strings, booleans `true`/`false`, integers numbers without a fraction or
/// exponent, decimals numbers, dateTimes xsd:dateTime strings, binaries base64 strings. Errors are
/// `invalidValue` naming `label`.
pub(crate) fn check_simple(attr: &Attribute, v: &Value, label: &str) -> Result<()> {
    let wrong = |expected: &str| {
        Error::new(
            ErrorKind::InvalidValue,
            diag::patch_wrong_type(label, expected, v),
        )
    };
    match (attr.attr_type, v) {
        // RFC 7643 §2.3.7: a reference is a URI (RFC 3986), which has no whitespace or control
        // characters; which resources it may name (`referenceTypes`) is not checked.
        (AttrType::Reference, Value::String(s))
            if s.chars().any(|c| c.is_whitespace() || c.is_control()) =>
        {
            Err(Error::new(
                ErrorKind::InvalidValue,
                diag::bad_reference(label),
            ))
        }
        (AttrType::String | AttrType::Reference, Value::String(_))
        | (AttrType::Boolean, Value::Bool(_))
        | (AttrType::Decimal, Value::Number(_)) => Ok(()),
        (AttrType::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(()),
        (AttrType::DateTime, Value::String(s)) => match parse_datetime(s) {
            Some(_) => Ok(()),
            None => Err(Error::new(
                ErrorKind::InvalidValue,
                diag::patch_bad_datetime(label, s),
            )),
        },
        (AttrType::Binary, Value::String(s)) => match is_base64(s) {
            true => Ok(()),
            false => Err(Error::new(
                ErrorKind::InvalidValue,
                diag::patch_bad_binary(label),
            )),
        },
        (AttrType::String, _) => Err(wrong("a string")),
        (AttrType::Reference, _) => Err(wrong("a reference (a URI string)")),
        (AttrType::Boolean, _) => Err(wrong("true or false")),
        (AttrType::Integer, _) => Err(wrong("an integer")),
        (AttrType::Decimal, _) => Err(wrong("a number")),
        (AttrType::DateTime, _) => Err(wrong("an xsd:dateTime string")),
        (AttrType::Binary, _) => Err(wrong("a base64 string")),
        (AttrType::Complex, _) => Err(wrong("an object of sub-attributes")),
    }
}
