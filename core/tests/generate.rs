//! The filter generators (`scimkit::generate`): what they promise about their output.

use std::collections::HashSet;

use proptest::prelude::*;
use scimkit::generate::{FilterGenerator, Style, syntax, user};
use scimkit::{Filter, ParseOptions, Schemas};

fn strict() -> ParseOptions {
    ParseOptions::strict()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Realistic filters are valid under RFC 7644 §3.4.2.2's grammar, compile against the RFC
    /// 7643 User schema, and print canonically to text that parses to the same tree.
    #[test]
    fn user_filters_parse_strictly_and_compile((kind, text) in user::filter()) {
        let filter = Filter::parse_with(&text, &strict())
            .map_err(|e| TestCaseError::fail(format!("{kind:?} {text:?}: {e:#}")))?;
        filter
            .compile(&Schemas::rfc7643(), "User")
            .map_err(|e| TestCaseError::fail(format!("{kind:?} {text:?}: {e:#}")))?;
        let again = Filter::parse_with(&filter.to_string(), &strict()).unwrap();
        prop_assert_eq!(again.root().without_spans(), filter.root().without_spans());
    }

    /// Syntax trees print and parse back to themselves.
    #[test]
    fn syntax_trees_round_trip(tree in syntax::expr()) {
        let again = Filter::parse_with(&tree.to_string(), &strict()).unwrap();
        prop_assert_eq!(again.root().without_spans(), tree);
    }
}

#[test]
fn chains_have_fifty_terms() {
    let mut runner = scimkit::generate::runner(1);
    let text = scimkit::generate::sample(&user::chain(50), &mut runner).unwrap();
    let filter = Filter::parse_with(&text, &strict()).unwrap();
    match filter.root() {
        scimkit::filter::Expr::Or(l) => assert_eq!(l.operands.len(), 50),
        other => panic!("expected a 50-term or, got {other:?}"),
    }
}

#[test]
fn every_kind_appears_in_the_mix() {
    let kinds: HashSet<&str> = FilterGenerator::new(3).take(2000).map(|f| f.kind).collect();
    for kind in user::FilterKind::ALL {
        assert!(kinds.contains(kind.as_str()), "no {kind:?} in 2000 filters");
    }
}

#[test]
fn the_same_seed_gives_the_same_stream_and_another_seed_another() {
    let a: Vec<_> = FilterGenerator::new(42)
        .invalid_ratio(0.3)
        .take(300)
        .collect();
    let b: Vec<_> = FilterGenerator::new(42)
        .invalid_ratio(0.3)
        .take(300)
        .collect();
    let c: Vec<_> = FilterGenerator::new(43)
        .invalid_ratio(0.3)
        .take(300)
        .collect();
    assert_eq!(a, b);
    assert_ne!(a, c);
}

/// Invalid filters are refused by strict parsing with exactly the labelled error; valid ones
/// parse; the ratio is roughly the one asked for.
#[test]
fn labels_match_what_the_parser_says() {
    for style in [Style::User, Style::Syntax] {
        let batch: Vec<_> = FilterGenerator::new(9)
            .style(style)
            .invalid_ratio(0.4)
            .take(1000)
            .collect();
        let invalid = batch.iter().filter(|f| f.error.is_some()).count();
        assert!(
            (300..=500).contains(&invalid),
            "{style:?}: {invalid} invalid of 1000"
        );
        let mut damage = HashSet::new();
        for f in &batch {
            match (&f.error, Filter::parse_with(&f.text, &strict())) {
                (None, Ok(_)) => {
                    assert!(f.source.is_none() && f.lenient_ok);
                }
                (Some(want), Err(got)) => {
                    assert_eq!(want.scim_type, "invalidFilter", "RFC 7644 §3.12");
                    assert_eq!(Some(want.scim_type), got.scim_type());
                    assert_eq!(want.detail, got.to_string());
                    assert_eq!(want.span, got.span());
                    assert_eq!(f.lenient_ok, Filter::parse(&f.text).is_ok());
                    let source = f.source.as_deref().unwrap();
                    assert!(Filter::parse_with(source, &strict()).is_ok());
                    damage.insert(f.kind);
                }
                (want, got) => panic!("{:?}: labelled {want:?}, parsed {got:?}", f.text),
            }
        }
        assert!(damage.len() >= 8, "{style:?}: only {damage:?}");
    }
}

#[test]
fn ratio_is_clamped() {
    assert!(
        FilterGenerator::new(1)
            .invalid_ratio(f64::NAN)
            .take(50)
            .all(|f| f.error.is_none())
    );
    assert!(
        FilterGenerator::new(1)
            .invalid_ratio(7.0)
            .take(50)
            .all(|f| f.error.is_some())
    );
}
