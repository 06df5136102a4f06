//! `grammar`: the hand-written parser in strict mode (at the deepest nesting it allows) and the
//! pest grammar of RFC 7644 accept the same filters and PATCH paths and build the same trees,
//! spans included; an accepted filter's canonical form is accepted by both again. Inputs nested
//! deeper than `MAX_DEPTH_LIMIT` are skipped: the grammar has no depth limit (the grammar
//! crate's tests check that boundary).
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimkit::filter::{Expr, MAX_DEPTH_LIMIT, PatchPath};
use scimkit::{Filter, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if scimkit_fuzz::nesting(text) > MAX_DEPTH_LIMIT {
        return;
    }
    if let Some(e) = same_filter(text) {
        let printed = e.to_string();
        let again = same_filter(&printed)
            .unwrap_or_else(|| panic!("the canonical form {printed:?} of {text:?} is rejected"));
        assert_eq!(again.without_spans(), e.without_spans(), "{printed:?}");
    }
    same_path(text);
});

fn strict() -> ParseOptions {
    ParseOptions::strict().max_depth(MAX_DEPTH_LIMIT)
}

/// What both parsers made of a filter (`None` when both reject it); panics when they disagree.
fn same_filter(input: &str) -> Option<Expr> {
    let hand = Filter::parse_with(input, &strict()).map(Filter::into_expr);
    let grammar = scimkit_grammar::parse_filter(input);
    match (hand, grammar) {
        (Ok(h), Ok(g)) => {
            assert!(
                h == g,
                "different trees for filter {input:?}\n hand:    {h:?}\n grammar: {g:?}"
            );
            Some(h)
        }
        (Err(_), Err(_)) => None,
        (Ok(h), Err(g)) => panic!(
            "filter {input:?}: the hand parser accepts it ({h:?}), the grammar rejects it:\n{g}"
        ),
        (Err(h), Ok(g)) => panic!(
            "filter {input:?}: the grammar accepts it ({g:?}), the hand parser rejects it: {h:#}"
        ),
    }
}

/// As [`same_filter`], for PATCH paths.
fn same_path(input: &str) -> Option<PatchPath> {
    let hand = PatchPath::parse_with(input, &strict());
    let grammar = scimkit_grammar::parse_patch_path(input);
    match (hand, grammar) {
        (Ok(h), Ok(g)) => {
            assert!(
                h == g,
                "different trees for path {input:?}\n hand:    {h:?}\n grammar: {g:?}"
            );
            Some(h)
        }
        (Err(_), Err(_)) => None,
        (Ok(h), Err(g)) => panic!(
            "path {input:?}: the hand parser accepts it ({h:?}), the grammar rejects it:\n{g}"
        ),
        (Err(h), Ok(g)) => panic!(
            "path {input:?}: the grammar accepts it ({g:?}), the hand parser rejects it: {h:#}"
        ),
    }
}
