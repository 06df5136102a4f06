//! Read access to JSON-like values.
//!
//! Evaluation reads resources through [`JsonRef`] rather than `serde_json::Value` directly, so a
//! host (a Python dict, a JavaScript object) can be evaluated in place: the evaluator touches
//! only the attributes the filter names and never converts the whole resource. `scimkit`
//! implements the trait for `&serde_json::Value`.

use std::borrow::Cow;

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
