//! SCIM PATCH (RFC 7644 §3.5.2): the PatchOp message, applied atomically against a schema.
//!
//! ```
//! use scimkit::{PatchRequest, PatchOptions, Schemas};
//! use serde_json::json;
//!
//! let mut group = json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
//!     "id": "g1", "displayName": "Tour Guides",
//!     "members": [{"value": "2819c223"}, {"value": "902c246b"}]
//! });
//! let patch = PatchRequest::from_json(&json!({
//!     "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
//!     "Operations": [
//!         {"op": "Remove", "path": "members[value eq \"2819c223\"]"},
//!         {"op": "add", "path": "members", "value": [{"value": "08e1d05d"}]}
//!     ]
//! }))?;
//! let outcome = patch.apply(&mut group, &Schemas::rfc7643(), "Group", &PatchOptions::default())?;
//! assert!(outcome.changed);
//! assert_eq!(group["members"], json!([{"value": "902c246b"}, {"value": "08e1d05d"}]));
//! # Ok::<(), scimkit::Error>(())
//! ```
//!
//! # Semantics
//!
//! scimkit applies the operations in order to a working copy and replaces the resource only when
//! all of them succeed (§3.5.2: "a PATCH request ... SHALL be treated as atomic"); the error of
//! the first failing operation names it (`Operations[2]: ...`, [`Error::operation`](crate::Error::operation)). The outcome
//! says whether the resource changed, so that a service can keep its version when nothing did
//! (§3.5.2.1: an add of a value already present "SHALL NOT change the modify timestamp").
//!
//! Where RFC 7644 §3.5.2.1–3 define the behaviour, scimkit follows them:
//!
//! * paths resolve through the schema like filter paths: attribute names and schema URNs are
//!   case-insensitive, URN-qualified extension attributes live in the extension's object, and a
//!   path that is an extension's URN names that whole object;
//! * `add` with no path merges the value's attributes (extension attributes under their URN); to
//!   a single-valued attribute it sets the value, to a complex one it merges sub-attributes, to a
//!   multi-valued one it appends the values that are not already there;
//! * `remove` needs a path (`noTarget`); it removes an attribute, a sub-attribute, the values a
//!   filter selects, or a sub-attribute of them; a multi-valued attribute left with no values is
//!   removed;
//! * `replace` with no path replaces the value's attributes; a complex attribute's unnamed
//!   sub-attributes are kept; a multi-valued attribute is replaced whole; through a value filter
//!   the selected values (or their sub-attribute) are replaced, and a filter that selects nothing
//!   is `noTarget`; replacing an attribute that has no value adds it;
//! * `readOnly` attributes cannot be changed and `immutable` ones only set when they have no
//!   value (`mutability`); removing a required attribute is `mutability` (§3.5.2.2); values must
//!   have the attribute's type (`invalidValue`); `null` and `[]` unassign (RFC 7643 §2.5);
//! * setting `primary` to true on one value sets it to false on the others (§3.5.2);
//! * writing an extension attribute adds the extension's URN to `schemas`; removing the last one
//!   removes it (§3.5.2: "Clients MAY implicitly modify the schemas attribute").
//!
//! Where the RFC leaves a choice, these are scimkit's:
//!
//! * `op` is matched case-insensitively (`"Add"`), as Microsoft's SCIM guidance asks of every
//!   service; member names of the message (`Operations`, `op`, `path`, `value`) too (RFC 7643
//!   §2.1: attribute names are case-insensitive).
//! * Two values are "the same" by the schema: strings by `caseExact`, dateTimes as instants,
//!   numbers by value, complex values sub-attribute by sub-attribute. Writing a `readOnly` or
//!   `immutable` attribute with the value it already has is not a modification and succeeds.
//! * An `add` of a value that is already there changes nothing. A complex value is "already
//!   there" when an existing one has the same `value` (and the same `type`, when the added one
//!   gives a type) — a member's `display` or `$ref` does not make it another membership — or, for
//!   complex values without `value` (addresses), when an existing one agrees on every
//!   sub-attribute the added one sets (`primary` being false when not given, RFC 7643 §2.4).
//! * `replace` through a value filter without a sub-attribute (`addresses[type eq "work"]`)
//!   replaces each selected value outright: sub-attributes the new value does not name are gone
//!   ("all matching record values SHALL be replaced", §3.5.2.3), unlike `replace` of a
//!   single-valued complex attribute, which keeps them.
//! * Removing an attribute that has no value succeeds and changes nothing. New attributes are
//!   written under the schema's spelling of their name; existing ones keep the spelling they are
//!   stored under. When a value becomes primary, others that were primary get `"primary":
//!   false`; values without `primary` are left without it.
//! * A value is checked before the mutability of its target: a malformed dateTime for a readOnly
//!   attribute is `invalidValue`, not `mutability`.
//! * `add` or `replace` through a value filter, or `remove` of a filtered value, that selects
//!   nothing: `add`/`replace` are `noTarget` (RFC 7644 Table 9); `remove` succeeds without change
//!   (§3.5.2.2's "If the user was not a member of this group, no changes should be made").
//! * A path `emails.type` (a sub-attribute of a multi-valued attribute, no filter) selects that
//!   sub-attribute in every value; `add`/`replace` on an attribute with no values creates one.
//! * A `remove` that carries a `value` is refused (`invalidSyntax`): RFC 7644 gives remove no
//!   value, and ignoring it would remove every member where the client meant some.
//! * Unknown attributes in a path are `invalidPath`; in a value, `invalidValue`. A path that does
//!   not parse — brackets included — is `invalidPath`; a bracketed filter that parses but does
//!   not fit the attribute (an unknown sub-attribute, a comparison of the wrong type) is
//!   `invalidFilter` (RFC 7644 Table 9, "PATCH (Path Filter)").
//! * Null sub-attributes in an added value are unassigned, so they are not stored
//!   (`{"value": "2819c223", "$ref": null}` adds `{"value": "2819c223"}`).
//!
//! The deviations that identity providers send are accepted only under a named [`Profile`]; see
//! [`Quirks`].

mod apply;
mod message;
mod options;

pub use message::{Op, Operation, PATCH_OP_URN, PatchRequest};
pub use options::{PatchOptions, Profile, Quirks};

/// What applying a PATCH did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PatchOutcome {
    /// Whether the resource changed. When false, the resource was left exactly as it was, and a
    /// service can keep its version (ETag) and `meta.lastModified`.
    pub changed: bool,
}
