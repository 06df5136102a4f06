//! `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9): which attributes a returned
//! resource carries.
//!
//! ```
//! use scimkit::Schemas;
//! use serde_json::json;
//!
//! let user = json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!     "id": "2819c223", "userName": "bjensen", "password": "t1meMa$heen",
//!     "name": {"givenName": "Barbara", "familyName": "Jensen"},
//!     "emails": [{"value": "b@example.com", "type": "work"}]
//! });
//! let projection = Schemas::rfc7643().projection("User", &["name.givenName"], &[])?;
//! assert_eq!(projection.apply(&user), json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!     "id": "2819c223",
//!     "name": {"givenName": "Barbara"}
//! }));
//! # Ok::<(), scimkit::Error>(())
//! ```
//!
//! # Rules
//!
//! * `returned: always` attributes (`id`, `schemas`) are always there; `never` (`password`)
//!   never; `request` ones only when `attributes` names them; `default` ones unless
//!   `excludedAttributes` names them, or `attributes` is given and does not name them (§3.9).
//! * The same holds for sub-attributes: `attributes=name.givenName` returns `name` with only
//!   `givenName`; `excludedAttributes=emails.display` removes `display` from every email. A named
//!   extension URN stands for all of its attributes.
//! * Names are standard attribute notation (RFC 7644 §3.10), URN-qualified or not, and
//!   case-insensitive; surrounding whitespace is trimmed and empty names (`"a,,b"` split at its
//!   commas) are ignored. A name the resource type does not have is `invalidValue`, and so is giving
//!   both lists (they are "mutually exclusive", §3.9).
//! * Members of the resource that the schema does not define are kept in the default set and
//!   dropped when `attributes` is given.

use serde_json::{Map, Value};

use super::{AttrType, Attribute, ResourceType, Returned, Schemas};
use crate::diag;
use crate::error::{Error, ErrorKind, Result};
use crate::filter::compile::{Container, resolve_path};
use crate::filter::{ParseOptions, PatchPath};

/// An attribute named in a list: where it lives, its name, and the sub-attribute if any.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Named {
    /// `None` for the top level, or the extension's URN.
    place: Option<String>,
    /// The attribute's name in the schema's spelling; `None` for a whole extension.
    attr: Option<String>,
    sub: Option<String>,
}

/// A prepared `attributes` / `excludedAttributes` projection for one resource type.
#[derive(Debug, Clone)]
pub struct Projection {
    schemas: Schemas,
    resource_type: String,
    attributes: Vec<Named>,
    excluded: Vec<Named>,
}

impl Schemas {
    /// Prepares the projection of `attributes` (to return only those, plus the `always` ones) or
    /// `excluded` (to return the default set without them) for `resource_type`. At most one of
    /// the two lists may be non-empty. See the [module documentation](crate::schema::project).
    pub fn projection(
        &self,
        resource_type: &str,
        attributes: &[&str],
        excluded: &[&str],
    ) -> Result<Projection> {
        let Some(rt) = self.resource_type(resource_type) else {
            let known: Vec<&str> = self.resource_types().map(|r| r.name.as_str()).collect();
            return Err(Error::new(
                ErrorKind::UnknownResourceType,
                diag::unknown_resource_type(resource_type, &known),
            ));
        };
        let named = |list: &[&str]| -> Result<Vec<Named>> {
            list.iter()
                .map(|name| name.trim())
                .filter(|name| !name.is_empty())
                .map(|name| self.named(rt, name))
                .collect()
        };
        let (attributes, excluded) = (named(attributes)?, named(excluded)?);
        if !attributes.is_empty() && !excluded.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                diag::projection_both_lists(),
            ));
        }
        Ok(Projection {
            schemas: self.clone(),
            resource_type: rt.name.clone(),
            attributes,
            excluded,
        })
    }

    fn named(&self, rt: &ResourceType, name: &str) -> Result<Named> {
        if let Some(ext) = rt
            .schema_extensions
            .iter()
            .find(|x| x.schema.eq_ignore_ascii_case(name))
        {
            return Ok(Named {
                place: Some(ext.schema.clone()),
                attr: None,
                sub: None,
            });
        }
        let invalid = || {
            Error::new(
                ErrorKind::InvalidValue,
                diag::projection_not_an_attribute(name),
            )
        };
        let path = PatchPath::parse_with(name, &ParseOptions::default()).map_err(|_| invalid())?;
        let PatchPath::Attr(attr_path) = path else {
            return Err(invalid());
        };
        let r = resolve_path(self, rt, &attr_path, None, ErrorKind::InvalidValue)?;
        Ok(Named {
            place: match r.container {
                Container::Top => None,
                Container::Ext(urn) | Container::ExtOrTop(urn) => Some(urn.to_string()),
            },
            attr: Some(r.attr.name.clone()),
            sub: r.sub.map(|s| s.name.clone()),
        })
    }
}

/// How much of a complex value a projection keeps.
enum Keep<'n> {
    /// All of it (sub-attributes by their `returned`), minus these excluded sub-attributes.
    AllBut(Vec<&'n str>),
    /// Only these sub-attributes (and the `always` ones).
    Only(Vec<&'n str>),
}

impl Projection {
    /// The resource with only the attributes the projection returns (a new value; the input is
    /// not modified). A value that is not an object comes back as it is.
    pub fn apply(&self, resource: &Value) -> Value {
        let (Value::Object(obj), Some(rt)) =
            (resource, self.schemas.resource_type(&self.resource_type))
        else {
            return resource.clone();
        };
        let core = self.schemas.schema(&rt.schema);
        let mut out = Map::new();
        for (key, value) in obj {
            if key.eq_ignore_ascii_case("schemas") {
                out.insert(key.clone(), value.clone());
                continue;
            }
            if let Some(ext) = rt
                .schema_extensions
                .iter()
                .find(|x| x.schema.eq_ignore_ascii_case(key))
            {
                let Value::Object(members) = value else {
                    continue;
                };
                let schema = self.schemas.schema(&ext.schema);
                let mut kept = Map::new();
                for (k, v) in members {
                    let attr = schema.and_then(|s| s.attribute(k));
                    if let Some(v) = self.member(Some(&ext.schema), attr, v) {
                        kept.insert(k.clone(), v);
                    }
                }
                if !kept.is_empty() {
                    out.insert(key.clone(), Value::Object(kept));
                }
                continue;
            }
            let attr = core
                .and_then(|s| s.attribute(key))
                .or_else(|| self.schemas.common_attribute(key));
            if let Some(v) = self.member(None, attr, value) {
                out.insert(key.clone(), v);
            }
        }
        Value::Object(out)
    }

    /// The projected value of one attribute (`attr` is `None` for a member the schema does not
    /// define), or `None` to leave it out.
    fn member<'s_list>(
        &'s_list self,
        place: Option<&str>,
        attr: Option<&Attribute>,
        v: &Value,
    ) -> Option<Value> {
        let Some(attr) = attr else {
            return self.attributes.is_empty().then(|| v.clone());
        };
        let here = |n: &&Named| {
            let same_place = match (n.place.as_deref(), place) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            };
            same_place
                && n.attr
                    .as_deref()
                    .is_none_or(|a| a.eq_ignore_ascii_case(&attr.name))
        };
        let whole = |list: &[Named]| list.iter().filter(here).any(|n| n.sub.is_none());
        let subs = |list: &'s_list [Named]| -> Vec<&'s_list str> {
            list.iter()
                .filter(here)
                .filter_map(|n| n.sub.as_deref())
                .collect()
        };
        match attr.returned {
            Returned::Never => None,
            Returned::Always => self.complex(attr, v, &Keep::AllBut(Vec::new())),
            _ if !self.attributes.is_empty() => {
                if whole(&self.attributes) {
                    return self.complex(attr, v, &Keep::AllBut(Vec::new()));
                }
                let wanted = subs(&self.attributes);
                if wanted.is_empty() {
                    return None;
                }
                self.complex(attr, v, &Keep::Only(wanted))
            }
            Returned::Request => None,
            Returned::Default => {
                if whole(&self.excluded) {
                    return None;
                }
                self.complex(attr, v, &Keep::AllBut(subs(&self.excluded)))
            }
        }
    }

    /// A complex value (or the values of a multi-valued complex attribute) cut to `keep`; other
    /// values as they are.
    fn complex(&self, attr: &Attribute, v: &Value, keep: &Keep<'_>) -> Option<Value> {
        if attr.attr_type != AttrType::Complex {
            return Some(v.clone());
        }
        let kept = |k: &str| {
            let sub = attr.sub_attribute(k);
            let returned = sub.map_or(Returned::Default, |s| s.returned);
            let name = sub.map_or(k, |s| s.name.as_str());
            let named = |list: &Vec<&str>| list.iter().any(|n| n.eq_ignore_ascii_case(name));
            match (returned, keep) {
                (Returned::Never, _) => false,
                (Returned::Always, _) => true,
                (_, Keep::Only(list)) => named(list),
                (Returned::Request, Keep::AllBut(_)) => false,
                (Returned::Default, Keep::AllBut(list)) => !named(list),
            }
        };
        // Inserted one by one rather than collected: `Map`'s `FromIterator` sorts its input,
        // code (two stable sorts) that the WASM build would carry for this alone.
        let cut = |o: &Map<String, Value>| -> Map<String, Value> {
            let mut out = Map::new();
            for (k, v) in o.iter().filter(|(k, _)| kept(k)) {
                out.insert(k.clone(), v.clone());
            }
            out
        };
        match v {
            Value::Object(o) => {
                let c = cut(o);
                (!c.is_empty()).then_some(Value::Object(c))
            }
            Value::Array(items) => {
                let kept: Vec<Value> = items
                    .iter()
                    .map(|e| match e {
                        Value::Object(o) => Value::Object(cut(o)),
                        other => other.clone(),
                    })
                    .filter(|e| !matches!(e, Value::Object(o) if o.is_empty()))
                    .collect();
                (!kept.is_empty()).then_some(Value::Array(kept))
            }
            other => Some(other.clone()),
        }
    }

    /// Whether this projection names `attributes` (as opposed to excluding some).
    pub fn is_attributes(&self) -> bool {
        !self.attributes.is_empty()
    }
}
