//! `differential`: the engine's compiled evaluator agrees with the reference evaluator of
//! `scimkit_fuzz::reference` on whether a filter compiles (against the RFC 7643 User resource
//! type, and schema-less) and, when it does, on which resources it matches.
//!
//! Two kinds of input: generated (a filter over User attributes, or over the names of
//! schema-less JSON, or with arbitrary names, and one to three User-ish resources), or, when the
//! first byte is a multiple of four, text: a filter, a NUL byte and a resource as JSON (the seed
//! corpus pairs the testdata filters with the fixture users this way).
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimkit::filter::Expr;
use scimkit::{Filter, Schemas};
use scimkit_fuzz::{Unstructured, json, reference, split_nul, weighted};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((first, rest)) if first % 4 == 0 => text(rest),
        _ => {
            let _ = generated(data);
        }
    }
});

fn text(data: &[u8]) {
    let (filter, resource) = split_nul(data);
    let Ok(filter) = std::str::from_utf8(filter) else {
        return;
    };
    let Ok(filter) = Filter::parse(filter) else {
        return;
    };
    let Ok(resource) = serde_json::from_slice::<Value>(resource) else {
        return;
    };
    check(filter.root(), std::slice::from_ref(&resource), true);
}

fn generated(data: &[u8]) -> arbitrary::Result<()> {
    let mut u = Unstructured::new(data);
    let (filter, user) = match weighted(&mut u, &[4, 2, 1])? {
        0 => (reference::user_filter(&mut u)?, true),
        1 => (reference::schemaless_filter(&mut u)?, false),
        _ => (scimkit_fuzz::ast::expr(&mut u)?, false),
    };
    let n = u.int_in_range(1..=3u8)?;
    let mut resources = Vec::new();
    for _ in 0..n {
        resources.push(match weighted(&mut u, &[6, 1])? {
            0 => json::user(&mut u)?,
            _ => json::any_json(&mut u, 3)?,
        });
    }
    check(&filter, &resources, user);
    Ok(())
}

fn check(expr: &Expr, resources: &[Value], user: bool) {
    let filter = Filter::from_expr(expr.clone());
    let schemas = Schemas::rfc7643();
    if user {
        agree(
            expr,
            "User",
            filter.compile(&schemas, "User"),
            reference::compile_user(expr),
            resources,
        );
    }
    agree(
        expr,
        "schema-less",
        filter.compile_schemaless(),
        reference::compile_schemaless(expr),
        resources,
    );
}

fn agree(
    expr: &Expr,
    mode: &str,
    engine: scimkit::Result<scimkit::CompiledFilter>,
    reference: Result<reference::Node, String>,
    resources: &[Value],
) {
    match (engine, reference) {
        (Ok(compiled), Ok(node)) => {
            for r in resources {
                let (got, want) = (compiled.matches(r), reference::eval(&node, r));
                assert!(
                    got == want,
                    "{mode}: filter `{expr}` on {r}: the engine says {got}, the reference {want}\n{expr:?}"
                );
            }
        }
        (Err(e), Err(_)) => scimkit_fuzz::check_error(&e, mode),
        (Ok(_), Err(why)) => {
            panic!("{mode}: the engine compiles `{expr}`, the reference does not: {why}\n{expr:?}")
        }
        (Err(e), Ok(_)) => {
            panic!("{mode}: the reference compiles `{expr}`, the engine does not: {e}\n{expr:?}")
        }
    }
}
