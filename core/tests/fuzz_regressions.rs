//! Inputs the fuzz targets in `fuzz/` found, kept as regression tests. Each test names the target
//! that found the input and what was wrong; see `fuzz/README.md` for how to add one.

use scimkit::schema::{Mode, ValidateOptions};
use scimkit::{Filter, PatchOptions, PatchRequest, Schemas};
use serde_json::json;

/// Asserts that `e`'s detail is one line, as `Error::detail` promises.
fn one_line(e: &scimkit::Error) {
    let line = e.to_string();
    assert!(!line.contains(['\n', '\r']), "{line:?}");
    assert!(!line.contains(char::is_control), "{line:?}");
}

/// Found by `parse`: an unterminated string holding a tab and a line break was quoted raw in the
/// "found ..." part of the message, so the one-line detail spanned two lines.
#[test]
fn parse_error_quoting_a_line_break_is_one_line() {
    let e = Filter::parse("\n\"\t\n").unwrap_err();
    one_line(&e);
    assert_eq!(
        e.detail(),
        "expected an attribute path, `(` or `not (`, found `\"\\t\\n`"
    );
    // The caret frame still shows the source as written.
    assert!(format!("{e:#}").contains('\n'));
}

/// Found while checking the `parse` finding: the same holds for details quoting JSON values,
/// such as an unknown PATCH `op` or an unknown attribute name in a resource.
#[test]
fn details_quoting_json_strings_are_one_line() {
    let request = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add\nremove", "path": "title", "value": "x"}]
    });
    let e = PatchRequest::from_json_with(&request, &PatchOptions::default()).unwrap_err();
    one_line(&e);
    assert!(e.detail().contains("`add\\nremove`"), "{e}");

    let user = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "bjensen",
        "shoe\tSize": 42
    });
    let e = Schemas::rfc7643()
        .validate(&user, "User", Mode::Create, &ValidateOptions::default())
        .unwrap_err();
    one_line(&e);
}

fn patch(resource: &mut serde_json::Value, operations: serde_json::Value) -> scimkit::PatchOutcome {
    let request = PatchRequest::from_json(&json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": operations
    }))
    .unwrap();
    request
        .apply(
            resource,
            &Schemas::rfc7643(),
            "User",
            &PatchOptions::default(),
        )
        .unwrap()
}

/// Found by `patch` (the "applying again changes nothing" property, through Entra ID's
/// `create_on_no_match`): `replace` through a value filter with `{}` stored an empty element,
/// `"addresses": [{}]`, where a `replace` of the whole attribute with `[{}]`, an `add` of `{}` and a
/// sub-attribute write that leaves nothing all treat a value with nothing assigned as no value
/// (RFC 7643 §2.5). The selected value is now removed.
#[test]
fn replace_through_a_filter_with_nothing_assigned_removes_the_value() {
    let mut user =
        json!({"userName": "b", "addresses": [{"postalCode": "x"}, {"postalCode": "y"}]});
    let outcome = patch(
        &mut user,
        json!([{"op": "replace", "path": "addresses[postalCode eq \"x\"]", "value": {}}]),
    );
    assert!(outcome.changed);
    assert_eq!(
        user,
        json!({"userName": "b", "addresses": [{"postalCode": "y"}]})
    );

    let mut user = json!({"userName": "b", "addresses": [{"postalCode": "x"}]});
    patch(
        &mut user,
        json!([{"op": "replace", "path": "addresses[postalCode eq \"x\"]", "value": {"locality": null}}]),
    );
    assert_eq!(user, json!({"userName": "b"}));
}

/// Found while fixing the previous finding, in the same function, and since checked by `patch`'s
/// "at most one primary" property (RFC 7643 §2.4): when a stored value with nothing assigned came
/// before the one a filtered write made primary, dropping it shifted the positions `primary` was
/// settled by, and the other primary value kept `"primary": true`.
#[test]
fn primary_is_settled_after_dropping_unassigned_values() {
    let stored = json!({"userName": "b", "emails": [
        {"display": null}, {"value": "b", "primary": true}, {"value": "c"}
    ]});
    let expected = json!({"userName": "b", "emails": [
        {"value": "b", "primary": false}, {"value": "c", "primary": true}
    ]});
    let mut user = stored.clone();
    patch(
        &mut user,
        json!([{"op": "replace", "path": "emails[value eq \"c\"].primary", "value": true}]),
    );
    assert_eq!(user, expected);
    let mut user = stored;
    patch(
        &mut user,
        json!([{"op": "replace", "path": "emails[value eq \"c\"]", "value": {"value": "c", "primary": true}}]),
    );
    assert_eq!(user, expected);
}

/// Found by `patch` (the "applying again changes nothing" property): `replace` of
/// `emails.primary` on `"emails": [null]` removed the null and wrote nothing, while on a user
/// without emails it creates `[{"primary": true}]`; so the second application changed the result
/// of the first. An array of unassigned elements has no values (RFC 7643 §2.5), and a
/// sub-attribute write to an attribute with no values creates one, as the PATCH module documents.
#[test]
fn sub_attribute_write_to_an_array_of_nulls_creates_a_value() {
    for stored in [
        json!({"userName": "b"}),
        json!({"userName": "b", "emails": [null]}),
        json!({"userName": "b", "emails": [null, {}]}),
    ] {
        let mut user = stored.clone();
        patch(
            &mut user,
            json!([{"op": "replace", "path": "emails.primary", "value": true}]),
        );
        assert_eq!(
            user,
            json!({"userName": "b", "emails": [{"primary": true}]}),
            "{stored}"
        );
    }
}

/// Found with the previous finding, in the same function: a null element before the values a
/// sub-attribute write touched shifted the positions `primary` was settled by, so making every
/// email primary succeeded with one of them quietly set back to false, where without the null it
/// is refused (RFC 7643 §2.4: primary is true on one value at most).
#[test]
fn making_every_value_primary_is_refused_whatever_nulls_precede() {
    for emails in [
        json!([{"value": "a", "primary": true}, {"value": "b"}]),
        json!([null, {"value": "a", "primary": true}, {"value": "b"}]),
    ] {
        let mut user = json!({"userName": "b", "emails": emails});
        let before = user.clone();
        let request = PatchRequest::from_json(&json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "emails.primary", "value": true}]
        }))
        .unwrap();
        let e = request
            .apply(
                &mut user,
                &Schemas::rfc7643(),
                "User",
                &PatchOptions::default(),
            )
            .unwrap_err();
        assert_eq!(e.scim_type(), Some("invalidValue"), "{e}");
        assert_eq!(user, before);
    }
}

/// Found by `patch` (the "nothing unassigned left behind" property, RFC 7643 §2.5): an `add`
/// through a value filter whose value unassigns every sub-attribute (`{"value": null, ...}`)
/// left `{}` in the array; the other writes through filters drop a value left with nothing.
#[test]
fn add_through_a_filter_that_unassigns_everything_removes_the_value() {
    let mut user = json!({"userName": "b", "emails": [
        {"value": "a", "type": "work"}, {"value": "h", "type": "home"}
    ]});
    patch(
        &mut user,
        json!([{"op": "add", "path": "emails[type eq \"work\"]",
                "value": {"value": null, "type": null, "display": null}}]),
    );
    assert_eq!(
        user,
        json!({"userName": "b", "emails": [{"value": "h", "type": "home"}]})
    );
}
