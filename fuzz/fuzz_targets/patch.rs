//! `patch`: PatchOp messages applied to User resources, strictly (RFC 7644) and under an identity
//! provider's profile. Nothing panics; every error has a scimType and a 400 status and leaves the
//! resource exactly as it was (atomicity, §3.5.2); a success reports `changed` exactly when the
//! resource differs, leaves `primary` true on one value at most (RFC 7643 §2.4) and nothing
//! unassigned (null, `[]`, `{}`) behind (§2.5) where the resource had neither; and a request of
//! one `add` or `replace` with a path that succeeded, with no value filter and nothing in its
//! value that unassigns, succeeds again on its own result without changing it (the state such a
//! write leaves is its own precondition).
//!
//! Two kinds of input: generated, or, when the first byte is even, text: a PatchOp message as
//! JSON, a NUL byte and a resource as JSON (the seed corpus holds the testdata PATCH cases this
//! way).
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimkit::{PatchOptions, PatchRequest, Profile, Schemas};
use scimkit_fuzz::{Unstructured, json, patch, split_nul};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let profile = Profile::ALL[usize::from(first >> 1) % Profile::ALL.len()];
    let (message, resource) = if first % 2 == 0 {
        let (m, r) = split_nul(rest);
        let (Ok(m), Ok(r)) = (serde_json::from_slice(m), serde_json::from_slice(r)) else {
            return;
        };
        (m, r)
    } else {
        let mut u = Unstructured::new(rest);
        let (Ok(r), Ok(m)) = (json::user(&mut u), patch::message(&mut u)) else {
            return;
        };
        (m, r)
    };
    check(&message, &resource, &PatchOptions::default());
    if profile != Profile::Rfc {
        check(&message, &resource, &PatchOptions::profile(profile));
    }
});

fn check(message: &Value, resource: &Value, options: &PatchOptions) {
    let request = match PatchRequest::from_json_with(message, options) {
        Ok(r) => r,
        Err(e) => return scimkit_fuzz::check_error(&e, "reading the request"),
    };
    let schemas = Schemas::rfc7643();
    let mut patched = resource.clone();
    match request.apply(&mut patched, &schemas, "User", options) {
        Err(e) => {
            scimkit_fuzz::check_error(&e, "applying");
            assert!(
                patched == *resource,
                "a failed PATCH ({e}) changed the resource:\n before: {resource}\n after:  {patched}\n request: {message}"
            );
        }
        Ok(outcome) => {
            assert_eq!(
                outcome.changed,
                patched != *resource,
                "`changed` is wrong:\n before: {resource}\n after:  {patched}\n request: {message}"
            );
            // RFC 7643 §2.4: `primary` is true on one value at most; a PATCH that sets it on one
            // sets it to false on the others.
            if patch::most_primaries(resource) <= 1 {
                assert!(
                    patch::most_primaries(&patched) <= 1,
                    "two primary values:\n before: {resource}\n after:  {patched}\n request: {message}"
                );
            }
            // RFC 7643 §2.5: null, `[]` and values with nothing assigned are unassigned, and a
            // PATCH leaves nothing unassigned behind in the resource.
            if !patch::holds_unassigned(resource) {
                assert!(
                    !patch::holds_unassigned(&patched),
                    "an unassigned value left behind:\n before: {resource}\n after:  {patched}\n request: {message}"
                );
            }
            // One operation only: in a longer request an earlier operation's outcome can depend
            // on what a later one writes (`remove` of an absent required attribute succeeds, and
            // fails once a later `add` has set it).
            // With a path: without one, the value's members are written one after another and
            // can interact (Entra ID's `"emails.type"` key writes into every email, including
            // one an `"emails"` key beside it adds).
            let one_path = matches!(request.operations(), [op] if op.path.is_some());
            if one_path && !patch::has_value_filter(message) && !patch::unassigns(message) {
                let mut again = patched.clone();
                match request.apply(&mut again, &schemas, "User", options) {
                    Ok(o) => assert!(
                        !o.changed,
                        "applying again changed the resource:\n before: {resource}\n once:   {patched}\n twice:  {again}\n request: {message}"
                    ),
                    Err(e) => panic!(
                        "applying again failed: {e}\n before: {resource}\n once:   {patched}\n request: {message}"
                    ),
                }
            }
        }
    }
}
