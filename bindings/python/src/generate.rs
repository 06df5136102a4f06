//! `scimkit.generate_filters` and `GeneratedFilter`: the core's seeded filter generator
//! (`scimkit::generate::FilterGenerator`, what `scimkit gen filters` prints), with spans in code
//! points like every other span of this binding.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};
use scimkit::generate::{FilterGenerator, Style};
use scimkit::{SpanConverter, SpanUnits};

use crate::json::type_name;
use crate::schema::{choice, count as int_arg, usize_count};

/// `scimkit.GeneratedFilter`: one filter of `generate_filters`, with what strict parsing says of
/// it. The fields are those of a `scimkit gen filters` line (`from` is `source` here).
#[pyclass(frozen, eq, hash, module = "scimkit", name = "GeneratedFilter")]
#[derive(PartialEq, Eq, Hash)]
pub struct GeneratedFilter {
    filter: String,
    valid: bool,
    kind: &'static str,
    scim_type: Option<&'static str>,
    detail: Option<String>,
    span: Option<(usize, usize)>,
    source: Option<String>,
    lenient_accepts: bool,
}

impl From<scimkit::generate::GeneratedFilter> for GeneratedFilter {
    fn from(f: scimkit::generate::GeneratedFilter) -> GeneratedFilter {
        let (scim_type, detail, span) = match f.error {
            Some(e) => {
                let span = e.span.map(|s| {
                    let s = SpanConverter::new(&f.text, SpanUnits::Chars).convert(s);
                    (s.start, s.end)
                });
                (Some(e.scim_type), Some(e.detail), span)
            }
            None => (None, None, None),
        };
        GeneratedFilter {
            valid: scim_type.is_none(),
            filter: f.text,
            kind: f.kind,
            scim_type,
            detail,
            span,
            source: f.source,
            lenient_accepts: f.lenient_ok,
        }
    }
}

#[pymethods]
impl GeneratedFilter {
    /// The filter text.
    #[getter]
    fn filter(&self) -> &str {
        &self.filter
    }

    /// Whether it is a filter under RFC 7644's grammar (`Filter(text, strict=True)` parses it).
    #[getter]
    fn valid(&self) -> bool {
        self.valid
    }

    /// For a valid filter its shape (`eq`, `valuepath`, `logic`, ..., or `syntax`); for an
    /// invalid one the damage done (`unclosed-paren`, `edit`, ...).
    #[getter]
    fn kind(&self) -> &'static str {
        self.kind
    }

    /// The `scimType` strict parsing gives (`invalidFilter`), or None for a valid filter.
    #[getter]
    fn scim_type(&self) -> Option<&'static str> {
        self.scim_type
    }

    /// The message strict parsing gives, or None for a valid filter.
    #[getter]
    fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// `(start, end)` of the text the message is about, in code points, or None.
    #[getter]
    fn span(&self) -> Option<(usize, usize)> {
        self.span
    }

    /// For an invalid filter, the valid one it was made from; None for a valid filter.
    #[getter]
    fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Whether the default (lenient) options accept the text (True for every valid filter).
    #[getter]
    fn lenient_accepts(&self) -> bool {
        self.lenient_accepts
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let text = PyString::new(py, &self.filter).repr()?;
        let valid = if self.valid { "True" } else { "False" };
        let mut out = format!(
            "GeneratedFilter(filter={text}, valid={valid}, kind='{}'",
            self.kind
        );
        if let (Some(scim_type), Some(detail)) = (self.scim_type, &self.detail) {
            let detail = PyString::new(py, detail).repr()?;
            out.push_str(&format!(", scim_type='{scim_type}', detail={detail}"));
            match self.span {
                Some((start, end)) => out.push_str(&format!(", span=({start}, {end})")),
                None => out.push_str(", span=None"),
            }
        }
        out.push(')');
        Ok(out)
    }
}

/// `invalid_ratio`: an `int` or `float` from 0 to 1; None is 0.
fn ratio_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<f64> {
    let Some(value) = value else {
        return Ok(0.0);
    };
    if value.is_instance_of::<PyBool>()
        || !(value.is_instance_of::<PyFloat>() || value.is_instance_of::<PyInt>())
    {
        return Err(PyTypeError::new_err(format!(
            "invalid_ratio must be a float, not {}",
            type_name(value)
        )));
    }
    match value.extract::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        _ => Err(PyValueError::new_err(format!(
            "invalid_ratio must be a number from 0 to 1, not {}",
            value.repr()?
        ))),
    }
}

/// `style`: `"user"` or `"syntax"`, any case; None is `"user"`.
fn style_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Style> {
    choice("style", value, Style::User, &["user", "syntax"], |name| {
        if name.eq_ignore_ascii_case("user") {
            Some(Style::User)
        } else if name.eq_ignore_ascii_case("syntax") {
            Some(Style::Syntax)
        } else {
            None
        }
    })
}

/// `scimkit.generate_filters`: the first `count` filters of the generator seeded with `seed`
/// (`scimkit::generate::FilterGenerator`), the same as `scimkit gen filters` prints.
#[pyfunction]
#[pyo3(signature = (count, *, seed = None, invalid_ratio = None, style = None))]
#[pyo3(text_signature = "(count, *, seed=0, invalid_ratio=0.0, style='user')")]
pub(crate) fn generate_filters(
    py: Python<'_>,
    count: &Bound<'_, PyAny>,
    seed: Option<&Bound<'_, PyAny>>,
    invalid_ratio: Option<&Bound<'_, PyAny>>,
    style: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<GeneratedFilter>> {
    let n = usize_count("count", count)?;
    let seed = seed.map(|s| int_arg("seed", s)).transpose()?.unwrap_or(0);
    let ratio = ratio_arg(invalid_ratio)?;
    let style = style_arg(style)?;
    // The core works on Rust values only: other threads may run meanwhile.
    let filters: Vec<_> = py.detach(|| {
        FilterGenerator::new(seed)
            .style(style)
            .invalid_ratio(ratio)
            .take(n)
            .collect()
    });
    Ok(filters.into_iter().map(GeneratedFilter::from).collect())
}
