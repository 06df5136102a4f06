//! `sortBy` and `sortOrder` (RFC 7644 §3.4.2.3).
//!
//! ```
//! use scimkit::Schemas;
//! use scimkit::schema::SortOrder;
//! use serde_json::json;
//!
//! let mut users = vec![
//!     json!({"id": "1", "userName": "b"}),
//!     json!({"id": "2"}),
//!     json!({"id": "3", "userName": "A"}),
//! ];
//! Schemas::rfc7643().sorter("User", "userName", SortOrder::Ascending)?.sort(&mut users);
//! let ids: Vec<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
//! assert_eq!(ids, ["3", "1", "2"]); // case-insensitive; no value last when ascending
//! # Ok::<(), scimkit::Error>(())
//! ```
//!
//! # Rules
//!
//! * The key is the attribute's value; for a multi-valued attribute, the `primary` value if one
//!   is, else the first. A complex attribute needs a sub-attribute (`name.givenName`), except a
//!   multi-valued one with a `value` sub-attribute (`emails` sorts by the primary email's value).
//! * Strings compare by Unicode code point, lower-cased unless the attribute is `caseExact`
//!   ("case-insensitive Unicode alphabetic sort order with no specific locale implied");
//!   references and binaries exactly; numbers by value; dateTimes as instants; `false` before
//!   `true`.
//! * Resources with no value (or a value of the wrong type) come last when ascending and first
//!   when descending. The sort is stable.
//! * An unknown `sortBy`, or a complex one without a sub-attribute, is `invalidValue`.

use std::cmp::Ordering;

use serde_json::Value;

use super::values::get_ci;
use super::{AttrType, Attribute, Schemas};
use crate::datetime::parse_datetime;
use crate::diag;
use crate::error::{Error, ErrorKind, Result};
use crate::filter::compile::{Container, resolve_path};
use crate::filter::{ParseOptions, PatchPath};
use crate::text::lower;
use crate::value::{JsonRef, Kind};

/// `sortOrder`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortOrder {
    /// `ascending` (the default, §3.4.2.3).
    #[default]
    Ascending,
    /// `descending`.
    Descending,
}

impl SortOrder {
    /// The order named `name` (`ascending` / `descending`, case-insensitive).
    pub fn from_name(name: &str) -> Option<SortOrder> {
        if name.eq_ignore_ascii_case("ascending") {
            Some(SortOrder::Ascending)
        } else if name.eq_ignore_ascii_case("descending") {
            Some(SortOrder::Descending)
        } else {
            None
        }
    }
}

/// A prepared `sortBy` comparator for one resource type.
#[derive(Debug, Clone)]
pub struct Sorter {
    ext: Option<String>,
    attr: Attribute,
    /// The sub-attribute the key is taken from (`name.givenName`, or `value` for `emails`).
    sub: Option<Attribute>,
    order: SortOrder,
}

impl Schemas {
    /// Prepares sorting resources of `resource_type` by `sort_by` in `order`; see the
    /// [module documentation](crate::schema::sort).
    pub fn sorter(&self, resource_type: &str, sort_by: &str, order: SortOrder) -> Result<Sorter> {
        let Some(rt) = self.resource_type(resource_type) else {
            let known: Vec<&str> = self.resource_types().map(|r| r.name.as_str()).collect();
            return Err(Error::new(
                ErrorKind::UnknownResourceType,
                diag::unknown_resource_type(resource_type, &known),
            ));
        };
        let invalid = || {
            Error::new(
                ErrorKind::InvalidValue,
                diag::projection_not_an_attribute(sort_by),
            )
        };
        let path = PatchPath::parse_with(sort_by.trim(), &ParseOptions::default())
            .map_err(|_| invalid())?;
        let PatchPath::Attr(attr_path) = path else {
            return Err(invalid());
        };
        let r = resolve_path(self, rt, &attr_path, None, ErrorKind::InvalidValue)?;
        let sub = match r.sub {
            Some(s) => Some(s.clone()),
            None if r.attr.attr_type == AttrType::Complex => match r.attr.sub_attribute("value") {
                Some(v) if r.attr.multi_valued => Some(v.clone()),
                _ => {
                    return Err(Error::new(
                        ErrorKind::InvalidValue,
                        diag::sort_by_complex(
                            sort_by.trim(),
                            r.attr.sub_attributes.first().map(|s| s.name.as_str()),
                        ),
                    ));
                }
            },
            None => None,
        };
        Ok(Sorter {
            ext: match r.container {
                Container::Top => None,
                Container::Ext(urn) | Container::ExtOrTop(urn) => Some(urn.to_string()),
            },
            attr: r.attr.clone(),
            sub,
            order,
        })
    }
}

impl Sorter {
    /// The value `resource` sorts by, if it has one.
    pub fn key<'v>(&self, resource: &'v Value) -> Option<&'v Value> {
        let obj = resource.as_object()?;
        let obj = match &self.ext {
            None => obj,
            Some(urn) => get_ci(obj, urn)?.as_object()?,
        };
        let mut v = get_ci(obj, &self.attr.name)?;
        if let Value::Array(items) = v {
            v = items
                .iter()
                .find(|e| {
                    e.as_object()
                        .and_then(|o| get_ci(o, "primary"))
                        .is_some_and(|p| p == &Value::Bool(true))
                })
                .or_else(|| items.first())?;
        }
        if let Some(sub) = &self.sub {
            v = get_ci(v.as_object()?, &sub.name)?;
        }
        (!v.is_null()).then_some(v)
    }

    /// Compares two resources: [`SortOrder::Ascending`] puts smaller keys first and resources
    /// without a key last; descending is the exact reverse.
    pub fn compare(&self, a: &Value, b: &Value) -> Ordering {
        self.order_keys(self.sort_key(&a), self.sort_key(&b))
    }

    /// Sorts `resources` in place (stably).
    pub fn sort(&self, resources: &mut [Value]) {
        let keys: Vec<Option<SortKey>> = resources.iter().map(|r| self.sort_key(&r)).collect();
        let order = self.order_of(keys);
        let sorted: Vec<Value> = order.iter().map(|&i| resources[i].clone()).collect();
        resources.clone_from_slice(&sorted);
    }

    /// The order to put `resources` in: their indices, sorted (stably). Reads each resource once,
    /// through [`JsonRef`], so bindings sort host objects without converting them.
    pub fn sorted_indices<V: JsonRef>(&self, resources: &[V]) -> Vec<usize> {
        self.order_of(resources.iter().map(|r| self.sort_key(r)).collect())
    }

    fn order_of(&self, keys: Vec<Option<SortKey>>) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..keys.len()).collect();
        idx.sort_by(|&a, &b| self.order_keys(keys[a].as_ref(), keys[b].as_ref()));
        idx
    }

    fn order_keys<K: std::borrow::Borrow<SortKey>>(&self, a: Option<K>, b: Option<K>) -> Ordering {
        let ascending = match (a, b) {
            (Some(x), Some(y)) => x.borrow().cmp(y.borrow()),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        match self.order {
            SortOrder::Ascending => ascending,
            SortOrder::Descending => ascending.reverse(),
        }
    }

    /// The key of one resource, read through [`JsonRef`].
    fn sort_key<V: JsonRef>(&self, resource: &V) -> Option<SortKey> {
        let container = match &self.ext {
            None => resource.clone(),
            Some(urn) => resource.get(urn)?,
        };
        let mut v = container.get(&self.attr.name)?;
        if v.is_array() {
            let mut primary = None;
            let mut first = None;
            v.any_element(&mut |e| {
                if first.is_none() {
                    first = Some(e.clone());
                }
                let is_primary = e
                    .get("primary")
                    .is_some_and(|p| matches!(p.kind(), Kind::Bool(true)));
                if is_primary {
                    primary = Some(e);
                }
                is_primary
            });
            v = primary.or(first)?;
        }
        if let Some(sub) = &self.sub {
            v = v.get(&sub.name)?;
        }
        let target = self.sub.as_ref().unwrap_or(&self.attr);
        SortKey::of(target, &v.kind())
    }
}

/// A comparable key: values of one attribute compare within the same variant.
#[derive(PartialEq, PartialOrd)]
enum SortKey {
    Text(String),
    Number(f64, Option<i64>),
    Instant(time::OffsetDateTime),
    Bool(bool),
}

impl SortKey {
    fn of(attr: &Attribute, v: &Kind<'_>) -> Option<SortKey> {
        Some(match (attr.attr_type, v) {
            (AttrType::String, Kind::String(s)) if !attr.case_exact => SortKey::Text(lower(s)),
            (AttrType::String | AttrType::Reference | AttrType::Binary, Kind::String(s)) => {
                SortKey::Text(s.to_string())
            }
            (AttrType::Integer | AttrType::Decimal, Kind::Number(n)) if !n.float.is_nan() => {
                SortKey::Number(n.float, n.int)
            }
            (AttrType::DateTime, Kind::String(s)) => SortKey::Instant(parse_datetime(s)?),
            (AttrType::Boolean, Kind::Bool(b)) => SortKey::Bool(*b),
            _ => return None,
        })
    }

    fn cmp(&self, other: &SortKey) -> Ordering {
        match (self, other) {
            (SortKey::Number(_, Some(a)), SortKey::Number(_, Some(b))) => a.cmp(b),
            (SortKey::Number(a, _), SortKey::Number(b, _)) => {
                a.partial_cmp(b).unwrap_or(Ordering::Equal)
            }
            _ => self.partial_cmp(other).unwrap_or(Ordering::Equal),
        }
    }
}
