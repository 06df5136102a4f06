"""SCIM 2.0 filters (RFC 7644 §3.4.2.2) and PATCH paths, parsed, printed, compiled against the
RFC 7643 schemas and evaluated on resources by the scimkit Rust engine.

See ``bindings/README.md`` in the repository for the API shared with the Node and WASM bindings.
"""

from ._scimkit import Filter, PatchPath, Schemas, ScimError, __version__

__all__ = ["Filter", "PatchPath", "Schemas", "ScimError", "__version__"]
