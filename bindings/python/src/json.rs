//! Whole-value conversions between Python and `serde_json::Value`, used where the core needs a
//! `Value` (schema documents, PATCH resources and messages) or hands one back (patched
//! resources, syntax trees, error documents). Filters do not convert resources: they read them in
//! place (`crate::value`).
//!
//! A Python value is JSON when it is built from `dict` (with `str` keys), `list`, `tuple`, `str`,
//! `int`, `float`, `bool` and `None` (subclasses count as their base type). Another type is a
//! `TypeError` naming where it is; a value of those types that JSON text could not carry (NaN, a
//! string with a lone surrogate, an integer beyond the range of JSON numbers, nesting deeper
//! than serde_json reads) is the same `ScimError` the core gives for such JSON text.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use scimkit::{Error, ErrorKind};

use crate::error::{map, scim_error};
use serde_json::{Map, Number, Value};

/// How deeply a Python value may nest (serde_json's limit for text).
const MAX_DEPTH: usize = 128;

/// What a converted value is, for the wording and kind of errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Doc {
    /// A document for `Schemas.load`: the service's own data (no scimType, 500).
    Schema,
    /// A resource to patch (`invalidSyntax`, as `scimkit::value::parse_resource` says).
    Resource,
    /// A PatchOp message (`invalidSyntax`).
    Patch,
    /// The stored resource a `replace` validation compares with (`invalidSyntax`, as a resource).
    Existing,
    /// Resource `i` of a ListResponse (`invalidSyntax`, as a resource).
    Item(usize),
}

impl Doc {
    /// How a location in the value starts (`resource['emails'][0]`).
    fn root(self) -> String {
        match self {
            Doc::Schema => "doc".to_owned(),
            Doc::Resource => "resource".to_owned(),
            Doc::Patch => "patch".to_owned(),
            Doc::Existing => "existing".to_owned(),
            Doc::Item(i) => format!("resources[{i}]"),
        }
    }

    /// The core's error for this document not being JSON.
    pub(crate) fn not_json(self, reason: &str) -> Error {
        match self {
            Doc::Schema => Error::new(
                ErrorKind::InvalidSchema,
                format!("schema data is not valid JSON: {reason}"),
            ),
            Doc::Resource => Error::new(
                ErrorKind::InvalidSyntax,
                format!("the resource is not valid JSON: {reason}"),
            ),
            Doc::Patch => Error::new(
                ErrorKind::InvalidSyntax,
                format!("the PATCH request is not valid JSON: {reason}"),
            ),
            Doc::Existing => Error::new(
                ErrorKind::InvalidSyntax,
                format!("the existing resource is not valid JSON: {reason}"),
            ),
            Doc::Item(_) => Error::new(
                ErrorKind::InvalidSyntax,
                format!("the resource is not valid JSON: {reason}"),
            ),
        }
    }
}

/// `value` as new Python objects: dict, list, str, int, float, bool, None.
pub(crate) fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    to_python_like(py, value, None)
}

/// `value` as new Python objects, shaped after `like`, the Python value it was converted from
/// (before a PATCH changed it): the members of each object come in the order of the
/// corresponding dict, members it does not have follow in name order (serde_json keeps object
/// members sorted by name, and a patched resource should not come back reordered); and an
/// integer beyond 64 bits that is still there comes back exact (see [`is_big_int`]).
pub(crate) fn to_python_like<'py>(
    py: Python<'py>,
    value: &Value,
    like: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match like.filter(|l| is_big_int(l, f)) {
                    Some(int) => int.clone(),
                    None => PyFloat::new(py, f).into_any(),
                }
            }
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let hint = |i: usize| {
                let like = like?;
                if let Ok(list) = like.cast::<PyList>() {
                    list.get_item(i).ok()
                } else {
                    like.cast::<PyTuple>().ok()?.get_item(i).ok()
                }
            };
            let list = PyList::empty(py);
            for (i, item) in items.iter().enumerate() {
                list.append(to_python_like(py, item, hint(i).as_ref())?)?;
            }
            list.into_any()
        }
        Value::Object(members) => {
            let dict = PyDict::new(py);
            if let Some(like) = like.and_then(|l| l.cast::<PyDict>().ok()) {
                // A snapshot of the items: no lookups, so no Python code runs.
                for item in like.items().iter() {
                    let Ok((k, v)) = item.extract::<(Bound<'py, PyAny>, Bound<'py, PyAny>)>()
                    else {
                        continue;
                    };
                    let Some(name) = k.cast::<PyString>().ok().and_then(|k| k.to_cow().ok()) else {
                        continue;
                    };
                    if let Some(member) = members.get(&*name) {
                        dict.set_item(&*name, to_python_like(py, member, Some(&v))?)?;
                    }
                }
            }
            // (Two keys of `like` can name one member: `str` subclasses that differ by `__eq__`.)
            if dict.len() < members.len() {
                let none_placed = dict.is_empty();
                for (k, v) in members {
                    if none_placed || !dict.contains(k)? {
                        dict.set_item(k, to_python_like(py, v, None)?)?;
                    }
                }
            }
            dict.into_any()
        }
    })
}

/// Is `obj` an `int` beyond 64 bits that converts to `f`? serde_json holds such an integer as its
/// nearest `f64`; where the resource had it and still has that number, it comes back exact (an
/// `int` is immutable, so the result may share it).
fn is_big_int(obj: &Bound<'_, PyAny>, f: f64) -> bool {
    obj.is_instance_of::<PyInt>()
        && !obj.is_instance_of::<PyBool>()
        && obj.extract::<i64>().is_err()
        && obj.extract::<u64>().is_err()
        && obj.extract::<f64>().is_ok_and(|g| g == f)
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
    to_json(doc, Doc::Schema)
}

/// Refuses what is neither a dict nor JSON text, before anything is converted.
pub(crate) fn check_document(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<()> {
    if obj.is_instance_of::<PyDict>()
        || obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
    {
        Ok(())
    } else {
        Err(PyTypeError::new_err(format!(
            "{what} is a dict, or JSON text as str or bytes, not {}",
            type_name(obj)
        )))
    }
}

/// A dict, or JSON text (`str` or `bytes`), as a JSON value.
pub(crate) fn document(obj: &Bound<'_, PyAny>, doc: Doc) -> PyResult<Value> {
    let py = obj.py();
    let parse = |text: &str| {
        serde_json::from_str::<Value>(text)
            .map_err(|e| scim_error(py, &doc.not_json(&e.to_string())))
    };
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s
            .to_cow()
            .map_err(|_| scim_error(py, &doc.not_json("the text is not valid Unicode")))?;
        return match doc {
            // The core's own reading, word for word.
            Doc::Resource | Doc::Item(_) => map(py, scimkit::value::parse_resource(&text)),
            _ => parse(&text),
        };
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return match doc {
            Doc::Resource | Doc::Item(_) => {
                map(py, scimkit::value::parse_resource_slice(b.as_bytes()))
            }
            _ => match std::str::from_utf8(b.as_bytes()) {
                Ok(text) => parse(text),
                Err(e) => {
                    let reason = format!("it is not UTF-8 ({e})");
                    Err(scim_error(py, &doc.not_json(&reason)))
                }
            },
        };
    }
    to_json(obj, doc)
}

/// `obj` as a JSON value: see the module documentation for what converts and what fails.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>, doc: Doc) -> PyResult<Value> {
    convert(obj, 0).map_err(|e| e.into_py_err(obj.py(), doc))
}

/// Why a value did not convert, and where (the path from the failing value up to the root).
struct Failure<'py> {
    fault: Fault,
    at: Vec<Step<'py>>,
}

enum Fault {
    /// A type that is not JSON (`TypeError`).
    Type(String),
    /// A dict key that is not a `str` (`TypeError`).
    Key(String),
    /// A value JSON text could not carry (`ScimError`).
    NotJson(&'static str),
    /// Too deep, or cyclic (`ScimError`, no location: it would be as long as the nesting).
    Depth,
    /// Python itself failed (say, memory).
    Python(PyErr),
}

enum Step<'py> {
    Key(Bound<'py, PyString>),
    Index(usize),
}

impl<'py> Failure<'py> {
    fn new(fault: Fault) -> Failure<'py> {
        Failure {
            fault,
            at: Vec::new(),
        }
    }

    /// Records that the failure is inside `step` of the value one level up.
    fn within(mut self, step: Step<'py>) -> Failure<'py> {
        if !matches!(self.fault, Fault::Depth) {
            self.at.push(step);
        }
        self
    }

    /// Where the failing value is, in Python subscript notation: `resource['emails'][0]`.
    fn location(&self, doc: Doc) -> String {
        let mut out = doc.root();
        for step in self.at.iter().rev() {
            match step {
                Step::Key(k) => {
                    let repr = k.repr().map(|r| r.to_string());
                    out.push_str(&format!("[{}]", repr.as_deref().unwrap_or("?")));
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    fn into_py_err(self, py: Python<'py>, doc: Doc) -> PyErr {
        let at = self.location(doc);
        let scim = |reason: String| scim_error(py, &doc.not_json(&reason));
        match self.fault {
            Fault::Type(t) => PyTypeError::new_err(format!(
                "{at} is of type {t}, which is not JSON (dict, list, tuple, str, int, float, \
                 bool or None)"
            )),
            Fault::Key(t) => PyTypeError::new_err(format!(
                "{at} has a key of type {t}; JSON object keys are str"
            )),
            Fault::NotJson(reason) if self.at.is_empty() => scim(reason.to_owned()),
            Fault::NotJson(reason) => scim(format!("{reason} (at {at})")),
            Fault::Depth => scim(format!("nested more than {MAX_DEPTH} levels deep")),
            Fault::Python(e) => e,
        }
    }
}

impl From<PyErr> for Failure<'_> {
    fn from(e: PyErr) -> Self {
        Failure::new(Fault::Python(e))
    }
}

fn convert<'py>(obj: &Bound<'py, PyAny>, depth: usize) -> Result<Value, Failure<'py>> {
    if depth > MAX_DEPTH {
        return Err(Failure::new(Fault::Depth));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s
            .to_cow()
            .map_err(|_| Failure::new(Fault::NotJson("a string is not valid Unicode")))?;
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
        // As serde_json reads integer literals beyond 64 bits: the nearest f64.
        return obj
            .extract::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| Failure::new(Fault::NotJson("an integer is out of range")));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| Failure::new(Fault::NotJson("NaN and infinity are not JSON numbers")));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut members = Map::new();
        // A snapshot of the items: iterating the dict itself would panic if it changed meanwhile.
        for item in d.items().iter() {
            let (k, v) = item.extract::<(Bound<'py, PyAny>, Bound<'py, PyAny>)>()?;
            let k = match k.cast_into::<PyString>() {
                Ok(k) => k,
                Err(e) => return Err(Failure::new(Fault::Key(type_name(&e.into_inner())))),
            };
            let Ok(name) = k.to_cow().map(|n| n.into_owned()) else {
                return Err(Failure::new(Fault::NotJson("a key is not valid Unicode")));
            };
            let value = convert(&v, depth + 1).map_err(|e| e.within(Step::Key(k)))?;
            members.insert(name, value);
        }
        return Ok(Value::Object(members));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        // The list iterator re-reads the length at every step.
        let mut items = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            items.push(convert(&item, depth + 1).map_err(|e| e.within(Step::Index(i)))?);
        }
        return Ok(Value::Array(items));
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        let mut items = Vec::with_capacity(tuple.len());
        for (i, item) in tuple.iter().enumerate() {
            items.push(convert(&item, depth + 1).map_err(|e| e.within(Step::Index(i)))?);
        }
        return Ok(Value::Array(items));
    }
    Err(Failure::new(Fault::Type(type_name(obj))))
}

/// The name of `obj`'s type, for messages.
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}
