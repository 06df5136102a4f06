//! Memoised compilation, for hosts that hold a [`Filter`] and match it against resources of
//! several resource types or registries (the Python, Node and WASM bindings).

use std::sync::{Arc, Mutex, PoisonError};

use super::{CompiledFilter, Filter};
use crate::error::Result;
use crate::schema::Schemas;

/// How many compilations one cache keeps (the most recently added win).
const CAPACITY: usize = 8;

/// Remembers the compilations of one filter, keyed by the registry's
/// [`revision`](Schemas::revision) and the resource type (or schema-less).
///
/// ```
/// use scimkit::{Filter, Schemas, filter::CompileCache};
/// let filter = Filter::parse(r#"userName eq "bjensen""#)?;
/// let cache = CompileCache::new();
/// let schemas = Schemas::rfc7643();
/// let a = cache.compiled(&filter, &schemas, Some("User"))?;
/// let b = cache.compiled(&filter, &schemas, Some("user"))?;
/// assert!(std::sync::Arc::ptr_eq(&a, &b));
/// # Ok::<(), scimkit::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct CompileCache {
    entries: Mutex<Vec<Entry>>,
}

#[derive(Debug)]
struct Entry {
    revision: u64,
    resource_type: Option<String>,
    compiled: Arc<CompiledFilter>,
}

impl CompileCache {
    /// An empty cache.
    pub fn new() -> CompileCache {
        CompileCache::default()
    }

    /// `filter` compiled against `resource_type` in `schemas` (schema-less when
    /// `resource_type` is `None`), compiling on first use. Errors are not cached.
    pub fn compiled(
        &self,
        filter: &Filter,
        schemas: &Schemas,
        resource_type: Option<&str>,
    ) -> Result<Arc<CompiledFilter>> {
        let revision = if resource_type.is_some() {
            schemas.revision()
        } else {
            0
        };
        let key_matches = |e: &Entry| {
            e.revision == revision
                && match (&e.resource_type, resource_type) {
                    (None, None) => true,
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                    _ => false,
                }
        };
        {
            let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(e) = entries.iter().find(|e| key_matches(e)) {
                return Ok(Arc::clone(&e.compiled));
            }
        }
        let compiled = Arc::new(match resource_type {
            Some(rt) => filter.compile(schemas, rt)?,
            None => filter.compile_schemaless()?,
        });
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= CAPACITY {
            entries.remove(0);
        }
        entries.push(Entry {
            revision,
            resource_type: resource_type.map(str::to_owned),
            compiled: Arc::clone(&compiled),
        });
        Ok(compiled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_changed_registry_is_recompiled() {
        let filter = Filter::parse("shoeSize gt 40").unwrap();
        let cache = CompileCache::new();
        let mut schemas = Schemas::rfc7643();
        // Not in the User schema: an error, not cached.
        assert!(cache.compiled(&filter, &schemas, Some("User")).is_err());
        schemas
            .load(&json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
                "id": "urn:example:Shoes", "name": "Shoes",
                "attributes": [{"name": "shoeSize", "type": "integer"}]
            }))
            .unwrap();
        schemas
            .load(&json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
                "id": "Shoe", "name": "Shoe", "endpoint": "/Shoes", "schema": "urn:example:Shoes"
            }))
            .unwrap();
        let c = cache.compiled(&filter, &schemas, Some("Shoe")).unwrap();
        assert!(c.matches(&json!({"shoeSize": 44})));
        // Schema-less compiles are cached apart from schema-aware ones.
        let s = cache.compiled(&filter, &schemas, None).unwrap();
        assert!(!Arc::ptr_eq(&c, &s));
        assert!(Arc::ptr_eq(
            &s,
            &cache.compiled(&filter, &Schemas::new(), None).unwrap()
        ));
    }

    #[test]
    fn clones_share_a_revision_and_changes_do_not() {
        let a = Schemas::rfc7643();
        let mut b = a.clone();
        assert_eq!(a.revision(), b.revision());
        b.load(
            &json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
                       "id": "urn:x", "attributes": []}),
        )
        .unwrap();
        assert_ne!(a.revision(), b.revision());
    }
}
