//! Whole-value conversions between Python and `serde_json::Value`, used where the core needs a
//! `Value` (schema documents) or hands one back (syntax trees, error documents). Resources are
//! not converted: they are read in place (`crate::value`).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use scimkit::{Error, ErrorKind};
use serde_json::{Map, Number, Value};

/// How deeply a Python value handed to `Schemas.load` may nest (serde_json's limit for text).
const MAX_DEPTH: usize = 128;

/// `value` as Python objects: dict, list, str, int, float, bool, None.
pub(crate) fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(members) => {
            let dict = PyDict::new(py);
            for (k, v) in members {
                dict.set_item(k, to_python(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A schema document given as a Python value (dict or list); JSON text goes to the core's
/// `Schemas::load_str` / `load_slice` instead.
pub(crate) fn schema_document(doc: &Bound<'_, PyAny>) -> PyResult<Value> {
    if !(doc.is_instance_of::<PyDict>() || doc.is_instance_of::<PyList>()) {
        return Err(PyTypeError::new_err(format!(
            "load() takes a dict, a list, or JSON text as str or bytes, not {}",
            type_name(doc)
        )));
    }
    to_json(doc, 0)
}

fn to_json(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    let py = obj.py();
    if depth > MAX_DEPTH {
        return Err(not_json(
            py,
            &format!("nested more than {MAX_DEPTH} levels deep"),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s
            .to_cow()
            .map_err(|_| not_json(py, "a string is not valid Unicode"))?;
        return Ok(Value::String(s.into_owned()));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(i.into());
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(u.into());
        }
        // As serde_json reads integer literals beyond 64 bits.
        return obj
            .extract::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| not_json(py, "an integer is out of range"));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| not_json(py, "NaN and infinity are not JSON numbers"));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut members = Map::new();
        // A snapshot of the items: iterating the dict itself would panic if it changed meanwhile.
        for item in d.items().iter() {
            let (k, v) = item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()?;
            let Ok(k) = k.cast::<PyString>() else {
                return Err(PyTypeError::new_err(format!(
                    "JSON object keys must be str, not {}",
                    type_name(&k)
                )));
            };
            let k = k
                .to_cow()
                .map_err(|_| not_json(py, "a key is not valid Unicode"))?;
            members.insert(k.into_owned(), to_json(&v, depth + 1)?);
        }
        return Ok(Value::Object(members));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        let items = list.iter().map(|item| to_json(&item, depth + 1));
        return Ok(Value::Array(items.collect::<PyResult<_>>()?));
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        let items = tuple.iter().map(|item| to_json(&item, depth + 1));
        return Ok(Value::Array(items.collect::<PyResult<_>>()?));
    }
    Err(PyTypeError::new_err(format!(
        "{} is not a JSON value (dict, list, tuple, str, int, float, bool or None)",
        type_name(obj)
    )))
}

/// Schema data that is not JSON: the core's wording for the same failure in its own data.
fn not_json(py: Python<'_>, reason: &str) -> PyErr {
    let e = Error::new(
        ErrorKind::InvalidSchema,
        format!("schema data is not valid JSON: {reason}"),
    );
    crate::error::scim_error(py, &e)
}

/// The name of `obj`'s type, for messages.
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}
