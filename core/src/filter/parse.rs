//! The production parser: hand-written recursive descent over bytes.
//!
//! It accepts the language of RFC 7644 §3.4.2.2 Figure 1 (filters) and §3.5.2 Figure 7 (PATCH
//! paths). In strict mode it accepts exactly what the pest grammar in `scimkit-grammar` accepts and
//! builds the same tree; the differential tests in that crate hold the two equal. The default
//! options add the deviations real clients send; see [`ParseOptions`].

use super::ast::{
    AttrPath, CompValue, CompareOp, Comparison, Expr, Logical, Not, Number, PatchPath, Presence,
    ValuePath,
};
use crate::diag;
use crate::error::{Error, ErrorKind, Result, Span};

/// Default for [`ParseOptions::max_depth`].
pub const DEFAULT_MAX_DEPTH: usize = 64;
/// The most [`ParseOptions::max_depth`] allows: every stage (parsing, compiling, evaluating,
/// printing, dropping the tree) recurses once per level, and 200 levels fit on a 2 MiB thread
/// stack even in a debug build, so no setting can make hostile input overflow the stack.
pub const MAX_DEPTH_LIMIT: usize = 200;
/// Default for [`ParseOptions::max_len`] (64 KiB).
pub const DEFAULT_MAX_LEN: usize = 64 * 1024;

/// How filters and paths are parsed.
///
/// | option | default | strict | what it allows |
/// |---|---|---|---|
/// | [`lenient_whitespace`](Self::lenient_whitespace) | on | off | one or more whitespace characters (space, tab, CR, LF) wherever the ABNF has `SP`, any whitespace at the start and end, after `(` and `[` and before `)` and `]`, and none between an operator and a quoted string (RFC 7644 §3.5.2.2's example `members[value eq"2819c223..."]`) |
/// | [`value_path_sub_attr`](Self::value_path_sub_attr) | on | off | Microsoft Entra ID's `emails[type eq "work"].value eq "x"`, read as `emails[type eq "work" and value eq "x"]` |
/// | [`dollar_names`](Self::dollar_names) | on | off | `$` in attribute names (RFC 7643 §2.1's `nameChar`) and the `$ref` sub-attribute (RFC 7643 §2.4), e.g. `members.$ref` |
/// | [`max_depth`](Self::max_depth) | 64 | 64 | nesting of `(`, `not (` and `[` (at most 200) |
/// | [`max_len`](Self::max_len) | 65536 | 65536 | input length in bytes |
///
/// In both modes keywords and operators are case-insensitive (RFC 7644 §3.4.2.2), `not(` and
/// `not (` are both accepted (erratum 7319), JSON literals are lower-case only (RFC 7159 §3), and a
/// `\u` escape must not leave a lone surrogate (RFC 7159 §8.2: such strings are not
/// interoperable; a Rust `String` cannot hold them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOptions {
    max_depth: usize,
    max_len: usize,
    lenient_whitespace: bool,
    value_path_sub_attr: bool,
    dollar_names: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_depth: DEFAULT_MAX_DEPTH,
            max_len: DEFAULT_MAX_LEN,
            lenient_whitespace: true,
            value_path_sub_attr: true,
            dollar_names: true,
        }
    }
}

impl ParseOptions {
    /// The defaults: the RFC plus the deviations identity providers send (see the table above).
    pub fn new() -> ParseOptions {
        ParseOptions::default()
    }

    /// Exactly the RFC 7644 grammar (with erratum 7319), nothing more.
    pub fn strict() -> ParseOptions {
        ParseOptions {
            lenient_whitespace: false,
            value_path_sub_attr: false,
            dollar_names: false,
            ..ParseOptions::default()
        }
    }

    /// Sets the maximum nesting of `(`, `not (` and `[`, clamped to
    /// `1..=`[`MAX_DEPTH_LIMIT`] (200).
    #[must_use]
    pub fn max_depth(mut self, depth: usize) -> ParseOptions {
        self.max_depth = depth.clamp(1, MAX_DEPTH_LIMIT);
        self
    }

    /// Sets the maximum input length in bytes.
    #[must_use]
    pub fn max_len(mut self, len: usize) -> ParseOptions {
        self.max_len = len;
        self
    }

    /// Accept runs of whitespace where the RFC has one space, and whitespace around brackets and
    /// at the ends.
    #[must_use]
    pub fn lenient_whitespace(mut self, on: bool) -> ParseOptions {
        self.lenient_whitespace = on;
        self
    }

    /// Accept `attr[filter].sub op value` in filters (Microsoft Entra ID; elimity-com/scim#150).
    #[must_use]
    pub fn value_path_sub_attr(mut self, on: bool) -> ParseOptions {
        self.value_path_sub_attr = on;
        self
    }

    /// Accept `$` in attribute names and the `$ref` sub-attribute.
    #[must_use]
    pub fn dollar_names(mut self, on: bool) -> ParseOptions {
        self.dollar_names = on;
        self
    }

    /// The configured nesting limit.
    pub fn get_max_depth(&self) -> usize {
        self.max_depth
    }

    /// The configured length limit.
    pub fn get_max_len(&self) -> usize {
        self.max_len
    }

    /// Whether whitespace is lenient.
    pub fn is_lenient_whitespace(&self) -> bool {
        self.lenient_whitespace
    }

    /// Whether the Entra ID value-path form is accepted.
    pub fn is_value_path_sub_attr(&self) -> bool {
        self.value_path_sub_attr
    }

    /// Whether `$` names are accepted.
    pub fn is_dollar_names(&self) -> bool {
        self.dollar_names
    }

    /// True when every deviation is off (the RFC grammar exactly).
    pub fn is_strict(&self) -> bool {
        !self.lenient_whitespace && !self.value_path_sub_attr && !self.dollar_names
    }
}

/// Parses a filter into its tree. Errors are `invalidFilter`.
pub(crate) fn parse_filter(src: &str, opts: &ParseOptions) -> Result<Expr> {
    let mut p = Parser::new(src, opts, ErrorKind::InvalidFilter)?;
    p.skip_ws_lenient();
    let (expr, _) = p.parse_or()?;
    p.skip_ws_lenient();
    if p.pos < p.b.len() {
        return Err(p.after_operand_error(Ctx::Top));
    }
    Ok(expr)
}

/// Parses a PATCH path (RFC 7644 §3.5.2, Figure 7). Errors are `invalidPath`.
pub(crate) fn parse_patch_path(src: &str, opts: &ParseOptions) -> Result<PatchPath> {
    let mut p = Parser::new(src, opts, ErrorKind::InvalidPath)?;
    p.skip_ws_lenient();
    let start = p.pos;
    let attr = p.parse_attr_path()?;
    let path = if p.peek() == Some(b'[') {
        let value_path = p.parse_brackets(attr, start)?;
        let sub_attr = if p.peek() == Some(b'.') {
            p.pos += 1;
            let (name, _) = p.parse_attr_name()?;
            Some(name)
        } else {
            None
        };
        PatchPath::Value {
            value_path,
            sub_attr,
            span: Span::new(start, p.pos),
        }
    } else {
        PatchPath::Attr(attr)
    };
    p.skip_ws_lenient();
    if p.pos < p.b.len() {
        let (found, span) = p.found();
        return Err(p.err(diag::path_trailing(&found), span));
    }
    Ok(path)
}

/// Where an expression sits, which decides what may follow it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Top,
    Paren,
    Bracket,
}

struct Parser<'s, 'o> {
    src: &'s str,
    b: &'s [u8],
    pos: usize,
    opts: &'o ParseOptions,
    depth: usize,
    kind: ErrorKind,
    /// True while parsing inside the brackets of a value path.
    in_brackets: bool,
}

#[inline]
fn is_alpha(c: u8) -> bool {
    c.is_ascii_alphabetic()
}

#[inline]
fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

#[inline]
fn is_scheme_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')
}

/// Characters of a URI segment in an attribute path's schema prefix, other than `:` and
/// percent-encodings: RFC 3986 `pchar` plus `/`, `?`, `#`, without `(`, `)` (which would be
/// ambiguous with grouping in a filter; no SCIM schema URI uses them).
#[inline]
fn is_uri_char(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b'@'
                | b'/'
                | b'?'
                | b'#'
        )
}

/// Bytes that can continue a word for the purpose of describing what was found.
#[inline]
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b':' | b'$') || c >= 0x80
}

impl<'s, 'o> Parser<'s, 'o> {
    fn new(src: &'s str, opts: &'o ParseOptions, kind: ErrorKind) -> Result<Parser<'s, 'o>> {
        if src.len() > opts.max_len {
            return Err(Error::new(kind, diag::too_long(src.len(), opts.max_len))
                .with_span(Span::new(opts.max_len, src.len()))
                .with_source(src));
        }
        Ok(Parser {
            src,
            b: src.as_bytes(),
            pos: 0,
            opts,
            depth: 0,
            kind,
            in_brackets: false,
        })
    }

    #[cold]
    fn err(&self, detail: String, span: Span) -> Error {
        Error::new(self.kind, detail)
            .with_span(span)
            .with_source(self.src)
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    #[inline]
    fn byte_at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn skip_ws_lenient(&mut self) {
        if self.opts.lenient_whitespace {
            while self.peek().is_some_and(is_ws) {
                self.pos += 1;
            }
        }
    }

    fn ws_run(&self, from: usize) -> usize {
        self.b
            .get(from..)
            .map_or(0, |rest| rest.iter().take_while(|&&c| is_ws(c)).count())
    }

    /// Length of the case-insensitive keyword `kw` at `at` when it stands as a whole word.
    fn keyword_at(&self, at: usize, kw: &[u8]) -> bool {
        let Some(word) = self.b.get(at..at + kw.len()) else {
            return false;
        };
        word.eq_ignore_ascii_case(kw)
            && !self
                .byte_at(at + kw.len())
                .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'$'))
    }

    /// Describes the token at `self.pos` for a "found ..." message, with its span.
    #[cold]
    fn found(&self) -> (String, Span) {
        self.found_at(self.pos)
    }

    #[cold]
    fn found_at(&self, at: usize) -> (String, Span) {
        let Some(c) = self.byte_at(at) else {
            return ("end of input".to_owned(), Span::new(at, at));
        };
        match c {
            c if is_ws(c) => {
                let n = self.ws_run(at);
                let what = match (n, c) {
                    (1, b' ') => "a space",
                    (1, b'\t') => "a tab",
                    (1, _) => "a line break",
                    _ => "whitespace",
                };
                (what.to_owned(), Span::new(at, at + n))
            }
            b'"' => {
                // The string literal up to its closing quote, or to the end.
                let mut i = at + 1;
                while let Some(&d) = self.b.get(i) {
                    i += 1;
                    if d == b'\\' {
                        i += 1;
                    } else if d == b'"' {
                        break;
                    }
                }
                let end = i.min(self.b.len());
                (quote_token(self.src, at, end), Span::new(at, end))
            }
            c if is_word_byte(c) => {
                let mut end = at;
                while self.byte_at(end).is_some_and(is_word_byte) {
                    end += 1;
                }
                let end = ceil_boundary(self.src, end);
                (quote_token(self.src, at, end), Span::new(at, end))
            }
            _ => {
                let end = ceil_boundary(self.src, at + 1);
                (quote_token(self.src, at, end), Span::new(at, end))
            }
        }
    }

    /// Consumes the separator the ABNF writes as `SP` before `what`.
    fn sep(&mut self, after: &str) -> Result<()> {
        if self.opts.lenient_whitespace {
            let n = self.ws_run(self.pos);
            if n == 0 {
                let (found, span) = self.found();
                return Err(self.err(diag::expected_space(after, &found), span));
            }
            self.pos += n;
            return Ok(());
        }
        match self.peek() {
            Some(b' ') => {
                self.pos += 1;
                let extra = self.ws_run(self.pos);
                if extra > 0 {
                    return Err(self.err(
                        diag::strict_extra_space(),
                        Span::new(self.pos, self.pos + extra),
                    ));
                }
                Ok(())
            }
            _ => {
                let (found, span) = self.found();
                Err(self.err(diag::expected_space(after, &found), span))
            }
        }
    }

    fn enter(&mut self, at: usize) -> Result<()> {
        if self.depth >= self.opts.max_depth {
            return Err(self.err(diag::too_deep(self.opts.max_depth), Span::new(at, at + 1)));
        }
        self.depth += 1;
        Ok(())
    }

    /// `FILTER` / `valFilter`: an `or` of `and`s. Returns the expression and its outer span
    /// (including grouping parentheses of a lone operand).
    fn parse_or(&mut self) -> Result<(Expr, Span)> {
        let (first, first_span) = self.parse_and()?;
        if !self.at_logical(b"or") {
            return Ok((first, first_span));
        }
        let mut operands = Vec::with_capacity(4);
        push_flat(&mut operands, first, false);
        let mut end = first_span.end;
        while self.at_logical(b"or") {
            self.consume_logical(b"or")?;
            let (e, s) = self.parse_and()?;
            end = s.end;
            push_flat(&mut operands, e, false);
        }
        let span = Span::new(first_span.start, end);
        Ok((Expr::Or(Logical { operands, span }), span))
    }

    fn parse_and(&mut self) -> Result<(Expr, Span)> {
        let (first, first_span) = self.parse_primary()?;
        if !self.at_logical(b"and") {
            return Ok((first, first_span));
        }
        let mut operands = Vec::with_capacity(4);
        push_flat(&mut operands, first, true);
        let mut end = first_span.end;
        while self.at_logical(b"and") {
            self.consume_logical(b"and")?;
            let (e, s) = self.parse_primary()?;
            end = s.end;
            push_flat(&mut operands, e, true);
        }
        let span = Span::new(first_span.start, end);
        Ok((Expr::And(Logical { operands, span }), span))
    }

    /// Is the logical keyword `kw` next (after the separator)? Does not consume.
    fn at_logical(&self, kw: &[u8]) -> bool {
        let n = self.ws_run(self.pos);
        if n == 0 || (!self.opts.lenient_whitespace && (n != 1 || self.peek() != Some(b' '))) {
            return false;
        }
        self.keyword_at(self.pos + n, kw)
    }

    fn consume_logical(&mut self, kw: &[u8]) -> Result<()> {
        self.pos += self.ws_run(self.pos) + kw.len();
        let kw_text = if kw == b"and" { "and" } else { "or" };
        if self.pos >= self.b.len() {
            let (found, span) = self.found();
            return Err(self.err(diag::expected_filter_after(kw_text, &found), span));
        }
        self.sep(kw_text)
    }

    /// One operand of `and`: a group, `not (...)`, an attribute expression or a value path.
    fn parse_primary(&mut self) -> Result<(Expr, Span)> {
        let start = self.pos;
        match self.peek() {
            Some(b'(') => {
                self.enter(start)?;
                self.pos += 1;
                self.skip_ws_lenient();
                let (inner, _) = self.parse_or()?;
                self.close(b')', start)?;
                self.depth -= 1;
                Ok((inner, Span::new(start, self.pos)))
            }
            Some(c) if c == b'n' || c == b'N' => {
                if let Some(paren) = self.not_paren() {
                    self.enter(paren)?;
                    self.pos = paren + 1;
                    self.skip_ws_lenient();
                    let (inner, _) = self.parse_or()?;
                    self.close(b')', paren)?;
                    self.depth -= 1;
                    let span = Span::new(start, self.pos);
                    return Ok((
                        Expr::Not(Not {
                            operand: Box::new(inner),
                            span,
                        }),
                        span,
                    ));
                }
                self.parse_attr_expr(start)
            }
            Some(c) if is_alpha(c) || (c == b'$' && self.opts.dollar_names) => {
                self.parse_attr_expr(start)
            }
            _ => {
                let (found, span) = self.found();
                Err(self.err(diag::expected_expression(&found), span))
            }
        }
    }

    /// If `not` followed by the allowed space and `(` is at `self.pos`, the offset of `(`.
    fn not_paren(&self) -> Option<usize> {
        if !self.keyword_at(self.pos, b"not") {
            return None;
        }
        let after = self.pos + 3;
        let n = self.ws_run(after);
        let ok = if self.opts.lenient_whitespace {
            true
        } else {
            n == 0 || (n == 1 && self.byte_at(after) == Some(b' '))
        };
        (ok && self.byte_at(after + n) == Some(b'(')).then_some(after + n)
    }

    /// Expects the closing `close` of a group opened at `open`.
    fn close(&mut self, close: u8, open: usize) -> Result<()> {
        self.skip_ws_lenient();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(());
        }
        let inner = if close == b')' {
            Ctx::Paren
        } else {
            Ctx::Bracket
        };
        if self.pos >= self.b.len() {
            let what = if close == b')' { "(" } else { "[" };
            return Err(self.err(diag::unclosed(what), Span::new(open, open + 1)));
        }
        Err(self.after_operand_error(inner))
    }

    /// The error for whatever follows a complete operand when it is not `and`, `or` or the
    /// closing token the context expects.
    #[cold]
    fn after_operand_error(&self, ctx: Ctx) -> Error {
        let here = self.pos;
        let n = self.ws_run(here);
        if !self.opts.lenient_whitespace && n > 0 {
            // Whitespace that only lenient mode accepts.
            if self.byte_at(here) != Some(b' ') {
                let (found, span) = self.found_at(here);
                return self.err(diag::strict_whitespace(&found), span);
            }
            if n > 1 {
                return self.err(diag::strict_extra_space(), Span::new(here + 1, here + n));
            }
            let next = here + 1;
            if next >= self.b.len() || matches!(self.byte_at(next), Some(b')' | b']')) {
                return self.err(diag::strict_extra_space(), Span::new(here, next));
            }
            let (found, span) = self.found_at(next);
            return self.err(diag::expected_after_operand(ctx_closer(ctx), &found), span);
        }
        let at = here + n;
        let (found, span) = self.found_at(at);
        match self.byte_at(at) {
            Some(b')') if ctx == Ctx::Top => self.err(diag::unmatched(")"), span),
            Some(b']') if ctx == Ctx::Top => self.err(diag::unmatched("]"), span),
            _ => {
                if n == 0 {
                    for kw in ["and", "or"] {
                        if self.keyword_at(at, kw.as_bytes()) {
                            return self.err(diag::expected_space_before(kw), span);
                        }
                    }
                }
                self.err(diag::expected_after_operand(ctx_closer(ctx), &found), span)
            }
        }
    }

    /// `attrPath SP "pr"`, `attrPath SP compareOp SP compValue`, or `valuePath` (with, when
    /// enabled, Entra ID's `valuePath "." subAttr SP op ...`).
    fn parse_attr_expr(&mut self, start: usize) -> Result<(Expr, Span)> {
        let path = self.parse_attr_path()?;
        if self.peek() == Some(b'[') {
            if self.in_brackets {
                return Err(self.err(diag::nested_value_path(), Span::new(self.pos, self.pos + 1)));
            }
            let vp = self.parse_brackets(path, start)?;
            if self.peek() != Some(b'.') {
                let span = vp.span;
                return Ok((Expr::ValuePath(vp), span));
            }
            let dot = self.pos;
            self.pos += 1;
            if !self.opts.value_path_sub_attr {
                let end = self.parse_attr_name().map_or(dot + 1, |(_, s)| s.end);
                return Err(self.err(diag::value_path_sub_attr_in_filter(), Span::new(dot, end)));
            }
            // Microsoft Entra ID: `attr[f].sub op v` means `attr[f and sub op v]`.
            let sub_start = self.pos;
            let (name, name_span) = self.parse_attr_name()?;
            let sub = AttrPath {
                uri: None,
                name,
                sub_attr: None,
                span: name_span,
            };
            let (test, test_span) = self.parse_test(sub, sub_start)?;
            let ValuePath { attr, filter, .. } = vp;
            let inner_start = filter.span().start;
            let mut operands = Vec::with_capacity(2);
            push_flat(&mut operands, *filter, true);
            operands.push(test);
            let span = Span::new(start, test_span.end);
            let vp = ValuePath {
                attr,
                filter: Box::new(Expr::And(Logical {
                    operands,
                    span: Span::new(inner_start, test_span.end),
                })),
                span,
            };
            return Ok((Expr::ValuePath(vp), span));
        }
        self.parse_test(path, start)
    }

    /// The part after an attribute path: `SP "pr"` or `SP compareOp SP compValue`.
    fn parse_test(&mut self, path: AttrPath, start: usize) -> Result<(Expr, Span)> {
        let path_text = &self.src[path.span.start..path.span.end];
        if self.pos >= self.b.len() || !self.peek().is_some_and(is_ws) {
            let (found, span) = self.found();
            return Err(self.err(diag::expected_operator_after_path(path_text, &found), span));
        }
        self.sep(path_text)?;
        let op_start = self.pos;
        let mut op_end = op_start;
        while self
            .byte_at(op_end)
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'$'))
        {
            op_end += 1;
        }
        let word = &self.src[op_start..op_end];
        let op_span = Span::new(op_start, op_end);
        if word.eq_ignore_ascii_case("pr") {
            self.pos = op_end;
            let span = Span::new(start, op_end);
            return Ok((
                Expr::Present(Presence {
                    path,
                    span,
                    op_span,
                }),
                span,
            ));
        }
        let Some(op) = CompareOp::from_keyword(word) else {
            let (found, span) = self.found();
            if path.uri.is_none()
                && path.sub_attr.is_none()
                && path.name.eq_ignore_ascii_case("not")
            {
                return Err(self.err(diag::expected_paren_after_not(&found), span));
            }
            return Err(self.err(diag::expected_operator(&found), span));
        };
        self.pos = op_end;
        // Lenient: a quoted string may follow the operator directly, as in RFC 7644 §3.5.2.2's
        // own example `members[value eq"2819c223..."]`.
        let glued_string = self.opts.lenient_whitespace && self.peek() == Some(b'"');
        if !glued_string && (self.pos >= self.b.len() || !self.peek().is_some_and(is_ws)) {
            let (found, span) = self.found();
            if self.pos >= self.b.len() {
                return Err(self.err(diag::expected_value(&found, ""), span));
            }
            return Err(self.err(diag::expected_space(op.as_str(), &found), span));
        }
        if !glued_string {
            self.sep(op.as_str())?;
        }
        let value_start = self.pos;
        let value = self.parse_value()?;
        let value_span = Span::new(value_start, self.pos);
        let span = Span::new(start, self.pos);
        Ok((
            Expr::Compare(Comparison {
                path,
                op,
                value,
                span,
                op_span,
                value_span,
            }),
            span,
        ))
    }

    /// `"[" valFilter "]"` after `attr`, which started at `start`.
    fn parse_brackets(&mut self, attr: AttrPath, start: usize) -> Result<ValuePath> {
        let open = self.pos;
        self.enter(open)?;
        self.pos += 1;
        self.skip_ws_lenient();
        let was = std::mem::replace(&mut self.in_brackets, true);
        let (filter, _) = self.parse_or()?;
        self.close(b']', open)?;
        self.in_brackets = was;
        self.depth -= 1;
        Ok(ValuePath {
            attr,
            filter: Box::new(filter),
            span: Span::new(start, self.pos),
        })
    }

    /// `attrPath = [URI ":"] ATTRNAME *1subAttr`.
    ///
    /// The schema prefix is `scheme ":" *(segment ":")` — everything up to the last `:` of the
    /// run of URI characters — so `urn:ietf:params:scim:schemas:core:2.0:User:name.givenName`
    /// splits into the URI `urn:ietf:params:scim:schemas:core:2.0:User` and `name.givenName`.
    fn parse_attr_path(&mut self) -> Result<AttrPath> {
        let start = self.pos;
        let b = self.b;
        // A scheme, then `:`?
        let mut i = start;
        let mut uri_end = None;
        if b.get(i).copied().is_some_and(is_alpha) {
            i += 1;
            while b.get(i).copied().is_some_and(is_scheme_char) {
                i += 1;
            }
            if b.get(i) == Some(&b':') {
                uri_end = Some(i);
                i += 1;
                loop {
                    match b.get(i).copied() {
                        Some(b':') => {
                            uri_end = Some(i);
                            i += 1;
                        }
                        Some(b'%')
                            if b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit) =>
                        {
                            i += 3;
                        }
                        Some(c) if is_uri_char(c) => i += 1,
                        _ => break,
                    }
                }
            }
        }
        let uri = uri_end.map(|e| {
            self.pos = e + 1;
            self.src[start..e].to_owned()
        });
        let (name, _) = self.parse_attr_name()?;
        let sub_attr = if self.peek() == Some(b'.') {
            self.pos += 1;
            let (sub, _) = self.parse_attr_name()?;
            if self.peek() == Some(b'.') {
                let at = self.pos;
                let mut end = at + 1;
                while self.byte_at(end).is_some_and(is_word_byte) {
                    end += 1;
                }
                return Err(self.err(diag::too_many_sub_attrs(), Span::new(at, end)));
            }
            Some(sub)
        } else {
            None
        };
        Ok(AttrPath {
            uri,
            name,
            sub_attr,
            span: Span::new(start, self.pos),
        })
    }

    /// `ATTRNAME = ALPHA *(nameChar)`, `nameChar = "-" / "_" / DIGIT / ALPHA` (RFC 7644), plus
    /// `$` and `$ref` when `dollar_names` is on (RFC 7643 §2.1, §2.4).
    fn parse_attr_name(&mut self) -> Result<(String, Span)> {
        let start = self.pos;
        let dollar = self.opts.dollar_names;
        match self.peek() {
            Some(c) if is_alpha(c) => {}
            Some(b'$') if dollar && self.keyword_at(start + 1, b"ref") => {
                self.pos += 4;
                return Ok((
                    self.src[start..self.pos].to_owned(),
                    Span::new(start, self.pos),
                ));
            }
            _ => {
                let (found, span) = self.found();
                return Err(self.err(diag::expected_attr_name(&found), span));
            }
        }
        let mut i = start + 1;
        while self.byte_at(i).is_some_and(|c| {
            c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || (dollar && c == b'$')
        }) {
            i += 1;
        }
        self.pos = i;
        Ok((self.src[start..i].to_owned(), Span::new(start, i)))
    }

    /// `compValue = false / null / true / number / string`.
    fn parse_value(&mut self) -> Result<CompValue> {
        let start = self.pos;
        match self.peek() {
            Some(b'"') => self.parse_string().map(CompValue::String),
            Some(c) if c == b'-' || c.is_ascii_digit() => {
                self.parse_number().map(CompValue::Number)
            }
            Some(c) if is_alpha(c) => {
                let mut end = start;
                while self.byte_at(end).is_some_and(is_word_byte) {
                    end += 1;
                }
                let word = &self.src[start..ceil_boundary(self.src, end)];
                let value = match word {
                    "true" => CompValue::Bool(true),
                    "false" => CompValue::Bool(false),
                    "null" => CompValue::Null,
                    _ => {
                        let (found, span) = self.found();
                        let hint = if ["true", "false", "null"]
                            .iter()
                            .any(|l| l.eq_ignore_ascii_case(word))
                        {
                            diag::hint_lowercase_literal(&word.to_ascii_lowercase())
                        } else {
                            diag::hint_double_quotes()
                        };
                        return Err(self.err(diag::expected_value(&found, &hint), span));
                    }
                };
                self.pos = end;
                Ok(value)
            }
            Some(b'\'') => {
                let (found, span) = self.found();
                Err(self.err(
                    diag::expected_value(&found, &diag::hint_double_quotes()),
                    span,
                ))
            }
            Some(c)
                if c >= 0x80 && self.src[start..].starts_with(['“', '”', '„', '‘', '’', '«']) =>
            {
                let (found, span) = self.found();
                Err(self.err(
                    diag::expected_value(&found, &diag::hint_straight_quotes()),
                    span,
                ))
            }
            _ => {
                let (found, span) = self.found();
                Err(self.err(diag::expected_value(&found, ""), span))
            }
        }
    }

    /// A JSON number (RFC 7159 §6), which must end at a token boundary.
    fn parse_number(&mut self) -> Result<Number> {
        let start = self.pos;
        let len = match scan_json_number(&self.b[start..]) {
            Ok(len) => len,
            Err((problem, at)) => {
                let at = start + at;
                let (found, span) = self.found_at(at);
                return Err(self.err(diag::bad_number(problem, &found), span));
            }
        };
        let end = start + len;
        if self.byte_at(end).is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'$' | b'-' | b'+')
        }) {
            let mut e = end;
            while self
                .byte_at(e)
                .is_some_and(|c| is_word_byte(c) || matches!(c, b'+' | b'-'))
            {
                e += 1;
            }
            let e = ceil_boundary(self.src, e);
            return Err(self.err(
                diag::invalid_number(&self.src[start..e]),
                Span::new(start, e),
            ));
        }
        self.pos = end;
        Ok(Number::from_lexeme_unchecked(&self.src[start..end]))
    }

    /// A JSON string (RFC 7159 §7): escapes decoded, control characters refused, surrogate
    /// escapes paired.
    fn parse_string(&mut self) -> Result<String> {
        let open = self.pos;
        let b = self.b;
        let mut i = open + 1;
        // Fast path: no escapes.
        while let Some(&c) = b.get(i) {
            if c == b'"' {
                self.pos = i + 1;
                return Ok(self.src[open + 1..i].to_owned());
            }
            if c == b'\\' || c < 0x20 {
                break;
            }
            i += 1;
        }
        let mut out = String::with_capacity(i - open + 8);
        out.push_str(&self.src[open + 1..i]);
        loop {
            let Some(&c) = b.get(i) else {
                return Err(self.err(diag::unterminated_string(), Span::new(open, b.len())));
            };
            match c {
                b'"' => {
                    self.pos = i + 1;
                    return Ok(out);
                }
                b'\\' => {
                    let esc = b.get(i + 1).copied();
                    let simple = match esc {
                        Some(b'"') => Some('"'),
                        Some(b'\\') => Some('\\'),
                        Some(b'/') => Some('/'),
                        Some(b'b') => Some('\u{8}'),
                        Some(b'f') => Some('\u{c}'),
                        Some(b'n') => Some('\n'),
                        Some(b'r') => Some('\r'),
                        Some(b't') => Some('\t'),
                        _ => None,
                    };
                    if let Some(ch) = simple {
                        out.push(ch);
                        i += 2;
                        continue;
                    }
                    if esc != Some(b'u') {
                        let end = ceil_boundary(self.src, (i + 2).min(b.len()));
                        if esc.is_none() {
                            return Err(
                                self.err(diag::unterminated_string(), Span::new(open, b.len()))
                            );
                        }
                        return Err(
                            self.err(diag::bad_escape(&self.src[i..end]), Span::new(i, end))
                        );
                    }
                    let hi = self.hex4(i)?;
                    if (0xDC00..0xE000).contains(&hi) {
                        return Err(self.err(diag::lone_surrogate(hi), Span::new(i, i + 6)));
                    }
                    if (0xD800..0xDC00).contains(&hi) {
                        let j = i + 6;
                        if b.get(j) != Some(&b'\\') || b.get(j + 1) != Some(&b'u') {
                            return Err(self.err(diag::lone_surrogate(hi), Span::new(i, j)));
                        }
                        let lo = self.hex4(j)?;
                        if !(0xDC00..0xE000).contains(&lo) {
                            return Err(self.err(diag::lone_surrogate(hi), Span::new(i, j)));
                        }
                        let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        out.push(char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER));
                        i = j + 6;
                    } else {
                        out.push(char::from_u32(hi).unwrap_or(char::REPLACEMENT_CHARACTER));
                        i += 6;
                    }
                }
                c if c < 0x20 => {
                    return Err(self.err(diag::control_char(c), Span::new(i, i + 1)));
                }
                _ => {
                    // Copy the run up to the next special byte.
                    let run_start = i;
                    while b
                        .get(i)
                        .is_some_and(|&c| c != b'"' && c != b'\\' && c >= 0x20)
                    {
                        i += 1;
                    }
                    out.push_str(&self.src[run_start..i]);
                }
            }
        }
    }

    /// The four hex digits of the `\u` escape at `at` (pointing at the backslash).
    fn hex4(&self, at: usize) -> Result<u32> {
        let digits = self.b.get(at + 2..at + 6);
        match digits {
            Some(d) if d.iter().all(u8::is_ascii_hexdigit) => {
                let mut v = 0u32;
                for &c in d {
                    v = v * 16 + (c as char).to_digit(16).unwrap_or(0);
                }
                Ok(v)
            }
            _ => {
                let mut end = at + 2;
                while end < (at + 6).min(self.b.len()) && self.b[end].is_ascii_hexdigit() {
                    end += 1;
                }
                let end = ceil_boundary(self.src, (end + 1).min(self.b.len()));
                Err(self.err(
                    diag::bad_unicode_escape(&self.src[at..end]),
                    Span::new(at, end),
                ))
            }
        }
    }
}

fn ctx_closer(ctx: Ctx) -> &'static str {
    match ctx {
        Ctx::Top => "the end of the filter",
        Ctx::Paren => "`)`",
        Ctx::Bracket => "`]`",
    }
}

/// Appends `e` to the operands of an `and` (`is_and`) or `or`, splicing in the operands of a
/// (parenthesised) operand of the same kind.
fn push_flat(operands: &mut Vec<Expr>, e: Expr, is_and: bool) {
    match e {
        Expr::And(l) if is_and => operands.extend(l.operands),
        Expr::Or(l) if !is_and => operands.extend(l.operands),
        e => operands.push(e),
    }
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Quotes a slice of source for a message, shortened if long.
fn quote_token(src: &str, start: usize, end: usize) -> String {
    let text = &src[start..end];
    const MAX: usize = 32;
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX).collect();
        format!("`{cut}…`")
    } else {
        format!("`{text}`")
    }
}

/// What is wrong with a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberProblem {
    /// `-` not followed by a digit.
    MissingDigits,
    /// `01`.
    LeadingZero,
    /// `1.` or `1.e5`.
    MissingFraction,
    /// `1e` or `1e+`.
    MissingExponent,
}

/// Scans a JSON number at the start of `b`; returns its length or the problem and where it is.
pub(crate) fn scan_json_number(b: &[u8]) -> std::result::Result<usize, (NumberProblem, usize)> {
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => {
            i += 1;
            if digit(i) {
                return Err((NumberProblem::LeadingZero, i - 1));
            }
        }
        Some(c) if c.is_ascii_digit() => {
            while digit(i) {
                i += 1;
            }
        }
        _ => return Err((NumberProblem::MissingDigits, i)),
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digit(i) {
            return Err((NumberProblem::MissingFraction, i));
        }
        while digit(i) {
            i += 1;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digit(i) {
            return Err((NumberProblem::MissingExponent, i));
        }
        while digit(i) {
            i += 1;
        }
    }
    Ok(i)
}

/// Length of the JSON number at the start of `b`, if there is a valid one.
pub(crate) fn json_number_len(b: &[u8]) -> Option<usize> {
    scan_json_number(b).ok()
}
