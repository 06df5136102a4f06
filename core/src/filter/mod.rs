//! SCIM filters (RFC 7644 §3.4.2.2): parse, print, compile, evaluate.
//!
//! ```
//! use scimkit::{Filter, Schemas};
//! use serde_json::json;
//!
//! let filter = Filter::parse(r#"userName Eq "bjensen" and emails[type eq "work"]"#)?;
//! assert_eq!(filter.to_string(), r#"userName eq "bjensen" and emails[type eq "work"]"#);
//!
//! let schemas = Schemas::rfc7643();
//! let compiled = filter.compile(&schemas, "User")?;
//! let user = json!({"userName": "BJensen", "emails": [{"type": "work", "value": "b@example.com"}]});
//! assert!(compiled.matches(&user)); // userName is caseExact=false (RFC 7643 §4.1)
//! # Ok::<(), scimkit::Error>(())
//! ```

pub mod ast;
mod cache;
pub mod compile;
pub mod json;
pub(crate) mod parse;
mod print;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

pub use ast::{
    AttrPath, CompValue, CompareOp, Comparison, Expr, Logical, Not, Number, PatchPath, Presence,
    ValuePath,
};
pub use cache::CompileCache;
pub use compile::CompiledFilter;
pub use parse::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_LEN, MAX_DEPTH_LIMIT, ParseOptions};

use crate::error::Result;

/// A parsed filter: the tree plus, when it came from text, that text (so that errors found later,
/// at compile time, can draw a caret under it).
#[derive(Clone, Debug)]
pub struct Filter {
    root: Expr,
    source: Option<Arc<str>>,
}

impl Filter {
    /// Parses `text` with the default [`ParseOptions`].
    pub fn parse(text: &str) -> Result<Filter> {
        Filter::parse_with(text, &ParseOptions::default())
    }

    /// Parses `text` with `options`.
    pub fn parse_with(text: &str, options: &ParseOptions) -> Result<Filter> {
        let root = parse::parse_filter(text, options)?;
        Ok(Filter {
            root,
            source: Some(Arc::from(text)),
        })
    }

    /// Wraps a tree built by hand.
    pub fn from_expr(root: Expr) -> Filter {
        Filter { root, source: None }
    }

    /// The root of the tree.
    pub fn root(&self) -> &Expr {
        &self.root
    }

    /// Takes the tree.
    pub fn into_expr(self) -> Expr {
        self.root
    }

    /// The text this filter was parsed from.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    pub(crate) fn source_arc(&self) -> Option<&Arc<str>> {
        self.source.as_ref()
    }
}

impl PartialEq for Filter {
    fn eq(&self, other: &Filter) -> bool {
        self.root == other.root
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.root.fmt(f)
    }
}

impl FromStr for Filter {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Filter> {
        Filter::parse(s)
    }
}

impl PatchPath {
    /// Parses a PATCH `path` (RFC 7644 §3.5.2, Figure 7) with the default options. Errors are
    /// `invalidPath`.
    pub fn parse(text: &str) -> Result<PatchPath> {
        parse::parse_patch_path(text, &ParseOptions::default())
    }

    /// Parses a PATCH `path` with `options`.
    pub fn parse_with(text: &str, options: &ParseOptions) -> Result<PatchPath> {
        parse::parse_patch_path(text, options)
    }
}
