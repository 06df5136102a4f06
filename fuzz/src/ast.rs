//! Normalised filter trees from fuzzer bytes: the shapes the parsers produce (see the module
//! documentation of `scimkit::filter::ast`), so that `parse(print(tree)) == tree` holds exactly.
//!
//! The same shapes as the proptest generator of the grammar's differential tests:
//!
//! * `And` / `Or` have two or more operands and no operand of their own kind (an operand of the
//!   same kind is spliced in, as the parsers do);
//! * value paths never nest (erratum 4690): the filter inside brackets has no value paths;
//! * every comparison operator, `pr`, `not`, and every value kind: booleans, `null`, numbers with
//!   signs, fractions and exponents (kept as lexemes), strings with quotes, backslashes, control
//!   characters, non-ASCII and astral characters;
//! * attribute paths with and without sub-attributes, with names that are keywords (`not`,
//!   `and`, `pr`, ...) and with schema URI prefixes: the SCIM URNs, and random
//!   `scheme *(":" segment)` prefixes with empty segments and percent-encodings.
//!
//! Every span is `0..0`; compare with `Expr::without_spans`.

use scimkit::Span;
use scimkit::filter::{
    AttrPath, CompValue, CompareOp, Comparison, Expr, Logical, Not, Number, PatchPath, Presence,
    ValuePath,
};

use crate::{Result, Unstructured, chance, pick, weighted};

const ALPHA: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const NAME_CHAR: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
const SCHEME_CHAR: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-";
const SEGMENT_CHAR: &[u8] =
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~!$&'*+,;=@/?#-";
const HEX: &[u8] = b"0123456789abcdefABCDEF";

/// The schema URNs of RFC 7643.
pub const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The Group schema's URN.
pub const GROUP_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// The enterprise User extension's URN.
pub const ENTERPRISE_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// Attribute names that are also keywords or common SCIM names.
const KEYWORD_NAMES: &[&str] = &[
    "not", "NOT", "and", "or", "pr", "eq", "ne", "true", "null", "false", "urn", "userName",
    "emails", "value", "type", "members",
];

fn byte_from(u: &mut Unstructured<'_>, set: &[u8]) -> Result<char> {
    Ok(char::from(set[u.choose_index(set.len())?]))
}

/// `ATTRNAME = ALPHA *(nameChar)`, often a keyword.
pub fn attr_name(u: &mut Unstructured<'_>) -> Result<String> {
    if weighted(u, &[4, 1])? == 1 {
        return Ok(pick(u, KEYWORD_NAMES)?.to_owned());
    }
    let mut s = String::new();
    s.push(byte_from(u, ALPHA)?);
    for _ in 0..u.int_in_range(0..=6u8)? {
        s.push(byte_from(u, NAME_CHAR)?);
    }
    Ok(s)
}

/// A schema URI prefix without its final `:`: `scheme *(":" segment)`.
pub fn uri(u: &mut Unstructured<'_>) -> Result<String> {
    if weighted(u, &[1, 1])? == 0 {
        return Ok(pick(u, &[USER_URN, GROUP_URN, ENTERPRISE_URN, "urn", "urn:"])?.to_owned());
    }
    let mut s = String::new();
    s.push(byte_from(u, ALPHA)?);
    for _ in 0..u.int_in_range(0..=4u8)? {
        s.push(byte_from(u, SCHEME_CHAR)?);
    }
    for _ in 0..u.int_in_range(0..=3u8)? {
        s.push(':');
        for _ in 0..u.int_in_range(0..=5u8)? {
            if chance(u, 10)? {
                s.push('%');
                s.push(byte_from(u, HEX)?);
                s.push(byte_from(u, HEX)?);
            } else {
                s.push(byte_from(u, SEGMENT_CHAR)?);
            }
        }
    }
    Ok(s)
}

/// `attrPath = [URI ":"] ATTRNAME *1subAttr`.
pub fn attr_path(u: &mut Unstructured<'_>) -> Result<AttrPath> {
    let uri = if chance(u, 25)? { Some(uri(u)?) } else { None };
    let name = attr_name(u)?;
    let sub_attr = if chance(u, 30)? {
        Some(attr_name(u)?)
    } else {
        None
    };
    Ok(AttrPath {
        uri,
        name,
        sub_attr,
        span: Span::default(),
    })
}

/// A JSON number lexeme: `-?(0|[1-9][0-9]{0,6})(\.[0-9]{1,4})?([eE][+-]?[0-9]{1,3})?`.
pub fn number(u: &mut Unstructured<'_>) -> Result<Number> {
    let digit = |u: &mut Unstructured<'_>| -> Result<char> { byte_from(u, b"0123456789") };
    let mut s = String::new();
    if chance(u, 30)? {
        s.push('-');
    }
    if chance(u, 20)? {
        s.push('0');
    } else {
        s.push(byte_from(u, b"123456789")?);
        for _ in 0..u.int_in_range(0..=6u8)? {
            s.push(digit(u)?);
        }
    }
    if chance(u, 30)? {
        s.push('.');
        for _ in 0..u.int_in_range(1..=4u8)? {
            s.push(digit(u)?);
        }
    }
    if chance(u, 25)? {
        s.push(if chance(u, 50)? { 'e' } else { 'E' });
        match weighted(u, &[2, 1, 1])? {
            1 => s.push('+'),
            2 => s.push('-'),
            _ => {}
        }
        for _ in 0..u.int_in_range(1..=3u8)? {
            s.push(digit(u)?);
        }
    }
    Ok(Number::new(&s).expect("the generator only makes JSON numbers"))
}

/// Characters that need escaping, are not ASCII, or are punctuation of the filter language.
const SPECIAL_CHARS: &[char] = &[
    '"',
    '\\',
    '/',
    '\u{8}',
    '\u{c}',
    '\n',
    '\r',
    '\t',
    '\u{0}',
    '\u{1}',
    '\u{1f}',
    '\u{7f}',
    ' ',
    '(',
    ')',
    '[',
    ']',
    '.',
    ':',
    'é',
    'ß',
    '日',
    '😀',
    '\u{2028}',
    '\u{fffd}',
    '\u{10ffff}',
];

/// One character of a string value: mostly plain, often one that needs escaping or is not
/// ASCII, sometimes any `char` at all.
pub fn string_char(u: &mut Unstructured<'_>) -> Result<char> {
    Ok(match weighted(u, &[4, 3, 1])? {
        0 => char::from(b'a' + u.int_in_range(0..=25u8)?),
        1 => SPECIAL_CHARS[u.choose_index(SPECIAL_CHARS.len())?],
        _ => u.arbitrary::<char>()?,
    })
}

/// A string of up to `max` [`string_char`]s.
pub fn string(u: &mut Unstructured<'_>, max: u8) -> Result<String> {
    let n = u.int_in_range(0..=max)?;
    (0..n).map(|_| string_char(u)).collect()
}

/// `compValue = false / null / true / number / string`.
pub fn comp_value(u: &mut Unstructured<'_>) -> Result<CompValue> {
    Ok(match weighted(u, &[1, 1, 3, 5])? {
        0 => CompValue::Bool(u.arbitrary()?),
        1 => CompValue::Null,
        2 => CompValue::Number(number(u)?),
        _ => CompValue::String(string(u, 8)?),
    })
}

/// A comparison node.
pub fn compare(path: AttrPath, op: CompareOp, value: CompValue) -> Expr {
    Expr::Compare(Comparison {
        path,
        op,
        value,
        span: Span::default(),
        op_span: Span::default(),
        value_span: Span::default(),
    })
}

/// A `pr` node.
pub fn present(path: AttrPath) -> Expr {
    Expr::Present(Presence {
        path,
        span: Span::default(),
        op_span: Span::default(),
    })
}

/// A value-path node.
pub fn value_path_expr(attr: AttrPath, filter: Expr) -> Expr {
    Expr::ValuePath(ValuePath {
        attr,
        filter: Box::new(filter),
        span: Span::default(),
    })
}

/// A `not` node.
pub fn not(e: Expr) -> Expr {
    Expr::Not(Not {
        operand: Box::new(e),
        span: Span::default(),
    })
}

/// Any comparison operator.
pub fn op(u: &mut Unstructured<'_>) -> Result<CompareOp> {
    Ok(*u.choose(&CompareOp::ALL)?)
}

/// `attrExp`: a comparison with any operator, or `pr`.
pub fn attr_exp(u: &mut Unstructured<'_>) -> Result<Expr> {
    Ok(match weighted(u, &[4, 1])? {
        0 => {
            let path = attr_path(u)?;
            let op = op(u)?;
            compare(path, op, comp_value(u)?)
        }
        _ => present(attr_path(u)?),
    })
}

/// A normalised tree over `leaf`: `and`, `or`, `not` up to `depth` levels deep.
pub fn tree(
    u: &mut Unstructured<'_>,
    depth: u32,
    leaf: &mut dyn FnMut(&mut Unstructured<'_>) -> Result<Expr>,
) -> Result<Expr> {
    if depth == 0 {
        return leaf(u);
    }
    match weighted(u, &[5, 2, 2, 1])? {
        0 => leaf(u),
        k @ (1 | 2) => {
            let n = u.int_in_range(2..=4u8)?;
            let mut ops = Vec::with_capacity(usize::from(n));
            for _ in 0..n {
                ops.push(tree(u, depth - 1, leaf)?);
            }
            Ok(logical(ops, k == 1))
        }
        _ => Ok(not(tree(u, depth - 1, leaf)?)),
    }
}

/// The filter inside value-path brackets (`valFilter`): no value paths at any depth.
pub fn val_filter(u: &mut Unstructured<'_>) -> Result<Expr> {
    tree(u, 3, &mut attr_exp)
}

/// `valuePath = attrPath "[" valFilter "]"`.
pub fn value_path(u: &mut Unstructured<'_>) -> Result<ValuePath> {
    Ok(ValuePath {
        attr: attr_path(u)?,
        filter: Box::new(val_filter(u)?),
        span: Span::default(),
    })
}

/// A whole normalised filter tree.
pub fn expr(u: &mut Unstructured<'_>) -> Result<Expr> {
    tree(u, 4, &mut |u| {
        Ok(match weighted(u, &[3, 1])? {
            0 => attr_exp(u)?,
            _ => Expr::ValuePath(value_path(u)?),
        })
    })
}

/// A PATCH path: `attrPath / valuePath [subAttr]`.
pub fn patch_path(u: &mut Unstructured<'_>) -> Result<PatchPath> {
    Ok(match weighted(u, &[1, 1])? {
        0 => PatchPath::Attr(attr_path(u)?),
        _ => PatchPath::Value {
            value_path: value_path(u)?,
            sub_attr: if chance(u, 50)? {
                Some(attr_name(u)?)
            } else {
                None
            },
            span: Span::default(),
        },
    })
}

/// `And` (`is_and`) or `Or` over `ops`, splicing in operands of the same kind so that the
/// result is normalised.
pub fn logical(ops: Vec<Expr>, is_and: bool) -> Expr {
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

/// True when `e` has the normalised shape (for checking hand-built trees in the targets).
pub fn is_normalised(e: &Expr, in_brackets: bool) -> bool {
    match e {
        Expr::Compare(_) | Expr::Present(_) => true,
        Expr::ValuePath(v) => !in_brackets && is_normalised(&v.filter, true),
        Expr::And(l) => {
            l.operands.len() >= 2
                && l.operands
                    .iter()
                    .all(|o| !matches!(o, Expr::And(_)) && is_normalised(o, in_brackets))
        }
        Expr::Or(l) => {
            l.operands.len() >= 2
                && l.operands
                    .iter()
                    .all(|o| !matches!(o, Expr::Or(_)) && is_normalised(o, in_brackets))
        }
        Expr::Not(n) => is_normalised(&n.operand, in_brackets),
    }
}
