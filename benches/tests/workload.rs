//! The workload is what the benchmarks say it is: valid filters that compile, valid users,
//! applicable PATCH requests, evaluation filters that discriminate.

use scimkit::schema::{Mode, ValidateOptions};
use scimkit::{Filter, ParseOptions, PatchOptions, PatchRequest, Schemas};
use scimkit_benches::{SEED, eval_filters, filters, patches, users};

#[test]
fn filters_are_valid_rfc_7644_and_compile_against_user() {
    let schemas = Schemas::rfc7643();
    let corpus = filters(SEED, 2000);
    assert_eq!(corpus.len(), 2000);
    for (kind, text) in &corpus {
        let f = Filter::parse_with(text, &ParseOptions::strict())
            .unwrap_or_else(|e| panic!("{kind} {text}: {e:#}"));
        f.compile(&schemas, "User")
            .unwrap_or_else(|e| panic!("{kind} {text}: {e:#}"));
    }
    let chains = corpus.iter().filter(|(k, _)| *k == "chain50").count();
    assert!(chains > 0);
    assert_eq!(corpus, filters(SEED, 2000), "deterministic");
}

#[test]
fn users_validate_as_responses_and_patches_apply() {
    let schemas = Schemas::rfc7643();
    let all = users(SEED, 1500);
    assert_eq!(all, users(SEED, 1500), "deterministic");
    for u in &all {
        let v = schemas
            .validate(u, "User", Mode::Response, &ValidateOptions::new())
            .unwrap_or_else(|e| panic!("{u}: {e:#}"));
        assert!(v.dropped.is_empty(), "{:?}", v.dropped);
    }
    let options = PatchOptions::default();
    let mut changed = 0;
    for (i, request) in patches(SEED, &all, 500) {
        let mut u = all[i].clone();
        let outcome = PatchRequest::from_json(&request)
            .and_then(|p| p.apply(&mut u, &schemas, "User", &options))
            .unwrap_or_else(|e| panic!("{request}: {e:#}"));
        changed += usize::from(outcome.changed);
        schemas
            .validate(&u, "User", Mode::PatchResult, &ValidateOptions::new())
            .unwrap_or_else(|e| panic!("{request} left {u}: {e:#}"));
    }
    assert!(changed > 400, "{changed} of 500 changed something");
}

#[test]
fn every_eval_filter_matches_some_but_not_all_users() {
    let schemas = Schemas::rfc7643();
    let all = users(SEED, 10_000);
    let evals = eval_filters(&all);
    assert_eq!(evals.len(), 20);
    for (kind, text) in &evals {
        let compiled = Filter::parse_with(text, &ParseOptions::strict())
            .and_then(|f| f.compile(&schemas, "User"))
            .unwrap_or_else(|e| panic!("{kind} {text}: {e:#}"));
        let n = all.iter().filter(|u| compiled.matches(u)).count();
        assert!(0 < n && n < all.len(), "{text}: {n} matches");
    }
}
