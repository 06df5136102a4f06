//! PATCH (RFC 7644 §3.5.2): the RFC's own examples, atomicity, and properties over generated
//! requests. The shared vectors in testdata/patch/ cover the rest in every host.

use proptest::prelude::*;
use scimkit::{PatchOptions, PatchRequest, Profile, Schemas};
use serde_json::{Value, json};

const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn request(ops: Value) -> Value {
    json!({"schemas": [PATCH_OP], "Operations": ops})
}

fn apply(resource: &mut Value, rt: &str, ops: Value) -> scimkit::Result<bool> {
    let req = PatchRequest::from_json(&request(ops))?;
    Ok(req
        .apply(resource, &Schemas::rfc7643(), rt, &PatchOptions::default())?
        .changed)
}

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "userName": "bjensen",
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "addresses": [{"type": "work", "streetAddress": "100 Universal City Plaza", "primary": true}],
        "active": true,
        "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z"}
    })
}

fn group() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "acbf3ae7-8463-4692-b4fd-9b4da3f908ce",
        "displayName": "Tour Guides",
        "members": [
            {"value": "2819c223-7f76-453a-919d-413861904646", "display": "Babs Jensen"},
            {"value": "902c246b-6245-4190-8e05-00816be7344a", "display": "Mandy Pepperidge"}
        ]
    })
}

#[test]
fn rfc7644_3_5_2_1_add_member_twice_changes_nothing_the_second_time() {
    let mut g = group();
    let add = json!([{"op": "add", "path": "members", "value": [{
        "display": "James Smith", "value": "08e1d05d-121c-4561-8b96-473d93df9210"
    }]}]);
    assert!(apply(&mut g, "Group", add.clone()).unwrap());
    assert_eq!(g["members"].as_array().unwrap().len(), 3);
    let snapshot = g.clone();
    assert!(
        !apply(&mut g, "Group", add).unwrap(),
        "already a member: no change"
    );
    assert_eq!(g, snapshot);
}

#[test]
fn rfc7644_3_5_2_1_add_without_path() {
    let mut u = user();
    let changed = apply(
        &mut u,
        "User",
        json!([{"op": "add", "value": {
            "emails": [{"value": "babs@jensen.org", "type": "home"}],
            "nickname": "Babs"
        }}]),
    )
    .unwrap();
    assert!(changed);
    // The home email was already there; the nickname is new, in the schema's spelling.
    assert_eq!(u["emails"].as_array().unwrap().len(), 2);
    assert_eq!(u["nickName"], "Babs");
}

#[test]
fn rfc7644_3_5_2_2_remove_examples() {
    let mut g = group();
    apply(
        &mut g,
        "Group",
        json!([{"op": "remove", "path": "members[value eq \"2819c223-7f76-453a-919d-413861904646\"]"}]),
    )
    .unwrap();
    assert_eq!(g["members"].as_array().unwrap().len(), 1);
    // Not a member: success, no change.
    assert!(
        !apply(
            &mut g,
            "Group",
            json!([{"op": "remove", "path": "members[value eq \"nobody\"]"}])
        )
        .unwrap()
    );
    // The RFC's example without a space after `eq`, accepted by the default options.
    apply(
        &mut g,
        "Group",
        json!([{"op": "remove", "path": "members[value eq\"902c246b-6245-4190-8e05-00816be7344a\"]"}]),
    )
    .unwrap();
    assert!(g.get("members").is_none(), "no values left: unassigned");
    let mut u = user();
    apply(
        &mut u,
        "User",
        json!([{"op": "remove", "path": "emails[type eq \"work\" and value ew \"example.com\"]"}]),
    )
    .unwrap();
    assert_eq!(
        u["emails"],
        json!([{"value": "babs@jensen.org", "type": "home"}])
    );
    // Without a path: noTarget.
    let err = PatchRequest::from_json(&request(json!([{"op": "remove"}]))).unwrap_err();
    assert_eq!(err.scim_type(), Some("noTarget"));
    assert_eq!(err.operation(), Some(0));
}

#[test]
fn rfc7644_3_5_2_3_replace_examples() {
    let mut u = user();
    apply(
        &mut u,
        "User",
        json!([{"op": "replace", "path": "addresses[type eq \"work\"].streetAddress",
                "value": "1010 Broadway Ave"}]),
    )
    .unwrap();
    assert_eq!(u["addresses"][0]["streetAddress"], "1010 Broadway Ave");
    assert_eq!(
        u["addresses"][0]["primary"], true,
        "other sub-attributes kept"
    );
    // A value filter that selects nothing: noTarget.
    let err = apply(
        &mut u,
        "User",
        json!([{"op": "replace", "path": "emails[type eq \"other\"].value", "value": "x@y"}]),
    )
    .unwrap_err();
    assert_eq!(err.scim_type(), Some("noTarget"));
    // Setting primary on one value resets the others (§3.5.2).
    apply(
        &mut u,
        "User",
        json!([{"op": "replace", "path": "emails[type eq \"home\"].primary", "value": true}]),
    )
    .unwrap();
    assert_eq!(u["emails"][0]["primary"], false);
    assert_eq!(u["emails"][1]["primary"], true);
    // Replacing all members (§3.5.2.3's first example).
    let mut g = group();
    apply(
        &mut g,
        "Group",
        json!([{"op": "replace", "path": "members", "value": [{"value": "08e1d05d"}]}]),
    )
    .unwrap();
    assert_eq!(g["members"], json!([{"value": "08e1d05d"}]));
}

#[test]
fn extension_attributes_keep_schemas_in_step() {
    // §3.5.2: adding a URN-qualified attribute adds the extension's URN to `schemas`.
    let mut u = user();
    let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    apply(
        &mut u,
        "User",
        json!([{"op": "add", "path": format!("{urn}:employeeNumber"), "value": "701984"}]),
    )
    .unwrap();
    assert_eq!(u[urn]["employeeNumber"], "701984");
    assert!(u["schemas"].as_array().unwrap().contains(&json!(urn)));
    // Removing the whole extension by its URN removes the URN again.
    apply(&mut u, "User", json!([{"op": "remove", "path": urn}])).unwrap();
    assert!(u.get(urn).is_none());
    assert_eq!(
        u["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:User"])
    );
}

#[test]
fn a_failing_request_leaves_the_resource_untouched() {
    let mut u = user();
    let before = u.clone();
    let err = apply(
        &mut u,
        "User",
        json!([
            {"op": "replace", "path": "displayName", "value": "Babs"},
            {"op": "add", "path": "emails", "value": {"value": "x@example.com"}},
            {"op": "replace", "path": "id", "value": "changed"}
        ]),
    )
    .unwrap_err();
    assert_eq!(err.scim_type(), Some("mutability"));
    assert_eq!(err.operation(), Some(2));
    assert!(err.detail().starts_with("Operations[2]: "), "{err}");
    assert_eq!(u, before);
}

#[test]
fn profiles_accept_their_quirks_and_strict_refuses_them() {
    // Microsoft Entra ID: booleans as strings, and paths as keys of a no-path replace.
    let msg =
        request(json!([{"op": "Replace", "value": {"active": "False", "name.givenName": "Babs"}}]));
    let strict = PatchRequest::from_json(&msg).unwrap();
    let mut u = user();
    let err = strict
        .apply(
            &mut u,
            &Schemas::rfc7643(),
            "User",
            &PatchOptions::default(),
        )
        .unwrap_err();
    assert_eq!(err.scim_type(), Some("invalidValue"));
    let entra = PatchOptions::profile(Profile::EntraId);
    let req = PatchRequest::from_json_with(&msg, &entra).unwrap();
    req.apply(&mut u, &Schemas::rfc7643(), "User", &entra)
        .unwrap();
    assert_eq!(u["active"], false);
    assert_eq!(u["name"]["givenName"], "Babs");
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

fn path() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(vec![
        "userName",
        "displayName",
        "nickName",
        "title",
        "active",
        "name",
        "name.givenName",
        "name.familyName",
        "emails",
        "emails.value",
        "emails.type",
        "emails[type eq \"work\"]",
        "emails[type eq \"work\"].value",
        "emails[value co \"example\"].primary",
        "addresses[type eq \"work\"].streetAddress",
        "phoneNumbers",
        "x509Certificates",
        "id",
        "meta",
        "meta.created",
        "groups",
        "schemas",
        "password",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        "unknownAttr",
        "name.unknown",
    ]))
    .prop_map(|p| p.map(str::to_owned))
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(null)),
        Just(json!(true)),
        Just(json!("False")),
        Just(json!(42)),
        Just(json!("bjensen@example.com")),
        Just(json!("Babs")),
        Just(json!("2011-05-13T04:42:34Z")),
        Just(json!([])),
        Just(json!({"value": "x@example.com", "type": "work", "primary": true})),
        Just(json!([{"value": "y@example.com", "type": "home"}, {"value": "z@example.com"}])),
        Just(json!({"givenName": "Babs", "familyName": null})),
        Just(json!({"nickName": "Babs", "emails": [{"value": "b@x.org"}]})),
        Just(json!({"employeeNumber": "1", "manager": {"value": "m1"}})),
        Just(json!({"streetAddress": "1 Main St"})),
    ]
}

fn operation() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["add", "remove", "replace", "Add", "Replace"]),
        path(),
        value(),
    )
        .prop_map(|(op, path, value)| {
            let mut o = serde_json::Map::new();
            o.insert("op".into(), json!(op));
            if let Some(p) = path {
                o.insert("path".into(), json!(p));
            }
            if !op.eq_ignore_ascii_case("remove") {
                o.insert("value".into(), value);
            }
            Value::Object(o)
        })
}

fn profile() -> impl Strategy<Value = Profile> {
    prop::sample::select(Profile::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// RFC 7644 §3.5.2: "If a single operation encounters an error condition, the original SCIM
    /// resource MUST be restored" — a failing request never changes the resource, and a
    /// succeeding one reports a change exactly when the resource differs.
    #[test]
    fn failing_requests_change_nothing(ops in prop::collection::vec(operation(), 1..5), p in profile()) {
        let options = PatchOptions::profile(p);
        let Ok(req) = PatchRequest::from_json_with(&request(Value::Array(ops)), &options) else {
            return Ok(());
        };
        let mut u = user();
        let before = u.clone();
        match req.apply(&mut u, &Schemas::rfc7643(), "User", &options) {
            Err(e) => {
                prop_assert_eq!(&u, &before, "{}", e);
                prop_assert!(e.operation().is_some());
            }
            Ok(outcome) => prop_assert_eq!(outcome.changed, u != before),
        }
    }

    /// The same on resources whose members are spelt in other cases (attribute names are
    /// case-insensitive, RFC 7643 §2.1) and carry the enterprise extension, with paths spelt in
    /// other cases too, and requests of up to eight operations: a write to any member, however
    /// spelt, is undone when a later operation fails, and `changed` is exact.
    #[test]
    fn failing_requests_change_nothing_on_any_spelling(
        ops in prop::collection::vec((operation(), any::<bool>()), 1..8),
        upper in prop::collection::vec(any::<bool>(), 12),
        p in profile(),
    ) {
        let options = PatchOptions::profile(p);
        let ops: Vec<Value> = ops
            .into_iter()
            .map(|(mut op, shout)| {
                if shout {
                    if let Some(Value::String(path)) = op.get_mut("path") {
                        *path = path.to_uppercase().replace("\"WORK\"", "\"work\"");
                    }
                }
                op
            })
            .collect();
        let Ok(req) = PatchRequest::from_json_with(&request(Value::Array(ops)), &options) else {
            return Ok(());
        };
        let mut u = user();
        u["schemas"] = json!([
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ]);
        u["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] =
            json!({"employeeNumber": "701984", "manager": {"value": "m0"}});
        u["title"] = json!("Tour Guide");
        let Value::Object(members) = u else { unreachable!() };
        let u: serde_json::Map<String, Value> = members
            .into_iter()
            .zip(upper.iter().cycle())
            .map(|((k, v), up)| (if *up { k.to_uppercase() } else { k }, v))
            .collect();
        let mut u = Value::Object(u);
        let before = u.clone();
        match req.apply(&mut u, &Schemas::rfc7643(), "User", &options) {
            Err(e) => prop_assert_eq!(&u, &before, "{}", e),
            Ok(outcome) => prop_assert_eq!(outcome.changed, u != before),
        }
    }

    /// §3.5.2.1: "If the target location already contains the value specified, no changes
    /// SHOULD be made" — the same `add` applied twice changes nothing the second time.
    #[test]
    fn add_is_idempotent(path in path(), value in value(), p in profile()) {
        let mut op = serde_json::Map::new();
        op.insert("op".into(), json!("add"));
        if let Some(path) = path { op.insert("path".into(), json!(path)); }
        op.insert("value".into(), value);
        let options = PatchOptions::profile(p);
        let Ok(req) = PatchRequest::from_json_with(&request(json!([op])), &options) else {
            return Ok(());
        };
        let mut u = user();
        if req.apply(&mut u, &Schemas::rfc7643(), "User", &options).is_ok() {
            let once = u.clone();
            let again = req.apply(&mut u, &Schemas::rfc7643(), "User", &options).unwrap();
            prop_assert!(!again.changed, "second add changed {:?} into {:?}", once, u);
            prop_assert_eq!(u, once);
        }
    }

    /// `replace` of an attribute with its own value reports no change.
    #[test]
    fn replace_with_own_value_is_no_change(path in prop::sample::select(vec![
        "userName", "name", "name.givenName", "emails", "addresses", "active", "id", "meta",
        "schemas", "emails[type eq \"work\"]", "emails[type eq \"work\"].value",
    ])) {
        let u = user();
        let current = lookup(&u, path);
        let mut patched = u.clone();
        let changed = apply(&mut patched, "User", json!([{"op": "replace", "path": path, "value": current}]))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        prop_assert!(!changed, "{}", path);
        prop_assert_eq!(patched, u);
    }
}

/// The current value at one of the simple paths used above.
fn lookup(u: &Value, path: &str) -> Value {
    match path {
        "emails[type eq \"work\"]" => u["emails"][0].clone(),
        "emails[type eq \"work\"].value" => u["emails"][0]["value"].clone(),
        p => p.split('.').fold(u.clone(), |v, k| v[k].clone()),
    }
}
