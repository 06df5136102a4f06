//! The benchmark workload: a deterministic corpus of filters, User resources and PATCH
//! requests, made from a fixed seed by the generators of `scimkit::generate`.
//!
//! * [`filters`]: the parse corpus, realistic filters on the User resource type (all valid under
//!   RFC 7644's grammar, all compiling against RFC 7643's User with the enterprise extension);
//! * [`eval_filters`]: 20 filters for evaluation, each exercising one rule (case folding,
//!   dateTime instants, multi-valued any-match, value paths, `pr`, `not`, URNs, the 50-term
//!   chain);
//! * [`users`]: User resources with the enterprise extension;
//! * [`patches`]: PatchOp requests against those users, each applicable to its user.
//!
//! `cargo run --release -p scimkit-benches --bin workload -- DIR` writes them as files for the
//! peer harness (`benches/peers/`).

use proptest::prelude::Rng;
use proptest::test_runner::TestRng;
use scimkit::generate::vocab::{
    DEPARTMENTS, DOMAINS, EMAIL_TYPES, ENTERPRISE_URN, FAMILY_NAMES, GIVEN_NAMES, GROUPS,
    LOCALITIES, PHONE_TYPES, TITLES, USER_URN, user_name,
};
use scimkit::generate::{rng, runner, sample, user};
use serde_json::{Value, json};

/// The seed of the committed workload.
pub const SEED: u64 = 2026;
/// Filters in the parse corpus.
pub const FILTERS: usize = 2000;
/// Users.
pub const USERS: usize = 10_000;
/// PATCH requests.
pub const PATCHES: usize = 1000;

/// The whole workload.
#[derive(Debug, Clone)]
pub struct Workload {
    /// `(kind, filter)` pairs for parsing.
    pub filters: Vec<(&'static str, String)>,
    /// `(kind, filter)` pairs for evaluation.
    pub eval_filters: Vec<(&'static str, String)>,
    /// User resources.
    pub users: Vec<Value>,
    /// `(index into users, PatchOp request)` pairs.
    pub patches: Vec<(usize, Value)>,
}

impl Workload {
    /// The workload for `seed`, at the standard sizes.
    pub fn generate(seed: u64) -> Workload {
        let users = users(seed, USERS);
        Workload {
            filters: filters(seed, FILTERS),
            eval_filters: eval_filters(&users),
            patches: patches(seed, &users, PATCHES),
            users,
        }
    }

    /// The filter corpus's total size in bytes.
    pub fn filter_bytes(&self) -> usize {
        self.filters.iter().map(|(_, f)| f.len()).sum()
    }
}

/// `n` realistic filters ([`user::filter`]).
pub fn filters(seed: u64, n: usize) -> Vec<(&'static str, String)> {
    let mut runner = runner(seed);
    let strategy = user::filter();
    (0..n)
        .filter_map(|_| sample(&strategy, &mut runner))
        .map(|(kind, text)| (kind.as_str(), text))
        .collect()
}

fn pick<'a>(rng: &mut TestRng, from: &[&'a str]) -> &'a str {
    from[rng.random_range(0..from.len())]
}

fn hex(rng: &mut TestRng, digits: usize) -> String {
    (0..digits)
        .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
        .collect()
}

/// An xsd:dateTime between 2015 and 2025, in UTC or with an offset, sometimes with a fraction.
fn date_time(rng: &mut TestRng) -> String {
    let frac = if rng.random_bool(0.3) {
        format!(".{:03}", rng.random_range(0..1000))
    } else {
        String::new()
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{frac}{}",
        rng.random_range(2015..=2025),
        rng.random_range(1..=12),
        rng.random_range(1..=28),
        rng.random_range(0..24),
        rng.random_range(0..60),
        rng.random_range(0..60),
        pick(rng, &["Z", "Z", "Z", "+02:00", "-07:00", "+05:30"]),
    )
}

/// `n` User resources with the enterprise extension. User `i`'s `userName` ends in `i` before
/// the `@`, so user names are unique.
pub fn users(seed: u64, n: usize) -> Vec<Value> {
    let mut rng = rng(seed ^ 0x5553_4552);
    (0..n)
        .map(|i| {
            let given = pick(&mut rng, GIVEN_NAMES);
            let family = pick(&mut rng, FAMILY_NAMES);
            let domain = pick(&mut rng, DOMAINS);
            let name = user_name(given, family, i as u32, domain);
            let id = format!(
                "{}-{}-{}",
                hex(&mut rng, 8),
                hex(&mut rng, 4),
                hex(&mut rng, 12)
            );
            let mut u = json!({
                "schemas": [USER_URN, ENTERPRISE_URN],
                "id": id,
                "externalId": format!("ext-{:05}", rng.random_range(0..100_000)),
                "userName": name,
                "name": {"givenName": given, "familyName": family,
                         "formatted": format!("{given} {family}")},
                "displayName": format!("{given} {family}"),
                "active": rng.random_bool(0.85),
                "meta": {
                    "resourceType": "User",
                    "created": date_time(&mut rng),
                    "lastModified": date_time(&mut rng),
                    "location": format!("https://example.com/v2/Users/{id}"),
                    "version": format!("W/\"{}\"", hex(&mut rng, 8)),
                },
            });
            if rng.random_bool(0.9) {
                u["title"] = json!(pick(&mut rng, TITLES));
            }
            if rng.random_bool(0.1) {
                u["nickName"] = json!(given.to_lowercase());
            }
            let n_emails = rng.random_range(0..=3usize);
            if n_emails > 0 {
                let mut emails = Vec::new();
                for (k, t) in EMAIL_TYPES.iter().take(n_emails).enumerate() {
                    let d = if k == 0 {
                        domain
                    } else {
                        pick(&mut rng, DOMAINS)
                    };
                    let local = format!("{}.{}", given.to_lowercase(), family.to_lowercase());
                    let mut e = json!({"type": t, "value": format!("{local}{i}@{d}")});
                    if k == 0 && rng.random_bool(0.7) {
                        e["primary"] = json!(true);
                    }
                    emails.push(e);
                }
                u["emails"] = Value::Array(emails);
            }
            if rng.random_bool(0.6) {
                let t = pick(&mut rng, PHONE_TYPES);
                u["phoneNumbers"] = json!([{"type": t,
                    "value": format!("+1 555 {:04}", rng.random_range(0..10_000))}]);
            }
            if rng.random_bool(0.5) {
                u["addresses"] = json!([{"type": pick(&mut rng, &["work", "home"]),
                    "locality": pick(&mut rng, LOCALITIES),
                    "postalCode": format!("{:05}", rng.random_range(0..100_000)),
                    "country": "US"}]);
            }
            if rng.random_bool(0.7) {
                let g = pick(&mut rng, GROUPS);
                u["groups"] = json!([{"value": hex(&mut rng, 8), "display": g, "type": "direct"}]);
            }
            let mut ent = json!({
                "employeeNumber": rng.random_range(0..100_000).to_string(),
                "department": pick(&mut rng, DEPARTMENTS),
                "organization": "Example Corp",
                "costCenter": rng.random_range(0..1000).to_string(),
            });
            if rng.random_bool(0.8) {
                ent["manager"] = json!({"value": hex(&mut rng, 8), "displayName": "A Manager"});
            }
            u[ENTERPRISE_URN] = ent;
            u
        })
        .collect()
}

/// 20 evaluation filters, each on a rule a SCIM evaluator must get right. Some name users of
/// `users` so that they match exactly one.
pub fn eval_filters(users: &[Value]) -> Vec<(&'static str, String)> {
    let name = |i: usize| {
        users
            .get(i)
            .and_then(|u| u["userName"].as_str())
            .unwrap_or("nobody")
    };
    let chain: Vec<String> = (0..50)
        .map(|k| format!("userName eq {}", json!(name(k * 97 + 3))))
        .collect();
    let ent = ENTERPRISE_URN;
    vec![
        // caseExact=false (RFC 7643 §4.1.1 userName): the upper-cased name still matches.
        ("eq", format!("userName eq {}", json!(name(42).to_uppercase()))),
        ("valuepath", r#"emails[type eq "work" and value co "@example.com"]"#.into()),
        // title is caseExact=false: "senior engineer" matches "Senior Engineer".
        ("eq", r#"title eq "senior engineer""#.into()),
        // dateTime compares as instants (RFC 7644 §3.4.2.2), across offsets.
        ("datetime", r#"meta.lastModified gt "2020-01-01T00:00:00+02:00""#.into()),
        ("bool", "active eq true".into()),
        ("urn", format!(r#"{ent}:department eq "Sales""#)),
        ("urn", format!("{ent}:manager.value pr")),
        ("logic", "not (emails pr)".into()),
        ("logic", r#"title pr and not (title eq "Intern")"#.into()),
        ("valuepath", r#"emails[primary eq true and value ew "@example.org"]"#.into()),
        ("eq", r#"name.familyName sw "Mü""#.into()),
        ("eq", r#"userName ew "@EXAMPLE.NET""#.into()),
        ("valuepath", r#"phoneNumbers[type eq "mobile"]"#.into()),
        (
            "datetime",
            r#"meta.created ge "2022-06-01T00:00:00Z" and meta.created lt "2023-01-01T00:00:00.000-05:00""#
                .into(),
        ),
        // ne on a missing attribute: no value equals, so it matches (RFC 7644 §3.4.2.2).
        ("eq", r#"title ne "Engineer""#.into()),
        ("chain50", chain.join(" or ")),
        // Multi-valued sub-attribute: any value matches.
        ("eq", r#"emails.value co "smith""#.into()),
        ("logic", r#"(title eq "Manager" or title eq "Director") and active eq true"#.into()),
        ("urn", format!("{USER_URN}:name.givenName eq \"zoë\"")),
        (
            "logic",
            r#"addresses[locality eq "seattle" and type eq "work"] or groups[display eq "Admins"]"#
                .into(),
        ),
    ]
}

/// `n` PatchOp requests against `users`, each applicable to the user it names: replace, add
/// and remove, value-path filters, no-path objects, capitalised op names (as Entra ID sends).
pub fn patches(seed: u64, users: &[Value], n: usize) -> Vec<(usize, Value)> {
    let mut rng = rng(seed ^ 0x5041_5443);
    (0..n)
        .map(|_| {
            let i = rng.random_range(0..users.len());
            let u = &users[i];
            let mut ops = Vec::new();
            for _ in 0..rng.random_range(1..=3) {
                ops.push(patch_op(&mut rng, u, i));
            }
            let request = json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": ops,
            });
            (i, request)
        })
        .collect()
}

fn op_name(rng: &mut TestRng, op: &str) -> String {
    if rng.random_bool(0.3) {
        let mut cs = op.chars();
        cs.next()
            .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
            .unwrap_or_default()
    } else {
        op.to_owned()
    }
}

fn patch_op(rng: &mut TestRng, u: &Value, i: usize) -> Value {
    let has_work_email = u["emails"]
        .as_array()
        .is_some_and(|es| es.iter().any(|e| e["type"] == "work"));
    let phone_type = u["phoneNumbers"][0]["type"].as_str();
    loop {
        let op = match rng.random_range(0..10) {
            0 => {
                json!({"op": op_name(rng, "replace"), "path": "title", "value": pick(rng, TITLES)})
            }
            1 if has_work_email => json!({"op": op_name(rng, "replace"),
                "path": "emails[type eq \"work\"].value",
                "value": format!("moved{i}@{}", pick(rng, DOMAINS))}),
            2 => json!({"op": op_name(rng, "add"), "path": "emails",
                "value": [{"type": "other", "value": format!("alias{i}@{}", pick(rng, DOMAINS))}]}),
            3 => match phone_type {
                Some(t) => json!({"op": op_name(rng, "remove"),
                    "path": format!("phoneNumbers[type eq {}]", json!(t))}),
                None => continue,
            },
            4 => json!({"op": op_name(rng, "replace"), "value": {
                "displayName": format!("{} {}", pick(rng, GIVEN_NAMES), pick(rng, FAMILY_NAMES)),
                "active": rng.random_bool(0.5)}}),
            5 => json!({"op": op_name(rng, "add"),
                "path": format!("{ENTERPRISE_URN}:department"), "value": pick(rng, DEPARTMENTS)}),
            6 => json!({"op": op_name(rng, "replace"), "path": "name.familyName",
                "value": pick(rng, FAMILY_NAMES)}),
            7 => json!({"op": op_name(rng, "remove"), "path": "nickName"}),
            8 => json!({"op": op_name(rng, "add"), "path": "phoneNumbers",
                "value": [{"type": "work", "value": format!("+1 555 {:04}", rng.random_range(0..10_000))}]}),
            9 => {
                json!({"op": op_name(rng, "replace"), "path": "active", "value": rng.random_bool(0.5)})
            }
            _ => continue,
        };
        return op;
    }
}

/// Writes the workload into `dir`: `filters.jsonl`, `eval_filters.jsonl` (`{"filter", "kind"}`
/// per line), `users.json` (an array) and `patches.jsonl` (`{"resource", "request"}` per line).
pub fn write(workload: &Workload, dir: &std::path::Path) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let lines = |name: &str, rows: &mut dyn Iterator<Item = Value>| -> std::io::Result<()> {
        let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join(name))?);
        for row in rows {
            writeln!(f, "{row}")?;
        }
        f.flush()
    };
    let filter_row = |(kind, f): &(&str, String)| json!({"filter": f, "kind": kind});
    lines(
        "filters.jsonl",
        &mut workload.filters.iter().map(filter_row),
    )?;
    lines(
        "eval_filters.jsonl",
        &mut workload.eval_filters.iter().map(filter_row),
    )?;
    lines(
        "patches.jsonl",
        &mut workload
            .patches
            .iter()
            .map(|(i, r)| json!({"resource": i, "request": r})),
    )?;
    let users = serde_json::to_vec(&workload.users).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("users.json"), users)
}
