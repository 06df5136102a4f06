//! A reference evaluator of SCIM filters, written for the `differential` target from RFC 7644
//! §3.4.2.2, RFC 7643 and the semantics `scimkit::filter::compile` documents, as plainly as
//! possible: no pre-lowering, no lazy folding, no allocation-free paths. It has its own copy of
//! the User schema (RFC 7643 §3.1, §4.1, §4.3 with the errata the engine's data README lists),
//! its own xsd:dateTime parser, and exact number comparison.
//!
//! It shares with the engine only the AST types; where the engine documents a choice the RFCs
//! leave open, the reference follows the documentation:
//!
//! * unknown attributes, `null` with an operator other than `eq`/`ne`, ordering on booleans and
//!   binaries, substrings on anything but strings, references and binaries, type mismatches and
//!   unparsable dateTime constants do not compile;
//! * `eq null` is `not pr`, `ne null` is `pr`; `ne` matches when no assigned (non-null) value is
//!   equal, i.e. any value differs or there is none;
//! * multi-valued attributes match when any value does; a complex multi-valued attribute
//!   compared without a sub-attribute compares its `value`s;
//! * `pr` is: not null, not `""`, not an empty array, an object with a present member (nesting
//!   deeper than SCIM data has is not inspected: the engine documents a cut-off, mirrored here);
//! * case-insensitive strings compare after `char::to_lowercase` on every character;
//!   references and binaries always exactly; ordering by code point;
//! * schema-less: member names case-insensitive, strings case-insensitive, dateTime semantics
//!   when both strings are dateTimes (not for `co`/`sw`/`ew`), `value` members of objects when
//!   there is no sub-attribute, a URN prefix naming a member that holds an object looks there
//!   (and only there), otherwise at the top level.

use std::cmp::Ordering;

use scimkit::filter::{AttrPath, CompValue, CompareOp, Comparison, Expr, Number};
use serde_json::Value;

use crate::ast::{ENTERPRISE_URN, GROUP_URN, USER_URN};
use crate::{Result, Unstructured, chance, maybe_scramble, pick, weighted};

// ---------------------------------------------------------------------------------------------
// The User schema
// ---------------------------------------------------------------------------------------------

/// An attribute's type (RFC 7643 §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// string
    Str,
    /// boolean
    Bool,
    /// dateTime
    DateTime,
    /// binary
    Binary,
    /// reference
    Ref,
    /// complex
    Complex,
}

/// An attribute definition: what the reference needs of it.
#[derive(Debug)]
pub struct Attr {
    /// The name in the schema's spelling.
    pub name: &'static str,
    /// The type.
    pub ty: Ty,
    /// Multi-valued?
    pub multi: bool,
    /// caseExact (for strings).
    pub case_exact: bool,
    /// Sub-attributes of a complex attribute.
    pub subs: &'static [Attr],
}

const fn a(name: &'static str, ty: Ty) -> Attr {
    Attr {
        name,
        ty,
        multi: false,
        case_exact: false,
        subs: &[],
    }
}

const fn exact(name: &'static str, ty: Ty) -> Attr {
    Attr {
        case_exact: true,
        ..a(name, ty)
    }
}

const fn complex(name: &'static str, subs: &'static [Attr]) -> Attr {
    Attr {
        subs,
        ..a(name, Ty::Complex)
    }
}

const fn multi(name: &'static str, subs: &'static [Attr]) -> Attr {
    Attr {
        multi: true,
        subs,
        ..a(name, Ty::Complex)
    }
}

/// `value`, `display`, `type`, `primary` (RFC 7643 §2.4).
const PLURAL: &[Attr] = &[
    a("value", Ty::Str),
    a("display", Ty::Str),
    a("type", Ty::Str),
    a("primary", Ty::Bool),
];

/// The core User schema (RFC 7643 §4.1; `addresses.primary` added, as the engine's data does).
pub const CORE: &[Attr] = &[
    a("userName", Ty::Str),
    complex(
        "name",
        &[
            a("formatted", Ty::Str),
            a("familyName", Ty::Str),
            a("givenName", Ty::Str),
            a("middleName", Ty::Str),
            a("honorificPrefix", Ty::Str),
            a("honorificSuffix", Ty::Str),
        ],
    ),
    a("displayName", Ty::Str),
    a("nickName", Ty::Str),
    a("profileUrl", Ty::Ref),
    a("title", Ty::Str),
    a("userType", Ty::Str),
    a("preferredLanguage", Ty::Str),
    a("locale", Ty::Str),
    a("timezone", Ty::Str),
    a("active", Ty::Bool),
    a("password", Ty::Str),
    multi("emails", PLURAL),
    multi("phoneNumbers", PLURAL),
    multi("ims", PLURAL),
    multi(
        "photos",
        &[
            a("value", Ty::Ref),
            a("display", Ty::Str),
            a("type", Ty::Str),
            a("primary", Ty::Bool),
        ],
    ),
    multi(
        "addresses",
        &[
            a("formatted", Ty::Str),
            a("streetAddress", Ty::Str),
            a("locality", Ty::Str),
            a("region", Ty::Str),
            a("postalCode", Ty::Str),
            a("country", Ty::Str),
            a("type", Ty::Str),
            a("primary", Ty::Bool),
        ],
    ),
    multi(
        "groups",
        &[
            a("value", Ty::Str),
            a("$ref", Ty::Ref),
            a("display", Ty::Str),
            a("type", Ty::Str),
        ],
    ),
    multi("entitlements", PLURAL),
    multi("roles", PLURAL),
    multi(
        "x509Certificates",
        &[
            a("value", Ty::Binary),
            a("display", Ty::Str),
            a("type", Ty::Str),
            a("primary", Ty::Bool),
        ],
    ),
];

/// The common attributes (RFC 7643 §3, §3.1).
pub const COMMON: &[Attr] = &[
    exact("id", Ty::Str),
    exact("externalId", Ty::Str),
    complex(
        "meta",
        &[
            exact("resourceType", Ty::Str),
            a("created", Ty::DateTime),
            a("lastModified", Ty::DateTime),
            exact("location", Ty::Ref),
            exact("version", Ty::Str),
        ],
    ),
    Attr {
        multi: true,
        ..a("schemas", Ty::Str)
    },
];

/// The enterprise User extension (RFC 7643 §4.3; `manager.value` caseExact per erratum 8472).
pub const ENTERPRISE: &[Attr] = &[
    a("employeeNumber", Ty::Str),
    a("costCenter", Ty::Str),
    a("organization", Ty::Str),
    a("division", Ty::Str),
    a("department", Ty::Str),
    complex(
        "manager",
        &[
            exact("value", Ty::Str),
            a("$ref", Ty::Ref),
            a("displayName", Ty::Str),
        ],
    ),
];

fn find(list: &'static [Attr], name: &str) -> Option<&'static Attr> {
    list.iter().find(|a| a.name.eq_ignore_ascii_case(name))
}

// ---------------------------------------------------------------------------------------------
// Compiled form
// ---------------------------------------------------------------------------------------------

/// Where an attribute's object is.
#[derive(Debug, Clone)]
pub enum Place {
    /// The resource (or the current value inside brackets).
    Top,
    /// The extension object under this URN.
    Ext(&'static str),
    /// Schema-less: the member named by the URN when it holds an object, else the top.
    ExtOrTop(String),
}

/// Which part of the attribute's values is compared.
#[derive(Debug, Clone)]
pub enum Part {
    /// The values themselves.
    Whole,
    /// This sub-attribute of each value.
    Sub(String),
    /// Schema-less: the `value` member of objects, other values themselves.
    ValueOfObjects,
}

/// How to reach an attribute's values.
#[derive(Debug, Clone)]
pub struct Access {
    place: Place,
    name: String,
    part: Part,
}

/// The constant of a comparison, typed.
#[derive(Debug, Clone)]
pub enum Const {
    /// A string compared exactly (`true`) or case-insensitively.
    Str(String, bool),
    /// A number.
    Num(Number),
    /// A boolean.
    Bool(bool),
    /// A dateTime, as nanoseconds since the Unix epoch.
    DateTime(i128),
    /// Schema-less string: case-insensitive, or an instant when both sides are dateTimes.
    Dyn(String, Option<i128>),
}

/// A compiled filter.
#[derive(Debug, Clone)]
pub enum Node {
    /// All hold.
    And(Vec<Node>),
    /// One holds.
    Or(Vec<Node>),
    /// Does not hold.
    Not(Box<Node>),
    /// `pr`.
    Present(Access),
    /// `attr op value`.
    Cmp(Access, CompareOp, Const),
    /// `attr[filter]`.
    ValuePath(Access, Box<Node>),
}

type Compiled = std::result::Result<Node, String>;

// ---------------------------------------------------------------------------------------------
// Compiling against the User schema
// ---------------------------------------------------------------------------------------------

struct Resolved {
    place: Place,
    attr: &'static Attr,
    sub: Option<&'static Attr>,
}

fn resolve(path: &AttrPath) -> std::result::Result<Resolved, String> {
    let unknown = || format!("unknown attribute {path}");
    let (place, attr) = match path.uri.as_deref() {
        Some(uri) if uri.eq_ignore_ascii_case(USER_URN) => (
            Place::Top,
            find(CORE, &path.name)
                .or_else(|| find(COMMON, &path.name))
                .ok_or_else(unknown)?,
        ),
        Some(uri) if uri.eq_ignore_ascii_case(ENTERPRISE_URN) => (
            Place::Ext(ENTERPRISE_URN),
            find(ENTERPRISE, &path.name).ok_or_else(unknown)?,
        ),
        Some(uri) => return Err(format!("unknown schema {uri}")),
        None => match find(CORE, &path.name).or_else(|| find(COMMON, &path.name)) {
            Some(attr) => (Place::Top, attr),
            None => (
                Place::Ext(ENTERPRISE_URN),
                find(ENTERPRISE, &path.name).ok_or_else(unknown)?,
            ),
        },
    };
    let sub = match path.sub_attr.as_deref() {
        None => None,
        Some(s) if attr.ty == Ty::Complex => Some(find(attr.subs, s).ok_or_else(unknown)?),
        Some(_) => return Err(format!("{} has no sub-attributes", attr.name)),
    };
    Ok(Resolved { place, attr, sub })
}

/// Inside `parent[...]`: a bare sub-attribute name.
fn resolve_in(
    path: &AttrPath,
    parent: Option<&'static Attr>,
) -> std::result::Result<Resolved, String> {
    let Some(parent) = parent else {
        return resolve(path);
    };
    if path.uri.is_some() || path.sub_attr.is_some() {
        return Err(format!("{path} inside {}[...]", parent.name));
    }
    let attr = find(parent.subs, &path.name)
        .ok_or_else(|| format!("{} has no sub-attribute {}", parent.name, path.name))?;
    Ok(Resolved {
        place: Place::Top,
        attr,
        sub: None,
    })
}

fn access(r: &Resolved) -> Access {
    Access {
        place: r.place.clone(),
        name: r.attr.name.to_owned(),
        part: r.sub.map_or(Part::Whole, |s| Part::Sub(s.name.to_owned())),
    }
}

/// Compiles `e` for User resources, or says why it does not compile.
pub fn compile_user(e: &Expr) -> Compiled {
    user_node(e, None)
}

fn user_node(e: &Expr, parent: Option<&'static Attr>) -> Compiled {
    Ok(match e {
        Expr::And(l) => Node::And(
            l.operands
                .iter()
                .map(|o| user_node(o, parent))
                .collect::<std::result::Result<_, _>>()?,
        ),
        Expr::Or(l) => Node::Or(
            l.operands
                .iter()
                .map(|o| user_node(o, parent))
                .collect::<std::result::Result<_, _>>()?,
        ),
        Expr::Not(n) => Node::Not(Box::new(user_node(&n.operand, parent)?)),
        Expr::Present(p) => Node::Present(access(&resolve_in(&p.path, parent)?)),
        Expr::Compare(c) => user_comparison(c, parent)?,
        Expr::ValuePath(v) => {
            // Value paths do not nest in parsed filters; a hand-built nested one resolves from
            // the resource type, as the engine documents nothing else.
            let r = resolve(&v.attr)?;
            let target = r.sub.unwrap_or(r.attr);
            if target.ty != Ty::Complex {
                return Err(format!("{} is not complex", v.attr));
            }
            Node::ValuePath(access(&r), Box::new(user_node(&v.filter, Some(target))?))
        }
    })
}

fn user_comparison(c: &Comparison, parent: Option<&'static Attr>) -> Compiled {
    let op = c.op;
    if c.value == CompValue::Null {
        let present = Node::Present(access(&resolve_in(&c.path, parent)?));
        return match op {
            CompareOp::Eq => Ok(Node::Not(Box::new(present))),
            CompareOp::Ne => Ok(present),
            _ => Err(format!("null with {op}")),
        };
    }
    let r = resolve_in(&c.path, parent)?;
    let (target, part) = match r.sub {
        Some(s) => (s, Part::Sub(s.name.to_owned())),
        None if r.attr.ty == Ty::Complex => match find(r.attr.subs, "value") {
            Some(v) if r.attr.multi => (v, Part::Sub(v.name.to_owned())),
            _ => return Err(format!("{} is complex", c.path)),
        },
        None => (r.attr, Part::Whole),
    };
    let acc = Access {
        place: r.place,
        name: r.attr.name.to_owned(),
        part,
    };
    if op.is_ordering() && matches!(target.ty, Ty::Bool | Ty::Binary) {
        return Err(format!("{op} on {:?}", target.ty));
    }
    if op.is_substring() && !matches!(target.ty, Ty::Str | Ty::Ref | Ty::Binary) {
        return Err(format!("{op} on {:?}", target.ty));
    }
    let k = match (target.ty, &c.value) {
        (Ty::Str, CompValue::String(s)) => Const::Str(s.clone(), target.case_exact),
        // "A binary is case exact", "A reference is case exact" (RFC 7643 §2.3.6, §2.3.7).
        (Ty::Binary | Ty::Ref, CompValue::String(s)) => Const::Str(s.clone(), true),
        (Ty::Bool, CompValue::Bool(b)) => Const::Bool(*b),
        (Ty::DateTime, CompValue::String(s)) => {
            Const::DateTime(datetime(s).ok_or_else(|| format!("{s:?} is not a dateTime"))?)
        }
        (ty, v) => return Err(format!("{v} for {ty:?}")),
    };
    Ok(Node::Cmp(acc, op, k))
}

// ---------------------------------------------------------------------------------------------
// Compiling without a schema
// ---------------------------------------------------------------------------------------------

fn schemaless_access(path: &AttrPath, compare: bool) -> Access {
    Access {
        place: path
            .uri
            .as_ref()
            .map_or(Place::Top, |u| Place::ExtOrTop(u.clone())),
        name: path.name.clone(),
        part: match &path.sub_attr {
            Some(s) => Part::Sub(s.clone()),
            None if compare => Part::ValueOfObjects,
            None => Part::Whole,
        },
    }
}

/// Compiles `e` for schema-less evaluation.
pub fn compile_schemaless(e: &Expr) -> Compiled {
    Ok(match e {
        Expr::And(l) => Node::And(
            l.operands
                .iter()
                .map(compile_schemaless)
                .collect::<std::result::Result<_, _>>()?,
        ),
        Expr::Or(l) => Node::Or(
            l.operands
                .iter()
                .map(compile_schemaless)
                .collect::<std::result::Result<_, _>>()?,
        ),
        Expr::Not(n) => Node::Not(Box::new(compile_schemaless(&n.operand)?)),
        Expr::Present(p) => Node::Present(schemaless_access(&p.path, false)),
        Expr::ValuePath(v) => Node::ValuePath(
            schemaless_access(&v.attr, false),
            Box::new(compile_schemaless(&v.filter)?),
        ),
        Expr::Compare(c) => {
            let op = c.op;
            let k = match &c.value {
                CompValue::Null => {
                    let present = Node::Present(schemaless_access(&c.path, false));
                    return match op {
                        CompareOp::Eq => Ok(Node::Not(Box::new(present))),
                        CompareOp::Ne => Ok(present),
                        _ => Err(format!("null with {op}")),
                    };
                }
                CompValue::Bool(_) if op.is_ordering() => return Err(format!("{op} true")),
                v if op.is_substring() && !matches!(v, CompValue::String(_)) => {
                    return Err(format!("{op} {v}"));
                }
                CompValue::Bool(b) => Const::Bool(*b),
                CompValue::Number(n) => Const::Num(n.clone()),
                CompValue::String(s) => Const::Dyn(s.clone(), datetime(s)),
            };
            Node::Cmp(schemaless_access(&c.path, true), op, k)
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/// The member `key` of an object: the exact name, else the first whose name equals it ignoring
/// ASCII case (RFC 7643 §2.1).
fn member<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    let m = v.as_object()?;
    m.get(key).or_else(|| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// An array's elements, or the value itself.
fn flat(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().collect(),
        v => vec![v],
    }
}

/// Every value `a` reaches in `v`.
fn values<'v>(a: &Access, v: &'v Value) -> Vec<&'v Value> {
    let attr = match &a.place {
        Place::Top => member(v, &a.name),
        Place::Ext(urn) => member(v, urn).and_then(|e| member(e, &a.name)),
        Place::ExtOrTop(urn) => match member(v, urn) {
            Some(e) if e.is_object() => member(e, &a.name),
            _ => member(v, &a.name),
        },
    };
    let Some(attr) = attr else {
        return Vec::new();
    };
    let level = flat(attr);
    match &a.part {
        Part::Whole => level,
        Part::Sub(s) => level
            .into_iter()
            .filter_map(|e| member(e, s))
            .flat_map(flat)
            .collect(),
        Part::ValueOfObjects => level
            .into_iter()
            .flat_map(|e| {
                if e.is_object() {
                    member(e, "value").map(flat).unwrap_or_default()
                } else {
                    vec![e]
                }
            })
            .collect(),
    }
}

/// `pr` on one value. Nesting deeper than attribute / value / sub-attribute / its value is not
/// inspected (the engine's documented cut-off): such a value counts as present.
fn present(v: &Value, depth: u8) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) if depth < 4 => items.iter().any(|e| present(e, depth + 1)),
        Value::Object(m) if depth < 4 => m.values().any(|e| present(e, depth + 1)),
        _ => true,
    }
}

/// Lower-cases character by character with `char::to_lowercase` (no locale, no final sigma).
pub fn fold(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

fn order_holds(op: CompareOp, o: Ordering) -> bool {
    match op {
        CompareOp::Eq => o == Ordering::Equal,
        CompareOp::Gt => o == Ordering::Greater,
        CompareOp::Ge => o != Ordering::Less,
        CompareOp::Lt => o == Ordering::Less,
        CompareOp::Le => o != Ordering::Greater,
        _ => false,
    }
}

fn string_holds(op: CompareOp, value: &str, constant: &str, case_exact: bool) -> bool {
    let (v, c) = if case_exact {
        (value.to_owned(), constant.to_owned())
    } else {
        (fold(value), fold(constant))
    };
    match op {
        CompareOp::Eq => v == c,
        CompareOp::Co => v.contains(&c),
        CompareOp::Sw => v.starts_with(&c),
        CompareOp::Ew => v.ends_with(&c),
        _ => order_holds(op, v.cmp(&c)),
    }
}

/// Does `op` (not `ne`) hold between the resource value `x` and the constant?
fn holds(op: CompareOp, k: &Const, x: &Value) -> bool {
    match (k, x) {
        (Const::Str(c, exact), Value::String(s)) => string_holds(op, s, c, *exact),
        (Const::Dyn(c, dt), Value::String(s)) => {
            if let (false, Some(d), Some(t)) = (op.is_substring(), dt, datetime(s)) {
                return order_holds(op, t.cmp(d));
            }
            string_holds(op, s, c, false)
        }
        (Const::Num(n), Value::Number(m)) => {
            compare_numbers(m, n).is_some_and(|o| order_holds(op, o))
        }
        (Const::Bool(b), Value::Bool(x)) => op == CompareOp::Eq && x == b,
        (Const::DateTime(d), Value::String(s)) => {
            datetime(s).is_some_and(|t| order_holds(op, t.cmp(d)))
        }
        _ => false,
    }
}

/// Does `node` match `v`?
pub fn eval(node: &Node, v: &Value) -> bool {
    match node {
        Node::And(ns) => ns.iter().all(|n| eval(n, v)),
        Node::Or(ns) => ns.iter().any(|n| eval(n, v)),
        Node::Not(n) => !eval(n, v),
        Node::Present(a) => values(a, v).into_iter().any(|x| present(x, 0)),
        Node::Cmp(a, CompareOp::Ne, k) => {
            let assigned: Vec<&Value> = values(a, v).into_iter().filter(|x| !x.is_null()).collect();
            assigned.is_empty() || assigned.iter().any(|x| !holds(CompareOp::Eq, k, x))
        }
        Node::Cmp(a, op, k) => values(a, v).into_iter().any(|x| holds(*op, k, x)),
        Node::ValuePath(a, inner) => values(a, v)
            .into_iter()
            .any(|x| x.is_object() && eval(inner, x)),
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

/// A decimal as significant digits (no leading or trailing zeros) and the position of the
/// decimal point relative to them: value = 0.d1d2... × 10^point. Zero has no digits.
struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    point: i64,
}

impl Decimal {
    /// From a JSON number lexeme.
    fn parse(lexeme: &str) -> Decimal {
        let (negative, rest) = match lexeme.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, lexeme),
        };
        let (mantissa, exp) = match rest.find(['e', 'E']) {
            Some(i) => {
                let e = &rest[i + 1..];
                let e = e.strip_prefix('+').unwrap_or(e);
                // Saturate: an exponent beyond i64 dwarfs any mantissa written.
                let exp = e.parse::<i64>().unwrap_or(if e.starts_with('-') {
                    i64::MIN / 4
                } else {
                    i64::MAX / 4
                });
                (&rest[..i], exp.clamp(i64::MIN / 4, i64::MAX / 4))
            }
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
        let mut point = int.len() as i64 + exp;
        while digits.first() == Some(&0) {
            digits.remove(0);
            point -= 1;
        }
        while digits.last() == Some(&0) {
            digits.pop();
        }
        if digits.is_empty() {
            point = 0;
        }
        Decimal {
            negative: negative && !digits.is_empty(),
            digits,
            point,
        }
    }

    fn cmp(&self, other: &Decimal) -> Ordering {
        let sign = |d: &Decimal| match (d.digits.is_empty(), d.negative) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        };
        let (a, b) = (sign(self), sign(other));
        if a != b || a == 0 {
            return a.cmp(&b);
        }
        let magnitude = self
            .point
            .cmp(&other.point)
            .then_with(|| self.digits.cmp(&other.digits));
        if a < 0 {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

/// A resource number compared with a filter constant: exactly when the resource holds an
/// integer; as `f64`s when it holds a float (its text is gone: `0.1` in the resource and `0.1`
/// in the filter must be equal).
pub fn compare_numbers(value: &serde_json::Number, constant: &Number) -> Option<Ordering> {
    if value.is_i64() || value.is_u64() {
        Some(Decimal::parse(&value.to_string()).cmp(&Decimal::parse(constant.as_str())))
    } else {
        let c: f64 = constant.as_str().parse().ok()?;
        value.as_f64()?.partial_cmp(&c)
    }
}

// ---------------------------------------------------------------------------------------------
// xsd:dateTime
// ---------------------------------------------------------------------------------------------

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An xsd:dateTime as nanoseconds since the epoch, by the rules `scimkit::datetime` documents:
/// `YYYY-MM-DDThh:mm:ss[.s+][Z|(+|-)hh:mm]`, year 0001–9999, upper-case `T`, offsets up to
/// ±14:00, nanosecond precision (further digits ignored), `24:00:00` the next day's start, no
/// offset meaning UTC.
pub fn datetime(s: &str) -> Option<i128> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let d = b.get(from..from + len)?;
        if !d.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(
            d.iter()
                .fold(0i64, |acc, &x| acc * 10 + i64::from(x - b'0')),
        )
    };
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let mut i = 19;
    let mut nanos: i64 = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            if i - start < 9 {
                nanos = nanos * 10 + i64::from(b[i] - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        for _ in (i - start)..9 {
            nanos *= 10;
        }
    }
    let offset = match &b[i..] {
        [] | [b'Z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (oh, om) = (num(i + 1, 2)?, num(i + 4, 2)?);
            if oh > 14 || om > 59 || (oh == 14 && om != 0) {
                return None;
            }
            let secs = oh * 3600 + om * 60;
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };
    if !(1..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut days = days_from_civil(year, month, day);
    let (hour, minute, second) = match hour {
        24 if minute == 0 && second == 0 && nanos == 0 => {
            if (year, month, day) == (9999, 12, 31) {
                return None; // the next day is outside the format's years
            }
            days += 1;
            (0, 0, 0)
        }
        h if h < 24 => (h, minute, second),
        _ => return None,
    };
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Some(i128::from(secs) * 1_000_000_000 + i128::from(nanos))
}

// ---------------------------------------------------------------------------------------------
// Generating filters over the User schema
// ---------------------------------------------------------------------------------------------

/// The complex attributes, for value paths.
fn complex_attrs() -> Vec<(&'static Attr, bool)> {
    CORE.iter()
        .chain(COMMON)
        .map(|a| (a, false))
        .chain(ENTERPRISE.iter().map(|a| (a, true)))
        .filter(|(a, _)| a.ty == Ty::Complex)
        .collect()
}

fn scrambled_uri(u: &mut Unstructured<'_>, uri: &str) -> Result<Option<String>> {
    Ok(Some(maybe_scramble(u, uri)?))
}

/// A path to an attribute of the User resource type (mostly), with the attribute compared.
fn user_path(
    u: &mut Unstructured<'_>,
    parent: Option<&'static Attr>,
) -> Result<(AttrPath, Option<&'static Attr>)> {
    if let Some(p) = parent {
        if chance(u, 97)? {
            let sub = &p.subs[u.choose_index(p.subs.len())?];
            return Ok((AttrPath::new(maybe_scramble(u, sub.name)?), Some(sub)));
        }
        return Ok((crate::ast::attr_path(u)?, None));
    }
    let (attr, uri) = match weighted(u, &[12, 4, 6, 1])? {
        0 => {
            let attr = &CORE[u.choose_index(CORE.len())?];
            let uri = if chance(u, 20)? {
                scrambled_uri(u, USER_URN)?
            } else {
                None
            };
            (attr, uri)
        }
        1 => {
            let attr = &COMMON[u.choose_index(COMMON.len())?];
            let uri = if chance(u, 10)? {
                scrambled_uri(u, USER_URN)?
            } else {
                None
            };
            (attr, uri)
        }
        2 => {
            let attr = &ENTERPRISE[u.choose_index(ENTERPRISE.len())?];
            let uri = match weighted(u, &[10, 10, 1, 1])? {
                0 => None,
                1 => scrambled_uri(u, ENTERPRISE_URN)?,
                2 => Some(USER_URN.to_owned()),
                _ => Some(GROUP_URN.to_owned()),
            };
            (attr, uri)
        }
        _ => return Ok((crate::ast::attr_path(u)?, None)),
    };
    let mut path = AttrPath::new(maybe_scramble(u, attr.name)?);
    path.uri = uri;
    let mut target = attr;
    if attr.ty == Ty::Complex && chance(u, 80)? {
        let sub = &attr.subs[u.choose_index(attr.subs.len())?];
        path.sub_attr = Some(maybe_scramble(u, sub.name)?);
        target = sub;
    } else if chance(u, 2)? {
        path.sub_attr = Some(pick(u, &["value", "type", "nope"])?.to_owned());
    } else if let (Ty::Complex, true, Some(v)) = (attr.ty, attr.multi, find(attr.subs, "value")) {
        target = v;
    }
    Ok((path, Some(target)))
}

/// A constant that fits `target` most of the time.
fn user_value(u: &mut Unstructured<'_>, target: Option<&'static Attr>) -> Result<CompValue> {
    if weighted(u, &[24, 1, 1])? != 0 {
        return if chance(u, 50)? {
            Ok(CompValue::Null)
        } else {
            crate::ast::comp_value(u)
        };
    }
    Ok(match target.map(|t| t.ty) {
        Some(Ty::Bool) => CompValue::Bool(u.arbitrary()?),
        Some(Ty::DateTime) => CompValue::String(crate::json::datetime(u)?),
        Some(_) => CompValue::String(crate::json::string_value(u)?),
        None => crate::ast::comp_value(u)?,
    })
}

fn user_attr_exp(u: &mut Unstructured<'_>, parent: Option<&'static Attr>) -> Result<Expr> {
    let (path, target) = user_path(u, parent)?;
    Ok(match weighted(u, &[5, 1])? {
        0 => {
            let op = crate::ast::op(u)?;
            let value = user_value(u, target)?;
            crate::ast::compare(path, op, value)
        }
        _ => crate::ast::present(path),
    })
}

fn user_value_path(u: &mut Unstructured<'_>) -> Result<Expr> {
    let attrs = complex_attrs();
    let (attr, ext) = attrs[u.choose_index(attrs.len())?];
    let mut path = AttrPath::new(maybe_scramble(u, attr.name)?);
    if ext && chance(u, 50)? {
        path.uri = Some(ENTERPRISE_URN.to_owned());
    }
    if chance(u, 2)? {
        // Not complex, or a sub-attribute: does not compile.
        path = AttrPath::new(pick(u, &["userName", "emails", "name"])?);
        path.sub_attr = Some(pick(u, &["value", "givenName"])?.to_owned());
    }
    let filter = crate::ast::tree(u, 3, &mut |u| user_attr_exp(u, Some(attr)))?;
    Ok(crate::ast::value_path_expr(path, filter))
}

/// String attributes for `or` chains of `eq` (the look-ups identity providers send), with and
/// without caseExact, single- and multi-valued, in an extension.
const CHAIN_PATHS: &[(Option<&str>, &str, Option<&str>)] = &[
    (None, "userName", None),
    (None, "id", None),
    (None, "externalId", None),
    (None, "emails", Some("value")),
    (None, "emails", None),
    (None, "schemas", None),
    (None, "title", None),
    (Some(ENTERPRISE_URN), "employeeNumber", None),
    (None, "manager", Some("value")),
    (None, "groups", Some("display")),
    (None, "x509Certificates", Some("value")),
];

/// `a eq "x" or a eq "y" or ...` (four or more), sometimes with other operands mixed in: the
/// shape the engine compiles to one set look-up.
fn eq_chain(u: &mut Unstructured<'_>) -> Result<Expr> {
    let (uri, name, sub) = CHAIN_PATHS[u.choose_index(CHAIN_PATHS.len())?];
    let n = u.int_in_range(3..=9u8)?;
    let mut ops = Vec::new();
    for _ in 0..n {
        let mut path = AttrPath::new(maybe_scramble(u, name)?);
        path.uri = uri.map(str::to_owned);
        path.sub_attr = sub.map(str::to_owned);
        ops.push(match weighted(u, &[12, 1, 1])? {
            0 => crate::ast::compare(
                path,
                CompareOp::Eq,
                CompValue::String(crate::json::string_value(u)?),
            ),
            1 => crate::ast::compare(
                path,
                *u.choose(&[CompareOp::Ne, CompareOp::Co, CompareOp::Gt])?,
                CompValue::String(crate::json::string_value(u)?),
            ),
            _ => user_attr_exp(u, None)?,
        });
    }
    Ok(crate::ast::logical(ops, false))
}

/// A normalised filter over the User resource type, most of which compiles.
pub fn user_filter(u: &mut Unstructured<'_>) -> Result<Expr> {
    crate::ast::tree(u, 4, &mut |u| {
        Ok(match weighted(u, &[12, 4, 1, 2])? {
            0 => user_attr_exp(u, None)?,
            1 => user_value_path(u)?,
            2 => crate::ast::attr_exp(u)?,
            _ => eq_chain(u)?,
        })
    })
}

/// Attribute names for schema-less filters: what [`crate::json`] puts in objects.
const SCHEMALESS_NAMES: &[&str] = &[
    "userName",
    "name",
    "givenName",
    "familyName",
    "emails",
    "value",
    "type",
    "primary",
    "active",
    "title",
    "meta",
    "lastModified",
    "created",
    "id",
    "age",
    "score",
    "tags",
    "manager",
    "employeeNumber",
    "members",
    "display",
];

fn schemaless_path(u: &mut Unstructured<'_>) -> Result<AttrPath> {
    if chance(u, 10)? {
        return crate::ast::attr_path(u);
    }
    let name = pick(u, SCHEMALESS_NAMES)?;
    let mut path = AttrPath::new(maybe_scramble(u, name)?);
    if chance(u, 30)? {
        let sub = pick(u, SCHEMALESS_NAMES)?;
        path.sub_attr = Some(maybe_scramble(u, sub)?);
    }
    if chance(u, 15)? {
        path.uri = Some(
            pick(
                u,
                &[
                    ENTERPRISE_URN,
                    USER_URN,
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user",
                    "meta",
                    "name",
                ],
            )?
            .to_owned(),
        );
    }
    Ok(path)
}

/// Number lexemes for schema-less comparisons.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "42",
    "1.5",
    "-0.5",
    "0.1",
    "1e2",
    "100",
    "1E400",
    "-1e400",
    "9007199254740993",
    "9007199254740992",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "1234567",
    "1e300",
];

fn schemaless_value(u: &mut Unstructured<'_>) -> Result<CompValue> {
    Ok(match weighted(u, &[1, 1, 3, 5, 2])? {
        0 => CompValue::Bool(u.arbitrary()?),
        1 => CompValue::Null,
        2 => CompValue::Number(if chance(u, 60)? {
            Number::new(pick(u, NUMBERS)?).expect("a JSON number")
        } else {
            crate::ast::number(u)?
        }),
        3 => CompValue::String(crate::json::string_value(u)?),
        _ => CompValue::String(crate::json::datetime(u)?),
    })
}

fn schemaless_exp(u: &mut Unstructured<'_>) -> Result<Expr> {
    let path = schemaless_path(u)?;
    Ok(match weighted(u, &[5, 1])? {
        0 => {
            let op = crate::ast::op(u)?;
            crate::ast::compare(path, op, schemaless_value(u)?)
        }
        _ => crate::ast::present(path),
    })
}

/// A normalised filter over the names [`crate::json`] uses, for schema-less evaluation.
pub fn schemaless_filter(u: &mut Unstructured<'_>) -> Result<Expr> {
    crate::ast::tree(u, 4, &mut |u| {
        Ok(match weighted(u, &[5, 1])? {
            0 => schemaless_exp(u)?,
            _ => {
                let attr = schemaless_path(u)?;
                let filter = crate::ast::tree(u, 2, &mut schemaless_exp)?;
                crate::ast::value_path_expr(attr, filter)
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_compare_exactly() {
        let c = |a: &str, b: &str| Decimal::parse(a).cmp(&Decimal::parse(b));
        assert_eq!(c("1", "1.0"), Ordering::Equal);
        assert_eq!(c("1", "1E0"), Ordering::Equal);
        assert_eq!(c("100", "1e2"), Ordering::Equal);
        assert_eq!(c("-0", "0"), Ordering::Equal);
        assert_eq!(c("0.1", "0.12"), Ordering::Less);
        assert_eq!(c("-0.1", "-0.12"), Ordering::Greater);
        assert_eq!(
            c("9007199254740993", "9007199254740992.0"),
            Ordering::Greater
        );
        assert_eq!(c("1E400", "18446744073709551615"), Ordering::Greater);
        assert_eq!(c("-1e400", "-1"), Ordering::Less);
        assert_eq!(c("0.000", "0"), Ordering::Equal);
    }

    #[test]
    fn datetimes_are_instants() {
        let b = datetime("2011-05-13T04:42:34Z").unwrap();
        assert_eq!(datetime("2011-05-13T06:42:34+02:00"), Some(b));
        assert_eq!(datetime("2011-05-12T23:42:34-05:00"), Some(b));
        assert_eq!(datetime("2011-05-13T04:42:34"), Some(b));
        assert_eq!(
            datetime("2011-05-13T04:42:34.9999999999Z"),
            Some(b + 999_999_999)
        );
        assert_eq!(
            datetime("2011-05-13T24:00:00Z"),
            datetime("2011-05-14T00:00:00Z")
        );
        assert_eq!(datetime("1970-01-01T00:00:00Z"), Some(0));
        for bad in [
            "2011-02-29T00:00:00Z",
            "2011-05-13T24:00:01Z",
            "9999-12-31T24:00:00Z",
            "0000-01-01T00:00:00Z",
            "2011-05-13T04:42:34.Z",
            "2011-05-13T04:42:34+14:30",
        ] {
            assert_eq!(datetime(bad), None, "{bad}");
        }
    }
}
