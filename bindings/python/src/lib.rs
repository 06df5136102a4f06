//! The Python binding of scimkit: the native module `scimkit._scimkit`, re-exported by the
//! `scimkit` package. Each export converts its arguments, calls the core and maps the error; the
//! API is specified in `bindings/README.md`. Filters, paths and registries are here, PATCH in
//! `patch`, validation, projection, sorting and the service provider's documents in `schema`, the
//! filter generator in `generate`.

use std::borrow::Cow;
use std::sync::{Arc, Mutex, PoisonError};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyInt, PyList, PyString};
use scimkit::filter::CompileCache;
use scimkit::{CompiledFilter, ErrorKind, ParseOptions, SpanConverter, SpanUnits};

mod error;
mod generate;
mod json;
mod patch;
mod schema;
mod value;

use error::{ScimError, map};
use json::type_name;
use value::{Keys, Names, PyJson};

/// `scimkit.Filter`: a parsed SCIM filter (RFC 7644 §3.4.2.2).
#[pyclass(frozen, module = "scimkit", name = "Filter")]
pub struct Filter {
    filter: scimkit::Filter,
    cache: CompileCache,
    names: Names,
}

#[pymethods]
impl Filter {
    #[new]
    #[pyo3(signature = (
        text, *, strict = false, lenient_whitespace = None, value_path_sub_attr = None,
        dollar_names = None, max_depth = None, max_length = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        strict: bool,
        lenient_whitespace: Option<bool>,
        value_path_sub_attr: Option<bool>,
        dollar_names: Option<bool>,
        max_depth: Option<&Bound<'_, PyAny>>,
        max_length: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Filter> {
        let options = Options {
            strict,
            lenient_whitespace,
            value_path_sub_attr,
            dollar_names,
            max_depth,
            max_length,
        }
        .parse_options()?;
        let text = source_text(text, ErrorKind::InvalidFilter, "filter")?;
        Ok(Filter {
            filter: map(py, scimkit::Filter::parse_with(&text, &options))?,
            cache: CompileCache::new(),
            names: Names::default(),
        })
    }

    /// The text the filter was parsed from.
    #[getter]
    fn text(&self) -> &str {
        self.filter.source().unwrap_or_default()
    }

    fn __str__(&self) -> String {
        self.filter.to_string()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Filter({})",
            PyString::new(py, self.text()).repr()?
        ))
    }

    /// The syntax tree as a dict (the JSON form of `scimkit::filter::json`).
    fn ast<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json::to_python(py, &self.filter.to_json_in(SpanUnits::Chars))
    }

    /// Does `resource` (a dict, or JSON text as str or bytes) match?
    #[pyo3(signature = (resource, resource_type = Some(TypeName::user()), schemas = None))]
    #[pyo3(text_signature = "(self, resource, resource_type='User', schemas=None)")]
    fn matches(
        &self,
        resource: &Bound<'_, PyAny>,
        resource_type: Option<TypeName>,
        schemas: Option<&Bound<'_, Schemas>>,
    ) -> PyResult<bool> {
        let py = resource.py();
        check_resource(resource)?;
        let compiled = self.compiled(py, resource_type, schemas)?;
        matches(&compiled, resource, &Keys::new(py, &self.names))
    }

    /// The resources (dicts, or JSON text as str or bytes) that match, as a list of the very
    /// objects given.
    #[pyo3(signature = (resources, resource_type = Some(TypeName::user()), schemas = None))]
    #[pyo3(text_signature = "(self, resources, resource_type='User', schemas=None)")]
    fn filter<'py>(
        &self,
        resources: &Bound<'py, PyAny>,
        resource_type: Option<TypeName>,
        schemas: Option<&Bound<'_, Schemas>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let py = resources.py();
        if resources.is_instance_of::<PyString>()
            || resources.is_instance_of::<PyBytes>()
            || resources.is_instance_of::<PyDict>()
        {
            return Err(PyTypeError::new_err(format!(
                "filter() takes an iterable of resources, not a single {}",
                type_name(resources)
            )));
        }
        let compiled = self.compiled(py, resource_type, schemas)?;
        let keys = Keys::new(py, &self.names);
        let out = PyList::empty(py);
        for resource in resources.try_iter()? {
            let resource = resource?;
            check_resource(&resource)?;
            if matches(&compiled, &resource, &keys)? {
                out.append(resource)?;
            }
        }
        Ok(out)
    }
}

impl Filter {
    /// The compilation for `resource_type` in `schemas` (default: RFC 7643), from the cache.
    fn compiled(
        &self,
        py: Python<'_>,
        resource_type: Option<TypeName>,
        schemas: Option<&Bound<'_, Schemas>>,
    ) -> PyResult<Arc<CompiledFilter>> {
        let schemas = match schemas {
            Some(s) => s.get().snapshot(),
            None => scimkit::Schemas::rfc7643(),
        };
        let resource_type = resource_type.as_ref().map(|t| &*t.0);
        map(
            py,
            self.cache.compiled(&self.filter, &schemas, resource_type),
        )
    }
}

/// A resource type name. A lone surrogate becomes U+FFFD (no resource type has one, so the core
/// reports the name unknown) rather than a `UnicodeEncodeError`.
struct TypeName(Cow<'static, str>);

impl TypeName {
    fn user() -> TypeName {
        TypeName(Cow::Borrowed("User"))
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for TypeName {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<TypeName> {
        let s = obj.cast::<PyString>()?;
        Ok(TypeName(Cow::Owned(s.to_string_lossy().into_owned())))
    }
}

/// The `resource_type` argument of PATCH, validation, projection and sorting: a `str`, never
/// `None` (they always need the schema). A lone surrogate becomes U+FFFD, so the core reports the
/// name unknown.
pub(crate) struct ResourceType(pub(crate) String);

impl ResourceType {
    pub(crate) fn user() -> ResourceType {
        ResourceType("User".to_owned())
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for ResourceType {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<ResourceType> {
        match obj.cast::<PyString>() {
            Ok(s) => Ok(ResourceType(s.to_string_lossy().into_owned())),
            Err(_) => Err(PyTypeError::new_err(format!(
                "resource_type must be a str (a resource type is required here), not {}",
                type_name(&obj)
            ))),
        }
    }
}

/// The UTF-8 of a filter or path. A `str` with a lone surrogate (say, undecodable bytes of a
/// request kept by `surrogateescape`) is no filter at all: a ScimError of `kind`, not a
/// `UnicodeEncodeError`.
fn source_text<'a>(
    text: &'a Bound<'_, PyString>,
    kind: ErrorKind,
    what: &str,
) -> PyResult<Cow<'a, str>> {
    text.to_cow().map_err(|e| {
        let py = text.py();
        let detail = format!("the {what} is not valid Unicode: {}", e.value(py));
        error::scim_error(py, &scimkit::Error::new(kind, detail))
    })
}

fn check_resource(resource: &Bound<'_, PyAny>) -> PyResult<()> {
    if resource.is_instance_of::<PyDict>()
        || resource.is_instance_of::<PyString>()
        || resource.is_instance_of::<PyBytes>()
    {
        Ok(())
    } else {
        Err(PyTypeError::new_err(format!(
            "a resource is a dict, or JSON text as str or bytes, not {}",
            type_name(resource)
        )))
    }
}

/// Evaluates `compiled` on a dict in place, or on JSON text parsed once.
fn matches<'py>(
    compiled: &CompiledFilter,
    resource: &Bound<'py, PyAny>,
    keys: &Keys<'_, 'py>,
) -> PyResult<bool> {
    let py = resource.py();
    if let Ok(s) = resource.cast::<PyString>() {
        let text = s.to_cow().map_err(|_| {
            let e = scimkit::Error::new(
                scimkit::ErrorKind::InvalidSyntax,
                "the resource is not valid JSON: the text is not valid Unicode",
            );
            error::scim_error(py, &e)
        })?;
        let value = map(py, scimkit::value::parse_resource(&text))?;
        return Ok(compiled.matches(&value));
    }
    if let Ok(b) = resource.cast::<PyBytes>() {
        let value = map(py, scimkit::value::parse_resource_slice(b.as_bytes()))?;
        return Ok(compiled.matches(&value));
    }
    Ok(compiled.matches_ref(&PyJson::new(resource.clone(), keys)))
}

/// `scimkit.PatchPath`: a parsed PATCH `path` (RFC 7644 §3.5.2).
#[pyclass(frozen, module = "scimkit", name = "PatchPath")]
pub struct PatchPath {
    path: scimkit::PatchPath,
    text: String,
}

#[pymethods]
impl PatchPath {
    #[new]
    #[pyo3(signature = (
        text, *, strict = false, lenient_whitespace = None, value_path_sub_attr = None,
        dollar_names = None, max_depth = None, max_length = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        strict: bool,
        lenient_whitespace: Option<bool>,
        value_path_sub_attr: Option<bool>,
        dollar_names: Option<bool>,
        max_depth: Option<&Bound<'_, PyAny>>,
        max_length: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PatchPath> {
        let options = Options {
            strict,
            lenient_whitespace,
            value_path_sub_attr,
            dollar_names,
            max_depth,
            max_length,
        }
        .parse_options()?;
        let text = source_text(text, ErrorKind::InvalidPath, "path")?;
        Ok(PatchPath {
            path: map(py, scimkit::PatchPath::parse_with(&text, &options))?,
            text: text.into_owned(),
        })
    }

    fn __str__(&self) -> String {
        self.path.to_string()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "PatchPath({})",
            PyString::new(py, &self.text).repr()?
        ))
    }

    /// The path as a dict (`scimkit::filter::PatchPath::to_json`, spans in code points).
    fn ast<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let units = SpanConverter::new(&self.text, SpanUnits::Chars);
        json::to_python(py, &self.path.to_json_with(&units))
    }
}

/// `scimkit.Schemas`: a registry of schemas and resource types (RFC 7643).
#[pyclass(frozen, module = "scimkit", name = "Schemas")]
pub struct Schemas {
    inner: Mutex<scimkit::Schemas>,
}

impl Schemas {
    fn wrap(schemas: scimkit::Schemas) -> Schemas {
        Schemas {
            inner: Mutex::new(schemas),
        }
    }

    /// A cheap clone of the current registry (the lock is never held while Python code runs).
    fn snapshot(&self) -> scimkit::Schemas {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

#[pymethods]
impl Schemas {
    /// The RFC 7643 registry: User (with the enterprise extension), Group, and the schemas of
    /// the service provider's own documents (RFC 7643 §8.7.2).
    #[new]
    fn new() -> Schemas {
        Schemas::wrap(scimkit::Schemas::rfc7643())
    }

    /// A registry with only the common attributes (`id`, `externalId`, `meta`, `schemas`).
    #[staticmethod]
    fn empty() -> Schemas {
        Schemas::wrap(scimkit::Schemas::new())
    }

    /// Loads Schema and ResourceType documents, all or nothing.
    fn load(&self, doc: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = doc.py();
        if let Ok(s) = doc.cast::<PyString>() {
            let text = s.to_cow().map_err(|_| {
                let e = scimkit::Error::new(
                    ErrorKind::InvalidSchema,
                    "schema data is not valid JSON: the text is not valid Unicode",
                );
                error::scim_error(py, &e)
            })?;
            let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            return map(py, inner.load_str(&text));
        }
        if let Ok(b) = doc.cast::<PyBytes>() {
            let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            return map(py, inner.load_slice(b.as_bytes()));
        }
        let value = json::schema_document(doc)?;
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        map(py, inner.load(&value))
    }

    /// The names of the registered resource types.
    fn resource_types(&self) -> Vec<String> {
        let inner = self.snapshot();
        inner.resource_types().map(|r| r.name.clone()).collect()
    }

    /// The URIs of the registered schemas.
    fn schema_ids(&self) -> Vec<String> {
        let inner = self.snapshot();
        inner.schemas().map(|s| s.id.clone()).collect()
    }

    /// The `/Schemas` response: a ListResponse of every schema, `meta.location` under
    /// `base_url` (or relative without one).
    #[pyo3(signature = (base_url = None))]
    fn schemas_document<'py>(
        &self,
        py: Python<'py>,
        base_url: Option<&Bound<'py, PyString>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let base = base_url.map(|b| b.to_string_lossy().into_owned());
        json::to_python(py, &self.snapshot().schemas_document(base.as_deref()))
    }

    /// The `/ResourceTypes` response: a ListResponse of every resource type, `meta.location`
    /// under `base_url` (or relative without one).
    #[pyo3(signature = (base_url = None))]
    fn resource_types_document<'py>(
        &self,
        py: Python<'py>,
        base_url: Option<&Bound<'py, PyString>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let base = base_url.map(|b| b.to_string_lossy().into_owned());
        json::to_python(
            py,
            &self.snapshot().resource_types_document(base.as_deref()),
        )
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let names = PyList::new(py, self.resource_types())?;
        Ok(format!("Schemas(resource_types={})", names.repr()?))
    }
}

/// The keyword options of `Filter` and `PatchPath`.
struct Options<'a, 'py> {
    strict: bool,
    lenient_whitespace: Option<bool>,
    value_path_sub_attr: Option<bool>,
    dollar_names: Option<bool>,
    max_depth: Option<&'a Bound<'py, PyAny>>,
    max_length: Option<&'a Bound<'py, PyAny>>,
}

impl Options<'_, '_> {
    fn parse_options(&self) -> PyResult<ParseOptions> {
        let mut o = if self.strict {
            ParseOptions::strict()
        } else {
            ParseOptions::default()
        };
        if let Some(b) = self.lenient_whitespace {
            o = o.lenient_whitespace(b);
        }
        if let Some(b) = self.value_path_sub_attr {
            o = o.value_path_sub_attr(b);
        }
        if let Some(b) = self.dollar_names {
            o = o.dollar_names(b);
        }
        if let Some(n) = limit("max_depth", self.max_depth)? {
            o = o.max_depth(n);
        }
        if let Some(n) = limit("max_length", self.max_length)? {
            o = o.max_len(n);
        }
        Ok(o)
    }
}

/// A size limit: a non-negative `int` (values beyond `usize` mean "no limit").
fn limit(name: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<usize>> {
    let Some(value) = value else {
        return Ok(None);
    };
    if value.is_instance_of::<pyo3::types::PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be an int, not {}",
            type_name(value)
        )));
    }
    if value.lt(0)? {
        return Err(PyValueError::new_err(format!(
            "{name} must not be negative"
        )));
    }
    Ok(Some(value.extract::<usize>().unwrap_or(usize::MAX)))
}

/// The native module.
#[pymodule]
fn _scimkit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Filter>()?;
    m.add_class::<PatchPath>()?;
    m.add_class::<Schemas>()?;
    m.add_class::<patch::PatchRequest>()?;
    m.add_class::<patch::PatchResult>()?;
    m.add_function(wrap_pyfunction!(patch::apply_patch, m)?)?;
    m.add("PROFILES", patch::profile_names(m.py())?)?;
    m.add_class::<schema::Validated>()?;
    m.add_function(wrap_pyfunction!(schema::validate, m)?)?;
    m.add_function(wrap_pyfunction!(schema::project, m)?)?;
    m.add_function(wrap_pyfunction!(schema::sort, m)?)?;
    m.add_function(wrap_pyfunction!(schema::service_provider_config, m)?)?;
    m.add_function(wrap_pyfunction!(schema::list_response, m)?)?;
    m.add_class::<generate::GeneratedFilter>()?;
    m.add_function(wrap_pyfunction!(generate::generate_filters, m)?)?;
    m.add("ScimError", m.py().get_type::<ScimError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
