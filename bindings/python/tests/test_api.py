"""The Python API beyond the shared vectors (bindings/README.md): options, input forms, the
error object, registries, the compile cache, PatchPath, PATCH, validation, projection, sorting,
the service provider's documents, argument types and hostile input."""

from __future__ import annotations

import copy
import json
import pickle
import sys
import threading
from collections import OrderedDict
from typing import Any

import pytest

import scimkit
from scimkit import (
    PROFILES,
    Filter,
    PatchPath,
    PatchRequest,
    PatchResult,
    Schemas,
    ScimError,
    Validated,
    apply_patch,
    list_response,
    project,
    service_provider_config,
    sort,
    validate,
)

USER = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "id": "2819c223",
    "userName": "bjensen",
    "name": {"familyName": "Jensen", "givenName": "Barbara"},
    "emails": [
        {"type": "work", "value": "bjensen@example.com", "primary": True},
        {"type": "home", "value": "babs@jensen.org"},
    ],
    "active": True,
    "meta": {"lastModified": "2011-05-13T04:42:34Z"},
}

SHOE_SCHEMA = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    "id": "urn:example:Shoes",
    "name": "Shoes",
    "attributes": [
        {"name": "shoeSize", "type": "integer"},
        {"name": "brand", "type": "string", "caseExact": True},
    ],
}
SHOE_TYPE = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    "id": "Shoe",
    "name": "Shoe",
    "endpoint": "/Shoes",
    "schema": "urn:example:Shoes",
}


def scim_error(fn: Any, *args: Any, **kwargs: Any) -> ScimError:
    with pytest.raises(ScimError) as info:
        fn(*args, **kwargs)
    return info.value


# --- the module ---------------------------------------------------------------------------------


def test_exports() -> None:
    assert set(scimkit.__all__) == {
        "Filter", "PatchPath", "Schemas", "ScimError", "__version__",
        "apply_patch", "PatchRequest", "PatchResult", "PROFILES",
        "validate", "Validated", "project", "sort", "service_provider_config", "list_response",
        "generate_filters", "GeneratedFilter",
    }
    assert all(hasattr(scimkit, name) for name in scimkit.__all__)
    assert isinstance(scimkit.__version__, str) and scimkit.__version__.count(".") == 2
    for cls in (
        Filter, PatchPath, Schemas, ScimError, PatchRequest, PatchResult, Validated,
        scimkit.GeneratedFilter,
    ):
        assert cls.__module__ == "scimkit"


@pytest.mark.parametrize(
    "cls", [Filter, PatchPath, Schemas, PatchRequest, PatchResult, Validated]
)
def test_classes_are_final(cls: type) -> None:
    with pytest.raises(TypeError):
        type("Sub", (cls,), {})


# --- Filter: parse, print, text, ast --------------------------------------------------------------


def test_canonical_text_and_repr() -> None:
    f = Filter('userName Eq "bjensen" AND (emails co "example.com")')
    assert str(f) == 'userName eq "bjensen" and emails co "example.com"'
    assert f.text == 'userName Eq "bjensen" AND (emails co "example.com")'
    assert repr(f) == "Filter('userName Eq \"bjensen\" AND (emails co \"example.com\")')"
    assert str(Filter(str(f))) == str(f)


def test_ast_spans_are_code_points_like_error_spans() -> None:
    # "ë" is two bytes of UTF-8 and "😀" four, but one code point each: spans index the str.
    text = 'name.givenName eq "Zoë😀" and title pr'
    tree = Filter(text).ast()
    start, end = tree["operands"][1]["span"]
    assert text[start:end] == "title pr"
    assert tree["span"] == [0, len(text)]
    path = 'members[display eq "Zoë"].value'
    assert PatchPath(path).ast()["span"] == [0, len(path)]


def test_ast() -> None:
    assert Filter("title pr").ast() == {
        "op": "pr",
        "path": {"name": "title", "span": [0, 5]},
        "span": [0, 8],
    }
    tree = Filter('emails[type eq "work"] or not (active eq true)').ast()
    assert tree["op"] == "or"
    assert tree["operands"][0]["op"] == "valuePath"
    assert tree["operands"][0]["filter"]["value"] == "work"
    assert tree["operands"][1] == {
        "op": "not",
        "operand": {
            "op": "eq",
            "path": {"name": "active", "span": [31, 37]},
            "value": True,
            "span": [31, 45],
        },
        "span": [26, 46],
    }
    uri = Filter("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName pr").ast()
    assert uri["path"] == {
        "uri": "urn:ietf:params:scim:schemas:core:2.0:User",
        "name": "name",
        "subAttr": "familyName",
        "span": [0, 58],
    }
    assert Filter("x eq 1.5").ast()["value"] == 1.5
    assert Filter("x eq 12").ast()["value"] == 12
    assert Filter("x eq null").ast()["value"] is None


# --- parse options ---------------------------------------------------------------------------


def test_strict_and_switches() -> None:
    text = 'userName  eq "bjensen"'
    assert str(Filter(text)) == 'userName eq "bjensen"'
    e = scim_error(Filter, text, strict=True)
    assert (e.scim_type, e.start, e.end) == ("invalidFilter", 9, 10)
    # A switch given overrides strict.
    assert str(Filter(text, strict=True, lenient_whitespace=True)) == 'userName eq "bjensen"'
    scim_error(Filter, text, lenient_whitespace=False)

    entra = 'emails[type eq "work"].value eq "x"'
    assert str(Filter(entra)) == 'emails[type eq "work" and value eq "x"]'
    scim_error(Filter, entra, value_path_sub_attr=False)
    scim_error(Filter, entra, strict=True)

    assert str(Filter("members.$ref pr")) == "members.$ref pr"
    e = scim_error(Filter, "members.$ref pr", dollar_names=False)
    assert (e.start, e.end) == (8, 12)
    assert str(Filter("members.$ref pr", strict=True, dollar_names=True)) == "members.$ref pr"


def test_limits() -> None:
    deep = "(" * 3 + "a pr" + ")" * 3
    assert str(Filter(deep, max_depth=3)) == "a pr"
    e = scim_error(Filter, deep, max_depth=2)
    assert (e.start, e.end) == (2, 3)
    e = scim_error(Filter, "userName pr", max_length=5)
    assert (e.start, e.end) == (5, 11)
    assert "limit" in e.detail
    assert str(Filter("a pr", max_length=2**80, max_depth=2**80)) == "a pr"
    # max_depth is at least 1
    assert str(Filter("a pr", max_depth=0)) == "a pr"


@pytest.mark.parametrize("cls", [Filter, PatchPath])
def test_option_types(cls: Any) -> None:
    for kwargs in (
        {"strict": 1},
        {"strict": "yes"},
        {"lenient_whitespace": 0},
        {"dollar_names": "no"},
        {"max_depth": 1.5},
        {"max_depth": True},
        {"max_length": "10"},
    ):
        with pytest.raises(TypeError):
            cls("a", **kwargs)
    with pytest.raises(ValueError, match="max_length must not be negative"):
        cls("a", max_length=-1)
    with pytest.raises(ValueError, match="max_depth must not be negative"):
        cls("a", max_depth=-(2**80))
    with pytest.raises(TypeError):
        cls("a", True)  # the options are keyword-only
    with pytest.raises(TypeError):
        cls("a", unknown=True)


# --- matching: input forms ----------------------------------------------------------------------


def test_matches_dict_text_and_bytes() -> None:
    f = Filter('userName eq "BJENSEN" and emails[type eq "work" and value co "@example.com"]')
    assert f.matches(USER)
    assert f.matches(json.dumps(USER))
    assert f.matches(json.dumps(USER).encode())
    assert not f.matches({"userName": "bjensen"})
    assert not f.matches('{"userName": "bjensen"}')
    assert not f.matches(b"{}")
    # JSON text that is not an object is matched as the core matches any JSON value.
    assert not f.matches("[1, 2]")
    assert Filter("not (userName pr)").matches("42")


def test_filter_returns_the_objects_given() -> None:
    a, b, c = dict(USER), {"userName": "other"}, json.dumps(USER)
    f = Filter('userName eq "bjensen"')
    kept = f.filter([a, b, c])
    assert kept == [a, c] and kept[0] is a and kept[1] is c
    assert f.filter((a, b)) == [a]
    assert f.filter(r for r in [b, a]) == [a]
    assert f.filter(iter([])) == []
    assert f.filter({"k": a}.values())[0] is a


def test_tuples_and_dict_subclasses() -> None:
    user = {"emails": ({"type": "work", "value": "x@example.com"},)}
    assert Filter('emails[type eq "work"]').matches(user)
    assert Filter('emails.value co "example"').matches(user)
    ordered = OrderedDict(userName="bjensen")
    assert Filter('userName eq "bjensen"').matches(ordered)
    assert Filter('userName eq "bjensen"').filter([ordered])[0] is ordered


def test_member_names_are_case_insensitive() -> None:
    f = Filter('userName eq "bjensen" and name.familyName eq "jensen"')
    assert f.matches({"USERNAME": "BJensen", "Name": {"FAMILYNAME": "Jensen"}})
    # An exact match wins over a case-insensitive one.
    assert f.matches({"username": "nope", "userName": "bjensen", "name": {"familyName": "jensen"}})
    # Names that are not str, or differ in length, are not matches.
    assert not Filter("userName pr").matches({1: "x", "user_name": "x", "userNames": "x"})
    # Non-ASCII names never equal ASCII ones ignoring ASCII case.
    assert not Filter("id pr").matches({"\u0130d": "x"}, resource_type=None)


def test_python_types() -> None:
    schemaless = {"resource_type": None}
    # bool is not an int
    assert Filter("active eq true").matches({"active": True})
    assert not Filter("active eq true").matches({"active": 1})
    assert not Filter("n eq 1").matches({"n": True}, **schemaless)
    # int and float compare numerically
    assert Filter("n eq 1").matches({"n": 1.0}, **schemaless)
    assert Filter("n gt 9007199254740992").matches({"n": 9007199254740993}, **schemaless)
    assert Filter("n gt 1e300").matches({"n": 10**301}, **schemaless)
    assert Filter("n eq 18446744073709551615").matches({"n": 2**64 - 1}, **schemaless)
    # beyond float range, and NaN: a number equal to nothing
    assert not Filter("n gt 0").matches({"n": 10**400}, **schemaless)
    assert Filter("n pr").matches({"n": 10**400}, **schemaless)
    assert not Filter("n eq 0").matches({"n": float("nan")}, **schemaless)
    # None is null
    assert Filter("n eq null").matches({"n": None}, **schemaless)
    assert not Filter("n pr").matches({"n": None}, **schemaless)
    # lists and tuples are arrays
    assert Filter('n eq "b"').matches({"n": ["a", "b"]}, **schemaless)
    assert Filter('n eq "b"').matches({"n": ("a", "b")}, **schemaless)
    assert not Filter("n pr").matches({"n": []}, **schemaless)
    # str subclasses are strings
    class Name(str):
        pass

    assert Filter('n eq "x"').matches({"n": Name("X")}, **schemaless)


@pytest.mark.parametrize(
    "value",
    [object(), {1, 2}, b"bytes", bytearray(b"x"), 1j, range(3), Exception("x")],
    ids=lambda v: type(v).__name__,
)
def test_other_values_equal_nothing(value: Any) -> None:
    r = {"n": value}
    for text in ('n eq "x"', "n eq 1", "n eq true", "n gt 0", 'n co "b"', "n eq null"):
        assert not Filter(text).matches(r, resource_type=None), text
    assert Filter("n pr").matches(r, resource_type=None)
    assert Filter('n ne "x"').matches(r, resource_type=None)


def test_lone_surrogates_in_resources() -> None:
    r = {"userName": "\ud800", "\udc00": "x", "title": "ok"}
    assert not Filter('userName eq "x"').matches(r)
    assert Filter("userName pr").matches(r)
    assert Filter('title eq "ok"').matches(r)
    e = scim_error(Filter("title pr").matches, '{"title": "\ud800"}')
    assert (e.scim_type, e.status) == ("invalidSyntax", 400)


def test_invalid_json_text() -> None:
    f = Filter("title pr")
    for text in ("{", '{"a": }', "", b"\xff", b'{"a": 1} x'):
        e = scim_error(f.matches, text)
        assert (e.scim_type, e.status, e.start, e.end) == ("invalidSyntax", 400, None, None)
        assert e.detail.startswith("the resource is not valid JSON: ")
    e = scim_error(f.filter, [USER, "{"])
    assert e.scim_type == "invalidSyntax"
    # serde_json's nesting limit: deep JSON text is an error, not a crash
    e = scim_error(f.matches, "[" * 100_000)
    assert e.scim_type == "invalidSyntax"


# --- resource types and registries --------------------------------------------------------------


def test_resource_types() -> None:
    group = {"displayName": "Admins", "members": [{"value": "2819c223", "display": "Babs"}]}
    f = Filter('members[value eq "2819c223"]')
    assert f.matches(group, "Group")
    assert f.matches(group, resource_type="group")
    e = scim_error(f.matches, group)  # members is not a User attribute
    assert (e.scim_type, e.status) == ("invalidFilter", 400)
    assert (e.start, e.end) == (0, 7)
    e = scim_error(f.matches, group, "Widget")
    assert (e.scim_type, e.status, e.start, e.end) == (None, 400, None, None)
    assert "Widget" in e.detail and e.document["status"] == "400"
    assert "scimType" not in e.document


def test_schemaless() -> None:
    f = Filter('meta.created gt "2020-01-01T00:00:00Z" and tags eq "A"')
    doc = {"meta": {"created": "2021-06-01T12:00:00+02:00"}, "tags": ["a", "b"]}
    assert f.matches(doc, resource_type=None)
    assert f.matches(doc, None)
    assert f.filter([doc, {}], None) == [doc]
    # without a schema unknown attributes are fine; with one they are errors
    scim_error(f.matches, doc)


def test_schemas() -> None:
    rfc = Schemas()
    assert rfc.resource_types() == ["User", "Group"]
    assert rfc.schema_ids() == [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:core:2.0:Group",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        # RFC 7643 §8.7.2: the schemas of the service provider's own documents
        "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
        "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
        "urn:ietf:params:scim:schemas:core:2.0:Schema",
    ]
    assert repr(rfc) == "Schemas(resource_types=['User', 'Group'])"
    empty = Schemas.empty()
    assert empty.resource_types() == [] and empty.schema_ids() == []
    e = scim_error(Filter("id pr").matches, {"id": "1"}, "User", empty)
    assert e.scim_type is None and "User" in e.detail


def test_custom_schemas() -> None:
    s = Schemas()
    assert s.load([SHOE_TYPE, SHOE_SCHEMA]) is None  # schemas first, whatever the order
    assert s.resource_types() == ["User", "Group", "Shoe"]
    assert "urn:example:Shoes" in s.schema_ids()
    f = Filter('shoeSize gt 40 and brand eq "Acme"')
    assert f.matches({"shoeSize": 44, "brand": "Acme"}, "Shoe", s)
    assert not f.matches({"shoeSize": 44, "brand": "ACME"}, "Shoe", s)  # caseExact
    assert f.filter([{"shoeSize": 39, "brand": "Acme"}], "Shoe", s) == []
    # The default registry does not know Shoe; the custom one still knows User.
    scim_error(f.matches, {}, "Shoe")
    assert Filter('userName eq "bjensen"').matches(USER, "User", s)
    # from JSON text, str or bytes
    t = Schemas()
    t.load(json.dumps(SHOE_SCHEMA))
    t.load(json.dumps(SHOE_TYPE).encode())
    assert t.resource_types() == ["User", "Group", "Shoe"]
    # a ListResponse
    u = Schemas.empty()
    u.load(
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 2,
            "Resources": [SHOE_SCHEMA, SHOE_TYPE],
        }
    )
    assert u.resource_types() == ["Shoe"]


def test_cache_is_not_stale_after_load() -> None:
    s = Schemas()
    s.load([SHOE_SCHEMA, SHOE_TYPE])
    f = Filter('brand eq "acme"')
    shoe = {"brand": "ACME"}
    assert not f.matches(shoe, "Shoe", s)  # compiled with caseExact true, and cached
    relaxed = json.loads(json.dumps(SHOE_SCHEMA))
    relaxed["attributes"][1]["caseExact"] = False
    s.load(relaxed)
    assert f.matches(shoe, "Shoe", s)  # recompiled against the new revision
    assert f.filter([shoe], "Shoe", s) == [shoe]
    # Another registry with other contents, the same filter object.
    other = Schemas()
    other.load([SHOE_SCHEMA, SHOE_TYPE])
    assert not f.matches(shoe, "Shoe", other)
    assert f.matches(shoe, "Shoe", s)
    # An unknown attribute becomes known.
    g = Filter("size gt 3")
    scim_error(g.matches, {"size": 4}, "Shoe", s)
    more = json.loads(json.dumps(SHOE_SCHEMA))
    more["attributes"].append({"name": "size", "type": "integer"})
    s.load(more)
    assert g.matches({"size": 4}, "Shoe", s)


def test_load_is_all_or_nothing() -> None:
    s = Schemas()
    before = (s.resource_types(), s.schema_ids())
    bad = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "X",
           "name": "X", "endpoint": "/X", "schema": "urn:example:missing"}
    e = scim_error(s.load, [SHOE_SCHEMA, SHOE_TYPE, bad])
    assert (e.scim_type, e.status) == (None, 500)
    assert e.document == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "detail": e.detail,
        "status": "500",
    }
    assert (s.resource_types(), s.schema_ids()) == before
    typo = json.loads(json.dumps(SHOE_SCHEMA))
    typo["attributes"][0]["type"] = "integr"
    e = scim_error(s.load, typo)
    assert "integr" in e.detail and e.status == 500


def test_load_input_errors() -> None:
    s = Schemas()
    for doc in (42, None, 1.5, object(), {"a"}):
        with pytest.raises(TypeError):
            s.load(doc)
    with pytest.raises(TypeError):
        s.load({1: "x"})
    with pytest.raises(TypeError):
        s.load({"attributes": [{"name": "a", "x": {1, 2}}]})
    for text in ("{", b"[1,", "\ud800"):
        e = scim_error(s.load, text)
        assert (e.scim_type, e.status) == (None, 500)
        assert e.detail.startswith("schema data is not valid JSON")
    for value in (float("nan"), float("inf"), 10**400):
        e = scim_error(s.load, {"x": value})
        assert e.detail.startswith("schema data is not valid JSON")
    with pytest.raises(TypeError):
        s.load()  # type: ignore[call-arg]


def test_load_hostile_nesting() -> None:
    s = Schemas()
    deep: Any = {}
    node = deep
    for _ in range(100_000):
        node["a"] = {}
        node = node["a"]
    e = scim_error(s.load, deep)
    assert "levels deep" in e.detail
    cyclic: dict[str, Any] = {"schemas": []}
    cyclic["self"] = cyclic
    scim_error(s.load, cyclic)
    e = scim_error(s.load, "[" * 100_000)
    assert e.status == 500


# --- the error object ---------------------------------------------------------------------------


def test_scim_error_fields() -> None:
    e = scim_error(Filter, 'userName equals "bjensen"')
    assert isinstance(e, ValueError)
    assert issubclass(ScimError, ValueError)
    assert e.scim_type == "invalidFilter"
    assert e.status == 400
    assert e.detail == "expected a comparison operator such as `eq`, found `equals`"
    assert str(e) == e.detail and e.args == (e.detail,)
    assert (e.start, e.end) == (9, 15)
    assert e.rendered == (
        "invalidFilter: expected a comparison operator such as `eq`, found `equals`\n"
        "  |\n"
        '1 | userName equals "bjensen"\n'
        "  |          ^^^^^^\n"
    )
    assert e.document == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "scimType": "invalidFilter",
        "detail": e.detail,
        "status": "400",
    }
    json.dumps(e.document)


def test_scim_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        Filter("(")
    try:
        Filter("(")
    except ValueError as e:
        assert isinstance(e, ScimError)


def test_scim_error_pickles() -> None:
    e = scim_error(Filter, "a eq")
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is ScimError
    assert (again.scim_type, again.status, again.detail, again.start, again.end) == (
        e.scim_type, e.status, e.detail, e.start, e.end)
    assert again.document == e.document and again.rendered == e.rendered


def test_spans_are_code_points() -> None:
    # "Åsa" and "😀" take 2 and 4 bytes in UTF-8, one code point each.
    text = 'userName eq "Åsa😀" and x eq'
    e = scim_error(Filter, text)
    assert (e.start, e.end) == (len(text), len(text))
    text = 'title eq "😀" and naïve pr'
    e = scim_error(Filter, text)
    assert text[e.start : e.end] == "ïve"
    text = 'displayName eq "Åsa" and shoeSize gt 1'
    e = scim_error(Filter(text).matches, {})
    assert text[e.start : e.end] == "shoeSize"
    text = 'emails[value eq "😀"] and active gt true'
    e = scim_error(Filter(text).matches, {})
    assert text[e.start : e.end] == "gt"
    assert e.rendered.splitlines()[-1].index("^") - 4 == e.start


def test_lone_surrogates_in_arguments() -> None:
    e = scim_error(Filter, 'userName eq "\ud800"')
    assert (e.scim_type, e.status, e.start) == ("invalidFilter", 400, None)
    e = scim_error(PatchPath, "name\udcff")
    assert e.scim_type == "invalidPath"
    e = scim_error(Filter("id pr").matches, {}, "Us\ud800er")
    assert e.scim_type is None and "unknown resource type" in e.detail


# --- PatchPath ----------------------------------------------------------------------------------


def test_patch_path() -> None:
    p = PatchPath('members[value EQ "2819c223"].displayName')
    assert str(p) == 'members[value eq "2819c223"].displayName'
    assert repr(p) == "PatchPath('members[value EQ \"2819c223\"].displayName')"
    ast = p.ast()
    assert ast["path"] == {"name": "members", "span": [0, 7]}
    assert ast["filter"]["op"] == "eq" and ast["subAttr"] == "displayName"
    assert ast["span"] == [0, 40]
    assert PatchPath("name.familyName").ast() == {
        "path": {"name": "name", "subAttr": "familyName", "span": [0, 15]},
        "span": [0, 15],
    }
    e = scim_error(PatchPath, 'emails[type eq "wörk"]x')
    assert (e.scim_type, e.status) == ("invalidPath", 400)
    assert 'emails[type eq "wörk"]x'[e.start : e.end] == "x"
    assert str(PatchPath("members.$ref")) == "members.$ref"
    scim_error(PatchPath, "members.$ref", strict=True)
    scim_error(PatchPath, "a.b", max_length=2)


# --- argument types ------------------------------------------------------------------------------


def test_argument_types() -> None:
    f = Filter("title pr")
    bad_calls = [
        lambda: Filter(42),
        lambda: Filter(b"title pr"),
        lambda: Filter(None),
        lambda: Filter(),
        lambda: PatchPath(["x"]),
        lambda: f.matches(42),
        lambda: f.matches(None),
        lambda: f.matches([USER]),
        lambda: f.matches(bytearray(b"{}")),
        lambda: f.matches(USER, 42),
        lambda: f.matches(USER, b"User"),
        lambda: f.matches(USER, "User", "schemas"),
        lambda: f.matches(USER, "User", {}),
        lambda: f.matches(),
        lambda: f.filter(42),
        lambda: f.filter(None),
        lambda: f.filter("[]"),
        lambda: f.filter(b"[]"),
        lambda: f.filter(USER),
        lambda: f.filter([USER, 42]),
        lambda: f.filter([[USER]]),
        lambda: f.filter([USER], schemas=Filter("x pr")),
        lambda: Schemas(1),
        lambda: Schemas.empty(1),
    ]
    for call in bad_calls:
        with pytest.raises(TypeError):
            call()


def test_filter_compiles_before_reading_resources() -> None:
    f = Filter("nonsense pr")
    scim_error(f.filter, [])
    scim_error(f.filter, iter([42]))  # the compile error comes first


def test_errors_from_the_iterable_propagate() -> None:
    def resources() -> Any:
        yield USER
        raise KeyError("boom")

    with pytest.raises(KeyError):
        Filter("title pr").filter(resources())


# --- hostile input ------------------------------------------------------------------------------


def test_hostile_filters() -> None:
    e = scim_error(Filter, "(" * 65 + "a pr" + ")" * 65)
    assert (e.start, e.end) == (64, 65) and "nesting" in e.detail
    e = scim_error(Filter, "not (" * 100 + "a pr" + ")" * 100)
    assert e.scim_type == "invalidFilter"
    e = scim_error(Filter, "a[" * 100 + "b pr" + "]" * 100)
    assert e.scim_type == "invalidFilter"
    e = scim_error(Filter, "(" * 1_000_000)
    assert (e.start, e.end) == (65536, 1_000_000)
    long_or = " or ".join(f'userName eq "u{i}"' for i in range(3000))
    f = Filter(long_or, max_length=10**6)
    assert f.matches({"userName": "u2999"}) and not f.matches({"userName": "x"})
    scim_error(Filter, '"' * 10_000)
    scim_error(Filter, "\x00")
    scim_error(Filter, "userName eq \"\\ud800\"")


def test_hostile_resources() -> None:
    # Self-reference: evaluation only follows the paths the filter names.
    r: dict[str, Any] = {"userName": "x"}
    r["name"] = {"familyName": r, "givenName": [r, r]}
    r["emails"] = [r]
    for text in ("name pr", "name.familyName pr", 'emails.value eq "x"', 'emails[type eq "w"]'):
        Filter(text).matches(r)
    Filter("a.b pr").matches(r, resource_type=None)
    # Deep nesting where the filter does not look, and where it does.
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(100_000):
        node["a"] = {}
        node = node["a"]
    assert Filter("a pr").matches(deep, resource_type=None)
    assert Filter("a.a pr").matches(deep, None)
    assert not Filter("a.b pr").matches(deep, None)
    # A long list, and a dict mutated by a key's __eq__ during a lookup.
    assert Filter('emails.value eq "last"').matches(
        {"emails": [{"value": str(i)} for i in range(100_000)] + [{"value": "last"}]}
    )

    class Evil:
        def __init__(self, target: dict[Any, Any]) -> None:
            self.target = target

        def __hash__(self) -> int:
            return hash("userName")

        def __eq__(self, other: object) -> bool:
            self.target.clear()
            raise RuntimeError("boom")

    victim: dict[Any, Any] = {"title": "x"}
    victim[Evil(victim)] = 1
    victim["USERNAME"] = "a"
    Filter("userName pr").matches(victim)  # no crash, whatever the answer
    victim2: dict[Any, Any] = {"name": {"familyName": "x"}}
    victim2["name"][Evil(victim2)] = 1
    Filter("name pr").matches(victim2)
    Filter('name.givenName eq "x"').matches(victim2)


def test_getitem_overrides_are_not_called() -> None:
    class Loud(dict):  # type: ignore[type-arg]
        def __getitem__(self, key: Any) -> Any:
            raise AssertionError("called")

        def get(self, key: Any, default: Any = None) -> Any:
            raise AssertionError("called")

        def __iter__(self) -> Any:
            raise AssertionError("called")

    assert Filter('userName eq "x" or name pr').matches(Loud(userName="x", Name={"a": 1}))


def test_threads_share_a_filter() -> None:
    f = Filter('userName eq "bjensen"')
    s = Schemas()
    results: list[bool] = []

    def work() -> None:
        for i in range(200):
            rt = "User" if i % 2 else "user"
            results.append(f.matches(USER, rt, s if i % 3 else None))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 800


def test_refcounts_do_not_leak() -> None:
    if not hasattr(sys, "getrefcount"):
        pytest.skip("no refcounts")
    f = Filter('emails[type eq "work"] and userName pr')
    r = {"userName": "x", "emails": [{"type": "work"}]}
    before = (sys.getrefcount(r), sys.getrefcount(r["emails"]))
    for _ in range(1000):
        f.matches(r)
        f.filter([r])
    assert (sys.getrefcount(r), sys.getrefcount(r["emails"])) == before


def test_reentrant_use_during_filter() -> None:
    f = Filter('userName eq "bjensen"')
    s = Schemas()

    def resources() -> Any:
        for r in (USER, {"userName": "x"}):
            # The same filter and registry used while filter() is running.
            assert f.matches(r, "User", s) == (r is USER)
            assert f.filter([r], "User", s) == ([r] if r is USER else [])
            s.load(SHOE_SCHEMA)
            yield r

    assert f.filter(resources(), "User", s) == [USER]


# --- PATCH --------------------------------------------------------------------------------------

PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def patch_op(*operations: Any) -> dict[str, Any]:
    return {"schemas": [PATCH_OP], "Operations": list(operations)}


GROUP = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    "id": "e9e30dba",
    "displayName": "Tour Guides",
    "members": [{"value": "2819c223", "display": "Babs"}, {"value": "902c246b"}],
}


def same_json(a: Any, b: Any) -> bool:
    """Equal as JSON values: unlike ==, True, 1 and 1.0 differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def test_apply_patch() -> None:
    patch = patch_op(
        {"op": "replace", "path": "name.givenName", "value": "Babs"},
        {"op": "add", "path": "emails", "value": [{"type": "home", "value": "b@jensen.org"}]},
        {"op": "remove", "path": 'emails[type eq "work"]'},
    )
    got = apply_patch(USER, patch)
    assert got["name"] == {"familyName": "Jensen", "givenName": "Babs"}
    assert got["emails"] == [
        {"type": "home", "value": "babs@jensen.org"},
        {"type": "home", "value": "b@jensen.org"},
    ]
    assert {k: v for k, v in got.items() if k not in ("name", "emails")} == {
        k: v for k, v in USER.items() if k not in ("name", "emails")
    }
    # The default resource type is User; Group is named.
    got = apply_patch(GROUP, patch_op({"op": "remove", "path": 'members[value eq "2819c223"]'}),
                      "Group")
    assert got["members"] == [{"value": "902c246b"}]
    assert apply_patch(GROUP, patch_op({"op": "add", "path": "displayName", "value": "x"}),
                       resource_type="group")["displayName"] == "x"


@pytest.mark.parametrize("resource_form", ["dict", "str", "bytes"])
@pytest.mark.parametrize("patch_form", ["dict", "str", "bytes"])
def test_patch_dicts_and_json_text(resource_form: str, patch_form: str) -> None:
    def form(value: Any, how: str) -> Any:
        if how == "str":
            return json.dumps(value, ensure_ascii=False)
        if how == "bytes":
            return json.dumps(value).encode()
        return value

    patch = patch_op({"op": "replace", "path": "displayName", "value": "Guides Ünited"},
                     {"op": "add", "path": "members", "value": [{"value": "08e1d05d"}]})
    want = dict(GROUP, displayName="Guides Ünited",
                members=GROUP["members"] + [{"value": "08e1d05d"}])
    resource, message = form(GROUP, resource_form), form(patch, patch_form)
    got = apply_patch(resource, message, "Group")
    assert type(got) is dict and same_json(got, want)
    result = PatchRequest(message).apply(resource, "Group")
    assert same_json(result.resource, want) and result.changed is True


def test_patch_result_and_changed() -> None:
    work = {"type": "work", "value": "bjensen@example.com", "primary": True}
    request = PatchRequest(patch_op({"op": "add", "path": "emails", "value": [work]}))
    result = request.apply(USER)  # already there (§3.5.2.1): nothing changes
    assert isinstance(result, PatchResult)
    assert result.changed is False and same_json(result.resource, USER)
    assert result.resource is not USER and result.resource is result.resource
    assert repr(result).startswith("PatchResult(resource={'schemas': ") and repr(result).endswith(
        ", changed=False)")
    # A small frozen class: no constructor, no setting, no new attributes.
    with pytest.raises(AttributeError):
        result.changed = True  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.resource = {}  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.other = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        PatchResult()  # type: ignore[call-arg]
    changed = request.apply({"userName": "x"})
    assert changed.changed is True
    assert changed.resource == {"userName": "x", "emails": [work]}


def test_patch_request_reuse() -> None:
    request = PatchRequest(patch_op({"op": "replace", "path": "active", "value": False}))
    assert repr(request) == "<PatchRequest: 1 operation, profile 'rfc'>"
    users = [dict(USER, id=str(i), active=i % 2 == 0) for i in range(6)]
    results = [request.apply(u) for u in users]
    assert [r.changed for r in results] == [True, False] * 3
    assert all(r.resource["active"] is False for r in results)
    assert [u["active"] for u in users] == [True, False] * 3  # the inputs are as they were
    # The same request on JSON text, another resource type and another registry.
    assert request.apply(json.dumps(USER)).resource["active"] is False
    e = scim_error(request.apply, GROUP, "Group")  # Group has no `active`
    assert (e.scim_type, e.operation) == ("invalidPath", 0)
    assert request.apply(USER, "User", Schemas()).changed is True
    two = PatchRequest(patch_op({"op": "add", "path": "title", "value": "x"},
                                {"op": "remove", "path": "title"}), profile="Okta")
    assert repr(two) == "<PatchRequest: 2 operations, profile 'okta'>"
    result = two.apply({"userName": "x"})
    assert (result.resource, result.changed) == ({"userName": "x"}, False)


def test_profiles() -> None:
    assert PROFILES == ("rfc", "entra", "okta", "onelogin", "google", "jumpcloud")
    assert isinstance(PROFILES, tuple)
    entra = patch_op({"op": "Replace", "path": "active", "value": "False"})
    user = {"userName": "bjensen", "active": True}
    # Entra ID sends booleans as strings; only its profile accepts them.
    assert apply_patch(user, entra, profile="entra") == {"userName": "bjensen", "active": False}
    assert PatchRequest(entra, profile="entra").apply(user).resource["active"] is False
    for name in ("rfc", "okta", "onelogin", "google", "jumpcloud"):
        e = scim_error(apply_patch, user, entra, profile=name)
        assert (e.scim_type, e.operation) == ("invalidValue", 0)
    e = scim_error(apply_patch, user, entra)
    assert e.scim_type == "invalidValue"
    # Names as Profile::from_name reads them: any case, and the core's aliases; None is rfc.
    assert apply_patch(user, entra, profile="ENTRA")["active"] is False
    assert apply_patch(user, entra, profile="azure")["active"] is False
    scim_error(apply_patch, user, entra, profile=None)
    scim_error(PatchRequest(entra, profile=None).apply, user)
    # Removing members listed in `value`: JumpCloud and Entra ID; strict RFC refuses the value.
    by_value = patch_op({"op": "Remove", "path": "members", "value": [{"value": "2819c223"}]})
    for name in ("jumpcloud", "entra"):
        assert apply_patch(GROUP, by_value, "Group", profile=name)["members"] == [
            {"value": "902c246b"}]
    e = scim_error(PatchRequest, by_value)
    assert (e.scim_type, e.operation) == ("invalidSyntax", 0)


def test_unknown_profiles() -> None:
    patch = patch_op({"op": "add", "path": "title", "value": "x"})
    for call in (lambda: apply_patch(USER, patch, profile="azure ad"),
                 lambda: PatchRequest(patch, profile="")):
        with pytest.raises(ValueError) as info:
            call()
        assert not isinstance(info.value, ScimError)
        assert "one of: rfc, entra, okta, onelogin, google, jumpcloud" in str(info.value)
    with pytest.raises(ValueError, match="unknown profile 'nope'"):
        PatchRequest(patch, profile="nope")
    for bad in (1, b"rfc", ["rfc"], True):
        with pytest.raises(TypeError, match="profile must be a str"):
            apply_patch(USER, patch, profile=bad)
        with pytest.raises(TypeError, match="profile must be a str"):
            PatchRequest(patch, profile=bad)
    with pytest.raises(TypeError):
        PatchRequest(patch, "entra")  # type: ignore[misc]  # keyword-only
    with pytest.raises(TypeError):
        apply_patch(USER, patch, "User", "entra")  # type: ignore[misc]


def test_patch_errors_carry_the_operation() -> None:
    patch = patch_op(
        {"op": "add", "path": "title", "value": "Tour Guide"},
        {"op": "replace", "path": 'emails[type eq "wörk"].value', "value": "x"},
    )
    e = scim_error(apply_patch, USER, patch)
    assert (e.scim_type, e.status, e.operation) == ("noTarget", 400, 1)
    assert e.detail.startswith("Operations[1]: ") and str(e) == e.detail
    assert e.document == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "scimType": "noTarget",
        "detail": e.detail,
        "status": "400",
    }
    # Spans are code points of the failing operation's path.
    path = 'emails[type eq "wörk"]x'
    e = scim_error(PatchRequest, patch_op({"op": "add", "path": "title", "value": "x"},
                                          {"op": "remove", "path": path}))
    assert (e.scim_type, e.operation) == ("invalidPath", 1)
    assert (e.start, e.end) == (22, 23) and path[e.start : e.end] == "x"
    assert e.rendered.endswith('1 | emails[type eq "wörk"]x\n  |                       ^\n')
    path = "naïveAttr"  # attribute names are ASCII (RFC 7643 §2.1)
    e = scim_error(apply_patch, USER, patch_op({"op": "replace", "path": path, "value": 1}))
    assert (e.scim_type, e.operation) == ("invalidPath", 0)
    assert (e.start, e.end) == (2, 9) and path[e.start : e.end] == "ïveAttr"
    path = 'emails[value eq "ü"].nope'
    e = scim_error(apply_patch, USER, patch_op({"op": "replace", "path": path, "value": 1}))
    assert (e.scim_type, e.operation, e.start, e.end) == ("invalidPath", 0, 0, len(path))
    path = 'emails[value eq "ü" and nope eq "a"]'
    e = scim_error(apply_patch, USER, patch_op({"op": "add", "path": path, "value": {}}))
    assert (e.scim_type, e.operation) == ("invalidFilter", 0)
    assert (e.start, e.end) == (24, 28) and path[e.start : e.end] == "nope"
    # A message malformed before any operation: no operation.
    for message in ({"Operations": [{"op": "add", "path": "title", "value": "x"}]},
                    {"schemas": [PATCH_OP], "Operations": []},
                    {"schemas": [PATCH_OP]}, [], '"x"', "[]"):
        e = scim_error(PatchRequest, message)
        assert (e.scim_type, e.status, e.operation) == ("invalidSyntax", 400, None)
    # Errors that are not PATCH errors have none either.
    assert scim_error(Filter, "a eq").operation is None
    assert scim_error(Filter("x pr").matches, {}).operation is None
    # ...nor does a resource that is not an object.
    e = scim_error(apply_patch, "[1]", patch_op({"op": "add", "path": "title", "value": "x"}))
    assert (e.scim_type, e.operation) == ("invalidValue", None)


def test_patch_error_kinds() -> None:
    cases = [
        ({"op": "remove", "path": "userName"}, "mutability"),
        ({"op": "replace", "path": "id", "value": "other"}, "mutability"),
        ({"op": "replace", "path": "active", "value": "yes"}, "invalidValue"),
        ({"op": "add", "path": "title"}, "invalidValue"),
        ({"op": "remove"}, "noTarget"),
        ({"op": "move", "path": "title"}, "invalidSyntax"),
        ({"op": "add", "path": "nope", "value": 1}, "invalidPath"),
        ({"op": "add", "value": {"nope": 1}}, "invalidValue"),
        ({"op": "add", "path": 7, "value": 1}, "invalidPath"),
    ]
    for i, (operation, scim_type) in enumerate(cases):
        ops = [{"op": "add", "path": "title", "value": "x"}] * i + [operation]
        e = scim_error(apply_patch, USER, patch_op(*ops))
        assert (e.scim_type, e.status, e.operation) == (scim_type, 400, i), operation
    e = scim_error(apply_patch, USER, patch_op({"op": "add", "path": "title", "value": "x"}),
                   "Widget")
    assert (e.scim_type, e.status, e.operation) == (None, 400, None)
    assert "Widget" in e.detail


def test_patch_error_pickles_with_operation() -> None:
    e = scim_error(apply_patch, USER, patch_op({"op": "add", "path": "title", "value": "x"},
                                               {"op": "remove", "path": "userName"}))
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is ScimError and again.operation == 1 == e.operation
    assert again.detail == e.detail and again.document == e.document


def test_patch_never_modifies_its_inputs() -> None:
    user = copy.deepcopy(USER)
    user["x509Certificates"] = [{"value": "MIIDQzCC"}]
    patch = patch_op(
        {"op": "add", "path": "emails", "value": [{"type": "other", "value": "o@x.org",
                                                   "primary": True}]},
        {"op": "replace", "path": "name", "value": {"givenName": "Babs"}},
        {"op": "remove", "path": "x509Certificates"},
        {"op": "add", "path": f"{ENTERPRISE}:employeeNumber", "value": "701984"},
    )
    before_user, before_patch = copy.deepcopy(user), copy.deepcopy(patch)
    got = apply_patch(user, patch)
    assert same_json(user, before_user) and same_json(patch, before_patch)
    assert [e.get("primary") for e in got["emails"]] == [False, None, True]
    assert got["name"] == {"familyName": "Jensen", "givenName": "Babs"}
    assert "x509Certificates" not in got and got[ENTERPRISE] == {"employeeNumber": "701984"}
    assert got["schemas"] == USER["schemas"] + [ENTERPRISE]
    # The result is new plain dicts and lists all through: changing it changes nothing given.
    got["emails"][0]["value"] = "changed"
    got["name"]["familyName"] = "changed"
    got["schemas"].append("x")
    got["meta"]["lastModified"] = "changed"
    assert same_json(user, before_user) and same_json(patch, before_patch)
    # A failing request leaves everything as it was, whatever it did before failing.
    failing = patch_op({"op": "replace", "path": "userName", "value": "x"},
                       {"op": "remove", "path": "emails"},
                       {"op": "remove", "path": "userName"})
    e = scim_error(apply_patch, user, failing)
    assert e.operation == 2 and same_json(user, before_user)
    # Unchanged is still a new dict.
    same = apply_patch(user, patch_op({"op": "replace", "path": "userName", "value": "bjensen"}))
    assert same == user and same is not user and same["emails"] is not user["emails"]


def test_patch_keeps_member_order() -> None:
    user = {"userName": "x", "zeta": 1, "name": {"middleName": "M", "familyName": "F"},
            "active": True}
    got = apply_patch(user, patch_op({"op": "add", "path": "title", "value": "T"},
                                     {"op": "add", "path": "name.givenName", "value": "G"}),
                      schemas=Schemas())
    assert list(got) == ["userName", "zeta", "name", "active", "title"]
    assert list(got["name"]) == ["middleName", "familyName", "givenName"]


def test_patch_json_types() -> None:
    schemaless_attrs = {
        "userName": "x",
        # integers beyond i64 and u64, floats (integral ones stay floats), nesting, null
        "a": 2**63, "b": 2**64 - 1, "c": 2**70 + 1, "d": -(2**70) - 1, "e": -(2**63),
        "f": 1.0, "g": 1.5, "h": -0.0, "i": 1e300, "j": [[[{"k": [None, True, False]}]]],
        "k": (1, "2", (3.0,)), "l": {"m": {}}, "n": [], "o": "ünïcødé 😀",
    }
    got = apply_patch(schemaless_attrs, patch_op({"op": "add", "path": "title", "value": "T"}))
    want = dict(schemaless_attrs, k=[1, "2", [3.0]], title="T")
    assert same_json(got, want)
    assert got["c"] == 2**70 + 1 and got["d"] == -(2**70) - 1  # exact, not the nearest float
    # Values a request writes come as JSON reads them (integers beyond 64 bits: the nearest
    # float); integral floats stay floats, bools stay bools.
    got = apply_patch({"userName": "x"}, patch_op(
        {"op": "add", "path": "x509Certificates", "value": [{"value": "MIIC", "display": "d"}]},
        {"op": "add", "value": {"title": "T", "nickName": "N"}},
    ))
    assert got == {"userName": "x", "x509Certificates": [{"value": "MIIC", "display": "d"}],
                   "title": "T", "nickName": "N"}
    got = apply_patch({"userName": "x", "active": False}, patch_op(
        {"op": "replace", "path": "active", "value": True}))
    assert got["active"] is True
    # Subclasses read as their base types, and come back as plain ones.
    class Name(str):
        pass

    ordered = OrderedDict(userName=Name("x"), name=OrderedDict(givenName="G"))
    got = apply_patch(ordered, patch_op({"op": "add", "path": "title", "value": Name("T")}))
    assert type(got) is dict and type(got["name"]) is dict and type(got["userName"]) is str
    assert got == {"userName": "x", "name": {"givenName": "G"}, "title": "T"}


@pytest.mark.parametrize(
    "value, where",
    [
        ({1, 2}, "set"),
        (b"bytes", "bytes"),
        (bytearray(b"x"), "bytearray"),
        (object(), "object"),
        (1j, "complex"),
        (range(2), "range"),
    ],
)
def test_patch_refuses_values_that_are_not_json(value: Any, where: str) -> None:
    user = {"userName": "x", "emails": [{"value": value}]}
    with pytest.raises(TypeError) as info:
        apply_patch(user, patch_op({"op": "add", "path": "title", "value": "T"}))
    assert str(info.value).startswith(f"resource['emails'][0]['value'] is of type {where},")
    with pytest.raises(TypeError) as info:
        PatchRequest(patch_op({"op": "add", "path": "title", "value": {"a": [value]}}))
    assert "patch['Operations'][0]['value']['a'][0]" in str(info.value)


def test_patch_refuses_keys_that_are_not_str() -> None:
    with pytest.raises(TypeError, match=r"resource\['name'\] has a key of type int"):
        apply_patch({"userName": "x", "name": {1: "x"}},
                    patch_op({"op": "add", "path": "title", "value": "T"}))
    with pytest.raises(TypeError, match="has a key of type NoneType"):
        PatchRequest({None: 1, "schemas": [PATCH_OP]})


def test_patch_refuses_json_that_text_could_not_carry() -> None:
    ok = patch_op({"op": "add", "path": "title", "value": "T"})
    for bad in (float("nan"), float("inf"), -float("inf"), 10**400, "\ud800"):
        e = scim_error(apply_patch, {"userName": "x", "nickName": bad}, ok)
        assert (e.scim_type, e.status, e.operation) == ("invalidSyntax", 400, None)
        assert e.detail.startswith("the resource is not valid JSON: ")
        assert e.detail.endswith("(at resource['nickName'])")
        e = scim_error(PatchRequest, patch_op({"op": "add", "path": "title", "value": bad}))
        assert (e.scim_type, e.operation) == ("invalidSyntax", None)
        assert e.detail.startswith("the PATCH request is not valid JSON: ")
    e = scim_error(apply_patch, {"userName": "x", "\udc00": 1}, ok)
    assert e.detail == "the resource is not valid JSON: a key is not valid Unicode"
    # Too deep, or cyclic: an error, not a crash.
    deep: Any = {"userName": "x"}
    node = deep
    for _ in range(100_000):
        node["a"] = {}
        node = node["a"]
    e = scim_error(apply_patch, deep, ok)
    assert e.detail == "the resource is not valid JSON: nested more than 128 levels deep"
    cyclic: dict[str, Any] = {"userName": "x"}
    cyclic["self"] = [cyclic]
    assert "levels deep" in scim_error(apply_patch, cyclic, ok).detail
    e = scim_error(apply_patch, {"userName": "x"}, "[" * 100_000)
    assert e.detail.startswith("the PATCH request is not valid JSON: ")


def test_patch_invalid_json_text() -> None:
    ok = patch_op({"op": "add", "path": "title", "value": "T"})
    for text in ("{", "", b"\xff", b'{"a": 1} x', "\ud800"):
        e = scim_error(apply_patch, text, ok)
        assert (e.scim_type, e.status, e.operation) == ("invalidSyntax", 400, None)
        assert e.detail.startswith("the resource is not valid JSON: ")
        e = scim_error(PatchRequest, text)
        assert (e.scim_type, e.status, e.operation) == ("invalidSyntax", 400, None)
        assert e.detail.startswith("the PATCH request is not valid JSON: ")
    e = scim_error(PatchRequest, b"\xff")
    assert "not UTF-8" in e.detail


def test_patch_custom_schemas() -> None:
    s = Schemas()
    s.load([SHOE_SCHEMA, SHOE_TYPE])
    shoe = {"id": "s1", "brand": "Acme", "shoeSize": 42}
    got = apply_patch(shoe, patch_op({"op": "replace", "path": "shoeSize", "value": 44}), "Shoe",
                      schemas=s)
    assert got == {"id": "s1", "brand": "Acme", "shoeSize": 44}
    e = scim_error(apply_patch, shoe, patch_op({"op": "replace", "path": "shoeSize",
                                                "value": "44"}), "Shoe", schemas=s)
    assert (e.scim_type, e.operation) == ("invalidValue", 0)
    assert PatchRequest(patch_op({"op": "add", "path": "brand", "value": "Acme"})).apply(
        shoe, "Shoe", s).changed is False
    # The default registry does not know Shoe.
    e = scim_error(apply_patch, shoe, patch_op({"op": "add", "path": "brand", "value": "x"}),
                   "Shoe")
    assert e.scim_type is None and "Shoe" in e.detail


def test_patch_argument_types() -> None:
    ok = patch_op({"op": "add", "path": "title", "value": "T"})
    request = PatchRequest(ok)
    bad_calls = [
        lambda: apply_patch(42, ok),
        lambda: apply_patch(None, ok),
        lambda: apply_patch([USER], ok),
        lambda: apply_patch(bytearray(b"{}"), ok),
        lambda: apply_patch(USER, ok, None),
        lambda: apply_patch(USER, ok, 42),
        lambda: apply_patch(USER, ok, b"User"),
        lambda: apply_patch(USER, ok, resource_type=None),
        lambda: apply_patch(USER, ok, schemas={}),
        lambda: apply_patch(USER, ok, schemas=Filter("a pr")),
        lambda: apply_patch(USER, ok, unknown=1),
        lambda: apply_patch(USER),
        lambda: apply_patch(),
        lambda: PatchRequest(),
        lambda: PatchRequest(ok, unknown=1),
        lambda: request.apply(42),
        lambda: request.apply([USER]),
        lambda: request.apply(USER, None),
        lambda: request.apply(USER, 1),
        lambda: request.apply(USER, "User", "schemas"),
        lambda: request.apply(USER, profile="entra"),
        lambda: request.apply(),
    ]
    for call in bad_calls:
        with pytest.raises(TypeError):
            call()
    with pytest.raises(TypeError, match="resource_type must be a str"):
        apply_patch(USER, ok, None)  # PATCH always needs the schema: None is not schema-less
    with pytest.raises(TypeError, match="a resource is a dict, or JSON text"):
        request.apply(["x"])
    # The message is what a client sent: any JSON value is one, and what is not a PatchOp
    # object is the client's invalidSyntax (RFC 7644 §3.12), not the caller's TypeError.
    for message in (42, None, [ok], 1.5, "not json"):
        with pytest.raises(ScimError) as info:
            PatchRequest(message)
        assert info.value.scim_type == "invalidSyntax"
        with pytest.raises(ScimError):
            apply_patch(USER, message)
    with pytest.raises(TypeError):
        PatchRequest({1, 2})  # not a JSON value at all
    # A resource type that is not registered, or has a lone surrogate, is a ScimError.
    for name in ("Widget", "Us\ud800er", ""):
        assert scim_error(request.apply, USER, name).scim_type is None
    # A wrong resource comes before a malformed request.
    with pytest.raises(TypeError):
        apply_patch(42, {"bad": "request"})


def test_patch_threads_share_a_request() -> None:
    request = PatchRequest(patch_op({"op": "add", "path": "emails",
                                     "value": [{"type": "other", "value": "o@x.org"}]}))
    results: list[bool] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for i in range(100):
                r = request.apply(USER if i % 2 else json.dumps(USER), "User",
                                  Schemas() if i % 3 else None)
                results.append(r.changed and len(r.resource["emails"]) == 3)
        except BaseException as e:  # noqa: BLE001  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and results == [True] * 400
    assert len(USER["emails"]) == 2


def test_patch_refcounts_do_not_leak() -> None:
    if not hasattr(sys, "getrefcount"):
        pytest.skip("no refcounts")
    user = {"userName": "x", "emails": [{"type": "work", "value": "a@x.org"}], "big": 2**80}
    request = PatchRequest(patch_op({"op": "add", "path": "title", "value": "T"}))
    counts = (sys.getrefcount(user), sys.getrefcount(user["emails"]), sys.getrefcount(user["big"]))
    for _ in range(500):
        request.apply(user)
        apply_patch(user, patch_op({"op": "add", "path": "title", "value": "T"}))
        try:
            request.apply(user, "Widget")
        except ScimError:
            pass
    assert (sys.getrefcount(user), sys.getrefcount(user["emails"]),
            sys.getrefcount(user["big"])) == counts


def test_patch_result_cycles_are_collected() -> None:
    import gc
    import weakref

    class Marker:
        pass

    result = PatchRequest(patch_op({"op": "add", "path": "title", "value": "T"})).apply(USER)
    marker = Marker()
    result.resource["marker"] = marker
    result.resource["self"] = result  # a cycle through the result
    ref = weakref.ref(marker)
    del result, marker
    gc.collect()
    assert ref() is None


def test_patch_hostile_keys() -> None:
    class Key(str):
        """Equal only to itself: two of them with one text are two dict keys."""

        def __hash__(self) -> int:
            return id(self)

        def __eq__(self, other: object) -> bool:
            return self is other

        def __ne__(self, other: object) -> bool:
            return self is not other

    user: dict[Any, Any] = {Key("userName"): "a", Key("userName"): "b", "nickName": "n",
                            Key("title"): "t"}
    got = apply_patch(user, patch_op({"op": "add", "path": "displayName", "value": "d"}))
    assert got == {"userName": "b", "nickName": "n", "title": "t", "displayName": "d"}
    assert list(got) == ["userName", "nickName", "title", "displayName"]
    assert all(type(k) is str for k in got)


# --- validation ---------------------------------------------------------------------------------

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
LIST_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

DEVICE_SCHEMA = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    "id": "urn:example:Device",
    "name": "Device",
    "attributes": [
        {"name": "serial", "type": "string", "mutability": "immutable", "required": True},
        {"name": "label", "type": "string"},
        {"name": "ports", "type": "integer"},
    ],
}
DEVICE_TYPE = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    "id": "Device",
    "name": "Device",
    "endpoint": "/Devices",
    "schema": "urn:example:Device",
}


def devices() -> Schemas:
    s = Schemas()
    s.load([DEVICE_SCHEMA, DEVICE_TYPE])
    return s


def test_validate() -> None:
    post = {
        "schemas": [USER_URN],
        "id": "chosen-by-the-client",
        "USERNAME": "bjensen",
        "emails": [{"value": "b@example.com", "type": "Work"}],
        "nickName": None,
        "groups": [{"value": "g1"}],
    }
    before = copy.deepcopy(post)
    v = validate(post)
    assert isinstance(v, Validated)
    # Names in the schema's case, canonical values in theirs, unassigned values left out.
    assert v.resource == {
        "schemas": [USER_URN],
        "userName": "bjensen",
        "emails": [{"value": "b@example.com", "type": "work"}],
    }
    assert sorted(v.dropped) == ["groups", "id"]  # readOnly values a client sent (§3.3)
    assert post == before
    assert v.resource is v.resource and v.dropped == v.dropped and v.dropped is not v.dropped
    assert repr(v).startswith("Validated(resource={'schemas': [") and "dropped=[" in repr(v)
    with pytest.raises(AttributeError):
        v.resource = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        Validated()  # type: ignore[call-arg]
    # JSON text, str or bytes; keyword and positional resource_type
    assert validate(json.dumps(post)).resource == v.resource
    assert validate(json.dumps(post).encode()).resource == v.resource
    group = {"schemas": [GROUP_URN], "displayName": "Tour Guides"}
    assert validate(group, "Group").resource == group
    assert validate(group, resource_type="group").resource == group


def test_validate_result_is_new_and_ordered() -> None:
    user = {"userName": "x", "schemas": [USER_URN], "name": {"givenName": "B", "familyName": "J"},
            "big": 2**80}
    v = validate(user, unknown_attributes="drop")
    assert v.dropped == ["big"]
    # The members the resource had keep their order; the result shares nothing with the input.
    assert list(v.resource) == ["userName", "schemas", "name"]
    assert list(v.resource["name"]) == ["givenName", "familyName"]
    assert v.resource["name"] is not user["name"] and v.resource["schemas"] is not user["schemas"]
    assert type(v.resource) is dict


def test_validate_modes() -> None:
    s = devices()
    stored = {"schemas": ["urn:example:Device"], "id": "d1", "serial": "A-1", "label": "old"}
    put = {"schemas": ["urn:example:Device"], "serial": "A-2", "label": "new"}
    # create: immutable values are accepted, readOnly ones dropped
    assert validate(put, "Device", schemas=s).resource["serial"] == "A-2"
    # replace: an immutable value must match the stored one (RFC 7644 §3.5.1)
    e = scim_error(validate, put, "Device", mode="replace", existing=stored, schemas=s)
    assert (e.scim_type, e.status) == ("mutability", 400) and "serial" in e.detail
    ok = dict(put, serial="A-1")
    assert validate(ok, "Device", mode="replace", existing=stored, schemas=s).dropped == []
    assert validate(ok, "Device", mode="REPLACE", existing=json.dumps(stored), schemas=s)
    assert validate(put, "Device", mode="replace", schemas=s)  # nothing stored to compare with
    # patch-result and response keep readOnly values; a response needs an id
    assert validate(stored, "Device", mode="patch-result", schemas=s).resource["id"] == "d1"
    assert validate(stored, "Device", mode="patch_result", schemas=s).dropped == []
    assert validate(stored, "Device", mode="response", schemas=s).resource == stored
    e = scim_error(validate, put, "Device", mode="response", schemas=s)
    assert e.scim_type == "invalidValue" and "id" in e.detail
    e = scim_error(validate, {"schemas": [USER_URN], "id": "1", "userName": "b",
                              "password": "p"}, mode="response")
    assert e.scim_type == "invalidValue" and "password" in e.detail
    # None is the default
    assert validate(put, "Device", mode=None, schemas=s).resource["serial"] == "A-2"


def test_validate_options() -> None:
    user = {"schemas": [USER_URN], "userName": "b", "x-custom": 1,
            "emails": [{"value": "x@example.com", "type": "pager"}]}
    e = scim_error(validate, user)
    assert (e.scim_type, e.status) == ("invalidSyntax", 400) and "x-custom" in e.detail
    e = scim_error(validate, user, unknown_attributes="drop")
    assert e.scim_type == "invalidValue" and "pager" in e.detail  # a canonical value
    v = validate(user, unknown_attributes="DROP", canonical_values=False)
    assert v.dropped == ["x-custom"] and v.resource["emails"][0]["type"] == "pager"
    # None is the default: canonical values enforced, unknown attributes refused
    e = scim_error(validate, user, unknown_attributes="drop", canonical_values=None, mode=None,
                   existing=None, schemas=None)
    assert e.scim_type == "invalidValue"
    e = scim_error(validate, user, unknown_attributes=None, canonical_values=False)
    assert e.scim_type == "invalidSyntax"


def test_validate_errors() -> None:
    e = scim_error(validate, {"userName": "b"})
    assert e.scim_type == "invalidSyntax" and "schemas" in e.detail
    e = scim_error(validate, {"schemas": [USER_URN]})
    assert e.scim_type == "invalidValue" and "userName" in e.detail
    e = scim_error(validate, "[1]")
    assert (e.scim_type, e.detail) == ("invalidSyntax", "a resource is a JSON object")
    e = scim_error(validate, '{"a":')
    assert e.scim_type == "invalidSyntax" and e.detail.startswith("the resource is not valid JSON")
    e = scim_error(validate, {"schemas": [USER_URN], "userName": "b"}, existing='{"a":')
    assert e.detail.startswith("the existing resource is not valid JSON")
    e = scim_error(validate, {"schemas": [USER_URN], "userName": "b"},
                   existing={"x": float("nan")})
    assert "existing['x']" in e.detail
    e = scim_error(validate, {"schemas": [USER_URN], "userName": float("inf")})
    assert e.scim_type == "invalidSyntax" and "resource['userName']" in e.detail
    e = scim_error(validate, {"schemas": [USER_URN], "userName": "b"}, "Widget")
    assert (e.scim_type, e.status) == (None, 400) and "Widget" in e.detail
    e = scim_error(validate, {"schemas": [USER_URN], "userName": "b"}, schemas=Schemas.empty())
    assert e.scim_type is None


def test_validate_argument_errors() -> None:
    ok = {"schemas": [USER_URN], "userName": "b"}
    for call in [
        lambda: validate(),
        lambda: validate(bytearray(b"{}")),
        lambda: validate(ok, None),
        lambda: validate(ok, 1),
        lambda: validate(ok, "User", "create"),  # mode is keyword-only
        lambda: validate(ok, mode=1),
        lambda: validate(ok, unknown_attributes=True),
        lambda: validate(ok, canonical_values=1),
        lambda: validate(ok, canonical_values="yes"),
        lambda: validate(ok, existing=[ok]),
        lambda: validate(ok, existing={"a": {1, 2}}),
        lambda: validate(ok, schemas={}),
        lambda: validate(ok, nope=1),
        lambda: validate({"schemas": [USER_URN], "userName": {1}}),
        lambda: validate({1: "x"}),
    ]:
        with pytest.raises(TypeError):
            call()
    # A request body may be any JSON value; what is not an object is the client's invalidSyntax.
    for body in ([ok], None, 42, "[1]"):
        assert scim_error(validate, body).scim_type == "invalidSyntax"
    with pytest.raises(ValueError, match="unknown mode 'post'; one of: create, replace, "
                                         "patch-result, response") as info:
        validate(ok, mode="post")
    assert not isinstance(info.value, ScimError)
    with pytest.raises(ValueError, match="unknown_attributes 'ignore'; one of: reject, drop"):
        validate(ok, unknown_attributes="ignore")


# --- projection ---------------------------------------------------------------------------------


def test_project() -> None:
    user = {
        "schemas": [USER_URN, ENTERPRISE],
        "id": "2819c223",
        "userName": "bjensen",
        "password": "t1meMa$heen",
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [{"value": "b@example.com", "type": "work", "display": "B"}],
        ENTERPRISE: {"employeeNumber": "701984", "manager": {"value": "26118915"}},
        "x-custom": 1,
    }
    before = copy.deepcopy(user)
    # The default set: always and default attributes, never `password`; undefined members kept.
    got = project(user)
    assert "password" not in got and got["x-custom"] == 1 and got["userName"] == "bjensen"
    assert list(got) == [k for k in user if k != "password"]
    got = project(user, attributes=["name.givenName", "emails.value"])
    assert got == {
        "schemas": [USER_URN, ENTERPRISE],
        "id": "2819c223",
        "name": {"givenName": "Barbara"},
        "emails": [{"value": "b@example.com"}],
    }
    assert project(user, attributes="name.givenName,emails.value") == got
    assert project(user, attributes=" name.givenName , EMAILS.VALUE ") == got
    assert project(user, attributes=("name.givenName", "emails.value")) == got
    assert project(json.dumps(user), attributes=["name.givenName", "emails.value"]) == got
    assert project(json.dumps(user).encode(), attributes="name.givenName,emails.value") == got
    got = project(user, excluded_attributes="emails.display," + ENTERPRISE)
    assert got["emails"] == [{"value": "b@example.com", "type": "work"}] and ENTERPRISE not in got
    got = project(user, attributes=[ENTERPRISE + ":manager"])
    assert got == {"schemas": [USER_URN, ENTERPRISE], "id": "2819c223",
                   ENTERPRISE: {"manager": {"value": "26118915"}}}
    assert project(user, attributes=[], excluded_attributes=None) == project(user)
    assert user == before
    got = project(user)
    assert got["name"] is not user["name"] and got["emails"][0] is not user["emails"][0]
    group = {"schemas": [GROUP_URN], "id": "g", "displayName": "G", "members": [{"value": "1"}]}
    assert project(group, "Group", attributes="displayName") == {
        "schemas": [GROUP_URN], "id": "g", "displayName": "G"}


def test_project_errors() -> None:
    e = scim_error(project, USER, attributes="userName", excluded_attributes=["name"])
    assert (e.scim_type, e.status) == ("invalidValue", 400) and "mutually exclusive" in e.detail
    e = scim_error(project, USER, attributes="nope")
    assert e.scim_type == "invalidValue" and "nope" in e.detail
    # Empty names (an empty query parameter, "a,,b") are ignored, as the CLI ignores them.
    assert project(USER, attributes="") == project(USER)
    assert project(USER, excluded_attributes="userName,,name") == project(
        USER, excluded_attributes=["userName", "name"])
    e = scim_error(project, USER, "Widget")
    assert e.scim_type is None
    e = scim_error(project, "[1]")
    assert (e.scim_type, e.detail) == ("invalidSyntax", "a resource is a JSON object")
    e = scim_error(project, "nope")
    assert e.scim_type == "invalidSyntax"
    # The request's names are checked before the resource is read.
    e = scim_error(project, "nope", attributes="nope")
    assert e.scim_type == "invalidValue"
    for call in [
        lambda: project(),
        lambda: project([USER]),
        lambda: project(USER, None),
        lambda: project(USER, attributes=42),
        lambda: project(USER, attributes=b"userName"),
        lambda: project(USER, attributes={"userName"}),
        lambda: project(USER, attributes=["userName", 1]),
        lambda: project(USER, excluded_attributes=[None]),
        lambda: project(USER, "User", ["userName"]),  # keyword-only
        lambda: project(USER, attribute="userName"),
        lambda: project({"userName": {1}}),
    ]:
        with pytest.raises(TypeError):
            call()
    with pytest.raises(TypeError, match=r"attributes\[1\] must be a str, not int"):
        project(USER, attributes=["userName", 1])


# --- sorting ------------------------------------------------------------------------------------


def test_sort() -> None:
    users = [
        {"id": "1", "userName": "b"},
        {"id": "2"},
        {"id": "3", "userName": "A"},
        {"id": "4", "userName": "c",
         "emails": [{"value": "z@x"}, {"value": "a@x", "primary": True}]},
    ]
    before = copy.deepcopy(users)
    got = sort(users, "userName")
    assert [u["id"] for u in got] == ["3", "1", "4", "2"]  # case-insensitive; no value last
    assert all(g is u for g, u in zip(got, [users[2], users[0], users[3], users[1]]))
    assert got is not users and users == before  # a new list; the given one is left alone
    for order in ("descending", "Descending"):
        got = sort(users, "USERNAME", sort_order=order)
        assert [u["id"] for u in got] == ["2", "4", "1", "3"]  # the exact reverse
    assert [u["id"] for u in sort(users, "emails")] == ["4", "1", "2", "3"]  # the primary value
    assert [u["id"] for u in sort(users, "id", sort_order=None)] == ["1", "2", "3", "4"]
    assert sort([], "userName") == []
    # Any iterable; JSON text, str or bytes, mixed with dicts; the very objects come back.
    text = json.dumps({"id": "5", "userName": "a"})
    raw = json.dumps({"id": "6", "userName": "B"}).encode()
    got = sort(iter([users[0], text, raw]), "userName")
    assert got[0] is text and got[1] is users[0] and got[2] is raw
    assert sort((u for u in users), "userName")[0] is users[2]
    # Stable: equal keys keep their order.
    same = [{"id": str(i), "userName": "x"} for i in range(20)]
    assert sort(same, "userName") == same
    assert sort(same, "userName", sort_order="descending") == same


def test_sort_types_and_schemas() -> None:
    s = devices()
    ds = [{"id": "a", "ports": 10}, {"id": "b", "ports": 9}, {"id": "c", "ports": "8"},
          {"id": "d", "ports": 2**70}, {"id": "e", "ports": 9.5}]
    # numbers by value; a value of the wrong type counts as none
    assert [d["id"] for d in sort(ds, "ports", resource_type="Device", schemas=s)] == [
        "b", "e", "a", "d", "c"]
    users = [{"id": "1", "meta": {"lastModified": "2011-05-13T06:42:34+02:00"}},
             {"id": "2", "meta": {"lastModified": "2011-05-13T05:00:00Z"}}]
    assert [u["id"] for u in sort(users, "meta.lastModified")] == ["1", "2"]  # instants
    group = [{"id": "g", "displayName": "b"}, {"id": "h", "displayName": "A"}]
    assert [g["id"] for g in sort(group, "displayName", resource_type="Group")] == ["h", "g"]


def test_sort_reads_resources_in_place() -> None:
    class Loud(dict):  # type: ignore[type-arg]
        def __getitem__(self, key: Any) -> Any:
            raise AssertionError("__getitem__ called")

    # Members sorting does not look at are never converted, whatever they hold.
    users = [Loud(id="1", userName="b", other={1, 2}), {"id": "2", "userName": "a", "x": object()}]
    assert [u["id"] for u in map(dict, sort(users, "userName"))] == ["2", "1"]


def test_sort_errors() -> None:
    e = scim_error(sort, [USER], "nope")
    assert (e.scim_type, e.status) == ("invalidValue", 400) and "nope" in e.detail
    e = scim_error(sort, [USER], "name")  # complex: a sub-attribute is needed
    assert e.scim_type == "invalidValue" and "`name.formatted`" in e.detail
    e = scim_error(sort, [USER], "userName", resource_type="Widget")
    assert e.scim_type is None
    e = scim_error(sort, [USER, "{"], "userName")
    assert e.scim_type == "invalidSyntax"

    def resources() -> Any:
        raise AssertionError("read before the request was checked")
        yield USER

    scim_error(sort, resources(), "nope")  # the request's errors come first

    def failing() -> Any:
        yield USER
        raise KeyError("from the iterable")

    with pytest.raises(KeyError):
        sort(failing(), "userName")
    for call in [
        lambda: sort(),
        lambda: sort([USER]),
        lambda: sort(USER, "userName"),
        lambda: sort(json.dumps([USER]), "userName"),
        lambda: sort(b"[]", "userName"),
        lambda: sort(42, "userName"),
        lambda: sort([USER, 42], "userName"),
        lambda: sort([[USER]], "userName"),
        lambda: sort([USER], None),
        lambda: sort([USER], b"userName"),
        lambda: sort([USER], "userName", "descending"),  # keyword-only
        lambda: sort([USER], "userName", sort_order=1),
        lambda: sort([USER], "userName", resource_type=None),
        lambda: sort([USER], "userName", schemas="User"),
        lambda: sort([USER], "userName", order="descending"),
    ]:
        with pytest.raises(TypeError):
            call()
    with pytest.raises(ValueError, match="unknown sort_order 'up'; one of: ascending, descending"):
        sort([USER], "userName", sort_order="up")


def test_sort_refcounts_do_not_leak() -> None:
    if not hasattr(sys, "getrefcount"):
        pytest.skip("no refcounts")
    users = [{"id": str(i), "userName": f"u{i % 7}", "emails": [{"value": "x"}]} for i in range(10)]
    counts = [sys.getrefcount(u) for u in users]
    for _ in range(300):
        sort(users, "userName")
        sort(users, "emails", sort_order="descending")
    assert [sys.getrefcount(u) for u in users] == counts


# --- the service provider's documents -----------------------------------------------------------


def test_schemas_and_resource_types_documents() -> None:
    doc = Schemas().schemas_document()
    assert doc["schemas"] == [LIST_URN]
    assert doc["totalResults"] == doc["itemsPerPage"] == len(doc["Resources"]) == 6
    assert doc["startIndex"] == 1
    user = doc["Resources"][0]
    assert user["id"] == USER_URN and user["schemas"] == [
        "urn:ietf:params:scim:schemas:core:2.0:Schema"]
    assert user["meta"] == {"resourceType": "Schema", "location": f"/Schemas/{USER_URN}"}
    assert any(a["name"] == "userName" for a in user["attributes"])
    doc = Schemas().schemas_document("https://example.com/v2/")
    assert doc["Resources"][0]["meta"]["location"] == f"https://example.com/v2/Schemas/{USER_URN}"
    assert Schemas().schemas_document(base_url=None) == Schemas().schemas_document()
    types = devices().resource_types_document(base_url="https://example.com/v2")
    assert [r["name"] for r in types["Resources"]] == ["User", "Group", "Device"]
    assert types["totalResults"] == 3
    device = types["Resources"][2]
    assert device["endpoint"] == "/Devices" and device["schema"] == "urn:example:Device"
    assert device["meta"] == {"resourceType": "ResourceType",
                              "location": "https://example.com/v2/ResourceTypes/Device"}
    assert Schemas.empty().resource_types_document()["Resources"] == []
    assert "urn:example:Device" in [r["id"] for r in devices().schemas_document()["Resources"]]
    json.dumps(doc)  # plain JSON
    for call in [
        lambda: Schemas().schemas_document(1),
        lambda: Schemas().schemas_document(b"https://x"),
        lambda: Schemas().resource_types_document(base="x"),
    ]:
        with pytest.raises(TypeError):
            call()


def test_service_provider_config() -> None:
    doc = service_provider_config()
    assert doc == {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": False},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": False, "maxResults": 0},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [doc["authenticationSchemes"][0]],
        "meta": {"resourceType": "ServiceProviderConfig"},
    }
    assert doc["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    doc = service_provider_config(
        patch=True, bulk={"max_operations": 1000, "max_payload_size": 1048576},
        filter_max_results=200, change_password=True, sort=True, etag=True,
        documentation_uri="https://example.com/help/scim.html",
    )
    assert doc["bulk"] == {"supported": True, "maxOperations": 1000, "maxPayloadSize": 1048576}
    assert doc["filter"] == {"supported": True, "maxResults": 200}
    assert all(doc[k]["supported"] for k in ("patch", "changePassword", "sort", "etag"))
    assert doc["documentationUri"] == "https://example.com/help/scim.html"
    assert service_provider_config(filter_max_results=0)["filter"] == {"supported": True,
                                                                     "maxResults": 0}
    assert service_provider_config(patch=None, sort=None, bulk=None) == service_provider_config()
    for call in [
        lambda: service_provider_config(True),  # keyword-only
        lambda: service_provider_config(patch=1),
        lambda: service_provider_config(sort="yes"),
        lambda: service_provider_config(filter_max_results=True),
        lambda: service_provider_config(filter_max_results=1.5),
        lambda: service_provider_config(documentation_uri=1),
        lambda: service_provider_config(bulk=True),
        lambda: service_provider_config(bulk=[1, 2]),
        lambda: service_provider_config(bulk={"max_operations": 1}),
        lambda: service_provider_config(bulk={"max_operations": 1, "max_payload_size": 2,
                                              "maxOperations": 1}),
        lambda: service_provider_config(bulk={"max_operations": "1", "max_payload_size": 2}),
        lambda: service_provider_config(authentication_schemes=[]),
    ]:
        with pytest.raises(TypeError):
            call()
    with pytest.raises(ValueError, match="filter_max_results must not be negative"):
        service_provider_config(filter_max_results=-1)
    with pytest.raises(ValueError, match="max_payload_size"):
        service_provider_config(bulk={"max_operations": 1, "max_payload_size": -2})
    with pytest.raises(ValueError, match="too large"):
        service_provider_config(filter_max_results=2**64)


def test_list_response() -> None:
    users = [{"id": "1", "userName": "b", "name": {"givenName": "B", "familyName": "J"}},
             {"id": "2", "userName": "a"}]
    doc = list_response(users)
    assert doc == {"schemas": [LIST_URN], "totalResults": 2, "startIndex": 1, "itemsPerPage": 2,
                   "Resources": users}
    # New copies, members in their order.
    assert doc["Resources"][0] is not users[0] and list(doc["Resources"][0]) == list(users[0])
    assert list(doc["Resources"][0]["name"]) == ["givenName", "familyName"]
    doc = list_response(users[1:], total_results=12, start_index=11)
    assert (doc["totalResults"], doc["startIndex"], doc["itemsPerPage"]) == (12, 11, 1)
    # RFC 7644 §3.4.2.4: a startIndex below 1 is 1.
    assert list_response([], start_index=0)["startIndex"] == 1
    assert list_response([], start_index=-5)["startIndex"] == 1
    assert list_response([], start_index=None, total_results=None)["totalResults"] == 0
    # JSON text and any iterable
    doc = list_response(iter([json.dumps(users[0]), json.dumps(users[1]).encode()]))
    assert doc["Resources"] == users
    assert list_response(u for u in users)["Resources"] == users
    e = scim_error(list_response, [users[0], {"x": float("nan")}])
    assert e.scim_type == "invalidSyntax" and "resources[1]['x']" in e.detail
    e = scim_error(list_response, ["{"])
    assert e.scim_type == "invalidSyntax"
    for call in [
        lambda: list_response(),
        lambda: list_response(users[0]),
        lambda: list_response(json.dumps(users)),
        lambda: list_response(42),
        lambda: list_response([42]),
        lambda: list_response([users]),
        lambda: list_response([{"a": {1}}]),
        lambda: list_response(users, 2),  # keyword-only
        lambda: list_response(users, total_results="2"),
        lambda: list_response(users, total_results=True),
        lambda: list_response(users, start_index=1.0),
        lambda: list_response(users, items_per_page=2),
    ]:
        with pytest.raises(TypeError):
            call()
    with pytest.raises(ValueError, match="total_results must not be negative"):
        list_response(users, total_results=-1)


def test_schema_engine_end_to_end() -> None:
    """A service's round trip: validate a POST, store it, answer a filtered, sorted, projected
    query as a ListResponse."""
    stored = []
    for i, name in enumerate(["carol", "Alice", "bob"]):
        body = {"schemas": [USER_URN], "userName": name, "id": "client-chosen",
                "emails": [{"value": f"{name.lower()}@example.com", "type": "work"}]}
        v = validate(body)
        assert v.dropped == ["id"]
        stored.append(dict(v.resource, id=str(i), meta={"resourceType": "User"}))
    for r in stored:
        assert validate(r, mode="response").resource == r
    hits = Filter('emails[type eq "work"]').filter(stored)
    page = [project(r, attributes="userName") for r in sort(hits, "userName")]
    doc = list_response(page)
    assert [r["userName"] for r in doc["Resources"]] == ["Alice", "bob", "carol"]
    assert doc["Resources"][0] == {"schemas": [USER_URN], "id": "1", "userName": "Alice"}
    json.dumps(doc)
