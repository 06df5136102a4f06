//! Property tests of evaluation: the logical operators mean what RFC 7644 §3.4.2.2 Table 4
//! says on every resource, canonical printing never changes what a filter matches, and neither
//! parsing nor evaluation panics on arbitrary input.

use proptest::prelude::*;
use scimkit::{Filter, ParseOptions, Schemas};
use serde_json::{Value, json};

/// Leaves that compile against the RFC 7643 User resource type, covering every attribute type.
const LEAVES: &[&str] = &[
    r#"userName eq "bjensen""#,
    r#"userName sw "B""#,
    r#"userName co "sen""#,
    r#"userName ew "SEN""#,
    r#"userName gt "m""#,
    r#"userName ne "jsmith""#,
    "title pr",
    "title eq null",
    "title ne null",
    r#"title eq """#,
    r#"name.familyName co "O'Malley""#,
    "name pr",
    "emails pr",
    r#"emails co "example.com""#,
    r#"emails.value ew ".org""#,
    r#"emails.type ne "work""#,
    r#"emails[type eq "work" and value co "@example.com"]"#,
    r#"emails[not (primary eq true)]"#,
    "emails.primary eq true",
    "active eq true",
    "active ne false",
    r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
    r#"meta.lastModified le "2011-05-13T06:42:34+02:00""#,
    r#"meta.created lt "2010-01-01T00:00:00.5-01:00""#,
    r#"id eq "2819c223-7f76-453a-919d-413861904646""#,
    r#"externalId eq "701984""#,
    r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984""#,
    r#"employeeNumber pr"#,
    r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d""#,
    r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
    r#"x509Certificates.value eq "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw""#,
    r#"groups.display co "Tour""#,
    r#"addresses[type eq "work" and postalCode sw "9"]"#,
    r#"phoneNumbers.value pr"#,
];

/// A filter over `LEAVES`, as text with explicit parentheses.
fn filter_text() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(LEAVES).prop_map(str::to_owned);
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) and ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) or ({b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

/// Arbitrary JSON, biased towards the names and shapes of User attributes, so that evaluation
/// meets both conforming and non-conforming data.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop::sample::select(vec![
        "userName",
        "USERNAME",
        "title",
        "name",
        "familyName",
        "emails",
        "value",
        "type",
        "primary",
        "active",
        "meta",
        "lastModified",
        "created",
        "id",
        "externalId",
        "schemas",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "employeeNumber",
        "manager",
        "display",
        "groups",
        "addresses",
        "postalCode",
        "x509Certificates",
        "phoneNumbers",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        Just(json!(u64::MAX)),
        prop::sample::select(vec![
            "",
            "bjensen",
            "BJENSEN",
            "B",
            "work",
            "home",
            "example.com",
            "x@example.com",
            "2011-05-13T04:42:34Z",
            "2011-05-13T06:42:34+02:00",
            "not a date",
            "701984",
            "Åsa",
            "O'Malley",
        ])
        .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6).prop_map(|m| Value::Object(
                m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

fn resource() -> impl Strategy<Value = Value> {
    json_value().prop_map(|v| match v {
        Value::Object(_) => v,
        other => json!({ "userName": other }),
    })
}

fn matches(filter: &str, resource: &Value) -> bool {
    let schemas = Schemas::rfc7643();
    Filter::parse(filter)
        .unwrap_or_else(|e| panic!("{filter}: {e:#}"))
        .compile(&schemas, "User")
        .unwrap_or_else(|e| panic!("{filter}: {e:#}"))
        .matches(resource)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// RFC 7644 §3.4.2.2 Table 4: `and`, `or` and `not` are the boolean operators, on every
    /// resource, conforming or not.
    #[test]
    fn logical_operators_are_boolean(a in filter_text(), b in filter_text(), r in resource()) {
        let (ma, mb) = (matches(&a, &r), matches(&b, &r));
        prop_assert_eq!(matches(&format!("({a}) and ({b})"), &r), ma && mb);
        prop_assert_eq!(matches(&format!("({a}) or ({b})"), &r), ma || mb);
        prop_assert_eq!(matches(&format!("not ({a})"), &r), !ma);
        prop_assert_eq!(matches(&format!("not (not ({a}))"), &r), ma);
    }

    /// Canonical printing keeps the meaning: the printed filter matches the same resources.
    #[test]
    fn canonical_form_matches_the_same(f in filter_text(), r in resource()) {
        let printed = Filter::parse(&f).unwrap().to_string();
        prop_assert_eq!(matches(&printed, &r), matches(&f, &r));
        // And the canonical form is valid in strict mode.
        prop_assert!(Filter::parse_with(&printed, &ParseOptions::strict()).is_ok(), "{}", printed);
    }

    /// `eq null` is exactly "not present" (RFC 7643 §2.5).
    #[test]
    fn eq_null_is_not_present(r in resource()) {
        for attr in ["title", "name", "emails", "emails.value", "active", "meta.created", "employeeNumber"] {
            prop_assert_eq!(matches(&format!("{attr} eq null"), &r), !matches(&format!("{attr} pr"), &r));
            prop_assert_eq!(matches(&format!("{attr} ne null"), &r), matches(&format!("{attr} pr"), &r));
        }
    }

    /// An `or` of many `eq` comparisons of one attribute (compiled to a set look-up) matches
    /// exactly when one of its terms does, for caseExact=false (`userName`, `emails.value`,
    /// RFC 7643 §4.1) and caseExact=true (`id`, `externalId`, RFC 7643 §3.1) attributes, mixed
    /// with other terms, on conforming and non-conforming data, non-ASCII and long values.
    #[test]
    fn or_of_equalities_matches_as_its_terms(
        attr in prop::sample::select(vec!["userName", "emails.value", "id", "externalId", "title"]),
        values in prop::collection::vec(prop_oneof![
            prop::sample::select(vec!["bjensen", "BJensen", "x@example.com", "Åsa", "ÅSA", "701984", "", "\u{212a}elvin", "kelvin"]).prop_map(str::to_owned),
            ".{0,6}",
            "[a-z]{250,260}",
        ], 4..9),
        extra in prop::option::of(prop::sample::select(LEAVES)),
        r in resource(),
    ) {
        let mut terms: Vec<String> = values
            .iter()
            .map(|v| format!("{attr} eq {}", Value::from(v.as_str())))
            .collect();
        if let Some(extra) = extra {
            terms.insert(1, format!("({extra})"));
        }
        let separately = terms.iter().any(|t| matches(t, &r));
        prop_assert_eq!(matches(&terms.join(" or "), &r), separately, "{}", terms.join(" or "));
        // Long and non-ASCII resource values take the slow path; check them explicitly too.
        for v in &values {
            let upper = json!({ "userName": v.to_uppercase(), "id": v, "externalId": v.to_uppercase(),
                                "emails": [{"value": v.to_uppercase()}], "title": v });
            let separately = terms.iter().any(|t| matches(t, &upper));
            prop_assert_eq!(matches(&terms.join(" or "), &upper), separately);
        }
    }

    /// Schema-less evaluation never panics either.
    #[test]
    fn schemaless_never_panics(f in filter_text(), r in json_value()) {
        let compiled = Filter::parse(&f).unwrap().compile_schemaless().unwrap();
        let _ = compiled.matches(&r);
    }

    /// Arbitrary text never panics the parser; errors always carry a span inside the input on
    /// character boundaries.
    #[test]
    fn parser_never_panics(s in "\\PC{0,80}|[a-z \\(\\)\\[\\]\"\\\\.:$0-9eqandortpr-]{0,80}") {
        match Filter::parse(&s) {
            Ok(f) => {
                let printed = f.to_string();
                let again = Filter::parse_with(&printed, &ParseOptions::strict())
                    .unwrap_or_else(|e| panic!("canonical form of {s:?} is {printed:?}: {e:#}"));
                prop_assert_eq!(again.root().without_spans(), f.root().without_spans());
            }
            Err(e) => {
                let span = e.span().unwrap();
                prop_assert!(span.start <= span.end && span.end <= s.len());
                prop_assert!(s.is_char_boundary(span.start) && s.is_char_boundary(span.end));
                let _ = format!("{e:#}");
            }
        }
        let _ = scimkit::PatchPath::parse(&s);
    }
}

/// Hostile shapes that are cheap to state: they must be refused or accepted quickly and without
/// exhausting the stack (each would overflow a naive recursive parser or evaluator).
#[test]
fn hostile_inputs_are_bounded() {
    // Deep nesting: an error at the limit, not a stack overflow.
    let unlimited_length = ParseOptions::default().max_len(usize::MAX);
    for open in ["(", "not (", "not((", "emails[(", "NOT ( ("] {
        let deep = open.repeat(100_000);
        let err = Filter::parse_with(&deep, &unlimited_length).unwrap_err();
        assert_eq!(err.scim_type(), Some("invalidFilter"));
        let nested_value_path = open.starts_with("emails") && err.detail().contains("erratum 4690");
        assert!(
            err.detail().contains("nesting deeper than 64") || nested_value_path,
            "{open}: {err}"
        );
    }
    let deep = format!("{}title pr{}", "(".repeat(64), ")".repeat(64));
    assert!(Filter::parse(&deep).is_ok());
    let too_deep = format!("{}title pr{}", "(".repeat(65), ")".repeat(65));
    assert!(Filter::parse(&too_deep).is_err());
    // A long flat chain is fine: `and`/`or` are n-ary, so evaluation does not recurse per term.
    let chain = (0..3000)
        .map(|i| format!("userName eq \"user{i}\""))
        .collect::<Vec<_>>()
        .join(" or ");
    let opts = ParseOptions::default().max_len(1 << 20);
    let f = Filter::parse_with(&chain, &opts).unwrap();
    let c = f.compile(&Schemas::rfc7643(), "User").unwrap();
    assert!(c.matches(&json!({"userName": "USER2999"})));
    assert!(!c.matches(&json!({"userName": "user3000"})));
    // Over the default length limit: refused before any parsing.
    let err = Filter::parse(&chain).unwrap_err();
    assert!(err.detail().contains("limit"), "{err}");
    // Huge strings and runs of whitespace parse in one pass.
    let big = format!("userName eq \"{}\"", "\\u00e9".repeat(10_000));
    assert!(Filter::parse(&big).is_ok());
    let spaces = format!("title pr{}and title pr", " ".repeat(60_000));
    assert!(Filter::parse(&spaces).is_ok());
    assert!(Filter::parse_with(&spaces, &ParseOptions::strict()).is_err());
}

/// At the largest depth any setting allows, every stage — parse, compile, evaluate, print, the
/// JSON form, drop — fits on a 2 MiB thread stack, even in a debug build.
#[test]
fn the_depth_limit_fits_a_small_stack() {
    use scimkit::filter::MAX_DEPTH_LIMIT;
    assert_eq!(
        ParseOptions::default()
            .max_depth(usize::MAX)
            .get_max_depth(),
        MAX_DEPTH_LIMIT
    );
    let n = MAX_DEPTH_LIMIT;
    let shapes = [
        format!("{}title pr{}", "not (".repeat(n), ")".repeat(n)),
        format!(
            "{}title pr{}",
            "(title pr and (".repeat(n / 2),
            "))".repeat(n / 2)
        ),
        format!(
            "emails[({}type pr{})]",
            "(value pr or not (".repeat((n - 2) / 2),
            "))".repeat((n - 2) / 2)
        ),
    ];
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let opts = ParseOptions::default().max_depth(n).max_len(usize::MAX);
            let schemas = Schemas::rfc7643();
            for text in &shapes {
                let f = Filter::parse_with(text, &opts).unwrap_or_else(|e| panic!("{e}"));
                let c = f.compile(&schemas, "User").unwrap();
                let _ = c.matches(&json!({"title": "x", "emails": [{"type": "work"}]}));
                let printed = f.to_string();
                assert!(Filter::parse_with(&printed, &opts).is_ok());
                let _ = f.root().to_json();
                let _ = f.root().without_spans();
                let too_deep = format!("({text})");
                assert!(Filter::parse_with(&too_deep, &opts).is_err());
            }
        })
        .unwrap()
        .join()
        .unwrap();
}
