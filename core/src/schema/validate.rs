//! Validating and normalising resources against their resource type (RFC 7643 §2, §3; RFC 7644
//! §3.3, §3.5.1).
//!
//! ```
//! use scimkit::Schemas;
//! use scimkit::schema::{Mode, ValidateOptions};
//! use serde_json::json;
//!
//! let request = json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!     "id": "chosen-by-the-client",
//!     "USERNAME": "bjensen",
//!     "emails": [{"value": "b@example.com", "type": "Work"}]
//! });
//! let out = Schemas::rfc7643().validate(&request, "User", Mode::Create, &ValidateOptions::default())?;
//! // Names in the schema's case, canonical values in theirs, readOnly values ignored and reported.
//! assert_eq!(out.resource, json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!     "userName": "bjensen",
//!     "emails": [{"value": "b@example.com", "type": "work"}]
//! }));
//! assert_eq!(out.dropped, ["id"]);
//! # Ok::<(), scimkit::Error>(())
//! ```
//!
//! # Rules
//!
//! * **Shape**: a resource is a JSON object; attributes are matched to the schema ignoring case
//!   (RFC 7643 §2.1) and come out in the schema's spelling: core and common attributes at the top
//!   level (also when sent under the core schema's URN or URN-qualified), extension attributes
//!   in an object under the extension's URN (also when sent URN-qualified at the top level). An
//!   attribute given twice (`userName` and `USERNAME`) is `invalidSyntax`.
//! * **Unknown attributes** (and sub-attributes, and schema URNs the resource type does not
//!   have) are refused with `invalidSyntax` by default; with [`UnknownAttributes::Drop`] they are
//!   dropped and reported in [`Validated::dropped`].
//! * **`schemas`** (RFC 7643 §3) must be an array of strings without duplicates that lists the
//!   resource type's schema and only schemas of the resource type, and it must list every
//!   extension whose attributes are present (`invalidSyntax`).
//! * **Types** (RFC 7643 §2.3): as PATCH checks them (a reference must be URI text, without
//!   whitespace or control characters; its `referenceTypes` are not checked); a multi-valued
//!   attribute must be an array and a single-valued one must not be (`invalidValue`); at most
//!   one value is `primary` (RFC 7643 §2.4). `null` and `[]` mean unassigned (§2.5) and are
//!   left out of the result.
//! * **canonicalValues** are enforced by default (a string attribute that declares them takes
//!   one of them, matched by `caseExact` and written in the schema's spelling), which RFC 7643
//!   §2.3.1 permits ("service providers MAY restrict accepted values"); switch it off with
//!   [`ValidateOptions::canonical_values`].
//! * **Required** attributes (RFC 7643 §2.2; Group `displayName` per erratum 5368) and required
//!   extensions must be present (`invalidValue`, "a required value was missing"); a response must
//!   have an `id` (RFC 7643 §3.1).
//!
//! By [`Mode`]:
//!
//! | | `create` (POST) | `replace` (PUT) | `patch-result` | `response` |
//! |---|---|---|---|---|
//! | `readOnly` values | ignored: dropped, reported (RFC 7644 §3.3) | ignored (§3.5.1) | kept | kept |
//! | `immutable` values | accepted | must match the existing value, if it has one (`mutability`, §3.5.1) | kept | kept |
//! | `returned: never` (`password`) | accepted | accepted | accepted | refused (`invalidValue`) |
//! | `id` | ignored | ignored | kept | required |
//!
//! Immutability is checked for attributes and sub-attributes of single-valued complex
//! attributes that the body gives or clears (null, `[]`); an attribute the body leaves out is
//! "not asserted" (§3.5.1) and not compared. The values of a multi-valued attribute cannot be
//! paired with the existing ones, so immutable sub-attributes inside them (Group `members`) are
//! not compared.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::values::{check_simple, get_ci, is_primary, same, unassigned};
use super::{AttrType, Attribute, Mutability, ResourceType, Returned, Schemas};
use crate::diag;
use crate::error::{Error, ErrorKind, Result};
use crate::text::lower;

/// What the resource being validated is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// A client's POST body (RFC 7644 §3.3).
    Create,
    /// A client's PUT body (RFC 7644 §3.5.1); give the stored resource with
    /// [`ValidateOptions::existing`] to check immutable attributes.
    Replace,
    /// A resource as a PATCH left it, before it is stored.
    PatchResult,
    /// A resource the service is about to return.
    Response,
}

impl Mode {
    /// Every mode.
    pub const ALL: [Mode; 4] = [
        Mode::Create,
        Mode::Replace,
        Mode::PatchResult,
        Mode::Response,
    ];

    /// `create`, `replace`, `patch-result` or `response`.
    pub const fn name(self) -> &'static str {
        match self {
            Mode::Create => "create",
            Mode::Replace => "replace",
            Mode::PatchResult => "patch-result",
            Mode::Response => "response",
        }
    }

    /// The mode named `name` (case-insensitive; `_` for `-` too).
    pub fn from_name(name: &str) -> Option<Mode> {
        let n = name.to_ascii_lowercase().replace('_', "-");
        Mode::ALL.into_iter().find(|m| m.name() == n)
    }

    /// Do client-sent readOnly values get ignored?
    fn ignores_read_only(self) -> bool {
        matches!(self, Mode::Create | Mode::Replace)
    }
}

/// What to do with attributes the schema does not define.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum UnknownAttributes {
    /// Refuse the resource (`invalidSyntax`).
    #[default]
    Reject,
    /// Drop them and report them in [`Validated::dropped`].
    Drop,
}

impl UnknownAttributes {
    /// `reject` or `drop`.
    pub const fn name(self) -> &'static str {
        match self {
            UnknownAttributes::Reject => "reject",
            UnknownAttributes::Drop => "drop",
        }
    }

    /// The policy named `name` (case-insensitive).
    pub fn from_name(name: &str) -> Option<UnknownAttributes> {
        [UnknownAttributes::Reject, UnknownAttributes::Drop]
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }
}

/// How [`Schemas::validate`] checks a resource.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidateOptions {
    unknown: UnknownAttributes,
    canonical_values: bool,
    existing: Option<Value>,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions {
            unknown: UnknownAttributes::Reject,
            canonical_values: true,
            existing: None,
        }
    }
}

impl ValidateOptions {
    /// The defaults: reject unknown attributes, enforce canonical values.
    pub fn new() -> ValidateOptions {
        ValidateOptions::default()
    }

    /// What to do with unknown attributes.
    #[must_use]
    pub fn unknown_attributes(mut self, policy: UnknownAttributes) -> ValidateOptions {
        self.unknown = policy;
        self
    }

    /// Whether attributes that declare `canonicalValues` must take one of them.
    #[must_use]
    pub fn canonical_values(mut self, enforce: bool) -> ValidateOptions {
        self.canonical_values = enforce;
        self
    }

    /// The stored resource a [`Mode::Replace`] body replaces (for the immutable check).
    #[must_use]
    pub fn existing(mut self, resource: Value) -> ValidateOptions {
        self.existing = Some(resource);
        self
    }
}

/// A validated resource.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Validated {
    /// The resource, normalised (see the [module documentation](self)).
    pub resource: Value,
    /// The attribute paths that were dropped: readOnly values a client sent, and unknown
    /// attributes under [`UnknownAttributes::Drop`]. Multi-valued attributes carry the index,
    /// e.g. `emails[1].display`; extension attributes are URN-qualified.
    pub dropped: Vec<String>,
}

impl Schemas {
    /// Validates and normalises `resource` of `resource_type` for `mode`; see the
    /// [module documentation](crate::schema::validate). The first problem found is the error; its
    /// detail names the attribute path.
    pub fn validate(
        &self,
        resource: &Value,
        resource_type: &str,
        mode: Mode,
        options: &ValidateOptions,
    ) -> Result<Validated> {
        let Some(rt) = self.resource_type(resource_type) else {
            let known: Vec<&str> = self.resource_types().map(|r| r.name.as_str()).collect();
            return Err(Error::new(
                ErrorKind::UnknownResourceType,
                diag::unknown_resource_type(resource_type, &known),
            ));
        };
        let mut v = Validator {
            schemas: self,
            rt,
            mode,
            options,
            dropped: Vec::new(),
        };
        let resource = v.resource(resource)?;
        Ok(Validated {
            resource,
            dropped: v.dropped,
        })
    }
}

fn syntax(detail: String) -> Error {
    Error::new(ErrorKind::InvalidSyntax, detail)
}

fn invalid(detail: String) -> Error {
    Error::new(ErrorKind::InvalidValue, detail)
}

/// Where an attribute goes: the top level (core and common) or an extension's object.
type Place<'a> = Option<&'a str>;

struct Validator<'a> {
    schemas: &'a Schemas,
    rt: &'a ResourceType,
    mode: Mode,
    options: &'a ValidateOptions,
    dropped: Vec<String>,
}

impl<'a> Validator<'a> {
    fn unknown(&mut self, label: String) -> Result<()> {
        match self.options.unknown {
            UnknownAttributes::Reject => Err(syntax(diag::unknown_member(&label, &self.rt.name))),
            UnknownAttributes::Drop => {
                self.dropped.push(label);
                Ok(())
            }
        }
    }

    fn extension(&self, uri: &str) -> Option<&'a str> {
        self.rt
            .schema_extensions
            .iter()
            .find(|x| x.schema.eq_ignore_ascii_case(uri))
            .map(|x| x.schema.as_str())
    }

    /// The core or common attribute `name`.
    fn core_attr(&self, name: &str) -> Option<&'a Attribute> {
        self.schemas
            .schema(&self.rt.schema)
            .and_then(|s| s.attribute(name))
            .or_else(|| self.schemas.common_attribute(name))
    }

    fn ext_attr(&self, urn: &str, name: &str) -> Option<&'a Attribute> {
        self.schemas.schema(urn).and_then(|s| s.attribute(name))
    }

    fn label(place: Place<'_>, attr: &str) -> String {
        match place {
            None => attr.to_owned(),
            Some(urn) => format!("{urn}:{attr}"),
        }
    }

    fn resource(&mut self, resource: &Value) -> Result<Value> {
        let Value::Object(obj) = resource else {
            return Err(syntax(diag::resource_not_object()));
        };
        // Sort the members into their places, by the schema's attribute.
        let mut given: Vec<(Place<'a>, &'a Attribute, &Value)> = Vec::new();
        let mut schemas_value = None;
        for (key, value) in obj {
            if key.eq_ignore_ascii_case("schemas") {
                schemas_value = Some(value);
                continue;
            }
            let (place, members): (Place<'a>, Option<&Map<String, Value>>) =
                if key.eq_ignore_ascii_case(&self.rt.schema) {
                    (None, value.as_object())
                } else if let Some(urn) = self.extension(key) {
                    (Some(urn), value.as_object())
                } else {
                    let (place, attr) = self.resolve_key(key);
                    match attr {
                        Some(attr) => given.push((place, attr, value)),
                        None => self.unknown(key.clone())?,
                    }
                    continue;
                };
            match (members, value) {
                (Some(m), _) => {
                    for (k, v) in m {
                        let attr = match place {
                            None => self.core_attr(k),
                            Some(urn) => self.ext_attr(urn, k),
                        };
                        match attr {
                            Some(attr) => given.push((place, attr, v)),
                            None => self.unknown(Self::label(place.or(Some(key)), k))?,
                        }
                    }
                }
                (None, Value::Null) => {}
                (None, other) => {
                    return Err(invalid(diag::patch_wrong_type(
                        key,
                        "an object of the schema's attributes",
                        other,
                    )));
                }
            }
        }
        // Each attribute once.
        let mut out_core = Map::new();
        let mut out_ext: BTreeMap<&'a str, Map<String, Value>> = BTreeMap::new();
        let mut seen: Vec<(Place<'a>, &str)> = Vec::new();
        for (place, attr, value) in given {
            let label = Self::label(place, &attr.name);
            if seen.contains(&(place, attr.name.as_str())) {
                return Err(syntax(diag::attribute_twice(&label)));
            }
            seen.push((place, attr.name.as_str()));
            let existing = self.existing(place, &attr.name);
            if let Some(v) = self.attribute(attr, value, &label, existing.as_ref())? {
                match place {
                    None => out_core.insert(attr.name.clone(), v),
                    Some(urn) => out_ext.entry(urn).or_default().insert(attr.name.clone(), v),
                };
            }
        }
        // `schemas`.
        let listed = self.schemas_list(schemas_value, &out_ext)?;
        // Required attributes and extensions.
        if let Some(core) = self.schemas.schema(&self.rt.schema) {
            for attr in core.attributes.iter().filter(|a| a.required) {
                if !out_core.contains_key(&attr.name) && !self.dropped_read_only(attr) {
                    return Err(invalid(diag::required_missing(&attr.name)));
                }
            }
        }
        // RFC 7643 §3.1: "Each representation of the resource MUST include a non-empty id".
        if self.mode == Mode::Response
            && !matches!(out_core.get("id"), Some(Value::String(id)) if !id.is_empty())
        {
            return Err(invalid(diag::required_missing("id")));
        }
        for ext in &self.rt.schema_extensions {
            let present = out_ext
                .get(ext.schema.as_str())
                .is_some_and(|m| !m.is_empty());
            if ext.required && !present {
                return Err(invalid(diag::required_missing(&ext.schema)));
            }
            if present {
                if let Some(schema) = self.schemas.schema(&ext.schema) {
                    let m = &out_ext[ext.schema.as_str()];
                    for attr in schema.attributes.iter().filter(|a| a.required) {
                        if !m.contains_key(&attr.name) {
                            return Err(invalid(diag::required_missing(&format!(
                                "{}:{}",
                                ext.schema, attr.name
                            ))));
                        }
                    }
                }
            }
        }
        let mut out = Map::new();
        out.insert(
            "schemas".to_owned(),
            Value::Array(listed.into_iter().map(Value::String).collect()),
        );
        out.extend(out_core);
        for (urn, members) in out_ext {
            if !members.is_empty() {
                out.insert(urn.to_owned(), Value::Object(members));
            }
        }
        Ok(Value::Object(out))
    }

    /// A required attribute that is readOnly and was dropped as a client's value does not count
    /// as missing.
    fn dropped_read_only(&self, attr: &Attribute) -> bool {
        attr.mutability == Mutability::ReadOnly && self.mode.ignores_read_only()
    }

    /// A top-level key that is neither `schemas` nor a schema URN: an attribute name, or a
    /// URN-qualified one.
    fn resolve_key(&self, key: &str) -> (Place<'a>, Option<&'a Attribute>) {
        if let Some(attr) = self.core_attr(key) {
            return (None, Some(attr));
        }
        if let Some((uri, name)) = key.rsplit_once(':') {
            if uri.eq_ignore_ascii_case(&self.rt.schema) {
                return (None, self.core_attr(name));
            }
            if let Some(urn) = self.extension(uri) {
                return (Some(urn), self.ext_attr(urn, name));
            }
        }
        (None, None)
    }

    /// The stored value at the same place, for the immutable check of a replace.
    fn existing(&self, place: Place<'_>, name: &str) -> Option<Value> {
        if self.mode != Mode::Replace {
            return None;
        }
        let Some(Value::Object(old)) = &self.options.existing else {
            return None;
        };
        match place {
            None => get_ci(old, name).cloned(),
            Some(urn) => match get_ci(old, urn) {
                Some(Value::Object(ext)) => get_ci(ext, name).cloned(),
                _ => None,
            },
        }
    }

    /// The `schemas` list: checked (RFC 7643 §3), in the schemas' own spelling.
    fn schemas_list(
        &mut self,
        value: Option<&Value>,
        ext: &BTreeMap<&'a str, Map<String, Value>>,
    ) -> Result<Vec<String>> {
        let Some(Value::Array(items)) = value else {
            return Err(syntax(diag::schemas_missing()));
        };
        let mut out: Vec<String> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Value::String(uri) = item else {
                return Err(syntax(diag::schemas_not_strings()));
            };
            let canonical = if uri.eq_ignore_ascii_case(&self.rt.schema) {
                Some(self.rt.schema.as_str())
            } else {
                self.extension(uri)
            };
            let Some(canonical) = canonical else {
                match self.options.unknown {
                    UnknownAttributes::Reject => {
                        return Err(syntax(diag::schemas_unknown(uri, &self.rt.name)));
                    }
                    UnknownAttributes::Drop => {
                        self.dropped.push(format!("schemas[{i}]"));
                        continue;
                    }
                }
            };
            if out.iter().any(|u| u == canonical) {
                return Err(syntax(diag::schemas_duplicate(uri)));
            }
            out.push(canonical.to_owned());
        }
        if !out.iter().any(|u| u == &self.rt.schema) {
            return Err(syntax(diag::schemas_without_core(&self.rt.schema)));
        }
        for (urn, members) in ext {
            if !members.is_empty() && !out.iter().any(|u| u == urn) {
                return Err(syntax(diag::schemas_without_extension(urn)));
            }
        }
        Ok(out)
    }

    /// One attribute's value, checked and normalised; `None` when it ends up unassigned.
    fn attribute(
        &mut self,
        attr: &Attribute,
        value: &Value,
        label: &str,
        existing: Option<&Value>,
    ) -> Result<Option<Value>> {
        if unassigned(Some(value)) {
            // RFC 7644 §3.5.1: an immutable attribute's input values "MUST match" the stored
            // ones, so clearing it (or a complex value holding one) is refused.
            if attr.mutability == Mutability::Immutable && !unassigned(existing) {
                return Err(Error::new(
                    ErrorKind::Mutability,
                    diag::patch_immutable(label),
                ));
            }
            if let (false, Some(Value::Object(old))) = (attr.multi_valued, existing) {
                for sub in attr.sub_attributes.iter() {
                    if sub.mutability == Mutability::Immutable
                        && !unassigned(get_ci(old, &sub.name))
                    {
                        return Err(Error::new(
                            ErrorKind::Mutability,
                            diag::patch_immutable(&format!("{label}.{}", sub.name)),
                        ));
                    }
                }
            }
            return Ok(None);
        }
        if attr.mutability == Mutability::ReadOnly && self.mode.ignores_read_only() {
            self.dropped.push(label.to_owned());
            return Ok(None);
        }
        if self.mode == Mode::Response && attr.returned == Returned::Never {
            return Err(invalid(diag::returned_never(label)));
        }
        let out = if attr.multi_valued {
            let Value::Array(items) = value else {
                return Err(invalid(diag::multi_valued_needs_array(label)));
            };
            let mut values = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let item_label = format!("{label}[{i}]");
                if let Some(v) = self.single(attr, item, &item_label, None)? {
                    values.push(v);
                }
            }
            if values.iter().filter(|v| is_primary(v)).count() > 1 {
                return Err(invalid(diag::patch_two_primaries(label)));
            }
            (!values.is_empty()).then_some(Value::Array(values))
        } else {
            if value.is_array() {
                return Err(invalid(diag::patch_not_multi_valued(label)));
            }
            self.single(attr, value, label, existing)?
        };
        if attr.mutability == Mutability::Immutable
            && !unassigned(existing)
            && !same(attr, existing, out.as_ref())
        {
            return Err(Error::new(
                ErrorKind::Mutability,
                diag::patch_immutable(label),
            ));
        }
        Ok(out)
    }

    /// One value (of a single-valued attribute, or one element of a multi-valued one).
    /// `existing`: for a single-valued complex attribute in a replace, its stored value (to
    /// check immutable sub-attributes).
    fn single(
        &mut self,
        attr: &Attribute,
        value: &Value,
        label: &str,
        existing: Option<&Value>,
    ) -> Result<Option<Value>> {
        if value.is_null() {
            return Ok(None);
        }
        if attr.attr_type != AttrType::Complex {
            check_simple(attr, value, label)?;
            return Ok(Some(self.canonical(attr, value, label)?));
        }
        let Value::Object(members) = value else {
            return Err(invalid(diag::patch_wrong_type(
                label,
                "an object of sub-attributes",
                value,
            )));
        };
        let mut out = Map::new();
        let mut seen: Vec<&str> = Vec::new();
        for (k, v) in members {
            let sub_label = format!("{label}.{k}");
            let Some(sub) = attr.sub_attribute(k) else {
                self.unknown(sub_label)?;
                continue;
            };
            let sub_label = format!("{label}.{}", sub.name);
            if seen.contains(&sub.name.as_str()) {
                return Err(syntax(diag::attribute_twice(&sub_label)));
            }
            seen.push(sub.name.as_str());
            let old = match existing {
                Some(Value::Object(o)) => get_ci(o, &sub.name),
                _ => None,
            };
            if let Some(v) = self.attribute(sub, v, &sub_label, old)? {
                out.insert(sub.name.clone(), v);
            }
        }
        // An immutable sub-attribute the replace leaves out is being removed.
        if let Some(Value::Object(o)) = existing {
            for sub in attr.sub_attributes.iter() {
                if sub.mutability == Mutability::Immutable
                    && !seen.contains(&sub.name.as_str())
                    && !unassigned(get_ci(o, &sub.name))
                {
                    return Err(Error::new(
                        ErrorKind::Mutability,
                        diag::patch_immutable(&format!("{label}.{}", sub.name)),
                    ));
                }
            }
        }
        for sub in attr.sub_attributes.iter().filter(|s| s.required) {
            if !out.contains_key(&sub.name) && !self.dropped_read_only(sub) && !out.is_empty() {
                return Err(invalid(diag::required_missing(&format!(
                    "{label}.{}",
                    sub.name
                ))));
            }
        }
        Ok((!out.is_empty()).then_some(Value::Object(out)))
    }

    /// A string that must be one of the attribute's canonical values, in their spelling.
    fn canonical(&self, attr: &Attribute, value: &Value, label: &str) -> Result<Value> {
        let (Value::String(s), true, false) = (
            value,
            self.options.canonical_values,
            attr.canonical_values.is_empty(),
        ) else {
            return Ok(value.clone());
        };
        if attr.attr_type != AttrType::String {
            return Ok(value.clone());
        }
        let found = attr.canonical_values.iter().find(|c| {
            if attr.case_exact {
                *c == s
            } else {
                c.eq_ignore_ascii_case(s) || lower(c) == lower(s)
            }
        });
        match found {
            Some(c) => Ok(Value::String(c.clone())),
            None => Err(invalid(diag::not_canonical(
                label,
                s,
                &attr.canonical_values,
            ))),
        }
    }
}
