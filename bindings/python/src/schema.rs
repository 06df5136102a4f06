//! The schema engine (`scimkit::schema`): `validate` and `Validated`, `project`, `sort`,
//! `service_provider_config` and `list_response`. The `/Schemas` and `/ResourceTypes` documents
//! are methods of `Schemas` (in `lib.rs`).
//!
//! Validation, projection and the documents work on whole values: their inputs are converted to
//! `serde_json::Value` (`crate::json`) and their results come back as new dicts, with the members
//! a dict given had in its order. Sorting reads each resource in place through `JsonRef`
//! (`crate::value`) and returns the very objects given.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyList, PyString};
use pyo3::{PyTraverseError, PyVisit};
use scimkit::ErrorKind;
use scimkit::schema::{
    BulkConfig, ListResponse, Mode, ServiceProviderConfig, SortOrder, UnknownAttributes,
    ValidateOptions,
};
use scimkit::value::{JsonRef, Kind};
use serde_json::Value;

use crate::error::{map, scim_error};
use crate::json::{self, Doc, check_document, document, type_name};
use crate::value::{Keys, Names, PyJson};
use crate::{ResourceType, Schemas};

/// The registry to use: the one given, or RFC 7643's.
fn registry(schemas: Option<&Bound<'_, Schemas>>) -> scimkit::Schemas {
    match schemas {
        Some(s) => s.get().snapshot(),
        None => scimkit::Schemas::rfc7643(),
    }
}

/// A `str` option that takes one of a few names: `None` is `default`, another type a
/// `TypeError`, a name `parse` does not know a `ValueError` that lists `names`.
pub(crate) fn choice<T>(
    what: &str,
    value: Option<&Bound<'_, PyAny>>,
    default: T,
    names: &[&str],
    parse: impl Fn(&str) -> Option<T>,
) -> PyResult<T> {
    let Some(value) = value else {
        return Ok(default);
    };
    let Ok(name) = value.cast::<PyString>() else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a str, not {}",
            type_name(value)
        )));
    };
    match parse(&name.to_string_lossy()) {
        Some(v) => Ok(v),
        None => Err(PyValueError::new_err(format!(
            "unknown {what} {}; one of: {}",
            name.repr()?,
            names.join(", ")
        ))),
    }
}

fn mode_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Mode> {
    let names = Mode::ALL.map(Mode::name);
    choice("mode", value, Mode::Create, &names, Mode::from_name)
}

fn unknown_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<UnknownAttributes> {
    choice(
        "unknown_attributes",
        value,
        UnknownAttributes::Reject,
        &["reject", "drop"],
        |name| {
            if name.eq_ignore_ascii_case("reject") {
                Some(UnknownAttributes::Reject)
            } else if name.eq_ignore_ascii_case("drop") {
                Some(UnknownAttributes::Drop)
            } else {
                None
            }
        },
    )
}

fn order_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<SortOrder> {
    choice(
        "sort_order",
        value,
        SortOrder::Ascending,
        &["ascending", "descending"],
        SortOrder::from_name,
    )
}

/// `attributes` / `excluded_attributes`: a list or tuple of names, or one comma-separated `str`
/// (as in a query string, RFC 7644 §3.9). The names go to the core as they are (it trims them,
/// ignores empty ones and refuses what is not an attribute).
fn names_arg(what: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_string_lossy().split(',').map(str::to_owned).collect());
    }
    let items: Vec<Bound<'_, PyAny>> = if let Ok(list) = value.cast::<PyList>() {
        list.iter().collect()
    } else if let Ok(tuple) = value.cast::<pyo3::types::PyTuple>() {
        tuple.iter().collect()
    } else {
        return Err(PyTypeError::new_err(format!(
            "{what} is a list of attribute names or one comma-separated str, not {}",
            type_name(value)
        )));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.cast::<PyString>() {
            Ok(s) => Ok(s.to_string_lossy().into_owned()),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{what}[{i}] must be a str, not {}",
                type_name(item)
            ))),
        })
        .collect()
}

/// A count: a non-negative `int` that fits in 64 bits.
pub(crate) fn count(what: &str, value: &Bound<'_, PyAny>) -> PyResult<u64> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be an int, not {}",
            type_name(value)
        )));
    }
    if value.lt(0)? {
        return Err(PyValueError::new_err(format!(
            "{what} must not be negative"
        )));
    }
    value
        .extract::<u64>()
        .map_err(|_| PyValueError::new_err(format!("{what} is too large")))
}

pub(crate) fn usize_count(what: &str, value: &Bound<'_, PyAny>) -> PyResult<usize> {
    usize::try_from(count(what, value)?)
        .map_err(|_| PyValueError::new_err(format!("{what} is too large")))
}

/// Refuses a single resource where an iterable of them belongs.
fn check_iterable(resources: &Bound<'_, PyAny>, function: &str) -> PyResult<()> {
    if resources.is_instance_of::<PyString>()
        || resources.is_instance_of::<PyBytes>()
        || resources.is_instance_of::<PyDict>()
    {
        return Err(PyTypeError::new_err(format!(
            "{function}() takes an iterable of resources, not a single {}",
            type_name(resources)
        )));
    }
    Ok(())
}

/// `value` (the core's result for `given`) as a new dict, with the members `given` had in its
/// order when it is a dict.
fn result_dict<'py>(value: &Value, given: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let py = given.py();
    let like = given.is_instance_of::<PyDict>().then_some(given);
    json::to_python_like(py, value, like)?
        .cast_into::<PyDict>()
        .map_err(|_| not_object(py))
}

fn not_object(py: Python<'_>) -> PyErr {
    let e = scimkit::Error::new(ErrorKind::InvalidSyntax, "a resource is a JSON object");
    scim_error(py, &e)
}

/// `scimkit.validate`: validates and normalises a resource (`scimkit::schema::validate`).
#[pyfunction]
#[pyo3(signature = (
    resource, resource_type = ResourceType::user(), *, mode = None, existing = None,
    unknown_attributes = None, canonical_values = None, schemas = None
))]
#[pyo3(
    text_signature = "(resource, resource_type='User', *, mode='create', existing=None, \
                         unknown_attributes='reject', canonical_values=True, schemas=None)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn validate<'py>(
    resource: &Bound<'py, PyAny>,
    resource_type: ResourceType,
    mode: Option<&Bound<'py, PyAny>>,
    existing: Option<&Bound<'py, PyAny>>,
    unknown_attributes: Option<&Bound<'py, PyAny>>,
    canonical_values: Option<bool>,
    schemas: Option<&Bound<'py, Schemas>>,
) -> PyResult<Validated> {
    let py = resource.py();
    // A request body: any JSON value; the core refuses what is not an object (invalidSyntax).
    let mode = mode_arg(mode)?;
    let unknown = unknown_arg(unknown_attributes)?;
    if let Some(existing) = existing {
        check_document(existing, "existing")?;
    }
    let value = document(resource, Doc::Resource)?;
    let mut options = ValidateOptions::new()
        .unknown_attributes(unknown)
        .canonical_values(canonical_values.unwrap_or(true));
    if let Some(existing) = existing {
        options = options.existing(document(existing, Doc::Existing)?);
    }
    let schemas = registry(schemas);
    // The core works on Rust values only: other threads may run meanwhile.
    let validated = py.detach(|| schemas.validate(&value, &resource_type.0, mode, &options));
    let validated = map(py, validated)?;
    Ok(Validated {
        resource: result_dict(&validated.resource, resource)?.unbind(),
        dropped: validated.dropped,
    })
}

/// `scimkit.Validated`: what `validate` returns.
#[pyclass(frozen, module = "scimkit", name = "Validated")]
pub struct Validated {
    resource: Py<PyDict>,
    dropped: Vec<String>,
}

#[pymethods]
impl Validated {
    /// The normalised resource: a new dict.
    #[getter]
    fn resource<'py>(&self, py: Python<'py>) -> Bound<'py, PyDict> {
        self.resource.bind(py).clone()
    }

    /// The attribute paths that were dropped (a new list each time).
    #[getter]
    fn dropped(&self) -> Vec<String> {
        self.dropped.clone()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Validated(resource={}, dropped={})",
            self.resource.bind(py).repr()?,
            PyList::new(py, &self.dropped)?.repr()?
        ))
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.resource)
    }
}

/// `scimkit.project`: the resource with only the attributes `attributes` /
/// `excluded_attributes` return (`scimkit::schema::project`), as a new dict.
#[pyfunction]
#[pyo3(signature = (
    resource, resource_type = ResourceType::user(), *, attributes = None,
    excluded_attributes = None, schemas = None
))]
#[pyo3(
    text_signature = "(resource, resource_type='User', *, attributes=None, \
                         excluded_attributes=None, schemas=None)"
)]
pub(crate) fn project<'py>(
    resource: &Bound<'py, PyAny>,
    resource_type: ResourceType,
    attributes: Option<&Bound<'py, PyAny>>,
    excluded_attributes: Option<&Bound<'py, PyAny>>,
    schemas: Option<&Bound<'py, Schemas>>,
) -> PyResult<Bound<'py, PyDict>> {
    let py = resource.py();
    check_document(resource, "a resource")?;
    let attributes = names_arg("attributes", attributes)?;
    let excluded = names_arg("excluded_attributes", excluded_attributes)?;
    let a: Vec<&str> = attributes.iter().map(String::as_str).collect();
    let x: Vec<&str> = excluded.iter().map(String::as_str).collect();
    let projection = map(py, registry(schemas).projection(&resource_type.0, &a, &x))?;
    let value = document(resource, Doc::Resource)?;
    if !value.is_object() {
        // JSON text of another value (the core's projection would hand it back as it is).
        return Err(not_object(py));
    }
    let projected = py.detach(|| projection.apply(&value));
    result_dict(&projected, resource)
}

/// A resource to sort: a host object read in place, or one parsed from JSON text.
#[derive(Clone)]
enum Item<'a, 'py> {
    Host(PyJson<'a, 'py>),
    Text(&'a Value),
}

impl JsonRef for Item<'_, '_> {
    fn kind(&self) -> Kind<'_> {
        match self {
            Item::Host(v) => v.kind(),
            Item::Text(v) => v.kind(),
        }
    }

    fn get_exact(&self, key: &str) -> Option<Self> {
        match self {
            Item::Host(v) => v.get_exact(key).map(Item::Host),
            Item::Text(v) => v.get_exact(key).map(Item::Text),
        }
    }

    fn get(&self, key: &str) -> Option<Self> {
        match self {
            Item::Host(v) => v.get(key).map(Item::Host),
            Item::Text(v) => v.get(key).map(Item::Text),
        }
    }

    fn any_member(&self, f: &mut dyn FnMut(&str, Self) -> bool) -> bool {
        match self {
            Item::Host(v) => v.any_member(&mut |k, m| f(k, Item::Host(m))),
            Item::Text(v) => v.any_member(&mut |k, m| f(k, Item::Text(m))),
        }
    }

    fn any_element(&self, f: &mut dyn FnMut(Self) -> bool) -> bool {
        match self {
            Item::Host(v) => v.any_element(&mut |e| f(Item::Host(e))),
            Item::Text(v) => v.any_element(&mut |e| f(Item::Text(e))),
        }
    }

    fn is_array(&self) -> bool {
        match self {
            Item::Host(v) => v.is_array(),
            Item::Text(v) => v.is_array(),
        }
    }

    fn is_object(&self) -> bool {
        match self {
            Item::Host(v) => v.is_object(),
            Item::Text(v) => v.is_object(),
        }
    }

    fn is_null(&self) -> bool {
        match self {
            Item::Host(v) => v.is_null(),
            Item::Text(v) => v.is_null(),
        }
    }
}

/// `scimkit.sort`: the resources in `sort_by` order (`scimkit::schema::sort`), as a new list of
/// the very objects given.
#[pyfunction]
#[pyo3(signature = (
    resources, sort_by, *, sort_order = None, resource_type = ResourceType::user(), schemas = None
))]
#[pyo3(
    text_signature = "(resources, sort_by, *, sort_order='ascending', resource_type='User', \
                         schemas=None)"
)]
pub(crate) fn sort<'py>(
    resources: &Bound<'py, PyAny>,
    sort_by: &Bound<'py, PyAny>,
    sort_order: Option<&Bound<'py, PyAny>>,
    resource_type: ResourceType,
    schemas: Option<&Bound<'py, Schemas>>,
) -> PyResult<Bound<'py, PyList>> {
    let py = resources.py();
    check_iterable(resources, "sort")?;
    let Ok(sort_by) = sort_by.cast::<PyString>() else {
        return Err(PyTypeError::new_err(format!(
            "sort_by must be a str, not {}",
            type_name(sort_by)
        )));
    };
    let order = order_arg(sort_order)?;
    // The request's errors first, before any resource is read.
    let sorter = map(
        py,
        registry(schemas).sorter(&resource_type.0, &sort_by.to_string_lossy(), order),
    )?;
    let mut given = Vec::new();
    let mut parsed = Vec::new();
    for resource in resources.try_iter()? {
        let resource = resource?;
        check_document(&resource, "a resource")?;
        parsed.push(if resource.is_instance_of::<PyDict>() {
            None
        } else {
            Some(document(&resource, Doc::Resource)?)
        });
        given.push(resource);
    }
    let names = Names::default();
    let keys = Keys::new(py, &names);
    let items: Vec<Item<'_, 'py>> = given
        .iter()
        .zip(&parsed)
        .map(|(obj, value)| match value {
            Some(v) => Item::Text(v),
            None => Item::Host(PyJson::new(obj.clone(), &keys)),
        })
        .collect();
    let order = sorter.sorted_indices(&items);
    PyList::new(py, order.into_iter().map(|i| &given[i]))
}

/// `bulk`: `{"max_operations": n, "max_payload_size": n}`.
fn bulk_arg(bulk: &Bound<'_, PyAny>) -> PyResult<BulkConfig> {
    const KEYS: [&str; 2] = ["max_operations", "max_payload_size"];
    let Ok(dict) = bulk.cast::<PyDict>() else {
        return Err(PyTypeError::new_err(format!(
            "bulk is a dict with max_operations and max_payload_size, not {}",
            type_name(bulk)
        )));
    };
    for key in dict.keys().iter() {
        let known = key
            .cast::<PyString>()
            .is_ok_and(|k| k.to_cow().is_ok_and(|k| KEYS.contains(&&*k)));
        if !known {
            return Err(PyTypeError::new_err(format!(
                "bulk has no option {}; it takes max_operations and max_payload_size",
                key.repr()?
            )));
        }
    }
    let field = |name: &str| -> PyResult<u64> {
        match dict.get_item(name)? {
            Some(v) => count(&format!("bulk[{name:?}]"), &v),
            None => Err(PyTypeError::new_err(format!("bulk needs {name}"))),
        }
    };
    Ok(BulkConfig {
        max_operations: field(KEYS[0])?,
        max_payload_size: field(KEYS[1])?,
    })
}

/// `scimkit.service_provider_config`: the `/ServiceProviderConfig` document (RFC 7643 §5).
#[pyfunction]
#[pyo3(signature = (
    *, patch = None, bulk = None, filter_max_results = None, change_password = None,
    sort = None, etag = None, documentation_uri = None
))]
#[pyo3(
    text_signature = "(*, patch=False, bulk=None, filter_max_results=None, \
                         change_password=False, sort=False, etag=False, documentation_uri=None)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn service_provider_config<'py>(
    py: Python<'py>,
    patch: Option<bool>,
    bulk: Option<&Bound<'py, PyAny>>,
    filter_max_results: Option<&Bound<'py, PyAny>>,
    change_password: Option<bool>,
    sort: Option<bool>,
    etag: Option<bool>,
    documentation_uri: Option<&Bound<'py, PyString>>,
) -> PyResult<Bound<'py, PyAny>> {
    let config = ServiceProviderConfig {
        documentation_uri: documentation_uri.map(|u| u.to_string_lossy().into_owned()),
        patch: patch.unwrap_or(false),
        bulk: bulk.map(bulk_arg).transpose()?,
        filter: filter_max_results
            .map(|n| count("filter_max_results", n))
            .transpose()?,
        change_password: change_password.unwrap_or(false),
        sort: sort.unwrap_or(false),
        etag: etag.unwrap_or(false),
        ..ServiceProviderConfig::default()
    };
    json::to_python(py, &config.to_json())
}

/// `scimkit.list_response`: a ListResponse body (RFC 7644 §3.4.2) holding new copies of the
/// resources (members in the order of each dict given).
#[pyfunction]
#[pyo3(signature = (resources, *, total_results = None, start_index = None))]
#[pyo3(text_signature = "(resources, *, total_results=None, start_index=1)")]
pub(crate) fn list_response<'py>(
    resources: &Bound<'py, PyAny>,
    total_results: Option<&Bound<'py, PyAny>>,
    start_index: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = resources.py();
    check_iterable(resources, "list_response")?;
    let total_results = total_results
        .map(|n| usize_count("total_results", n))
        .transpose()?;
    let start_index = match start_index {
        None => 1,
        Some(n) if n.is_instance_of::<PyInt>() && !n.is_instance_of::<PyBool>() && n.lt(1)? => {
            // RFC 7644 §3.4.2.4: "a value less than 1 SHALL be interpreted as 1".
            1
        }
        Some(n) => usize_count("start_index", n)?,
    };
    let given = PyList::empty(py);
    let mut values = Vec::new();
    for (i, resource) in resources.try_iter()?.enumerate() {
        let resource = resource?;
        check_document(&resource, "a resource")?;
        values.push(document(&resource, Doc::Item(i))?);
        given.append(resource)?;
    }
    let body = ListResponse {
        total_results: total_results.unwrap_or(values.len()),
        start_index,
        resources: values,
    };
    // Shaped after the resources given, so that each keeps its members' order.
    let like = PyDict::new(py);
    like.set_item("Resources", given)?;
    json::to_python_like(py, &body.to_json(), Some(like.as_any()))
}
