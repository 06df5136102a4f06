//! Shared by scimkit's fuzz targets: generators driven by [`arbitrary::Unstructured`] and a
//! reference evaluator of SCIM filters.
//!
//! * [`ast`] — normalised filter trees and PATCH paths (the shapes the parsers produce), for the
//!   `roundtrip` and `differential` targets;
//! * [`json`] — User-ish resources and arbitrary JSON, for `differential`, `patch` and `validate`;
//! * [`reference`] — a straightforward filter evaluator written from RFC 7644 §3.4.2.2, RFC 7643
//!   and the semantics `scimkit::filter::compile` documents, for `differential`;
//! * [`patch`] — PatchOp messages, for `patch`;
//! * the helpers below, for the text-driven targets.

pub mod ast;
pub mod json;
pub mod patch;
pub mod reference;

pub use arbitrary::{Result, Unstructured};

/// Picks an index by weight; index 0 when the input is used up (generators put their smallest
/// choice first, so that generation ends when the fuzzer's bytes do).
pub fn weighted(u: &mut Unstructured<'_>, weights: &[u32]) -> Result<usize> {
    let total: u32 = weights.iter().sum();
    let mut r = u.int_in_range(0..=total - 1)?;
    for (i, &w) in weights.iter().enumerate() {
        if r < w {
            return Ok(i);
        }
        r -= w;
    }
    Ok(weights.len() - 1)
}

/// True with about `percent`% probability; false when the input is used up.
pub fn chance(u: &mut Unstructured<'_>, percent: u8) -> Result<bool> {
    if u.is_empty() {
        return Ok(false);
    }
    Ok(u.int_in_range(0..=99u8)? < percent)
}

/// One element of `items`.
pub fn pick<'a, T: ?Sized>(u: &mut Unstructured<'_>, items: &[&'a T]) -> Result<&'a T> {
    Ok(items[u.choose_index(items.len())?])
}

/// `s` with the case of each ASCII letter flipped at random (names are case-insensitive).
pub fn scramble_case(u: &mut Unstructured<'_>, s: &str) -> Result<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphabetic() && chance(u, 30)? {
            if c.is_ascii_lowercase() {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c.to_ascii_lowercase());
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// `s` in its usual spelling most of the time, otherwise with its case scrambled.
pub fn maybe_scramble(u: &mut Unstructured<'_>, s: &str) -> Result<String> {
    if chance(u, 15)? {
        scramble_case(u, s)
    } else {
        Ok(s.to_owned())
    }
}

/// The deepest nesting of `(` and `[` in `text` outside string literals: an upper bound of the
/// nesting the parsers reach before they finish or fail (a quote where no string may start is
/// an error at that point, so treating it as the start of a string cannot hide deeper nesting
/// that either parser would reach).
pub fn nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut in_string = false;
    let mut escaped = false;
    for b in text.bytes() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'(' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Splits `data` at its first NUL byte (text-driven modes carry two documents).
pub fn split_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// Checks what every error must have: a scimType (all errors of a known resource type have one)
/// and a 4xx status.
pub fn check_error(e: &scimkit::Error, what: &str) {
    assert!(
        e.scim_type().is_some(),
        "{what}: an error without a scimType: {e:?}"
    );
    assert!(
        (400..500).contains(&e.status()),
        "{what}: status {} for {e:?}",
        e.status()
    );
    let line = e.to_string();
    assert!(
        !line.is_empty() && !line.contains(char::is_control),
        "{what}: the detail is not one line: {line:?}"
    );
    let _ = (format!("{e:#}"), e.to_scim_json());
}
