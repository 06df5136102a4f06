//! The built-in definitions, kept as JSON data in `data/` (see `data/README.md` for where each
//! comes from and which errata are applied) and parsed once per process.

use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::messages as msg;
use super::model::{self, Attribute, Schema};
use super::{Inner, Schemas};
use crate::error::Result;

/// RFC 7643 §8.7.1, `urn:ietf:params:scim:schemas:core:2.0:User`.
pub(super) const USER_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/schema/user.json"));
/// RFC 7643 §8.7.1, `urn:ietf:params:scim:schemas:core:2.0:Group`.
pub(super) const GROUP_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/schema/group.json"));
/// RFC 7643 §8.7.1, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`.
pub(super) const ENTERPRISE_USER_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/schema/enterprise_user.json"));
/// RFC 7643 §8.6, the User and Group resource types.
pub(super) const RESOURCE_TYPES_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/schema/resource_types.json"));
/// RFC 7643 §8.7.2: the ServiceProviderConfig, ResourceType and Schema schemas themselves.
pub(super) const SERVICE_PROVIDER_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/schema/service_provider.json"));
/// RFC 7643 §3 and §3.1, the common attributes `id`, `externalId`, `meta` and `schemas`.
pub(super) const COMMON_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/schema/common.json"));

/// The registry with the common attributes only, built once.
pub(super) fn empty() -> Schemas {
    static EMPTY: OnceLock<Schemas> = OnceLock::new();
    EMPTY
        .get_or_init(|| Schemas {
            inner: Arc::new(Inner {
                schemas: Vec::new(),
                resource_types: Vec::new(),
                common: built_in(parse_common()),
            }),
            revision: super::next_revision(),
        })
        .clone()
}

/// The RFC 7643 registry, built once.
pub(super) fn rfc7643() -> Schemas {
    static RFC7643: OnceLock<Schemas> = OnceLock::new();
    RFC7643.get_or_init(|| built_in(parse_rfc7643())).clone()
}

/// Parses the common attributes.
pub(super) fn parse_common() -> Result<Vec<Attribute>> {
    model::parse_attribute_list(&parse_text(COMMON_JSON)?)
}

/// Builds the RFC 7643 registry from the data files.
pub(super) fn parse_rfc7643() -> Result<Schemas> {
    let mut schemas = empty();
    for text in [USER_JSON, GROUP_JSON, ENTERPRISE_USER_JSON] {
        schemas.add_schema(Schema::from_json(&parse_text(text)?)?)?;
    }
    schemas.load(&parse_text(SERVICE_PROVIDER_JSON)?)?;
    schemas.load(&parse_text(RESOURCE_TYPES_JSON)?)?;
    Ok(schemas)
}

fn parse_text(text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| msg::not_json(&e))
}

/// Unwraps a built-in definition. The data files are part of the crate and the tests load each of
/// them, so a failure here is a bug in the crate, not a condition a caller can handle. (Not
/// `expect`: that would print the error with `Debug`, code the WASM build would carry for it.)
#[allow(
    clippy::panic,
    reason = "the built-in data is fixed at compile time and covered by tests"
)]
fn built_in<T>(parsed: Result<T>) -> T {
    match parsed {
        Ok(v) => v,
        Err(e) => panic!("the built-in RFC 7643 schema data is invalid: {e}"),
    }
}
