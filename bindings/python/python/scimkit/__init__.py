"""SCIM 2.0 filters (RFC 7644 §3.4.2.2), PATCH paths and PATCH requests (RFC 7644 §3.5.2),
parsed, printed, checked against the RFC 7643 schemas and applied to resources by the scimkit
Rust engine.

See ``bindings/README.md`` in the repository for the API shared with the Node and WASM bindings.
"""

from ._scimkit import (
    PROFILES,
    Filter,
    PatchPath,
    PatchRequest,
    PatchResult,
    Schemas,
    ScimError,
    __version__,
    apply_patch,
)

__all__ = [
    "PROFILES",
    "Filter",
    "PatchPath",
    "PatchRequest",
    "PatchResult",
    "Schemas",
    "ScimError",
    "__version__",
    "apply_patch",
]
