"""SCIM 2.0 filters (RFC 7644 §3.4.2.2), PATCH paths and PATCH requests (RFC 7644 §3.5.2),
parsed, printed, checked against the RFC 7643 schemas and applied to resources by the scimkit
Rust engine; resources validated, projected and sorted against their schemas, the service
provider's own documents, and generated filters (valid and labelled invalid ones) for testing
SCIM parsers.

See ``bindings/README.md`` in the repository for the API shared with the Node and WASM bindings.
"""

from ._scimkit import (
    PROFILES,
    Filter,
    GeneratedFilter,
    PatchPath,
    PatchRequest,
    PatchResult,
    Schemas,
    ScimError,
    Validated,
    __version__,
    apply_patch,
    generate_filters,
    list_response,
    project,
    service_provider_config,
    sort,
    validate,
)

__all__ = [
    "PROFILES",
    "Filter",
    "GeneratedFilter",
    "PatchPath",
    "PatchRequest",
    "PatchResult",
    "Schemas",
    "ScimError",
    "Validated",
    "__version__",
    "apply_patch",
    "generate_filters",
    "list_response",
    "project",
    "service_provider_config",
    "sort",
    "validate",
]
