"""SCIM 2.0 filters (RFC 7644 §3.4.2.2), PATCH paths and PATCH requests (RFC 7644 §3.5.2),
evaluated and applied by the scimkit Rust engine; resources validated, projected and sorted
against their schemas (RFC 7643, RFC 7644 §3.4.2.3, §3.9), the service provider's own
documents, and generated filters (valid and labelled invalid ones) for testing SCIM parsers."""

from collections.abc import Iterable
from typing import Any, Optional, TypedDict, TypeVar, Union, final

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

#: ``attributes`` / ``excludedAttributes`` (RFC 7644 §3.9): a list of names, or one
#: comma-separated str as in a query string.
_AttributeNames = Union[str, list[str], tuple[str, ...]]

class _BulkConfig(TypedDict):
    """The ``bulk`` capabilities of ``service_provider_config`` (RFC 7643 §5)."""

    max_operations: int
    max_payload_size: int

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
        """The RFC 7643 registry: User (with the enterprise extension) and Group, and the
        ServiceProviderConfig, ResourceType and Schema schemas (RFC 7643 §8.7.2)."""

    @staticmethod
    def empty() -> Schemas:
        """A registry with only the common attributes (id, externalId, meta, schemas)."""

    def load(self, doc: _SchemaDocument) -> None:
        """Adds Schema and ResourceType documents, all or nothing; raises ScimError."""

    def resource_types(self) -> list[str]:
        """The names of the registered resource types."""

    def schema_ids(self) -> list[str]:
        """The URIs of the registered schemas."""

    def schemas_document(self, base_url: Optional[str] = None) -> dict[str, Any]:
        """The ``/Schemas`` response (RFC 7644 §4): a ListResponse of every schema in its
        RFC 7643 §7 form, ``meta.location`` under ``base_url`` (relative without one)."""

    def resource_types_document(self, base_url: Optional[str] = None) -> dict[str, Any]:
        """The ``/ResourceTypes`` response (RFC 7644 §4): a ListResponse of every resource type
        in its RFC 7643 §6 form, ``meta.location`` under ``base_url`` (relative without one)."""

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

def validate(
    resource: _Resource,
    resource_type: str = "User",
    *,
    mode: Optional[str] = "create",
    existing: Optional[_Resource] = None,
    unknown_attributes: Optional[str] = "reject",
    canonical_values: Optional[bool] = True,
    schemas: Optional[Schemas] = None,
) -> Validated:
    """Validates and normalises ``resource`` (a dict, or JSON text) of ``resource_type``: names
    in the schema's spelling, canonical values in theirs, unassigned values left out.

    ``mode`` is ``"create"`` (POST: readOnly values are ignored and reported in ``dropped``),
    ``"replace"`` (PUT; give the stored resource as ``existing`` to check immutable
    attributes), ``"patch-result"`` or ``"response"`` (any case; None is ``"create"``).
    ``unknown_attributes="drop"`` drops and reports attributes the schema does not define
    instead of refusing them; ``canonical_values=False`` accepts any value where a schema lists
    canonical ones. Raises ScimError for the first problem found, ValueError for an unknown
    mode or policy, TypeError for a wrong argument type. ``resource`` is never modified.
    """

@final
class Validated:
    """What ``validate`` returns."""

    @property
    def resource(self) -> dict[str, Any]:
        """The normalised resource: a new dict."""

    @property
    def dropped(self) -> list[str]:
        """The attribute paths that were dropped (``id``, ``emails[1].display``,
        URN-qualified for extension attributes), in no particular order."""

def project(
    resource: _Resource,
    resource_type: str = "User",
    *,
    attributes: Optional[_AttributeNames] = None,
    excluded_attributes: Optional[_AttributeNames] = None,
    schemas: Optional[Schemas] = None,
) -> dict[str, Any]:
    """The resource with only the attributes a response carries (RFC 7644 §3.4.2.5, §3.9): a
    new dict. ``returned: always`` attributes are always there, ``never`` ones never;
    ``attributes`` names the others to return, ``excluded_attributes`` the default ones to
    leave out (at most one of the two). Raises ScimError (``invalidValue``) for a name the
    resource type does not have, or both lists."""

def sort(
    resources: Iterable[_R],
    sort_by: str,
    *,
    sort_order: Optional[str] = "ascending",
    resource_type: str = "User",
    schemas: Optional[Schemas] = None,
) -> list[_R]:
    """The resources in ``sort_by`` order (RFC 7644 §3.4.2.3): a new list of the very objects
    given, each read in place. ``sort_order`` is ``"ascending"`` or ``"descending"`` (any
    case; None is ascending); resources without a value come last when ascending. The sort is
    stable. Raises ScimError (``invalidValue``) for an unknown or complex ``sort_by``."""

def service_provider_config(
    *,
    patch: Optional[bool] = False,
    bulk: Optional[_BulkConfig] = None,
    filter_max_results: Optional[int] = None,
    change_password: Optional[bool] = False,
    sort: Optional[bool] = False,
    etag: Optional[bool] = False,
    documentation_uri: Optional[str] = None,
) -> dict[str, Any]:
    """The ``/ServiceProviderConfig`` document (RFC 7643 §5). Every capability is unsupported
    unless given: ``bulk`` as ``{"max_operations": n, "max_payload_size": n}``, filtering by
    its ``filter_max_results``. Authentication is OAuth bearer tokens (RFC 6750)."""

def list_response(
    resources: Iterable[_Resource],
    *,
    total_results: Optional[int] = None,
    start_index: Optional[int] = 1,
) -> dict[str, Any]:
    """A ListResponse body (RFC 7644 §3.4.2) with new copies of ``resources`` (dicts, or JSON
    text). ``total_results`` defaults to their number; ``start_index`` is 1-based, and a value
    below 1 counts as 1 (RFC 7644 §3.4.2.4)."""

def generate_filters(
    count: int,
    *,
    seed: Optional[int] = 0,
    invalid_ratio: Optional[float] = 0.0,
    style: Optional[str] = "user",
) -> list[GeneratedFilter]:
    """The first ``count`` filters of the generator seeded with ``seed`` (0 to 2**64 - 1): the
    same as ``scimkit gen filters --count N --seed S --invalid-ratio R --style STYLE`` prints.

    ``style="user"`` gives realistic filters on the RFC 7643 User (they compile against it),
    ``"syntax"`` anything RFC 7644's grammar allows (keywords as names, odd URIs, every escape).
    ``invalid_ratio`` (0 to 1) is the share of invalid filters, each made by damaging a valid
    one and labelled with the error ``Filter(text, strict=True)`` raises. The same arguments
    always give the same filters. ``None`` means the default. A wrong type is a TypeError; a
    negative ``count`` or ``seed``, a ratio outside 0..1 or an unknown style a ValueError.
    """

@final
class GeneratedFilter:
    """One filter of ``generate_filters``: the fields of a ``scimkit gen filters`` line, with
    the span in code points. Instances compare equal when every field is equal."""

    @property
    def filter(self) -> str:
        """The filter text."""

    @property
    def valid(self) -> bool:
        """Whether ``Filter(self.filter, strict=True)`` parses it (RFC 7644 §3.4.2.2)."""

    @property
    def kind(self) -> str:
        """For a valid filter its shape (``"eq"``, ``"valuepath"``, ``"logic"``, ..., or
        ``"syntax"``); for an invalid one the damage done (``"unclosed-paren"``, ``"edit"``,
        ...)."""

    @property
    def scim_type(self) -> Optional[str]:
        """The ``scimType`` strict parsing raises (``"invalidFilter"``); None when valid."""

    @property
    def detail(self) -> Optional[str]:
        """The message strict parsing raises (``ScimError.detail``); None when valid."""

    @property
    def span(self) -> Optional[tuple[int, int]]:
        """``(start, end)`` of the offending text in code points (``ScimError.start``,
        ``.end``); None when valid or when the error has no span."""

    @property
    def source(self) -> Optional[str]:
        """For an invalid filter, the valid filter it was made from (the CLI's ``from``); None
        when valid."""

    @property
    def lenient_accepts(self) -> bool:
        """Whether ``Filter(self.filter)`` (the default, lenient options) accepts it; True for
        every valid filter."""

    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
