//! Read access to JSON-like values.
//!
//! Evaluation reads resources through [`JsonRef`] rather than `serde_json::Value` directly, so a
//! host (a Python dict, a JavaScript object) can be evaluated in place: the evaluator touches
//! only the attributes the filter names and never converts the whole resource. `scimkit`
//! implements the trait for `&serde_json::Value`.

use std::borrow::Cow;

use crate::diag;
use crate::error::{Error, ErrorKind, Result};

/// Parses a resource given as JSON text; text that is not JSON is an `invalidSyntax` error
/// (RFC 7644 §3.12: "the request body message structure was invalid").
pub fn parse_resource(json: &str) -> Result<serde_json::Value> {
    serde_json::from_str(json)
        .map_err(|e| Error::new(ErrorKind::InvalidSyntax, diag::resource_not_json(&e)))
}

/// [`parse_resource`] from bytes, which must be UTF-8 (RFC 7159 §8.1).
pub fn parse_resource_slice(json: &[u8]) -> Result<serde_json::Value> {
    // `from_str` rather than `from_slice`: one JSON parser in the binary, not two (WASM size).
    let text = std::str::from_utf8(json)
        .map_err(|e| Error::new(ErrorKind::InvalidSyntax, diag::resource_not_utf8(&e)))?;
    parse_resource(text)
}

/// A JSON number as evaluation sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    /// The value as an `i64`, when it is an integer that fits.
    pub int: Option<i64>,
    /// The value as an `f64`.
    pub float: f64,
}

impl Num {
    /// An integer.
    pub fn from_i64(i: i64) -> Num {
        Num {
            int: Some(i),
            float: i as f64,
        }
    }

    /// A floating-point number (integral values that fit also get `int`).
    pub fn from_f64(f: f64) -> Num {
        let int = if f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64 {
            Some(f as i64)
        } else {
            None
        };
        Num { int, float: f }
    }

    /// Numeric comparison: exact on two integers, by `f64` otherwise (`None` for NaN).
    pub fn compare(self, other: Num) -> Option<std::cmp::Ordering> {
        match (self.int, other.int) {
            (Some(a), Some(b)) => Some(a.cmp(&b)),
            _ => self.float.partial_cmp(&other.float),
        }
    }
}

/// What kind of JSON value a node is, with the scalar's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'a> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(Num),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array,
    /// An object.
    Object,
    /// Anything else a host may hold (a date object, bytes, ...): never equal to anything.
    Other,
}

/// Read-only access to a JSON-like value.
pub trait JsonRef: Sized + Clone {
    /// The kind of this value.
    fn kind(&self) -> Kind<'_>;

    /// The member `key` of an object, matched exactly (`None` for non-objects).
    fn get_exact(&self, key: &str) -> Option<Self>;

    /// Calls `f` with each `(key, value)` member of an object until `f` returns `true`;
    /// returns whether it did.
    fn any_member(&self, f: &mut dyn FnMut(&str, Self) -> bool) -> bool;

    /// Calls `f` with each element of an array until `f` returns `true`; returns whether it did.
    fn any_element(&self, f: &mut dyn FnMut(Self) -> bool) -> bool;

    /// True for an array (override when [`kind`](Self::kind) is costly).
    fn is_array(&self) -> bool {
        matches!(self.kind(), Kind::Array)
    }

    /// True for an object (override when [`kind`](Self::kind) is costly).
    fn is_object(&self) -> bool {
        matches!(self.kind(), Kind::Object)
    }

    /// True for null (override when [`kind`](Self::kind) is costly).
    fn is_null(&self) -> bool {
        matches!(self.kind(), Kind::Null)
    }

    /// The member `key`, matched exactly first and then ASCII case-insensitively (attribute
    /// names are case-insensitive, RFC 7643 §2.1).
    fn get(&self, key: &str) -> Option<Self> {
        if let Some(v) = self.get_exact(key) {
            return Some(v);
        }
        let mut found = None;
        self.any_member(&mut |k, v| {
            if k.eq_ignore_ascii_case(key) {
                found = Some(v);
                true
            } else {
                false
            }
        });
        found
    }
}

impl JsonRef for &serde_json::Value {
    #[inline]
    fn kind(&self) -> Kind<'_> {
        use serde_json::Value;
        match self {
            Value::Null => Kind::Null,
            Value::Bool(b) => Kind::Bool(*b),
            Value::Number(n) => Kind::Number(match n.as_i64() {
                Some(i) => Num::from_i64(i),
                None => Num {
                    int: None,
                    float: n.as_f64().unwrap_or(f64::NAN),
                },
            }),
            Value::String(s) => Kind::String(Cow::Borrowed(s)),
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }

    #[inline]
    fn get_exact(&self, key: &str) -> Option<Self> {
        match self {
            serde_json::Value::Object(m) => m.get(key),
            _ => None,
        }
    }

    #[inline]
    fn is_array(&self) -> bool {
        serde_json::Value::is_array(self)
    }

    #[inline]
    fn is_object(&self) -> bool {
        serde_json::Value::is_object(self)
    }

    #[inline]
    fn is_null(&self) -> bool {
        serde_json::Value::is_null(self)
    }

    fn any_member(&self, f: &mut dyn FnMut(&str, Self) -> bool) -> bool {
        match self {
            serde_json::Value::Object(m) => m.iter().any(|(k, v)| f(k, v)),
            _ => false,
        }
    }

    fn any_element(&self, f: &mut dyn FnMut(Self) -> bool) -> bool {
        match self {
            serde_json::Value::Array(a) => a.iter().any(f),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Schemas;

    #[test]
    fn text_that_is_not_json_is_a_scim_error() {
        // RFC 7644 §3.12: invalidSyntax for a request body that does not parse.
        let e = parse_resource("{\"userName\": ").unwrap_err();
        assert_eq!(e.scim_type(), Some("invalidSyntax"));
        assert_eq!(e.status(), 400);
        assert!(
            e.detail().starts_with("the resource is not valid JSON: "),
            "{e}"
        );
        assert_eq!(
            parse_resource_slice(b"[1]").unwrap(),
            serde_json::json!([1])
        );
        // A schema document that is not JSON is the service's own fault: no scimType, 500.
        let e = Schemas::new().load_str("{").unwrap_err();
        assert_eq!((e.scim_type(), e.status()), (None, 500));
        assert!(
            e.detail().starts_with("schema data is not valid JSON: "),
            "{e}"
        );
    }

    #[test]
    fn numbers_compare_exactly_as_integers_and_by_value_otherwise() {
        use std::cmp::Ordering;
        let big = Num::from_i64(i64::MAX);
        assert_eq!(
            big.compare(Num::from_i64(i64::MAX - 1)),
            Some(Ordering::Greater)
        );
        assert_eq!(
            Num::from_i64(1).compare(Num::from_f64(1.0)),
            Some(Ordering::Equal)
        );
        assert_eq!(
            Num::from_f64(1.5).compare(Num::from_i64(1)),
            Some(Ordering::Greater)
        );
        assert_eq!(Num::from_f64(f64::NAN).compare(Num::from_i64(1)), None);
    }
}
