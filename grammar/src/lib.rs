//! # scimkit-grammar
//!
//! The executable specification of SCIM 2.0 filters (RFC 7644 §3.4.2.2, Figure 1) and PATCH
//! paths (RFC 7644 §3.5.2, Figure 7): the ABNF transcribed rule by rule as a [pest] grammar
//! (`src/filter.pest`), and one small function per rule turning its pairs into the
//! [`scimkit::filter`] syntax tree.
//!
//! It is the *oracle* for scimkit's hand-written production parser: in strict mode
//! ([`scimkit::ParseOptions::strict`]) the two must accept exactly the same inputs and build
//! exactly the same tree, spans included. The differential tests of this crate check that. It
//! has no depth limit of its own (pest fails with `stack limit reached` when the stack runs
//! short) and is several times slower than the hand-written parser; it is not meant for
//! production use.
//!
//! ```
//! let expr = scimkit_grammar::parse_filter(r#"userName Eq "bjensen" and not (title pr)"#)?;
//! assert_eq!(expr.to_string(), r#"userName eq "bjensen" and not (title pr)"#);
//!
//! let path = scimkit_grammar::parse_patch_path(r#"members[value eq "2819c223"].displayName"#)?;
//! assert_eq!(path.sub_attr(), Some("displayName"));
//! # Ok::<(), Box<pest::error::Error<scimkit_grammar::Rule>>>(())
//! ```

use pest::Parser as _;
use pest::iterators::{Pair, Pairs};
use scimkit::Span;
use scimkit::filter::{
    AttrPath, CompValue, CompareOp, Comparison, Expr, Logical, Not, Number, PatchPath, Presence,
    ValuePath,
};

mod generated {
    // pest_derive documents every rule from its `///` comment in the grammar, but not the
    // built-in `Rule::EOI` nor `Rule::all_rules`.
    #![allow(missing_docs)]

    /// The pest parser generated from `src/filter.pest`. Use it with [`pest::Parser::parse`]
    /// and a [`Rule`] to run any single rule of the grammar.
    #[derive(pest_derive::Parser)]
    #[grammar = "filter.pest"]
    pub struct FilterGrammar;
}

pub use generated::{FilterGrammar, Rule};

/// A grammar error: where the input stopped matching and which rules were expected there.
pub type Error = Box<pest::error::Error<Rule>>;

/// Parses a filter (RFC 7644 §3.4.2.2) with the grammar and builds the same tree as
/// `scimkit::Filter::parse_with(input, &ParseOptions::strict())`.
pub fn parse_filter(input: &str) -> Result<Expr, Error> {
    let top = single(FilterGrammar::parse(Rule::filter, input)?);
    // filter = { SOI ~ FILTER ~ EOI }
    Ok(expr(single(top.into_inner())))
}

/// Parses a PATCH path (RFC 7644 §3.5.2) with the grammar and builds the same tree as
/// `scimkit::PatchPath::parse_with(input, &ParseOptions::strict())`.
pub fn parse_patch_path(input: &str) -> Result<PatchPath, Error> {
    let top = single(FilterGrammar::parse(Rule::path, input)?);
    // path = { SOI ~ PATH ~ EOI }
    Ok(path_rule(single(top.into_inner())))
}

// ---------------------------------------------------------------------------------------------
// One function per rule. Each takes the pair of its rule; the grammar guarantees the shape of
// the inner pairs, so a mismatch is a bug in this file and panics.
//
// Spans: a node's span is its pair's span, except that grouping parentheses leave no node, so
// the span of a grouped expression is that of the pair inside the parentheses. The span of an
// `and` / `or` is its `logAnd` / `logOr` pair's: from the first byte of its first operand (its
// opening parenthesis, if grouped) to the last byte of its last, as the module documentation of
// `scimkit::filter::ast` requires.
//
// The expression rules return a `Step`: either the node, or the one pair the rule stands for
// (`FILTER` for its `logOr`, a one-operand `logAnd` for the operand, a group without `not` for
// the FILTER inside). `expr` follows those steps in a loop, so the stack grows with the nodes
// of the tree, not with the five rules every level of parentheses passes through.
// ---------------------------------------------------------------------------------------------

/// What an expression rule made of its pair.
enum Step<'i> {
    /// The node.
    Node(Expr),
    /// The rule is just this inner pair.
    Into(Pair<'i, Rule>),
}

/// Any expression rule, followed to its node.
fn expr(mut pair: Pair<'_, Rule>) -> Expr {
    loop {
        let step = match pair.as_rule() {
            Rule::FILTER | Rule::valFilter => filter_rule(pair),
            Rule::logOr | Rule::logAnd | Rule::valLogOr | Rule::valLogAnd => logical_rule(pair),
            Rule::group | Rule::valGroup => group_rule(pair),
            Rule::valuePath => Step::Node(Expr::ValuePath(value_path_rule(pair))),
            Rule::attrExp => Step::Node(attr_exp_rule(pair)),
            r => unreachable!("{r:?} is not an expression rule"),
        };
        match step {
            Step::Node(e) => return e,
            Step::Into(inner) => pair = inner,
        }
    }
}

/// `FILTER = logOr` and `valFilter = valLogOr`.
fn filter_rule(pair: Pair<'_, Rule>) -> Step<'_> {
    Step::Into(single(pair.into_inner()))
}

/// `logOr`, `logAnd`, `valLogOr`, `valLogAnd`: one operand is the operand itself; two or more
/// make an n-ary node, with the operands of a (necessarily parenthesised) operand of the same
/// kind spliced in.
fn logical_rule(pair: Pair<'_, Rule>) -> Step<'_> {
    let is_and = matches!(pair.as_rule(), Rule::logAnd | Rule::valLogAnd);
    let span = span_of(&pair);
    let mut terms = pair.into_inner();
    let first = terms.next().expect("a logical rule has a first operand");
    if terms.peek().is_none() {
        return Step::Into(first);
    }
    let mut operands = Vec::new();
    for term in std::iter::once(first).chain(terms) {
        match expr(term) {
            Expr::And(l) if is_and => operands.extend(l.operands),
            Expr::Or(l) if !is_and => operands.extend(l.operands),
            e => operands.push(e),
        }
    }
    let node = Logical { operands, span };
    Step::Node(if is_and {
        Expr::And(node)
    } else {
        Expr::Or(node)
    })
}

/// `group = (not SP?)? "(" FILTER ")"` and `valGroup`: a `Not` node spanning `not` to `)`, or
/// just the FILTER inside the parentheses.
fn group_rule(pair: Pair<'_, Rule>) -> Step<'_> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let first = inner.next().expect("a group has a body");
    if first.as_rule() != Rule::not {
        return Step::Into(first);
    }
    let body = inner.next().expect("`not` is followed by a body");
    Step::Node(Expr::Not(Not {
        operand: Box::new(expr(body)),
        span,
    }))
}

/// `valuePath = attrPath "[" valFilter "]"`.
fn value_path_rule(pair: Pair<'_, Rule>) -> ValuePath {
    debug_assert_eq!(pair.as_rule(), Rule::valuePath);
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let attr = attr_path_rule(inner.next().expect("valuePath has an attrPath"));
    let filter = expr(inner.next().expect("valuePath has a valFilter"));
    ValuePath {
        attr,
        filter: Box::new(filter),
        span,
    }
}

/// `attrExp = (attrPath SP "pr") / (attrPath SP compareOp SP compValue)`.
fn attr_exp_rule(pair: Pair<'_, Rule>) -> Expr {
    debug_assert_eq!(pair.as_rule(), Rule::attrExp);
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let path = attr_path_rule(inner.next().expect("attrExp has an attrPath"));
    let op = inner.next().expect("attrExp has an operator");
    if op.as_rule() == Rule::pr {
        return Expr::Present(Presence {
            path,
            span,
            op_span: span_of(&op),
        });
    }
    let value = inner.next().expect("a comparison has a value");
    Expr::Compare(Comparison {
        path,
        op: compare_op_rule(&op),
        value_span: span_of(&value),
        value: comp_value_rule(value),
        span,
        op_span: span_of(&op),
    })
}

/// `compareOp = "eq" / "ne" / ...`, case-insensitively.
fn compare_op_rule(pair: &Pair<'_, Rule>) -> CompareOp {
    debug_assert_eq!(pair.as_rule(), Rule::compareOp);
    CompareOp::from_keyword(pair.as_str()).expect("compareOp matched an operator")
}

/// `compValue = false / null / true / number / string`.
fn comp_value_rule(pair: Pair<'_, Rule>) -> CompValue {
    debug_assert_eq!(pair.as_rule(), Rule::compValue);
    let value = single(pair.into_inner());
    match value.as_rule() {
        Rule::jsonFalse => CompValue::Bool(false),
        Rule::jsonNull => CompValue::Null,
        Rule::jsonTrue => CompValue::Bool(true),
        Rule::number => CompValue::Number(number_rule(&value)),
        Rule::string => CompValue::String(string_rule(value)),
        r => unreachable!("compValue holds {r:?}"),
    }
}

/// `number = [ minus ] int [ frac ] [ exp ]` (RFC 7159 §6), kept as its lexeme.
fn number_rule(pair: &Pair<'_, Rule>) -> Number {
    Number::new(pair.as_str()).expect("the number rule matches JSON numbers only")
}

/// `string = quotation-mark *char quotation-mark` (RFC 7159 §7), escapes decoded.
fn string_rule(pair: Pair<'_, Rule>) -> String {
    let mut out = String::with_capacity(pair.as_str().len());
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::unescaped => out.push_str(part.as_str()),
            Rule::escaped => out.push(escaped_rule(single(part.into_inner()))),
            r => unreachable!("string holds {r:?}"),
        }
    }
    out
}

/// The character after `\`: `escapeChar`, `surrogatePair` or `unicodeEscape`.
fn escaped_rule(pair: Pair<'_, Rule>) -> char {
    let text = pair.as_str();
    match pair.as_rule() {
        Rule::escapeChar => match text {
            "\"" => '"',
            "\\" => '\\',
            "/" => '/',
            "b" => '\u{8}',
            "f" => '\u{c}',
            "n" => '\n',
            "r" => '\r',
            "t" => '\t',
            _ => unreachable!("escapeChar matched {text:?}"),
        },
        // `uD83D\uDE00`
        Rule::surrogatePair => {
            let hi = hex4(&text[1..5]);
            let lo = hex4(&text[7..11]);
            let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
            char::from_u32(cp).expect("a surrogate pair names a character")
        }
        // `u00e9`
        Rule::unicodeEscape => {
            char::from_u32(hex4(&text[1..5])).expect("a non-surrogate escape names a character")
        }
        r => unreachable!("escaped holds {r:?}"),
    }
}

fn hex4(digits: &str) -> u32 {
    u32::from_str_radix(digits, 16).expect("HEXDIG{4}")
}

/// `attrPath = [URI ":"] ATTRNAME *1subAttr`.
fn attr_path_rule(pair: Pair<'_, Rule>) -> AttrPath {
    debug_assert_eq!(pair.as_rule(), Rule::attrPath);
    let span = span_of(&pair);
    let mut uri = None;
    let mut name = String::new();
    let mut sub_attr = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::URI => uri = Some(part.as_str().to_owned()),
            Rule::ATTRNAME => name = part.as_str().to_owned(),
            Rule::subAttr => sub_attr = Some(sub_attr_rule(part)),
            r => unreachable!("attrPath holds {r:?}"),
        }
    }
    AttrPath {
        uri,
        name,
        sub_attr,
        span,
    }
}

/// `subAttr = "." ATTRNAME`: the name, without the dot.
fn sub_attr_rule(pair: Pair<'_, Rule>) -> String {
    debug_assert_eq!(pair.as_rule(), Rule::subAttr);
    single(pair.into_inner()).as_str().to_owned()
}

/// `PATH = valuePath [subAttr] / attrPath`.
fn path_rule(pair: Pair<'_, Rule>) -> PatchPath {
    debug_assert_eq!(pair.as_rule(), Rule::PATH);
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let first = inner.next().expect("PATH is not empty");
    match first.as_rule() {
        Rule::attrPath => PatchPath::Attr(attr_path_rule(first)),
        Rule::valuePath => PatchPath::Value {
            value_path: value_path_rule(first),
            sub_attr: inner.next().map(sub_attr_rule),
            span,
        },
        r => unreachable!("PATH holds {r:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

/// The one meaningful pair of `pairs` (skipping `EOI`).
fn single(pairs: Pairs<'_, Rule>) -> Pair<'_, Rule> {
    pairs
        .into_iter()
        .find(|p| p.as_rule() != Rule::EOI)
        .expect("the rule has an inner pair")
}
