//! Differential tests: the pest grammar (the executable specification) against scimkit's
//! hand-written parser in strict mode. Both must accept exactly the same inputs and build the
//! same tree, every span included.
//!
//! 1. A hand-written list of tricky inputs, each also marked valid or invalid by the RFC, so
//!    that the two parsers agreeing on a wrong answer is caught too.
//! 2. Every `filter` and `path` string in the JSON files under `testdata/` (all of them, parsed
//!    with strict options: the two parsers only have to agree).
//! 3. Round trips of generated normalised trees through the canonical printer.
//! 4. Random edits of valid filters.
//!
//! `PROPTEST_CASES` sets the number of cases of 3 and 4 (by default 1,000 round trips and
//! 4,000 mutations of each kind).

mod common;

use std::path::{Path, PathBuf};

use common::{same_filter, same_path, strict};
use proptest::prelude::*;
use scimkit::filter::{Expr, PatchPath};
use scimkit::{Filter, Span};

// ---------------------------------------------------------------------------------------------
// 1. Tricky inputs
// ---------------------------------------------------------------------------------------------

/// `(filter, valid in strict mode)`.
const FILTERS: &[(&str, bool)] = &[
    // RFC 7644 §3.4.2.2 Figure 2, one line each.
    (r#"userName eq "bjensen""#, true),
    (r#"name.familyName co "O'Malley""#, true),
    (r#"userName sw "J""#, true),
    (
        r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
        true,
    ),
    ("title pr", true),
    (r#"meta.lastModified gt "2011-05-13T04:42:34Z""#, true),
    (r#"meta.lastModified ge "2011-05-13T04:42:34Z""#, true),
    (r#"meta.lastModified lt "2011-05-13T04:42:34Z""#, true),
    (r#"meta.lastModified le "2011-05-13T04:42:34Z""#, true),
    (r#"title pr and userType eq "Employee""#, true),
    (r#"title pr or userType eq "Intern""#, true),
    (
        r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
        true,
    ),
    (
        r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
        true,
    ),
    (
        r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
        true,
    ),
    (
        r#"userType eq "Employee" and (emails.type eq "work")"#,
        true,
    ),
    (
        r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
        true,
    ),
    (
        r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
        true,
    ),
    // Every operator, any case (ABNF strings are case-insensitive, RFC 5234 §2.3).
    ("a eq 1", true),
    ("a ne 1", true),
    ("a co 1", true),
    ("a sw 1", true),
    ("a ew 1", true),
    ("a gt 1", true),
    ("a lt 1", true),
    ("a ge 1", true),
    ("a le 1", true),
    (r#"userName EQ "x""#, true),
    (r#"userName Eq "x""#, true),
    (r#"userName eQ "x""#, true),
    ("title PR", true),
    ("title Pr", true),
    ("a pr AND b pr", true),
    ("a pr And b pr", true),
    ("a pr OR b pr", true),
    ("a pr oR b pr", true),
    ("NOT (a pr)", true),
    ("Not(a pr)", true),
    ("nOT (a pr)", true),
    ("a xx 1", false),
    (r#"a regex "x""#, false),
    ("a = 1", false),
    ("a eq1", false),
    ("a prx", false),
    ("a pr1", false),
    // JSON literals are lower case only (RFC 7159 §3).
    ("a eq true", true),
    ("a eq false", true),
    ("a eq null", true),
    ("a eq TRUE", false),
    ("a eq True", false),
    ("a eq NULL", false),
    ("a eq False", false),
    ("a eq truex", false),
    ("a eq true.x", false),
    ("a eq nul", false),
    ("a eq bjensen", false),
    ("a eq 'x'", false),
    // Keywords as attribute names.
    ("not eq 1", true),
    ("not pr", true),
    ("and pr", true),
    ("or pr", true),
    ("pr pr", true),
    (r#"eq eq "eq""#, true),
    ("true eq true", true),
    ("null pr", true),
    ("and pr and or pr", true),
    ("or pr or and pr", true),
    ("a pr and and pr", true),
    ("a pr or or pr", true),
    ("a pr and or pr or b pr", true),
    ("not pr and not (not pr)", true),
    ("not[a pr]", true),
    ("not.not pr", true),
    ("not:x pr", true),
    ("not.x eq 1", true),
    ("nota pr", true),
    ("not-x pr", true),
    ("not_x pr", true),
    ("NOT eq 1", true),
    ("a pr and pr", false),
    ("a pr or", false),
    ("a pr and", false),
    ("a pr and ", false),
    ("and", false),
    ("not", false),
    ("pr", false),
    ("not a pr", false),
    // `not` and its parenthesis (erratum 7319: zero or one space).
    ("not(a pr)", true),
    ("not (a pr)", true),
    ("not  (a pr)", false),
    ("not\t(a pr)", false),
    ("not\n(a pr)", false),
    ("not(", false),
    ("not (", false),
    ("not ()", false),
    ("not()", false),
    ("not (a pr", false),
    ("not(not(a pr))", true),
    ("not (not (a pr))", true),
    ("not ((a pr))", true),
    ("not (a pr) and b pr", true),
    ("b pr and not (a pr)", true),
    ("not (a pr) or not (b pr)", true),
    ("not(a pr)or b pr", false),
    ("not (a pr)and b pr", false),
    ("not (a pr) pr", false),
    ("nota (a pr)", false),
    // Spaces: exactly one where the ABNF has SP, none anywhere else.
    ("a  eq 1", false),
    ("a eq  1", false),
    (" a pr", false),
    ("a pr ", false),
    ("a pr  and b pr", false),
    ("a pr and  b pr", false),
    ("( a pr)", false),
    ("(a pr )", false),
    ("a[ b pr]", false),
    ("a[b pr ]", false),
    ("a [b pr]", false),
    ("a eq\t1", false),
    ("a\teq 1", false),
    ("a pr\tand b pr", false),
    ("a eq\n1", false),
    ("a pr and\nb pr", false),
    ("a pr and\r\nb pr", false),
    ("a pr and(b pr)", false),
    ("(a pr)and b pr", false),
    ("(a pr) and(b pr)", false),
    ("a eq 1and b pr", false),
    ("a pr\u{a0}and b pr", false),
    ("a\u{3000}eq 1", false),
    // Empty input and trailing garbage.
    ("", false),
    (" ", false),
    ("()", false),
    ("(a pr))", false),
    ("((a pr)", false),
    ("a pr)", false),
    ("a pr]", false),
    ("a[b pr]]", false),
    ("a eq 1 x", false),
    (r#"a eq "x"y"#, false),
    ("a eq 1,", false),
    ("a", false),
    ("a eq", false),
    ("a eq ", false),
    ("userName eq \"bjensen\"\n", false),
    ("a eq 1\u{0}", false),
    ("a pr;", false),
    // Attribute names: ALPHA *(ALPHA / DIGIT / "-" / "_"), no `$` in strict mode.
    ("a1-_b pr", true),
    ("A pr", true),
    ("1a pr", false),
    ("_a pr", false),
    ("-a pr", false),
    ("a$b pr", false),
    ("$ref pr", false),
    (r#"members.$ref eq "x""#, false),
    ("é pr", false),
    ("aé pr", false),
    ("a.b.c pr", false),
    ("a. pr", false),
    ("a.1 pr", false),
    (".a pr", false),
    ("a..b pr", false),
    // Schema URI prefixes.
    (
        r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1""#,
        true,
    ),
    (
        r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "x""#,
        true,
    ),
    (
        r#"urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq "x""#,
        true,
    ),
    ("urn::x pr", true),
    ("urn:::x pr", true),
    ("a:b:c pr", true),
    ("a:b pr", true),
    ("urn:x:y.z pr", true),
    ("urn:a%20b:x pr", true),
    ("urn:a%2f%2F:x pr", true),
    ("urn:a%2:x pr", false),
    ("urn:a%zz:x pr", false),
    ("urn:a%:x pr", false),
    ("urn:a(b):x pr", false),
    ("urn:a)b:x pr", false),
    ("(urn:x:a pr)", true),
    ("a: pr", false),
    (":a pr", false),
    ("1urn:a pr", false),
    ("u+r-n.x:a pr", true),
    ("u_rn:a pr", false),
    ("urn:a:b:1c pr", false),
    ("urn:a/b?c#d:x pr", true),
    ("urn:a~!$&'*+,;=@:x pr", true),
    ("urn:a.b.c pr", false),
    ("urn:x:a.b.c pr", false),
    ("urn:a b pr", false),
    ("URN:IETF:x pr", true),
    ("urn:a:b%41:c pr", true),
    (r#"urn:x:emails[type eq "work"]"#, true),
    (r#"emails[urn:x:type eq "work"]"#, true),
    ("urn:a[b pr]", true),
    ("urn:a:[b pr]", false),
    ("a:b:c[x pr]", true),
    ("urn:x:a eq 1 and urn:y:b pr", true),
    ("urn:x:$ref pr", false),
    ("urn:x:a$ pr", false),
    ("urn:x:a:$ pr", false),
    ("urn:é:a pr", false),
    // Numbers (RFC 7159 §6).
    ("a eq 0", true),
    ("a eq -0", true),
    ("a eq 1E+2", true),
    ("a eq 1e-2", true),
    ("a eq 1e2", true),
    ("a eq 1.5e10", true),
    ("a eq -1.0", true),
    ("a eq 0.0e0", true),
    ("a eq 12345678901234567890123", true),
    ("a eq -0.5E-0", true),
    ("a eq 01", false),
    ("a eq -01", false),
    ("a eq 00", false),
    ("a eq 1.", false),
    ("a eq .5", false),
    ("a eq -", false),
    ("a eq +1", false),
    ("a eq 1e", false),
    ("a eq 1e+", false),
    ("a eq 1.e5", false),
    ("a eq 0x10", false),
    ("a eq 1_000", false),
    ("a eq 1.5.5", false),
    ("a eq 1E5E5", false),
    ("a eq --1", false),
    ("a eq 1 ", false),
    ("a eq 1-", false),
    ("a eq 1a", false),
    ("a eq 1$", false),
    ("a eq 1é", false),
    ("a eq Infinity", false),
    ("a eq NaN", false),
    ("(a eq 1)", true),
    ("a[b eq -1.5e+3]", true),
    // Strings (RFC 7159 §7).
    (r#"a eq """#, true),
    (r#"a eq "\"""#, true),
    (r#"a eq "\\""#, true),
    (r#"a eq "\/""#, true),
    (r#"a eq "\b\f\n\r\t""#, true),
    (r#"a eq "\u0041""#, true),
    (r#"a eq "\u00e9\u00E9""#, true),
    (r#"a eq "\u0000""#, true),
    (r#"a eq "\uFFFF""#, true),
    (r#"a eq "\uE000""#, true),
    (r#"a eq "\uD83D\uDE00""#, true),
    (r#"a eq "\ud83d\ude00""#, true),
    (r#"a eq "\uDBFF\uDFFF""#, true),
    (r#"a eq "\uD800\uDC00""#, true),
    (r#"a eq "x\uD83D\uDE00y\"z""#, true),
    (r#"a eq "\uD83D""#, false),
    (r#"a eq "\uDE00""#, false),
    (r#"a eq "\uD83Dx""#, false),
    (r#"a eq "\uD83D\u0041""#, false),
    (r#"a eq "\uD83D\uD83D""#, false),
    (r#"a eq "\uDC00\uD800""#, false),
    (r#"a eq "\uD83D\n""#, false),
    (r#"a eq "\uD83D\UDE00""#, false),
    (r#"a eq "\u12""#, false),
    (r#"a eq "\u12G4""#, false),
    (r#"a eq "\x41""#, false),
    (r#"a eq "\a""#, false),
    (r#"a eq "\U0041""#, false),
    (r#"a eq "\'""#, false),
    (r#"a eq "\""#, false),
    (r#"a eq "\"#, false),
    (r#"a eq "abc"#, false),
    (r#"a eq """"#, false),
    ("a eq \"a\tb\"", false),
    ("a eq \"a\nb\"", false),
    ("a eq \"a\rb\"", false),
    ("a eq \"\u{1}\"", false),
    ("a eq \"\u{1f}\"", false),
    ("a eq \"\u{7f}\"", true),
    ("a eq \"\u{2028}\"", true),
    ("a eq \"\u{0}\"", false),
    (r#"a eq "é""#, true),
    (r#"a eq "日本語""#, true),
    (r#"a eq "😀""#, true),
    (r#"a eq "a" and b eq "b""#, true),
    (r#"a eq "]" and b eq ")""#, true),
    (r#"a[b eq "]"]"#, true),
    (r#"a eq " and b pr""#, true),
    (r#"a eq "not (x)""#, true),
    // Value paths, and erratum 4690 (no value path inside brackets).
    (r#"emails[type eq "work"]"#, true),
    (r#"emails[not (type eq "work")]"#, true),
    (r#"emails[not(type eq "work")]"#, true),
    (r#"emails[(type eq "work")]"#, true),
    (
        r#"emails[type eq "work" and (value pr or primary eq true)]"#,
        true,
    ),
    (r#"emails[a pr or b pr and c pr]"#, true),
    ("emails[a[b pr]]", false),
    ("emails[a pr and b[c pr]]", false),
    ("emails[(a[b pr])]", false),
    ("emails[not (a[b pr])]", false),
    ("emails[a pr or (b pr and c[d pr])]", false),
    ("emails[]", false),
    ("emails[[a pr]]", false),
    (r#"emails[type eq "work"].value"#, false),
    (r#"emails[type eq "work"].value eq "x""#, false),
    (r#"(emails[type eq "work"])"#, true),
    (r#"not (emails[type eq "work"])"#, true),
    (r#"not(emails[type eq "work"]) or x pr"#, true),
    (
        r#"emails[type eq "work"] and phoneNumbers[type eq "home"]"#,
        true,
    ),
    ("name.x[a pr]", true),
    (r#"emails[type eq "work""#, false),
    (r#"emails type eq "work"]"#, false),
    ("emails[a pr]x", false),
    ("emails[a pr] pr", false),
    ("emails[a pr][b pr]", false),
    // Grouping and flattening.
    ("((((a pr))))", true),
    ("((a pr) and (b pr))", true),
    ("(a pr and b pr) and c pr", true),
    ("a pr and (b pr and c pr)", true),
    ("(a pr or b pr) or (c pr or d pr)", true),
    ("a pr or b pr and c pr", true),
    ("a pr and b pr or c pr and d pr", true),
    ("(a pr or b pr) and c pr", true),
    ("a pr and (b pr or c pr) and d pr", true),
    ("((a pr and b pr)) and ((c pr))", true),
    ("not (a pr and b pr) and c pr", true),
    ("(not (a pr)) and b pr", true),
    ("x[(a pr and b pr) and c pr]", true),
    ("x[a pr or (b pr or c pr)]", true),
    ("(x[a pr] or y pr) or z pr", true),
];

/// `(PATCH path, valid in strict mode)`.
const PATHS: &[(&str, bool)] = &[
    // RFC 7644 §3.5.2 Figure 8, one line each.
    ("members", true),
    ("name.familyName", true),
    (r#"addresses[type eq "work"]"#, true),
    (
        r#"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#,
        true,
    ),
    (
        r#"members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName"#,
        true,
    ),
    // Schema URIs.
    (
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
        true,
    ),
    (
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        true,
    ),
    (
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        true,
    ),
    ("urn:x:a[b pr].c", true),
    ("urn::x", true),
    ("a:", false),
    ("urn:", false),
    ("urn:(x):a", false),
    // Value paths and sub-attributes.
    (r#"emails[type eq "work"].value"#, true),
    (r#"Members[VALUE EQ "x"].Display"#, true),
    ("emails[not (a pr)].b", true),
    ("emails[not(a pr)]", true),
    ("emails[a pr or b pr and c pr]", true),
    ("a[b pr].c", true),
    ("a.b[c pr].d", true),
    ("not[a pr]", true),
    ("not", true),
    ("and.or", true),
    (r#"emails[type eq "work"].value.x"#, false),
    (r#"emails[type eq "work"]value"#, false),
    (r#"emails[type eq "work"]. value"#, false),
    (r#"emails[type eq "work"][x pr]"#, false),
    ("emails[a[b pr]]", false),
    ("emails[(a[b pr])]", false),
    ("a[]", false),
    ("a[b pr].", false),
    ("a[b pr].1", false),
    ("a[b pr].$ref", false),
    // Whitespace, garbage, other shapes.
    ("", false),
    (" members", false),
    ("members ", false),
    ("members\n", false),
    (r#"members[value eq "x"] "#, false),
    ("a [b pr]", false),
    ("a[ b pr]", false),
    ("members.$ref", false),
    ("a.b.c", false),
    ("1a", false),
    ("a eq 1", false),
    ("a pr", false),
    ("(a)", false),
    ("not (a pr)", false),
    ("a[b pr", false),
    ("a]", false),
    ("é", false),
];

#[test]
fn tricky_filters() {
    assert!(FILTERS.len() >= 150, "{} filters", FILTERS.len());
    let mut wrong = Vec::new();
    for &(input, valid) in FILTERS {
        let got = same_filter(input);
        if got.is_some() != valid {
            wrong.push(format!(
                "{input:?}: expected valid = {valid}, both say {}",
                got.is_some()
            ));
        }
        if let Some(e) = got {
            check_round_trip(&e);
        }
    }
    assert!(
        wrong.is_empty(),
        "both parsers disagree with the RFC:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn tricky_paths() {
    let mut wrong = Vec::new();
    for &(input, valid) in PATHS {
        let got = same_path(input);
        if got.is_some() != valid {
            wrong.push(format!(
                "{input:?}: expected valid = {valid}, both say {}",
                got.is_some()
            ));
        }
        if let Some(p) = got {
            let printed = p.to_string();
            let again = same_path(&printed).expect("a printed path parses");
            assert_eq!(again.without_spans(), p.without_spans(), "{printed}");
        }
    }
    assert!(
        wrong.is_empty(),
        "both parsers disagree with the RFC:\n{}",
        wrong.join("\n")
    );
}

/// Spot checks of spans the RFC examples exercise, written out by hand (the differential tests
/// only show that the two parsers agree).
#[test]
fn spans_by_hand() {
    let e = same_filter("(a pr and b pr) and not (c pr)").expect("valid");
    let Expr::And(l) = &e else { panic!("{e:?}") };
    // From the opening parenthesis of the first operand to the last byte of the last.
    assert_eq!(l.span, Span::new(0, 30));
    assert_eq!(l.operands.len(), 3);
    assert_eq!(l.operands[0].span(), Span::new(1, 5));
    assert_eq!(l.operands[2].span(), Span::new(20, 30));

    let e = same_filter("(a pr)").expect("valid");
    assert_eq!(
        e.span(),
        Span::new(1, 5),
        "a group's node excludes its parentheses"
    );

    let e = same_filter(r#"emails[type eq "work"]"#).expect("valid");
    let Expr::ValuePath(vp) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(vp.span, Span::new(0, 22));
    assert_eq!(vp.attr.span, Span::new(0, 6));
    let Expr::Compare(c) = &*vp.filter else {
        panic!("{e:?}")
    };
    assert_eq!(
        (c.span, c.op_span, c.value_span),
        (Span::new(7, 21), Span::new(12, 14), Span::new(15, 21))
    );

    let p = same_path(r#"members[value eq "x"].display"#).expect("valid");
    assert_eq!(p.span(), Span::new(0, 29));
    let PatchPath::Value { value_path, .. } = &p else {
        panic!("{p:?}")
    };
    assert_eq!(value_path.span, Span::new(0, 21));
}

/// Deep nesting (the grammar has no depth limit; the hand parser's is raised to its maximum,
/// `MAX_DEPTH_LIMIT`, and one level more is a depth error there while the grammar accepts it)
/// and the long `or` chains identity providers send. pest recurses once per level and its stack
/// guard stops a debug build at about 450 levels on a 2 MiB thread, so this runs on a thread with
/// a large stack.
#[test]
fn nesting_and_long_chains() {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(nesting_and_long_chains_body)
        .expect("spawn")
        .join()
        .expect("no disagreement");
}

fn nesting_and_long_chains_body() {
    let max = scimkit::filter::MAX_DEPTH_LIMIT;
    for depth in [1, 2, 3, 63, 64, 65, max - 1, max, max + 1] {
        let mut f = String::from("a pr");
        for i in 0..depth {
            f = match i % 3 {
                0 => format!("({f})"),
                1 => format!("not ({f})"),
                _ => format!("not({f}) and b{i} pr"),
            };
        }
        if depth > max {
            let err = Filter::parse_with(&f, &strict()).expect_err("deeper than the limit");
            assert!(err.detail().contains("nesting deeper than"), "{err}");
            assert!(scimkit_grammar::parse_filter(&f).is_ok());
            continue;
        }
        let e = same_filter(&f).expect("valid");
        check_round_trip(&e);
        if depth < max {
            let vp = format!("x[{}]", f.replace("b", "c"));
            same_filter(&vp).expect("valid");
            same_path(&format!("{vp}.y")).expect("valid");
        }
    }
    let chain = (0..500)
        .map(|i| format!("id eq \"{i}\""))
        .collect::<Vec<_>>()
        .join(" or ");
    let Some(Expr::Or(l)) = same_filter(&chain) else {
        panic!("an `or` chain")
    };
    assert_eq!(l.operands.len(), 500);
    assert_eq!(l.span, Span::new(0, chain.len()));
}

/// The canonical form of an accepted filter parses (with both parsers) to the same tree and
/// prints the same again.
fn check_round_trip(e: &Expr) {
    let printed = e.to_string();
    let again = same_filter(&printed)
        .unwrap_or_else(|| panic!("the canonical form {printed:?} of {e:?} is rejected"));
    assert_eq!(again.without_spans(), e.without_spans(), "{printed}");
    assert_eq!(again.to_string(), printed, "printing is not idempotent");
}

// ---------------------------------------------------------------------------------------------
// 2. testdata/
// ---------------------------------------------------------------------------------------------

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// Every string under a `filter` or `path` key, at any depth.
fn collect_vectors(v: &serde_json::Value, filters: &mut Vec<String>, paths: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("filter", serde_json::Value::String(s)) => filters.push(s.clone()),
                    ("path", serde_json::Value::String(s)) => paths.push(s.clone()),
                    _ => collect_vectors(v, filters, paths),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                collect_vectors(v, filters, paths);
            }
        }
        _ => {}
    }
}

#[test]
fn testdata_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata");
    let mut files = Vec::new();
    json_files(&dir, &mut files);
    let (mut filters, mut paths) = (Vec::new(), Vec::new());
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        // A file that is not JSON (yet) is the business of the tests that own it.
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
            collect_vectors(&v, &mut filters, &mut paths);
        }
    }
    for s in &filters {
        if let Some(e) = same_filter(s) {
            check_round_trip(&e);
        }
    }
    for s in &paths {
        same_path(s);
    }
    eprintln!(
        "testdata: {} JSON files, {} filters, {} paths",
        files.len(),
        filters.len(),
        paths.len()
    );
}

// ---------------------------------------------------------------------------------------------
// 3 and 4. Properties
// ---------------------------------------------------------------------------------------------

/// Valid filters the mutations start from, besides generated ones.
const SEEDS: &[&str] = &[
    r#"userName eq "bjensen""#,
    r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
    r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
    r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
    "not(a pr) and (b eq -1.5E+3 or c lt 0)",
    r#"a eq "\uD83D\uDE00\n\"x\\" and b eq true and c ne null"#,
    r#"a eq "\/\b\f\r\t\u00e9\u00C9\u0000" or b eq "\uDBFF\uDFFF""#,
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"x\"",
    "and pr or not eq false",
    "x[(a pr or b pr) and not (c pr)]",
    "u+r.n:a%41::b.c ge 0.5",
];

/// `cases` cases, unless `PROPTEST_CASES` says otherwise.
fn config(cases: u32) -> ProptestConfig {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        ProptestConfig::default()
    } else {
        ProptestConfig::with_cases(cases)
    }
}

proptest! {
    #![proptest_config(config(1_000))]

    /// Printing a generated tree and parsing it back gives the tree again, with both parsers,
    /// and printing is idempotent.
    #[test]
    fn print_parse_round_trip(tree in common::expr()) {
        let printed = tree.to_string();
        let parsed = same_filter(&printed);
        prop_assert!(parsed.is_some(), "the canonical form {printed:?} is rejected");
        let parsed = parsed.unwrap_or_else(|| unreachable!());
        prop_assert_eq!(parsed.without_spans(), tree.without_spans(), "{}", printed);
        prop_assert_eq!(parsed.to_string(), printed);
    }

    /// The same for PATCH paths.
    #[test]
    fn path_print_parse_round_trip(path in common::patch_path()) {
        let printed = path.to_string();
        let parsed = same_path(&printed);
        prop_assert!(parsed.is_some(), "the canonical form {printed:?} is rejected");
        let parsed = parsed.unwrap_or_else(|| unreachable!());
        prop_assert_eq!(parsed.without_spans(), path.without_spans(), "{}", printed);
        prop_assert_eq!(parsed.to_string(), printed);
    }
}

proptest! {
    #![proptest_config(config(4_000))]

    /// Random edits of a generated filter: both parsers accept or reject it alike and build
    /// the same tree.
    #[test]
    fn mutated_generated_filters(tree in common::small_expr(), edits in common::edits()) {
        let input = common::mutate(&tree.to_string(), &edits);
        if let Some(e) = same_filter(&input) {
            check_round_trip(&e);
        }
    }

    /// Random edits of the seed filters.
    #[test]
    fn mutated_seed_filters(seed in proptest::sample::select(SEEDS.to_vec()), edits in common::edits()) {
        let input = common::mutate(seed, &edits);
        if let Some(e) = same_filter(&input) {
            check_round_trip(&e);
        }
    }

    /// Random edits of generated PATCH paths.
    #[test]
    fn mutated_paths(path in common::patch_path(), edits in common::edits()) {
        let input = common::mutate(&path.to_string(), &edits);
        same_path(&input);
    }
}
