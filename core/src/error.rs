//! The one error type of the engine.
//!
//! Every failure — a filter that does not parse, a filter that names an attribute the schema does
//! not have, a PATCH that targets nothing — is an [`Error`]. It carries:
//!
//! * a [`kind`](Error::kind), which maps one-to-one onto the RFC 7644 §3.12 `scimType`
//!   ([`Error::scim_type`]) and the HTTP status ([`Error::status`]);
//! * a one-line, human-readable [`detail`](Error::detail);
//! * where the error comes from source text (a filter, a path), the byte [`span`](Error::span) of
//!   the offending part and the text itself, so that `{:#}` can draw a caret under it.
//!
//! `{}` prints the detail alone; `{:#}` prints the scimType, the detail and a code frame:
//!
//! ```
//! let err = scimkit::Filter::parse("userName equals \"x\"").unwrap_err();
//! assert_eq!(err.scim_type(), Some("invalidFilter"));
//! assert_eq!(err.span().map(|s| (s.start, s.end)), Some((9, 15)));
//! assert_eq!(
//!     format!("{err:#}"),
//!     "invalidFilter: expected a comparison operator such as `eq`, found `equals`\n  \
//!      |\n1 | userName equals \"x\"\n  |          ^^^^^^\n"
//! );
//! ```
//!
//! [`Error::to_scim_json`] gives the SCIM error document of RFC 7644 §3.12.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// The schema URI of a SCIM error response (RFC 7644 §3.12).
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// A half-open range of byte offsets `start..end` into UTF-8 source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    #[inline]
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    #[inline]
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Number of bytes covered.
    #[inline]
    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no bytes.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

/// The units a span can be given in: bytes of UTF-8 (Rust), Unicode code points (Python) or
/// UTF-16 code units (JavaScript).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SpanUnits {
    /// Bytes of the UTF-8 text (what every span in this crate is).
    #[default]
    Bytes,
    /// Unicode code points.
    Chars,
    /// UTF-16 code units.
    Utf16,
}

/// Converts byte spans of one source text into other [`SpanUnits`], in constant time per span
/// after a linear set-up (none at all for ASCII text or byte units).
#[derive(Debug, Clone)]
pub struct SpanConverter {
    /// `table[i]`: the offset, in the target units, of byte `i` (rounded down to a character
    /// boundary); `None` when the conversion is the identity.
    table: Option<Vec<u32>>,
    len: usize,
}

impl SpanConverter {
    /// A converter for spans into `source`.
    pub fn new(source: &str, units: SpanUnits) -> SpanConverter {
        let identity = units == SpanUnits::Bytes || source.is_ascii();
        let table = (!identity).then(|| {
            let mut table = Vec::with_capacity(source.len() + 1);
            let mut unit = 0u32;
            for c in source.chars() {
                for _ in 0..c.len_utf8() {
                    table.push(unit);
                }
                unit += match units {
                    SpanUnits::Utf16 => c.len_utf16() as u32,
                    _ => 1,
                };
            }
            table.push(unit);
            table
        });
        SpanConverter {
            table,
            len: source.len(),
        }
    }

    /// The converter that leaves byte spans as they are.
    pub fn identity() -> SpanConverter {
        SpanConverter {
            table: None,
            len: usize::MAX,
        }
    }

    /// `span` (bytes) in the converter's units; offsets past the end are clamped to it.
    pub fn convert(&self, span: Span) -> Span {
        let at = |i: usize| match &self.table {
            None => i.min(self.len),
            Some(t) => t.get(i.min(self.len)).copied().unwrap_or(0) as usize,
        };
        Span::new(at(span.start), at(span.end))
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// What went wrong, as the SCIM protocol classifies it (RFC 7644 §3.12, Table 9), plus the few
/// failures that are the caller's and not a SCIM client's (an unknown resource type, a malformed
/// schema definition).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `invalidFilter`: the filter syntax is invalid, or the attribute and comparison combination
    /// is not supported (400).
    InvalidFilter,
    /// `tooMany`: the filter yields more results than the server will process (400).
    TooMany,
    /// `uniqueness`: a value is already in use (409).
    Uniqueness,
    /// `mutability`: the modification is incompatible with the attribute's mutability (400).
    Mutability,
    /// `invalidSyntax`: the request body does not conform to the request schema (400).
    InvalidSyntax,
    /// `invalidPath`: a PATCH `path` is invalid or malformed (400).
    InvalidPath,
    /// `noTarget`: a PATCH `path` yields no attribute or value to operate on (400).
    NoTarget,
    /// `invalidValue`: a value is missing or incompatible with the attribute or schema (400).
    InvalidValue,
    /// `invalidVers`: the SCIM protocol version is not supported (400).
    InvalidVers,
    /// `sensitive`: sensitive information was passed in a request URI (403).
    Sensitive,
    /// The resource type named by the caller is not registered (no `scimType`; 400).
    UnknownResourceType,
    /// A schema or resource type definition is malformed (no `scimType`; 500: the service's own
    /// configuration is at fault, not the client).
    InvalidSchema,
}

impl ErrorKind {
    /// The RFC 7644 §3.12 `scimType` keyword, if this kind has one.
    pub const fn scim_type(self) -> Option<&'static str> {
        Some(match self {
            ErrorKind::InvalidFilter => "invalidFilter",
            ErrorKind::TooMany => "tooMany",
            ErrorKind::Uniqueness => "uniqueness",
            ErrorKind::Mutability => "mutability",
            ErrorKind::InvalidSyntax => "invalidSyntax",
            ErrorKind::InvalidPath => "invalidPath",
            ErrorKind::NoTarget => "noTarget",
            ErrorKind::InvalidValue => "invalidValue",
            ErrorKind::InvalidVers => "invalidVers",
            ErrorKind::Sensitive => "sensitive",
            ErrorKind::UnknownResourceType | ErrorKind::InvalidSchema => return None,
        })
    }

    /// The HTTP status code that goes with this kind (RFC 7644 §3.12, Tables 8 and 9).
    pub const fn status(self) -> u16 {
        match self {
            ErrorKind::Uniqueness => 409,
            ErrorKind::Sensitive => 403,
            ErrorKind::InvalidSchema => 500,
            _ => 400,
        }
    }
}

/// The engine's error: see the [module documentation](self).
#[derive(Clone)]
pub struct Error {
    repr: Box<Repr>,
}

#[derive(Clone)]
struct Repr {
    kind: ErrorKind,
    detail: Cow<'static, str>,
    span: Option<Span>,
    source: Option<Arc<str>>,
    operation: Option<usize>,
}

impl Error {
    /// A new error of `kind` with a one-line `detail`. Control characters in it (a line break
    /// or tab quoted from the input) are escaped as `\n`, `\t`, `\u{1}`, so that the detail
    /// stays one line.
    #[cold]
    pub fn new(kind: ErrorKind, detail: impl Into<Cow<'static, str>>) -> Error {
        let mut detail = detail.into();
        if detail.contains(char::is_control) {
            let mut escaped = String::with_capacity(detail.len() + 8);
            for c in detail.chars() {
                // `char::escape_debug`'s escapes for the control characters, without the
                // Unicode tables it consults for the others (they cost the WASM build 2 kB).
                match c {
                    '\0' => escaped.push_str("\\0"),
                    '\t' => escaped.push_str("\\t"),
                    '\r' => escaped.push_str("\\r"),
                    '\n' => escaped.push_str("\\n"),
                    c if c.is_control() => escaped.extend(c.escape_unicode()),
                    c => escaped.push(c),
                }
            }
            detail = escaped.into();
        }
        Error {
            repr: Box::new(Repr {
                kind,
                detail,
                span: None,
                source: None,
                operation: None,
            }),
        }
    }

    /// Attaches the byte span of the offending source text.
    #[must_use]
    pub fn with_span(mut self, span: Span) -> Error {
        self.repr.span = Some(span);
        self
    }

    /// Attaches the source text the span points into, for `{:#}` rendering.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<Arc<str>>) -> Error {
        self.repr.source = Some(source.into());
        self
    }

    /// Marks the error as the failure of the PATCH operation at `index` (0-based) of the
    /// request's `Operations`; the detail is prefixed with `Operations[index]: `.
    #[must_use]
    pub fn in_operation(mut self, index: usize) -> Error {
        if self.repr.operation.is_none() {
            self.repr.operation = Some(index);
            self.repr.detail = format!("Operations[{index}]: {}", self.repr.detail).into();
        }
        self
    }

    /// For a PATCH error, the index (0-based) of the operation that failed.
    pub fn operation(&self) -> Option<usize> {
        self.repr.operation
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.repr.kind
    }

    /// The RFC 7644 §3.12 `scimType`, e.g. `"invalidFilter"`.
    pub fn scim_type(&self) -> Option<&'static str> {
        self.repr.kind.scim_type()
    }

    /// The HTTP status code, e.g. `400`.
    pub fn status(&self) -> u16 {
        self.repr.kind.status()
    }

    /// The one-line human-readable message.
    pub fn detail(&self) -> &str {
        &self.repr.detail
    }

    /// The byte span of the offending source text, if the error came from source text.
    pub fn span(&self) -> Option<Span> {
        self.repr.span
    }

    /// The span in Unicode code points instead of bytes (what Python indexes strings by), when
    /// the error has both a span and its source text.
    pub fn span_chars(&self) -> Option<Span> {
        self.span_in(SpanUnits::Chars)
    }

    /// The span in UTF-16 code units instead of bytes (what JavaScript indexes strings by), when
    /// the error has both a span and its source text.
    pub fn span_utf16(&self) -> Option<Span> {
        self.span_in(SpanUnits::Utf16)
    }

    /// The span in `units`, when the error has both a span and its source text.
    pub fn span_in(&self, units: SpanUnits) -> Option<Span> {
        let span = self.repr.span?;
        let src = self.repr.source.as_deref()?;
        Some(SpanConverter::new(src, units).convert(span))
    }

    /// The source text the span points into, if known.
    pub fn source_text(&self) -> Option<&str> {
        self.repr.source.as_deref()
    }

    /// The SCIM error document (RFC 7644 §3.12): `schemas`, `status` (a JSON string, as the RFC
    /// requires), `scimType` when the kind has one, and `detail`.
    pub fn to_scim_json(&self) -> serde_json::Value {
        let mut doc = serde_json::Map::new();
        doc.insert(
            "schemas".into(),
            serde_json::Value::Array(vec![ERROR_SCHEMA.into()]),
        );
        if let Some(t) = self.scim_type() {
            doc.insert("scimType".into(), t.into());
        }
        doc.insert("detail".into(), self.detail().into());
        doc.insert("status".into(), self.status().to_string().into());
        serde_json::Value::Object(doc)
    }

    fn write_frame(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (Some(span), Some(src)) = (self.repr.span, self.repr.source.as_deref()) else {
            return Ok(());
        };
        let start = floor_char_boundary(src, span.start.min(src.len()));
        let end = floor_char_boundary(src, span.end.min(src.len())).max(start);
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let line_no = src[..start].matches('\n').count() + 1;
        // Long lines (a 50-term `or` chain) are windowed around the span.
        const WINDOW: usize = 60;
        let mut from = line_start;
        if start - line_start > WINDOW {
            from = ceil_char_boundary(src, start - WINDOW / 2);
        }
        let mut to = line_end;
        if line_end.saturating_sub(end.min(line_end)) > WINDOW {
            to = floor_char_boundary(src, end.min(line_end) + WINDOW / 2);
        }
        let shown = &src[from..to];
        let lead = if from > line_start { "..." } else { "" };
        let tail = if to < line_end { "..." } else { "" };
        let gutter = line_no.to_string();
        let pad = " ".repeat(gutter.len());
        let col = lead.len() + src[from..start].chars().count();
        let carets = src[start..end.min(line_end)].chars().count().max(1);
        writeln!(f, "{pad} |")?;
        writeln!(f, "{gutter} | {lead}{shown}{tail}")?;
        writeln!(f, "{pad} | {}{}", " ".repeat(col), "^".repeat(carets))
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            match self.scim_type() {
                Some(t) => write!(f, "{t}: ")?,
                None => write!(f, "error {}: ", self.status())?,
            }
            writeln!(f, "{}", self.detail())?;
            self.write_frame(f)
        } else {
            f.write_str(self.detail())
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.repr.kind)
            .field("detail", &self.repr.detail);
        if let Some(span) = self.repr.span {
            d.field("span", &(span.start..span.end));
        }
        d.finish()
    }
}

impl std::error::Error for Error {}

/// `Result<T, scimkit::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_convert_to_code_points_and_utf16() {
        // "é" is 2 bytes, 1 code point, 1 UTF-16 unit; "😀" is 4 bytes, 1 code point, 2 units.
        let src = "é😀 x";
        let e = Error::new(ErrorKind::InvalidFilter, "x")
            .with_span(Span::new(7, 8))
            .with_source(src);
        assert_eq!(&src[7..8], "x");
        assert_eq!(e.span_chars(), Some(Span::new(3, 4)));
        assert_eq!(e.span_utf16(), Some(Span::new(4, 5)));
        let bare = Error::new(ErrorKind::InvalidFilter, "x").with_span(Span::new(1, 2));
        assert_eq!(bare.span_chars(), None);
    }

    #[test]
    fn converter_handles_every_width() {
        // 1-, 2-, 3- and 4-byte characters.
        let src = "a\u{e9}\u{20ac}\u{1f600}b";
        let chars = SpanConverter::new(src, SpanUnits::Chars);
        let utf16 = SpanConverter::new(src, SpanUnits::Utf16);
        let b = src.len() - 1;
        assert_eq!(chars.convert(Span::new(b, b + 1)), Span::new(4, 5));
        assert_eq!(utf16.convert(Span::new(b, b + 1)), Span::new(5, 6));
        assert_eq!(utf16.convert(Span::new(0, src.len())), Span::new(0, 6));
        // Inside a character: rounded down; past the end: clamped.
        assert_eq!(chars.convert(Span::new(2, 99)), Span::new(1, 5));
        let ascii = SpanConverter::new("abc", SpanUnits::Utf16);
        assert_eq!(ascii.convert(Span::new(1, 2)), Span::new(1, 2));
    }
}
