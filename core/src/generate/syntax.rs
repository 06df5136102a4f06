//! Proptest strategies for *syntactically* arbitrary filters: every production of RFC 7644
//! Figure 1, with the corners a parser gets wrong.
//!
//! The trees are *normalised* as the parser builds them (see [`crate::filter::ast`]), so that
//! `Filter::parse(&tree.to_string())` gives back `tree` (compare with `Expr::without_spans`):
//!
//! * `And` / `Or` have two or more operands and no operand of their own kind (a generated
//!   operand of the same kind is spliced in, as the parser does);
//! * value paths never nest (erratum 4690): the filter inside brackets comes from a generator
//!   without value paths, at any depth;
//! * every comparison operator, `pr`, `not`, and every value kind: booleans, `null`, numbers with
//!   signs, fractions and exponents (kept as lexemes), strings with quotes, backslashes, control
//!   characters, non-ASCII and astral characters;
//! * attribute paths with and without sub-attributes, with names that are keywords (`not`,
//!   `and`, `pr`, ...) and with schema URI prefixes: the SCIM URNs, and random
//!   `scheme *(":" segment)` prefixes with empty segments and percent-encodings.
//!
//! Every span is `0..0`. Attribute names are arbitrary, so these trees parse but seldom compile
//! against a schema; [`super::user`] makes filters that do.
//!
//! [`edits`] and [`mutate`] damage a filter's text a few characters at a time, for invalid
//! inputs near valid ones.
//!
//! ```
//! use proptest::prelude::*;
//! use scimkit::Filter;
//! use scimkit::generate::syntax;
//!
//! proptest!(|(tree in syntax::expr())| {
//!     let again = Filter::parse_with(&tree.to_string(), &scimkit::ParseOptions::strict()).unwrap();
//!     prop_assert_eq!(again.root().without_spans(), tree);
//! });
//! ```

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::Span;
use crate::filter::{
    AttrPath, CompValue, CompareOp, Comparison, Expr, Logical, Not, Number, PatchPath, Presence,
    ValuePath,
};

/// Attribute names (`ATTRNAME = ALPHA *(nameChar)`), often ones that are also keywords.
pub fn attr_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z][a-zA-Z0-9_-]{0,6}",
        1 => select(vec![
            "not", "NOT", "and", "or", "pr", "eq", "ne", "true", "null", "false", "urn",
            "userName", "emails", "value", "type", "members",
        ])
        .prop_map(str::to_owned),
    ]
}

/// Schema URI prefixes (without their final `:`): `scheme *(":" segment)`.
pub fn uri() -> impl Strategy<Value = String> {
    let segment = "([a-zA-Z0-9._~!$&'*+,;=@/?#-]|%[0-9a-fA-F]{2}){0,5}";
    prop_oneof![
        select(vec![
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:core:2.0:Group",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "urn",
            "urn:",
        ])
        .prop_map(str::to_owned),
        ("[a-zA-Z][a-zA-Z0-9+.-]{0,4}", vec(segment, 0..4)).prop_map(|(scheme, segments)| {
            let mut s = scheme;
            for seg in segments {
                s.push(':');
                s.push_str(&seg);
            }
            s
        }),
    ]
}

/// `attrPath = [URI ":"] ATTRNAME *1subAttr`.
pub fn attr_path() -> impl Strategy<Value = AttrPath> {
    (
        prop::option::weighted(0.25, uri()),
        attr_name(),
        prop::option::weighted(0.3, attr_name()),
    )
        .prop_map(|(uri, name, sub_attr)| AttrPath {
            uri,
            name,
            sub_attr,
            span: Span::default(),
        })
}

/// JSON number lexemes (RFC 7159 §6).
pub fn number() -> impl Strategy<Value = Number> {
    "-?(0|[1-9][0-9]{0,6})(\\.[0-9]{1,4})?([eE][+-]?[0-9]{1,3})?"
        .prop_filter_map("a JSON number", |s| Number::new(&s))
}

/// One character of a string value: mostly plain, often one that needs escaping or is not
/// ASCII, sometimes any `char` at all.
fn string_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        3 => select(vec![
            '"', '\\', '/', '\u{8}', '\u{c}', '\n', '\r', '\t', '\u{0}', '\u{1}', '\u{1f}',
            '\u{7f}', ' ', '(', ')', '[', ']', '.', ':', 'é', 'ß', '日', '😀', '\u{2028}',
            '\u{fffd}', '\u{10ffff}',
        ]),
        1 => any::<char>(),
    ]
}

/// Comparison values: `false / null / true / number / string`.
pub fn comp_value() -> impl Strategy<Value = CompValue> {
    prop_oneof![
        1 => any::<bool>().prop_map(CompValue::Bool),
        1 => Just(CompValue::Null),
        3 => number().prop_map(CompValue::Number),
        5 => vec(string_char(), 0..8).prop_map(|cs| CompValue::String(cs.into_iter().collect())),
    ]
}

/// `attrExp`: a comparison with any operator, or `pr`.
pub fn attr_exp() -> impl Strategy<Value = Expr> {
    prop_oneof![
        4 => (attr_path(), select(CompareOp::ALL.to_vec()), comp_value()).prop_map(|(path, op, value)| {
            Expr::Compare(Comparison {
                path,
                op,
                value,
                span: Span::default(),
                op_span: Span::default(),
                value_span: Span::default(),
            })
        }),
        1 => attr_path().prop_map(|path| Expr::Present(Presence {
            path,
            span: Span::default(),
            op_span: Span::default(),
        })),
    ]
}

/// A normalised tree over `leaf`: `and`, `or`, `not` up to `depth` levels deep, of about `size`
/// nodes.
fn tree(leaf: BoxedStrategy<Expr>, depth: u32, size: u32) -> BoxedStrategy<Expr> {
    leaf.prop_recursive(depth, size, 4, |inner| {
        prop_oneof![
            2 => vec(inner.clone(), 2..5).prop_map(|ops| logical(ops, true)),
            2 => vec(inner.clone(), 2..5).prop_map(|ops| logical(ops, false)),
            1 => inner.prop_map(|e| Expr::Not(Not {
                operand: Box::new(e),
                span: Span::default(),
            })),
        ]
    })
    .boxed()
}

/// The filter inside value-path brackets (`valFilter`): no value paths at any depth.
pub fn val_filter() -> BoxedStrategy<Expr> {
    tree(attr_exp().boxed(), 3, 12)
}

/// `valuePath = attrPath "[" valFilter "]"`.
pub fn value_path() -> impl Strategy<Value = ValuePath> {
    (attr_path(), val_filter()).prop_map(|(attr, filter)| ValuePath {
        attr,
        filter: Box::new(filter),
        span: Span::default(),
    })
}

/// A whole normalised filter tree.
pub fn expr() -> BoxedStrategy<Expr> {
    let leaf = prop_oneof![
        3 => attr_exp(),
        1 => value_path().prop_map(Expr::ValuePath),
    ];
    tree(leaf.boxed(), 4, 24)
}

/// A small normalised filter tree (a few nodes), for mutations: an edit of a short text more
/// often lands on structure than on the inside of a long string.
pub fn small_expr() -> BoxedStrategy<Expr> {
    let leaf = prop_oneof![
        3 => attr_exp(),
        1 => (attr_path(), tree(attr_exp().boxed(), 1, 2)).prop_map(|(attr, filter)| {
            Expr::ValuePath(ValuePath {
                attr,
                filter: Box::new(filter),
                span: Span::default(),
            })
        }),
    ];
    tree(leaf.boxed(), 2, 4)
}

/// A PATCH path: `attrPath / valuePath [subAttr]`.
pub fn patch_path() -> impl Strategy<Value = PatchPath> {
    prop_oneof![
        attr_path().prop_map(PatchPath::Attr),
        (value_path(), prop::option::of(attr_name())).prop_map(|(value_path, sub_attr)| {
            PatchPath::Value {
                value_path,
                sub_attr,
                span: Span::default(),
            }
        }),
    ]
}

/// `And` (`is_and`) or `Or` over `ops`, splicing in operands of the same kind so that the
/// result is normalised.
fn logical(ops: Vec<Expr>, is_and: bool) -> Expr {
    let mut operands = Vec::with_capacity(ops.len());
    for e in ops {
        match e {
            Expr::And(l) if is_and => operands.extend(l.operands),
            Expr::Or(l) if !is_and => operands.extend(l.operands),
            e => operands.push(e),
        }
    }
    let l = Logical {
        operands,
        span: Span::default(),
    };
    if is_and { Expr::And(l) } else { Expr::Or(l) }
}

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

/// The characters mutations insert: the grammar's own punctuation and keyword letters, digits,
/// a tab and a non-ASCII letter.
pub const ALPHABET: &[char] = &[
    ' ', ' ', '(', ')', '[', ']', '"', '\\', '.', ':', '-', '_', '$', '%', '+', '/', '0', '1', '9',
    'a', 'n', 'd', 'o', 'r', 't', 'e', 'q', 'p', 'u', 'E', 'N', 'x', 'D', '\t', 'é',
];

/// One edit at a byte offset (taken modulo the length and moved back to a character boundary,
/// so that the text stays UTF-8).
#[derive(Debug, Clone, Copy)]
pub enum Edit {
    /// Insert a character of [`ALPHABET`].
    Insert(usize, usize),
    /// Delete the character at the offset.
    Delete(usize),
    /// Replace the character at the offset with one of [`ALPHABET`].
    Replace(usize, usize),
}

/// One to three edits.
pub fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let n = ALPHABET.len();
    let edit = prop_oneof![
        (any::<usize>(), 0..n).prop_map(|(at, c)| Edit::Insert(at, c)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), 0..n).prop_map(|(at, c)| Edit::Replace(at, c)),
    ];
    vec(edit, 1..=3)
}

/// Applies `edits` to `s`.
pub fn mutate(s: &str, edits: &[Edit]) -> String {
    let mut s = s.to_owned();
    for &e in edits {
        let floor = |s: &str, at: usize| {
            let mut i = at % (s.len() + 1);
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        match e {
            Edit::Insert(at, c) => {
                let i = floor(&s, at);
                s.insert(i, ALPHABET[c]);
            }
            Edit::Delete(at) | Edit::Replace(at, _) => {
                let i = floor(&s, at);
                if i < s.len() {
                    s.remove(i);
                }
                if let Edit::Replace(_, c) = e {
                    s.insert(i, ALPHABET[c]);
                }
            }
        }
    }
    s
}
