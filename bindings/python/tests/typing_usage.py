"""Not a test module: mypy --strict checks these uses against python/scimkit/__init__.pyi
(see test_stubs.py); each assert_type pins what the stub promises."""

from __future__ import annotations

from typing import Any, Optional

from typing_extensions import assert_type

from scimkit import (
    PROFILES,
    Filter,
    GeneratedFilter,
    PatchPath,
    PatchRequest,
    PatchResult,
    Schemas,
    ScimError,
    Validated,
    apply_patch,
    generate_filters,
    list_response,
    project,
    service_provider_config,
    sort,
    validate,
)

f = Filter('userName eq "bjensen"', strict=True, max_depth=8)
assert_type(str(f), str)
assert_type(f.text, str)
assert_type(f.ast(), dict[str, Any])
assert_type(f.matches({"userName": "bjensen"}), bool)
assert_type(f.matches('{"userName": "bjensen"}', None), bool)
assert_type(f.matches(b"{}", "Group", Schemas()), bool)

users: list[dict[str, Any]] = [{"userName": "bjensen"}]
assert_type(f.filter(users), list[dict[str, Any]])
assert_type(f.filter(["{}", "[]"]), list[str])
assert_type(f.filter((b"{}" for _ in range(2)), resource_type=None), list[bytes])

s = Schemas.empty()
s.load({"schemas": []})
s.load('{"schemas": []}')
assert_type(s.resource_types(), list[str])
assert_type(s.schema_ids(), list[str])

p = PatchPath("members.value", dollar_names=False)
assert_type(p.ast(), dict[str, Any])

message: dict[str, Any] = {
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations": [{"op": "add", "path": "title", "value": "x"}],
}
assert_type(apply_patch({"userName": "x"}, message), dict[str, Any])
assert_type(apply_patch("{}", b"{}", "Group", profile="entra", schemas=Schemas()), dict[str, Any])
assert_type(PROFILES, tuple[str, ...])
req = PatchRequest('{"schemas": []}', profile=PROFILES[1])
result = req.apply(b"{}", resource_type="Group", schemas=None)
assert_type(result, PatchResult)
assert_type(result.resource, dict[str, Any])
assert_type(result.changed, bool)

v = validate({"userName": "x"}, "User", mode="replace", existing='{"id": "1"}',
             unknown_attributes="drop", canonical_values=False, schemas=s)
assert_type(v, Validated)
assert_type(v.resource, dict[str, Any])
assert_type(v.dropped, list[str])
assert_type(validate(b"{}", mode=None), Validated)
assert_type(project(users[0], attributes="userName,name.givenName"), dict[str, Any])
assert_type(project("{}", "Group", excluded_attributes=["members"], schemas=s), dict[str, Any])
assert_type(project(b"{}", attributes=("userName",)), dict[str, Any])
assert_type(sort(users, "userName"), list[dict[str, Any]])
assert_type(sort(iter(["{}"]), "name.givenName", sort_order="descending"), list[str])
assert_type(sort(users, "displayName", resource_type="Group", schemas=None), list[dict[str, Any]])
assert_type(s.schemas_document(), dict[str, Any])
assert_type(s.resource_types_document(base_url="https://example.com/v2"), dict[str, Any])
assert_type(
    service_provider_config(
        patch=True, bulk={"max_operations": 10, "max_payload_size": 1024},
        filter_max_results=100, change_password=False, sort=True, etag=None,
        documentation_uri="https://example.com",
    ),
    dict[str, Any],
)
assert_type(list_response(users, total_results=10, start_index=1), dict[str, Any])
assert_type(list_response(["{}", b"{}"]), dict[str, Any])

generated = generate_filters(10, seed=7, invalid_ratio=0.3, style="syntax")
assert_type(generated, list[GeneratedFilter])
assert_type(generate_filters(1, seed=None, invalid_ratio=1, style=None), list[GeneratedFilter])
g = generated[0]
assert_type(g.filter, str)
assert_type(g.valid, bool)
assert_type(g.kind, str)
assert_type(g.scim_type, Optional[str])
assert_type(g.detail, Optional[str])
assert_type(g.span, Optional[tuple[int, int]])
assert_type(g.source, Optional[str])
assert_type(g.lenient_accepts, bool)
if g.span is not None:
    start, end = g.span
    assert_type(g.filter[start:end], str)

try:
    Filter("(")
except ScimError as e:
    assert_type(e.scim_type, Optional[str])
    assert_type(e.status, int)
    assert_type(e.detail, str)
    assert_type(e.start, Optional[int])
    assert_type(e.end, Optional[int])
    assert_type(e.rendered, str)
    assert_type(e.document, dict[str, Any])
    assert_type(e.operation, Optional[int])
