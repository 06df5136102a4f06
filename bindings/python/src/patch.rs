//! PATCH (RFC 7644 §3.5.2): `apply_patch`, `PatchRequest`, `PatchResult` and `PROFILES`.
//!
//! PATCH works on whole resources, so resources and messages are converted to
//! `serde_json::Value` (`crate::json`) and the patched resource back to new dicts and lists: the
//! caller's objects are only read.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};
use pyo3::{PyTraverseError, PyVisit};
use scimkit::{ErrorKind, PatchOptions, Profile};

use crate::error::{map, scim_error};
use crate::json::{self, Doc, check_document, document, type_name};
use crate::{ResourceType, Schemas};

/// `scimkit.PROFILES`: the profile names, in `Profile::ALL` order.
pub(crate) fn profile_names(py: Python<'_>) -> PyResult<Bound<'_, PyTuple>> {
    PyTuple::new(py, Profile::ALL.iter().map(|p| p.name()))
}

/// The `profile` argument: a profile name (`Profile::from_name`, so any case and the aliases the
/// core knows). `None` is the default, `rfc`.
pub(crate) struct ProfileArg(Profile);

impl ProfileArg {
    fn rfc() -> ProfileArg {
        ProfileArg(Profile::Rfc)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for ProfileArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<ProfileArg> {
        let Ok(name) = obj.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!(
                "profile must be a str, not {}",
                type_name(&obj)
            )));
        };
        match Profile::from_name(&name.to_string_lossy()) {
            Some(p) => Ok(ProfileArg(p)),
            None => {
                let names: Vec<&str> = Profile::ALL.iter().map(|p| p.name()).collect();
                Err(PyValueError::new_err(format!(
                    "unknown profile {}; one of: {}",
                    name.repr()?,
                    names.join(", ")
                )))
            }
        }
    }
}

/// Reads a PatchOp message with the options of `profile`.
fn read_request(
    patch: &Bound<'_, PyAny>,
    profile: Profile,
) -> PyResult<(scimkit::PatchRequest, PatchOptions)> {
    // What a client sent: any JSON value is a message, and the core refuses what is not a
    // PatchOp object (invalidSyntax), as the Node and WASM bindings do.
    let message = document(patch, Doc::Patch)?;
    let options = PatchOptions::profile(profile);
    let request = map(
        patch.py(),
        scimkit::PatchRequest::from_json_with(&message, &options),
    )?;
    Ok((request, options))
}

/// Applies `request` to a new copy of `resource`: the patched resource as a new dict (members in
/// the order of `resource` when it is a dict) and whether it changed.
fn apply<'py>(
    request: &scimkit::PatchRequest,
    options: &PatchOptions,
    resource: &Bound<'py, PyAny>,
    resource_type: &str,
    schemas: Option<&Bound<'_, Schemas>>,
) -> PyResult<(Bound<'py, PyDict>, bool)> {
    let py = resource.py();
    check_document(resource, "a resource")?;
    let mut value = document(resource, Doc::Resource)?;
    let schemas = match schemas {
        Some(s) => s.get().snapshot(),
        None => scimkit::Schemas::rfc7643(),
    };
    // The core works on Rust values only: other threads may run meanwhile.
    let outcome = py.detach(|| request.apply(&mut value, &schemas, resource_type, options));
    let outcome = map(py, outcome)?;
    let like = resource.is_instance_of::<PyDict>().then_some(resource);
    let patched = json::to_python_like(py, &value, like)?;
    let patched = patched.cast_into::<PyDict>().map_err(|_| {
        // The core refuses a resource that is not an object, and patching keeps it one.
        let e = scimkit::Error::new(
            ErrorKind::InvalidValue,
            "the patched resource is not a JSON object",
        );
        scim_error(py, &e)
    })?;
    Ok((patched, outcome.changed))
}

/// `scimkit.apply_patch`: applies a PatchOp message to a copy of a resource and returns the new
/// resource.
#[pyfunction]
#[pyo3(signature = (
    resource, patch, resource_type = ResourceType::user(), *, profile = Some(ProfileArg::rfc()),
    schemas = None
))]
#[pyo3(text_signature = "(resource, patch, resource_type='User', *, profile='rfc', schemas=None)")]
pub(crate) fn apply_patch<'py>(
    resource: &Bound<'py, PyAny>,
    patch: &Bound<'py, PyAny>,
    resource_type: ResourceType,
    profile: Option<ProfileArg>,
    schemas: Option<&Bound<'py, Schemas>>,
) -> PyResult<Bound<'py, PyDict>> {
    check_document(resource, "a resource")?;
    let profile = profile.map_or(Profile::Rfc, |p| p.0);
    let (request, options) = read_request(patch, profile)?;
    let (patched, _) = apply(&request, &options, resource, &resource_type.0, schemas)?;
    Ok(patched)
}

/// `scimkit.PatchRequest`: a PatchOp message read once, to apply to many resources.
#[pyclass(frozen, module = "scimkit", name = "PatchRequest")]
pub struct PatchRequest {
    request: scimkit::PatchRequest,
    options: PatchOptions,
}

#[pymethods]
impl PatchRequest {
    #[new]
    #[pyo3(signature = (patch, *, profile = Some(ProfileArg::rfc())))]
    #[pyo3(text_signature = "(patch, *, profile='rfc')")]
    fn new(patch: &Bound<'_, PyAny>, profile: Option<ProfileArg>) -> PyResult<PatchRequest> {
        let profile = profile.map_or(Profile::Rfc, |p| p.0);
        let (request, options) = read_request(patch, profile)?;
        Ok(PatchRequest { request, options })
    }

    /// Applies the request to a copy of `resource` (a dict, or JSON text as str or bytes).
    #[pyo3(signature = (resource, resource_type = ResourceType::user(), schemas = None))]
    #[pyo3(text_signature = "(self, resource, resource_type='User', schemas=None)")]
    fn apply(
        &self,
        resource: &Bound<'_, PyAny>,
        resource_type: ResourceType,
        schemas: Option<&Bound<'_, Schemas>>,
    ) -> PyResult<PatchResult> {
        let (patched, changed) = apply(
            &self.request,
            &self.options,
            resource,
            &resource_type.0,
            schemas,
        )?;
        Ok(PatchResult {
            resource: patched.unbind(),
            changed,
        })
    }

    fn __repr__(&self) -> String {
        let n = self.request.operations().len();
        let s = if n == 1 { "" } else { "s" };
        format!(
            "<PatchRequest: {n} operation{s}, profile '{}'>",
            self.options.get_profile().name()
        )
    }
}

/// `scimkit.PatchResult`: what `PatchRequest.apply` returns.
#[pyclass(frozen, module = "scimkit", name = "PatchResult")]
pub struct PatchResult {
    resource: Py<PyDict>,
    changed: bool,
}

#[pymethods]
impl PatchResult {
    /// The patched resource: a new dict.
    #[getter]
    fn resource<'py>(&self, py: Python<'py>) -> Bound<'py, PyDict> {
        self.resource.bind(py).clone()
    }

    /// Whether the request changed the resource.
    #[getter]
    fn changed(&self) -> bool {
        self.changed
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let changed = if self.changed { "True" } else { "False" };
        Ok(format!(
            "PatchResult(resource={}, changed={changed})",
            self.resource.bind(py).repr()?
        ))
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.resource)
    }
}
