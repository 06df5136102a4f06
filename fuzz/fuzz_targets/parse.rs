//! `parse`: arbitrary text through the filter and PATCH path parsers, in the default, strict and
//! deepest settings. Nothing panics; an error's span lies within the input on character
//! boundaries and renders; an accepted filter's spans do too, its canonical form parses back to
//! the same tree, printing is idempotent, and compiling it (User, Group, schema-less) and
//! evaluating the result on a sample resource does not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimkit::filter::{Expr, MAX_DEPTH_LIMIT};
use scimkit::{Error, Filter, ParseOptions, PatchPath, Schemas, Span};
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    // `Filter::parse` is `parse_with` the defaults; call it as users do.
    check_filter_result(text, Filter::parse(text), &ParseOptions::default());
    for options in [
        ParseOptions::strict(),
        ParseOptions::default().max_depth(MAX_DEPTH_LIMIT),
        ParseOptions::strict().dollar_names(true).max_depth(3),
    ] {
        check_filter_result(text, Filter::parse_with(text, &options), &options);
    }
    check_path_result(text, PatchPath::parse(text), &ParseOptions::default());
    let strict = ParseOptions::strict();
    check_path_result(text, PatchPath::parse_with(text, &strict), &strict);
});

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside {text:?}"
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on character boundaries of {text:?}"
    );
}

fn check_error(text: &str, e: &Error, scim_type: &str) {
    assert_eq!(e.scim_type(), Some(scim_type), "{e:?}");
    assert_eq!(e.status(), 400, "{e:?}");
    if let Some(span) = e.span() {
        check_span(text, span, "error");
        let _ = (e.span_chars(), e.span_utf16());
    }
    // One line without a caret frame; the caret frame renders.
    let line = e.to_string();
    assert!(!line.is_empty() && !line.contains('\n'), "{line:?}");
    let _ = format!("{e:#}");
    let _ = e.to_scim_json();
}

fn check_spans(text: &str, e: &Expr) {
    let mut e = e.clone();
    e.visit_spans_mut(&mut |s| check_span(text, *s, "node"));
}

fn check_filter_result(text: &str, result: scimkit::Result<Filter>, options: &ParseOptions) {
    let filter = match result {
        Ok(f) => f,
        Err(e) => return check_error(text, &e, "invalidFilter"),
    };
    check_spans(text, filter.root());
    let printed = filter.to_string();
    let again = Filter::parse_with(&printed, options).unwrap_or_else(|e| {
        panic!("the canonical form {printed:?} of {text:?} does not parse: {e:#}")
    });
    assert_eq!(
        again.root().without_spans(),
        filter.root().without_spans(),
        "{text:?} printed as {printed:?} parses to another tree"
    );
    assert_eq!(
        again.to_string(),
        printed,
        "printing {text:?} is not idempotent"
    );

    let schemas = Schemas::rfc7643();
    let sample = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "2819c223", "userName": "bjensen", "active": true,
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [{"value": "b@example.com", "type": "work", "primary": true}, {"value": "x"}],
        "meta": {"lastModified": "2011-05-13T04:42:34Z"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "U1"}}
    });
    for compiled in [
        filter.compile(&schemas, "User"),
        filter.compile(&schemas, "Group"),
        filter.compile_schemaless(),
    ] {
        match compiled {
            Ok(c) => {
                let _ = c.matches(&sample);
            }
            Err(e) => check_error(text, &e, "invalidFilter"),
        }
    }
}

fn check_path_result(text: &str, result: scimkit::Result<PatchPath>, options: &ParseOptions) {
    let path = match result {
        Ok(p) => p,
        Err(e) => return check_error(text, &e, "invalidPath"),
    };
    check_span(text, path.span(), "path");
    if let Some(f) = path.value_filter() {
        check_spans(text, f);
    }
    let printed = path.to_string();
    let again = PatchPath::parse_with(&printed, options).unwrap_or_else(|e| {
        panic!("the canonical form {printed:?} of path {text:?} does not parse: {e:#}")
    });
    assert_eq!(
        again.without_spans(),
        path.without_spans(),
        "{text:?} / {printed:?}"
    );
    assert_eq!(
        again.to_string(),
        printed,
        "printing path {text:?} is not idempotent"
    );
}
