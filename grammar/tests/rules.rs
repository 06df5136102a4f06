//! One group of tests per rule of `src/filter.pest`, each citing the RFC text it checks, in the
//! style of pest's own grammar tests: `parses_to!` pins the token tree, `fails_with!` the
//! position and the rules expected there, and [`full`] / [`no`] say whether a rule matches the
//! *whole* input.

use pest::{Parser, consumes_to, fails_with, parses_to};
use scimkit_grammar::{FilterGrammar, Rule};

/// True when `rule` matches all of `input` (a rule may match a prefix only; the entry rules
/// `filter` and `path` end with `EOI` and only ever match everything).
fn full(rule: Rule, input: &str) -> bool {
    FilterGrammar::parse(rule, input).is_ok_and(|pairs| {
        let mut end = 0;
        for p in pairs.flatten() {
            end = end.max(p.as_span().end());
        }
        end == input.len()
    })
}

/// Asserts `rule` matches each input completely.
#[track_caller]
fn yes(rule: Rule, inputs: &[&str]) {
    for input in inputs {
        assert!(full(rule, input), "{rule:?} should match all of {input:?}");
    }
}

/// Asserts `rule` does not match the whole of any input.
#[track_caller]
fn no(rule: Rule, inputs: &[&str]) {
    for input in inputs {
        assert!(
            !full(rule, input),
            "{rule:?} should not match all of {input:?}"
        );
    }
}

// =============================================================================================
// RFC 7644 §3.4.2.2 Figure 2 and §3.5.2 Figure 8: the RFC's own examples
// =============================================================================================

/// RFC 7644 §3.4.2.2 Figure 2, each example on one line.
const FIGURE_2: &[&str] = &[
    r#"userName eq "bjensen""#,
    r#"name.familyName co "O'Malley""#,
    r#"userName sw "J""#,
    r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
    "title pr",
    r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
    r#"meta.lastModified ge "2011-05-13T04:42:34Z""#,
    r#"meta.lastModified lt "2011-05-13T04:42:34Z""#,
    r#"meta.lastModified le "2011-05-13T04:42:34Z""#,
    r#"title pr and userType eq "Employee""#,
    r#"title pr or userType eq "Intern""#,
    r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
    r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
    r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
    r#"userType eq "Employee" and (emails.type eq "work")"#,
    r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
    r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
];

/// RFC 7644 §3.5.2 Figure 8, JSON-unescaped, each on one line.
const FIGURE_8: &[&str] = &[
    "members",
    "name.familyName",
    r#"addresses[type eq "work"]"#,
    r#"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#,
    r#"members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName"#,
];

#[test]
fn figure_2_examples_parse() {
    yes(Rule::filter, FIGURE_2);
    for f in FIGURE_2 {
        scimkit_grammar::parse_filter(f).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
}

#[test]
fn figure_8_examples_parse() {
    yes(Rule::path, FIGURE_8);
    for p in FIGURE_8 {
        scimkit_grammar::parse_patch_path(p).unwrap_or_else(|e| panic!("{p}: {e}"));
    }
}

// =============================================================================================
// Entry rules
// =============================================================================================

/// `filter = SOI FILTER EOI`: the whole input is one FILTER (RFC 7644 §3.4.2.2).
#[test]
fn filter_entry() {
    parses_to! {
        parser: FilterGrammar,
        input: "a pr",
        rule: Rule::filter,
        tokens: [filter(0, 4, [
            FILTER(0, 4, [logOr(0, 4, [logAnd(0, 4, [
                attrExp(0, 4, [attrPath(0, 1, [ATTRNAME(0, 1)]), pr(2, 4)])
            ])])]),
            EOI(4, 4)
        ])]
    };
    fails_with! {
        parser: FilterGrammar,
        input: "a pr x",
        rule: Rule::filter,
        positives: vec![Rule::EOI],
        negatives: vec![],
        pos: 4
    };
    no(Rule::filter, &["", " ", "a pr ", " a pr", "a pr\n"]);
}

/// `path = SOI PATH EOI` (RFC 7644 §3.5.2).
#[test]
fn path_entry() {
    parses_to! {
        parser: FilterGrammar,
        input: "a.b",
        rule: Rule::path,
        tokens: [path(0, 3, [
            PATH(0, 3, [attrPath(0, 3, [ATTRNAME(0, 1), subAttr(1, 3, [ATTRNAME(2, 3)])])]),
            EOI(3, 3)
        ])]
    };
    no(Rule::path, &["", "members ", " members", "a pr"]);
}

// =============================================================================================
// FILTER and logExp (RFC 7644 §3.4.2.2 Figure 1, and the precedence prose after it)
// =============================================================================================

/// `FILTER = attrExp / logExp / valuePath / *1"not" "(" FILTER ")"`.
#[test]
fn filter_alternatives() {
    yes(
        Rule::FILTER,
        &[
            "a pr",                 // attrExp
            "a pr and b pr",        // logExp
            "a[b pr]",              // valuePath
            "not (a pr)",           // "not" "(" FILTER ")"
            "(a pr)",               // "(" FILTER ")"
            "not(a[b pr] or c pr)", // nested alternatives
        ],
    );
    no(Rule::FILTER, &["", "()", "not", "a", "(a pr", "a pr)"]);
}

/// `logExp = FILTER SP ("and" / "or") SP FILTER`, restructured as `logOr` over `logAnd`:
/// "and" takes precedence over "or" (RFC 7644 §3.4.2.2, "order of operations").
#[test]
fn log_or_binds_loosest() {
    parses_to! {
        parser: FilterGrammar,
        input: "a pr or b pr and c pr",
        rule: Rule::logOr,
        tokens: [logOr(0, 21, [
            logAnd(0, 4, [attrExp(0, 4, [attrPath(0, 1, [ATTRNAME(0, 1)]), pr(2, 4)])]),
            logAnd(8, 21, [
                attrExp(8, 12, [attrPath(8, 9, [ATTRNAME(8, 9)]), pr(10, 12)]),
                attrExp(17, 21, [attrPath(17, 18, [ATTRNAME(17, 18)]), pr(19, 21)])
            ])
        ])]
    };
    yes(Rule::logOr, &["a pr OR b pr", "a pr Or b pr or c pr"]);
}

/// `logAnd`: `"and"` with exactly one space on each side (`SP`, RFC 5234 App. B.1).
#[test]
fn log_and() {
    parses_to! {
        parser: FilterGrammar,
        input: "a pr AND (b pr)",
        rule: Rule::logAnd,
        tokens: [logAnd(0, 15, [
            attrExp(0, 4, [attrPath(0, 1, [ATTRNAME(0, 1)]), pr(2, 4)]),
            group(9, 15, [FILTER(10, 14, [logOr(10, 14, [logAnd(10, 14, [
                attrExp(10, 14, [attrPath(10, 11, [ATTRNAME(10, 11)]), pr(12, 14)])
            ])])])])
        ])]
    };
    no(
        Rule::logAnd,
        &[
            "a pr  and b pr",
            "a pr and  b pr",
            "a pr\tand b pr",
            "a pr and(b pr)",
            "(a pr)and b pr",
            "a pr andb pr",
        ],
    );
    // An attribute may be named like a keyword (RFC 7644 `ATTRNAME`): `and pr` is an attrExp.
    yes(Rule::logAnd, &["and pr and and pr", "a pr and or pr"]);
}

/// `filterTerm = group / valuePath / attrExp` (the non-logExp alternatives of FILTER).
#[test]
fn filter_term() {
    yes(
        Rule::filterTerm,
        &[
            "(a pr)",
            "not (a pr)",
            "a[b pr]",
            "a pr",
            "not pr",
            "not[a pr]",
        ],
    );
    no(Rule::filterTerm, &["a pr and b pr", "not a pr"]);
}

/// `*1"not" "(" FILTER ")"`, with erratum 7319: `not(` and `not (` (one space, no more).
#[test]
fn group_and_not() {
    parses_to! {
        parser: FilterGrammar,
        input: "not (a pr)",
        rule: Rule::group,
        tokens: [group(0, 10, [not(0, 3), FILTER(5, 9, [logOr(5, 9, [logAnd(5, 9, [
            attrExp(5, 9, [attrPath(5, 6, [ATTRNAME(5, 6)]), pr(7, 9)])
        ])])])])]
    };
    yes(
        Rule::group,
        &[
            "(a pr)",
            "not(a pr)",
            "NOT (a pr)",
            "Not(not(a pr))",
            "((a pr))",
        ],
    );
    no(
        Rule::group,
        &[
            "not  (a pr)",
            "not\t(a pr)",
            "nota (a pr)",
            "not ()",
            "( a pr)",
            "(a pr )",
            "a pr",
        ],
    );
    fails_with! {
        parser: FilterGrammar,
        input: "not  (a pr)",
        rule: Rule::group,
        positives: vec![Rule::group],
        negatives: vec![],
        pos: 0
    };
}

/// `"not"`: case-insensitive (RFC 5234 §2.3).
#[test]
fn not_keyword() {
    yes(Rule::not, &["not", "NOT", "nOt"]);
    no(Rule::not, &["no", "nt"]);
}

// =============================================================================================
// valuePath and valFilter (RFC 7644 §3.4.2.2 Figure 1, erratum 4690)
// =============================================================================================

/// `valuePath = attrPath "[" valFilter "]"`.
#[test]
fn value_path() {
    parses_to! {
        parser: FilterGrammar,
        input: "emails[type pr]",
        rule: Rule::valuePath,
        tokens: [valuePath(0, 15, [
            attrPath(0, 6, [ATTRNAME(0, 6)]),
            valFilter(7, 14, [valLogOr(7, 14, [valLogAnd(7, 14, [
                attrExp(7, 14, [attrPath(7, 11, [ATTRNAME(7, 11)]), pr(12, 14)])
            ])])])
        ])]
    };
    yes(
        Rule::valuePath,
        &[
            r#"emails[type eq "work"]"#,
            "urn:x:emails[a pr]",
            "name.x[a pr]",
            "a[urn:x:b pr]",
        ],
    );
    no(
        Rule::valuePath,
        &["a[]", "a [b pr]", "a[ b pr]", "a[b pr ]", "a[b pr"],
    );
}

/// `valFilter = attrExp / logExp / *1"not" "(" valFilter ")"`, with erratum 4690: no value
/// path anywhere inside the brackets.
#[test]
fn val_filter() {
    yes(
        Rule::valFilter,
        &[
            "a pr",
            "a pr and b pr or c pr",
            "not (a pr)",
            "not(a pr)",
            "(a pr or b pr) and c pr",
        ],
    );
    no(
        Rule::valFilter,
        &[
            "b[c pr]",
            "a pr and b[c pr]",
            "(b[c pr])",
            "not (b[c pr])",
            "not  (a pr)",
        ],
    );
    // Inside the brackets `a` can only go on with a sub-attribute or SP (silent, so pest names
    // only subAttr); a `[` is never expected there.
    fails_with! {
        parser: FilterGrammar,
        input: "x[a[b pr]]",
        rule: Rule::filter,
        positives: vec![Rule::subAttr],
        negatives: vec![],
        pos: 3
    };
}

/// `logExp` inside brackets: "or" over "and", as outside.
#[test]
fn val_log_or_and() {
    parses_to! {
        parser: FilterGrammar,
        input: "a pr or b pr",
        rule: Rule::valLogOr,
        tokens: [valLogOr(0, 12, [
            valLogAnd(0, 4, [attrExp(0, 4, [attrPath(0, 1, [ATTRNAME(0, 1)]), pr(2, 4)])]),
            valLogAnd(8, 12, [attrExp(8, 12, [attrPath(8, 9, [ATTRNAME(8, 9)]), pr(10, 12)])])
        ])]
    };
    yes(Rule::valLogAnd, &["a pr and b pr", "a pr AND not (b pr)"]);
    no(Rule::valLogAnd, &["a pr and b[c pr]", "a pr  and b pr"]);
}

/// `valTerm = valGroup / attrExp`.
#[test]
fn val_term() {
    yes(Rule::valTerm, &["(a pr)", "not (a pr)", "a pr", "not pr"]);
    no(Rule::valTerm, &["a[b pr]"]);
}

/// `*1"not" "(" valFilter ")"` inside brackets (erratum 7319 applies here too).
#[test]
fn val_group() {
    yes(
        Rule::valGroup,
        &["(a pr)", "not(a pr)", "not (a pr)", "((a pr))"],
    );
    no(Rule::valGroup, &["not  (a pr)", "(a[b pr])"]);
}

// =============================================================================================
// attrExp, compareOp, compValue (RFC 7644 §3.4.2.2 Figure 1, Table 3)
// =============================================================================================

/// `attrExp = (attrPath SP "pr") / (attrPath SP compareOp SP compValue)`.
#[test]
fn attr_exp() {
    parses_to! {
        parser: FilterGrammar,
        input: r#"userName eq "x""#,
        rule: Rule::attrExp,
        tokens: [attrExp(0, 15, [
            attrPath(0, 8, [ATTRNAME(0, 8)]),
            compareOp(9, 11),
            compValue(12, 15, [string(12, 15, [unescaped(13, 14)])])
        ])]
    };
    yes(
        Rule::attrExp,
        &["title pr", "title PR", "not eq 1", "pr pr", "a.b le null"],
    );
    no(
        Rule::attrExp,
        &[
            "a  pr", "a pr ", "a eq  1", "a eq1", "a\teq 1", "a eq", "a prx",
        ],
    );
    fails_with! {
        parser: FilterGrammar,
        input: "a eq x",
        rule: Rule::attrExp,
        positives: vec![Rule::compValue],
        negatives: vec![],
        pos: 5
    };
}

/// `"pr"`, the presence operator (RFC 7644 §3.4.2.2 Table 3), any case.
#[test]
fn pr_keyword() {
    yes(Rule::pr, &["pr", "PR", "pR"]);
    no(Rule::pr, &["p", "present"]);
}

/// `compareOp = "eq" / "ne" / "co" / "sw" / "ew" / "gt" / "lt" / "ge" / "le"`, any case.
#[test]
fn compare_op() {
    yes(
        Rule::compareOp,
        &[
            "eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le", "EQ", "Ne", "cO",
        ],
    );
    no(Rule::compareOp, &["pr", "regex", "==", "e", ""]);
    fails_with! {
        parser: FilterGrammar,
        input: "xx",
        rule: Rule::compareOp,
        positives: vec![Rule::compareOp],
        negatives: vec![],
        pos: 0
    };
}

/// `compValue = false / null / true / number / string` (RFC 7159).
#[test]
fn comp_value() {
    parses_to! {
        parser: FilterGrammar,
        input: "-1.5e3",
        rule: Rule::compValue,
        tokens: [compValue(0, 6, [number(0, 6)])]
    };
    yes(Rule::compValue, &["false", "null", "true", "0", r#""""#]);
    no(
        Rule::compValue,
        &[
            "False",
            "NULL",
            "TRUE",
            "'x'",
            "bjensen",
            "undefined",
            "[1]",
        ],
    );
}

/// `false`, `null`, `true`: RFC 7159 §3 writes them with `%x` values, so lower case only.
#[test]
fn json_literals() {
    yes(Rule::jsonFalse, &["false"]);
    yes(Rule::jsonNull, &["null"]);
    yes(Rule::jsonTrue, &["true"]);
    no(Rule::jsonFalse, &["False", "FALSE"]);
    no(Rule::jsonNull, &["Null", "nul"]);
    no(Rule::jsonTrue, &["True", "tru"]);
}

// =============================================================================================
// attrPath and its parts (RFC 7644 §3.4.2.2 Figure 1, §3.10; RFC 3986)
// =============================================================================================

/// `attrPath = [URI ":"] ATTRNAME *1subAttr`; the URI runs to the last `:` (RFC 7644 §3.10).
#[test]
fn attr_path() {
    parses_to! {
        parser: FilterGrammar,
        input: "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName",
        rule: Rule::attrPath,
        tokens: [attrPath(0, 57, [
            URI(0, 42),
            ATTRNAME(43, 47),
            subAttr(47, 57, [ATTRNAME(48, 57)])
        ])]
    };
    parses_to! {
        parser: FilterGrammar,
        input: "a.b",
        rule: Rule::attrPath,
        tokens: [attrPath(0, 3, [ATTRNAME(0, 1), subAttr(1, 3, [ATTRNAME(2, 3)])])]
    };
    yes(
        Rule::attrPath,
        &[
            "userName",
            "name.familyName",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
            "urn::x",
            "a:b:c",
            "u+r-n.x:a",
            "urn:a%20b:x",
        ],
    );
    no(
        Rule::attrPath,
        &[
            "a.b.c",
            "a.",
            "a..b",
            ".a",
            "1a",
            "a:",
            ":a",
            "urn:a(b):x",
            "urn:a%2:x",
            "$ref",
        ],
    );
}

/// `URI` (RFC 3986 App. A, narrowed): `scheme *(":" segment)`, stopping before the last `:`.
#[test]
fn uri() {
    parses_to! {
        parser: FilterGrammar,
        input: "urn:a::b:c",
        rule: Rule::URI,
        tokens: [URI(0, 8)]
    };
    parses_to! {
        parser: FilterGrammar,
        input: "urn",
        rule: Rule::URI,
        tokens: [URI(0, 3)]
    };
    parses_to! {
        parser: FilterGrammar,
        input: "urn:a%41:b",
        rule: Rule::URI,
        tokens: [URI(0, 8)]
    };
    yes(Rule::URI, &["urn", "x+y-z.w", "HTTP"]);
    no(Rule::URI, &["urn:a", "1urn", "urn:a:"]);
}

/// `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` (RFC 3986 §3.1).
#[test]
fn scheme() {
    yes(Rule::scheme, &["urn", "a", "a1+-.", "HTTP"]);
    no(Rule::scheme, &["1a", "+a", "a_b", "a:b", ""]);
}

/// `segment`: pchar (RFC 3986 §3.3) plus `/ ? #`, without `( )` and without `:` (which
/// separates segments), possibly empty.
#[test]
fn segment() {
    yes(
        Rule::segment,
        &[
            "",
            "ietf",
            "2.0",
            "a-._~",
            "!$&'*+,;=",
            "@",
            "/?#",
            "%41%7e",
            "x%2Fy",
        ],
    );
    no(
        Rule::segment,
        &["a(b", "a)b", "a:b", "a b", "a[b", "%4", "%zz", "é"],
    );
}

/// `pct-encoded = "%" HEXDIG HEXDIG` (RFC 3986 §2.1).
#[test]
fn pct_encoded() {
    yes(Rule::pctEncoded, &["%41", "%fF", "%00"]);
    no(Rule::pctEncoded, &["%4", "%G1", "41", "%"]);
}

/// The characters of a segment, one at a time.
#[test]
fn uri_char() {
    for c in "aZ09-._~!$&'*+,;=@/?#".chars() {
        yes(Rule::uriChar, &[&c.to_string()]);
    }
    for c in "()[]: \"%\\é\t".chars() {
        no(Rule::uriChar, &[&c.to_string()]);
    }
}

/// `ATTRNAME = ALPHA *(nameChar)`; strict mode has no `$` (RFC 7644; RFC 7643 §2.1 adds it).
#[test]
fn attrname() {
    yes(
        Rule::ATTRNAME,
        &["a", "userName", "a1-_b", "not", "and", "X509"],
    );
    no(
        Rule::ATTRNAME,
        &["1a", "_a", "-a", "$ref", "a$b", "é", "aé", ""],
    );
}

/// `nameChar = "-" / "_" / DIGIT / ALPHA`.
#[test]
fn name_char() {
    for c in ["-", "_", "0", "9", "a", "Z"] {
        assert!(FilterGrammar::parse(Rule::nameChar, c).is_ok(), "{c}");
    }
    for c in ["$", ".", ":", " ", "é", ""] {
        assert!(FilterGrammar::parse(Rule::nameChar, c).is_err(), "{c}");
    }
}

/// `subAttr = "." ATTRNAME`.
#[test]
fn sub_attr() {
    parses_to! {
        parser: FilterGrammar,
        input: ".value",
        rule: Rule::subAttr,
        tokens: [subAttr(0, 6, [ATTRNAME(1, 6)])]
    };
    no(Rule::subAttr, &[".", ".1", ". a", "a", ".$ref"]);
}

// =============================================================================================
// PATH (RFC 7644 §3.5.2 Figure 7)
// =============================================================================================

/// `PATH = attrPath / valuePath [subAttr]`.
#[test]
fn patch_path() {
    parses_to! {
        parser: FilterGrammar,
        input: "m[v pr].d",
        rule: Rule::PATH,
        tokens: [PATH(0, 9, [
            valuePath(0, 7, [
                attrPath(0, 1, [ATTRNAME(0, 1)]),
                valFilter(2, 6, [valLogOr(2, 6, [valLogAnd(2, 6, [
                    attrExp(2, 6, [attrPath(2, 3, [ATTRNAME(2, 3)]), pr(4, 6)])
                ])])])
            ]),
            subAttr(7, 9, [ATTRNAME(8, 9)])
        ])]
    };
    yes(
        Rule::PATH,
        &[
            "members",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "emails[type eq \"work\"].value",
            "a.b[c pr].d",
        ],
    );
    no(
        Rule::PATH,
        &[
            "a[b pr].c.d",
            "a[b pr]c",
            "a[b pr][c pr]",
            "a[b[c pr]]",
            "a pr",
            "(a)",
        ],
    );
}

// =============================================================================================
// number (RFC 7159 §6)
// =============================================================================================

/// `number = [ minus ] int [ frac ] [ exp ]`.
#[test]
fn number() {
    yes(
        Rule::number,
        &[
            "0",
            "-0",
            "1",
            "-12",
            "1.5",
            "1E+2",
            "1e-2",
            "1e2",
            "-0.5E-0",
            "123456789012345678901",
        ],
    );
    no(
        Rule::number,
        &[
            "01", "-01", "00", "1.", ".5", "-", "+1", "1e", "1e+", "1.e5", "0x1",
        ],
    );
}

/// `int = zero / ( digit1-9 *DIGIT )`.
#[test]
fn int() {
    yes(Rule::int, &["0", "7", "10", "999"]);
    no(Rule::int, &["01", "-1", ""]);
}

/// `frac = decimal-point 1*DIGIT`.
#[test]
fn frac() {
    yes(Rule::frac, &[".0", ".25"]);
    no(Rule::frac, &[".", "5", ".e"]);
}

/// `exp = e [ minus / plus ] 1*DIGIT`.
#[test]
fn exp() {
    yes(Rule::exp, &["e1", "E1", "e+10", "E-0"]);
    no(Rule::exp, &["e", "e+", "1", "e+-1"]);
}

// =============================================================================================
// string (RFC 7159 §7, and the surrogate deviation)
// =============================================================================================

/// `string = quotation-mark *char quotation-mark`.
#[test]
fn string() {
    parses_to! {
        parser: FilterGrammar,
        input: r#""a\n""#,
        rule: Rule::string,
        tokens: [string(0, 5, [unescaped(1, 2), escaped(2, 4, [escapeChar(3, 4)])])]
    };
    yes(
        Rule::string,
        &[
            r#""""#,
            r#""bjensen""#,
            r#""O'Malley""#,
            "\"é日😀\u{7f}\"",
            r#""\u0000""#,
        ],
    );
    no(
        Rule::string,
        &[r#"""#, r#""abc"#, r#""\""#, "'x'", "\"a\tb\"", "\"a\nb\""],
    );
}

/// `char = unescaped / escape (...)` (silent: the string's pieces).
#[test]
fn char_rule() {
    yes(Rule::char, &["a", "\\n", "\\u0041", "\\uD83D\\uDE00"]);
    no(Rule::char, &["\"", "\\", "\u{1}"]);
}

/// `unescaped = %x20-21 / %x23-5B / %x5D-10FFFF`: no `"`, no `\`, no control below U+0020;
/// U+007F and everything above is allowed.
#[test]
fn unescaped() {
    yes(
        Rule::unescaped,
        &[" !#[]~", "\u{7f}", "é", "\u{10ffff}", "\u{2028}"],
    );
    no(
        Rule::unescaped,
        &["\"", "\\", "\u{0}", "\u{1f}", "\t", "\n", ""],
    );
}

/// `escape ( %x22 / %x5C / %x2F / %x62 / %x66 / %x6E / %x72 / %x74 / %x75 4HEXDIG )`.
#[test]
fn escaped() {
    yes(
        Rule::escaped,
        &[
            r#"\""#,
            r#"\\"#,
            r#"\/"#,
            r#"\b"#,
            r#"\f"#,
            r#"\n"#,
            r#"\r"#,
            r#"\t"#,
            r#"\u00e9"#,
            r#"\uD83D\uDE00"#,
        ],
    );
    no(
        Rule::escaped,
        &[
            r#"\a"#,
            r#"\x41"#,
            r#"\'"#,
            r#"\U0041"#,
            r#"\N"#,
            r#"\u12"#,
            "\\",
        ],
    );
}

/// The one-character escapes, case-sensitive (`%x` values).
#[test]
fn escape_char() {
    yes(
        Rule::escapeChar,
        &["\"", "\\", "/", "b", "f", "n", "r", "t"],
    );
    no(Rule::escapeChar, &["B", "N", "a", "u"]);
}

/// Deviation from RFC 7159 §7 (see §8.2): a high surrogate escape must be followed by a low
/// surrogate escape.
#[test]
fn surrogate_pair() {
    yes(
        Rule::surrogatePair,
        &[r#"uD83D\uDE00"#, r#"ud800\udc00"#, r#"uDBFF\uDFFF"#],
    );
    no(
        Rule::surrogatePair,
        &[
            r#"uD83D"#,
            r#"uD83D\u0041"#,
            r#"uD83D\uD83D"#,
            r#"uDE00\uD83D"#,
            r#"uD83D\UDE00"#,
        ],
    );
}

/// `%x75 4HEXDIG` for anything but a surrogate: lone surrogates are refused.
#[test]
fn unicode_escape() {
    yes(
        Rule::unicodeEscape,
        &["u0041", "u00e9", "uFFFF", "uE000", "uD7FF", "u0000"],
    );
    no(
        Rule::unicodeEscape,
        &["uD800", "uDBFF", "uDC00", "udfff", "u12", "u12G4", "U0041"],
    );
}

/// D800-DBFF and DC00-DFFF, any case.
#[test]
fn surrogates() {
    yes(Rule::highSurrogate, &["D800", "d83d", "DBFF", "dAbC"]);
    no(Rule::highSurrogate, &["DC00", "D7FF", "E000"]);
    yes(Rule::lowSurrogate, &["DC00", "de00", "DFFF"]);
    no(Rule::lowSurrogate, &["DBFF", "E000", "D800"]);
}

// =============================================================================================
// RFC 5234 Appendix B.1 core rules
// =============================================================================================

/// `ALPHA`, `DIGIT`, `HEXDIG`, `SP`.
#[test]
fn core_rules() {
    let ok = |rule, s: &str| FilterGrammar::parse(rule, s).is_ok();
    assert!(ok(Rule::ALPHA, "a") && ok(Rule::ALPHA, "Z"));
    assert!(!ok(Rule::ALPHA, "1") && !ok(Rule::ALPHA, "é") && !ok(Rule::ALPHA, "_"));
    assert!(ok(Rule::DIGIT, "0") && ok(Rule::DIGIT, "9") && !ok(Rule::DIGIT, "a"));
    assert!(ok(Rule::HEXDIG, "f") && ok(Rule::HEXDIG, "F") && !ok(Rule::HEXDIG, "g"));
    assert!(ok(Rule::SP, " "));
    assert!(!ok(Rule::SP, "\t") && !ok(Rule::SP, "\u{a0}") && !ok(Rule::SP, "\n"));
}
