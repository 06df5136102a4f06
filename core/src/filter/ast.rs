//! The filter syntax tree (RFC 7644 §3.4.2.2, Figure 1).
//!
//! The tree is *syntactic*: attribute names keep the case they were written in and nothing is
//! resolved against a schema (that is [`Filter::compile`](crate::Filter::compile)'s job). Every
//! node carries the byte [`Span`] of the text it came from.
//!
//! The parser always produces a *normalised* tree, and the canonical printer relies on it:
//!
//! * `and` / `or` are n-ary ([`Logical`]) with at least two operands, and an operand is never of
//!   the same kind as its parent: `a and (b and c)` and `(a and b) and c` both give
//!   `And[a, b, c]`. Long chains (the 50-term `or` look-ups identity providers send) therefore
//!   cost no recursion.
//! * Grouping parentheses leave no node; the span of a grouped expression excludes its
//!   parentheses, while the span of an `and`/`or` runs from the first byte of its first operand
//!   (its opening parenthesis, if grouped) to the last byte of its last.
//! * `not (f)` is a [`Not`] node whose span covers `not` through `)`.

use crate::error::Span;

/// A filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `attrPath op compValue`, e.g. `userName eq "bjensen"`.
    Compare(Comparison),
    /// `attrPath pr`.
    Present(Presence),
    /// `attrPath[valFilter]`, e.g. `emails[type eq "work" and value co "@example.com"]`.
    ValuePath(ValuePath),
    /// `f and g [and h ...]`.
    And(Logical),
    /// `f or g [or h ...]`.
    Or(Logical),
    /// `not (f)`.
    Not(Not),
}

impl Expr {
    /// The byte span of this expression.
    pub fn span(&self) -> Span {
        match self {
            Expr::Compare(c) => c.span,
            Expr::Present(p) => p.span,
            Expr::ValuePath(v) => v.span,
            Expr::And(l) | Expr::Or(l) => l.span,
            Expr::Not(n) => n.span,
        }
    }

    /// A copy of this tree with every span set to `0..0`, for comparing trees by structure.
    #[must_use]
    pub fn without_spans(&self) -> Expr {
        let mut e = self.clone();
        e.visit_spans_mut(&mut |s| *s = Span::default());
        e
    }

    /// Calls `f` on every span in the tree (nodes, paths, operators, values).
    pub fn visit_spans_mut(&mut self, f: &mut impl FnMut(&mut Span)) {
        match self {
            Expr::Compare(c) => {
                f(&mut c.span);
                f(&mut c.op_span);
                f(&mut c.value_span);
                f(&mut c.path.span);
            }
            Expr::Present(p) => {
                f(&mut p.span);
                f(&mut p.op_span);
                f(&mut p.path.span);
            }
            Expr::ValuePath(v) => {
                f(&mut v.span);
                f(&mut v.attr.span);
                v.filter.visit_spans_mut(f);
            }
            Expr::And(l) | Expr::Or(l) => {
                f(&mut l.span);
                for o in &mut l.operands {
                    o.visit_spans_mut(f);
                }
            }
            Expr::Not(n) => {
                f(&mut n.span);
                n.operand.visit_spans_mut(f);
            }
        }
    }

    /// How deeply the tree nests (a leaf is 1).
    pub fn depth(&self) -> usize {
        match self {
            Expr::Compare(_) | Expr::Present(_) => 1,
            Expr::ValuePath(v) => 1 + v.filter.depth(),
            Expr::And(l) | Expr::Or(l) => 1 + l.operands.iter().map(Expr::depth).max().unwrap_or(0),
            Expr::Not(n) => 1 + n.operand.depth(),
        }
    }
}

/// An attribute path: `[URI ":"] ATTRNAME ["." subAttr]` (RFC 7644 §3.4.2.2, §3.10).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttrPath {
    /// The schema URI prefix without its trailing `:`, e.g.
    /// `urn:ietf:params:scim:schemas:core:2.0:User`.
    pub uri: Option<String>,
    /// The attribute name, as written.
    pub name: String,
    /// The sub-attribute name, as written.
    pub sub_attr: Option<String>,
    /// The span of the whole path.
    pub span: Span,
}

impl AttrPath {
    /// A path with just an attribute name (span `0..0`).
    pub fn new(name: impl Into<String>) -> AttrPath {
        AttrPath {
            uri: None,
            name: name.into(),
            sub_attr: None,
            span: Span::default(),
        }
    }

    /// This path with a sub-attribute.
    #[must_use]
    pub fn with_sub_attr(mut self, sub: impl Into<String>) -> AttrPath {
        self.sub_attr = Some(sub.into());
        self
    }

    /// This path with a schema URI prefix.
    #[must_use]
    pub fn with_uri(mut self, uri: impl Into<String>) -> AttrPath {
        self.uri = Some(uri.into());
        self
    }
}

/// A comparison operator (RFC 7644 §3.4.2.2, Table 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `eq`: equal.
    Eq,
    /// `ne`: not equal.
    Ne,
    /// `co`: contains.
    Co,
    /// `sw`: starts with.
    Sw,
    /// `ew`: ends with.
    Ew,
    /// `gt`: greater than.
    Gt,
    /// `lt`: less than.
    Lt,
    /// `ge`: greater than or equal to.
    Ge,
    /// `le`: less than or equal to.
    Le,
}

impl CompareOp {
    /// Every operator, in the RFC's order.
    pub const ALL: [CompareOp; 9] = [
        CompareOp::Eq,
        CompareOp::Ne,
        CompareOp::Co,
        CompareOp::Sw,
        CompareOp::Ew,
        CompareOp::Gt,
        CompareOp::Lt,
        CompareOp::Ge,
        CompareOp::Le,
    ];

    /// The canonical (lower-case) keyword.
    pub const fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Co => "co",
            CompareOp::Sw => "sw",
            CompareOp::Ew => "ew",
            CompareOp::Gt => "gt",
            CompareOp::Lt => "lt",
            CompareOp::Ge => "ge",
            CompareOp::Le => "le",
        }
    }

    /// The operator spelled by `word`, case-insensitively (`Eq`, `EQ`, `eq`).
    pub fn from_keyword(word: &str) -> Option<CompareOp> {
        let b = word.as_bytes();
        if b.len() != 2 {
            return None;
        }
        let w = [b[0].to_ascii_lowercase(), b[1].to_ascii_lowercase()];
        Some(match &w {
            b"eq" => CompareOp::Eq,
            b"ne" => CompareOp::Ne,
            b"co" => CompareOp::Co,
            b"sw" => CompareOp::Sw,
            b"ew" => CompareOp::Ew,
            b"gt" => CompareOp::Gt,
            b"lt" => CompareOp::Lt,
            b"ge" => CompareOp::Ge,
            b"le" => CompareOp::Le,
            _ => return None,
        })
    }

    /// True for the ordering operators `gt`, `ge`, `lt`, `le`.
    pub const fn is_ordering(self) -> bool {
        matches!(
            self,
            CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le
        )
    }

    /// True for the substring operators `co`, `sw`, `ew`.
    pub const fn is_substring(self) -> bool {
        matches!(self, CompareOp::Co | CompareOp::Sw | CompareOp::Ew)
    }
}

impl std::fmt::Display for CompareOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A JSON number as written in the filter (RFC 7159 §6). The lexeme is kept so that printing
/// gives back exactly what was written (`1.50`, `1E3`) and no precision is lost.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number {
    lexeme: Box<str>,
}

impl Number {
    /// Wraps a lexeme. Returns `None` unless `lexeme` is a JSON number
    /// (`-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`).
    pub fn new(lexeme: &str) -> Option<Number> {
        (crate::filter::parse::json_number_len(lexeme.as_bytes()) == Some(lexeme.len())).then(
            || Number {
                lexeme: lexeme.into(),
            },
        )
    }

    pub(crate) fn from_lexeme_unchecked(lexeme: &str) -> Number {
        Number {
            lexeme: lexeme.into(),
        }
    }

    /// The number exactly as written.
    pub fn as_str(&self) -> &str {
        &self.lexeme
    }

    /// True when the lexeme has no fraction and no exponent (`42`, `-7`).
    pub fn is_integer_lexeme(&self) -> bool {
        !self.lexeme.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'))
    }

    /// The value as an `i64`, when it is an integer lexeme in range.
    pub fn as_i64(&self) -> Option<i64> {
        if self.is_integer_lexeme() {
            self.lexeme.parse().ok()
        } else {
            None
        }
    }

    /// The value as the nearest `f64` (infinite if out of range).
    pub fn as_f64(&self) -> f64 {
        self.lexeme.parse().unwrap_or(f64::NAN)
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.lexeme)
    }
}

/// A comparison value: `false / null / true / number / string` (RFC 7644 §3.4.2.2, with the
/// JSON rules of RFC 7159).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CompValue {
    /// `false` or `true`.
    Bool(bool),
    /// `null`.
    Null,
    /// A JSON number.
    Number(Number),
    /// A JSON string, escapes decoded.
    String(String),
}

/// `attrPath op compValue`.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The attribute compared.
    pub path: AttrPath,
    /// The operator.
    pub op: CompareOp,
    /// The value compared with.
    pub value: CompValue,
    /// The whole comparison.
    pub span: Span,
    /// The operator keyword.
    pub op_span: Span,
    /// The value literal (with its quotes, for strings).
    pub value_span: Span,
}

/// `attrPath pr`.
#[derive(Debug, Clone, PartialEq)]
pub struct Presence {
    /// The attribute tested.
    pub path: AttrPath,
    /// The whole expression.
    pub span: Span,
    /// The `pr` keyword.
    pub op_span: Span,
}

/// `attrPath "[" valFilter "]"`: the bracketed filter must hold for one and the same value of
/// the (usually multi-valued, complex) attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct ValuePath {
    /// The attribute whose values are filtered.
    pub attr: AttrPath,
    /// The filter over the sub-attributes of one value.
    pub filter: Box<Expr>,
    /// From the first byte of the path to the closing `]`.
    pub span: Span,
}

/// The operands of `and` / `or` (at least two, none of the same kind as the parent).
#[derive(Debug, Clone, PartialEq)]
pub struct Logical {
    /// The operands, in source order.
    pub operands: Vec<Expr>,
    /// See the [module documentation](self).
    pub span: Span,
}

/// `not (f)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Not {
    /// The negated expression.
    pub operand: Box<Expr>,
    /// From `not` to the closing `)`.
    pub span: Span,
}

/// A PATCH operation's `path` (RFC 7644 §3.5.2, Figure 7): `attrPath / valuePath [subAttr]`.
#[derive(Debug, Clone, PartialEq)]
pub enum PatchPath {
    /// `attrPath`, e.g. `name.familyName` or `members`.
    Attr(AttrPath),
    /// `valuePath [subAttr]`, e.g. `members[value eq "2819c223"].displayName`.
    Value {
        /// The attribute and the filter selecting its values.
        value_path: ValuePath,
        /// The sub-attribute of the selected values, if any.
        sub_attr: Option<String>,
        /// The whole path.
        span: Span,
    },
}

impl PatchPath {
    /// The span of the whole path.
    pub fn span(&self) -> Span {
        match self {
            PatchPath::Attr(a) => a.span,
            PatchPath::Value { span, .. } => *span,
        }
    }

    /// The attribute the path starts from.
    pub fn attr(&self) -> &AttrPath {
        match self {
            PatchPath::Attr(a) => a,
            PatchPath::Value { value_path, .. } => &value_path.attr,
        }
    }

    /// The value filter, if the path has one.
    pub fn value_filter(&self) -> Option<&Expr> {
        match self {
            PatchPath::Attr(_) => None,
            PatchPath::Value { value_path, .. } => Some(&value_path.filter),
        }
    }

    /// The sub-attribute after `]`, if any.
    pub fn sub_attr(&self) -> Option<&str> {
        match self {
            PatchPath::Attr(_) => None,
            PatchPath::Value { sub_attr, .. } => sub_attr.as_deref(),
        }
    }

    /// A copy with every span set to `0..0`.
    #[must_use]
    pub fn without_spans(&self) -> PatchPath {
        match self {
            PatchPath::Attr(a) => PatchPath::Attr(AttrPath {
                span: Span::default(),
                ..a.clone()
            }),
            PatchPath::Value {
                value_path,
                sub_attr,
                ..
            } => PatchPath::Value {
                value_path: ValuePath {
                    attr: AttrPath {
                        span: Span::default(),
                        ..value_path.attr.clone()
                    },
                    filter: Box::new(value_path.filter.without_spans()),
                    span: Span::default(),
                },
                sub_attr: sub_attr.clone(),
                span: Span::default(),
            },
        }
    }
}
