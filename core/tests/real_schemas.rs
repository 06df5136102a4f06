//! Published `/Schemas` documents of real services (testdata/schemas-real/, each with its
//! `.source.md`) load, and resources shaped like the services' own validate.

use std::path::{Path, PathBuf};

use scimkit::Schemas;
use scimkit::schema::{Mode, SchemaExtension, ValidateOptions};
use serde_json::{Value, json};

fn real(name: &str) -> Value {
    let p: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/schemas-real")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&p).expect("read")).expect("JSON")
}

/// SimpleIdServer's `eid` User extension (RFC 7643 §7 form) loads strictly; registered on a
/// User resource type, its example resources validate.
#[test]
fn simpleidserver_extension() {
    let mut schemas = Schemas::rfc7643();
    schemas
        .load(&real("simpleidserver-eid-user-schema.json"))
        .expect("loads");
    let urn = "urn:ietf:params:scim:schemas:extension:eid:2.0:User";
    let ext = schemas.schema(urn).expect("registered");
    assert!(!ext.attributes.is_empty());
    // No resource type of theirs is published; list the extension on User, as their server does.
    let mut user = schemas.resource_type("User").cloned().expect("User");
    user.schema_extensions.push(SchemaExtension {
        schema: urn.into(),
        required: false,
    });
    schemas.add_resource_type(user).expect("resource type");
    for example in real("simpleidserver-eid-user-schema.examples.json")
        .as_array()
        .expect("array")
    {
        let rt = example["resourceType"].as_str().expect("resourceType");
        let out = schemas
            .validate(
                &example["resource"],
                rt,
                Mode::Create,
                &ValidateOptions::default(),
            )
            .unwrap_or_else(|e| panic!("{}: {e}", example["source"]));
        assert!(
            out.resource.get(urn).is_some(),
            "the extension's attributes stay under its URN"
        );
    }
}

/// FusionAuth's default `/Schemas` response carries one malformed definition (its Error schema
/// names a sub-attribute `object.fieldName`, which RFC 7643 §2.1 does not allow): a strict load
/// refuses the document and says why; a lenient one loads everything else.
#[test]
fn fusionauth_document() {
    let doc = real("fusionauth-schemas.json");
    let mut strict = Schemas::rfc7643();
    let err = strict
        .load(&doc)
        .expect_err("the Error schema is malformed");
    assert!(err.detail().contains("object.fieldName"), "{err}");
    assert_eq!(
        strict.revision(),
        Schemas::rfc7643().revision(),
        "all or nothing"
    );

    let mut lenient = Schemas::rfc7643();
    let skipped = lenient.load_lenient(&doc);
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        lenient
            .schema("urn:ietf:params:scim:schemas:extension:fusionauth:2.0:Error")
            .is_none()
    );
    // Their document redefines the core User schema; a User shaped like theirs validates
    // against it.
    let user = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "johnny123", "active": true
    });
    lenient
        .validate(&user, "User", Mode::Create, &ValidateOptions::default())
        .expect("a FusionAuth-shaped user");
}
