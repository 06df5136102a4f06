//! The service provider's own documents: `/ServiceProviderConfig` (RFC 7643 §5), `/Schemas`
//! and `/ResourceTypes` (RFC 7644 §4), and `ListResponse` bodies (RFC 7644 §3.4.2).
//!
//! ```
//! use scimkit::Schemas;
//! use scimkit::schema::{ListResponse, ServiceProviderConfig};
//!
//! let config = ServiceProviderConfig { patch: true, sort: true, ..ServiceProviderConfig::default() };
//! let doc = config.to_json();
//! assert_eq!(doc["patch"]["supported"], true);
//! assert_eq!(doc["bulk"]["supported"], false);
//!
//! let list = Schemas::rfc7643().schemas_document(Some("https://example.com/v2"));
//! assert_eq!(list["totalResults"], 6);
//! assert_eq!(list["Resources"][0]["meta"]["location"],
//!            "https://example.com/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
//!
//! let page = ListResponse { total_results: 12, start_index: 11, resources: vec![] };
//! assert_eq!(page.to_json()["itemsPerPage"], 0);
//! ```

use serde_json::{Map, Value};

use super::model::{RESOURCE_TYPE_URN, SCHEMA_URN};
use super::{LIST_RESPONSE_URN, Schemas};

/// The schema URI of the ServiceProviderConfig resource (RFC 7643 §5).
pub const SERVICE_PROVIDER_CONFIG_URN: &str =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";

/// The bulk capabilities (RFC 7643 §5, `bulk`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkConfig {
    /// `maxOperations`: the most operations one bulk request may carry.
    pub max_operations: u64,
    /// `maxPayloadSize`: the largest bulk payload, in bytes.
    pub max_payload_size: u64,
}

/// An authentication scheme (RFC 7643 §5, `authenticationSchemes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticationScheme {
    /// `type`: `oauth`, `oauth2`, `oauthbearertoken`, `httpbasic` or `httpdigest`.
    pub scheme_type: String,
    /// `name`, e.g. "OAuth Bearer Token".
    pub name: String,
    /// `description`.
    pub description: String,
    /// `specUri`.
    pub spec_uri: Option<String>,
    /// `documentationUri`.
    pub documentation_uri: Option<String>,
    /// `primary`.
    pub primary: bool,
}

impl AuthenticationScheme {
    /// The OAuth 2.0 bearer token scheme of RFC 6750 (the one RFC 7643 §8.5's example lists).
    pub fn oauth_bearer_token() -> AuthenticationScheme {
        AuthenticationScheme {
            scheme_type: "oauthbearertoken".into(),
            name: "OAuth Bearer Token".into(),
            description: "Authentication scheme using the OAuth Bearer Token Standard".into(),
            spec_uri: Some("https://www.rfc-editor.org/info/rfc6750".into()),
            documentation_uri: None,
            primary: true,
        }
    }
}

/// The ServiceProviderConfig document (RFC 7643 §5): what a service supports. Every capability
/// defaults to unsupported; authentication defaults to OAuth bearer tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceProviderConfig {
    /// `documentationUri`.
    pub documentation_uri: Option<String>,
    /// `patch.supported`.
    pub patch: bool,
    /// `bulk`: `None` when bulk is not supported.
    pub bulk: Option<BulkConfig>,
    /// `filter`: `Some(maxResults)` when filtering is supported.
    pub filter: Option<u64>,
    /// `changePassword.supported`.
    pub change_password: bool,
    /// `sort.supported`.
    pub sort: bool,
    /// `etag.supported`.
    pub etag: bool,
    /// `authenticationSchemes`.
    pub authentication_schemes: Vec<AuthenticationScheme>,
    /// `meta.location`, if the service wants one.
    pub location: Option<String>,
}

impl Default for ServiceProviderConfig {
    fn default() -> Self {
        ServiceProviderConfig {
            documentation_uri: None,
            patch: false,
            bulk: None,
            filter: None,
            change_password: false,
            sort: false,
            etag: false,
            authentication_schemes: vec![AuthenticationScheme::oauth_bearer_token()],
            location: None,
        }
    }
}

impl ServiceProviderConfig {
    /// The document, with every attribute RFC 7643 §5 requires (`supported` everywhere,
    /// `maxOperations` / `maxPayloadSize` / `maxResults` — 0 when unsupported).
    pub fn to_json(&self) -> Value {
        let mut doc = Map::new();
        doc.insert("schemas".into(), uris(SERVICE_PROVIDER_CONFIG_URN));
        if let Some(uri) = &self.documentation_uri {
            doc.insert("documentationUri".into(), uri.as_str().into());
        }
        doc.insert("patch".into(), supported(self.patch));
        let bulk = self.bulk.as_ref();
        doc.insert(
            "bulk".into(),
            object([
                ("supported", bulk.is_some().into()),
                ("maxOperations", bulk.map_or(0, |b| b.max_operations).into()),
                (
                    "maxPayloadSize",
                    bulk.map_or(0, |b| b.max_payload_size).into(),
                ),
            ]),
        );
        doc.insert(
            "filter".into(),
            object([
                ("supported", self.filter.is_some().into()),
                ("maxResults", self.filter.unwrap_or(0).into()),
            ]),
        );
        doc.insert("changePassword".into(), supported(self.change_password));
        doc.insert("sort".into(), supported(self.sort));
        doc.insert("etag".into(), supported(self.etag));
        let schemes: Vec<Value> = self
            .authentication_schemes
            .iter()
            .map(|s| {
                let mut m = Map::new();
                m.insert("type".into(), s.scheme_type.as_str().into());
                m.insert("name".into(), s.name.as_str().into());
                m.insert("description".into(), s.description.as_str().into());
                if let Some(u) = &s.spec_uri {
                    m.insert("specUri".into(), u.as_str().into());
                }
                if let Some(u) = &s.documentation_uri {
                    m.insert("documentationUri".into(), u.as_str().into());
                }
                if s.primary {
                    m.insert("primary".into(), true.into());
                }
                Value::Object(m)
            })
            .collect();
        doc.insert("authenticationSchemes".into(), Value::Array(schemes));
        let mut meta = Map::new();
        meta.insert("resourceType".into(), "ServiceProviderConfig".into());
        if let Some(l) = &self.location {
            meta.insert("location".into(), l.as_str().into());
        }
        doc.insert("meta".into(), Value::Object(meta));
        Value::Object(doc)
    }
}

/// A `ListResponse` body (RFC 7644 §3.4.2).
#[derive(Debug, Clone, PartialEq)]
pub struct ListResponse {
    /// `totalResults`: how many resources the query matched in all.
    pub total_results: usize,
    /// `startIndex`: the 1-based index of the first resource of this page (RFC 7644 §3.4.2.4).
    pub start_index: usize,
    /// `Resources`: this page (`itemsPerPage` is its length).
    pub resources: Vec<Value>,
}

impl ListResponse {
    /// The body: `schemas`, `totalResults`, `startIndex`, `itemsPerPage`, `Resources`.
    pub fn to_json(&self) -> Value {
        object([
            ("schemas", uris(LIST_RESPONSE_URN)),
            ("totalResults", self.total_results.into()),
            ("startIndex", self.start_index.max(1).into()),
            ("itemsPerPage", self.resources.len().into()),
            ("Resources", self.resources.clone().into()),
        ])
    }
}

// The documents are built from `Value`s directly rather than with `json!`, which turns each
// value that is not a literal into a `Value` through `serde` (`to_value(..).unwrap()`), code that
// the WASM build would otherwise carry for these few lines.

/// An object with `members`.
fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
    let mut m = Map::new();
    for (k, v) in members {
        m.insert(k.to_owned(), v);
    }
    Value::Object(m)
}

/// `{"supported": b}`.
fn supported(b: bool) -> Value {
    object([("supported", b.into())])
}

/// A `schemas` array holding `urn`.
fn uris(urn: &str) -> Value {
    Value::Array(vec![urn.into()])
}

/// `meta` with `resourceType` and `location`.
fn meta(resource_type: &str, location: String) -> Value {
    object([
        ("resourceType", resource_type.into()),
        ("location", location.into()),
    ])
}

fn location(base: Option<&str>, endpoint: &str, id: &str) -> String {
    let base = base.unwrap_or("").trim_end_matches('/');
    format!("{base}/{endpoint}/{id}")
}

impl Schemas {
    /// The `/Schemas` response: a ListResponse of every registered schema in its RFC 7643 §7
    /// form, each with `meta` (`resourceType: "Schema"`, `location` under `base_url`, or a
    /// relative `/Schemas/<id>` without one).
    pub fn schemas_document(&self, base_url: Option<&str>) -> Value {
        let resources: Vec<Value> = self
            .schemas()
            .map(|s| {
                let mut doc = s.to_json();
                if let Value::Object(m) = &mut doc {
                    m.insert("schemas".into(), uris(SCHEMA_URN));
                    m.insert(
                        "meta".into(),
                        meta("Schema", location(base_url, "Schemas", &s.id)),
                    );
                }
                doc
            })
            .collect();
        ListResponse {
            total_results: resources.len(),
            start_index: 1,
            resources,
        }
        .to_json()
    }

    /// The `/ResourceTypes` response: a ListResponse of every registered resource type in its
    /// RFC 7643 §6 form, with `meta` as in [`schemas_document`](Self::schemas_document).
    pub fn resource_types_document(&self, base_url: Option<&str>) -> Value {
        let resources: Vec<Value> = self
            .resource_types()
            .map(|rt| {
                let mut doc = rt.to_json();
                if let Value::Object(m) = &mut doc {
                    m.insert("schemas".into(), uris(RESOURCE_TYPE_URN));
                    let at = location(base_url, "ResourceTypes", &rt.name);
                    m.insert("meta".into(), meta("ResourceType", at));
                }
                doc
            })
            .collect();
        ListResponse {
            total_results: resources.len(),
            start_index: 1,
            resources,
        }
        .to_json()
    }
}
