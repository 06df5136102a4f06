//! The generators make what the fuzz targets need: filters over the User schema that mostly
//! compile and both match and miss, PATCH requests that mostly read and often apply, resources
//! that often validate. Run on pseudo-random bytes, so that a generator change that starves a
//! target shows up here rather than as a quiet fuzzing run.

use scimkit::schema::{Mode, ValidateOptions};
use scimkit::{Filter, PatchOptions, PatchRequest, Schemas};
use scimkit_fuzz::{Unstructured, json, patch, reference};

/// Pseudo-random buffers (xorshift), deterministic.
fn buffers(n: usize, len: usize) -> Vec<Vec<u8>> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x as u8
                })
                .collect()
        })
        .collect()
}

#[test]
fn user_filters_compile_and_split_resources() {
    let schemas = Schemas::rfc7643();
    let (mut compiled, mut matched, mut missed, mut evaluated) = (0, 0, 0, 0);
    let bufs = buffers(2000, 512);
    for data in &bufs {
        let mut u = Unstructured::new(data);
        let Ok(f) = reference::user_filter(&mut u) else {
            continue;
        };
        let Ok(r) = json::user(&mut u) else { continue };
        let Ok(c) = Filter::from_expr(f.clone()).compile(&schemas, "User") else {
            continue;
        };
        assert!(reference::compile_user(&f).is_ok(), "{f}");
        compiled += 1;
        evaluated += 1;
        if c.matches(&r) {
            matched += 1;
        } else {
            missed += 1;
        }
    }
    eprintln!(
        "user filters: {compiled}/{} compile; {matched} match, {missed} miss of {evaluated}",
        bufs.len()
    );
    assert!(compiled * 3 > bufs.len(), "too few compile: {compiled}");
    assert!(
        matched * 5 > evaluated && missed * 5 > evaluated,
        "{matched} / {missed}"
    );
}

#[test]
fn patch_requests_read_and_apply() {
    let schemas = Schemas::rfc7643();
    let (mut read, mut applied, mut changed) = (0, 0, 0);
    let bufs = buffers(2000, 512);
    for data in &bufs {
        let mut u = Unstructured::new(data);
        let (Ok(mut r), Ok(m)) = (json::user(&mut u), patch::message(&mut u)) else {
            continue;
        };
        let Ok(p) = PatchRequest::from_json(&m) else {
            continue;
        };
        read += 1;
        if let Ok(o) = p.apply(&mut r, &schemas, "User", &PatchOptions::default()) {
            applied += 1;
            changed += usize::from(o.changed);
        }
    }
    eprintln!(
        "patch: {read}/{} read, {applied} apply, {changed} change",
        bufs.len()
    );
    assert!(read * 2 > bufs.len() && applied * 5 > read && changed * 2 > applied);
}

#[test]
fn users_validate_often() {
    let schemas = Schemas::rfc7643();
    let mut valid = 0;
    let bufs = buffers(2000, 512);
    for data in &bufs {
        let mut u = Unstructured::new(data);
        let Ok(r) = json::user(&mut u) else { continue };
        if schemas
            .validate(&r, "User", Mode::Response, &ValidateOptions::default())
            .is_ok()
        {
            valid += 1;
        }
    }
    eprintln!("users: {valid}/{} valid responses", bufs.len());
    assert!(valid * 20 > bufs.len(), "{valid}");
}
