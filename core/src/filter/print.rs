//! Canonical printing.
//!
//! The canonical form of a filter is: operators and keywords in lower case; one space between
//! tokens; `not (` with a space (as in RFC 7644 Figure 2); parentheses only where the meaning
//! needs them (an `or` inside an `and`); attribute paths as written; strings JSON-escaped the way
//! `serde_json` escapes them (`"`, `\`, and control characters; everything else, including
//! non-ASCII, verbatim); numbers exactly as written. The canonical form is valid in strict mode
//! (except that `$` names such as `members.$ref` still need [`ParseOptions::dollar_names`]), and
//! printing is idempotent: `print(parse(print(f))) == print(f)`.
//!
//! [`ParseOptions::dollar_names`]: crate::ParseOptions::dollar_names

use std::fmt::{self, Write};

use super::ast::{AttrPath, CompValue, Expr, PatchPath, ValuePath};

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(uri) = &self.uri {
            f.write_str(uri)?;
            f.write_char(':')?;
        }
        f.write_str(&self.name)?;
        if let Some(sub) = &self.sub_attr {
            f.write_char('.')?;
            f.write_str(sub)?;
        }
        Ok(())
    }
}

impl fmt::Display for CompValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompValue::Bool(true) => f.write_str("true"),
            CompValue::Bool(false) => f.write_str("false"),
            CompValue::Null => f.write_str("null"),
            CompValue::Number(n) => f.write_str(n.as_str()),
            CompValue::String(s) => write_json_string(f, s),
        }
    }
}

/// Writes `s` as a JSON string literal, escaping as `serde_json` does.
pub(crate) fn write_json_string(f: &mut impl Write, s: &str) -> fmt::Result {
    f.write_char('"')?;
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let esc: Option<&str> = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            c if (c as u32) < 0x20 => None,
            _ => continue,
        };
        f.write_str(&s[run..i])?;
        match esc {
            Some(e) => f.write_str(e)?,
            None => write!(f, "\\u{:04x}", c as u32)?,
        }
        run = i + c.len_utf8();
    }
    f.write_str(&s[run..])?;
    f.write_char('"')
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Or,
    And,
    Atom,
}

fn prec(e: &Expr) -> Prec {
    match e {
        Expr::Or(_) => Prec::Or,
        Expr::And(_) => Prec::And,
        _ => Prec::Atom,
    }
}

fn write_expr(f: &mut fmt::Formatter<'_>, e: &Expr, min: Prec) -> fmt::Result {
    let paren = prec(e) < min;
    if paren {
        f.write_char('(')?;
    }
    match e {
        Expr::Compare(c) => write!(f, "{} {} {}", c.path, c.op, c.value)?,
        Expr::Present(p) => write!(f, "{} pr", p.path)?,
        Expr::ValuePath(v) => write_value_path(f, v)?,
        Expr::And(l) => write_list(f, &l.operands, " and ", Prec::And)?,
        Expr::Or(l) => write_list(f, &l.operands, " or ", Prec::Or)?,
        Expr::Not(n) => {
            f.write_str("not (")?;
            write_expr(f, &n.operand, Prec::Or)?;
            f.write_char(')')?;
        }
    }
    if paren {
        f.write_char(')')?;
    }
    Ok(())
}

fn write_list(f: &mut fmt::Formatter<'_>, ops: &[Expr], sep: &str, p: Prec) -> fmt::Result {
    for (i, o) in ops.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        // An operand of the same kind needs no parentheses (the meaning is the same); one of
        // lower precedence does.
        write_expr(f, o, p)?;
    }
    Ok(())
}

fn write_value_path(f: &mut fmt::Formatter<'_>, v: &ValuePath) -> fmt::Result {
    write!(f, "{}[", v.attr)?;
    write_expr(f, &v.filter, Prec::Or)?;
    f.write_char(']')
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_expr(f, self, Prec::Or)
    }
}

impl fmt::Display for ValuePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_value_path(f, self)
    }
}

impl fmt::Display for PatchPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatchPath::Attr(a) => write!(f, "{a}"),
            PatchPath::Value {
                value_path,
                sub_attr,
                ..
            } => {
                write_value_path(f, value_path)?;
                if let Some(s) = sub_attr {
                    write!(f, ".{s}")?;
                }
                Ok(())
            }
        }
    }
}
