//! Compiling a filter against a schema, and evaluating the result.
//!
//! [`Filter::compile`] resolves every attribute path once, checks each comparison against the
//! attribute's type, lower-cases string constants for `caseExact: false` attributes, parses
//! dateTime constants, and produces a [`CompiledFilter`]. [`CompiledFilter::matches`] then
//! evaluates a resource without parsing or allocating (the one exception: `co` on a
//! case-insensitive value whose lower-cased form is longer than 1 KiB lower-cases it into a
//! temporary) and without ever failing: resource data that does not have the schema's type simply does not
//! match.
//!
//! # Semantics
//!
//! Where RFC 7644 §3.4.2.2 and RFC 7643 define the behaviour, scimkit follows them:
//!
//! * **Attribute names** and schema URIs are case-insensitive (RFC 7643 §2.1, RFC 7644 §3.10). A
//!   path without a URI names an attribute of the resource type's core schema or a common
//!   attribute (`id`, `externalId`, `meta`, `schemas`; RFC 7643 §3.1). Resource members are looked
//!   up by their exact name first, then case-insensitively.
//! * **Strings** compare by the attribute's `caseExact` (RFC 7643 §2.2, RFC 7644 §3.4.2.2);
//!   `binary` and `reference` values always compare exactly ("A binary is case exact", "A
//!   reference is case exact": RFC 7643 §2.3.6, §2.3.7 — RFC 7644's caseExact rule is stated for
//!   String attributes, and the §8.7.1 listing's `caseExact: false` on `$ref` and
//!   `x509Certificates.value` contradicts the type's definition). `gt`/`ge`/`lt`/`le` on strings
//!   are lexicographic by Unicode code point.
//! * **dateTime** attributes compare as instants (RFC 7643 §2.3.5): offsets and fractional
//!   seconds are honoured; see [`crate::datetime`].
//! * **integer** and **decimal** attributes compare numerically; `1`, `1.0` and `1E0` are equal.
//! * `gt`/`ge`/`lt`/`le` on a **boolean** or **binary** attribute is an `invalidFilter` error
//!   (RFC 7644 §3.4.2.2, Table 3), found at compile time.
//! * **Multi-valued** attributes match when any of their values satisfies the comparison
//!   (RFC 7644 §3.4.2.2). A comparison on a complex multi-valued attribute without a
//!   sub-attribute compares its `value` sub-attribute (`emails co "example.com"`, RFC 7644
//!   Figure 2).
//! * A **value path** `emails[type eq "work" and value co "@example.com"]` matches when one and
//!   the same value satisfies the whole bracketed filter (RFC 7644 §3.4.2.2, Table 5).
//! * **`pr`** matches when the attribute has a value that is not null, not an empty string, not an
//!   empty array, and — for a complex value — has at least one sub-attribute that is itself
//!   present (RFC 7644 §3.4.2.2, RFC 7643 §2.5).
//!
//! Where the RFCs leave a choice, these are scimkit's (each has tests):
//!
//! * **Unknown attributes** are an `invalidFilter` error naming the attribute, not a silent
//!   non-match: a typo such as `usrName` should not look like "no users". Unqualified names that
//!   are not in the core schema resolve to an extension attribute when exactly one extension of the
//!   resource type defines them (RFC 7644 §3.10 says clients SHOULD qualify them).
//! * **`eq null`** matches exactly when `pr` does not, and **`ne null`** exactly when `pr` does
//!   (RFC 7643 §2.5: unassigned and null are the same state). `null` with any other operator is
//!   `invalidFilter`.
//! * **`ne` on a missing attribute** matches: an unassigned attribute is "not identical" to any
//!   value. On a multi-valued attribute `ne` follows the RFC's any-value rule literally:
//!   `emails.type ne "work"` matches a user with a work and a home address, because one value is
//!   not `"work"`. (So `x ne v` and `not (x eq v)` differ on multi-valued attributes; use the
//!   latter for "no value equals".)
//! * **Type mismatches** between the attribute and the filter's value (a string attribute
//!   compared with a number, a dateTime with a string that is not a dateTime, `co` on an integer,
//!   a complex attribute compared without a sub-attribute) are `invalidFilter` errors at compile
//!   time ("the specified attribute and filter comparison combination is not supported", RFC
//!   7644 §3.12). Resource values of the wrong type never match `eq`, `co`, `gt`, ... and do
//!   match `ne`.
//! * **Schema-less mode** ([`Filter::compile_schemaless`]) is for plain JSON with no schema:
//!   member names match case-insensitively; strings compare case-insensitively (the RFC 7643
//!   §2.2 default `caseExact: false`); when both the filter's string and the resource's string
//!   are xsd:dateTime values, `eq`/`ne`/`gt`/`ge`/`lt`/`le` compare them as instants; numbers
//!   compare numerically; values of another JSON type than the filter's do not match (and do
//!   match `ne`); a comparison on an array of objects without a sub-attribute compares their
//!   `value` members; a URN-qualified path looks in the member named by the URN (an extension)
//!   and falls back to the top level.
//!
//! An `or` of four or more `eq` comparisons of
//! the same string attribute (the 50-term `userName eq ... or ...` look-ups identity providers
//! send) compiles to one look-up of the attribute and a hash-set probe, with the same result.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::Arc;

use time::OffsetDateTime;

use super::Filter;
use super::ast::{AttrPath, CompValue, CompareOp, Comparison, Expr, ValuePath};
use crate::datetime::parse_datetime;
use crate::diag;
use crate::error::{Error, ErrorKind, Result, Span};
use crate::schema::{AttrType, Attribute, ResourceType, Schemas};
use crate::text::Needle;
use crate::value::{JsonRef, Kind, Num};

/// A filter resolved against a schema, ready to evaluate.
#[derive(Debug, Clone)]
pub struct CompiledFilter {
    root: Node,
}

#[derive(Debug, Clone)]
enum Node {
    And(Box<[Node]>),
    Or(Box<[Node]>),
    Not(Box<Node>),
    Leaf(Box<Leaf>),
    ValuePath(Box<(Access, Node)>),
    /// Several `eq` comparisons of one string attribute under an `or`.
    AnyOf(Box<AnyOf>),
}

/// `a eq "x" or a eq "y" or ...` as one test: does any value of `a` equal one of the constants?
#[derive(Debug, Clone)]
struct AnyOf {
    access: Access,
    case_exact: bool,
    /// The constants, lower-cased when not `case_exact` (as the needles hold them).
    set: HashSet<Box<str>>,
    /// The same comparisons, for values the set cannot be probed with without allocating.
    needles: Vec<Needle>,
}

/// Fewest `eq` comparisons of one attribute under an `or` that become an [`AnyOf`].
const ANY_OF_MIN: usize = 4;

/// Merges the `eq` comparisons of the same string attribute among `ops` (the operands of an
/// `or`) into [`AnyOf`] nodes, where there are at least [`ANY_OF_MIN`] of them. The merged node
/// takes the place of the first comparison it replaces; `or` is commutative for pure tests.
fn merge_equalities(ops: Vec<Node>) -> Vec<Node> {
    fn key(n: &Node) -> Option<(&Access, bool)> {
        match n {
            Node::Leaf(l) => match &l.test {
                Test::Str(CompareOp::Eq, needle) => Some((&l.access, needle.case_exact)),
                _ => None,
            },
            _ => None,
        }
    }
    // The group of each operand (the index of its group's first operand), and group sizes.
    let mut group_of: Vec<Option<usize>> = vec![None; ops.len()];
    let mut firsts: Vec<(usize, usize)> = Vec::new(); // (first operand, size)
    for (i, k) in ops.iter().map(key).enumerate() {
        let Some(k) = k else { continue };
        match firsts
            .iter_mut()
            .find(|(first, _)| key(&ops[*first]) == Some(k))
        {
            Some((first, size)) => {
                group_of[i] = Some(*first);
                *size += 1;
            }
            None => {
                group_of[i] = Some(i);
                firsts.push((i, 1));
            }
        }
    }
    firsts.retain(|(_, size)| *size >= ANY_OF_MIN);
    if firsts.is_empty() {
        return ops;
    }
    let mut out = Vec::with_capacity(ops.len());
    let mut anys: Vec<(usize, AnyOf)> = Vec::with_capacity(firsts.len()); // (slot in out, node)
    for (i, node) in ops.into_iter().enumerate() {
        let merged = group_of[i].filter(|g| firsts.iter().any(|(first, _)| first == g));
        let (Some(g), Node::Leaf(leaf)) = (merged, &node) else {
            out.push(node);
            continue;
        };
        let Leaf { access, test } = &**leaf;
        let Test::Str(_, needle) = test else {
            out.push(node);
            continue;
        };
        if g == i {
            anys.push((
                out.len(),
                AnyOf {
                    access: access.clone(),
                    case_exact: needle.case_exact,
                    set: HashSet::new(),
                    needles: Vec::new(),
                },
            ));
            out.push(Node::Or(Box::new([]))); // a placeholder, replaced below
        }
        let slot = firsts.iter().position(|(first, _)| *first == g);
        let Some((_, any)) = slot.and_then(|s| anys.get_mut(s)) else {
            continue;
        };
        any.set.insert(needle.text.clone());
        if let Node::Leaf(leaf) = node {
            if let Test::Str(_, needle) = leaf.test {
                any.needles.push(needle);
            }
        }
    }
    for (slot, any) in anys {
        out[slot] = Node::AnyOf(Box::new(any));
    }
    out
}

/// Where an attribute's object lives.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Container {
    /// The resource (or, inside a value path, the current value).
    Top,
    /// The extension object keyed by this schema URN.
    Ext(Box<str>),
    /// Schema-less: the member named by the URN if it is an object, else the top level.
    ExtOrTop(Box<str>),
}

#[derive(Debug, Clone, PartialEq)]
enum Sub {
    None,
    Named(Box<str>),
    /// Schema-less comparison without a sub-attribute: an object's `value` member, or the value.
    DynamicValue,
}

#[derive(Debug, Clone, PartialEq)]
struct Access {
    container: Container,
    name: Box<str>,
    sub: Sub,
}

#[derive(Debug, Clone)]
struct Leaf {
    access: Access,
    test: Test,
}

#[derive(Debug, Clone)]
enum Test {
    Present,
    Str(CompareOp, Needle),
    Num(CompareOp, Num),
    Bool(CompareOp, bool),
    DateTime(CompareOp, OffsetDateTime),
    /// Schema-less string: dateTime semantics when both sides parse as one.
    DynStr(CompareOp, Needle, Option<OffsetDateTime>),
}

impl Filter {
    /// Compiles this filter for resources of `resource_type` (case-insensitive, e.g. `"User"`)
    /// in `schemas`. Fails with `invalidFilter` (span and caret included) when a path does not
    /// resolve or a comparison does not fit the attribute's type; see the
    /// [module documentation](self) for the rules.
    pub fn compile(&self, schemas: &Schemas, resource_type: &str) -> Result<CompiledFilter> {
        let Some(rt) = schemas.resource_type(resource_type) else {
            let known: Vec<&str> = schemas.resource_types().map(|r| r.name.as_str()).collect();
            return Err(Error::new(
                ErrorKind::UnknownResourceType,
                diag::unknown_resource_type(resource_type, &known),
            ));
        };
        let c = Compiler {
            schema: Some((schemas, rt)),
            source: self.source_arc(),
            path_kind: ErrorKind::InvalidFilter,
        };
        Ok(CompiledFilter {
            root: c.node(self.root(), None)?,
        })
    }

    /// Compiles this filter for plain JSON without a schema (see "Schema-less mode" in the
    /// [module documentation](self)).
    pub fn compile_schemaless(&self) -> Result<CompiledFilter> {
        let c = Compiler {
            schema: None,
            source: self.source_arc(),
            path_kind: ErrorKind::InvalidFilter,
        };
        Ok(CompiledFilter {
            root: c.node(self.root(), None)?,
        })
    }
}

struct Compiler<'a, 's> {
    schema: Option<(&'a Schemas, &'a ResourceType)>,
    source: Option<&'s Arc<str>>,
    /// The kind of the errors of path resolution (`invalidFilter` in filters, `invalidPath` in
    /// PATCH paths); type errors of comparisons are always `invalidFilter`.
    path_kind: ErrorKind,
}

/// What an attribute path resolved to.
pub(crate) struct Resolved<'a> {
    /// Where the attribute's object lives: the resource, or an extension object.
    pub(crate) container: Container,
    /// The attribute.
    pub(crate) attr: &'a Attribute,
    /// The sub-attribute, if the path names one.
    pub(crate) sub: Option<&'a Attribute>,
}

/// Resolves `path` for `resource_type` the way filters do (RFC 7644 §3.10), with resolution
/// errors of `kind` spanned into `source`.
pub(crate) fn resolve_path<'a>(
    schemas: &'a Schemas,
    resource_type: &'a ResourceType,
    path: &AttrPath,
    source: Option<&Arc<str>>,
    kind: ErrorKind,
) -> Result<Resolved<'a>> {
    Compiler {
        schema: Some((schemas, resource_type)),
        source,
        path_kind: kind,
    }
    .resolve(path)
}

/// Compiles the filter of a value path (`emails[type eq "work"]`) to run on the values of
/// `parent`.
pub(crate) fn compile_value_filter(
    schemas: &Schemas,
    resource_type: &ResourceType,
    parent: &Attribute,
    filter: &Expr,
    source: Option<&Arc<str>>,
) -> Result<CompiledFilter> {
    let c = Compiler {
        schema: Some((schemas, resource_type)),
        source,
        path_kind: ErrorKind::InvalidFilter,
    };
    Ok(CompiledFilter {
        root: c.node(filter, Some(parent))?,
    })
}

fn type_name(a: &Attribute) -> &'static str {
    if a.multi_valued {
        return match a.attr_type {
            AttrType::Complex => "a multi-valued complex attribute",
            _ => "a multi-valued attribute",
        };
    }
    match a.attr_type {
        AttrType::String => "a string",
        AttrType::Boolean => "a boolean",
        AttrType::Decimal => "a decimal",
        AttrType::Integer => "an integer",
        AttrType::DateTime => "a dateTime",
        AttrType::Binary => "a binary attribute",
        AttrType::Reference => "a reference",
        AttrType::Complex => "a complex attribute",
    }
}

fn scalar_type_name(t: AttrType) -> &'static str {
    match t {
        AttrType::String => "a string",
        AttrType::Boolean => "a boolean",
        AttrType::Decimal => "a decimal",
        AttrType::Integer => "an integer",
        AttrType::DateTime => "a dateTime",
        AttrType::Binary => "binary",
        AttrType::Reference => "a reference",
        AttrType::Complex => "complex",
    }
}

fn value_desc(v: &CompValue) -> &'static str {
    match v {
        CompValue::Bool(_) => "a boolean",
        CompValue::Null => "null",
        CompValue::Number(_) => "a number",
        CompValue::String(_) => "a string",
    }
}

/// Finds an attribute by name, case-insensitively.
fn find_attr<'a>(attrs: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
    attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name))
}

impl<'a> Compiler<'a, '_> {
    #[cold]
    fn err(&self, detail: String, span: Span) -> Error {
        self.err_of(ErrorKind::InvalidFilter, detail, span)
    }

    /// An error in resolving a path (see `path_kind`).
    #[cold]
    fn path_err(&self, detail: String, span: Span) -> Error {
        self.err_of(self.path_kind, detail, span)
    }

    #[cold]
    fn err_of(&self, kind: ErrorKind, detail: String, span: Span) -> Error {
        let e = Error::new(kind, detail);
        // Spans of hand-built trees are meaningless; attach them only with source text.
        match self.source {
            Some(src) => e.with_span(span).with_source(Arc::clone(src)),
            None => e,
        }
    }

    /// `parent`: inside a value path, the attribute whose values are being filtered.
    fn node(&self, e: &Expr, parent: Option<&'a Attribute>) -> Result<Node> {
        Ok(match e {
            Expr::And(l) => Node::And(
                l.operands
                    .iter()
                    .map(|o| self.node(o, parent))
                    .collect::<Result<_>>()?,
            ),
            Expr::Or(l) => {
                let ops = l
                    .operands
                    .iter()
                    .map(|o| self.node(o, parent))
                    .collect::<Result<Vec<_>>>()?;
                let mut ops = merge_equalities(ops);
                if ops.len() == 1 {
                    ops.pop().unwrap_or(Node::Or(Box::new([])))
                } else {
                    Node::Or(ops.into_boxed_slice())
                }
            }
            Expr::Not(n) => Node::Not(Box::new(self.node(&n.operand, parent)?)),
            Expr::Present(p) => {
                let access = self.presence_access(&p.path, parent)?;
                Node::Leaf(Box::new(Leaf {
                    access,
                    test: Test::Present,
                }))
            }
            Expr::Compare(c) => self.comparison(c, parent)?,
            Expr::ValuePath(v) => self.value_path(v)?,
        })
    }

    fn value_path(&self, v: &ValuePath) -> Result<Node> {
        let path = &v.attr;
        match self.schema {
            None => {
                let access = Access {
                    container: path
                        .uri
                        .as_deref()
                        .map_or(Container::Top, |u| Container::ExtOrTop(u.into())),
                    name: path.name.as_str().into(),
                    sub: path
                        .sub_attr
                        .as_deref()
                        .map_or(Sub::None, |s| Sub::Named(s.into())),
                };
                let inner = self.node(&v.filter, None)?;
                Ok(Node::ValuePath(Box::new((access, inner))))
            }
            Some(_) => {
                let r = self.resolve(path)?;
                let target = r.sub.unwrap_or(r.attr);
                if target.attr_type != AttrType::Complex {
                    return Err(self.err(
                        diag::value_path_not_complex(&path.to_string(), type_name(target)),
                        path.span,
                    ));
                }
                let access = Access {
                    container: r.container,
                    name: r.attr.name.as_str().into(),
                    sub: r
                        .sub
                        .map_or(Sub::None, |s| Sub::Named(s.name.as_str().into())),
                };
                let inner = self.node(&v.filter, Some(target))?;
                Ok(Node::ValuePath(Box::new((access, inner))))
            }
        }
    }

    /// Resolves a path against the resource type (outside value paths).
    fn resolve(&self, path: &AttrPath) -> Result<Resolved<'a>> {
        let Some((schemas, rt)) = self.schema else {
            unreachable_schemaless()?
        };
        let unknown = || {
            self.path_err(
                diag::unknown_attribute(&path.to_string(), &rt.name),
                path.span,
            )
        };
        let (container, attr) = if let Some(uri) = path.uri.as_deref() {
            if uri.eq_ignore_ascii_case(&rt.schema) {
                let core = schemas
                    .schema(&rt.schema)
                    .and_then(|s| s.attribute(&path.name));
                let attr = core
                    .or_else(|| find_attr(schemas.common_attributes(), &path.name))
                    .ok_or_else(unknown)?;
                (Container::Top, attr)
            } else if let Some(ext) = rt
                .schema_extensions
                .iter()
                .find(|x| x.schema.eq_ignore_ascii_case(uri))
            {
                let attr = schemas
                    .schema(&ext.schema)
                    .and_then(|s| s.attribute(&path.name))
                    .ok_or_else(unknown)?;
                (Container::Ext(ext.schema.as_str().into()), attr)
            } else {
                let uri_span = Span::new(path.span.start, path.span.start + uri.len());
                return Err(self.path_err(diag::unknown_schema_uri(uri, &rt.name), uri_span));
            }
        } else if let Some(attr) = schemas
            .schema(&rt.schema)
            .and_then(|s| s.attribute(&path.name))
            .or_else(|| find_attr(schemas.common_attributes(), &path.name))
        {
            (Container::Top, attr)
        } else {
            let mut found: Vec<(&str, &Attribute)> = Vec::new();
            for ext in &rt.schema_extensions {
                if let Some(a) = schemas
                    .schema(&ext.schema)
                    .and_then(|s| s.attribute(&path.name))
                {
                    found.push((ext.schema.as_str(), a));
                }
            }
            match found.as_slice() {
                [] => return Err(unknown()),
                [(urn, a)] => (Container::Ext((*urn).into()), *a),
                _ => {
                    let urns: Vec<&str> = found.iter().map(|(u, _)| *u).collect();
                    return Err(
                        self.path_err(diag::ambiguous_attribute(&path.name, &urns), path.span)
                    );
                }
            }
        };
        let sub = match path.sub_attr.as_deref() {
            None => None,
            Some(s) => Some(self.sub_attribute(attr, s, path.span, self.path_kind)?),
        };
        Ok(Resolved {
            container,
            attr,
            sub,
        })
    }

    fn sub_attribute(
        &self,
        attr: &'a Attribute,
        sub: &str,
        span: Span,
        kind: ErrorKind,
    ) -> Result<&'a Attribute> {
        if attr.attr_type != AttrType::Complex {
            return Err(self.err_of(kind, diag::no_sub_attributes(&attr.name), span));
        }
        attr.sub_attribute(sub)
            .ok_or_else(|| self.err_of(kind, diag::unknown_sub_attribute(&attr.name, sub), span))
    }

    /// Resolves a path inside `parent[...]`: a bare sub-attribute name.
    fn resolve_inner(&self, path: &AttrPath, parent: &'a Attribute) -> Result<Resolved<'a>> {
        if path.uri.is_some() || path.sub_attr.is_some() {
            return Err(self.err(
                diag::value_path_inner_path(&parent.name, &path.to_string()),
                path.span,
            ));
        }
        let attr = self.sub_attribute(parent, &path.name, path.span, ErrorKind::InvalidFilter)?;
        Ok(Resolved {
            container: Container::Top,
            attr,
            sub: None,
        })
    }

    fn resolve_in(&self, path: &AttrPath, parent: Option<&'a Attribute>) -> Result<Resolved<'a>> {
        match parent {
            Some(p) => self.resolve_inner(path, p),
            None => self.resolve(path),
        }
    }

    fn schemaless_access(path: &AttrPath, compare: bool) -> Access {
        Access {
            container: path
                .uri
                .as_deref()
                .map_or(Container::Top, |u| Container::ExtOrTop(u.into())),
            name: path.name.as_str().into(),
            sub: match path.sub_attr.as_deref() {
                Some(s) => Sub::Named(s.into()),
                None if compare => Sub::DynamicValue,
                None => Sub::None,
            },
        }
    }

    fn presence_access(&self, path: &AttrPath, parent: Option<&'a Attribute>) -> Result<Access> {
        if self.schema.is_none() {
            return Ok(Self::schemaless_access(path, false));
        }
        let r = self.resolve_in(path, parent)?;
        Ok(Access {
            container: r.container,
            name: r.attr.name.as_str().into(),
            sub: r
                .sub
                .map_or(Sub::None, |s| Sub::Named(s.name.as_str().into())),
        })
    }

    fn comparison(&self, c: &Comparison, parent: Option<&'a Attribute>) -> Result<Node> {
        let op = c.op;
        // `eq null` / `ne null`: the presence test (RFC 7643 §2.5).
        if c.value == CompValue::Null {
            if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
                return Err(self.err(diag::null_needs_eq(op.as_str()), c.op_span));
            }
            let present = Node::Leaf(Box::new(Leaf {
                access: self.presence_access(&c.path, parent)?,
                test: Test::Present,
            }));
            return Ok(if op == CompareOp::Eq {
                Node::Not(Box::new(present))
            } else {
                present
            });
        }
        if self.schema.is_none() {
            // Without a schema only the value can be at fault.
            if op.is_ordering() && matches!(c.value, CompValue::Bool(_)) {
                return Err(self.err(diag::ordering_with_boolean(op.as_str()), c.value_span));
            }
            if op.is_substring() && !matches!(c.value, CompValue::String(_)) {
                return Err(self.err(diag::substring_needs_string(op.as_str()), c.value_span));
            }
            let test = match &c.value {
                CompValue::String(s) => Test::DynStr(
                    op,
                    Needle::for_op(s, false, op == CompareOp::Co),
                    parse_datetime(s),
                ),
                CompValue::Number(n) => Test::Num(op, number_const(n)),
                CompValue::Bool(b) => Test::Bool(op, *b),
                CompValue::Null => Test::Present,
            };
            return Ok(Node::Leaf(Box::new(Leaf {
                access: Self::schemaless_access(&c.path, true),
                test,
            })));
        }
        let r = self.resolve_in(&c.path, parent)?;
        // For error messages only.
        let path_text = || c.path.to_string();
        // The attribute actually compared: the sub-attribute, or the `value` sub-attribute of a
        // complex multi-valued attribute (RFC 7644 §3.4.2.2 Figure 2: `emails co "example.com"`).
        let (target, sub) = match r.sub {
            Some(s) => (s, Sub::Named(s.name.as_str().into())),
            None if r.attr.attr_type == AttrType::Complex => {
                let value = r
                    .attr
                    .sub_attribute("value")
                    .filter(|_| r.attr.multi_valued);
                match value {
                    Some(v) => (v, Sub::Named(v.name.as_str().into())),
                    None => {
                        return Err(self.err(
                            diag::complex_comparison(
                                &path_text(),
                                r.attr.sub_attributes.first().map(|s| s.name.as_str()),
                            ),
                            c.path.span,
                        ));
                    }
                }
            }
            None => (r.attr, Sub::None),
        };
        let access = Access {
            container: r.container,
            name: r.attr.name.as_str().into(),
            sub,
        };
        let t = target.attr_type;
        let tname = scalar_type_name(t);
        if op.is_ordering() && matches!(t, AttrType::Boolean | AttrType::Binary) {
            return Err(self.err(
                diag::ordering_not_supported(op.as_str(), &path_text(), tname),
                c.op_span,
            ));
        }
        if op.is_substring()
            && !matches!(t, AttrType::String | AttrType::Reference | AttrType::Binary)
        {
            return Err(self.err(
                diag::substring_not_supported(op.as_str(), &path_text(), tname),
                c.op_span,
            ));
        }
        let mismatch = |expected: &str| {
            self.err(
                diag::type_mismatch(&path_text(), tname, expected, value_desc(&c.value)),
                c.value_span,
            )
        };
        let test = match (t, &c.value) {
            (AttrType::String, CompValue::String(s)) => Test::Str(
                op,
                Needle::for_op(s, target.case_exact, op == CompareOp::Co),
            ),
            // RFC 7643 §2.3.6, §2.3.7: "A binary is case exact", "A reference is case exact";
            // RFC 7644's caseExact rule is stated for String attributes.
            (AttrType::Binary | AttrType::Reference, CompValue::String(s)) => {
                Test::Str(op, Needle::for_op(s, true, op == CompareOp::Co))
            }
            (AttrType::Boolean, CompValue::Bool(b)) => Test::Bool(op, *b),
            (AttrType::Integer | AttrType::Decimal, CompValue::Number(n)) => {
                Test::Num(op, number_const(n))
            }
            (AttrType::DateTime, CompValue::String(s)) => match parse_datetime(s) {
                Some(dt) => Test::DateTime(op, dt),
                None => return Err(self.err(diag::bad_datetime_value(s), c.value_span)),
            },
            (AttrType::String | AttrType::Reference | AttrType::Binary, _) => {
                return Err(mismatch("a string"));
            }
            (AttrType::Boolean, _) => return Err(mismatch("true or false")),
            (AttrType::Integer | AttrType::Decimal, _) => return Err(mismatch("a number")),
            (AttrType::DateTime, _) => return Err(mismatch("a dateTime string")),
            (AttrType::Complex, _) => {
                return Err(self.err(diag::complex_comparison(&path_text(), None), c.path.span));
            }
        };
        Ok(Node::Leaf(Box::new(Leaf { access, test })))
    }
}

#[cold]
fn unreachable_schemaless<T>() -> Result<T> {
    Err(Error::new(
        ErrorKind::InvalidFilter,
        "internal error: schema resolution without a schema",
    ))
}

fn number_const(n: &super::ast::Number) -> Num {
    match n.as_i64() {
        Some(i) => Num::from_i64(i),
        None => Num::from_f64(n.as_f64()),
    }
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

impl CompiledFilter {
    /// Does `resource` match? Never fails: data that does not fit the schema does not match.
    pub fn matches(&self, resource: &serde_json::Value) -> bool {
        self.root.eval(&resource)
    }

    /// [`matches`](Self::matches) over any [`JsonRef`] (bindings evaluate host objects in place).
    pub fn matches_ref<V: JsonRef>(&self, resource: &V) -> bool {
        self.root.eval(resource)
    }
}

impl Node {
    fn eval<V: JsonRef>(&self, v: &V) -> bool {
        match self {
            Node::And(ns) => ns.iter().all(|n| n.eval(v)),
            Node::Or(ns) => ns.iter().any(|n| n.eval(v)),
            Node::Not(n) => !n.eval(v),
            Node::Leaf(l) => l.eval(v),
            Node::ValuePath(b) => {
                let (access, inner) = &**b;
                access.any_value(v, |x: &V| x.is_object() && inner.eval(x))
            }
            Node::AnyOf(any) => any.access.any_value(v, |x: &V| match x.kind() {
                Kind::String(s) => any.contains(&s),
                _ => false,
            }),
        }
    }
}

impl AnyOf {
    /// Does `s` equal one of the constants (under `caseExact`)?
    fn contains(&self, s: &str) -> bool {
        if self.case_exact {
            return self.set.contains(s);
        }
        const STACK: usize = 256;
        if s.is_ascii() && s.len() <= STACK {
            let mut buf = [0u8; STACK];
            let lowered = &mut buf[..s.len()];
            lowered.copy_from_slice(s.as_bytes());
            lowered.make_ascii_lowercase();
            if let Ok(lowered) = std::str::from_utf8(lowered) {
                return self.set.contains(lowered);
            }
        }
        self.needles.iter().any(|n| n.eq(s))
    }
}

/// Calls `f` on `v`, or on each element if `v` is an array, until it returns true.
fn each<V: JsonRef, F: FnMut(&V) -> bool>(v: &V, mut f: F) -> bool {
    if v.is_array() {
        v.any_element(&mut |e| f(&e))
    } else {
        f(v)
    }
}

impl Access {
    /// The attribute's value within `v` (before sub-attribute and array handling).
    fn attribute<V: JsonRef>(&self, v: &V) -> Option<V> {
        match &self.container {
            Container::Top => v.get(&self.name),
            Container::Ext(urn) => v.get(urn)?.get(&self.name),
            Container::ExtOrTop(urn) => match v.get(urn) {
                Some(ext) if ext.is_object() => ext.get(&self.name),
                _ => v.get(&self.name),
            },
        }
    }

    /// Calls `f` on each value the path reaches in `v` — the attribute's values, or each value's
    /// sub-attribute values — until it returns true.
    fn any_value<V: JsonRef, F: FnMut(&V) -> bool>(&self, v: &V, mut f: F) -> bool {
        let Some(attr) = self.attribute(v) else {
            return false;
        };
        match &self.sub {
            Sub::None => each(&attr, f),
            Sub::Named(s) => each(&attr, |e: &V| match e.get(s) {
                Some(x) => each(&x, &mut f),
                None => false,
            }),
            Sub::DynamicValue => each(&attr, |e: &V| {
                if e.is_object() {
                    match e.get("value") {
                        Some(x) => each(&x, &mut f),
                        None => false,
                    }
                } else {
                    f(e)
                }
            }),
        }
    }
}

/// `pr` on one value (RFC 7644 §3.4.2.2 Table 3, RFC 7643 §2.5). Nesting beyond what SCIM data
/// has (attribute, complex value, sub-attribute value) is not inspected further.
fn is_present<V: JsonRef>(x: &V, depth: u8) -> bool {
    match x.kind() {
        Kind::Null => false,
        Kind::String(s) => !s.is_empty(),
        Kind::Array if depth < 4 => x.any_element(&mut |e| is_present(&e, depth + 1)),
        Kind::Object if depth < 4 => x.any_member(&mut |_, m| is_present(&m, depth + 1)),
        _ => true,
    }
}

fn ord_holds(op: CompareOp, ord: Ordering) -> bool {
    match op {
        CompareOp::Eq => ord == Ordering::Equal,
        CompareOp::Gt => ord == Ordering::Greater,
        CompareOp::Ge => ord != Ordering::Less,
        CompareOp::Lt => ord == Ordering::Less,
        CompareOp::Le => ord != Ordering::Greater,
        _ => false,
    }
}

fn str_holds(op: CompareOp, n: &Needle, s: &str) -> bool {
    match op {
        CompareOp::Eq => n.eq(s),
        CompareOp::Co => n.contained_in(s),
        CompareOp::Sw => n.starts_with(s),
        CompareOp::Ew => n.ends_with(s),
        _ => ord_holds(op, n.cmp(s)),
    }
}

impl Test {
    /// Does the (non-`ne`) comparison `op` hold for `x`? Values that cannot be compared with
    /// the constant (another JSON type, an unparsable dateTime) never hold.
    fn holds<V: JsonRef>(&self, op: CompareOp, x: &V) -> bool {
        match (self, x.kind()) {
            (Test::Str(_, n), Kind::String(s)) => str_holds(op, n, &s),
            (Test::DynStr(_, n, dt), Kind::String(s)) => {
                if !op.is_substring() {
                    if let (Some(d), Some(t)) = (dt, parse_datetime(&s)) {
                        return ord_holds(op, t.cmp(d));
                    }
                }
                str_holds(op, n, &s)
            }
            (Test::Num(_, c), Kind::Number(m)) => m.compare(*c).is_some_and(|o| ord_holds(op, o)),
            (Test::Bool(_, b), Kind::Bool(x)) => op == CompareOp::Eq && x == *b,
            (Test::DateTime(_, d), Kind::String(s)) => {
                parse_datetime(&s).is_some_and(|t| ord_holds(op, t.cmp(d)))
            }
            _ => false,
        }
    }

    fn op(&self) -> Option<CompareOp> {
        match self {
            Test::Present => None,
            Test::Str(op, _)
            | Test::Num(op, _)
            | Test::Bool(op, _)
            | Test::DateTime(op, _)
            | Test::DynStr(op, _, _) => Some(*op),
        }
    }
}

impl Leaf {
    fn eval<V: JsonRef>(&self, v: &V) -> bool {
        match self.test.op() {
            None => self.access.any_value(v, |x: &V| is_present(x, 0)),
            Some(CompareOp::Ne) => {
                // Any value not identical to the constant; an unassigned attribute is not
                // identical to any value (RFC 7643 §2.5).
                let mut assigned = false;
                let hit = self.access.any_value(v, |x: &V| {
                    if x.is_null() {
                        return false;
                    }
                    assigned = true;
                    !self.test.holds(CompareOp::Eq, x)
                });
                hit || !assigned
            }
            Some(op) => self.access.any_value(v, |x: &V| self.test.holds(op, x)),
        }
    }
}
