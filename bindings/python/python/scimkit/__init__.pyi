"""SCIM 2.0 filters (RFC 7644 §3.4.2.2), PATCH paths and PATCH requests (RFC 7644 §3.5.2),
evaluated and applied by the scimkit Rust engine."""

from collections.abc import Iterable
from typing import Any, Optional, TypeVar, Union, final

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

__version__: str

#: The PATCH profiles: ``("rfc", "entra", "okta", "onelogin", "google", "jumpcloud")``.
PROFILES: tuple[str, ...]

#: A resource: a dict evaluated in place, or JSON text parsed once in Rust.
_Resource = Union[dict[str, Any], str, bytes]
_R = TypeVar("_R", bound=_Resource)

#: A PatchOp message (RFC 7644 §3.5.2) as a dict, or as JSON text.
_PatchMessage = Union[dict[str, Any], str, bytes]

#: A Schema or ResourceType document (RFC 7643 §7, §6), a list of them or a ListResponse;
#: or the same as JSON text.
_SchemaDocument = Union[dict[str, Any], list[Any], str, bytes]

class ScimError(ValueError):
    """Every scimkit failure (RFC 7644 §3.12). ``str(e) == e.detail``."""

    #: The RFC 7644 §3.12 ``scimType`` (``"invalidFilter"``, ``"invalidPath"``, ...), or None
    #: for errors that have none (an unknown resource type, a malformed schema).
    scim_type: Optional[str]
    #: The HTTP status: 400, or 500 for a malformed schema.
    status: int
    #: The one-line message.
    detail: str
    #: Start of the offending text, in code points of the source (None without a span).
    start: Optional[int]
    #: End (exclusive) of the offending text, in code points (None without a span).
    end: Optional[int]
    #: The scimType, the detail and, under the source line, a caret.
    rendered: str
    #: The SCIM error response: ``schemas``, ``scimType``, ``detail``, ``status`` (a string).
    document: dict[str, Any]
    #: For a PATCH error, the 0-based index of the failing operation in ``Operations`` (None when
    #: the message itself is malformed, and for errors that are not PATCH errors).
    operation: Optional[int]

@final
class Filter:
    """A SCIM filter, parsed. ``str(f)`` is its canonical form."""

    def __new__(
        cls,
        text: str,
        *,
        strict: bool = False,
        lenient_whitespace: Optional[bool] = None,
        value_path_sub_attr: Optional[bool] = None,
        dollar_names: Optional[bool] = None,
        max_depth: Optional[int] = None,
        max_length: Optional[int] = None,
    ) -> Filter:
        """Parses ``text``; raises ScimError (``invalidFilter``) if it is not a filter.

        ``strict=True`` is exactly the RFC 7644 grammar; the three switches, when given,
        override it. ``max_depth`` (default 64) bounds the nesting of ``(``, ``not (`` and
        ``[``; ``max_length`` (default 65536) bounds the length in bytes. Parsing recurses once
        per level: raise ``max_depth`` past a few hundred only on a thread with a large stack.
        A negative limit is a ValueError.
        """

    @property
    def text(self) -> str:
        """The text the filter was parsed from."""

    def ast(self) -> dict[str, Any]:
        """The syntax tree: nodes with ``op``, ``path``, ``value``, ``operands``, ``span`` (code points)."""

    def matches(
        self,
        resource: _Resource,
        resource_type: Optional[str] = "User",
        schemas: Optional[Schemas] = None,
    ) -> bool:
        """Does ``resource`` match? ``resource_type=None`` evaluates without a schema;
        ``schemas`` defaults to the RFC 7643 registry. Raises ScimError if the filter does not
        fit the resource type (or JSON text is not JSON)."""

    def filter(
        self,
        resources: Iterable[_R],
        resource_type: Optional[str] = "User",
        schemas: Optional[Schemas] = None,
    ) -> list[_R]:
        """The resources that match, in order: the very objects given."""

@final
class PatchPath:
    """A PATCH ``path`` (RFC 7644 §3.5.2), parsed. ``str(p)`` is its canonical form."""

    def __new__(
        cls,
        text: str,
        *,
        strict: bool = False,
        lenient_whitespace: Optional[bool] = None,
        value_path_sub_attr: Optional[bool] = None,
        dollar_names: Optional[bool] = None,
        max_depth: Optional[int] = None,
        max_length: Optional[int] = None,
    ) -> PatchPath:
        """Parses ``text``; raises ScimError (``invalidPath``) if it is not a path."""

    def ast(self) -> dict[str, Any]:
        """The path: ``path``, ``filter`` (optional), ``subAttr`` (optional), ``span``."""

@final
class Schemas:
    """A registry of schemas and resource types."""

    def __new__(cls) -> Schemas:
        """The RFC 7643 registry: User (with the enterprise extension) and Group."""

    @staticmethod
    def empty() -> Schemas:
        """A registry with only the common attributes (id, externalId, meta, schemas)."""

    def load(self, doc: _SchemaDocument) -> None:
        """Adds Schema and ResourceType documents, all or nothing; raises ScimError."""

    def resource_types(self) -> list[str]:
        """The names of the registered resource types."""

    def schema_ids(self) -> list[str]:
        """The URIs of the registered schemas."""

def apply_patch(
    resource: _Resource,
    patch: _PatchMessage,
    resource_type: str = "User",
    *,
    profile: Optional[str] = "rfc",
    schemas: Optional[Schemas] = None,
) -> dict[str, Any]:
    """Applies the PatchOp message ``patch`` to a copy of ``resource`` and returns the patched
    resource, a new dict; ``resource`` itself is never modified.

    ``profile`` is one of ``PROFILES`` (any case; None is ``"rfc"``): an identity provider's
    documented deviations from RFC 7644 to accept. Raises ScimError (with ``operation`` set when
    an operation fails), ValueError for an unknown profile, TypeError for a wrong argument type.
    """

@final
class PatchRequest:
    """A PatchOp message (RFC 7644 §3.5.2), read once, to apply to any number of resources."""

    def __new__(cls, patch: _PatchMessage, *, profile: Optional[str] = "rfc") -> PatchRequest:
        """Reads ``patch`` (a dict, or JSON text as str or bytes) with the options of
        ``profile``; raises ScimError if it is not a valid PatchOp message."""

    def apply(
        self,
        resource: _Resource,
        resource_type: str = "User",
        schemas: Optional[Schemas] = None,
    ) -> PatchResult:
        """Applies the request, atomically, to a copy of ``resource``; ``resource`` itself is
        never modified. Raises ScimError when an operation fails."""

@final
class PatchResult:
    """What ``PatchRequest.apply`` returns."""

    @property
    def resource(self) -> dict[str, Any]:
        """The patched resource: a new dict (members in the order of the resource given)."""

    @property
    def changed(self) -> bool:
        """Whether the request changed the resource (when False, a service can keep its ETag
        and ``meta.lastModified``)."""
