//! Proptest strategies for *realistic* filters on the RFC 7643 User resource type with the
//! enterprise extension: the shapes identity providers and SCIM clients send.
//!
//! Every filter [`filter`] makes is valid under RFC 7644's grammar (strict mode) and compiles
//! against [`Schemas::rfc7643`](crate::Schemas::rfc7643)'s `User`. The values come from
//! [`super::vocab`], which generated users share, so filters match some users. Keywords and
//! attribute names are sometimes written in another case (`EQ`, `UserName`): RFC 7644
//! §3.4.2.2 makes both case-insensitive, and a parser that refuses them is wrong.
//!
//! ```
//! use proptest::prelude::*;
//! use scimkit::{Filter, ParseOptions, Schemas};
//! use scimkit::generate::user;
//!
//! proptest!(|((kind, text) in user::filter())| {
//!     let filter = Filter::parse_with(&text, &ParseOptions::strict()).unwrap();
//!     filter.compile(&Schemas::rfc7643(), "User").unwrap();
//!     prop_assert!(!kind.as_str().is_empty());
//! });
//! ```

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use super::vocab::{
    DEPARTMENTS, DOMAINS, EMAIL_TYPES, ENTERPRISE_URN, FAMILY_NAMES, GIVEN_NAMES, GROUPS,
    LOCALITIES, PHONE_TYPES, TITLES, USER_URN, user_name as make_user_name,
};

/// What a realistic filter exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FilterKind {
    /// One comparison on a single-valued attribute: `userName eq "..."`, `title sw "Sen"`.
    Equality,
    /// A value-path filter: `emails[type eq "work" and value co "@example.com"]`.
    ValuePath,
    /// `and` / `or` / `not` over several expressions, with grouping.
    Logical,
    /// `dateTime` comparisons and ranges on `meta.lastModified` / `meta.created`.
    DateTime,
    /// URN-qualified attributes of the enterprise extension or the core schema.
    Urn,
    /// `pr`, the presence test.
    Presence,
    /// `active eq true` and other boolean comparisons.
    Boolean,
    /// The 50-term `userName eq "..." or ...` chains identity providers send for batch look-ups.
    Chain,
}

impl FilterKind {
    /// Every kind.
    pub const ALL: [FilterKind; 8] = [
        FilterKind::Equality,
        FilterKind::ValuePath,
        FilterKind::Logical,
        FilterKind::DateTime,
        FilterKind::Urn,
        FilterKind::Presence,
        FilterKind::Boolean,
        FilterKind::Chain,
    ];

    /// A short name: `eq`, `valuepath`, `logic`, `datetime`, `urn`, `pr`, `bool`, `chain50`.
    pub const fn as_str(self) -> &'static str {
        match self {
            FilterKind::Equality => "eq",
            FilterKind::ValuePath => "valuepath",
            FilterKind::Logical => "logic",
            FilterKind::DateTime => "datetime",
            FilterKind::Urn => "urn",
            FilterKind::Presence => "pr",
            FilterKind::Boolean => "bool",
            FilterKind::Chain => "chain50",
        }
    }
}

/// A JSON string literal (RFC 7159 §7), as filters write string values.
fn quote(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// A keyword or attribute name, mostly as written, sometimes upper-case or capitalised.
fn spelled(word: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        18 => Just(word.to_owned()),
        1 => Just(word.to_ascii_uppercase()),
        1 => Just({
            let mut cs = word.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        }),
    ]
}

/// `given.family{n}@domain`, as generated users have.
pub fn user_name() -> impl Strategy<Value = String> {
    (
        select(GIVEN_NAMES),
        select(FAMILY_NAMES),
        0..10_000u32,
        select(DOMAINS),
    )
        .prop_map(|(g, f, n, d)| make_user_name(g, f, n, d))
}

/// An xsd:dateTime between 2015 and 2026, in UTC or with an offset, sometimes with a fraction.
pub fn date_time() -> impl Strategy<Value = String> {
    (
        2015..=2026u32,
        1..=12u32,
        1..=28u32,
        0..24u32,
        0..60u32,
        0..60u32,
        prop::option::weighted(0.2, 0..1000u32),
        select(vec!["Z", "Z", "Z", "+02:00", "-07:00", "+05:30"]),
    )
        .prop_map(|(y, mo, d, h, mi, s, frac, off)| {
            let frac = frac.map(|f| format!(".{f:03}")).unwrap_or_default();
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{off}")
        })
}

/// `attr op "value"` with the operator spelled in some case.
fn cmp(
    attr: impl Strategy<Value = String>,
    ops: Vec<&'static str>,
    value: impl Strategy<Value = String>,
) -> impl Strategy<Value = String> {
    (attr, select(ops).prop_flat_map(spelled), value).prop_map(|(a, op, v)| format!("{a} {op} {v}"))
}

fn string_ops() -> Vec<&'static str> {
    vec!["eq", "eq", "eq", "ne", "co", "sw", "ew"]
}

/// A comparison on a single-valued core attribute.
pub fn equality() -> BoxedStrategy<String> {
    prop_oneof![
        4 => cmp(spelled("userName"), vec!["eq"], user_name().prop_map(|s| quote(&s))),
        1 => cmp(spelled("userName"), vec!["sw", "co"], select(FAMILY_NAMES).prop_map(|f| quote(&f.to_lowercase()))),
        1 => cmp(spelled("userName"), vec!["ew"], select(DOMAINS).prop_map(|d| quote(&format!("@{d}")))),
        2 => cmp(Just("name.familyName".to_owned()), string_ops(), select(FAMILY_NAMES).prop_map(quote)),
        1 => cmp(Just("name.givenName".to_owned()), string_ops(), select(GIVEN_NAMES).prop_map(quote)),
        1 => cmp(spelled("displayName"), vec!["co", "sw"], select(FAMILY_NAMES).prop_map(quote)),
        2 => cmp(spelled("title"), string_ops(), (select(TITLES), any::<bool>())
            .prop_map(|(t, lower)| quote(&if lower { t.to_lowercase() } else { t.to_owned() }))),
        1 => cmp(spelled("externalId"), vec!["eq"], (0..100_000u32).prop_map(|n| quote(&format!("ext-{n:05}")))),
        1 => cmp(spelled("id"), vec!["eq", "ne"], "[0-9a-f]{8}-[0-9a-f]{4}".prop_map(|s| quote(&s))),
        1 => cmp(Just("emails.value".to_owned()), vec!["ew", "co"], select(DOMAINS).prop_map(|d| quote(&format!("@{d}")))),
        1 => cmp(Just("meta.resourceType".to_owned()), vec!["eq"], Just(quote("User"))),
    ]
    .boxed()
}

/// A value-path filter on a multi-valued complex attribute.
pub fn value_path() -> BoxedStrategy<String> {
    prop_oneof![
        3 => (select(EMAIL_TYPES), select(DOMAINS)).prop_map(|(t, d)|
            format!("emails[type eq {} and value co {}]", quote(t), quote(&format!("@{d}")))),
        2 => select(EMAIL_TYPES).prop_map(|t| format!("emails[type eq {}]", quote(t))),
        1 => Just("emails[primary eq true]".to_owned()),
        1 => (select(DOMAINS), select(EMAIL_TYPES)).prop_map(|(d, t)|
            format!("emails[value ew {} or type eq {}]", quote(&format!("@{d}")), quote(t))),
        1 => select(PHONE_TYPES).prop_map(|t| format!("phoneNumbers[type eq {}]", quote(t))),
        1 => select(LOCALITIES).prop_map(|l| format!("addresses[type eq \"work\" and locality eq {}]", quote(l))),
        1 => select(GROUPS).prop_map(|g| format!("groups[display eq {}]", quote(g))),
        1 => Just("emails[not (type eq \"work\")]".to_owned()),
    ]
    .boxed()
}

/// A `dateTime` comparison or range.
pub fn date_time_filter() -> BoxedStrategy<String> {
    let attr = select(vec!["meta.lastModified", "meta.created"]);
    prop_oneof![
        2 => (attr.clone(), select(vec!["gt", "ge", "lt", "le"]), date_time())
            .prop_map(|(a, op, t)| format!("{a} {op} {}", quote(&t))),
        2 => (attr, date_time(), date_time())
            .prop_map(|(a, t1, t2)| format!("{a} ge {} and {a} lt {}", quote(&t1), quote(&t2))),
        1 => date_time().prop_map(|t| format!("meta.lastModified eq {}", quote(&t))),
    ]
    .boxed()
}

/// A URN-qualified attribute path.
pub fn urn() -> BoxedStrategy<String> {
    prop_oneof![
        2 => (0..100_000u32).prop_map(|n| format!("{ENTERPRISE_URN}:employeeNumber eq {}", quote(&n.to_string()))),
        2 => select(DEPARTMENTS).prop_map(|d| format!("{ENTERPRISE_URN}:department eq {}", quote(d))),
        1 => "[0-9a-f]{8}".prop_map(|id| format!("{ENTERPRISE_URN}:manager.value eq {}", quote(&id))),
        1 => (0..1000u32).prop_map(|n| format!("{ENTERPRISE_URN}:costCenter sw {}", quote(&n.to_string()))),
        1 => user_name().prop_map(|u| format!("{USER_URN}:userName eq {}", quote(&u))),
        1 => select(FAMILY_NAMES).prop_map(|f| format!("{USER_URN}:name.familyName eq {}", quote(f))),
    ]
    .boxed()
}

/// A presence test.
pub fn presence() -> BoxedStrategy<String> {
    select(vec![
        "title",
        "emails",
        "name.middleName",
        "phoneNumbers",
        "addresses",
        "nickName",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        "meta.lastModified",
    ])
    .prop_flat_map(|a| spelled("pr").prop_map(move |pr| format!("{a} {pr}")))
    .boxed()
}

/// A boolean comparison.
pub fn boolean() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<bool>().prop_map(|b| format!("active eq {b}")),
        1 => Just("emails.primary eq true".to_owned()),
        1 => Just("active ne false".to_owned()),
    ]
    .boxed()
}

/// `userName eq "..." or ...` with `terms` terms.
pub fn chain(terms: usize) -> BoxedStrategy<String> {
    vec(user_name(), terms)
        .prop_map(|names| {
            names
                .iter()
                .map(|u| format!("userName eq {}", quote(u)))
                .collect::<Vec<_>>()
                .join(" or ")
        })
        .boxed()
}

/// Two to four expressions joined by `and` or `or`, sometimes negated, nested up to three
/// levels; operands that are themselves `and`/`or` are parenthesised.
pub fn logical() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        4 => equality(),
        2 => value_path(),
        2 => presence(),
        1 => boolean(),
        1 => urn(),
        1 => date_time_filter().prop_map(|f| if f.contains(" and ") { format!("({f})") } else { f }),
    ];
    let group = |inner: BoxedStrategy<String>| {
        (
            vec(inner, 2..=4),
            select(vec!["and", "or"]).prop_flat_map(spelled),
            prop::bool::weighted(0.2),
        )
            .prop_map(|(operands, op, negate)| {
                let joined = operands.join(&format!(" {op} "));
                if negate {
                    format!("not ({joined})")
                } else {
                    format!("({joined})")
                }
            })
    };
    let level1 = group(leaf.clone().boxed());
    let level2 = group(prop_oneof![2 => leaf.clone(), 1 => level1.clone()].boxed());
    let level3 = group(prop_oneof![2 => leaf, 1 => level1.clone(), 1 => level2.clone()].boxed());
    prop_oneof![3 => level1, 2 => level2, 1 => level3]
        .prop_map(|s| {
            // The outermost group needs no parentheses unless negated.
            match s.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
                Some(inner) if balanced(inner) => inner.to_owned(),
                _ => s,
            }
        })
        .boxed()
}

/// Whether the parentheses outside string literals balance without going negative.
fn balanced(s: &str) -> bool {
    let (mut depth, mut in_str, mut escaped) = (0i32, false, false);
    for c in s.chars() {
        if in_str {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// Strategy for one kind.
pub fn of_kind(kind: FilterKind) -> BoxedStrategy<String> {
    match kind {
        FilterKind::Equality => equality(),
        FilterKind::ValuePath => value_path(),
        FilterKind::Logical => logical(),
        FilterKind::DateTime => date_time_filter(),
        FilterKind::Urn => urn(),
        FilterKind::Presence => presence(),
        FilterKind::Boolean => boolean(),
        FilterKind::Chain => chain(50),
    }
}

/// A realistic filter and its kind, with the mix of a provisioning workload: mostly simple
/// look-ups, then value paths and logical combinations, a few 50-term chains.
pub fn filter() -> BoxedStrategy<(FilterKind, String)> {
    let weighted: [(u32, FilterKind); 8] = [
        (25, FilterKind::Equality),
        (15, FilterKind::ValuePath),
        (20, FilterKind::Logical),
        (10, FilterKind::DateTime),
        (10, FilterKind::Urn),
        (8, FilterKind::Presence),
        (5, FilterKind::Boolean),
        (2, FilterKind::Chain),
    ];
    let choices: Vec<(u32, BoxedStrategy<(FilterKind, String)>)> = weighted
        .into_iter()
        .map(|(w, k)| (w, of_kind(k).prop_map(move |s| (k, s)).boxed()))
        .collect();
    proptest::strategy::Union::new_weighted(choices).boxed()
}
