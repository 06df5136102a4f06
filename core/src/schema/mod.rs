//! Schemas (RFC 7643 §2, §7) and resource types (RFC 7643 §6): the typed model and the
//! [`Schemas`] registry.
//!
//! [`Schemas::rfc7643`] holds the three schemas of RFC 7643 §8.7.1 (User, Group and the enterprise
//! User extension, with the verified errata applied) and the two resource types of §8.6 (User with
//! the enterprise extension, Group). They are kept as JSON data in the RFC 7643 §7 form, beside
//! this module in `data/`, and parsed once per process. Custom definitions load from the same JSON
//! form with [`Schemas::load`], or are built in Rust and added with [`Schemas::add_schema`] and
//! [`Schemas::add_resource_type`].
//!
//! Every lookup ignores ASCII case: schema URIs (RFC 7644 §3.10), attribute names (RFC 7643 §2.1)
//! and resource type names.
//!
//! # Parsing
//!
//! [`Schema::from_json`], [`ResourceType::from_json`], [`Attribute::from_json`] and
//! [`Schemas::load`] read the RFC 7643 §7 and §6 JSON forms. They are liberal where the RFC allows
//! it and strict where a mistake would change meaning:
//!
//! * a missing (or `null`, RFC 7643 §2.5) characteristic takes its RFC 7643 §2.2 default: type
//!   `string`, `multiValued` false, `required` false, no `canonicalValues`, `caseExact` false,
//!   mutability `readWrite`, returned `default`, uniqueness `none`;
//! * keys and keywords are matched ignoring ASCII case (RFC 7643 §2.1: attribute names, and so the
//!   names of the §7 characteristics, are case-insensitive), so `"DateTime"` is `dateTime`;
//! * an unknown keyword (`"type": "strng"`), a value of the wrong JSON type, a missing `name`, a
//!   name that is not an RFC 7643 §2.1 ATTRNAME (other than the `$ref` sub-attribute), two
//!   attributes of one level whose names differ only in case, `subAttributes` on a non-complex
//!   attribute, and a complex sub-attribute (RFC 7643 §2.3.8; only the `Schema` schema itself may
//!   nest, §7) are [`ErrorKind::InvalidSchema`](crate::ErrorKind::InvalidSchema) errors whose
//!   detail names the attribute path, e.g. `schema "urn:…:User": attribute "emails.type": unknown
//!   type "strng"`;
//! * unknown keys (`schemas`, `meta`, extensions from newer specifications) are ignored.
//!
//! ```
//! use scimkit::schema::{AttrType, Schemas, Uniqueness};
//!
//! let schemas = Schemas::rfc7643();
//! let user = schemas.schema("urn:ietf:params:scim:schemas:core:2.0:user").unwrap();
//! let user_name = user.attribute("USERNAME").unwrap();
//! assert!(user_name.required && !user_name.case_exact);
//! assert_eq!(user_name.uniqueness, Uniqueness::Server);
//!
//! let emails = user.attribute("emails").unwrap();
//! assert!(emails.multi_valued);
//! assert_eq!(emails.sub_attribute("Value").unwrap().attr_type, AttrType::String);
//!
//! let rt = schemas.resource_type("user").unwrap();
//! assert_eq!(rt.endpoint, "/Users");
//! # Ok::<(), scimkit::Error>(())
//! ```

mod builtin;
pub mod documents;
mod messages;
mod model;
pub mod project;
pub mod sort;
#[cfg(test)]
mod tests;
pub mod validate;
pub(crate) mod values;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

use crate::error::Result;
pub use documents::{
    AuthenticationScheme, BulkConfig, ListResponse, SERVICE_PROVIDER_CONFIG_URN,
    ServiceProviderConfig,
};
use messages::{self as msg, Loc};
pub use model::{
    AttrType, Attribute, Mutability, RESOURCE_TYPE_URN, ResourceType, Returned, SCHEMA_URN, Schema,
    SchemaExtension, Uniqueness,
};
pub use project::Projection;
pub use sort::{SortOrder, Sorter};
pub use validate::{Mode, UnknownAttributes, ValidateOptions, Validated};

/// The core User schema URI (RFC 7643 §4.1).
pub const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The core Group schema URI (RFC 7643 §4.2).
pub const GROUP_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// The enterprise User extension schema URI (RFC 7643 §4.3).
pub const ENTERPRISE_USER_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// The ListResponse message URI (RFC 7644 §3.4.2).
pub const LIST_RESPONSE_URN: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// The registry of schemas and resource types, plus the common attributes every resource has
/// (RFC 7643 §3.1).
///
/// Cloning is cheap (the contents sit behind an [`Arc`], copied on the first change to a shared
/// registry) and the registry is `Send + Sync`, so one registry can serve many threads.
#[derive(Clone)]
pub struct Schemas {
    inner: Arc<Inner>,
    revision: u64,
}

/// Hands out registry revisions: every change to a registry gives it a number no other content
/// has had, so caches keyed by [`Schemas::revision`] never serve a stale compilation.
static REVISIONS: AtomicU64 = AtomicU64::new(1);

pub(crate) fn next_revision() -> u64 {
    REVISIONS.fetch_add(1, Ordering::Relaxed)
}

#[derive(Clone)]
struct Inner {
    schemas: Vec<Schema>,
    resource_types: Vec<ResourceType>,
    common: Vec<Attribute>,
}

impl Schemas {
    /// The RFC 7643 registry: the User, Group and enterprise User schemas (§8.7.1, with verified
    /// errata 5368, 8471 and 8472, and the `members.display` sub-attribute of reported erratum
    /// 6011, which §2.4, §4.2 and §8.4 support), the User resource type with the enterprise
    /// extension (not required) and the Group resource type (§8.6), and the common attributes.
    ///
    /// The definitions are parsed on the first call; later calls clone an [`Arc`].
    pub fn rfc7643() -> Schemas {
        builtin::rfc7643()
    }

    /// An empty registry: no schemas, no resource types, only the common attributes (`id`,
    /// `externalId`, `meta`, `schemas`).
    pub fn new() -> Schemas {
        builtin::empty()
    }

    /// Adds `schema`, replacing a registered schema with the same id (ignoring ASCII case).
    ///
    /// Fails with [`ErrorKind::InvalidSchema`](crate::ErrorKind::InvalidSchema) if the schema
    /// breaks a rule of the model (an empty id, a name that is not an RFC 7643 §2.1 ATTRNAME, two
    /// attributes of one level with the same name, a complex sub-attribute). A schema may list
    /// common attributes such as `id`: RFC 7643 §3.1 allows it, and says the characteristics of
    /// [`common_attributes`](Schemas::common_attributes) take precedence over such a listing.
    pub fn add_schema(&mut self, schema: Schema) -> Result<()> {
        schema.check()?;
        let inner = Arc::make_mut(&mut self.inner);
        match inner
            .schemas
            .iter_mut()
            .find(|s| s.id.eq_ignore_ascii_case(&schema.id))
        {
            Some(existing) => *existing = schema,
            None => inner.schemas.push(schema),
        }
        self.revision = next_revision();
        Ok(())
    }

    /// Adds `resource_type`, replacing any registered resource type with the same name or id
    /// (ignoring ASCII case).
    ///
    /// Fails with [`ErrorKind::InvalidSchema`](crate::ErrorKind::InvalidSchema) if its base schema
    /// or one of its extension schemas is not registered, if a schema is listed twice, or if its
    /// name, endpoint or a schema URI is empty.
    pub fn add_resource_type(&mut self, resource_type: ResourceType) -> Result<()> {
        resource_type.check()?;
        let loc = Loc::ResourceType(Some(&resource_type.name));
        let schemas = std::iter::once(&resource_type.schema)
            .chain(resource_type.schema_extensions.iter().map(|e| &e.schema));
        for schema in schemas {
            if self.schema(schema).is_none() {
                return Err(msg::unregistered_schema(loc, schema));
            }
        }
        let inner = Arc::make_mut(&mut self.inner);
        inner.resource_types.retain(|rt| {
            !(rt.name.eq_ignore_ascii_case(&resource_type.name)
                || rt.id.eq_ignore_ascii_case(&resource_type.id))
        });
        inner.resource_types.push(resource_type);
        self.revision = next_revision();
        Ok(())
    }

    /// Loads definitions in their JSON form: a Schema (RFC 7643 §7), a ResourceType (RFC 7643 §6),
    /// an array of either, or a ListResponse of them (as served at `/Schemas` and
    /// `/ResourceTypes`, RFC 7644 §4).
    ///
    /// A document is a Schema or a ResourceType by its `schemas` value, or, without one, by
    /// having `attributes` (a Schema) or `endpoint` (a ResourceType). Schemas are added before
    /// resource types, so one call may carry both in any order. Loading is all or nothing: on an
    /// error the registry is unchanged.
    pub fn load(&mut self, json: &Value) -> Result<()> {
        let mut schemas = Vec::new();
        let mut resource_types = Vec::new();
        let documents: &[Value] = match json {
            Value::Array(items) => items,
            Value::Object(obj) => match resources_of(obj) {
                Some(items) if Kind::of(json).is_none() => items,
                _ => std::slice::from_ref(json),
            },
            other => return Err(msg::not_an_object(Loc::Document(1), other)),
        };
        for (i, doc) in documents.iter().enumerate() {
            match Kind::of(doc).ok_or_else(|| unrecognised(i + 1, doc))? {
                Kind::Schema => schemas.push(Schema::from_json(doc)?),
                Kind::ResourceType => resource_types.push(ResourceType::from_json(doc)?),
            }
        }
        let mut next = self.clone();
        for schema in schemas {
            next.add_schema(schema)?;
        }
        for resource_type in resource_types {
            next.add_resource_type(resource_type)?;
        }
        *self = next;
        Ok(())
    }

    /// Loads what it can of `json` (the forms [`load`](Schemas::load) takes), skipping each
    /// schema or resource type definition that is malformed, and returns the errors of the
    /// skipped ones (empty when everything loaded). Published `/Schemas` documents of real
    /// services sometimes carry one broken definition (an attribute name that RFC 7643 §2.1
    /// does not allow, a complex sub-attribute) that no resource type uses; this loads the rest.
    /// A resource type whose schema was skipped is skipped too.
    pub fn load_lenient(&mut self, json: &Value) -> Vec<crate::Error> {
        let documents: Vec<&Value> = match json {
            Value::Array(items) => items.iter().collect(),
            Value::Object(obj) => match resources_of(obj) {
                Some(items) if Kind::of(json).is_none() => items.iter().collect(),
                _ => vec![json],
            },
            other => return vec![msg::not_an_object(Loc::Document(1), other)],
        };
        let mut errors = Vec::new();
        let mut resource_types = Vec::new();
        for (i, doc) in documents.iter().enumerate() {
            match Kind::of(doc) {
                Some(Kind::Schema) => {
                    if let Err(e) = Schema::from_json(doc).and_then(|s| self.add_schema(s)) {
                        errors.push(e);
                    }
                }
                Some(Kind::ResourceType) => resource_types.push(*doc),
                None => errors.push(unrecognised(i + 1, doc)),
            }
        }
        for doc in resource_types {
            if let Err(e) = ResourceType::from_json(doc).and_then(|rt| self.add_resource_type(rt)) {
                errors.push(e);
            }
        }
        errors
    }

    /// [`load`](Schemas::load) from JSON text; text that is not JSON is an
    /// [`ErrorKind::InvalidSchema`](crate::ErrorKind::InvalidSchema) error.
    pub fn load_str(&mut self, json: &str) -> Result<()> {
        let doc: Value = serde_json::from_str(json).map_err(|e| msg::not_json(&e))?;
        self.load(&doc)
    }

    /// [`load`](Schemas::load) from JSON bytes, which must be UTF-8.
    pub fn load_slice(&mut self, json: &[u8]) -> Result<()> {
        // `from_str` rather than `from_slice`: one JSON parser in the binary, not two.
        let text = std::str::from_utf8(json).map_err(|e| msg::not_utf8(&e))?;
        self.load_str(text)
    }

    /// The schema with URI `id`, ignoring ASCII case (RFC 7644 §3.10).
    pub fn schema(&self, id: &str) -> Option<&Schema> {
        self.inner
            .schemas
            .iter()
            .find(|s| s.id.eq_ignore_ascii_case(id))
    }

    /// The resource type named `name` (or, failing that, with id `name`), ignoring ASCII case.
    pub fn resource_type(&self, name: &str) -> Option<&ResourceType> {
        let types = &self.inner.resource_types;
        types
            .iter()
            .find(|rt| rt.name.eq_ignore_ascii_case(name))
            .or_else(|| types.iter().find(|rt| rt.id.eq_ignore_ascii_case(name)))
    }

    /// The registered resource types, in the order they were first added.
    pub fn resource_types(&self) -> impl Iterator<Item = &ResourceType> {
        self.inner.resource_types.iter()
    }

    /// The registered schemas, in the order they were first added.
    pub fn schemas(&self) -> impl Iterator<Item = &Schema> {
        self.inner.schemas.iter()
    }

    /// The common attributes of every resource, which belong to no schema (RFC 7643 §3, §3.1):
    /// `id`, `externalId`, `meta` (with `resourceType`, `created`, `lastModified`, `location`,
    /// `version`) and `schemas`.
    pub fn common_attributes(&self) -> &[Attribute] {
        &self.inner.common
    }

    /// A number identifying this registry's contents: clones share it, and every change gives the
    /// registry a new one. Caches of compiled filters key on it.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The common attribute named `name`, ignoring ASCII case.
    pub fn common_attribute(&self, name: &str) -> Option<&Attribute> {
        model::find_attribute(&self.inner.common, name)
    }
}

impl Default for Schemas {
    /// The same as [`Schemas::new`]: common attributes only.
    fn default() -> Schemas {
        Schemas::new()
    }
}

impl fmt::Debug for Schemas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schemas")
            .field(
                "schemas",
                &self.inner.schemas.iter().map(|s| &s.id).collect::<Vec<_>>(),
            )
            .field(
                "resource_types",
                &self
                    .inner
                    .resource_types
                    .iter()
                    .map(|rt| &rt.name)
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// What a document given to [`Schemas::load`] defines.
enum Kind {
    Schema,
    ResourceType,
}

impl Kind {
    fn of(doc: &Value) -> Option<Kind> {
        let obj = doc.as_object()?;
        let declared = |urn: &str| {
            obj.get("schemas")
                .and_then(Value::as_array)
                .is_some_and(|uris| {
                    uris.iter()
                        .any(|u| u.as_str().is_some_and(|u| u.eq_ignore_ascii_case(urn)))
                })
        };
        let has = |key: &str| obj.keys().any(|k| k.eq_ignore_ascii_case(key));
        if declared(SCHEMA_URN) {
            Some(Kind::Schema)
        } else if declared(RESOURCE_TYPE_URN) || has("endpoint") {
            Some(Kind::ResourceType)
        } else if has("attributes") {
            Some(Kind::Schema)
        } else {
            None
        }
    }
}

/// The `Resources` of a ListResponse (RFC 7644 §3.4.2), if `obj` is one.
fn resources_of(obj: &serde_json::Map<String, Value>) -> Option<&[Value]> {
    obj.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Resources"))
        .and_then(|(_, v)| v.as_array())
        .map(Vec::as_slice)
}

fn unrecognised(position: usize, doc: &Value) -> crate::Error {
    if doc.is_object() {
        msg::unrecognised_document(Loc::Document(position))
    } else {
        msg::not_an_object(Loc::Document(position), doc)
    }
}
