//! The exact wording and caret rendering of parse errors, pinned as snapshots (one file per
//! input under `tests/snapshots/`). A person should be able to act on each of these.

use scimkit::{Filter, ParseOptions, PatchPath};

fn render_filter(input: &str, opts: &ParseOptions) -> String {
    match Filter::parse_with(input, opts) {
        Ok(f) => panic!("{input:?} parsed as {f}"),
        Err(e) => {
            assert_eq!(e.scim_type(), Some("invalidFilter"), "{input:?}");
            assert_eq!(e.status(), 400);
            let span = e.span().expect("parse errors have a span");
            assert!(span.start <= span.end && span.end <= input.len());
            assert!(input.is_char_boundary(span.start) && input.is_char_boundary(span.end));
            format!(
                "input: {input:?}\nspan: {}..{}\n{e:#}",
                span.start, span.end
            )
        }
    }
}

macro_rules! filter_errors {
    ($($name:ident: $input:expr $(, $opts:expr)?;)*) => {$(
        #[test]
        fn $name() {
            #[allow(unused_mut, unused_assignments)]
            let mut opts = ParseOptions::default();
            $(opts = $opts;)?
            insta::assert_snapshot!(render_filter($input, &opts));
        }
    )*};
}

filter_errors! {
    unknown_operator: r#"userName equals "x""#;
    regex_operator_rfc7644_example: r#"userName regex "^b""#;
    missing_operator: "userName";
    missing_value: "userName eq";
    missing_value_then_space: "userName eq ";
    unquoted_string: "userName eq bjensen";
    single_quoted_string: "userName eq 'bjensen'";
    capitalised_literal: "active eq True";
    leading_zero: "age eq 007";
    bad_fraction: "age eq 1.";
    bad_exponent: "age eq 1e+";
    minus_alone: "age eq -";
    number_then_letters: "age eq 12abc";
    unterminated_string: r#"userName eq "bjensen"#;
    bad_escape: r#"userName eq "a\qb""#;
    short_unicode_escape: r#"userName eq "\u12""#;
    lone_high_surrogate: r#"userName eq "\ud83d""#;
    lone_low_surrogate: r#"userName eq "\ude00x""#;
    raw_newline_in_string: "userName eq \"a\nb\"";
    empty_filter: "";
    only_spaces: "   ";
    unclosed_paren: r#"(userName eq "x""#;
    unmatched_paren: r#"userName eq "x")"#;
    unclosed_bracket: r#"emails[type eq "work""#;
    unmatched_bracket: r#"userName eq "x"]"#;
    empty_brackets: "emails[]";
    nested_value_path_erratum_4690: r#"emails[type[value eq "x"] pr]"#;
    trailing_and: r#"userName eq "x" and"#;
    and_without_space: r#"title pr and(userType eq "x")"#;
    garbage_after_filter: r#"title pr userType"#;
    not_without_paren: r#"not userName eq "x""#;
    two_sub_attributes: r#"name.givenName.first eq "x""#;
    attribute_starts_with_digit: r#"1userName eq "x""#;
    dot_without_sub_attribute: r#"name. eq "x""#;
    equals_sign: r#"userName="x""#;
    non_ascii_found: r#"userName eq “bjensen”"#;
    too_deep: "((((a pr))))", ParseOptions::default().max_depth(3);
    too_long: r#"userName eq "bjensen""#, ParseOptions::default().max_len(10);
    long_line_is_windowed: &format!("{} and userName eq bad", (0..20).map(|i| format!("userName eq \"u{i}\"")).collect::<Vec<_>>().join(" or "));
    strict_double_space: r#"userName  eq "x""#, ParseOptions::strict();
    strict_space_in_parens: r#"( userName eq "x")"#, ParseOptions::strict();
    strict_trailing_space: r#"userName eq "x" "#, ParseOptions::strict();
    strict_tab: "userName\teq \"x\"", ParseOptions::strict();
    strict_entra_value_path: r#"emails[type eq "work"].value eq "x""#, ParseOptions::strict();
    strict_dollar_ref: r#"members.$ref eq "x""#, ParseOptions::strict();
    strict_not_two_spaces: "not  (title pr)", ParseOptions::strict();
    multi_line_points_at_right_line: "title pr and\nuserType eq Employee";
}

#[test]
fn path_errors_are_invalid_path() {
    for bad in [
        "",
        "members[",
        "members[value eq \"x\"",
        "members[value eq \"x\"].",
        "name..x",
        "1abc",
        "members]",
        "members[value eq \"x\"]x",
    ] {
        let err = PatchPath::parse(bad).expect_err(bad);
        assert_eq!(err.scim_type(), Some("invalidPath"), "{bad:?}: {err}");
        assert!(err.span().is_some());
    }
    insta::assert_snapshot!(format!(
        "{:#}",
        PatchPath::parse(r#"members[value eq "2819c223"].display.x"#).unwrap_err()
    ));
}

#[test]
fn scim_error_document() {
    // RFC 7644 §3.12: schemas, status as a JSON string, scimType, detail.
    let err = Filter::parse(r#"userName regex "^b""#).unwrap_err();
    assert_eq!(
        err.to_scim_json(),
        serde_json::json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "scimType": "invalidFilter",
            "detail": "expected a comparison operator such as `eq`, found `regex`",
            "status": "400"
        })
    );
    // `{}` is the detail alone, on one line.
    assert_eq!(
        err.to_string(),
        "expected a comparison operator such as `eq`, found `regex`"
    );
}
