//! The JSON form of the syntax tree, as `scimkit filter parse --json` prints it and the bindings
//! return it.
//!
//! Every node is an object with an `op` and a `span` (`[start, end]`, bytes):
//!
//! | node | fields |
//! |---|---|
//! | comparison | `op` (`"eq"` … `"le"`), `path`, `value` (the JSON value; a number out of `f64` range is given as its lexeme, a string) |
//! | presence | `op: "pr"`, `path` |
//! | value path | `op: "valuePath"`, `path`, `filter` |
//! | and / or | `op: "and"` / `"or"`, `operands` (array, at least two) |
//! | not | `op: "not"`, `operand` |
//!
//! A `path` is `{"uri"?: "...", "name": "...", "subAttr"?: "...", "span": [start, end]}`.
//!
//! Spans are bytes of the UTF-8 text; [`Filter::to_json_in`] and the `to_json_with` methods give
//! them in code points or UTF-16 units instead (what the Python and JavaScript bindings return).
//!
//! ```
//! let f = scimkit::Filter::parse(r#"title pr"#)?;
//! assert_eq!(
//!     f.root().to_json().to_string(),
//!     r#"{"op":"pr","path":{"name":"title","span":[0,5]},"span":[0,8]}"#
//! );
//! # Ok::<(), scimkit::Error>(())
//! ```

use serde_json::{Map, Value};

use super::Filter;
use super::ast::{AttrPath, CompValue, Expr, PatchPath};
use crate::error::{Span, SpanConverter, SpanUnits};

fn span(s: Span, conv: &SpanConverter) -> Value {
    let s = conv.convert(s);
    Value::Array(vec![s.start.into(), s.end.into()])
}

impl Filter {
    /// The JSON form of the tree with spans in `units` of the filter's text (bytes when the
    /// filter was built by hand and has no text).
    pub fn to_json_in(&self, units: SpanUnits) -> Value {
        match self.source() {
            Some(src) => self.root().to_json_with(&SpanConverter::new(src, units)),
            None => self.root().to_json(),
        }
    }
}

impl AttrPath {
    /// The JSON form of this path (spans in bytes).
    pub fn to_json(&self) -> Value {
        self.to_json_with(&SpanConverter::identity())
    }

    /// The JSON form of this path, spans converted by `conv`.
    pub fn to_json_with(&self, conv: &SpanConverter) -> Value {
        let mut m = Map::new();
        if let Some(uri) = &self.uri {
            m.insert("uri".into(), uri.as_str().into());
        }
        m.insert("name".into(), self.name.as_str().into());
        if let Some(sub) = &self.sub_attr {
            m.insert("subAttr".into(), sub.as_str().into());
        }
        m.insert("span".into(), span(self.span, conv));
        Value::Object(m)
    }
}

impl CompValue {
    /// The value as JSON.
    pub fn to_json(&self) -> Value {
        match self {
            CompValue::Bool(b) => Value::Bool(*b),
            CompValue::Null => Value::Null,
            CompValue::String(s) => Value::String(s.clone()),
            CompValue::Number(n) => match n.as_i64() {
                Some(i) => Value::from(i),
                None => serde_json::Number::from_f64(n.as_f64())
                    .map_or_else(|| Value::String(n.as_str().to_owned()), Value::Number),
            },
        }
    }
}

impl Expr {
    /// The JSON form of this tree (see the [module documentation](self)), spans in bytes.
    pub fn to_json(&self) -> Value {
        self.to_json_with(&SpanConverter::identity())
    }

    /// The JSON form of this tree, spans converted by `conv`.
    pub fn to_json_with(&self, conv: &SpanConverter) -> Value {
        let mut m = Map::new();
        match self {
            Expr::Compare(c) => {
                m.insert("op".into(), c.op.as_str().into());
                m.insert("path".into(), c.path.to_json_with(conv));
                m.insert("value".into(), c.value.to_json());
            }
            Expr::Present(p) => {
                m.insert("op".into(), "pr".into());
                m.insert("path".into(), p.path.to_json_with(conv));
            }
            Expr::ValuePath(v) => {
                m.insert("op".into(), "valuePath".into());
                m.insert("path".into(), v.attr.to_json_with(conv));
                m.insert("filter".into(), v.filter.to_json_with(conv));
            }
            Expr::And(l) | Expr::Or(l) => {
                let op = if matches!(self, Expr::And(_)) {
                    "and"
                } else {
                    "or"
                };
                m.insert("op".into(), op.into());
                m.insert(
                    "operands".into(),
                    Value::Array(l.operands.iter().map(|o| o.to_json_with(conv)).collect()),
                );
            }
            Expr::Not(n) => {
                m.insert("op".into(), "not".into());
                m.insert("operand".into(), n.operand.to_json_with(conv));
            }
        }
        m.insert("span".into(), span(self.span(), conv));
        Value::Object(m)
    }
}

impl PatchPath {
    /// The JSON form: `{"path": {...}, "filter"?: {...}, "subAttr"?: "...", "span": [..]}`,
    /// spans in bytes.
    pub fn to_json(&self) -> Value {
        self.to_json_with(&SpanConverter::identity())
    }

    /// The JSON form with spans converted by `conv` (build it from the path's text).
    pub fn to_json_with(&self, conv: &SpanConverter) -> Value {
        let mut m = Map::new();
        m.insert("path".into(), self.attr().to_json_with(conv));
        if let Some(f) = self.value_filter() {
            m.insert("filter".into(), f.to_json_with(conv));
        }
        if let Some(s) = self.sub_attr() {
            m.insert("subAttr".into(), s.into());
        }
        m.insert("span".into(), span(self.span(), conv));
        Value::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Filter, SpanUnits};

    #[test]
    fn spans_in_every_unit() {
        let f = Filter::parse("name.givenName eq \"Zoë😀\" and title pr").unwrap();
        let spans = |units| {
            let j = f.to_json_in(units);
            (j["span"].clone(), j["operands"][1]["span"].clone())
        };
        // "Zoë😀" is 9 bytes, 4 code points, 5 UTF-16 units.
        assert_eq!(
            spans(SpanUnits::Bytes),
            (serde_json::json!([0, 41]), serde_json::json!([33, 41]))
        );
        assert_eq!(
            spans(SpanUnits::Chars),
            (serde_json::json!([0, 37]), serde_json::json!([29, 37]))
        );
        assert_eq!(
            spans(SpanUnits::Utf16),
            (serde_json::json!([0, 38]), serde_json::json!([30, 38]))
        );
    }
}
