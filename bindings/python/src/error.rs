//! `scimkit.ScimError`: the core's [`scimkit::Error`] as a Python exception.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::json::to_python;

pyo3::create_exception!(
    scimkit,
    ScimError,
    PyValueError,
    "A SCIM error (RFC 7644 §3.12): `scim_type`, `status`, `detail` (also `str(e)`), `start` and \
     `end` (code points, or None), `rendered` (a caret under the source), `document` (the SCIM \
     error response) and `operation` (the index of the failing PATCH operation, or None)."
);

/// The Python exception for `e`: a `ScimError` whose `args` is `(detail,)` and whose attributes
/// carry the other fields.
pub(crate) fn scim_error(py: Python<'_>, e: &scimkit::Error) -> PyErr {
    let err = ScimError::new_err(e.detail().to_owned());
    match fill(py, &err, e) {
        Ok(()) => err,
        Err(other) => other,
    }
}

fn fill(py: Python<'_>, err: &PyErr, e: &scimkit::Error) -> PyResult<()> {
    let value = err.value(py);
    let span = e.span_chars();
    value.setattr("scim_type", e.scim_type())?;
    value.setattr("status", e.status())?;
    value.setattr("detail", e.detail())?;
    value.setattr("start", span.map(|s| s.start))?;
    value.setattr("end", span.map(|s| s.end))?;
    value.setattr("rendered", format!("{e:#}"))?;
    value.setattr("document", to_python(py, &e.to_scim_json())?)?;
    value.setattr("operation", e.operation())?;
    Ok(())
}

/// Maps a core result to a Python one.
pub(crate) fn map<T>(py: Python<'_>, r: scimkit::Result<T>) -> PyResult<T> {
    r.map_err(|e| scim_error(py, &e))
}
