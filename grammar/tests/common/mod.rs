//! Shared by the differential tests: the two parsers side by side, and the generator of
//! normalised filter trees and of mutations, which lives in `scimkit::generate::syntax` (feature
//! `generate`) so that fuzz targets and other projects can use it too.

#![allow(dead_code)] // each test binary uses a different part

use scimkit::filter::{Expr, PatchPath};
use scimkit::{Filter, ParseOptions};

// ---------------------------------------------------------------------------------------------
// The two parsers
// ---------------------------------------------------------------------------------------------

/// Strict options for the hand-written parser at its highest depth limit (the grammar has none;
/// inputs nested deeper than `MAX_DEPTH_LIMIT` are compared in `nesting_and_long_chains`).
pub(crate) fn strict() -> ParseOptions {
    ParseOptions::strict().max_depth(scimkit::filter::MAX_DEPTH_LIMIT)
}

/// What both parsers made of a filter: the common tree, or `None` when both rejected it.
/// Panics, describing both results, when they disagree.
pub(crate) fn same_filter(input: &str) -> Option<Expr> {
    let hand = Filter::parse_with(input, &strict()).map(Filter::into_expr);
    let grammar = scimkit_grammar::parse_filter(input);
    match (hand, grammar) {
        (Ok(h), Ok(g)) => {
            assert!(
                h == g,
                "the parsers build different trees for filter {input:?}\n hand:    {h:?}\n grammar: {g:?}"
            );
            Some(h)
        }
        (Err(_), Err(_)) => None,
        (Ok(h), Err(g)) => {
            panic!(
                "filter {input:?}: the hand parser accepts it ({h:?}), the grammar rejects it:\n{g}"
            )
        }
        (Err(h), Ok(g)) => {
            panic!(
                "filter {input:?}: the grammar accepts it ({g:?}), the hand parser rejects it: {h}"
            )
        }
    }
}

/// As [`same_filter`], for PATCH paths.
pub(crate) fn same_path(input: &str) -> Option<PatchPath> {
    let hand = PatchPath::parse_with(input, &strict());
    let grammar = scimkit_grammar::parse_patch_path(input);
    match (hand, grammar) {
        (Ok(h), Ok(g)) => {
            assert!(
                h == g,
                "the parsers build different trees for path {input:?}\n hand:    {h:?}\n grammar: {g:?}"
            );
            Some(h)
        }
        (Err(_), Err(_)) => None,
        (Ok(h), Err(g)) => {
            panic!(
                "path {input:?}: the hand parser accepts it ({h:?}), the grammar rejects it:\n{g}"
            )
        }
        (Err(h), Ok(g)) => {
            panic!(
                "path {input:?}: the grammar accepts it ({g:?}), the hand parser rejects it: {h}"
            )
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The generator and mutations: `scimkit::generate::syntax`
// ---------------------------------------------------------------------------------------------

pub(crate) use scimkit::generate::syntax::{edits, expr, mutate, patch_path, small_expr};
