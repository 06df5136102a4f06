//! `validate`: JSON through the schema engine for the RFC 7643 User (and Group) resource types:
//! validation in every mode and with every option, `attributes` / `excludedAttributes`
//! projection, and `sortBy` sorting. Nothing panics; errors have a scimType and a 400 status;
//! a validated resource validates again, in the same mode, to itself with nothing dropped; a
//! projection applied to its own result changes nothing; sorting yields a permutation in
//! non-decreasing order of a comparator that is antisymmetric.
//!
//! Two kinds of input: generated (User-ish resources, or arbitrary JSON), or, when the first byte
//! is even, a resource as JSON text (the seed corpus holds the testdata resources this way).
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimkit::Schemas;
use scimkit::schema::{Mode, SortOrder, UnknownAttributes, ValidateOptions};
use scimkit_fuzz::{Unstructured, chance, json, maybe_scramble, pick};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let mut u = Unstructured::new(&[]);
    let resource = if first % 2 == 0 {
        let Ok(r) = serde_json::from_slice::<Value>(rest) else {
            return;
        };
        r
    } else {
        u = Unstructured::new(rest);
        let r = if first % 4 == 1 {
            json::user(&mut u)
        } else {
            json::any_json(&mut u, 4)
        };
        let Ok(r) = r else { return };
        r
    };
    let resource_type = if first & 0x80 != 0 { "Group" } else { "User" };
    validate(&resource, resource_type, &mut u);
    project(&resource, resource_type, &mut u);
    let _ = sort(resource, resource_type, &mut u);
});

fn validate(resource: &Value, resource_type: &str, u: &mut Unstructured<'_>) {
    let schemas = Schemas::rfc7643();
    let existing = json::user(u).unwrap_or(Value::Null);
    for mode in Mode::ALL {
        for (unknown, canonical) in [
            (UnknownAttributes::Reject, true),
            (UnknownAttributes::Drop, true),
            (UnknownAttributes::Drop, false),
        ] {
            let mut options = ValidateOptions::new()
                .unknown_attributes(unknown)
                .canonical_values(canonical);
            if mode == Mode::Replace && existing.is_object() {
                options = options.existing(existing.clone());
            }
            match schemas.validate(resource, resource_type, mode, &options) {
                Err(e) => scimkit_fuzz::check_error(&e, mode.name()),
                Ok(v) => match schemas.validate(&v.resource, resource_type, mode, &options) {
                    Ok(again) => {
                        assert!(
                            again.resource == v.resource && again.dropped.is_empty(),
                            "{} ({unknown:?}, canonical {canonical}) is not idempotent:\n input: {resource}\n once:  {}\n twice: {} dropping {:?}",
                            mode.name(),
                            v.resource,
                            again.resource,
                            again.dropped
                        );
                    }
                    Err(e) => panic!(
                        "{} ({unknown:?}, canonical {canonical}): the validated resource does not validate again: {e}\n input: {resource}\n once:  {}",
                        mode.name(),
                        v.resource
                    ),
                },
            }
        }
    }
}

/// Names for `attributes` / `excludedAttributes` and `sortBy`.
const NAMES: &[&str] = &[
    "userName",
    "name",
    "name.givenName",
    "name.familyName",
    "emails",
    "emails.value",
    "emails.type",
    "emails.primary",
    "emails.display",
    "active",
    "title",
    "password",
    "id",
    "externalId",
    "schemas",
    "meta",
    "meta.lastModified",
    "meta.created",
    "groups",
    "groups.display",
    "members",
    "members.value",
    "displayName",
    "x509Certificates.value",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName",
    "urn:ietf:params:scim:schemas:core:2.0:User:userName",
    "employeeNumber",
    "manager.value",
    " userName ",
    "",
    "nope",
    "emails[type eq \"work\"]",
    "name.nope",
];

fn names(u: &mut Unstructured<'_>) -> Vec<String> {
    let n = u.int_in_range(0..=3u8).unwrap_or(0);
    (0..n)
        .map(|_| {
            let name = pick(u, NAMES).unwrap_or("userName");
            maybe_scramble(u, name).unwrap_or_default()
        })
        .collect()
}

fn project(resource: &Value, resource_type: &str, u: &mut Unstructured<'_>) {
    let schemas = Schemas::rfc7643();
    let listed = names(u);
    let listed: Vec<&str> = listed.iter().map(String::as_str).collect();
    let excluded = chance(u, 50).unwrap_or(false);
    let (attributes, excluded_attributes) = if excluded {
        (&[][..], &listed[..])
    } else {
        (&listed[..], &[][..])
    };
    match schemas.projection(resource_type, attributes, excluded_attributes) {
        Err(e) => scimkit_fuzz::check_error(&e, "projection"),
        Ok(p) => {
            let once = p.apply(resource);
            let twice = p.apply(&once);
            assert!(
                once == twice,
                "projection {attributes:?} / {excluded_attributes:?} is not idempotent:\n input: {resource}\n once:  {once}\n twice: {twice}"
            );
        }
    }
}

fn sort(resource: Value, resource_type: &str, u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let schemas = Schemas::rfc7643();
    let name = pick(u, NAMES)?;
    let sort_by = maybe_scramble(u, name)?;
    let order = if chance(u, 50)? {
        SortOrder::Descending
    } else {
        SortOrder::Ascending
    };
    let sorter = match schemas.sorter(resource_type, &sort_by, order) {
        Ok(s) => s,
        Err(e) => {
            scimkit_fuzz::check_error(&e, "sortBy");
            return Ok(());
        }
    };
    let mut resources = vec![resource];
    for _ in 0..u.int_in_range(0..=5u8)? {
        resources.push(if chance(u, 85)? {
            json::user(u)?
        } else {
            json::any_json(u, 2)?
        });
    }
    for a in &resources {
        assert_eq!(
            sorter.compare(a, a),
            std::cmp::Ordering::Equal,
            "{sort_by}: {a}"
        );
        for b in &resources {
            assert_eq!(
                sorter.compare(a, b),
                sorter.compare(b, a).reverse(),
                "{sort_by} ({order:?}) is not antisymmetric:\n {a}\n {b}"
            );
        }
    }
    let indices = sorter.sorted_indices(&resources.iter().collect::<Vec<_>>());
    let mut sorted = resources.clone();
    sorter.sort(&mut sorted);
    let by_index: Vec<Value> = indices.iter().map(|&i| resources[i].clone()).collect();
    assert_eq!(sorted, by_index, "sort and sorted_indices disagree");
    let mut seen = indices.clone();
    seen.sort_unstable();
    assert!(
        seen.iter().copied().eq(0..resources.len()),
        "not a permutation: {indices:?}"
    );
    for i in 0..sorted.len() {
        for j in i + 1..sorted.len() {
            assert_ne!(
                sorter.compare(&sorted[i], &sorted[j]),
                std::cmp::Ordering::Greater,
                "{sort_by} ({order:?}): out of order at {i}, {j}:\n {}\n {}",
                sorted[i],
                sorted[j]
            );
            if sorter.compare(&sorted[i], &sorted[j]) == std::cmp::Ordering::Equal {
                assert!(indices[i] < indices[j], "{sort_by}: not stable");
            }
        }
    }
    Ok(())
}
