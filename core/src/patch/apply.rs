//! Applying PATCH operations (RFC 7644 §3.5.2.1–3) to a working copy of a resource.

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::{Op, Operation, PatchOptions, PatchOutcome, PatchRequest, Quirks};
use crate::diag;
use crate::error::{Error, ErrorKind, Result};
use crate::filter::compile::{Container, compile_value_filter, resolve_path};
use crate::filter::{
    AttrPath, CompValue, CompareOp, CompiledFilter, Expr, ParseOptions, PatchPath,
};
use crate::schema::values::{
    check_simple, find_key, get_ci, is_primary, same, same_element, unassigned,
};
use crate::schema::{AttrType, Attribute, Mutability, ResourceType, Schemas};

type Obj = Map<String, Value>;

pub(super) fn apply(
    request: &PatchRequest,
    resource: &mut Value,
    schemas: &Schemas,
    resource_type: &str,
    options: &PatchOptions,
) -> Result<PatchOutcome> {
    let Some(rt) = schemas.resource_type(resource_type) else {
        let known: Vec<&str> = schemas.resource_types().map(|r| r.name.as_str()).collect();
        return Err(Error::new(
            ErrorKind::UnknownResourceType,
            diag::unknown_resource_type(resource_type, &known),
        ));
    };
    if !resource.is_object() {
        return Err(Error::new(
            ErrorKind::InvalidValue,
            diag::patch_resource_not_object(),
        ));
    }
    let engine = Engine {
        schemas,
        rt,
        quirks: options.quirks(),
        parse: options.parse_options(),
    };
    // Atomicity without copying the resource: before an operation writes a top-level member,
    // the member's value is saved once (`Journal`); a failing request puts every saved member
    // back. Only saved members can have changed.
    let Value::Object(obj) = resource else {
        return Ok(PatchOutcome { changed: false });
    };
    let mut journal = Journal::default();
    for (i, op) in request.operations().iter().enumerate() {
        if let Err(e) = engine.operation(obj, op, &mut journal) {
            journal.restore(obj);
            return Err(e.in_operation(i));
        }
    }
    let changed = journal.changed(obj);
    Ok(PatchOutcome { changed })
}

/// The original values of the top-level members a request has written so far.
#[derive(Default)]
struct Journal {
    saved: Vec<(String, Option<Value>)>,
}

impl Journal {
    /// Saves, unless already saved, every member whose name is `name` ignoring ASCII case, and
    /// `name` itself as absent when there is no member of exactly that name (a write may create
    /// it).
    fn save(&mut self, obj: &Obj, name: &str) {
        for (k, v) in obj.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)) {
            if !self.saved.iter().any(|(s, _)| s == k) {
                self.saved.push((k.clone(), Some(v.clone())));
            }
        }
        if !obj.contains_key(name) && !self.saved.iter().any(|(s, _)| s == name) {
            self.saved.push((name.to_owned(), None));
        }
    }

    /// Saves the members `target` can write: its attribute's or extension's member, and for an
    /// extension `schemas`, which lists the extensions in use.
    fn save_target(&mut self, obj: &Obj, target: &Target<'_>) {
        match target {
            Target::Extension(urn) => {
                self.save(obj, "schemas");
                self.save(obj, urn);
            }
            Target::Attr {
                container, attr, ..
            }
            | Target::Filtered {
                container, attr, ..
            } => match container {
                Container::Top => self.save(obj, &attr.name),
                Container::Ext(urn) => {
                    self.save(obj, "schemas");
                    self.save(obj, urn);
                }
                Container::ExtOrTop(urn) => {
                    self.save(obj, "schemas");
                    self.save(obj, urn);
                    self.save(obj, &attr.name);
                }
            },
        }
    }

    /// Puts every saved member back as it was.
    fn restore(self, obj: &mut Obj) {
        for (k, v) in self.saved {
            match v {
                Some(v) => {
                    obj.insert(k, v);
                }
                None => {
                    obj.remove(&k);
                }
            }
        }
    }

    /// Whether any saved member differs from what it was.
    fn changed(&self, obj: &Obj) -> bool {
        self.saved.iter().any(|(k, v)| obj.get(k) != v.as_ref())
    }
}

struct Engine<'a> {
    schemas: &'a Schemas,
    rt: &'a ResourceType,
    quirks: &'a Quirks,
    parse: &'a ParseOptions,
}

/// What a path names.
enum Target<'a> {
    /// A whole extension object (the path is the extension's URN).
    Extension(&'a str),
    /// An attribute, or a sub-attribute of every value of it.
    Attr {
        container: Container,
        attr: &'a Attribute,
        sub: Option<&'a Attribute>,
    },
    /// The values of a complex attribute that a filter selects, or a sub-attribute of them.
    Filtered {
        container: Container,
        attr: &'a Attribute,
        filter: CompiledFilter,
        expr: Box<Expr>,
        sub: Option<&'a Attribute>,
    },
}

/// Whether a write happens or the old value is kept (a readOnly / immutable attribute written
/// with the value it already has).
#[derive(PartialEq, Eq)]
enum Write {
    Do,
    Keep,
}

fn invalid_value(detail: String) -> Error {
    Error::new(ErrorKind::InvalidValue, detail)
}

fn mutability(detail: String) -> Error {
    Error::new(ErrorKind::Mutability, detail)
}

/// Is `new`, a value being added to the multi-valued `attr`, already there as `existing`?
/// (RFC 7644 §3.5.2.1: "If the target location already contains the value specified, no changes
/// SHOULD be made"; "If the user was already a member of this group, no changes should be made".)
///
/// A complex value is identified by its `value` sub-attribute, and by its `type` when the new
/// value gives one (RFC 7643 §2.4 allows one address under several types); other sub-attributes
/// it carries (a member's `display`, `$ref`) do not make it a different value. A complex value
/// without `value` is already there when an existing value agrees on every sub-attribute it sets,
/// `primary` being false when not specified (RFC 7643 §2.4). Simple values compare by the
/// schema.
fn already_there(attr: &Attribute, existing: &Value, new: &Value) -> bool {
    let (Value::Object(e), Value::Object(n)) = (existing, new) else {
        return same_element(attr, existing, new);
    };
    if attr.attr_type != AttrType::Complex {
        return same_element(attr, existing, new);
    }
    let agrees = |name: &str| match attr.sub_attribute(name) {
        Some(sub) => {
            let (ev, nv) = (get_ci(e, name), get_ci(n, name));
            if sub.name == "primary" {
                let truthy = |v: Option<&Value>| v == Some(&Value::Bool(true));
                truthy(ev) == truthy(nv)
            } else {
                same(sub, ev, nv)
            }
        }
        None => get_ci(e, name) == get_ci(n, name),
    };
    let sets = |name: &str| !unassigned(get_ci(n, name));
    if attr.sub_attribute("value").is_some() && sets("value") {
        return agrees("value") && (!sets("type") || agrees("type"));
    }
    n.iter()
        .filter(|(_, v)| !unassigned(Some(v)))
        .all(|(k, _)| agrees(k))
}

/// `v` without the members that are null (a new value: RFC 7643 §2.5, null is unassigned).
fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(mut o) => {
            o.retain(|_, x| !x.is_null());
            Value::Object(o)
        }
        other => other,
    }
}

impl<'a> Engine<'a> {
    // -----------------------------------------------------------------------------------------
    // Operations
    // -----------------------------------------------------------------------------------------

    fn operation(&self, obj: &mut Obj, op: &Operation, journal: &mut Journal) -> Result<()> {
        match &op.path {
            None => {
                let value = op.value.as_ref().unwrap_or(&Value::Null);
                let Value::Object(members) = value else {
                    return Err(invalid_value(diag::patch_no_path_value(
                        op.op.as_str(),
                        value,
                    )));
                };
                for (key, v) in members {
                    self.no_path_member(obj, op.op, key, v, journal)?;
                }
                Ok(())
            }
            Some(path) => {
                let source: Arc<str> = op.path_text.clone().unwrap_or_else(|| Arc::from(""));
                let target = self.target(path, &source)?;
                journal.save_target(obj, &target);
                self.apply_target(obj, op.op, &target, op.value.as_ref(), &path.to_string())
            }
        }
    }

    /// One member of the value of an `add` / `replace` without a path.
    fn no_path_member(
        &self,
        obj: &mut Obj,
        op: Op,
        key: &str,
        v: &Value,
        journal: &mut Journal,
    ) -> Result<()> {
        if let Some(urn) = self.extension_urn(key) {
            let target = Target::Extension(urn);
            journal.save_target(obj, &target);
            return self.apply_target(obj, op, &target, Some(v), key);
        }
        let unknown = || invalid_value(diag::patch_unknown_member("", key));
        let path = PatchPath::parse_with(key, self.parse).map_err(|_| unknown())?;
        let is_name = matches!(&path, PatchPath::Attr(a) if a.sub_attr.is_none());
        if !is_name && !self.quirks.path_keys {
            return Err(invalid_value(diag::patch_path_key(key)));
        }
        let target = self.target(&path, &Arc::from(key)).map_err(|e| {
            if e.kind() == ErrorKind::InvalidPath {
                invalid_value(e.detail().to_owned())
            } else {
                e
            }
        })?;
        journal.save_target(obj, &target);
        self.apply_target(obj, op, &target, Some(v), key)
    }

    /// The resource type's extension named by `uri`, case-insensitively.
    fn extension_urn(&self, uri: &str) -> Option<&'a str> {
        self.rt
            .schema_extensions
            .iter()
            .find(|x| x.schema.eq_ignore_ascii_case(uri))
            .map(|x| x.schema.as_str())
    }

    /// Resolves a PATCH path against the resource type.
    fn target(&self, path: &PatchPath, source: &Arc<str>) -> Result<Target<'a>> {
        let attr_path: &AttrPath = path.attr();
        // `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` parses as the attribute
        // `User` of the URI `...:2.0`: it names the extension's whole object.
        if let PatchPath::Attr(AttrPath {
            uri: Some(uri),
            name,
            sub_attr: None,
            ..
        }) = path
        {
            if let Some(urn) = self.extension_urn(&format!("{uri}:{name}")) {
                return Ok(Target::Extension(urn));
            }
        }
        let r = resolve_path(
            self.schemas,
            self.rt,
            attr_path,
            Some(source),
            ErrorKind::InvalidPath,
        )?;
        match path {
            PatchPath::Attr(_) => Ok(Target::Attr {
                container: r.container,
                attr: r.attr,
                sub: r.sub,
            }),
            PatchPath::Value {
                value_path,
                sub_attr,
                span,
            } => {
                if r.sub.is_some() || r.attr.attr_type != AttrType::Complex {
                    return Err(Error::new(
                        ErrorKind::InvalidPath,
                        diag::patch_not_value_filterable(&path.to_string()),
                    )
                    .with_span(value_path.attr.span)
                    .with_source(Arc::clone(source)));
                }
                let expr = if self.quirks.string_booleans {
                    Box::new(coerce_string_booleans(&value_path.filter, r.attr))
                } else {
                    value_path.filter.clone()
                };
                let filter =
                    compile_value_filter(self.schemas, self.rt, r.attr, &expr, Some(source))?;
                let sub = match sub_attr {
                    None => None,
                    Some(s) => Some(r.attr.sub_attribute(s).ok_or_else(|| {
                        Error::new(
                            ErrorKind::InvalidPath,
                            diag::unknown_sub_attribute(&r.attr.name, s),
                        )
                        .with_span(*span)
                        .with_source(Arc::clone(source))
                    })?),
                };
                Ok(Target::Filtered {
                    container: r.container,
                    attr: r.attr,
                    filter,
                    expr,
                    sub,
                })
            }
        }
    }

    fn apply_target(
        &self,
        obj: &mut Obj,
        op: Op,
        target: &Target<'a>,
        value: Option<&Value>,
        label: &str,
    ) -> Result<()> {
        match target {
            Target::Extension(urn) => self.extension_op(obj, op, urn, value, label),
            Target::Attr {
                container,
                attr,
                sub,
            } => self.in_container(obj, container, op, |map| match sub {
                None => self.attr_op(map, attr, op, value, label),
                Some(sub) => self.sub_op(map, attr, sub, op, value, label),
            }),
            Target::Filtered {
                container,
                attr,
                filter,
                expr,
                sub,
            } => self.in_container(obj, container, op, |map| {
                self.filtered_op(map, attr, filter, expr, *sub, op, value, label)
            }),
        }
    }

    /// Runs `f` on the object `container` names, keeping an extension's URN in `schemas` in
    /// step with whether its object has anything in it (RFC 7644 §3.5.2).
    fn in_container(
        &self,
        obj: &mut Obj,
        container: &Container,
        op: Op,
        f: impl FnOnce(&mut Obj) -> Result<()>,
    ) -> Result<()> {
        let urn: &str = match container {
            Container::Top => return f(obj),
            Container::Ext(urn) | Container::ExtOrTop(urn) => urn,
        };
        let key = find_key(obj, urn);
        let before_present = key.is_some();
        let before_assigned = !unassigned(key.as_ref().and_then(|k| obj.get(k)));
        if op == Op::Remove && !before_present {
            return Ok(());
        }
        let key = key.unwrap_or_else(|| urn.to_owned());
        let mut ext = match obj.remove(&key) {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        let result = f(&mut ext);
        let after_assigned = !unassigned(Some(&Value::Object(ext.clone())));
        if after_assigned || (before_present && !before_assigned) {
            obj.insert(key, Value::Object(ext));
        }
        result?;
        if after_assigned {
            self.schemas_urn(obj, urn, true);
        } else if before_assigned {
            self.schemas_urn(obj, urn, false);
        }
        Ok(())
    }

    /// Adds `urn` to (or removes it from) the resource's `schemas`.
    fn schemas_urn(&self, obj: &mut Obj, urn: &str, present: bool) {
        let key = find_key(obj, "schemas").unwrap_or_else(|| "schemas".to_owned());
        let has = |s: &Value| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn));
        match obj.get_mut(&key) {
            Some(Value::Array(list)) => {
                if present && !list.iter().any(has) {
                    list.push(Value::String(urn.to_owned()));
                } else if !present {
                    list.retain(|s| !has(s));
                }
            }
            _ if present => {
                obj.insert(
                    key,
                    Value::Array(vec![
                        Value::String(self.rt.schema.clone()),
                        Value::String(urn.to_owned()),
                    ]),
                );
            }
            _ => {}
        }
    }

    /// An operation whose path is an extension's URN: its whole object.
    fn extension_op(
        &self,
        obj: &mut Obj,
        op: Op,
        urn: &str,
        value: Option<&Value>,
        label: &str,
    ) -> Result<()> {
        let container = Container::Ext(urn.into());
        let schema = self.schemas.schema(urn);
        let remove_all = op == Op::Remove || matches!(value, Some(Value::Null));
        if remove_all {
            if self.rt.extension(urn).is_some_and(|x| x.required) {
                let present = find_key(obj, urn).is_some_and(|k| !unassigned(obj.get(&k)));
                if present {
                    return Err(mutability(diag::patch_extension_required(urn)));
                }
            }
            return self.in_container(obj, &container, Op::Remove, |map| {
                for attr in schema.map(|s| s.attributes.as_slice()).unwrap_or_default() {
                    let old = get_ci(map, &attr.name);
                    check_write(attr, old, None, &format!("{urn}:{}", attr.name))?;
                }
                map.clear();
                Ok(())
            });
        }
        let members = match value {
            Some(Value::Object(m)) => m,
            Some(other) => {
                return Err(invalid_value(diag::patch_wrong_type(
                    label,
                    "an object of the extension's attributes",
                    other,
                )));
            }
            None => return Ok(()),
        };
        self.in_container(obj, &container, op, |map| {
            for (k, v) in members {
                let attr = schema
                    .and_then(|s| s.attribute(k))
                    .ok_or_else(|| invalid_value(diag::patch_unknown_member("", k)))?;
                self.attr_op(map, attr, op, Some(v), &format!("{urn}:{}", attr.name))?;
            }
            Ok(())
        })
    }

    /// An operation on a whole attribute of `map`.
    fn attr_op(
        &self,
        map: &mut Obj,
        attr: &Attribute,
        op: Op,
        value: Option<&Value>,
        label: &str,
    ) -> Result<()> {
        let key = find_key(map, &attr.name);
        let old = key.as_ref().and_then(|k| map.get(k)).cloned();
        let key = key.unwrap_or_else(|| attr.name.clone());
        if op == Op::Remove {
            if let (Some(v), true) = (value.filter(|v| !v.is_null()), attr.multi_valued) {
                // Quirk: `remove` of the values listed in `value` (checked in the message).
                let listed = self.check_multi(attr, v, label)?;
                let Some(Value::Array(items)) = &old else {
                    return Ok(());
                };
                let kept: Vec<Value> = items
                    .iter()
                    .filter(|e| !listed.iter().any(|l| already_there(attr, e, l)))
                    .cloned()
                    .collect();
                return self.store(map, key, attr, old.as_ref(), Value::Array(kept), label);
            }
            return self.store(map, key, attr, old.as_ref(), Value::Null, label);
        }
        let v = value.unwrap_or(&Value::Null);
        if attr.multi_valued {
            let items: Vec<Value> = self
                .check_multi(attr, v, label)?
                .into_iter()
                .map(without_nulls)
                .filter(|e| !unassigned(Some(e)))
                .collect();
            if op == Op::Replace {
                check_one_primary(attr, &items, label)?;
                return self.store(map, key, attr, old.as_ref(), Value::Array(items), label);
            }
            if items.is_empty() {
                return Ok(());
            }
            let mut list = match &old {
                Some(Value::Array(a)) => a.clone(),
                _ => Vec::new(),
            };
            let mut added = Vec::new();
            for item in items {
                if !list.iter().any(|e| already_there(attr, e, &item)) {
                    list.push(item);
                    added.push(list.len() - 1);
                }
            }
            settle_primary(attr, &mut list, &added, label)?;
            return self.store(map, key, attr, old.as_ref(), Value::Array(list), label);
        }
        let v = &*self.prepare(attr, v);
        if attr.attr_type == AttrType::Complex && !v.is_null() {
            // add and replace alike merge sub-attributes (RFC 7644 §3.5.2.1, §3.5.2.3).
            let new = self.check_complex(attr, v, label)?;
            let mut merged = match &old {
                Some(Value::Object(o)) => o.clone(),
                _ => Map::new(),
            };
            self.merge(&mut merged, attr, &new, label)?;
            return self.store(map, key, attr, old.as_ref(), Value::Object(merged), label);
        }
        let new = self.check_scalar(attr, v, label)?;
        self.store(map, key, attr, old.as_ref(), new, label)
    }

    /// Merges the sub-attributes in `new` into the complex value `into`.
    fn merge(&self, into: &mut Obj, attr: &Attribute, new: &Obj, label: &str) -> Result<()> {
        for (k, v) in new {
            let Some(sub) = attr.sub_attribute(k) else {
                continue;
            };
            let key = find_key(into, &sub.name).unwrap_or_else(|| sub.name.clone());
            let old = into.get(&key).cloned();
            self.store(
                into,
                key,
                sub,
                old.as_ref(),
                v.clone(),
                &format!("{label}.{}", sub.name),
            )?;
        }
        Ok(())
    }

    /// Writes `new` (null or `[]` to unassign) to `map[key]` after the mutability checks.
    fn store(
        &self,
        map: &mut Obj,
        key: String,
        attr: &Attribute,
        old: Option<&Value>,
        new: Value,
        label: &str,
    ) -> Result<()> {
        if check_write(attr, old, Some(&new), label)? == Write::Keep {
            return Ok(());
        }
        if unassigned(Some(&new)) {
            map.remove(&key);
        } else {
            map.insert(key, new);
        }
        Ok(())
    }

    /// A path `attr.sub` without a filter.
    fn sub_op(
        &self,
        map: &mut Obj,
        attr: &Attribute,
        sub: &Attribute,
        op: Op,
        value: Option<&Value>,
        label: &str,
    ) -> Result<()> {
        let new = match op {
            Op::Remove => Value::Null,
            _ => self.check_sub(sub, value.unwrap_or(&Value::Null), label)?,
        };
        let key = find_key(map, &attr.name);
        let old = key.as_ref().and_then(|k| map.get(k)).cloned();
        let key = key.unwrap_or_else(|| attr.name.clone());
        if attr.multi_valued {
            // Every value's sub-attribute; with no values, add/replace create one.
            let mut list = match &old {
                Some(Value::Array(a)) => a.clone(),
                _ => Vec::new(),
            };
            // Elements with nothing assigned (`null`, `{}`) are no values (RFC 7643 §2.5).
            list.retain(|e| !unassigned(Some(e)));
            if list.is_empty() {
                if op == Op::Remove || unassigned(Some(&new)) {
                    return Ok(());
                }
                list.push(Value::Object(Map::new()));
            }
            let mut touched = Vec::new();
            for (i, e) in list.iter_mut().enumerate() {
                if let Value::Object(o) = e {
                    let k = find_key(o, &sub.name).unwrap_or_else(|| sub.name.clone());
                    let prev = o.get(&k).cloned();
                    self.store(o, k, sub, prev.as_ref(), new.clone(), label)?;
                    touched.push(i);
                }
            }
            drop_unassigned(&mut list, &mut touched);
            settle_primary(attr, &mut list, &touched, label)?;
            return self.store(map, key, attr, old.as_ref(), Value::Array(list), label);
        }
        let mut parent = match &old {
            Some(Value::Object(o)) => o.clone(),
            _ if op == Op::Remove => return Ok(()),
            _ => Map::new(),
        };
        let k = find_key(&parent, &sub.name).unwrap_or_else(|| sub.name.clone());
        let prev = parent.get(&k).cloned();
        self.store(&mut parent, k, sub, prev.as_ref(), new, label)?;
        self.store(map, key, attr, old.as_ref(), Value::Object(parent), label)
    }

    /// A path with a value filter: `members[value eq "x"]`, `emails[type eq "work"].value`.
    #[allow(clippy::too_many_arguments)]
    fn filtered_op(
        &self,
        map: &mut Obj,
        attr: &Attribute,
        filter: &CompiledFilter,
        expr: &Expr,
        sub: Option<&Attribute>,
        op: Op,
        value: Option<&Value>,
        label: &str,
    ) -> Result<()> {
        let key = find_key(map, &attr.name);
        let old = key.as_ref().and_then(|k| map.get(k)).cloned();
        let key = key.unwrap_or_else(|| attr.name.clone());
        let single = !attr.multi_valued;
        let mut list: Vec<Value> = match &old {
            Some(Value::Array(a)) => a.clone(),
            Some(v @ Value::Object(_)) => vec![v.clone()],
            _ => Vec::new(),
        };
        let mut selected: Vec<usize> = (0..list.len())
            .filter(|&i| list[i].is_object() && filter.matches(&list[i]))
            .collect();
        let v = value.unwrap_or(&Value::Null);
        // What to write into each selected value (checked once).
        let new = match (op, sub) {
            (Op::Remove, _) => Value::Null,
            (_, Some(s)) => self.check_sub(s, v, label)?,
            (_, None) => Value::Object(self.check_complex(attr, v, label)?),
        };
        let mut fresh = None;
        if selected.is_empty() {
            if op == Op::Remove {
                return Ok(());
            }
            // RFC 7644 §3.5.2.3 (and Table 9): a filter that selects nothing is noTarget, unless
            // the profile creates the value the filter describes.
            let created = self
                .quirks
                .create_on_no_match
                .then(|| element_from_filter(attr, expr))
                .flatten()
                .filter(|_| !single || list.is_empty());
            let Some(mut created) = created else {
                return Err(Error::new(ErrorKind::NoTarget, diag::patch_no_match(label)));
            };
            if let (None, Value::Object(whole)) = (sub, &new) {
                // The new value completes what the filter describes, for add and replace alike.
                self.merge(&mut created, attr, whole, label)?;
                fresh = Some(list.len());
            }
            list.push(Value::Object(created));
            selected.push(list.len() - 1);
        }
        let existing: Vec<usize> = selected
            .iter()
            .copied()
            .filter(|&i| Some(i) != fresh)
            .collect();
        match (op, sub) {
            (Op::Remove, None) => {
                let mut i = 0;
                list.retain(|_| {
                    i += 1;
                    !selected.contains(&(i - 1))
                });
                selected.clear();
            }
            (_, Some(s)) => {
                for &i in &selected {
                    if let Value::Object(o) = &mut list[i] {
                        let k = find_key(o, &s.name).unwrap_or_else(|| s.name.clone());
                        let prev = o.get(&k).cloned();
                        self.store(o, k, s, prev.as_ref(), new.clone(), label)?;
                    }
                }
                drop_unassigned(&mut list, &mut selected);
            }
            (Op::Add, None) => {
                let Value::Object(new) = &new else {
                    return Ok(());
                };
                for &i in &existing {
                    if let Value::Object(o) = &mut list[i] {
                        self.merge(o, attr, new, label)?;
                    }
                }
                // Null sub-attributes unassign; a value left with nothing is gone.
                drop_unassigned(&mut list, &mut selected);
            }
            (_, None) => {
                // replace: each selected value becomes the new one, sub-attribute by
                // sub-attribute so that mutability is checked where it is declared.
                let Value::Object(new) = &new else {
                    return Ok(());
                };
                for &i in &existing {
                    if let Value::Object(o) = &mut list[i] {
                        let mut next = o.clone();
                        for s in &attr.sub_attributes {
                            let k = find_key(&next, &s.name).unwrap_or_else(|| s.name.clone());
                            let prev = next.get(&k).cloned();
                            let nv = get_ci(new, &s.name).cloned().unwrap_or(Value::Null);
                            self.store(&mut next, k, s, prev.as_ref(), nv, label)?;
                        }
                        *o = next;
                    }
                }
                // A value replaced by one with nothing assigned (`{}`) is gone, as when a
                // sub-attribute write leaves nothing.
                drop_unassigned(&mut list, &mut selected);
            }
        }
        settle_primary(attr, &mut list, &selected, label)?;
        let new_value = if single {
            list.into_iter().next().unwrap_or(Value::Null)
        } else {
            Value::Array(list)
        };
        self.store(map, key, attr, old.as_ref(), new_value, label)
    }

    // -----------------------------------------------------------------------------------------
    // Values: type checks (RFC 7643 §2.3)
    // -----------------------------------------------------------------------------------------

    /// The values of a multi-valued attribute given `v`: an array, or one value; null is none.
    fn check_multi(&self, attr: &Attribute, v: &Value, label: &str) -> Result<Vec<Value>> {
        let items: Vec<&Value> = match v {
            Value::Null => Vec::new(),
            Value::Array(a) => a.iter().filter(|e| !e.is_null()).collect(),
            one => vec![one],
        };
        items
            .into_iter()
            .map(|e| self.check_element(attr, e, label))
            .collect()
    }

    /// One value of `attr` (for a multi-valued attribute, one element).
    fn check_element(&self, attr: &Attribute, v: &Value, label: &str) -> Result<Value> {
        if attr.attr_type == AttrType::Complex {
            Ok(Value::Object(self.check_complex(attr, v, label)?))
        } else {
            self.check_scalar(attr, v, label)
        }
    }

    /// The value of a sub-attribute (which may itself be multi-valued).
    fn check_sub(&self, sub: &Attribute, v: &Value, label: &str) -> Result<Value> {
        if sub.multi_valued {
            Ok(Value::Array(self.check_multi(sub, v, label)?))
        } else {
            self.check_element(sub, &self.prepare(sub, v), label)
        }
    }

    /// A value for a single-valued attribute as the profile reads it: `""` as null
    /// ([`Quirks::empty_string_unassigns`]), and a one-element array as its element, `[{"value":
    /// x}]` as `x` for a simple attribute ([`Quirks::single_value_arrays`]).
    fn prepare<'v>(&self, attr: &Attribute, v: &'v Value) -> Cow<'v, Value> {
        if attr.multi_valued {
            return Cow::Borrowed(v);
        }
        if self.quirks.empty_string_unassigns && v.as_str() == Some("") {
            return Cow::Owned(Value::Null);
        }
        if self.quirks.single_value_arrays {
            if let Value::Array(items) = v {
                if let [one] = items.as_slice() {
                    return match (attr.attr_type, one) {
                        (AttrType::Complex, _) => Cow::Borrowed(one),
                        (_, Value::Object(o)) => match get_ci(o, "value") {
                            Some(inner) => Cow::Borrowed(inner),
                            None => Cow::Borrowed(one),
                        },
                        _ => Cow::Borrowed(one),
                    };
                }
            }
        }
        Cow::Borrowed(v)
    }

    /// A complex value: an object of known sub-attributes, each of its type. Keys come back in
    /// the schema's spelling.
    fn check_complex(&self, attr: &Attribute, v: &Value, label: &str) -> Result<Obj> {
        let members = match v {
            Value::Object(m) => m,
            Value::String(s)
                if self.quirks.complex_from_string && attr.sub_attribute("value").is_some() =>
            {
                let mut m = Map::new();
                m.insert("value".to_owned(), Value::String(s.clone()));
                return Ok(m);
            }
            Value::Array(_) if !attr.multi_valued => {
                return Err(invalid_value(diag::patch_not_multi_valued(label)));
            }
            other => {
                return Err(invalid_value(diag::patch_wrong_type(
                    label,
                    "an object of sub-attributes",
                    other,
                )));
            }
        };
        let mut out = Map::new();
        for (k, sv) in members {
            let sub = attr
                .sub_attribute(k)
                .ok_or_else(|| invalid_value(diag::patch_unknown_member(label, k)))?;
            let sub_label = format!("{label}.{}", sub.name);
            let checked = if sv.is_null() {
                Value::Null
            } else {
                self.check_sub(sub, sv, &sub_label)?
            };
            out.insert(sub.name.clone(), checked);
        }
        Ok(out)
    }

    /// A simple value of `attr`'s type; null passes (it unassigns).
    fn check_scalar(&self, attr: &Attribute, v: &Value, label: &str) -> Result<Value> {
        if v.is_null() {
            return Ok(Value::Null);
        }
        if v.is_array() && !attr.multi_valued {
            return Err(invalid_value(diag::patch_not_multi_valued(label)));
        }
        match (attr.attr_type, v) {
            (AttrType::Boolean, Value::String(s)) if self.quirks.string_booleans => {
                if s.eq_ignore_ascii_case("true") {
                    Ok(Value::Bool(true))
                } else if s.eq_ignore_ascii_case("false") {
                    Ok(Value::Bool(false))
                } else {
                    Err(invalid_value(diag::patch_wrong_type(
                        label,
                        "true or false",
                        v,
                    )))
                }
            }
            (AttrType::Complex, _) => Ok(Value::Object(self.check_complex(attr, v, label)?)),
            _ => check_simple(attr, v, label).map(|()| v.clone()),
        }
    }
}

/// The mutability checks of a write of `new` over `old` (RFC 7643 §2.2, RFC 7644 §3.5.2,
/// §3.5.2.2). Writing the value an attribute already has is not a modification.
fn check_write(
    attr: &Attribute,
    old: Option<&Value>,
    new: Option<&Value>,
    label: &str,
) -> Result<Write> {
    if same(attr, old, new) {
        return Ok(match attr.mutability {
            Mutability::ReadOnly | Mutability::Immutable => Write::Keep,
            _ => Write::Do,
        });
    }
    match attr.mutability {
        Mutability::ReadOnly => return Err(mutability(diag::patch_read_only(label))),
        Mutability::Immutable if !unassigned(old) => {
            return Err(mutability(diag::patch_immutable(label)));
        }
        _ => {}
    }
    if attr.required && unassigned(new) {
        return Err(mutability(diag::patch_required(label)));
    }
    Ok(Write::Do)
}

/// At most one of `items` may be primary (RFC 7643 §2.4).
fn check_one_primary(attr: &Attribute, items: &[Value], label: &str) -> Result<()> {
    if attr.sub_attribute("primary").is_some() && items.iter().filter(|e| is_primary(e)).count() > 1
    {
        return Err(invalid_value(diag::patch_two_primaries(label)));
    }
    Ok(())
}

/// After the values at `touched` were written: if one of them is now primary, no other value is
/// (RFC 7644 §3.5.2: the server "SHALL ... set primary to false for any other values"); two of
/// them are an error.
/// Drops the values of `list` that have nothing assigned (RFC 7643 §2.5), keeping the indices
/// in `selected` (ascending) pointing at the same values.
fn drop_unassigned(list: &mut Vec<Value>, selected: &mut Vec<usize>) {
    let mut kept = Vec::with_capacity(list.len());
    let mut moved = Vec::with_capacity(selected.len());
    for (i, e) in std::mem::take(list).into_iter().enumerate() {
        if unassigned(Some(&e)) {
            continue;
        }
        if selected.contains(&i) {
            moved.push(kept.len());
        }
        kept.push(e);
    }
    *list = kept;
    *selected = moved;
}

fn settle_primary(
    attr: &Attribute,
    list: &mut [Value],
    touched: &[usize],
    label: &str,
) -> Result<()> {
    let Some(primary) = attr.sub_attribute("primary") else {
        return Ok(());
    };
    let winners: Vec<usize> = touched
        .iter()
        .copied()
        .filter(|&i| list.get(i).is_some_and(is_primary))
        .collect();
    match winners.as_slice() {
        [] => Ok(()),
        [w] => {
            for (i, e) in list.iter_mut().enumerate() {
                if i != *w && is_primary(e) {
                    if let Value::Object(o) = e {
                        let k = find_key(o, &primary.name).unwrap_or_else(|| primary.name.clone());
                        o.insert(k, Value::Bool(false));
                    }
                }
            }
            Ok(())
        }
        _ => Err(invalid_value(diag::patch_two_primaries(label))),
    }
}

/// The value a filter such as `type eq "work" and primary eq true` describes:
/// `{"type": "work", "primary": true}`; `None` if the filter is anything but `eq` comparisons
/// of sub-attributes joined by `and`.
fn element_from_filter(attr: &Attribute, expr: &Expr) -> Option<Obj> {
    let mut out = Map::new();
    let mut add = |e: &Expr| -> Option<()> {
        let Expr::Compare(c) = e else { return None };
        if c.op != CompareOp::Eq || c.path.uri.is_some() || c.path.sub_attr.is_some() {
            return None;
        }
        let sub = attr.sub_attribute(&c.path.name)?;
        let v = match &c.value {
            CompValue::String(s) => Value::String(s.clone()),
            CompValue::Bool(b) => Value::Bool(*b),
            CompValue::Number(n) => serde_json::from_str(n.as_str()).ok()?,
            CompValue::Null => return None,
        };
        out.insert(sub.name.clone(), v);
        Some(())
    };
    match expr {
        Expr::And(l) => {
            for o in &l.operands {
                add(o)?;
            }
        }
        e => add(e)?,
    }
    Some(out)
}

/// `primary eq "True"` with `primary` a boolean sub-attribute of `parent` becomes
/// `primary eq true` ([`Quirks::string_booleans`] in value filters: Microsoft Entra ID's
/// `roles[primary eq "True"].value`).
fn coerce_string_booleans(expr: &Expr, parent: &Attribute) -> Expr {
    let mut e = expr.clone();
    coerce_in(&mut e, parent);
    e
}

fn coerce_in(e: &mut Expr, parent: &Attribute) {
    match e {
        Expr::Compare(c) => {
            let boolean = c.path.uri.is_none()
                && c.path.sub_attr.is_none()
                && parent
                    .sub_attribute(&c.path.name)
                    .is_some_and(|s| s.attr_type == AttrType::Boolean);
            if let (true, CompValue::String(s)) = (boolean, &c.value) {
                if s.eq_ignore_ascii_case("true") {
                    c.value = CompValue::Bool(true);
                } else if s.eq_ignore_ascii_case("false") {
                    c.value = CompValue::Bool(false);
                }
            }
        }
        Expr::And(l) | Expr::Or(l) => l.operands.iter_mut().for_each(|o| coerce_in(o, parent)),
        Expr::Not(n) => coerce_in(&mut n.operand, parent),
        Expr::Present(_) | Expr::ValuePath(_) => {}
    }
}
