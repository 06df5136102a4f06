//! Every message the engine produces, one constructor each, so the wording is reviewed in one
//! place and pinned by tests. `found` arguments are already quoted (`` `equals` ``) or a phrase
//! (`end of input`, `a space`).

use crate::filter::parse::NumberProblem;

// ---------------------------------------------------------------------------------------------
// Parsing (scimType invalidFilter, or invalidPath for PATCH paths)
// ---------------------------------------------------------------------------------------------

#[cold]
pub(crate) fn too_long(len: usize, max: usize) -> String {
    format!("input is {len} bytes long; the limit is {max} bytes")
}

#[cold]
pub(crate) fn too_deep(max: usize) -> String {
    format!(
        "nesting deeper than {max} {} of `(`, `not (` and `[` is not allowed",
        if max == 1 { "level" } else { "levels" }
    )
}

#[cold]
pub(crate) fn expected_space(after: &str, found: &str) -> String {
    format!("expected a space after `{after}`, found {found}")
}

#[cold]
pub(crate) fn expected_space_before(keyword: &str) -> String {
    format!("expected a space before `{keyword}`")
}

#[cold]
pub(crate) fn strict_extra_space() -> String {
    "unexpected whitespace: strict mode allows exactly one space where RFC 7644 Figure 1 has SP, \
     and none elsewhere"
        .to_owned()
}

#[cold]
pub(crate) fn strict_whitespace(found: &str) -> String {
    format!("expected a single space, found {found} (strict mode)")
}

#[cold]
pub(crate) fn expected_filter_after(keyword: &str, found: &str) -> String {
    format!("expected a filter after `{keyword}`, found {found}")
}

#[cold]
pub(crate) fn expected_expression(found: &str) -> String {
    format!("expected an attribute path, `(` or `not (`, found {found}")
}

#[cold]
pub(crate) fn unclosed(open: &str) -> String {
    format!("unclosed `{open}`")
}

#[cold]
pub(crate) fn unmatched(close: &str) -> String {
    format!("unmatched `{close}`")
}

#[cold]
pub(crate) fn expected_after_operand(closer: &str, found: &str) -> String {
    format!("expected `and`, `or` or {closer}, found {found}")
}

#[cold]
pub(crate) fn nested_value_path() -> String {
    "a value path cannot be nested inside the brackets of another (RFC 7644 §3.4.2.2, \
     erratum 4690)"
        .to_owned()
}

#[cold]
pub(crate) fn value_path_sub_attr_in_filter() -> String {
    "a sub-attribute after `]` is not allowed in a filter; put the comparison inside the \
     brackets, as in `emails[type eq \"work\" and value eq \"x\"]`"
        .to_owned()
}

#[cold]
pub(crate) fn expected_operator_after_path(path: &str, found: &str) -> String {
    format!("expected a space and an operator after `{path}`, found {found}")
}

#[cold]
pub(crate) fn expected_paren_after_not(found: &str) -> String {
    format!("expected `(` after `not`, found {found}")
}

#[cold]
pub(crate) fn expected_operator(found: &str) -> String {
    format!("expected a comparison operator such as `eq`, found {found}")
}

#[cold]
pub(crate) fn expected_value(found: &str, hint: &str) -> String {
    format!(
        "expected a comparison value (a string in double quotes, a number, true, false or null), \
         found {found}{hint}"
    )
}

#[cold]
pub(crate) fn hint_lowercase_literal(literal: &str) -> String {
    format!(" (JSON literals are lower-case: `{literal}`)")
}

#[cold]
pub(crate) fn hint_double_quotes() -> String {
    " (strings must be in double quotes)".to_owned()
}

#[cold]
pub(crate) fn hint_straight_quotes() -> String {
    " (strings must be in straight double quotes `\"`)".to_owned()
}

#[cold]
pub(crate) fn bad_number(problem: NumberProblem, found: &str) -> String {
    match problem {
        NumberProblem::MissingDigits => format!("expected a digit in number, found {found}"),
        NumberProblem::LeadingZero => "a number must not have leading zeros".to_owned(),
        NumberProblem::MissingFraction => {
            format!("expected a digit after the decimal point, found {found}")
        }
        NumberProblem::MissingExponent => {
            format!("expected a digit in the exponent, found {found}")
        }
    }
}

#[cold]
pub(crate) fn invalid_number(text: &str) -> String {
    format!("invalid number `{text}`")
}

#[cold]
pub(crate) fn unterminated_string() -> String {
    "unterminated string: expected a closing `\"`".to_owned()
}

#[cold]
pub(crate) fn bad_escape(text: &str) -> String {
    format!(
        "invalid escape `{text}` in string (JSON allows \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t \
         and \\uXXXX)"
    )
}

#[cold]
pub(crate) fn bad_unicode_escape(text: &str) -> String {
    format!("invalid escape `{text}`: `\\u` takes four hex digits")
}

#[cold]
pub(crate) fn lone_surrogate(code: u32) -> String {
    format!("unpaired surrogate `\\u{code:04X}` in string")
}

#[cold]
pub(crate) fn control_char(byte: u8) -> String {
    format!("control character U+{byte:04X} must be escaped in a string")
}

#[cold]
pub(crate) fn too_many_sub_attrs() -> String {
    "an attribute path has at most one sub-attribute (RFC 7644 §3.10)".to_owned()
}

#[cold]
pub(crate) fn expected_attr_name(found: &str) -> String {
    format!("expected an attribute name, found {found}")
}

#[cold]
pub(crate) fn path_trailing(found: &str) -> String {
    format!("unexpected {found} after the path")
}

// ---------------------------------------------------------------------------------------------
// Compiling a filter against a schema (scimType invalidFilter unless noted)
// ---------------------------------------------------------------------------------------------

#[cold]
pub(crate) fn unknown_resource_type(name: &str, known: &[&str]) -> String {
    if known.is_empty() {
        format!("unknown resource type `{name}`; no resource types are registered")
    } else {
        format!(
            "unknown resource type `{name}`; registered: {}",
            known.join(", ")
        )
    }
}

#[cold]
pub(crate) fn unknown_schema_uri(uri: &str, resource_type: &str) -> String {
    format!("unknown schema `{uri}` for resource type {resource_type}")
}

#[cold]
pub(crate) fn unknown_attribute(path: &str, resource_type: &str) -> String {
    format!("unknown attribute `{path}` for resource type {resource_type}")
}

#[cold]
pub(crate) fn ambiguous_attribute(name: &str, schemas: &[&str]) -> String {
    format!(
        "attribute `{name}` is defined by several extensions ({}); qualify it with its schema URN",
        schemas.join(", ")
    )
}

#[cold]
pub(crate) fn no_sub_attributes(attr: &str) -> String {
    format!("`{attr}` is not a complex attribute and has no sub-attributes")
}

#[cold]
pub(crate) fn unknown_sub_attribute(attr: &str, sub: &str) -> String {
    format!("`{attr}` has no sub-attribute `{sub}`")
}

#[cold]
pub(crate) fn value_path_not_complex(attr: &str, type_name: &str) -> String {
    format!("a value filter `{attr}[...]` needs a complex attribute; `{attr}` is {type_name}")
}

#[cold]
pub(crate) fn value_path_inner_path(parent: &str, path: &str) -> String {
    format!(
        "inside `{parent}[...]` name a sub-attribute of `{parent}` without a schema URI or a \
         further sub-attribute; found `{path}`"
    )
}

#[cold]
pub(crate) fn ordering_not_supported(op: &str, attr: &str, type_name: &str) -> String {
    format!("`{op}` cannot compare `{attr}`, which is {type_name} (RFC 7644 §3.4.2.2)")
}

#[cold]
pub(crate) fn ordering_with_boolean(op: &str) -> String {
    format!("`{op}` cannot compare with a boolean (RFC 7644 §3.4.2.2)")
}

#[cold]
pub(crate) fn substring_not_supported(op: &str, attr: &str, type_name: &str) -> String {
    format!("`{op}` compares strings; `{attr}` is {type_name}")
}

#[cold]
pub(crate) fn substring_needs_string(op: &str) -> String {
    format!("`{op}` needs a string value")
}

#[cold]
pub(crate) fn null_needs_eq(op: &str) -> String {
    format!("only `eq` and `ne` compare with null, not `{op}`")
}

#[cold]
pub(crate) fn type_mismatch(attr: &str, type_name: &str, expected: &str, found: &str) -> String {
    format!("`{attr}` is {type_name}; compare it with {expected}, not {found}")
}

#[cold]
pub(crate) fn bad_datetime_value(text: &str) -> String {
    format!("\"{text}\" is not an xsd:dateTime (RFC 7643 §2.3.5) such as \"2011-05-13T04:42:34Z\"")
}

#[cold]
pub(crate) fn complex_comparison(attr: &str, example_sub: Option<&str>) -> String {
    match example_sub {
        Some(sub) => format!(
            "`{attr}` is a complex attribute; compare one of its sub-attributes, such as \
             `{attr}.{sub}`"
        ),
        None => format!("`{attr}` is a complex attribute; compare one of its sub-attributes"),
    }
}

// ---------------------------------------------------------------------------------------------
// Input documents
// ---------------------------------------------------------------------------------------------

#[cold]
pub(crate) fn resource_not_json(err: &serde_json::Error) -> String {
    format!("the resource is not valid JSON: {err}")
}

#[cold]
pub(crate) fn resource_not_utf8(err: &std::str::Utf8Error) -> String {
    format!("the resource is not valid JSON: it is not UTF-8 ({err})")
}

// ---------------------------------------------------------------------------------------------
// PATCH (RFC 7644 §3.5.2)
// ---------------------------------------------------------------------------------------------

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cold]
pub(crate) fn patch_not_json(err: &serde_json::Error) -> String {
    format!("the PATCH request is not valid JSON: {err}")
}

#[cold]
pub(crate) fn patch_not_object() -> String {
    "a PatchOp message is a JSON object (RFC 7644 §3.5.2)".to_owned()
}

#[cold]
pub(crate) fn patch_schemas() -> String {
    "a PatchOp message must list \"urn:ietf:params:scim:api:messages:2.0:PatchOp\" in `schemas` \
     (RFC 7644 §3.5.2)"
        .to_owned()
}

#[cold]
pub(crate) fn patch_operations() -> String {
    "a PatchOp message needs `Operations`, an array of one or more operations (RFC 7644 §3.5.2)"
        .to_owned()
}

#[cold]
pub(crate) fn patch_op_not_object() -> String {
    "an operation is a JSON object with `op`, `path` and `value`".to_owned()
}

#[cold]
pub(crate) fn patch_op_missing() -> String {
    "the operation has no `op`; use add, remove or replace".to_owned()
}

#[cold]
pub(crate) fn patch_op_name_not_string(v: &serde_json::Value) -> String {
    format!("`op` must be a string, not {}", json_type(v))
}

#[cold]
pub(crate) fn patch_op_unknown(name: &str) -> String {
    format!("unknown op `{name}`; SCIM PATCH has add, remove and replace (RFC 7644 §3.5.2)")
}

#[cold]
pub(crate) fn patch_path_not_string(v: &serde_json::Value) -> String {
    format!("`path` must be a string, not {}", json_type(v))
}

#[cold]
pub(crate) fn patch_value_missing(op: &str) -> String {
    format!("`{op}` needs a `value` (RFC 7644 §3.5.2)")
}

#[cold]
pub(crate) fn patch_remove_no_path() -> String {
    "`remove` needs a `path` (RFC 7644 §3.5.2.2)".to_owned()
}

#[cold]
pub(crate) fn patch_remove_value() -> String {
    "`remove` takes no `value`; select the values to remove with a filter in the path, as in \
     `members[value eq \"2819c223\"]` (RFC 7644 §3.5.2.2)"
        .to_owned()
}

#[cold]
pub(crate) fn patch_resource_not_object() -> String {
    "the resource to patch is not a JSON object".to_owned()
}

#[cold]
pub(crate) fn patch_no_path_value(op: &str, v: &serde_json::Value) -> String {
    format!(
        "`{op}` without a path needs an object of attributes as its value, not {}",
        json_type(v)
    )
}

#[cold]
pub(crate) fn patch_path_key(key: &str) -> String {
    format!(
        "`{key}` is a path, not an attribute name; a value without a path names attributes \
         (the entra profile accepts paths here)"
    )
}

#[cold]
pub(crate) fn patch_unknown_member(at: &str, key: &str) -> String {
    if at.is_empty() {
        format!("unknown attribute `{key}`")
    } else {
        format!("`{at}` has no sub-attribute `{key}`")
    }
}

#[cold]
pub(crate) fn patch_wrong_type(at: &str, expected: &str, v: &serde_json::Value) -> String {
    format!("`{at}` takes {expected}, not {}", json_type(v))
}

#[cold]
pub(crate) fn patch_bad_datetime(at: &str, text: &str) -> String {
    format!("`{at}` takes an xsd:dateTime such as \"2011-05-13T04:42:34Z\", not \"{text}\"")
}

#[cold]
pub(crate) fn bad_reference(at: &str) -> String {
    format!(
        "`{at}` takes a reference, a URI (RFC 7643 §2.3.7), which has no whitespace or control \
         characters"
    )
}

#[cold]
pub(crate) fn patch_bad_binary(at: &str) -> String {
    format!("`{at}` takes base64 (RFC 7643 §2.3.6)")
}

#[cold]
pub(crate) fn patch_read_only(at: &str) -> String {
    format!("`{at}` is readOnly and cannot be changed (RFC 7643 §2.2)")
}

#[cold]
pub(crate) fn patch_immutable(at: &str) -> String {
    format!(
        "`{at}` is immutable and already has a value; it can only be set when it has none \
         (RFC 7644 §3.5.2)"
    )
}

#[cold]
pub(crate) fn patch_required(at: &str) -> String {
    format!("`{at}` is required and cannot be removed (RFC 7644 §3.5.2.2)")
}

#[cold]
pub(crate) fn patch_extension_required(urn: &str) -> String {
    format!("the extension `{urn}` is required by the resource type and cannot be removed")
}

#[cold]
pub(crate) fn patch_no_match(path: &str) -> String {
    format!("the filter of `{path}` selects no value (RFC 7644 §3.5.2.3)")
}

#[cold]
pub(crate) fn patch_not_value_filterable(path: &str) -> String {
    format!("`{path}`: a value filter needs a complex attribute")
}

#[cold]
pub(crate) fn patch_two_primaries(at: &str) -> String {
    format!("`{at}`: `primary` may be true on one value only (RFC 7643 §2.4)")
}

#[cold]
pub(crate) fn patch_not_multi_valued(at: &str) -> String {
    format!("`{at}` is single-valued and takes one value, not an array")
}

// ---------------------------------------------------------------------------------------------
// Validation (RFC 7643; RFC 7644 §3.3, §3.5.1)
// ---------------------------------------------------------------------------------------------

#[cold]
pub(crate) fn resource_not_object() -> String {
    "a resource is a JSON object".to_owned()
}

#[cold]
pub(crate) fn unknown_member(path: &str, resource_type: &str) -> String {
    format!("unknown attribute `{path}` for resource type {resource_type}")
}

#[cold]
pub(crate) fn attribute_twice(path: &str) -> String {
    format!("`{path}` is given twice (attribute names are case-insensitive, RFC 7643 §2.1)")
}

#[cold]
pub(crate) fn required_missing(path: &str) -> String {
    format!("`{path}` is required (RFC 7643 §2.2)")
}

#[cold]
pub(crate) fn schemas_missing() -> String {
    "`schemas` is required: an array of the resource's schema URIs (RFC 7643 §3)".to_owned()
}

#[cold]
pub(crate) fn schemas_not_strings() -> String {
    "`schemas` is an array of schema URI strings (RFC 7643 §3)".to_owned()
}

#[cold]
pub(crate) fn schemas_unknown(uri: &str, resource_type: &str) -> String {
    format!("`schemas` lists `{uri}`, which is not a schema of resource type {resource_type}")
}

#[cold]
pub(crate) fn schemas_duplicate(uri: &str) -> String {
    format!(
        "`schemas` lists `{uri}` twice (RFC 7643 §3: \"Duplicate values MUST NOT be included\")"
    )
}

#[cold]
pub(crate) fn schemas_without_core(urn: &str) -> String {
    format!("`schemas` must list the resource type's schema `{urn}` (RFC 7643 §3)")
}

#[cold]
pub(crate) fn schemas_without_extension(urn: &str) -> String {
    format!("the resource has attributes of `{urn}`, which `schemas` does not list (RFC 7643 §3)")
}

#[cold]
pub(crate) fn returned_never(path: &str) -> String {
    format!("`{path}` must never be returned (returned: never, RFC 7643 §2.2)")
}

#[cold]
pub(crate) fn multi_valued_needs_array(path: &str) -> String {
    format!("`{path}` is multi-valued and takes an array (RFC 7643 §2.4)")
}

#[cold]
pub(crate) fn not_canonical(path: &str, value: &str, canonical: &[String]) -> String {
    format!(
        "`{path}` is \"{value}\"; the schema's canonical values are {} (RFC 7643 §2.2)",
        canonical.join(", ")
    )
}

#[cold]
pub(crate) fn projection_both_lists() -> String {
    "`attributes` and `excludedAttributes` are mutually exclusive (RFC 7644 §3.9)".to_owned()
}

#[cold]
pub(crate) fn projection_not_an_attribute(name: &str) -> String {
    format!("`{name}` is not an attribute name in standard attribute notation (RFC 7644 §3.10)")
}

#[cold]
pub(crate) fn sort_by_complex(name: &str, example_sub: Option<&str>) -> String {
    match example_sub {
        Some(sub) => format!(
            "`{name}` is a complex attribute; sort by one of its sub-attributes, such as \
             `{name}.{sub}` (RFC 7644 §3.4.2.3)"
        ),
        None => format!(
            "`{name}` is a complex attribute; sort by one of its sub-attributes (RFC 7644 \
             §3.4.2.3)"
        ),
    }
}
