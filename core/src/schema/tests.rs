//! Tests of the schema model and registry; each cites the RFC text it checks.

use std::sync::Arc;

use serde_json::{Value, json};

use super::*;
use crate::ErrorKind;

fn rfc() -> Schemas {
    Schemas::rfc7643()
}

fn user() -> Schema {
    rfc().schema(USER_URN).cloned().unwrap()
}

fn attr<'a>(schema: &'a Schema, path: &str) -> &'a Attribute {
    let mut parts = path.split('.');
    let mut a = schema.attribute(parts.next().unwrap()).unwrap();
    for part in parts {
        a = a.sub_attribute(part).unwrap();
    }
    a
}

/// A schema around one attribute definition.
fn schema_with(attribute: Value) -> Value {
    json!({"id": "urn:example:params:scim:schemas:Test", "attributes": [attribute]})
}

/// The error `Schema::from_json` gives, which must be InvalidSchema.
fn schema_error(doc: Value) -> String {
    let err = Schema::from_json(&doc).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSchema, "{err}");
    err.detail().to_owned()
}

// --- the built-ins -------------------------------------------------------------------------------

/// RFC 7643 §8.7.1 (three schemas), §8.7.2 (the three service provider schemas), §8.6 (two
/// resource types), §3.1 (common attributes).
#[test]
fn builtins_load() {
    // The same steps as `Schemas::rfc7643`, without its `expect`.
    let built = builtin::parse_rfc7643().unwrap();
    let ids: Vec<_> = built.schemas().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            USER_URN,
            GROUP_URN,
            ENTERPRISE_USER_URN,
            "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
            "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
            "urn:ietf:params:scim:schemas:core:2.0:Schema",
        ]
    );
    let names: Vec<_> = built.resource_types().map(|rt| rt.name.as_str()).collect();
    assert_eq!(names, ["User", "Group"]);
    let common: Vec<_> = built
        .common_attributes()
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(common, ["id", "externalId", "meta", "schemas"]);

    let schemas = rfc();
    assert_eq!(schemas.schemas().count(), 6);
    assert_eq!(
        user().attributes.len(),
        21,
        "RFC 7643 §8.7.1 User lists 21 attributes"
    );
    assert_eq!(
        schemas.schema(USER_URN).unwrap().name.as_deref(),
        Some("User")
    );
    assert_eq!(
        schemas.schema(ENTERPRISE_USER_URN).unwrap().name.as_deref(),
        Some("EnterpriseUser")
    );
}

/// `rfc7643()` parses once and then shares (clone = Arc clone); the registry is Send + Sync.
#[test]
fn registry_is_shared_and_thread_safe() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Schemas>();
    assert!(Arc::ptr_eq(&rfc().inner, &rfc().inner));
    assert!(Arc::ptr_eq(
        &Schemas::new().inner,
        &Schemas::default().inner
    ));

    // Copy on write: changing a clone leaves the shared registry alone.
    let mut mine = rfc();
    mine.add_schema(Schema {
        id: "urn:example:Extra".into(),
        name: None,
        description: None,
        attributes: vec![],
    })
    .unwrap();
    assert_eq!(mine.schemas().count(), 7);
    assert_eq!(rfc().schemas().count(), 6);
}

/// RFC 7643 §4.1.1 and §8.7.1: userName is REQUIRED, unique across the service provider, and
/// case-insensitive.
#[test]
fn user_name_characteristics() {
    let user = user();
    let a = attr(&user, "userName");
    assert_eq!(a.attr_type, AttrType::String);
    assert!(a.required);
    assert!(!a.case_exact);
    assert_eq!(a.uniqueness, Uniqueness::Server);
    assert_eq!(a.mutability, Mutability::ReadWrite);
    assert_eq!(a.returned, Returned::Default);
}

/// RFC 7643 §4.1.2 and §8.7.1: emails is a multi-valued complex attribute with the §2.4
/// sub-attributes value, display, type and primary.
#[test]
fn emails_is_multi_valued_complex() {
    let user = user();
    let emails = attr(&user, "emails");
    assert!(emails.multi_valued);
    assert_eq!(emails.attr_type, AttrType::Complex);
    let names: Vec<_> = emails
        .sub_attributes
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["value", "display", "type", "primary"]);
    assert_eq!(attr(&user, "emails.value").attr_type, AttrType::String);
    assert_eq!(attr(&user, "emails.primary").attr_type, AttrType::Boolean);
    assert_eq!(
        attr(&user, "emails.type").canonical_values,
        ["work", "home", "other"]
    );
    assert!(emails.sub_attributes.iter().all(|a| !a.multi_valued));
}

/// RFC 7643 §8.7.1 keeps the odd types: password is writeOnly / never returned, photos.value is
/// an external reference, x509Certificates.value is binary, active is boolean.
#[test]
fn other_user_characteristics() {
    let user = user();
    let password = attr(&user, "password");
    assert_eq!(password.mutability, Mutability::WriteOnly);
    assert_eq!(password.returned, Returned::Never);
    let photo = attr(&user, "photos.value");
    assert_eq!(photo.attr_type, AttrType::Reference);
    assert_eq!(photo.reference_types, ["external"]);
    assert_eq!(
        attr(&user, "x509Certificates.value").attr_type,
        AttrType::Binary
    );
    assert_eq!(attr(&user, "active").attr_type, AttrType::Boolean);
    // §2.2 defaults where the listing is silent: `active` has no "uniqueness".
    assert_eq!(attr(&user, "active").uniqueness, Uniqueness::None);
}

/// Erratum 5368 (verified): Group displayName is REQUIRED (RFC 7643 §4.2).
#[test]
fn group_display_name_required() {
    let group = rfc().schema(GROUP_URN).cloned().unwrap();
    assert!(attr(&group, "displayName").required);
}

/// RFC 7643 §4.2: "sub-attributes of members are immutable"; members.display per §2.4 and the
/// §8.4 example (reported erratum 6011, followed because the RFC's own text supports it).
#[test]
fn group_members() {
    let group = rfc().schema(GROUP_URN).cloned().unwrap();
    let members = attr(&group, "members");
    assert!(members.multi_valued);
    assert_eq!(members.mutability, Mutability::ReadWrite);
    let names: Vec<_> = members
        .sub_attributes
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["value", "$ref", "display", "type"]);
    assert!(
        members
            .sub_attributes
            .iter()
            .all(|a| a.mutability == Mutability::Immutable)
    );
    assert_eq!(
        attr(&group, "members.$ref").reference_types,
        ["User", "Group"]
    );
}

/// Erratum 8471 (verified): User groups.$ref refers to Group resources only (RFC 7643 §4.1.2: "the
/// URI of the corresponding Group resources"); §4.1.2: groups "has a mutability of readOnly",
/// and so has each of its sub-attributes.
#[test]
fn user_groups_are_read_only_group_references() {
    let user = user();
    let groups = attr(&user, "groups");
    assert_eq!(groups.mutability, Mutability::ReadOnly);
    assert!(
        groups
            .sub_attributes
            .iter()
            .all(|a| a.mutability == Mutability::ReadOnly)
    );
    let r = attr(&user, "groups.$ref");
    assert_eq!(r.attr_type, AttrType::Reference);
    assert_eq!(r.reference_types, ["Group"]);
    assert_eq!(
        attr(&user, "groups.type").canonical_values,
        ["direct", "indirect"]
    );
}

/// Erratum 8472 (verified): enterprise manager.value holds an `id`, which is caseExact (RFC 7643
/// §3.1, §4.3); manager.displayName is readOnly (§4.3).
#[test]
fn enterprise_manager() {
    let ent = rfc().schema(ENTERPRISE_USER_URN).cloned().unwrap();
    assert!(attr(&ent, "manager.value").case_exact);
    assert_eq!(
        attr(&ent, "manager.displayName").mutability,
        Mutability::ReadOnly
    );
    assert_eq!(attr(&ent, "manager.$ref").reference_types, ["User"]);
    assert_eq!(attr(&ent, "manager").attr_type, AttrType::Complex);
}

/// RFC 7643 §3.1 (and §3 for `schemas`): the common attributes.
#[test]
fn common_attributes() {
    let schemas = Schemas::new();
    assert_eq!(schemas.schemas().count(), 0);
    assert_eq!(schemas.resource_types().count(), 0);
    let common = |name| schemas.common_attribute(name).unwrap();

    let id = common("ID");
    assert!(id.case_exact);
    assert_eq!(id.mutability, Mutability::ReadOnly);
    assert_eq!(id.returned, Returned::Always);
    assert_eq!(id.uniqueness, Uniqueness::Server);
    assert!(
        !id.required,
        "clients MUST NOT send it, so it cannot be required of them"
    );

    let external_id = common("externalId");
    assert!(external_id.case_exact);
    assert_eq!(external_id.mutability, Mutability::ReadWrite);
    assert_eq!(external_id.uniqueness, Uniqueness::None);

    let meta = common("meta");
    assert_eq!(meta.attr_type, AttrType::Complex);
    assert_eq!(meta.mutability, Mutability::ReadOnly);
    let names: Vec<_> = meta
        .sub_attributes
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "resourceType",
            "created",
            "lastModified",
            "location",
            "version"
        ]
    );
    for sub in &meta.sub_attributes {
        assert_eq!(sub.mutability, Mutability::ReadOnly, "meta.{}", sub.name);
        assert_eq!(sub.returned, Returned::Default, "meta.{}", sub.name);
    }
    assert!(meta.sub_attribute("resourceType").unwrap().case_exact);
    assert_eq!(
        meta.sub_attribute("created").unwrap().attr_type,
        AttrType::DateTime
    );
    assert_eq!(
        meta.sub_attribute("LASTMODIFIED").unwrap().attr_type,
        AttrType::DateTime
    );
    let location = meta.sub_attribute("location").unwrap();
    assert_eq!(location.attr_type, AttrType::Reference);
    assert_eq!(location.reference_types, ["uri"]);
    assert!(location.case_exact);
    assert!(meta.sub_attribute("version").unwrap().case_exact);

    let s = common("schemas");
    assert!(s.multi_valued && s.required);
    assert_eq!(s.attr_type, AttrType::String);
    assert!(!s.case_exact, "URNs are case-insensitive (RFC 7644 §3.10)");
    assert_eq!(s.returned, Returned::Always);

    // The registry with built-ins has the same common attributes.
    assert_eq!(rfc().common_attributes(), schemas.common_attributes());
}

// --- lookups -------------------------------------------------------------------------------------

/// RFC 7644 §3.10 (URNs case-insensitive), RFC 7643 §2.1 (attribute names case-insensitive).
#[test]
fn lookups_ignore_case() {
    let schemas = rfc();
    let upper = USER_URN.to_ascii_uppercase();
    assert_eq!(schemas.schema(&upper).unwrap().id, USER_URN);
    assert!(
        schemas
            .schema("urn:ietf:params:scim:schemas:extension:ENTERPRISE:2.0:user")
            .is_some()
    );
    assert!(
        schemas
            .schema("urn:ietf:params:scim:schemas:core:2.0")
            .is_none()
    );

    let user = schemas.schema(USER_URN).unwrap();
    assert_eq!(user.attribute("USERNAME").unwrap().name, "userName");
    assert_eq!(user.attribute("phonenumbers").unwrap().name, "phoneNumbers");
    assert!(user.attribute("name.givenName").is_none(), "top level only");
    let name = user.attribute("Name").unwrap();
    assert_eq!(name.sub_attribute("GIVENNAME").unwrap().name, "givenName");
    let groups = user.attribute("groups").unwrap();
    assert_eq!(groups.sub_attribute("$REF").unwrap().name, "$ref");
    assert!(groups.sub_attribute("nope").is_none());

    assert_eq!(schemas.resource_type("user").unwrap().name, "User");
    assert_eq!(schemas.resource_type("GROUP").unwrap().endpoint, "/Groups");
    assert!(schemas.resource_type("Users").is_none());
}

/// A resource type is found by its id when no name matches.
#[test]
fn resource_type_by_id() {
    let mut schemas = rfc();
    let mut rt = schemas.resource_type("User").cloned().unwrap();
    rt.id = "user-v2".into();
    rt.name = "Person".into();
    schemas.add_resource_type(rt).unwrap();
    assert_eq!(schemas.resource_type("USER-V2").unwrap().name, "Person");
    // Same name or id replaces: "User" had id "User", the new one has name "Person" and id
    // "user-v2", so both remain.
    assert_eq!(schemas.resource_types().count(), 3);
}

/// RFC 7643 §8.6 (with the extension not required, as the brief's registry chooses) and §6.
#[test]
fn user_resource_type_lists_enterprise_extension() {
    let schemas = rfc();
    let rt = schemas.resource_type("User").unwrap();
    assert_eq!(rt.id, "User");
    assert_eq!(rt.endpoint, "/Users");
    assert_eq!(rt.schema, USER_URN);
    assert_eq!(rt.description.as_deref(), Some("User Account"));
    assert_eq!(
        rt.schema_extensions,
        [SchemaExtension {
            schema: ENTERPRISE_USER_URN.into(),
            required: false
        }]
    );
    assert!(
        rt.extension(&ENTERPRISE_USER_URN.to_ascii_lowercase())
            .is_some()
    );
    let group = schemas.resource_type("Group").unwrap();
    assert_eq!(group.schema, GROUP_URN);
    assert!(group.schema_extensions.is_empty());
}

// --- JSON round trips ----------------------------------------------------------------------------

/// RFC 7643 §7 / §6: `to_json` then `from_json` gives back every built-in definition.
#[test]
fn round_trip_builtins() {
    let schemas = rfc();
    for schema in schemas.schemas() {
        let json = schema.to_json();
        assert_eq!(json["schemas"], json!([SCHEMA_URN]));
        assert_eq!(&Schema::from_json(&json).unwrap(), schema, "{}", schema.id);
    }
    for rt in schemas.resource_types() {
        let json = rt.to_json();
        assert_eq!(json["schemas"], json!([RESOURCE_TYPE_URN]));
        assert_eq!(&ResourceType::from_json(&json).unwrap(), rt, "{}", rt.name);
    }
    for a in schemas.common_attributes() {
        assert_eq!(
            &Attribute::from_json(&a.to_json()).unwrap(),
            a,
            "{}",
            a.name
        );
    }
    // And the data files themselves parse to the same model as their re-serialisation.
    let raw: Value = serde_json::from_str(builtin::USER_JSON).unwrap();
    assert_eq!(
        Schema::from_json(&raw).unwrap(),
        Schema::from_json(&user().to_json()).unwrap()
    );
}

/// `to_json` writes every characteristic out, defaults included (RFC 7643 §7).
#[test]
fn to_json_is_explicit() {
    let json = Attribute::new("nickName", AttrType::String).to_json();
    assert_eq!(
        json,
        json!({
            "name": "nickName", "type": "string", "multiValued": false, "required": false,
            "caseExact": false, "mutability": "readWrite", "returned": "default",
            "uniqueness": "none"
        })
    );
}

// --- parsing rules -------------------------------------------------------------------------------

/// RFC 7643 §2.2: characteristics not given take their defaults; `null` is unassigned (§2.5).
#[test]
fn missing_characteristics_take_defaults() {
    let schema = Schema::from_json(&schema_with(json!({"name": "x", "caseExact": null}))).unwrap();
    assert_eq!(schema.attributes, [Attribute::new("x", AttrType::String)]);
    let a = &schema.attributes[0];
    assert_eq!(
        (a.mutability, a.returned, a.uniqueness),
        (Mutability::ReadWrite, Returned::Default, Uniqueness::None)
    );
    assert!(!a.required && !a.multi_valued && !a.case_exact);
    assert!(schema.name.is_none() && schema.description.is_none());
}

/// RFC 7643 §2.1: names (here of the §7 characteristics) and keywords are case-insensitive.
#[test]
fn keys_and_keywords_ignore_case() {
    let schema = Schema::from_json(&json!({
        "ID": "urn:example:X",
        "Attributes": [{"Name": "when", "TYPE": "DateTime", "MultiValued": true,
                        "mutability": "READONLY", "returned": "Request", "uniqueness": "GLOBAL"}]
    }))
    .unwrap();
    let a = &schema.attributes[0];
    assert_eq!(a.attr_type, AttrType::DateTime);
    assert!(a.multi_valued);
    assert_eq!(a.mutability, Mutability::ReadOnly);
    assert_eq!(a.returned, Returned::Request);
    assert_eq!(a.uniqueness, Uniqueness::Global);
}

/// Unknown keywords are errors naming the attribute path (RFC 7643 §7 lists the valid values).
#[test]
fn unknown_keywords_name_the_path() {
    let doc = json!({
        "id": "urn:example:X",
        "attributes": [{"name": "emails", "type": "complex", "multiValued": true,
                        "subAttributes": [{"name": "value"}, {"name": "type", "type": "strng"}]}]
    });
    let detail = schema_error(doc);
    assert!(
        detail.contains(r#"attribute "emails.type": unknown type "strng""#),
        "{detail}"
    );
    assert!(
        detail.starts_with(r#"schema "urn:example:X": "#),
        "{detail}"
    );

    for (key, value) in [
        ("mutability", "readwriteonly"),
        ("returned", "sometimes"),
        ("uniqueness", "local"),
    ] {
        let detail = schema_error(schema_with(json!({"name": "a", key: value})));
        assert!(
            detail.contains(&format!(r#"attribute "a": unknown {key} "{value}""#)),
            "{detail}"
        );
    }
}

/// RFC 7643 §7: a characteristic of the wrong JSON type is an error, not a default.
#[test]
fn wrong_json_types_are_errors() {
    let detail = schema_error(schema_with(json!({"name": "a", "multiValued": "yes"})));
    assert!(
        detail.contains(r#"attribute "a": "multiValued" must be a boolean, found string "yes""#),
        "{detail}"
    );
    let detail = schema_error(schema_with(json!({"name": "a", "canonicalValues": [1]})));
    assert!(detail.contains("canonicalValues"), "{detail}");
    let detail = schema_error(schema_with(json!({"name": "a", "type": 3})));
    assert!(
        detail.contains(r#""type" must be a string, found number 3"#),
        "{detail}"
    );
    let detail = schema_error(json!({"id": "urn:example:X", "attributes": {}}));
    assert!(
        detail.contains(r#""attributes" must be an array"#),
        "{detail}"
    );
    let detail = schema_error(json!(["not", "an", "object"]));
    assert!(detail.contains("expected a JSON object"), "{detail}");
}

/// RFC 7643 §7: `id` is REQUIRED; every attribute has a `name`.
#[test]
fn missing_id_or_name() {
    assert_eq!(
        schema_error(json!({"attributes": []})),
        r#"schema: missing "id""#
    );
    assert_eq!(
        schema_error(json!({"id": "", "attributes": []})),
        r#"schema: "id" must not be empty"#
    );
    let detail = schema_error(json!({
        "id": "urn:example:X",
        "attributes": [{"name": "ok"}, {"type": "string"}]
    }));
    assert_eq!(
        detail,
        r#"schema "urn:example:X": attribute #2: missing "name""#
    );
    let detail = schema_error(schema_with(json!({
        "name": "addr", "type": "complex", "subAttributes": [{"name": "street"}, {}]
    })));
    assert!(
        detail.ends_with(r#"sub-attribute #2 of "addr": missing "name""#),
        "{detail}"
    );
}

/// RFC 7643 §2.1: ATTRNAME = ALPHA *("$" / "-" / "_" / DIGIT / ALPHA); "$ref" is allowed as a
/// sub-attribute (§2.4) only.
#[test]
fn attribute_names_follow_attrname() {
    for good in ["a", "a1", "a$b", "a-b", "a_b", "Z9"] {
        Schema::from_json(&schema_with(json!({"name": good}))).unwrap();
    }
    for bad in ["1a", "_a", "a b", "a.b", "é", "$ref", "a:b"] {
        let detail = schema_error(schema_with(json!({"name": bad})));
        assert!(
            detail.contains(&format!("invalid attribute name {bad:?}")),
            "{detail}"
        );
    }
    let with_ref = json!({"name": "link", "type": "complex",
                          "subAttributes": [{"name": "$ref", "type": "reference"}]});
    Schema::from_json(&schema_with(with_ref)).unwrap();
    let with_dollar = json!({"name": "link", "type": "complex",
                             "subAttributes": [{"name": "$other"}]});
    assert!(schema_error(schema_with(with_dollar)).contains(r#"invalid attribute name "$other""#));
}

/// RFC 7643 §2.1: names are case-insensitive, so two that differ only in case collide.
#[test]
fn duplicate_names_are_errors() {
    let doc = json!({"id": "urn:example:X", "attributes": [{"name": "nick"}, {"name": "NICK"}]});
    let detail = schema_error(doc);
    assert!(
        detail.contains(r#"attribute "NICK": defined more than once"#),
        "{detail}"
    );
}

/// RFC 7643 §2.3.8: "A complex attribute MUST NOT contain sub-attributes that have sub-attributes
/// (i.e., that are complex)."
#[test]
fn complex_sub_attributes_are_errors() {
    let nested = json!({"name": "a", "type": "complex", "subAttributes": [
        {"name": "b", "type": "complex", "subAttributes": [{"name": "c"}]}
    ]});
    let detail = schema_error(schema_with(nested));
    assert!(
        detail.contains(r#"attribute "a.b": a sub-attribute must not be complex"#),
        "{detail}"
    );
    let complex_leaf = json!({"name": "a", "type": "complex", "subAttributes": [
        {"name": "b", "type": "complex"}
    ]});
    assert!(schema_error(schema_with(complex_leaf)).contains("RFC 7643 §2.3.8"));
    let on_string = json!({"name": "a", "subAttributes": [{"name": "b"}]});
    let detail = schema_error(schema_with(on_string));
    assert!(
        detail.contains(r#"attribute "a": only a complex attribute"#),
        "{detail}"
    );
    // An empty list on a simple attribute is harmless.
    Schema::from_json(&schema_with(json!({"name": "a", "subAttributes": []}))).unwrap();
}

/// RFC 7643 §7: the Schema resource alone "MAY contain a complex object within a
/// sub-attribute"; the §8.7.2 listing (Figure 10) loads, as an array of Schema documents.
#[test]
fn service_provider_schemas_load() {
    let figure10: Value = serde_json::from_str(include_str!("data/service_provider.json")).unwrap();
    let mut schemas = Schemas::new();
    schemas.load(&figure10).unwrap();
    let schema = schemas.schema(SCHEMA_URN).unwrap();
    let name = attr(schema, "attributes.subAttributes.name");
    assert_eq!(name.attr_type, AttrType::String);
    assert!(
        schemas
            .schema("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig")
            .is_some()
    );
    for s in schemas.schemas() {
        assert_eq!(&Schema::from_json(&s.to_json()).unwrap(), s);
    }
}

/// Errors are InvalidSchema: no scimType, status 500 (the service's configuration is at fault).
#[test]
fn invalid_schema_kind() {
    let err = Schema::from_json(&json!({})).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSchema);
    assert_eq!(err.scim_type(), None);
    assert_eq!(err.status(), 500);
}

// --- the registry --------------------------------------------------------------------------------

/// RFC 7643 §6: a resource type's schema and extensions must be Schema resources of the server.
#[test]
fn add_resource_type_with_unknown_schema_fails() {
    let mut schemas = rfc();
    let rt = ResourceType {
        id: "Device".into(),
        name: "Device".into(),
        endpoint: "/Devices".into(),
        description: None,
        schema: "urn:example:Device".into(),
        schema_extensions: vec![],
    };
    let err = schemas.add_resource_type(rt.clone()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSchema);
    assert!(
        err.detail()
            .contains(r#"resource type "Device": schema "urn:example:Device" is not registered"#),
        "{err}"
    );

    let ext = ResourceType {
        schema: USER_URN.into(),
        schema_extensions: vec![SchemaExtension {
            schema: "urn:example:Missing".into(),
            required: true,
        }],
        ..rt.clone()
    };
    let err = schemas.add_resource_type(ext).unwrap_err();
    assert!(err.detail().contains("urn:example:Missing"), "{err}");
    assert!(schemas.resource_type("Device").is_none());

    let twice = ResourceType {
        schema: USER_URN.into(),
        schema_extensions: vec![SchemaExtension {
            schema: USER_URN.to_ascii_lowercase(),
            required: false,
        }],
        ..rt
    };
    let err = schemas.add_resource_type(twice).unwrap_err();
    assert!(err.detail().contains("more than once"), "{err}");
}

/// `add_schema` replaces a schema with the same id, ignoring case (RFC 7644 §3.10), and checks
/// the §2.1 / §2.3.8 rules on schemas built in Rust.
#[test]
fn add_schema_replaces_and_checks() {
    let mut schemas = rfc();
    let mut group = schemas.schema(GROUP_URN).cloned().unwrap();
    group.id = GROUP_URN.to_ascii_uppercase();
    group.attributes.truncate(1);
    schemas.add_schema(group).unwrap();
    assert_eq!(schemas.schemas().count(), 6);
    assert_eq!(schemas.schema(GROUP_URN).unwrap().attributes.len(), 1);

    let bad = Schema {
        id: "urn:example:Bad".into(),
        name: None,
        description: None,
        attributes: vec![Attribute::new("has space", AttrType::String)],
    };
    let err = schemas.add_schema(bad).unwrap_err();
    assert!(
        err.detail()
            .contains(r#"invalid attribute name "has space""#),
        "{err}"
    );
    assert!(schemas.schema("urn:example:Bad").is_none());
}

/// RFC 7644 §4: `/Schemas` and `/ResourceTypes` answer with a ListResponse; a single definition
/// is returned bare.
#[test]
fn load_documents() {
    let staff = json!({
        "schemas": [SCHEMA_URN],
        "id": "urn:example:scim:schemas:Staff",
        "name": "Staff",
        "attributes": [{"name": "badge", "type": "integer", "uniqueness": "server"}]
    });
    let staff_rt = json!({
        "schemas": [RESOURCE_TYPE_URN],
        "name": "Staff",
        "endpoint": "/Staff",
        "schema": "urn:ietf:params:scim:schemas:core:2.0:User",
        "schemaExtensions": [{"schema": "urn:example:scim:schemas:staff", "required": true}]
    });

    // A ListResponse with the resource type first: schemas are added before resource types.
    let mut schemas = rfc();
    schemas
        .load(&json!({
            "schemas": [LIST_RESPONSE_URN],
            "totalResults": 2,
            "Resources": [staff_rt, staff]
        }))
        .unwrap();
    let rt = schemas.resource_type("staff").unwrap();
    assert_eq!(rt.id, "Staff", "id defaults to name");
    assert!(rt.schema_extensions[0].required);
    assert_eq!(
        attr(
            schemas.schema("URN:EXAMPLE:SCIM:SCHEMAS:STAFF").unwrap(),
            "badge"
        )
        .attr_type,
        AttrType::Integer
    );

    // A bare Schema, then an array.
    let mut schemas = Schemas::new();
    schemas.load(&staff).unwrap();
    assert_eq!(schemas.schemas().count(), 1);
    let mut schemas = rfc();
    schemas.load(&json!([staff, staff_rt])).unwrap();
    assert_eq!(schemas.resource_types().count(), 3);
}

/// `load` is all or nothing.
#[test]
fn load_is_atomic() {
    let mut schemas = rfc();
    let docs = json!([
        {"id": "urn:example:Good", "attributes": [{"name": "a"}]},
        {"name": "Broken", "endpoint": "/Broken", "schema": "urn:example:Nowhere"}
    ]);
    let err = schemas.load(&docs).unwrap_err();
    assert!(err.detail().contains("urn:example:Nowhere"), "{err}");
    assert!(schemas.schema("urn:example:Good").is_none());
    assert!(Arc::ptr_eq(&schemas.inner, &rfc().inner));

    let err = schemas.load(&json!([{"hello": "world"}])).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSchema);
    assert!(
        err.detail().starts_with("document #1: not a Schema"),
        "{err}"
    );
    let err = schemas.load(&json!("text")).unwrap_err();
    assert!(err.detail().contains("expected a JSON object"), "{err}");
}

/// RFC 7643 §6: resource type documents are checked like schemas.
#[test]
fn resource_type_errors() {
    let err = ResourceType::from_json(&json!({"endpoint": "/X", "schema": "urn:x"})).unwrap_err();
    assert_eq!(err.detail(), r#"resource type: missing "name""#);
    let err = ResourceType::from_json(&json!({"name": "X", "schema": "urn:x"})).unwrap_err();
    assert_eq!(err.detail(), r#"resource type "X": missing "endpoint""#);
    let err = ResourceType::from_json(&json!({
        "name": "X", "endpoint": "/X", "schema": "urn:x", "schemaExtensions": [{"required": true}]
    }))
    .unwrap_err();
    assert_eq!(
        err.detail(),
        r#"resource type "X": schema extension #1: missing "schema""#
    );
    // Erratum 7522: schemaExtensions is multi-valued, but a lone object is understood.
    let rt = ResourceType::from_json(&json!({
        "name": "X", "endpoint": "/X", "schema": "urn:x", "schemaExtensions": {"schema": "urn:y"}
    }))
    .unwrap();
    assert_eq!(rt.schema_extensions.len(), 1);
    assert!(!rt.schema_extensions[0].required);
}

/// The keyword enums map to and from the RFC 7643 §7 keywords.
#[test]
fn keywords() {
    for t in AttrType::ALL {
        assert_eq!(AttrType::from_keyword(t.as_str()), Some(*t));
    }
    assert_eq!(AttrType::DateTime.to_string(), "dateTime");
    assert_eq!(
        Mutability::from_keyword("writeonly"),
        Some(Mutability::WriteOnly)
    );
    assert_eq!(Returned::from_keyword("nope"), None);
    assert_eq!(Uniqueness::default(), Uniqueness::None);
    assert_eq!(AttrType::default(), AttrType::String);
}

/// Even the `Schema` schema (RFC 7643 §7) cannot nest without bound.
#[test]
fn nesting_is_bounded() {
    let mut attribute = json!({"name": "leaf"});
    for level in 0..10 {
        attribute = json!({"name": format!("l{level}"), "type": "complex",
                           "subAttributes": [attribute]});
    }
    let doc = json!({"id": SCHEMA_URN, "attributes": [attribute]});
    assert!(schema_error(doc).contains("nested more than 8 levels deep"));
}
