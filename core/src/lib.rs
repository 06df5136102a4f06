//! # scimkit
//!
//! The SCIM 2.0 engine: filters (RFC 7644 §3.4.2.2) parsed to a typed tree with byte spans,
//! printed canonically, compiled against a schema (RFC 7643) and evaluated on JSON resources.
//!
//! * [`Filter`] — parse, print ([`Display`](std::fmt::Display)), [`compile`](Filter::compile).
//! * [`CompiledFilter`] — [`matches`](CompiledFilter::matches) a `serde_json::Value`.
//! * [`Schemas`] — the RFC 7643 User, Group and EnterpriseUser schemas and resource types.
//! * [`Error`] — one error type with the RFC 7644 §3.12 `scimType`, a status, a span and a caret
//!   rendering.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod datetime;
mod diag;
pub mod error;
pub mod filter;
#[cfg(feature = "generate")]
pub mod generate;
pub mod patch;
pub mod schema;
mod text;
pub mod value;

pub use error::{Error, ErrorKind, Result, Span, SpanConverter, SpanUnits};
pub use filter::{CompiledFilter, Filter, ParseOptions, PatchPath};
pub use patch::{PatchOptions, PatchOutcome, PatchRequest, Profile};
pub use schema::Schemas;

/// The README's Rust examples, compiled and run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
